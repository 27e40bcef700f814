"""The work queues (one page, a tab per queue), the manager's handover, referrals, the
beneficiary file's applications tab and the accountant's deliveries.

A queue page runs the same number of queries whatever the number of requests: the page of
rows with their beneficiary, service and branch in one query (as values: no model is built
per row), their clocks in one, the count for the pager in one (pinned by a test at 3 and 30
rows).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from silah.accounts.access import access_of
from silah.applications import exporting, queries, queries_screens, services
from silah.applications.forms_queues import (
    AnswerReferralForm,
    FileReferForm,
    HandoverForm,
    PeriodForm,
    QueueFilterForm,
)
from silah.applications.models import Handover
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.registry.access import open_file
from silah.registry.tabs import tabs_for

PAGE_SIZE = 25
VIEW = "applications.view_application"


@dataclass(frozen=True)
class Queue:
    key: str
    label: str | Promise
    hint: str | Promise
    permission: str
    rows: Callable[[Any], QuerySet]
    visits: bool = False  # rows are research visits, not requests
    default_sort: str = "deadline"
    # every row has a due date: "furthest first" can read the late list's index backwards
    always_due: bool = False


def _committee_review(user: Any) -> QuerySet:
    return queries.in_review(user).filter(deciding_body__in=queries_screens.COMMITTEE_BODIES)


def _recorded_review(user: Any) -> QuerySet:
    return queries.in_review(user).filter(deciding_body__in=queries_screens.RECORDED_BODIES)


QUEUES = [
    Queue(
        "intake",
        gettext_lazy("استقبالي اليوم"),
        gettext_lazy("الطلبات التي استقبلتها اليوم."),
        "applications.receive_application",
        queries.intake_today,
        default_sort="-received",
    ),
    Queue(
        "completion",
        gettext_lazy("بانتظار الاستكمال"),
        gettext_lazy("طلبات مستلمة ينقصها شيء، أو أعيدت للاستكمال."),
        "applications.receive_application",
        queries.waiting_for_completion,
    ),
    Queue(
        "routing",
        gettext_lazy("بانتظار الإحالة"),
        gettext_lazy("طلبات مكتملة لم تُحل إلى البحث أو جهة البت، أو في البحث بلا باحث."),
        "applications.receive_application",
        queries.waiting_for_routing,
    ),
    Queue(
        "visits",
        gettext_lazy("زياراتي"),
        gettext_lazy("زيارات البحث الاجتماعي المسندة إليك ولم تُسجّل بعد."),
        "applications.conduct_research",
        queries.my_visits,
        visits=True,
    ),
    Queue(
        "committee",
        gettext_lazy("جدول اللجنة القادم"),
        gettext_lazy("طلبات تنتظر قرار لجنة، تُدرج في جدول أعمال اجتماعها القادم."),
        VIEW,
        _committee_review,
    ),
    Queue(
        "decision",
        gettext_lazy("بانتظار القرار"),
        gettext_lazy("طلبات تقرر فيها الإدارة أو جهة رسمية، يُسجّل قرارها من صفحة الطلب."),
        "applications.record_decision",
        _recorded_review,
    ),
    Queue(
        "delivery",
        gettext_lazy("بانتظار التسليم"),
        gettext_lazy("طلبات مقبولة لم يكتمل تسليمها."),
        "applications.deliver_service",
        queries.waiting_for_delivery,
    ),
    Queue(
        "late",
        gettext_lazy("المتأخرة والمعرضة للتأخر"),
        gettext_lazy("طلبات لم يُبت فيها تجاوزت موعد الرد أو اقتربت منه."),
        VIEW,
        queries.late_or_at_risk,
        always_due=True,
    ),
]


def queues_for(user) -> list[Queue]:
    return [queue for queue in QUEUES if user.has_perm(queue.permission)]


def _sorted(rows: QuerySet, sort: str, *, visits: bool, always_due: bool = False) -> QuerySet:
    prefix = "application__" if visits else ""
    due = F(f"{prefix}due_on")
    if sort == "-deadline":
        furthest = due.desc() if always_due else due.desc(nulls_last=True)
        return rows.order_by(furthest, f"-{prefix}received_at", "-pk")
    if sort == "-received":
        return rows.order_by(f"-{prefix}received_at", "-pk")
    if visits:
        return rows.order_by(F("planned_on").asc(nulls_last=True), due.asc(nulls_last=True), "pk")
    return rows.order_by(due.asc(nulls_last=True), "received_at", "pk")


def _filtered(rows: QuerySet, filters: dict, *, visits: bool) -> QuerySet:
    prefix = "application__" if visits else ""
    lookups = {
        "branch": f"{prefix}branch",
        "service": f"{prefix}service",
        "channel": f"{prefix}channel",
        "state": f"{prefix}state",
    }
    for name, lookup in lookups.items():
        if filters.get(name):
            rows = rows.filter(**{lookup: filters[name]})
    return rows


FILTER_PANEL_TTL = 60  # seconds


def _channels(request: HttpRequest) -> list[tuple[str, str]]:
    return queries_screens.channels_in_force(request.user)


def _filter_panel(
    request: HttpRequest, form: QueueFilterForm | None, queue: Any, filters: dict
) -> SafeString:
    """The queue's filter form, drawn. It is the same for everyone on that tab with those
    filters in that language, so it is kept for a minute instead of drawing five lists and
    reading the branches and services each page; a branch or service added shows in this
    worker at once, in the others within the minute (`queries_screens.filter_lists_changed`).
    A form with an error (a filter that is not one of the choices) is drawn each time."""

    def draw() -> str:
        shown = form or QueueFilterForm(channels=_channels(request))
        return render_to_string(
            "applications/partials/queue_filters.html", {"form": shown, "queue": queue}
        )

    if form is not None and form.errors:
        return mark_safe(draw())  # drawn by our template, escaped there
    access = access_of(request.user)
    key = (
        f"silah:queue-filters:{queue.key}:{get_language()}:"
        f"{access.policy_version_id if access else ''}:{queries_screens.filter_lists_version()}:"
        f"{urlencode(sorted(filters.items()))}"
    )
    html = cache.get(key)
    if html is None:
        html = draw()
        cache.set(key, html, FILTER_PANEL_TTL)
    return mark_safe(html)  # drawn by our template, escaped there


@login_required
@require_GET
def queue_page(request: HttpRequest) -> HttpResponse:
    available = queues_for(request.user)
    if not available:
        raise PermissionDenied
    keys = {queue.key: queue for queue in available}
    queue = keys.get(request.GET.get("tab", ""), available[0])
    # The usual page sets no filter: its form is not built (the drawn one is kept).
    filtered = any(request.GET.get(name) for name in QueueFilterForm.NAMES)
    form = QueueFilterForm(request.GET, channels=_channels(request)) if filtered else None
    filters = form.filters() if form else {}
    rows = _sorted(
        _filtered(queue.rows(request.user), filters, visits=queue.visits),
        filters.get("sort") or queue.default_sort,
        visits=queue.visits,
        always_due=queue.always_due,
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    entries = queries_screens.queue_rows(page.object_list, visits=queue.visits)
    query = {"tab": queue.key}
    for name, value in filters.items():
        query[name] = getattr(value, "pk", value)
    return render(
        request,
        "applications/queues.html",
        {
            "queues": available,
            "queue": queue,
            "filtering": bool(filters),  # the filters stay folded on a phone until used
            "filter_panel": _filter_panel(request, form, queue, filters),
            "page": page,
            "entries": entries,
            "query": urlencode(query),
            "committees": (
                queries_screens.next_committee_meetings() if queue.key == "committee" else []
            ),
            "can_hand_over": request.user.has_perm("applications.hand_over_work"),
            "can_export": request.user.has_perm("applications.export_disbursements"),
        },
    )


# -- the manager's handover --------------------------------------------------------------------


@permission_required("applications.hand_over_work")
@require_http_methods(["GET", "POST"])
def handover(request: HttpRequest) -> HttpResponse:
    """GET `?from_user=<pk>` shows what would move; POST moves it."""
    post = request.method == "POST"
    person = None
    pk = request.GET.get("from_user", "")
    if not post and pk.isdigit():
        person = queries_screens.colleagues().filter(pk=pk).first()
    form = HandoverForm(
        request.POST if post else None, initial={"from_user": person.pk} if person else None
    )
    work = {"person": person, "counts": services.open_work_of(person)} if person else None
    if post and form.is_valid():
        data = form.cleaned_data
        try:
            done = services.hand_over(
                data["from_user"], data["to_user"], actor=request.user, reason=data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            counts = done.counts
            messages.success(
                request,
                _("نُقل العمل: %(applications)s طلب، %(visits)s زيارة، %(referrals)s إحالة.")
                % {
                    "applications": counts.get("applications", 0),
                    "visits": counts.get("visits", 0),
                    "referrals": counts.get("referrals", 0),
                },
            )
            return redirect("applications:handover")
    return render(
        request,
        "applications/handover.html",
        {
            "form": form,
            "work": work,
            "handovers": Handover.objects.select_related("from_user", "to_user", "by")[:20],
        },
        status=400 if post else 200,
    )


# -- referrals ---------------------------------------------------------------------------------


def _referrals_allowed(user) -> bool:
    return user.has_perm("applications.answer_referral") or user.has_perm(
        "applications.refer_beneficiary"
    )


@login_required
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    """The referrals waiting for an answer that the user may answer or made."""
    if not _referrals_allowed(request.user):
        raise PermissionDenied
    rows = queries_screens.referrals_for(request.user)
    page = Paginator(rows.filter(answered_at__isnull=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = queries_screens.referral_badges(page.object_list)
    return render(
        request,
        "applications/referrals.html",
        {
            "page": page,
            "answered": rows.filter(answered_at__isnull=False).order_by("-answered_at")[:10],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def referral_answer(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("applications.answer_referral"):
        raise PermissionDenied
    referral = queries_screens.referrals_for(request.user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    post = request.method == "POST"
    form = AnswerReferralForm(request.POST if post else None)
    if post and form.is_valid():
        try:
            services.answer_referral(
                referral, actor=request.user, answer=form.cleaned_data["answer"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("سُجّل الرد على الإحالة."))
            return redirect("applications:referrals")
    return render(
        request,
        "applications/referral_answer.html",
        {"referral": referral, "form": form},
        status=400 if post else 200,
    )


@permission_required("applications.refer_beneficiary")
@require_POST
def refer_from_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A referral from the beneficiary's file (no request)."""
    beneficiary = open_file(request.user, pk, what="applications")
    form = FileReferForm(request.POST)
    if form.is_valid():
        try:
            referral = services.refer(
                beneficiary,
                actor=request.user,
                note=form.cleaned_data["note"],
                target_user=form.cleaned_data.get("target_user"),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("أحيل المستفيد إلى %(name)s.") % {"name": referral.target_name}
            )
            return redirect("applications:file_tab", pk=beneficiary.pk)
    return _file_tab(request, beneficiary, refer_form=form, status=400)


