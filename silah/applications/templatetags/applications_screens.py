"""Template tags and filters of the request screens: `{% load applications_screens %}`."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from silah.applications import queries_screens
from silah.applications.models import State
from silah.core.dates import format_dual_html

register = template.Library()


@register.filter
def address_lines(beneficiary) -> list[str]:
    """The national address, line by line (only the parts filled)."""
    return queries_screens.address_lines(beneficiary)


ROW = (
    '<div class="d-flex flex-wrap justify-content-between gap-2">'
    "<div>"
    '<a class="fw-semibold" href="{url}"><bdi dir="ltr">{reference}</bdi></a> '
    '<span class="badge rounded-pill text-bg-primary state-{state}">{state_label}</span>'
    '<div><bdi>{name}</bdi> <span class="text-body-secondary small">· '
    '<bdi dir="ltr" class="text-nowrap">{file_number}</bdi></span></div>'
    '<div class="small text-body-secondary">{service} · {branch}</div>'
    "</div>"
    '<div class="text-end small">'
    '<span class="badge text-bg-{tone}{border}"><i class="bi bi-hourglass-split" '
    'aria-hidden="true"></i> {clock}</span>{due}'
    "</div>"
    "</div>"
)


@register.simple_tag
def request_row(application, badge) -> SafeString:
    """One request in a list: reference, person, service and branch, state, the promise.

    Written in Python rather than as an included template: a queue draws it 25 times a page,
    and an include costs ten times as much. `select_related` the beneficiary, the service and
    the branch (`views_queues.ROW_RELATED`)."""
    due = ""
    if application.due_on:
        due = format_html(
            "<div>{}: {}</div>", _("موعد الرد"), format_dual_html(application.due_on, style="short")
        )
    return format_html(
        ROW,
        url=reverse("applications:detail", args=[application.pk]),
        reference=application.reference,
        state=application.state,
        state_label=State(application.state).label,  # not get_state_display(): it translates
        # every state's label to find one
        name=application.beneficiary.full_name,
        file_number=application.beneficiary.file_number,
        service=application.service.name,
        branch=application.branch.name,
        tone=badge.tone,
        border=" border" if badge.tone == "light" else "",
        clock=badge.label,
        due=due,
    )
