"""Deliveries as an Excel workbook for the accountant: one row per delivery, amounts as
numbers (a SUM row at the foot), dates as dates with the Hijri date beside them, in-kind
items listed. Each beneficiary exported is recorded in the read log (channel "export")."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

import xlsxwriter
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.applications.models import Disbursement
from silah.applications.queries import disbursements_between
from silah.audit.models import AccessLog
from silah.audit.services import log_read
from silah.core import dates

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ_CODE = "disbursements_export"


def _columns() -> list[tuple[str, int]]:
    return [
        (_("رقم الطلب"), 18),
        (_("تاريخ التسليم"), 13),
        (_("التاريخ الهجري"), 13),
        (_("رقم الملف"), 18),
        (_("اسم المستفيد"), 30),
        (_("رقم الهوية"), 14),
        (_("الفرع"), 18),
        (_("الخدمة"), 24),
        (_("النوع"), 14),
        (_("المبلغ (ريال)"), 14),
        (_("الأصناف"), 36),
        (_("الوصف"), 28),
        (_("سلّمه"), 18),
        (_("إثبات الاستلام"), 20),
    ]


def _items(disbursement: Disbursement) -> str:
    return "، ".join(
        f"{item.name} × {item.quantity.normalize():f}{' ' + item.unit if item.unit else ''}"
        for item in disbursement.items.all()
    )


def _row(disbursement: Disbursement) -> list:
    application = disbursement.application
    beneficiary = application.beneficiary
    staff = disbursement.delivered_by
    return [
        application.reference,
        disbursement.delivered_on,
        dates.format_hijri(disbursement.delivered_on, "ar", style="short"),
        beneficiary.file_number,
        beneficiary.full_name,
        beneficiary.identity_number,
        str(application.branch),
        application.service.name,
        disbursement.get_kind_display(),
        disbursement.amount,
        _items(disbursement),
        disbursement.description,
        staff.get_full_name() or staff.get_username(),
        disbursement.get_receipt_display(),
    ]


def write_workbook(disbursements: Iterable[Disbursement]) -> tuple[bytes, set[int]]:
    """The workbook's bytes and the pks of the beneficiaries in it."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(_("المصروفات"))
    sheet.right_to_left()
    header = book.add_format({"bold": True, "bg_color": "#E8F1EE", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    money = book.add_format({"num_format": "#,##0.00"})
    total = book.add_format({"num_format": "#,##0.00", "bold": True, "top": 1})
    text = book.add_format({"num_format": "@"})
    columns = _columns()
    amount_column = 9
    for index, (title, width) in enumerate(columns):
        sheet.write_string(0, index, title, header)
        sheet.set_column(index, index, width)
    people: set[int] = set()
    row_number = 0
    for row_number, disbursement in enumerate(disbursements, start=1):
        people.add(disbursement.application.beneficiary_id)
        for column, value in enumerate(_row(disbursement)):
            if value is None or value == "":
                continue
            if isinstance(value, date):
                sheet.write_datetime(row_number, column, value, day)
            elif column == amount_column:
                sheet.write_number(row_number, column, float(value), money)
            else:
                sheet.write_string(row_number, column, str(value), text)
    if row_number:
        sheet.write_string(row_number + 1, amount_column - 1, _("الإجمالي"), header)
        sheet.write_formula(
            row_number + 1,
            amount_column,
            f"=SUM(J2:J{row_number + 1})",
            total,
        )
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(row_number, 1), len(columns) - 1)
    book.close()
    return output.getvalue(), people


def for_export(queryset: QuerySet[Disbursement]) -> QuerySet[Disbursement]:
    return (
        queryset.select_related(
            "application__beneficiary",
            "application__service",
            "application__branch",
            "delivered_by",
        )
        .prefetch_related("items")
        .order_by("delivered_on", "pk")
    )


def disbursements_workbook_response(
    *, reader: AbstractBaseUser, start: date | None = None, end: date | None = None
) -> HttpResponse:
    """The deliveries between `start` and `end` as a download; every beneficiary in it is
    logged as read by `reader`."""
    from silah.registry.models import Beneficiary

    if not reader.has_perm("applications.export_disbursements"):
        raise PermissionDenied
    content, people = write_workbook(
        for_export(disbursements_between(start, end)).iterator(chunk_size=500)
    )
    with transaction.atomic():
        for beneficiary in Beneficiary.objects.filter(pk__in=people):
            log_read(reader, beneficiary, what=READ_CODE, channel=AccessLog.Channel.EXPORT)
    name = f"disbursements-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
