"""What the registry holds for a person in documents, consents and attestations: the
holders that merge, the PDPL copy and destruction walk (`silah.registry.holders`)."""

from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from silah.registry.holders import Holder
from silah.registry.models import Attestation, Consent, Document, RemovedRecord
from silah.registry.storage import private_storage


def _when(value) -> str:
    return value.isoformat(timespec="minutes") if value else ""


def _staff(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# -- merge: everything moves to the survivor ----------------------------------------------------


def merge_documents(survivor, merged) -> None:
    Document.objects.filter(beneficiary=merged).update(beneficiary=survivor)


def merge_consents(survivor, merged) -> None:
    """Both ledgers become one; the latest answer per purpose (by time) stays the answer."""
    Consent.objects.filter(beneficiary=merged).update(beneficiary=survivor)


def merge_attestations(survivor, merged) -> None:
    """Moved as they are; the survivor's current data decides whether a new one is needed."""
    Attestation.objects.filter(beneficiary=merged).update(beneficiary=survivor)


# -- export: readable rows for the PDPL copy ----------------------------------------------------


def export_documents(beneficiary) -> list[dict[str, Any]]:
    with translation.override("ar"):
        return [
            {
                "النوع": document.document_type.name,
                "الحالة": str(document.get_state_display()),
                "تاريخ الانتهاء": document.expires_on.isoformat() if document.expires_on else "",
                "رُفعت في": _when(document.uploaded_at),
                "رفعها": _staff(document.uploaded_by),
                "نوع المحتوى": document.content_type,
                "الحجم بالبايت": document.size,
                "ملاحظة": document.note,
                "سبب الحذف أو الاستبدال": document.removal_reason,
            }
            for document in beneficiary.documents.select_related(
                "document_type", "uploaded_by"
            ).order_by("uploaded_at", "pk")
        ]


def export_consents(beneficiary) -> list[dict[str, Any]]:
    with translation.override("ar"):
        return [
            {
                "الغرض": str(row.get_purpose_display()),
                "الجواب": "موافق" if row.granted else "غير موافق",
                "الطريقة": str(row.get_how_display()),
                "في": _when(row.at),
                "سجّله": _staff(row.actor),
                "ملاحظة": row.note,
            }
            for row in beneficiary.consents.select_related("actor").order_by("at", "pk")
        ]


def export_attestations(beneficiary) -> list[dict[str, Any]]:
    with translation.override("ar"):
        return [
            {
                "الطريقة": str(row.get_method_display()),
                "في": _when(row.attested_at),
                "الشاهد": _staff(row.witnessed_by),
                "الاسم كما كتبه": row.typed_name,
                "نص الإقرار": row.text,
            }
            for row in beneficiary.attestations.select_related("witnessed_by").order_by(
                "attested_at", "pk"
            )
        ]


# -- destroy: files and rows go; a count says they existed --------------------------------------


def _remember(kind: str, count: int) -> None:
    if count:
        RemovedRecord.objects.create(kind=kind, count=count)


def destroy_documents(beneficiary) -> None:
    """Delete every stored file (after commit) and every row, with its change history."""
    rows = Document.objects.filter(beneficiary=beneficiary)
    names = [name for name in rows.values_list("file", flat=True) if name]
    count = rows.count()
    rows.delete()
    # Every change, and the deletion itself, wrote a history row with the values: remove them.
    Document.history.filter(beneficiary_id=beneficiary.pk).delete()
    _remember("document", count)
    storage = private_storage()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def destroy_consents(beneficiary) -> None:
    count, _rows = Consent.objects.filter(beneficiary=beneficiary).delete()
    _remember("consent", count)


def destroy_attestations(beneficiary) -> None:
    count, _rows = Attestation.objects.filter(beneficiary=beneficiary).delete()
    _remember("attestation", count)


HOLDERS = [
    Holder(
        key="registry.attestations",
        label=_("الإقرارات بصحة البيانات"),
        order=40,
        merge=merge_attestations,
        export=export_attestations,
        destroy=destroy_attestations,
    ),
    Holder(
        key="registry.consents",
        label=_("الموافقات"),
        order=41,
        merge=merge_consents,
        export=export_consents,
        destroy=destroy_consents,
    ),
    Holder(
        key="registry.documents",
        label=_("الوثائق"),
        order=42,
        merge=merge_documents,
        export=export_documents,
        destroy=destroy_documents,
    ),
]
