"""Staff roles: the codes every app uses, and how to ask which roles a user has.

A role is a Django group with a `Role` row beside it (`Group.role`). Apps grant their own
permissions to roles in their own data migrations, by code:
`Group.objects.get(role__code=RoleCode.MANAGER)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from silah.accounts.models import Role


class RoleCode(models.TextChoices):
    RELATIONS_OFFICER = "relations_officer", _("موظف علاقات المستفيدين")
    SOCIAL_RESEARCHER = "social_researcher", _("الباحث الاجتماعي")
    COMMITTEE_MEMBER = "committee_member", _("عضو لجنة")
    LIAISON_OFFICER = "liaison_officer", _("ضابط الاتصال")
    MANAGER = "manager", _("المدير التنفيذي")
    HR = "hr", _("الموارد البشرية")
    BOARD_MEMBER = "board_member", _("عضو مجلس الإدارة")
    ADMINISTRATOR = "administrator", _("مدير النظام")


RELATIONS_OFFICER = RoleCode.RELATIONS_OFFICER
SOCIAL_RESEARCHER = RoleCode.SOCIAL_RESEARCHER
COMMITTEE_MEMBER = RoleCode.COMMITTEE_MEMBER
LIAISON_OFFICER = RoleCode.LIAISON_OFFICER
MANAGER = RoleCode.MANAGER
HR = RoleCode.HR
BOARD_MEMBER = RoleCode.BOARD_MEMBER
ADMINISTRATOR = RoleCode.ADMINISTRATOR

# What each role is for, shown on the roles screen.
ROLE_DESCRIPTIONS = {
    RoleCode.RELATIONS_OFFICER: _(
        "يستقبل المستفيدين في الفرع وعبر القنوات، ويتحقق من اكتمال الطلبات ويأخذ الإقرار."
    ),
    RoleCode.SOCIAL_RESEARCHER: _("يزور الأسر ويدرس حالتها ويرفع توصيته."),
    RoleCode.COMMITTEE_MEMBER: _("يطّلع على جدول أعمال اللجنة ويصوّت ويوقّع المحاضر."),
    RoleCode.LIAISON_OFFICER: _("يتابع استفسارات مستفيدي فئته وشكاواهم حتى تُغلق في موعدها."),
    RoleCode.MANAGER: _("يتابع المتأخر والمعرّض للتأخر ويتخذ القرارات التي تسندها إليه السياسة."),
    RoleCode.HR: _("ينشر السياسة على الموظفين ويتابع إقراراتهم بها."),
    RoleCode.BOARD_MEMBER: _("يعتمد السياسة ويطّلع على شواهد تطبيقها."),
    RoleCode.ADMINISTRATOR: _("يدير الفروع والموظفين والأدوار وإعدادات النظام."),
}

_CACHE_ATTRIBUTE = "_silah_role_codes"


def role_codes(user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The codes of the roles a user holds (empty for anonymous or inactive users).

    Cached on the user object for the length of a request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = read_role_codes(user)
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def read_role_codes(user: AbstractBaseUser) -> frozenset[str]:
    """The codes of the user's roles, from the database (one query)."""
    from silah.accounts.models import Role

    return frozenset(Role.objects.filter(group__user=user).values_list("code", flat=True))


def remember_roles(user: AbstractBaseUser, codes: frozenset[str]) -> None:
    """Hold role codes already read (`accounts/access.py`) on the user object."""
    setattr(user, _CACHE_ATTRIBUTE, codes)


def forget_roles(user: AbstractBaseUser) -> None:
    """Drop the cached role codes after the user's groups change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def user_has_role(user: AbstractBaseUser | AnonymousUser, code: str) -> bool:
    """True when the user holds the role with this code."""
    return code in role_codes(user)


def roles_of(user: AbstractBaseUser | AnonymousUser) -> list[Role]:
    """The roles a user holds, in the order the roles screen shows them."""
    from silah.accounts.models import Role

    if not getattr(user, "is_authenticated", False):
        return []
    return list(Role.objects.filter(group__user=user).order_by("order", "code"))


def forced_two_factor_codes() -> frozenset[str]:
    """Role codes whose members must use two-factor login by server setting."""
    return frozenset(getattr(settings, "SILAH_REQUIRE_2FA_FOR_ROLES", []) or [])
