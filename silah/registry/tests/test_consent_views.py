"""The consent tab: answers, the attestation on screen and on paper, the printed form."""

import pytest

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Attestation, Consent
from silah.registry.queries import has_consent
from silah.registry.tests.documents_helpers import (
    image_bytes,
    private_media,  # noqa: F401 (fixture)
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def beneficiary(branch):
    return BeneficiaryFactory(branch=branch)


def test_the_tab_shows_the_attestation_needed_and_each_purpose(client, officer, beneficiary):
    client.force_login(officer)
    response = client.get(f"/beneficiaries/{beneficiary.pk}/consent/")
    html = response.content.decode()
    assert "يحتاج إقرارًا جديدًا" in html
    assert "تلقي الرسائل التوعوية" in html
    assert AccessLog.objects.filter(what="consent", user=officer).exists()


def test_a_grant_through_the_tab(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/consent/change/",
        {"purpose": "awareness", "answer": "grant", "how": "in_person"},
    )
    assert response.status_code == 302
    assert has_consent(beneficiary, "awareness")


def test_a_form_without_the_way_is_refused_at_its_field(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/consent/change/",
        {"purpose": "awareness", "answer": "grant"},
    )
    assert response.status_code == 400
    assert "اختر طريقة تعبير المستفيد." in response.content.decode()
    assert Consent.objects.count() == 0


def test_attesting_on_screen_with_a_wrong_name_is_refused(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/consent/attest/",
        {"typed_name": "نورة علي حسن الزهراني", "confirmed": "on"},
    )
    assert response.status_code == 400
    assert "لا يطابق اسم صاحب الملف" in response.content.decode()
    assert Attestation.objects.count() == 0


def test_attesting_on_screen(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/consent/attest/",
        {"typed_name": "فاطمة علي حسن الزهراني", "confirmed": "on"},
    )
    assert response.status_code == 302
    html = client.get(f"/beneficiaries/{beneficiary.pk}/consent/").content.decode()
    assert "البيانات مُقرّ بها" in html


def test_uploading_the_signed_form(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/consent/attest/paper/",
        {"file": upload("signed.jpg", image_bytes("JPEG"), "image/jpeg")},
    )
    assert response.status_code == 302
    assert Attestation.objects.get().document.document_type.code == "signed_attestation"


def test_the_printed_form_is_a_pdf_and_its_print_is_logged(client, officer, beneficiary):
    client.force_login(officer)
    response = client.get(f"/beneficiaries/{beneficiary.pk}/consent/attestation.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert AccessLog.objects.filter(what="attestation_form", channel="print").count() == 1


def test_staff_outside_the_file_get_404(client, beneficiary):
    other = UserFactory(roles=["relations_officer"])
    client.force_login(other)
    assert client.get(f"/beneficiaries/{beneficiary.pk}/consent/").status_code == 404
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/consent/change/",
        {"purpose": "awareness", "answer": "grant", "how": "in_person"},
    )
    assert response.status_code == 404
    assert Consent.objects.count() == 0
