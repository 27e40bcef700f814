"""The one write the screens need beside the workflow: a signed delivery slip kept in the
beneficiary's file under its own document type."""

from __future__ import annotations

from typing import IO

from django.contrib.auth.base_user import AbstractBaseUser
from django.utils.translation import gettext as _

from silah.applications.models import Application
from silah.applications.workflow import RECEIPT_DOCUMENT_TYPE
from silah.registry.models import Document, DocumentType


def receipt_document_type() -> DocumentType:
    """The document type of signed delivery slips (made the first time it is needed; its
    names are data in both languages, not the language of whoever delivered first)."""
    return DocumentType.objects.get_or_create(
        code=RECEIPT_DOCUMENT_TYPE,
        defaults={"name": "سند استلام موقّع", "name_en": "Signed delivery receipt", "order": 85},
    )[0]


def upload_receipt_slip(
    application: Application, *, actor: AbstractBaseUser, upload: IO[bytes]
) -> Document:
    """Keep the signed slip in the beneficiary's file (checked as every document is)."""
    from silah.registry.documents import upload_document

    return upload_document(
        application.beneficiary,
        actor=actor,
        document_type=receipt_document_type(),
        upload=upload,
        note=_("سند استلام الطلب %(reference)s") % {"reference": application.reference},
    )
