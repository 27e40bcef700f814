"""The intake receipt and the decision letter (PDF, read back with pdftotext), and the
accountant's Excel of deliveries."""

import io
import subprocess
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from python_calamine import CalamineWorkbook

from silah.applications import exporting, pdf, workflow
from silah.applications import factories as f
from silah.applications.tests.helpers import advance, receive
from silah.audit.models import AccessLog

pytestmark = pytest.mark.django_db


def text_of(data: bytes) -> str:
    assert data.startswith(b"%PDF")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode("utf-8").split())


def has(text: str, words: str) -> bool:
    # pdftotext gives right-to-left lines in visual order: look for each word.
    return all(word in text for word in words.split())


@time_machine.travel("2026-04-06 09:00 +03:00", tick=False)
def test_the_receipt_says_the_reference_what_is_missing_the_body_and_when(
    policy, beneficiary, service, officer
):
    document_item = service.requirements.get(kind="document")
    ticked = [pk for pk in f.everything_present(service) if pk != document_item.pk]
    application = receive(beneficiary, service, officer, ticked=ticked)
    text = text_of(pdf.receipt_pdf(application))
    assert application.reference in text
    assert has(text, "إيصال استلام طلب")
    assert has(text, "إثبات الدخل")
    assert has(text, "لجنة البحث")
    assert has(text, "يبدأ احتساب موعد الرد عند اكتمال الطلب")
    assert has(text, "1447") and "2026" in text  # the date in both calendars
    assert has(text, "المقابلة الشخصية")


@time_machine.travel("2026-04-06 09:00 +03:00", tick=False)
def test_a_complete_requests_receipt_gives_the_due_date_in_both_calendars(
    policy, beneficiary, service, officer
):
    application = receive(beneficiary, service, officer)
    text = text_of(pdf.receipt_pdf(application))
    # Due Monday 20 April 2026 = 3 Dhu al-Qadah 1447.
    assert has(text, "أبريل 2026") and "20" in text
    assert has(text, "ذو القعدة") or has(text, "ذي القعدة")
    assert not has(text, "ما ينقص الطلب")


def test_the_decision_letter_gives_the_outcome_and_the_reason(
    policy, beneficiary, service, officer, manager, researcher
):
    application = receive(beneficiary, service, officer)
    application = advance(
        application, "in_review", officer=officer, manager=manager, researcher=researcher
    )
    application.deciding_body = "management"
    application.save(update_fields=["deciding_body"])
    application = workflow.record_decision(
        application,
        actor=manager,
        expected_version=application.row_version,
        outcome="reject",
        reason="دخل الأسرة أعلى من الحد المعتمد للخدمة",
    )
    text = text_of(pdf.decision_letter_pdf(application))
    assert application.reference in text
    assert has(text, "الاعتذار عن قبول الطلب")
    assert has(text, "دخل الأسرة أعلى من الحد المعتمد للخدمة")
    assert has(text, "الإدارة")
    assert has(text, beneficiary.first_name)


def test_the_accountants_workbook_lists_each_delivery_with_a_total(
    policy, beneficiary, service, officer, manager, researcher
):
    application = receive(beneficiary, service, officer)
    application = advance(
        application, "in_delivery", officer=officer, manager=manager, researcher=researcher
    )
    workflow.record_delivery(
        application,
        actor=officer,
        expected_version=application.row_version,
        kind="cash",
        amount=Decimal("1250.50"),
        receipt="signature",
        receipt_name=beneficiary.full_name,
        receipt_confirmed=True,
        final=False,
    )
    application.refresh_from_db()
    workflow.record_delivery(
        application,
        actor=officer,
        expected_version=application.row_version,
        kind="in_kind",
        items=[("سلة غذائية", 2, "سلة"), ("بطانية", "3", "")],
        receipt="slip",
        receipt_document=f.document(beneficiary, "other"),
    )
    response = exporting.disbursements_workbook_response(reader=manager)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    rows = book.get_sheet_by_index(0).to_python()
    assert rows[0][0] == "رقم الطلب"
    body = rows[1:3]
    assert {row[0] for row in body} == {application.reference}
    amounts = sorted(row[9] for row in body if row[9] != "")
    assert amounts == [1250.5]
    items = next(row[10] for row in body if row[10])
    assert "سلة غذائية × 2 سلة" in items and "بطانية × 3" in items
    assert rows[3][8] == "الإجمالي"
    assert AccessLog.objects.filter(
        user=manager, channel=AccessLog.Channel.EXPORT, object_id=str(beneficiary.pk)
    ).exists()


def test_an_officer_cannot_export_the_deliveries(officer):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        exporting.disbursements_workbook_response(reader=officer)


def test_delivered_on_is_a_date_cell(policy, beneficiary, service, officer, manager, researcher):
    application = advance(
        receive(beneficiary, service, officer),
        "delivered",
        officer=officer,
        manager=manager,
        researcher=researcher,
    )
    content, people = exporting.write_workbook(
        exporting.for_export(application.disbursements.all())
    )
    rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert isinstance(rows[1][1], date)
    assert people == {beneficiary.pk}
