"""The beneficiary list as an Excel workbook: Arabic headers, a right-to-left sheet, dates as
dates. Every exported file is recorded in the read log (channel "export")."""

from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.audit.models import AccessLog
from silah.audit.services import log_read
from silah.registry.models import Beneficiary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
READ_CODE = "export"


def _columns() -> list[tuple[str, int]]:
    return [
        (_("رقم الملف"), 18),
        (_("الاسم الأول"), 14),
        (_("اسم الأب"), 14),
        (_("اسم الجد"), 14),
        (_("اسم العائلة"), 16),
        (_("نوع الهوية"), 14),
        (_("رقم الهوية"), 14),
        (_("الجنسية"), 8),
        (_("الجنس"), 8),
        (_("تاريخ الميلاد"), 13),
        (_("الحالة الاجتماعية"), 14),
        (_("رقم الجوال"), 15),
        (_("البريد الإلكتروني"), 24),
        (_("وسيلة التواصل المتفق عليها"), 18),
        (_("المدينة"), 12),
        (_("الحي"), 14),
        (_("العنوان المختصر"), 12),
        (_("الفئات"), 28),
        (_("الفرع"), 20),
        (_("الحالة"), 10),
        (_("ضابط الاتصال"), 18),
        (_("الباحث الاجتماعي"), 18),
        (_("تاريخ التسجيل"), 13),
    ]


def _staff(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _categories(beneficiary: Beneficiary) -> str:
    names = []
    for link in beneficiary.category_links.all():
        name = link.category.name
        names.append(f"{name} ({link.detail})" if link.detail else name)
    return "، ".join(names)


def _row(beneficiary: Beneficiary) -> list:
    return [
        beneficiary.file_number,
        beneficiary.first_name,
        beneficiary.father_name,
        beneficiary.grandfather_name,
        beneficiary.family_name,
        beneficiary.get_identity_type_display(),
        beneficiary.identity_number,
        beneficiary.nationality,
        beneficiary.get_sex_display(),
        beneficiary.birth_date,
        beneficiary.get_marital_status_display() if beneficiary.marital_status else "",
        beneficiary.mobile,
        beneficiary.email,
        beneficiary.get_preferred_channel_display(),
        beneficiary.city,
        beneficiary.district,
        beneficiary.short_address,
        _categories(beneficiary),
        str(beneficiary.branch),
        beneficiary.get_status_display(),
        _staff(beneficiary.liaison_officer),
        _staff(beneficiary.assigned_researcher),
        timezone.localtime(beneficiary.created_at).date(),
    ]


def write_workbook(beneficiaries: Iterable[Beneficiary]) -> tuple[bytes, list[Beneficiary]]:
    """The workbook's bytes and the beneficiaries written in it, in order."""
    output = io.BytesIO()
    book = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = book.add_worksheet(_("المستفيدون"))
    sheet.right_to_left()
    header = book.add_format({"bold": True, "bg_color": "#E8F1EE", "border": 1})
    date = book.add_format({"num_format": "yyyy-mm-dd"})
    text = book.add_format({"num_format": "@"})
    columns = _columns()
    for index, (title, width) in enumerate(columns):
        sheet.write_string(0, index, title, header)
        sheet.set_column(index, index, width)
    written = []
    for row_number, beneficiary in enumerate(beneficiaries, start=1):
        for column, value in enumerate(_row(beneficiary)):
            if value is None or value == "":
                continue
            if hasattr(value, "isoformat"):
                sheet.write_datetime(row_number, column, value, date)
            else:
                # Text always: identity numbers and mobiles must not turn into numbers.
                sheet.write_string(row_number, column, str(value), text)
        written.append(beneficiary)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(written), 1), len(columns) - 1)
    book.close()
    return output.getvalue(), written


def beneficiaries_workbook_response(
    queryset: QuerySet[Beneficiary], *, reader: AbstractBaseUser
) -> HttpResponse:
    """The workbook as a download, each exported file logged as read by `reader`."""
    rows = queryset.select_related(
        "branch", "liaison_officer", "assigned_researcher"
    ).prefetch_related("category_links__category")
    content, written = write_workbook(rows.iterator(chunk_size=500))
    with transaction.atomic():
        for beneficiary in written:
            log_read(reader, beneficiary, what=READ_CODE, channel=AccessLog.Channel.EXPORT)
    name = f"beneficiaries-{timezone.localdate():%Y%m%d}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
