"""Committees' entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from silah.core import navigation


def register() -> None:
    navigation.register(
        navigation.NavItem(
            label=_("اللجان"),
            url_name="committees:list",
            icon="people",
            order=400,
            permission="committees.manage_committees",
        )
    )
    navigation.register(
        navigation.NavItem(
            label=_("اجتماعات لجاني"),
            url_name="committees:my_meetings",
            icon="calendar-check",
            order=410,
            permission="committees.attend_meetings",
        )
    )
