"""Who may receive a service: the policy's eligibility conditions and the service's own,
evaluated on the facts of a beneficiary's file, each failure explained in Arabic.

    result = eligibility.check(service, beneficiary)
    if not result.passed:
        for failure in result.failures:
            failure.condition, failure.explanation

The conditions are data (`silah.policy.conditions`): the version in force's
`rules.eligibility.conditions` (003: within the association's scope, lawful residence, a
registered beneficiary) followed by `Service.conditions`. This module only turns a file into
the engine's `Subject`.

Facts, and where a fact is unknown:

- `categories`: each of the person's categories by its code, Arabic name and English name
  (the policy's editor takes the association's categories as typed words, one per line);
- `city`: the national address's city; `region` is left empty (the registry keeps no
  region), so a `within_scope` list of regions is matched on the city;
- `nationality`, `identity_type`: as registered;
- `residence_valid`: True for a citizen (national ID or nationality SA) and a GCC national;
  for an iqama, True while the current copy of the ID on file (`id_copy`) has not expired,
  False once it has, unknown (None) without a dated copy; False for a passport or a border
  number (a visitor's identity, no residence in the Kingdom); unknown for no identity;
- `is_registered`: the file is live (not merged into another, not destroyed);
- `age`: full years on the day of the check, unknown without a birth date;
- `monthly_income_per_capita`: the current household's monthly `Income` rows divided by its
  current members (`Household.per_capita_income`); unknown for a person in no household.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from silah.core import dates
from silah.core.identity import IdentityType
from silah.policy import conditions
from silah.policy.conditions import Result, Subject

if TYPE_CHECKING:
    from silah.policy.models import PolicyVersion
    from silah.registry.models import Beneficiary
    from silah.services.models import Service

__all__ = ["Result", "Subject", "check", "conditions_for", "subject_for"]

# The document type whose expiry date says until when an iqama is valid.
IDENTITY_DOCUMENT_TYPE = "id_copy"

# Identities that carry no residence in the Kingdom.
VISITOR_IDENTITIES = frozenset({IdentityType.PASSPORT, IdentityType.BORDER_NUMBER})


def _age(birth_date: dt.date | None, on: dt.date) -> int | None:
    if birth_date is None:
        return None
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def _categories(beneficiary: Beneficiary) -> frozenset[str]:
    words: set[str] = set()
    for category in beneficiary.categories.all():
        words.update(w for w in (category.code, category.name, category.name_en) if w)
    return frozenset(words)


def _residence_valid(beneficiary: Beneficiary, on: dt.date) -> bool | None:
    from silah.registry.models import Document

    if beneficiary.nationality == "SA" and beneficiary.identity_type != IdentityType.IQAMA:
        return True
    if beneficiary.identity_type in (IdentityType.NATIONAL_ID, IdentityType.GCC_ID):
        return True
    if beneficiary.identity_type in VISITOR_IDENTITIES:
        return False
    if beneficiary.identity_type != IdentityType.IQAMA:
        return None
    expires_on = (
        Document.objects.filter(
            beneficiary=beneficiary,
            document_type__code=IDENTITY_DOCUMENT_TYPE,
            state=Document.State.CURRENT,
            expires_on__isnull=False,
        )
        .order_by("-expires_on")
        .values_list("expires_on", flat=True)
        .first()
    )
    if expires_on is None:
        return None
    return expires_on >= on


def _per_capita_income(beneficiary: Beneficiary) -> float | None:
    membership = beneficiary.current_membership()
    if membership is None:
        return None
    return float(membership.household.per_capita_income())


def _is_registered(beneficiary: Beneficiary) -> bool:
    from silah.registry.models import Beneficiary as BeneficiaryModel

    if beneficiary.pk is None:
        return False
    return BeneficiaryModel.objects.live().filter(pk=beneficiary.pk).exists()


def subject_for(beneficiary: Beneficiary, *, on: dt.date | None = None) -> Subject:
    """The facts the eligibility engine reads, from the beneficiary's file on `on` (today)."""
    on = on or dates.today()
    return Subject(
        categories=_categories(beneficiary),
        region="",
        city=beneficiary.city or "",
        nationality=beneficiary.nationality or "",
        identity_type=beneficiary.identity_type or "",
        residence_valid=_residence_valid(beneficiary, on),
        is_registered=_is_registered(beneficiary),
        age=_age(beneficiary.birth_date, on),
        monthly_income_per_capita=_per_capita_income(beneficiary),
    )


def conditions_for(
    service: Service, *, version: PolicyVersion | None = None
) -> list[dict[str, Any]]:
    """The conditions a request for `service` must meet: the policy version's (`version`, or
    the version in force; none when no version is in force), then the service's own."""
    from silah.policy.services import version_in_force

    version = version or version_in_force()
    policy_conditions: list[dict[str, Any]] = []
    if version is not None:
        policy_conditions = [
            condition.model_dump(mode="json")
            for condition in version.parsed_rules().eligibility.conditions
        ]
    return [*policy_conditions, *(service.conditions or [])]


def check(
    service: Service,
    beneficiary: Beneficiary,
    *,
    version: PolicyVersion | None = None,
    on: dt.date | None = None,
) -> Result:
    """Whether `beneficiary` may receive `service` under `version` (the version in force by
    default): one `Check` per condition, in order, each failure with its explanation."""
    return conditions.evaluate(
        conditions_for(service, version=version), subject_for(beneficiary, on=on)
    )
