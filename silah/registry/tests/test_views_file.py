"""The file's tabs: each role opens only the files it may (404 otherwise), and every opening
is written to the read log."""

import re

import pytest
from django.test import Client

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.registry import services
from silah.registry.factories import BeneficiaryFactory, HouseholdFactory
from silah.registry.models import Membership, Relationship

pytestmark = pytest.mark.django_db

TABS = ["", "household/", "history/"]


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(beneficiary, tab: str = "") -> str:
    return f"/beneficiaries/{beneficiary.pk}/{tab}"


@pytest.mark.parametrize("tab", TABS)
def test_a_relations_officer_opens_a_file_of_their_branch_and_the_read_is_logged(
    officer, branch, tab
):
    beneficiary = BeneficiaryFactory(branch=branch)
    response = client_for(officer).get(url(beneficiary, tab))
    assert response.status_code == 200
    assert beneficiary.full_name in response.content.decode()
    read = AccessLog.objects.get()
    assert (read.user, read.object_id) == (officer, str(beneficiary.pk))
    assert read.what == {"": "personal", "household/": "household", "history/": "history"}[tab]


@pytest.mark.parametrize("tab", TABS)
def test_a_relations_officer_of_another_branch_gets_a_404_and_no_log(officer, other_branch, tab):
    beneficiary = BeneficiaryFactory(branch=other_branch)
    assert client_for(officer).get(url(beneficiary, tab)).status_code == 404
    assert not AccessLog.objects.exists()


def test_an_unassigned_researcher_gets_a_404():
    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    beneficiary = BeneficiaryFactory(assigned_researcher=UserFactory(username="colleague"))
    assert client_for(researcher).get(url(beneficiary)).status_code == 404
    assert not AccessLog.objects.exists()


def test_the_assigned_researcher_opens_the_file():
    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    beneficiary = BeneficiaryFactory(assigned_researcher=researcher)
    assert client_for(researcher).get(url(beneficiary)).status_code == 200


@pytest.mark.parametrize("role", ["hr", "administrator", "board_member"])
@pytest.mark.parametrize("tab", TABS)
def test_roles_without_personal_data_get_a_404_on_every_tab(role, tab, branch):
    user = UserFactory(username=role, roles=[role], branches=[branch])
    beneficiary = BeneficiaryFactory(branch=branch)
    assert client_for(user).get(url(beneficiary, tab)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(branch):
    beneficiary = BeneficiaryFactory(branch=branch)
    response = Client().get(url(beneficiary))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_personal_tab_shows_every_personal_field_and_where_the_record_came_from(manager):
    beneficiary = BeneficiaryFactory(
        city="القنفذة",
        district="الخالدية",
        short_address="RQNA2929",
        import_file="سجل-الأسر-1446.xlsx",
        import_row=17,
        entered_by=manager,
    )
    page = client_for(manager).get(url(beneficiary)).content.decode()
    for value in (beneficiary.identity_number, "+966501234567", "القنفذة", "الخالدية", "RQNA2929"):
        assert value in page
    assert "سجل-الأسر-1446.xlsx" in page and "17" in page


def test_the_household_tab_lists_members_and_per_capita_income(manager):
    household = HouseholdFactory()
    Membership.objects.create(
        household=household, beneficiary=household.head, relationship="head", joined_on="2025-01-01"
    )
    child = BeneficiaryFactory(first_name="سلمان")
    Membership.objects.create(
        household=household, beneficiary=child, relationship="son", joined_on="2025-01-01"
    )
    services.set_incomes(household, [("social_security", "3000")], actor=manager)
    page = client_for(manager).get(url(household.head, "household/")).content.decode()
    assert "سلمان" in page
    assert "1,500.00" in page  # 3000 over two members
    assert f'href="/beneficiaries/{child.pk}/household/"' in page


def test_a_member_whose_file_is_out_of_scope_is_shown_without_name_or_link(officer, branch):
    household = HouseholdFactory(head=BeneficiaryFactory(branch=branch))
    Membership.objects.create(
        household=household, beneficiary=household.head, relationship="head", joined_on="2025-01-01"
    )
    elsewhere = BeneficiaryFactory(first_name="مستورة")
    Membership.objects.create(
        household=household,
        beneficiary=elsewhere,
        relationship=Relationship.DAUGHTER,
        joined_on="2025-01-01",
    )
    page = client_for(officer).get(url(household.head, "household/")).content.decode()
    assert "مستورة" not in page
    assert f"/beneficiaries/{elsewhere.pk}/" not in page


def test_the_manager_sees_who_read_the_file_on_the_history_tab(manager, officer, branch):
    beneficiary = BeneficiaryFactory(branch=branch)
    client_for(officer).get(url(beneficiary))
    page = client_for(manager).get(url(beneficiary, "history/")).content.decode()
    assert "سجل الاطلاع على الملف" in page
    assert officer.get_full_name() in page


def test_a_relations_officer_does_not_see_the_read_log(officer, branch):
    beneficiary = BeneficiaryFactory(branch=branch)
    page = client_for(officer).get(url(beneficiary, "history/")).content.decode()
    assert "سجل الاطلاع على الملف" not in page


def test_no_link_on_a_file_page_carries_personal_data(manager):
    beneficiary = BeneficiaryFactory()
    for tab in TABS:
        page = client_for(manager).get(url(beneficiary, tab)).content.decode()
        hrefs = re.findall(r'(?:href|action|hx-post|hx-get)="([^"]*)"', page)
        # tel: links dial the phone and never reach a server; every other link may.
        for href in [h for h in hrefs if not h.startswith("tel:")]:
            for value in (beneficiary.identity_number, "966501234567", beneficiary.first_name):
                assert value not in href, href
