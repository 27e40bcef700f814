"""Delivery with the beneficiary's receipt, the file's applications tab with the aid totals
per beneficiary and per household, and the accountant's export."""

import io
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from silah.applications.models import Disbursement
from silah.applications.tests.screens.support import unchanged
from silah.audit.models import AccessLog
from silah.core import dates
from silah.registry import services as registry_services
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Document
from silah.registry.tests.documents_helpers import PDF, upload

pytestmark = pytest.mark.django_db


def deliver(client, application, **data):
    data.setdefault("row_version", application.row_version)
    data.setdefault("final", "on")
    return client.post(f"/requests/{application.pk}/deliver/", data)


def test_cash_with_the_typed_name_delivers_the_request(client, world):
    application = world.in_delivery()
    client.force_login(world.officer)
    response = deliver(
        client,
        application,
        kind="cash",
        amount="1500",
        receipt="signature",
        receipt_name=world.beneficiary.full_name,
        receipt_confirmed="on",
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "delivered"
    assert Disbursement.objects.get().amount == Decimal("1500.00")


def test_in_kind_items_with_a_signed_slip_uploaded_to_the_file(client, world):
    application = world.in_delivery()
    client.force_login(world.officer)
    response = client.post(
        f"/requests/{application.pk}/deliver/",
        {
            "row_version": application.row_version,
            "kind": "in_kind",
            "item_name_1": "سلة غذائية",
            "item_quantity_1": "2",
            "item_unit_1": "سلة",
            "receipt": "slip",
            "slip": upload("slip.pdf", PDF),
            "final": "on",
        },
    )
    assert response.status_code == 302
    disbursement = Disbursement.objects.get()
    assert disbursement.items.get().quantity == Decimal("2.00")
    assert disbursement.receipt_document.document_type.code == "delivery_receipt"


def test_a_wrong_name_for_the_receipt_is_refused_at_its_field_and_nothing_changes(client, world):
    application = world.in_delivery()
    client.force_login(world.officer)
    with unchanged(application):
        response = deliver(
            client,
            application,
            kind="cash",
            amount="1500",
            receipt="signature",
            receipt_name="شخص آخر",
            receipt_confirmed="on",
        )
    assert response.status_code == 400
    assert 'id="deliver_receipt_name_error"' in response.content.decode()


def test_a_slip_receipt_without_the_slip_is_refused_and_keeps_no_document(client, world):
    application = world.in_delivery()
    documents = Document.objects.count()
    client.force_login(world.officer)
    with unchanged(application):
        response = deliver(client, application, kind="session", description="جلسة", receipt="slip")
    assert response.status_code == 400
    assert "ارفع سند الاستلام الموقّع." in response.content.decode()
    assert Document.objects.count() == documents


def test_an_item_without_its_quantity_is_refused(client, world):
    application = world.in_delivery()
    client.force_login(world.officer)
    with unchanged(application):
        response = deliver(
            client,
            application,
            kind="in_kind",
            item_name_1="بطانية",
            receipt="signature",
            receipt_name=world.beneficiary.full_name,
            receipt_confirmed="on",
        )
    assert response.status_code == 400
    assert "اكتب كمية الصنف." in response.content.decode()


def test_a_researcher_may_not_record_a_delivery(client, world):
    application = world.in_delivery()
    client.force_login(world.researcher)
    assert client.get(f"/requests/{application.pk}/deliver/").status_code == 403


def test_an_officer_of_another_branch_gets_404(client, world):
    application = world.in_delivery()
    client.force_login(world.other_officer)
    assert client.get(f"/requests/{application.pk}/deliver/").status_code == 404


def _delivered(world, client, amount="1000", beneficiary=None):
    application = world.in_delivery(world.receive(beneficiary=beneficiary))
    client.force_login(world.officer)
    deliver(
        client,
        application,
        kind="cash",
        amount=amount,
        receipt="signature",
        receipt_name=application.beneficiary.full_name,
        receipt_confirmed="on",
    )
    return application


def test_the_file_tab_lists_the_requests_and_the_aid_totals(client, world):
    _delivered(world, client, "1000")
    client.force_login(world.officer)
    response = client.get(f"/requests/beneficiary/{world.beneficiary.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "1,000.00" in html
    assert "الطلبات والمساعدات" in html  # the tab
    assert AccessLog.objects.filter(user=world.officer, what="applications").exists()


def test_the_household_total_adds_up_every_member(client, world):
    head = world.beneficiary
    household = registry_services.create_household(head, actor=world.manager)
    son = BeneficiaryFactory(branch=world.branch, first_name="سعد")
    from silah.applications import factories as f

    registry_services.add_member(household, son, relationship="son", actor=world.manager)
    f.document(son)
    f.attest(son)
    f.attest(head)  # the household is part of the data attested
    _delivered(world, client, "1000")
    _delivered(world, client, "500", beneficiary=son)
    client.force_login(world.officer)
    html = client.get(f"/requests/beneficiary/{head.pk}/").content.decode()
    assert "1,500.00" in html  # the household
    assert "1,000.00" in html  # the head alone


def test_the_totals_follow_the_period_chosen(client, world):
    _delivered(world, client, "1000")
    client.force_login(world.officer)
    html = client.get(
        f"/requests/beneficiary/{world.beneficiary.pk}/",
        {"start": "2000/01/01", "end": "2000/12/31"},
    ).content.decode()
    assert "1,000.00" not in html


def test_an_officer_of_another_branch_cannot_open_the_tab(client, world):
    client.force_login(world.other_officer)
    assert client.get(f"/requests/beneficiary/{world.beneficiary.pk}/").status_code == 404


def test_the_accountant_exports_the_deliveries_to_excel(client, world):
    application = _delivered(world, client, "1000")
    client.force_login(world.manager)
    page = client.get("/requests/deliveries/").content.decode()
    assert application.reference in page
    today = dates.today().strftime("%Y/%m/%d")
    response = client.get("/requests/deliveries/export.xlsx", {"start": today, "end": today})
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    text = " ".join(str(cell) for row in rows.to_python() for cell in row)
    assert application.reference in text


def test_an_officer_may_not_export_the_deliveries(client, world):
    client.force_login(world.officer)
    assert client.get("/requests/deliveries/").status_code == 403
    assert client.get("/requests/deliveries/export.xlsx").status_code == 403


def test_the_receipt_document_type_is_named_in_both_languages_whoever_delivers_first(db):
    from django.utils import translation

    from silah.applications.services_screens import receipt_document_type

    with translation.override("en"):
        kind = receipt_document_type()
    assert (kind.name, kind.name_en) == ("سند استلام موقّع", "Signed delivery receipt")
