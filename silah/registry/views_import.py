"""The import screens: upload → map the columns → preview every row → import → result.

Views are thin: parse the form, call `silah.registry.import_services`, render. A batch is seen
only by whoever uploaded it and by the managers who see every file (anything else is a 404);
no personal value is in any URL.
"""

from __future__ import annotations

import csv
import io

import xlsxwriter
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.registry import import_services
from silah.registry.forms_import import MappingForm, RunForm, UploadForm
from silah.registry.import_parse import TEMPLATE_HEADERS
from silah.registry.importing import REPORT_COLUMNS
from silah.registry.models import ImportBatch, ImportRow, ImportRowStatus

IMPORT = "registry.import_beneficiaries"
ROWS_PER_PAGE = 100


def _batch_for(user, pk: int) -> ImportBatch:
    batches = ImportBatch.objects.select_related("branch", "uploaded_by")
    if not user.has_perm("registry.view_all_beneficiaries"):
        batches = batches.filter(uploaded_by=user)
    try:
        return batches.get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


def _can_import(user) -> bool:
    return user.has_perm(IMPORT) and user.has_perm("registry.register_beneficiary")


@permission_required(IMPORT)
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not _can_import(request.user):
        raise Http404
    form = UploadForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        user=request.user,
    )
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > import_services.max_bytes():
            form.add_error(
                "file",
                gettext("حجم الملف أكبر من الحد المسموح (%(max)s ميغابايت): قسّمه إلى ملفات أصغر.")
                % {"max": import_services.max_bytes() // (1024 * 1024)},
            )
        else:
            try:
                batch = import_services.upload(
                    actor=request.user,
                    data=uploaded.read(),
                    name=uploaded.name,
                    branch=form.cleaned_data["branch"],
                    default_channel=form.cleaned_data["default_channel"],
                )
            except DomainError as error:
                form.add_error("file", error.message)
            else:
                return redirect("registry:import_batch", pk=batch.pk)
    recent = ImportBatch.objects.filter(uploaded_by=request.user)[:10]
    return render(
        request,
        "registry/import/upload.html",
        {"form": form, "recent": recent, "max_mb": import_services.max_bytes() // (1024 * 1024)},
    )


@permission_required(IMPORT)
@never_cache
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's page: its progress, its mapping step, its preview, or its result."""
    current = _batch_for(request.user, pk)
    context: dict = {"batch": current}
    if current.status == ImportBatch.Status.MAPPING:
        context["form"] = MappingForm(headers=current.headers, mapping=current.mapping)
    if current.status in (ImportBatch.Status.PREVIEWED, ImportBatch.Status.IMPORTED):
        context.update(_rows_page(request, current))
    return render(request, "registry/import/batch.html", context)


def _rows_page(request: HttpRequest, current: ImportBatch) -> dict:
    status = request.GET.get("status", "")
    rows = ImportRow.objects.filter(batch=current).order_by("row")
    if status in ImportRowStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "status_filter": status,
        "statuses": ImportRowStatus.choices,
        "page": page,
        "run_all": RunForm(initial={"mode": "all"}),
        "run_valid": RunForm(initial={"mode": "valid_only"}),
    }


@permission_required(IMPORT)
@never_cache
def progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress bar, polled by htmx while the worker reads, checks or imports."""
    current = _batch_for(request.user, pk)
    response = render(request, "registry/import/partials/progress.html", {"batch": current})
    if not current.busy and request.htmx:
        response["HX-Refresh"] = "true"  # done: show the batch's next step
    return response


@permission_required(IMPORT)
@require_POST
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    current = _batch_for(request.user, pk)
    form = MappingForm(request.POST, headers=current.headers, mapping=current.mapping)
    if form.is_valid():
        try:
            import_services.set_mapping(current, actor=request.user, mapping=form.mapping())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            return redirect("registry:import_batch", pk=current.pk)
    return render(request, "registry/import/batch.html", {"batch": current, "form": form})


@permission_required(IMPORT)
@require_POST
def run(request: HttpRequest, pk: int) -> HttpResponse:
    current = _batch_for(request.user, pk)
    form = RunForm(request.POST)
    if form.is_valid():
        try:
            import_services.start_import(
                current, actor=request.user, mode=form.cleaned_data["mode"]
            )
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, gettext("اختر ما يُستورد."))
    return redirect("registry:import_batch", pk=current.pk)


@permission_required(IMPORT)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    current = _batch_for(request.user, pk)
    try:
        import_services.cancel(current, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, gettext("أُلغيت الدفعة وحُذف الملف المرفوع."))
    return redirect("registry:import_upload")


@permission_required(IMPORT)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's report as CSV (the same columns as the command's)."""
    current = _batch_for(request.user, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(REPORT_COLUMNS)
    for row in ImportRow.objects.filter(batch=current).order_by("row").iterator(chunk_size=2000):
        duplicate_of = (
            str(row.duplicate_of_row or "")
            or row.duplicate_of_file
            or (row.candidates[0] if row.candidates else "")
        )
        if row.errors:
            for error in row.errors:
                writer.writerow(
                    [row.row, row.status, error["column"], error["message"], duplicate_of, ""]
                )
            continue
        writer.writerow([row.row, row.status, "", "", duplicate_of, row.file_number])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{current.pk}-report.csv"'
    return response


@permission_required(IMPORT)
def template(request: HttpRequest) -> HttpResponse:
    """An empty Excel sheet with the recognised headers, and one example row."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("المستفيدون")
    sheet.right_to_left()
    bold = workbook.add_format({"bold": True})
    text = workbook.add_format({"num_format": "@"})
    headers = list(TEMPLATE_HEADERS.values())
    sheet.write_row(0, 0, headers, bold)
    example = {
        "full_name": "محمد عبد الله سعد الحربي",
        "identity_type": "هوية وطنية",
        "identity_number": "1000000008",
        "sex": "ذكر",
        "birth_date": "1410/05/20هـ",
        "mobile": "0501234567",
        "city": "الليث",
        "household": "1",
        "relationship": "رب الأسرة",
    }
    for column, key in enumerate(TEMPLATE_HEADERS):
        sheet.set_column(column, column, 18, text)
        if key in example:
            sheet.write_string(1, column, example[key])
    workbook.close()
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="silah-beneficiaries-template.xlsx"'
    return response
