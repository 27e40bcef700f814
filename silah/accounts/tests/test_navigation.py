"""The accounts entries in the main navigation and the administrators' dashboard card."""

import pytest
from django.urls import reverse

from silah.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("core:dashboard")


def test_administrators_see_staff_branches_and_roles_in_the_navigation(admin_client):
    html = admin_client.get(DASHBOARD).content.decode()
    assert "الموظفون" in html and reverse("accounts:staff_list") in html
    assert "الفروع" in html and reverse("accounts:branch_list") in html
    assert reverse("accounts:role_list") in html


def test_other_staff_do_not_see_them(officer_client):
    html = officer_client.get(DASHBOARD).content.decode()
    assert reverse("accounts:staff_list") not in html
    assert reverse("accounts:branch_list") not in html
    assert reverse("accounts:role_list") not in html


def test_administrators_see_staff_counted_per_role(admin_client):
    UserFactory(roles=["social_researcher"])
    UserFactory(roles=["social_researcher"])
    UserFactory(roles=["social_researcher"], is_active=False)
    html = admin_client.get(DASHBOARD).content.decode()
    assert "الموظفون حسب الدور" in html
    assert "الباحث الاجتماعي: <bdi>2</bdi>" in html


def test_other_staff_do_not_see_the_staff_card(officer_client):
    assert "الموظفون حسب الدور" not in officer_client.get(DASHBOARD).content.decode()


def test_profile_lists_the_members_roles_and_branches(client):
    from silah.accounts.factories import BranchFactory

    user = UserFactory(roles=["liaison_officer"], branches=[BranchFactory(name="مكتب أضم")])
    client.force_login(user)
    html = client.get(reverse("accounts:profile")).content.decode()
    assert "ضابط الاتصال" in html and "مكتب أضم" in html
