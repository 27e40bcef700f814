"""Households through the screens: create with its head, add a registered or a new person,
move a member (recorded), incomes, obligations and housing; nothing saved on bad input."""

import pytest
from django.test import Client

from silah.registry import services
from silah.registry.factories import BeneficiaryFactory, registration_fields
from silah.registry.models import Beneficiary, Household, Income, Membership

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def head(officer, branch):
    return services.register_beneficiary(actor=officer, **registration_fields(branch=branch))


@pytest.fixture
def household(head, officer):
    return services.create_household(head, actor=officer)


def base(person) -> str:
    return f"/beneficiaries/{person.pk}/household/"


def test_a_household_is_created_with_its_head_and_rented_housing(officer, head):
    response = client_for(officer).post(
        base(head) + "new/", {"housing": "rented", "rent_amount": "18000"}
    )
    assert response.status_code == 302
    household = Household.objects.get()
    assert (household.head, household.housing, str(household.rent_amount)) == (
        head,
        "rented",
        "18000.00",
    )
    assert head.current_membership().relationship == "head"


def test_rent_for_owned_housing_is_an_error_at_the_rent_and_nothing_is_created(officer, head):
    response = client_for(officer).post(
        base(head) + "new/", {"housing": "owned", "rent_amount": "100"}
    )
    assert "rent_amount" in response.context["form"].errors
    assert not Household.objects.exists()


def test_a_registered_person_is_added_by_file_number(officer, branch, household, head):
    child = services.register_beneficiary(
        actor=officer, **registration_fields(branch=branch, first_name="ريم", sex="female")
    )
    response = client_for(officer).post(
        base(head) + "members/add/", {"file_number": child.file_number, "relationship": "daughter"}
    )
    assert response.status_code == 302
    assert child.current_membership().household == household


def test_a_person_outside_the_users_files_cannot_be_added(officer, other_branch, household, head):
    elsewhere = BeneficiaryFactory(branch=other_branch)
    response = client_for(officer).post(
        base(head) + "members/add/", {"file_number": elsewhere.file_number, "relationship": "son"}
    )
    assert "file_number" in response.context["form"].errors
    assert elsewhere.current_membership() is None


def test_a_new_person_is_registered_and_added_in_one_step(officer, branch, household, head):
    fields = registration_fields(branch=branch, first_name="سلمى", sex="female")
    data = {k: v for k, v in fields.items() if k != "branch"}
    data.update(branch=branch.pk, relationship="daughter", confirm_different="on")
    response = client_for(officer).post(base(head) + "members/new/", data)
    assert response.status_code == 302
    new = Beneficiary.objects.get(first_name="سلمى")
    assert new.current_membership().household == household
    assert new.current_membership().relationship == "daughter"


def test_a_bad_relationship_registers_nobody(officer, branch, household, head):
    fields = registration_fields(branch=branch, first_name="سلمى")
    data = {k: v for k, v in fields.items() if k != "branch"}
    data.update(branch=branch.pk, relationship="head", confirm_different="on")
    response = client_for(officer).post(base(head) + "members/new/", data)
    assert "relationship" in response.context["member_form"].errors
    assert not Beneficiary.objects.filter(first_name="سلمى").exists()


def test_moving_a_member_ends_the_old_membership_and_records_why(officer, branch, household):
    son = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    services.add_member(household, son, relationship="son", actor=officer)
    new_head = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    target = services.create_household(new_head, actor=officer)
    response = client_for(officer).post(
        base(son) + "move/",
        {"head_file_number": new_head.file_number, "relationship": "son", "reason": "تزوّج"},
    )
    assert response.status_code == 302
    old, new = Membership.objects.filter(beneficiary=son).order_by("pk")
    assert old.household == household and old.left_on is not None
    assert new.household == target and new.left_on is None
    page = client_for(officer).get(base(son)).content.decode()
    assert "أسر سابقة لصاحب الملف" in page


def test_moving_to_an_unknown_household_changes_nothing(officer, branch, household, head):
    son = services.register_beneficiary(actor=officer, **registration_fields(branch=branch))
    services.add_member(household, son, relationship="son", actor=officer)
    response = client_for(officer).post(
        base(son) + "move/",
        {"head_file_number": son.file_number, "relationship": "son", "reason": "تزوّج"},
    )
    assert "head_file_number" in response.context["form"].errors
    assert Membership.objects.filter(beneficiary=son, left_on__isnull=True).get().household == (
        household
    )


def test_incomes_are_replaced_from_the_rows(officer, household, head):
    data = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "0",
        "rows-0-kind": "social_security",
        "rows-0-monthly_amount": "2500",
        "rows-1-kind": "citizen_account",
        "rows-1-monthly_amount": "800.50",
    }
    response = client_for(officer).post(base(head) + "incomes/", data)
    assert response.status_code == 302
    assert sorted(str(i.monthly_amount) for i in Income.objects.all()) == ["2500.00", "800.50"]


def test_a_negative_income_is_an_error_on_its_row_and_nothing_changes(officer, household, head):
    services.set_incomes(household, [("salary", "4000")], actor=officer)
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "1",
        "rows-0-kind": "salary",
        "rows-0-monthly_amount": "-5",
    }
    response = client_for(officer).post(base(head) + "incomes/", data)
    assert response.status_code == 200
    assert "monthly_amount" in response.context["formset"].forms[0].errors
    assert [str(i.monthly_amount) for i in Income.objects.all()] == ["4000.00"]


def test_adding_a_row_keeps_what_was_typed_and_saves_nothing(officer, household, head):
    data = {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-0-kind": "salary",
        "rows-0-monthly_amount": "3000",
        "add_row": "1",
    }
    response = client_for(officer).post(base(head) + "incomes/", data)
    assert len(response.context["formset"].forms) == 2
    assert not Income.objects.exists()


def test_obligations_and_housing_are_saved(officer, household, head):
    client = client_for(officer)
    client.post(
        base(head) + "obligations/",
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-kind": "loan",
            "rows-0-monthly_amount": "1200",
        },
    )
    client.post(base(head) + "housing/", {"housing": "rented", "rent_amount": "15000"})
    household.refresh_from_db()
    assert [str(o.monthly_amount) for o in household.obligations.all()] == ["1200.00"]
    assert (household.housing, str(household.rent_amount)) == ("rented", "15000.00")


def test_a_researcher_cannot_edit_a_household(head, household):
    from silah.accounts.factories import UserFactory

    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    head.assigned_researcher = researcher
    head.save()
    assert client_for(researcher).get(base(head) + "incomes/").status_code == 403


def test_household_pages_of_another_branch_are_404(other_branch, officer, manager):
    head = services.register_beneficiary(actor=manager, **registration_fields(branch=other_branch))
    services.create_household(head, actor=manager)
    for page in ("incomes/", "obligations/", "housing/", "members/add/", "move/"):
        assert client_for(officer).get(base(head) + page).status_code == 404, page
