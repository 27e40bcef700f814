"""Documents, consents and attestations in merge, the PDPL copy and destruction."""

import pytest

from silah.registry.attestation import attest_on_screen
from silah.registry.documents import upload_document
from silah.registry.factories import BeneficiaryFactory
from silah.registry.holders import holders
from silah.registry.models import Attestation, Consent, Document, RemovedRecord
from silah.registry.services import grant_consent
from silah.registry.tests.documents_helpers import (
    PDF,
    doc_type,
    private_media,  # noqa: F401 (fixture)
    stored_files,
    upload,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

KEYS = ("registry.attestations", "registry.consents", "registry.documents")


def _mine():
    return [holder for holder in holders() if holder.key in KEYS]


def _fill(beneficiary, officer):
    upload_document(
        beneficiary,
        actor=officer,
        document_type=doc_type("income_proof"),
        upload=upload("x.pdf", PDF),
        note="راتب شهر رجب",
    )
    grant_consent(beneficiary, "awareness", actor=officer, how="in_person")
    attest_on_screen(
        beneficiary, actor=officer, typed_name="فاطمة علي حسن الزهراني", confirmed=True
    )


def test_the_three_holders_are_registered():
    assert [holder.key for holder in _mine()] == list(KEYS)


def test_merge_moves_everything_to_the_survivor(officer):
    survivor, merged = BeneficiaryFactory(), BeneficiaryFactory()
    _fill(merged, officer)
    for holder in _mine():
        holder.merge(survivor, merged)
    for model in (Document, Consent, Attestation):
        assert model.objects.filter(beneficiary=survivor).count() == 1
        assert not model.objects.filter(beneficiary=merged).exists()


def test_the_copy_has_readable_rows(officer):
    beneficiary = BeneficiaryFactory()
    _fill(beneficiary, officer)
    sections = {holder.key: holder.export(beneficiary) for holder in _mine()}
    assert sections["registry.documents"][0]["النوع"] == "إثبات الدخل"
    assert sections["registry.documents"][0]["ملاحظة"] == "راتب شهر رجب"
    assert sections["registry.consents"][0]["الجواب"] == "موافق"
    assert "صحيحة" in sections["registry.attestations"][0]["نص الإقرار"]


def test_destruction_removes_files_rows_and_history_and_keeps_counts(
    officer, settings, django_capture_on_commit_callbacks
):
    beneficiary = BeneficiaryFactory()
    _fill(beneficiary, officer)
    with django_capture_on_commit_callbacks(execute=True):
        for holder in _mine():
            holder.destroy(beneficiary)
    for model in (Document, Consent, Attestation):
        assert not model.objects.filter(beneficiary=beneficiary).exists()
    assert not Document.history.filter(note="راتب شهر رجب").exists()
    assert stored_files(settings.SILAH_PRIVATE_MEDIA_ROOT) == []
    assert set(RemovedRecord.objects.values_list("kind", "count")) == {
        ("document", 1),
        ("consent", 1),
        ("attestation", 1),
    }
