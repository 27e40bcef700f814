"""Documents: checked by their content, kept in the private storage, replaced and deleted
with their history, expired ones flagged."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.registry.documents import (
    delete_document,
    read_document,
    replace_document,
    upload_document,
)
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Document
from silah.registry.queries import current_documents, expired_documents
from silah.registry.tests.documents_helpers import (
    EXECUTABLE,
    PDF,
    doc_type,
    image_bytes,
    private_media,  # noqa: F401 (fixture)
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]


def _upload(officer, beneficiary, name, data, *, code="income_proof", **kwargs):
    return upload_document(
        beneficiary,
        actor=officer,
        document_type=doc_type(code),
        upload=upload(name, data),
        **kwargs,
    )


def test_a_pdf_is_kept_in_the_private_folder_under_a_random_name(officer, settings):
    beneficiary = BeneficiaryFactory()
    document = _upload(officer, beneficiary, "هوية أحمد.pdf", PDF)
    [path] = stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT)
    assert path.read_bytes() == PDF
    assert "أحمد" not in str(path) and path.suffix == ".pdf"
    assert (document.content_type, document.size, document.uploaded_by) == (
        "application/pdf",
        len(PDF),
        officer,
    )
    assert read_document(document) == PDF


@pytest.mark.parametrize(("name", "kind"), [("scan.png", "PNG"), ("photo.JPG", "JPEG")])
def test_images_are_accepted_by_their_content(officer, name, kind):
    document = _upload(officer, BeneficiaryFactory(), name, image_bytes(kind))
    assert document.content_type == f"image/{kind.lower()}"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("report.pdf", image_bytes("PNG"), "لا يطابق امتداده"),
        ("photo.jpg", EXECUTABLE, "نوع محتوى الملف غير مقبول"),
        ("notes.pdf", b"just some text, not a PDF", "نوع محتوى الملف غير مقبول"),
        ("empty.pdf", b"", "الملف فارغ"),
        ("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "تعذرت قراءة الصورة"),
    ],
)
def test_a_file_whose_content_is_not_allowed_is_refused_and_nothing_is_saved(
    officer, settings, name, data, expected
):
    beneficiary = BeneficiaryFactory()
    with pytest.raises(DomainError) as error:
        _upload(officer, beneficiary, name, data)
    assert error.value.field == "file"
    assert expected in error.value.message
    assert Document.objects.count() == 0
    assert stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT) == []


def test_a_file_over_the_size_limit_is_refused(officer, settings):
    settings.SILAH_DOCUMENT_MAX_MB = 1
    data = PDF + b"0" * (1024 * 1024)
    with pytest.raises(DomainError) as error:
        _upload(officer, BeneficiaryFactory(), "big.pdf", data)
    assert "أكبر من الحد المسموح (1 ميغابايت)" in error.value.message
    assert Document.objects.count() == 0
    assert stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT) == []


def test_a_kind_left_out_of_the_setting_is_refused(officer, settings):
    settings.SILAH_DOCUMENT_KINDS = ["pdf"]
    with pytest.raises(DomainError) as error:
        _upload(officer, BeneficiaryFactory(), "scan.png", image_bytes("PNG"))
    assert "الأنواع المقبولة PDF" in error.value.message


def test_a_type_with_an_expiry_needs_the_date(officer):
    with pytest.raises(DomainError) as error:
        _upload(officer, BeneficiaryFactory(), "id.pdf", PDF, code="id_copy")
    assert error.value.field == "expires_on"
    assert Document.objects.count() == 0


def test_a_type_without_an_expiry_takes_no_date(officer):
    with pytest.raises(DomainError) as error:
        _upload(officer, BeneficiaryFactory(), "x.pdf", PDF, expires_on=dt.date(2030, 1, 1))
    assert error.value.field == "expires_on"


def test_staff_without_the_permission_cannot_upload():
    hr = UserFactory(roles=["hr"])
    with pytest.raises(PermissionDenied):
        _upload(hr, BeneficiaryFactory(), "x.pdf", PDF)
    assert Document.objects.count() == 0


def test_an_expired_document_is_flagged(officer):
    beneficiary = BeneficiaryFactory()
    old = _upload(
        officer, beneficiary, "id.pdf", PDF, code="id_copy", expires_on=dt.date(2020, 1, 1)
    )
    valid = _upload(
        officer, beneficiary, "lease.pdf", PDF, code="lease", expires_on=dt.date(2099, 1, 1)
    )
    _upload(officer, beneficiary, "income.pdf", PDF)
    assert list(expired_documents(Document.objects.all())) == [old]
    assert valid not in expired_documents(beneficiary.documents.all())


def test_replacing_keeps_the_old_file_and_points_to_the_new(officer, settings):
    beneficiary = BeneficiaryFactory()
    old = _upload(
        officer, beneficiary, "id.pdf", PDF, code="id_copy", expires_on=dt.date(2020, 1, 1)
    )
    new = replace_document(
        old,
        actor=officer,
        upload=upload("renewed.png", image_bytes("PNG")),
        expires_on=dt.date(2030, 1, 1),
        reason="هوية مجددة",
    )
    old.refresh_from_db()
    assert (old.state, old.replaced_by, old.removal_reason) == ("replaced", new, "هوية مجددة")
    assert list(current_documents(beneficiary)) == [new]
    assert len(stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT)) == 2
    assert list(expired_documents()) == []
    assert old.history.first().history_change_reason == "هوية مجددة"


def test_a_replacement_needs_a_reason(officer):
    old = _upload(officer, BeneficiaryFactory(), "x.pdf", PDF)
    with pytest.raises(DomainError) as error:
        replace_document(old, actor=officer, upload=upload("y.pdf", PDF), reason=" ")
    assert error.value.field == "reason"
    assert Document.objects.count() == 1


def test_deleting_removes_the_file_and_keeps_the_row(
    officer, settings, django_capture_on_commit_callbacks
):
    document = _upload(officer, BeneficiaryFactory(), "x.pdf", PDF)
    with django_capture_on_commit_callbacks(execute=True):
        delete_document(document, actor=officer, reason="رُفعت في ملف آخر خطأً")
    document.refresh_from_db()
    assert (document.state, document.file.name, document.removed_by) == ("deleted", "", officer)
    assert stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT) == []


def test_a_deleted_document_cannot_be_deleted_or_replaced_again(officer):
    document = _upload(officer, BeneficiaryFactory(), "x.pdf", PDF)
    delete_document(document, actor=officer, reason="خطأ")
    with pytest.raises(DomainError):
        delete_document(document, actor=officer, reason="خطأ")
    with pytest.raises(DomainError):
        replace_document(document, actor=officer, upload=upload("y.pdf", PDF), reason="خطأ")
    assert Document.objects.count() == 1