# -- the beneficiary file's applications tab ---------------------------------------------------


def _file_tab(
    request: HttpRequest, beneficiary, *, refer_form: FileReferForm | None = None, status=200
) -> HttpResponse:
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    household = queries_screens.current_household(beneficiary)
    rows = queries_screens.with_badges(queries.applications_of(request.user, beneficiary)[:100])
    can_refer = request.user.has_perm("applications.refer_beneficiary") and queries_screens.refers()
    context = {
        "beneficiary": beneficiary,
        "tabs": tabs_for(request, beneficiary, "applications"),
        "rows": rows,
        "period": period,
        "start": start,
        "end": end,
        "totals": queries.totals_for_beneficiary(beneficiary, start=start, end=end),
        "household": household,
        "household_totals": (
            queries.totals_for_household(household, start=start, end=end) if household else None
        ),
        "can_receive": request.user.has_perm("applications.receive_application"),
        "refer_form": refer_form or (FileReferForm() if can_refer else None),
        "open_referrals": queries_screens.referral_badges(
            beneficiary.referrals.filter(answered_at__isnull=True).select_related("target_user")
        ),
    }
    return render(request, "applications/file_tab.html", context, status=status)


@login_required
@require_GET
def file_tab(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="applications")
    return _file_tab(request, beneficiary)


# -- the accountant's deliveries ---------------------------------------------------------------

EXPORT = "applications.export_disbursements"


@permission_required(EXPORT)
@require_GET
def deliveries(request: HttpRequest) -> HttpResponse:
    """The deliveries of a period, a page at a time, and the button that exports them."""
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    rows = exporting.for_export(queries.disbursements_between(start, end)).order_by(
        "-delivered_on", "-pk"
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {name: request.GET[name] for name in ("start", "end") if request.GET.get(name)}
    return render(
        request,
        "applications/deliveries.html",
        {
            "period": period,
            "page": page,
            "totals": queries_screens.period_totals(start, end),
            "query": urlencode(query),
        },
    )


@permission_required(EXPORT)
@require_GET
def deliveries_export(request: HttpRequest) -> HttpResponse:
    period = PeriodForm(request.GET or None)
    start, end = period.period()
    return exporting.disbursements_workbook_response(reader=request.user, start=start, end=end)
