import pytest
from django.contrib.auth.models import Group

from silah.accounts.factories import UserFactory
from silah.accounts.models import Role
from silah.accounts.roles import RoleCode, roles_of, user_has_role

pytestmark = pytest.mark.django_db


def test_every_role_exists_with_its_group_after_migrating():
    codes = set(Role.objects.values_list("code", flat=True))
    assert codes == set(RoleCode.values)
    for code in RoleCode.values:
        assert Group.objects.get(role__code=code).name == code


def test_roles_carry_arabic_and_english_names():
    officer = Role.objects.get(code=RoleCode.RELATIONS_OFFICER)
    assert officer.name == "موظف علاقات المستفيدين"
    assert officer.name_en == "Relations officer"
    assert Role.objects.get(code=RoleCode.ADMINISTRATOR).name == "مدير النظام"


def test_no_role_requires_two_factor_by_default():
    assert not Role.objects.filter(requires_two_factor=True).exists()


def test_administrator_holds_the_accounts_permissions():
    user = UserFactory(roles=[RoleCode.ADMINISTRATOR])
    assert user.has_perm("accounts.manage_staff")
    assert user.has_perm("accounts.manage_branches")
    assert user.has_perm("accounts.manage_roles")


@pytest.mark.parametrize("code", [code for code in RoleCode.values if code != "administrator"])
def test_other_roles_cannot_manage_staff_branches_or_roles(code):
    user = UserFactory(roles=[code])
    assert not user.has_perm("accounts.manage_staff")
    assert not user.has_perm("accounts.manage_branches")
    assert not user.has_perm("accounts.manage_roles")


def test_user_has_role_answers_for_held_roles_only():
    user = UserFactory(roles=[RoleCode.MANAGER, RoleCode.HR])
    assert user_has_role(user, RoleCode.MANAGER)
    assert user_has_role(user, "hr")
    assert not user_has_role(user, RoleCode.ADMINISTRATOR)


def test_inactive_user_has_no_role():
    user = UserFactory(roles=[RoleCode.MANAGER], is_active=False)
    assert not user_has_role(user, RoleCode.MANAGER)


def test_anonymous_user_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert not user_has_role(AnonymousUser(), RoleCode.MANAGER)
    assert roles_of(AnonymousUser()) == []


def test_roles_of_lists_roles_in_screen_order():
    user = UserFactory(roles=[RoleCode.ADMINISTRATOR, RoleCode.RELATIONS_OFFICER])
    assert [role.code for role in roles_of(user)] == ["relations_officer", "administrator"]


def test_role_name_follows_the_page_language():
    from django.utils import translation

    role = Role.objects.get(code=RoleCode.BOARD_MEMBER)
    with translation.override("en"):
        assert str(role) == "Board member"
    with translation.override("ar"):
        assert str(role) == "عضو مجلس الإدارة"


def test_server_setting_forces_two_factor_for_a_role(settings):
    settings.SILAH_REQUIRE_2FA_FOR_ROLES = ["manager"]
    manager = Role.objects.get(code=RoleCode.MANAGER)
    assert manager.two_factor_required
    assert manager.two_factor_forced_by_setting
    assert not Role.objects.get(code=RoleCode.HR).two_factor_required
