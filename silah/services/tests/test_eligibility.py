"""Eligibility: the facts of a file, the policy's conditions and the service's own."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from silah.accounts.factories import UserFactory
from silah.core import dates
from silah.core.identity import IdentityType
from silah.policy.factories import PolicyVersionFactory
from silah.registry.factories import BeneficiaryFactory, HouseholdFactory, category, iqama
from silah.registry.models import Document, Income, Membership, MergeRecord
from silah.services import eligibility
from silah.services.factories import ServiceFactory, document_type

pytestmark = pytest.mark.django_db


def _non_resident():
    return BeneficiaryFactory(
        identity_type=IdentityType.PASSPORT, identity_number="A1234567", nationality="YE"
    )


def _iqama_holder(expires_on: dt.date | None):
    person = BeneficiaryFactory(
        identity_type=IdentityType.IQAMA, identity_number=iqama(), nationality="EG"
    )
    if expires_on is not None:
        Document.objects.create(
            uid=uuid.uuid4(),
            beneficiary=person,
            document_type=document_type("id_copy"),
            content_type="application/pdf",
            size=10,
            sha256="0" * 64,
            expires_on=expires_on,
            uploaded_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )
    return person


def _merge(merged, survivor):
    MergeRecord.objects.create(
        merged=merged,
        survivor=survivor,
        merged_file_number=merged.file_number,
        reason="ملف مكرر",
        actor=UserFactory(),
    )


# -- the facts -------------------------------------------------------------------------------


def test_a_citizen_has_lawful_residence_and_is_registered():
    subject = eligibility.subject_for(BeneficiaryFactory())
    assert subject.residence_valid is True
    assert subject.is_registered is True
    assert subject.nationality == "SA"


def test_a_passport_holder_has_no_residence():
    assert eligibility.subject_for(_non_resident()).residence_valid is False


def test_an_iqama_is_valid_while_the_copy_on_file_has_not_expired():
    today = dates.today()
    assert eligibility.subject_for(_iqama_holder(today)).residence_valid is True
    expired = _iqama_holder(today - dt.timedelta(days=1))
    assert eligibility.subject_for(expired).residence_valid is False


def test_an_iqama_without_a_dated_copy_is_unknown():
    assert eligibility.subject_for(_iqama_holder(None)).residence_valid is None


def test_the_categories_are_known_by_code_and_by_name():
    person = BeneficiaryFactory(categories=[category("orphan")])
    assert {"orphan", "يتيم"} <= eligibility.subject_for(person).categories


def test_a_merged_file_is_not_registered():
    survivor, merged = BeneficiaryFactory(), BeneficiaryFactory()
    _merge(merged, survivor)
    assert eligibility.subject_for(merged).is_registered is False


def test_the_age_is_in_full_years_on_the_day():
    person = BeneficiaryFactory(birth_date=dt.date(2000, 6, 15))
    assert eligibility.subject_for(person, on=dt.date(2020, 6, 14)).age == 19
    assert eligibility.subject_for(person, on=dt.date(2020, 6, 15)).age == 20


def test_the_income_is_the_households_per_member():
    head = BeneficiaryFactory()
    household = HouseholdFactory(head=head)
    Membership.objects.create(
        household=household, beneficiary=head, relationship="head", joined_on=dt.date(2024, 1, 1)
    )
    Membership.objects.create(
        household=household,
        beneficiary=BeneficiaryFactory(),
        relationship="son",
        joined_on=dt.date(2024, 1, 1),
    )
    Income.objects.create(household=household, kind="pension", monthly_amount=Decimal("3000"))
    assert eligibility.subject_for(head).monthly_income_per_capita == 1500.0


def test_a_person_in_no_household_has_no_known_income():
    assert eligibility.subject_for(BeneficiaryFactory()).monthly_income_per_capita is None


@given(
    birth=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)),
    on=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2060, 12, 31)),
)
def test_the_age_never_counts_a_birthday_not_yet_reached(birth, on):
    age = eligibility._age(birth, on)
    if on < birth:
        assert age < 0 or (age == 0 and on.year == birth.year)
        return
    # Exactly `age` birthdays have passed: the next one is after `on`.
    try:
        last = birth.replace(year=birth.year + age)
    except ValueError:  # 29 February
        last = dt.date(birth.year + age, 3, 1)
    assert last <= on
    try:
        following = birth.replace(year=birth.year + age + 1)
    except ValueError:
        following = dt.date(birth.year + age + 1, 3, 1)
    assert following > on


# -- the check -------------------------------------------------------------------------------


def test_003_a_registered_citizen_meets_the_three_conditions(policy_003):
    result = eligibility.check(ServiceFactory(), BeneficiaryFactory())
    assert result.passed
    assert len(result.checks) == 3


def test_003_a_non_resident_fails_lawful_residence_with_a_reason(policy_003):
    result = eligibility.check(ServiceFactory(), _non_resident())
    assert not result.passed
    [failure] = result.failures
    assert "إقامة نظامية" in failure.condition
    assert failure.explanation == "الإقامة غير نظامية أو منتهية."


def test_003_an_iqama_not_yet_checked_fails_with_its_own_reason(policy_003):
    [failure] = eligibility.check(ServiceFactory(), _iqama_holder(None)).failures
    assert failure.explanation == "لم يُتحقق من نظامية الإقامة بعد."


def test_003_a_merged_file_is_not_a_registered_beneficiary(policy_003):
    survivor, merged = BeneficiaryFactory(), BeneficiaryFactory()
    _merge(merged, survivor)
    [failure] = eligibility.check(ServiceFactory(), merged).failures
    assert failure.explanation == "غير مسجل لدى الجمعية بعد."


def test_the_services_own_conditions_follow_the_policys(policy_003):
    service = ServiceFactory(conditions=[{"type": "age_between", "params": {"min": 18}}])
    person = BeneficiaryFactory(birth_date=dates.today() - dt.timedelta(days=365 * 10))
    result = eligibility.check(service, person)
    assert len(result.checks) == 4
    [failure] = result.failures
    assert failure is result.checks[3]
    assert failure.explanation == "العمر 9 سنة."


def test_scope_by_city_refuses_a_person_from_elsewhere(db):
    version = PolicyVersionFactory(
        in_force=True,
        rules={
            "eligibility": {
                "conditions": [{"type": "within_scope", "params": {"regions": ["الأحساء"]}}]
            }
        },
    )
    inside = BeneficiaryFactory(city="الأحساء")
    outside = BeneficiaryFactory(city="الدمام")
    assert eligibility.check(ServiceFactory(), inside, version=version).passed
    [failure] = eligibility.check(ServiceFactory(), outside, version=version).failures
    assert "خارج نطاق" in failure.explanation


def test_an_explicit_version_is_used_instead_of_the_one_in_force(policy_003):
    lenient = PolicyVersionFactory(rules={})
    assert eligibility.check(ServiceFactory(), _non_resident(), version=lenient).passed


def test_without_a_policy_in_force_only_the_services_conditions_apply(db):
    service = ServiceFactory(conditions=[{"type": "registered_beneficiary"}])
    result = eligibility.check(service, _non_resident())
    assert result.passed
    assert len(result.checks) == 1
