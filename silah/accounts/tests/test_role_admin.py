"""Administrators see the roles and may make two-factor login compulsory for one."""

import pytest
from django.urls import reverse

from silah.accounts import services
from silah.accounts.factories import UserFactory
from silah.accounts.models import Role

pytestmark = pytest.mark.django_db

ROLES = reverse("accounts:role_list")


def _edit(code: str) -> str:
    return reverse("accounts:role_edit", args=[code])


def test_roles_screens_are_forbidden_without_the_permission(officer_client):
    assert officer_client.get(ROLES).status_code == 403
    assert officer_client.get(_edit("manager")).status_code == 403


def test_an_unknown_role_is_not_found(admin_client):
    assert admin_client.get(_edit("captain")).status_code == 404


def test_role_list_shows_every_role_with_its_staff_count(admin_client):
    UserFactory(roles=["manager"])
    UserFactory(roles=["manager"], is_active=False)
    html = admin_client.get(ROLES).content.decode()
    for role in Role.objects.all():
        assert role.name in html
    manager_row = html[html.index("المدير التنفيذي") :]
    assert ">1<" in manager_row[: manager_row.index("</tr>")]


def test_role_page_lists_its_permissions(admin_client):
    html = admin_client.get(_edit("administrator")).content.decode()
    assert "إدارة الموظفين" in html and "إدارة الفروع والمكاتب" in html


def test_administrator_makes_two_factor_compulsory_for_a_role(admin_client, administrator):
    response = admin_client.post(_edit("manager"), {"requires_two_factor": "on"})
    assert response.status_code == 302
    role = Role.objects.get(code="manager")
    assert role.requires_two_factor
    assert role.history.latest("history_date").history_user == administrator


def test_administrator_switches_it_off_again(admin_client):
    Role.objects.filter(code="manager").update(requires_two_factor=True)
    admin_client.post(_edit("manager"), {})
    assert not Role.objects.get(code="manager").requires_two_factor


def test_a_refused_change_of_a_role_changes_nothing(officer_client):
    response = officer_client.post(_edit("manager"), {"requires_two_factor": "on"})
    assert response.status_code == 403
    assert not Role.objects.get(code="manager").requires_two_factor


def test_the_service_refuses_an_actor_without_the_permission():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.set_role_two_factor(
            Role.objects.get(code="hr"), required=True, actor=UserFactory(roles=["hr"])
        )
    assert not Role.objects.get(code="hr").requires_two_factor


def test_a_role_forced_by_the_server_setting_says_so(admin_client, settings):
    settings.SILAH_REQUIRE_2FA_FOR_ROLES = ["board_member"]
    assert "SILAH_REQUIRE_2FA_FOR_ROLES" in admin_client.get(_edit("board_member")).content.decode()
    assert "بإعداد الخادم" in admin_client.get(ROLES).content.decode()


def test_role_list_says_what_each_role_does(admin_client):
    html = admin_client.get(ROLES).content.decode()
    assert "يزور الأسر ويدرس حالتها ويرفع توصيته." in html
