"""Template tags and filters of the request screens: `{% load applications_screens %}`."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from silah.applications import queries_screens
from silah.applications.models import State
from silah.applications.queries_screens import QueueRow
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
VISIT = '<div class="small mt-1">{visit}: {status}{planned} · <a href="{url}">{form}</a></div>'


class _Words:
    """What every row of a list repeats, translated and reversed once per list: reversing a
    URL and translating a label cost more than drawing the row."""

    SAMPLE = 918273645  # a pk no URL prefix contains

    def __init__(self) -> None:
        self.due = escape(_("موعد الرد"))
        self.visit = escape(_("الزيارة"))
        self.form = escape(_("نموذج الزيارة"))
        self._urls: dict[str, str] = {}
        self._states: dict[str, str] = {}

    def url(self, name: str, pk: int) -> str:
        if name not in self._urls:
            self._urls[name] = reverse(name, args=[self.SAMPLE])
        return self._urls[name].replace(str(self.SAMPLE), str(int(pk)))

    def state(self, state: str) -> str:
        if state not in self._states:
            # not get_state_display(): it translates every state's label to find one
            self._states[state] = escape(str(State(state).label))
        return self._states[state]


def _draw(row: QueueRow, words: _Words) -> str:
    """One request in a list, every value escaped here (the caller marks the whole safe).

    Plain string formatting rather than an included template or `format_html`: a queue
    draws 25 rows a page, and each of those costs several times as much."""
    due = ""
    if row.due_on:
        due = f"<div>{words.due}: {format_dual_html(row.due_on, style='short')}</div>"
    badge = row.badge
    html = ROW.format(
        url=words.url("applications:detail", row.pk),
        reference=escape(row.reference),
        state=escape(row.state),
        state_label=words.state(row.state),
        name=escape(row.name),
        file_number=escape(row.file_number),
        service=escape(row.service),
        branch=escape(row.branch),
        tone=escape(badge.tone),
        border=" border" if badge.tone == "light" else "",
        clock=escape(badge.label),
        due=due,
    )
    if row.visit_status:
        planned = ""
        if row.visit_planned_on:
            planned = f" · {format_dual_html(row.visit_planned_on, style='short')}"
        html += VISIT.format(
            visit=words.visit,
            status=escape(row.visit_status),
            planned=planned,
            url=words.url("applications:visit", row.pk),
            form=words.form,
        )
    return html


@register.simple_tag
def request_row(application, badge) -> SafeString:
    """One request read as a model, with its badge (the file's tab): reference, person,
    service and branch, state, the promise. `select_related` the beneficiary, the service
    and the branch."""
    return mark_safe(_draw(QueueRow.of(application, badge), _Words()))  # escaped in _draw


@register.simple_tag
def queue_list(rows: list[QueueRow]) -> SafeString:
    """A queue's page of rows (`queries_screens.queue_rows`) as a list group."""
    if not rows:
        return mark_safe(
            '<ul class="list-group mb-3"><li class="list-group-item text-body-secondary">'
            f"{escape(_('لا شيء في هذا الطابور.'))}</li></ul>"
        )
    words = _Words()
    items = "".join(f'<li class="list-group-item">{_draw(row, words)}</li>' for row in rows)
    return mark_safe(f'<ul class="list-group mb-3">{items}</ul>')  # escaped in _draw
