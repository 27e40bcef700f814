"""Factories for the registry's tests (and other apps' tests that need beneficiaries).

`BeneficiaryFactory` writes the row directly, for tests about reading and access;
`registration_fields()` gives valid keyword arguments for `services.register_beneficiary`.
"""

from importlib import import_module
from typing import Any

import factory
from stdnum import luhn

from silah.accounts.factories import BranchFactory
from silah.core.identity import IdentityType
from silah.registry.models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Household,
    LiaisonAssignment,
    Sex,
)

_serial = iter(range(10_000_000, 100_000_000))

SEEDED_CATEGORIES = import_module("silah.registry.migrations.0002_seed_categories").CATEGORIES


def category(code: str) -> Category:
    """A category seeded by migration 0002, created again if a flush of the test database
    (after a transactional test) removed it."""
    for seeded_code, name, name_en, sensitive, has_type, order in SEEDED_CATEGORIES:
        if seeded_code == code:
            return Category.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "name_en": name_en,
                    "sensitive": sensitive,
                    "has_type": has_type,
                    "order": order,
                },
            )[0]
    raise ValueError(f"no seeded category {code!r}")


def national_id(serial: int | None = None) -> str:
    """A valid national ID (starts with 1, Luhn check digit), different at each call."""
    body = f"1{serial if serial is not None else next(_serial):08d}"
    return body + luhn.calc_check_digit(body)


def iqama(serial: int | None = None) -> str:
    body = f"2{serial if serial is not None else next(_serial):08d}"
    return body + luhn.calc_check_digit(body)


def registration_fields(**overrides: Any) -> dict[str, Any]:
    """Valid fields for register_beneficiary (a new branch unless one is given)."""
    fields: dict[str, Any] = {
        "first_name": "أحمد",
        "father_name": "محمد",
        "grandfather_name": "عبدالله",
        "family_name": "الحربي",
        "identity_type": IdentityType.NATIONAL_ID,
        "identity_number": national_id(),
        "sex": Sex.MALE,
        "mobile": "0501234567",
        "preferred_channel": "sms",
        "city": "الليث",
    }
    fields.update(overrides)
    if "branch" not in fields:
        fields["branch"] = BranchFactory()
    return fields


class BeneficiaryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Beneficiary
        skip_postgeneration_save = True

    file_number = factory.Sequence(lambda n: f"BEN-1448-{n + 900000:06d}")
    first_name = "فاطمة"
    father_name = "علي"
    grandfather_name = "حسن"
    family_name = "الزهراني"
    full_name_normalized = "فاطمه علي حسن الزهراني"
    name_tokens = factory.LazyFunction(lambda: ["فاطمه", "علي", "حسن", "الزهراني"])
    identity_type = IdentityType.NATIONAL_ID
    identity_number = factory.LazyFunction(national_id)
    sex = Sex.FEMALE
    preferred_channel = "sms"
    mobile = "+966501234567"
    branch = factory.SubFactory(BranchFactory)

    @factory.post_generation
    def categories(self, create: bool, extracted: list[Category] | None, **kwargs) -> None:
        if not create or not extracted:
            return
        for category in extracted:
            BeneficiaryCategory.objects.create(beneficiary=self, category=category)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    head = factory.SubFactory(BeneficiaryFactory)


class LiaisonAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LiaisonAssignment

    category = factory.LazyFunction(lambda: category("orphan"))
    officer = factory.SubFactory("silah.accounts.factories.UserFactory", roles=["liaison_officer"])
