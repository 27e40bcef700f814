"""The catalogue's entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from silah.core import navigation


def register() -> None:
    navigation.register(
        navigation.NavItem(
            label=_("دليل الخدمات"),
            url_name="services:catalogue",
            icon="journal-bookmark",
            order=500,
            permission="services.manage_catalogue",
        )
    )
    navigation.register(
        navigation.NavItem(
            label=_("البرامج"),
            url_name="services:programmes",
            icon="easel",
            order=510,
            visible=_sees_programmes,
        )
    )


def _sees_programmes(request) -> bool:
    user = request.user
    return user.has_perm("services.run_programmes") or user.has_perm("services.manage_programmes")
