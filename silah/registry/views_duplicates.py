"""The duplicate-review screens (the association's manager): the queue, the side-by-side
comparison with each comparison's weight, merge, "different people", the full scan with its
progress, and the queue's export.

Views are thin: files are read through silah.registry.access (each comparison is logged as a
read of both files), decisions go to silah.registry.merge, scans to tasks_duplicates.
"""

import csv
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.registry import access, merge, tasks_duplicates
from silah.registry.forms_duplicates import (
    DifferentForm,
    MergeForm,
    QueueFilterForm,
    StartScanForm,
)
from silah.registry.models import Beneficiary, DuplicateCandidate, DuplicateScan, DuplicateStatus

REVIEW = merge.REVIEW_PERMISSION
PER_PAGE = 50

# Fields shown side by side, in this order.
COMPARED_FIELDS = [
    "file_number",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "sex",
    "birth_date",
    "identity_type",
    "identity_number",
    "mobile",
    "mobile_2",
    "city",
    "branch",
    "status",
    "created_at",
]


def _queue(user, filters: dict[str, str]) -> QuerySet[DuplicateCandidate]:
    """Candidates whose two files `user` may both see."""
    # Decided pairs stay listed after a merge: the tombstone is in scope here.
    visible = access.beneficiaries_for(user, include_closed=True).values("pk")
    return (
        DuplicateCandidate.objects.filter(first__in=visible, second__in=visible, **filters)
        .select_related("first", "second", "decided_by")
        .order_by("-score", "pk")
    )


def _candidate(request: HttpRequest, pk: int) -> DuplicateCandidate:
    candidate = get_object_or_404(
        DuplicateCandidate.objects.select_related("first", "second"), pk=pk
    )
    # Both files through the access getters (404 if either is out of reach), logged as reads.
    closed = candidate.status != DuplicateStatus.OPEN  # a merged pair shows its tombstone
    candidate.first = access.open_file(
        request.user, candidate.first_id, what="duplicates", include_closed=closed
    )
    candidate.second = access.open_file(
        request.user, candidate.second_id, what="duplicates", include_closed=closed
    )
    return candidate


@require_safe
@permission_required(REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or {"status": DuplicateStatus.OPEN})
    filters = form.filters()
    page = Paginator(_queue(request.user, filters), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/duplicates/queue.html",
        {
            "form": form,
            "page": page,
            "query": request.GET.urlencode() if request.GET else "status=open",
            "last_scan": DuplicateScan.objects.first(),
        },
    )


def _rows(first: Beneficiary, second: Beneficiary) -> list[dict]:
    rows = []
    for name in COMPARED_FIELDS:
        field = Beneficiary._meta.get_field(name)
        values = []
        for beneficiary in (first, second):
            display = getattr(beneficiary, f"get_{name}_display", None)
            value = display() if display else getattr(beneficiary, name)
            values.append("" if value in (None, "") else value)
        rows.append({"label": field.verbose_name, "values": values, "same": values[0] == values[1]})
    return rows


def _source(beneficiary: Beneficiary) -> str:
    if beneficiary.import_file:
        return gettext("استيراد: %(file)s، السطر %(row)s") % {
            "file": beneficiary.import_file,
            "row": beneficiary.import_row or "—",
        }
    if beneficiary.entered_by_id:
        return gettext("أدخله: %(name)s") % {
            "name": beneficiary.entered_by.get_full_name() or beneficiary.entered_by.get_username()
        }
    return gettext("غير معروف")


