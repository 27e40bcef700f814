"""The accounts card on the home dashboard: staff per role, for administrators."""

from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from silah.accounts.models import Role, User
from silah.core import dashboard


def staff_per_role(request: HttpRequest) -> dashboard.Card | None:
    """How many active staff hold each role (a member with two roles counts in both)."""
    if not request.user.has_perm("accounts.manage_staff"):
        return None
    roles = Role.objects.annotate(
        staff_count=Count("group__user", filter=Q(group__user__is_active=True))
    )
    return dashboard.Card(
        title=_("الموظفون حسب الدور"),
        value=User.objects.filter(is_active=True).count(),
        description=_("عدد الموظفين النشطين، ثم عددهم في كل دور."),
        url=reverse("accounts:staff_list"),
        tone="primary",
        items=[(str(role), str(role.staff_count)) for role in roles],
    )


_registered = False


def register_cards() -> None:
    global _registered
    if not _registered:
        dashboard.register(order=900)(staff_per_role)
        _registered = True
