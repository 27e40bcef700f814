"""The documents tab and the view that serves a file: access, logging, headers, errors."""

import datetime as dt

import pytest

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.registry.documents import upload_document
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Document
from silah.registry.tests.documents_helpers import (
    PDF,
    doc_type,
    image_bytes,
    private_media,  # noqa: F401 (fixture)
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


@pytest.fixture
def beneficiary(branch):
    return BeneficiaryFactory(branch=branch)


@pytest.fixture
def document(beneficiary, officer):
    return upload_document(
        beneficiary,
        actor=officer,
        document_type=doc_type("id_copy"),
        upload=upload("id.pdf", PDF),
        expires_on=dt.date(2020, 1, 1),
    )


def test_the_tab_lists_documents_with_type_expiry_and_uploader(client, officer, document):
    client.force_login(officer)
    html = client.get(f"/beneficiaries/{document.beneficiary_id}/documents/").content.decode()
    assert "صورة الهوية" in html
    assert "منتهية" in html
    assert officer.get_full_name() in html
    assert str(document.uid) in html


def test_the_file_is_served_with_safe_headers_and_the_read_logged(client, officer, document):
    client.force_login(officer)
    before = AccessLog.objects.filter(what="document").count()
    response = client.get(f"/beneficiaries/{document.beneficiary_id}/documents/{document.uid}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "filename=" in response["Content-Disposition"]
    assert "id.pdf" not in response["Content-Disposition"]
    log = AccessLog.objects.filter(what="document")
    assert log.count() == before + 1
    assert log.latest("pk").user == officer


def test_each_read_is_logged(client, officer, document):
    client.force_login(officer)
    url = f"/beneficiaries/{document.beneficiary_id}/documents/{document.uid}/"
    client.get(url)
    client.get(url)
    assert AccessLog.objects.filter(what="document", user=officer).count() == 2


def test_a_researcher_not_assigned_gets_404_and_nothing_is_logged(client, document):
    researcher = UserFactory(roles=["social_researcher"])
    client.force_login(researcher)
    url = f"/beneficiaries/{document.beneficiary_id}/documents/{document.uid}/"
    assert client.get(url).status_code == 404
    assert client.get(f"/beneficiaries/{document.beneficiary_id}/documents/").status_code == 404
    assert not AccessLog.objects.filter(user=researcher).exists()


def test_the_assigned_researcher_can_open_the_document(client, document):
    researcher = UserFactory(roles=["social_researcher"])
    document.beneficiary.assigned_researcher = researcher
    document.beneficiary.save()
    client.force_login(researcher)
    url = f"/beneficiaries/{document.beneficiary_id}/documents/{document.uid}/"
    assert client.get(url).status_code == 200


def test_a_document_under_another_file_number_is_404(client, officer, branch, document):
    other = BeneficiaryFactory(branch=branch)
    client.force_login(officer)
    assert client.get(f"/beneficiaries/{other.pk}/documents/{document.uid}/").status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, document):
    url = f"/beneficiaries/{document.beneficiary_id}/documents/{document.uid}/"
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_upload_through_the_tab_is_saved(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/documents/",
        {
            "document_type": doc_type("income_proof").pk,
            "file": upload("salary.png", image_bytes("PNG"), "image/png"),
        },
    )
    assert response.status_code == 302
    assert Document.objects.get().content_type == "image/png"


def test_a_disguised_file_is_refused_at_its_field_and_nothing_saved(
    client, officer, beneficiary, settings
):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/documents/",
        {
            "document_type": doc_type("income_proof").pk,
            "file": upload("salary.pdf", image_bytes("PNG"), "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert "لا يطابق امتداده" in response.content.decode()
    assert 'id="id_file_error"' in response.content.decode()
    assert Document.objects.count() == 0
    assert stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT) == []


def test_a_missing_expiry_is_shown_at_its_field(client, officer, beneficiary):
    client.force_login(officer)
    response = client.post(
        f"/beneficiaries/{beneficiary.pk}/documents/",
        {"document_type": doc_type("id_copy").pk, "file": upload("id.pdf", PDF)},
    )
    assert "أدخل تاريخ انتهاء هذه الوثيقة." in response.content.decode()
    assert Document.objects.count() == 0


def test_replace_and_delete_through_their_pages(client, officer, document):
    client.force_login(officer)
    base = f"/beneficiaries/{document.beneficiary_id}/documents/{document.uid}"
    assert client.get(f"{base}/replace/").status_code == 200
    response = client.post(
        f"{base}/replace/",
        {
            "document_type": document.document_type.pk,
            "file": upload("new.pdf", PDF),
            "expires_on": "2030/01/01م",
            "reason": "هوية مجددة",
        },
    )
    assert response.status_code == 302, response.content.decode()
    new = Document.objects.get(state="current")
    response = client.post(
        f"/beneficiaries/{new.beneficiary_id}/documents/{new.uid}/delete/",
        {"reason": "خطأ"},
    )
    assert response.status_code == 302
    assert set(Document.objects.values_list("state", flat=True)) == {"replaced", "deleted"}


def test_a_liaison_officer_without_the_permission_cannot_upload(client, document):
    liaison = UserFactory(roles=["liaison_officer"])
    document.beneficiary.liaison_officer = liaison
    document.beneficiary.save()
    client.force_login(liaison)
    url = f"/beneficiaries/{document.beneficiary_id}/documents/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"document_type": doc_type("other").pk, "file": upload("x.pdf", PDF)}
    )
    assert response.status_code == 404
    assert Document.objects.count() == 1
