"""Acknowledgements on the dashboard and in the navigation, for HR and managers."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.core import dashboard, navigation
from silah.policy import queries_ack, services

VIEW_ACKNOWLEDGEMENTS = "policy.view_acknowledgements"


def acknowledgement_card(request: HttpRequest) -> dashboard.Card | None:
    """ "Acknowledged N of M" for the version in force, linking to the HR page."""
    if not request.user.has_perm(VIEW_ACKNOWLEDGEMENTS):
        return None
    version = services.version_in_force()
    if version is None:
        return None
    totals = queries_ack.totals(version)
    value = mark_safe(  # the sentence is escaped; the numbers are formatted
        conditional_escape(_("%(acknowledged)s من %(total)s"))
        % {
            "acknowledged": format_html("<bdi>{}</bdi>", totals.acknowledged),
            "total": format_html("<bdi>{}</bdi>", totals.staff),
        }
    )
    return dashboard.Card(
        title=_("إقرارات الموظفين بالسياسة"),
        value=value,
        description=_(
            "الموظفون الذين أقرّوا بالإصدار النافذ رقم %(number)s من مجموع الموظفين النشطين."
        )
        % {"number": version.number},
        url=reverse("policy:acknowledgements"),
        tone="success" if totals.remaining == 0 else "warning",
    )


_registered = False


def register() -> None:
    """The dashboard card and the navigation entry (call from PolicyConfig.ready())."""
    global _registered
    if _registered:
        return
    dashboard.register(order=300)(acknowledgement_card)
    navigation.register(
        navigation.NavItem(
            label=gettext_lazy("إقرارات السياسة"),
            url_name="policy:acknowledgements",
            icon="pen",
            order=720,
            permission=VIEW_ACKNOWLEDGEMENTS,
        )
    )
    _registered = True