@require_safe
@permission_required(REVIEW)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    return render(
        request,
        "registry/duplicates/compare.html",
        {
            "candidate": candidate,
            "rows": _rows(candidate.first, candidate.second),
            "weights": merge.describe_candidate(candidate)["rows"],
            "sources": [_source(candidate.first), _source(candidate.second)],
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(REVIEW)
def merge_files(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    if candidate.status != DuplicateStatus.OPEN:
        messages.error(request, gettext("قُرّر في هذين الملفين من قبل."))
        return redirect("registry:duplicate_compare", pk=candidate.pk)
    form = MergeForm(
        request.POST if request.method == "POST" else None,
        first=candidate.first,
        second=candidate.second,
    )
    if request.method == "POST" and form.is_valid():
        survivor, merged = form.chosen()
        try:
            merge.merge_beneficiaries(
                survivor, merged, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        except PermissionDenied:
            raise
        else:
            messages.success(
                request,
                gettext("دُمج الملف %(merged)s في الملف %(survivor)s.")
                % {"merged": merged.file_number, "survivor": survivor.file_number},
            )
            return redirect("registry:duplicates")
    return render(request, "registry/duplicates/merge.html", {"candidate": candidate, "form": form})


@require_http_methods(["GET", "POST"])
@permission_required(REVIEW)
def mark_different(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = _candidate(request, pk)
    if candidate.status != DuplicateStatus.OPEN:
        messages.error(request, gettext("قُرّر في هذين الملفين من قبل."))
        return redirect("registry:duplicate_compare", pk=candidate.pk)
    form = DifferentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            merge.mark_different(
                candidate.first,
                candidate.second,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                source=candidate.source,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, gettext("سُجّل أن الملفين لشخصين مختلفين."))
            return redirect("registry:duplicates")
    return render(
        request, "registry/duplicates/different.html", {"candidate": candidate, "form": form}
    )


@require_http_methods(["GET", "POST"])
@permission_required(REVIEW)
def scan_start(request: HttpRequest) -> HttpResponse:
    form = StartScanForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            scan = tasks_duplicates.start_scan(
                actor=request.user, retrain=form.cleaned_data["retrain"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("registry:duplicate_scan", pk=scan.pk)
    return render(
        request,
        "registry/duplicates/scan_start.html",
        {"form": form, "scans": DuplicateScan.objects.select_related("started_by")[:10]},
    )


@require_safe
@permission_required(REVIEW)
@never_cache
def scan_status(request: HttpRequest, pk: int) -> HttpResponse:
    scan = get_object_or_404(DuplicateScan, pk=pk)
    template = (
        "registry/duplicates/partials/scan_progress.html"
        if request.htmx
        else "registry/duplicates/scan.html"
    )
    return render(request, template, {"scan": scan})


EXPORT_HEADERS = [
    "الملف الأول",
    "مصدر الملف الأول",
    "الملف الثاني",
    "مصدر الملف الثاني",
    "احتمال التطابق",
    "وزن التطابق",
    "مصدر الاقتراح",
    "الحالة",
    "اكتُشف في",
]


def export_rows(candidates: QuerySet[DuplicateCandidate]) -> list[list]:
    """One row per candidate: both file numbers, their sources, the score."""
    rows = []
    for candidate in candidates.select_related("first__entered_by", "second__entered_by"):
        rows.append(
            [
                candidate.first.file_number,
                _source(candidate.first),
                candidate.second.file_number,
                _source(candidate.second),
                round(candidate.score, 4),
                round(candidate.match_weight, 2) if candidate.match_weight is not None else "",
                candidate.get_source_display(),
                candidate.get_status_display(),
                timezone.localtime(candidate.found_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


@require_safe
@permission_required(REVIEW)
def export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("csv", "xlsx"):
        raise Http404
    form = QueueFilterForm(request.GET or {"status": DuplicateStatus.OPEN})
    rows = export_rows(_queue(request.user, form.filters()))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_HEADERS)
        writer.writerows(rows)
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="duplicates-{stamp}.csv"'
        return response
    import xlsxwriter

    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet("duplicates")
    sheet.right_to_left()
    bold = workbook.add_format({"bold": True})
    sheet.write_row(0, 0, EXPORT_HEADERS, bold)
    for index, row in enumerate(rows, start=1):
        sheet.write_row(index, 0, row)
    sheet.set_column(0, len(EXPORT_HEADERS) - 1, 22)
    workbook.close()
    response = HttpResponse(
        output.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="duplicates-{stamp}.xlsx"'
    return response
