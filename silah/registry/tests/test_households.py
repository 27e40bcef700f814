"""Households: one at a time per person, moves recorded, per-capita income."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from silah.core.dates import today
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Household, Membership, Relationship
from silah.registry.services import (
    add_member,
    create_household,
    move_to_household,
    set_incomes,
    set_obligations,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def household(officer):
    return create_household(BeneficiaryFactory(), actor=officer)


def test_the_head_is_the_first_member(household):
    membership = household.memberships.get()
    assert (membership.beneficiary, membership.relationship) == (household.head, "head")


def test_a_person_in_a_household_cannot_be_added_to_another(officer, household):
    child = BeneficiaryFactory()
    add_member(household, child, relationship=Relationship.SON, actor=officer)
    other = create_household(BeneficiaryFactory(), actor=officer)
    with pytest.raises(DomainError) as caught:
        add_member(other, child, relationship=Relationship.SON, actor=officer)
    assert caught.value.field == "beneficiary"
    assert household.head.file_number in caught.value.message
    assert other.memberships.count() == 1


def test_the_database_refuses_two_open_memberships_of_one_person(household):
    other = Household.objects.create(head=BeneficiaryFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            household=other,
            beneficiary=household.head,
            relationship="other",
            joined_on=dt.date(2026, 1, 1),
        )


def test_a_second_head_is_refused(officer, household):
    with pytest.raises(DomainError) as caught:
        add_member(household, BeneficiaryFactory(), relationship="head", actor=officer)
    assert caught.value.field == "relationship"


def test_a_move_closes_the_old_membership_and_opens_the_new(officer, household):
    child = BeneficiaryFactory()
    add_member(household, child, relationship=Relationship.DAUGHTER, actor=officer)
    new_home = create_household(BeneficiaryFactory(), actor=officer)
    moved_on = today()
    move_to_household(
        child, new_home, relationship=Relationship.SPOUSE, actor=officer, reason="زواج"
    )
    old, new = child.memberships.order_by("pk")
    assert (old.household, old.left_on) == (household, moved_on)
    assert (new.household, new.left_on, new.joined_on) == (new_home, None, moved_on)


def test_the_history_of_a_move_has_its_reason(officer, household):
    child = BeneficiaryFactory()
    add_member(household, child, relationship=Relationship.SON, actor=officer)
    new_home = create_household(BeneficiaryFactory(), actor=officer)
    move_to_household(child, new_home, relationship="other", actor=officer, reason="انتقل لعمه")
    old = child.memberships.order_by("pk").first()
    assert old.history.first().history_change_reason == "انتقل لعمه"


def test_a_head_with_members_cannot_move_away(officer, household):
    add_member(household, BeneficiaryFactory(), relationship="son", actor=officer)
    new_home = create_household(BeneficiaryFactory(), actor=officer)
    with pytest.raises(DomainError) as caught:
        move_to_household(household.head, new_home, relationship="other", actor=officer, reason="x")
    assert caught.value.field == "beneficiary"
    assert household.head.current_membership().household == household


def test_moving_into_the_same_household_is_refused(officer, household):
    with pytest.raises(DomainError):
        move_to_household(
            household.head, household, relationship="other", actor=officer, reason="x"
        )


def test_per_capita_income_divides_the_income_by_the_current_members(officer, household):
    add_member(household, BeneficiaryFactory(), relationship="son", actor=officer)
    add_member(household, BeneficiaryFactory(), relationship="daughter", actor=officer)
    set_incomes(household, [("social_security", "2000"), ("citizen_account", "500")], actor=officer)
    assert household.per_capita_income() == Decimal("833.33")


def test_a_member_who_left_does_not_count_in_per_capita_income(officer, household):
    child = BeneficiaryFactory()
    add_member(household, child, relationship="son", actor=officer)
    set_incomes(household, [("salary", "3000")], actor=officer)
    new_home = create_household(BeneficiaryFactory(), actor=officer)
    move_to_household(child, new_home, relationship="other", actor=officer, reason="زواج")
    assert household.per_capita_income() == Decimal("3000.00")


def test_setting_incomes_replaces_the_old_ones(officer, household):
    set_incomes(household, [("salary", "3000")], actor=officer)
    set_incomes(household, [("pension", "1500")], actor=officer)
    assert list(household.incomes.values_list("kind", "monthly_amount")) == [
        ("pension", Decimal("1500.00"))
    ]


def test_a_negative_income_is_refused_and_the_old_ones_stay(officer, household):
    set_incomes(household, [("salary", "3000")], actor=officer)
    with pytest.raises(DomainError) as caught:
        set_incomes(household, [("pension", "-1")], actor=officer)
    assert caught.value.field == "incomes.0.monthly_amount"
    assert household.monthly_income() == Decimal("3000.00")


def test_obligations_are_recorded(officer, household):
    set_obligations(household, [("loan", "750.5")], actor=officer)
    assert household.obligations.get().monthly_amount == Decimal("750.50")


def test_rented_housing_needs_the_rent(officer):
    with pytest.raises(DomainError) as caught:
        create_household(BeneficiaryFactory(), actor=officer, housing="rented")
    assert caught.value.field == "rent_amount"
    assert not Household.objects.exists()


def test_rented_housing_with_its_rent_is_recorded(officer):
    household = create_household(
        BeneficiaryFactory(), actor=officer, housing="rented", rent_amount="18000"
    )
    assert household.rent_amount == Decimal("18000.00")
