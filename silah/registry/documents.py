"""Beneficiaries' documents: what may be uploaded, where it is kept, and the verbs on it.

- Content is sniffed (puremagic, then the format's own signature, then Pillow for images):
  the name and the browser's content type are never trusted. Allowed kinds and the size limit
  are settings (`SILAH_DOCUMENT_KINDS`, `SILAH_DOCUMENT_MAX_MB`, docs/configuration.md).
- Files live in a private storage (`SILAH_PRIVATE_MEDIA_ROOT`, default var/private/), outside
  MEDIA_ROOT and the static folders, under random names; only
  `silah.registry.views_documents.document_file` serves them, to staff who may open the file.
- Replacing keeps the old file (its row says "replaced" and points to the new one); deleting
  removes the file and keeps the row (type, who, when, why) for the history.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import uuid
from dataclasses import dataclass
from typing import IO

import puremagic
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silah.audit.history import annotate_change
from silah.core.errors import DomainError
from silah.registry.models import Beneficiary, Document, DocumentType
from silah.registry.storage import private_storage


@dataclass(frozen=True)
class Kind:
    code: str
    content_type: str
    extension: str
    signatures: tuple[tuple[int, bytes], ...]  # (offset, bytes): any one must match
    label: str
    names: tuple[str, ...] = ()  # the extensions a file of this kind may be named with


# Every kind Silah knows how to check; the setting chooses which of them are accepted.
KINDS: dict[str, Kind] = {
    "pdf": Kind("pdf", "application/pdf", ".pdf", ((0, b"%PDF-"),), "PDF", (".pdf",)),
    "jpeg": Kind(
        "jpeg", "image/jpeg", ".jpg", ((0, b"\xff\xd8\xff"),), "JPEG", (".jpg", ".jpeg", ".jfif")
    ),
    "png": Kind("png", "image/png", ".png", ((0, b"\x89PNG\r\n\x1a\n"),), "PNG", (".png",)),
    "heic": Kind(
        "heic",
        "image/heic",
        ".heic",
        tuple((4, b"ftyp" + brand) for brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim")),
        "HEIC",
        (".heic", ".heif"),
    ),
}
# puremagic's MIME type for each kind (HEIC is reported as HEIF).
_PUREMAGIC_TYPES = {
    "application/pdf": "pdf",
    "image/jpeg": "jpeg",
    "image/png": "png",
    "image/heif": "heic",
    "image/heic": "heic",
}

MESSAGES = {
    "empty": _("الملف فارغ: اختر الملف الصحيح وارفعه مرة أخرى."),
    "too_large": _("حجم الملف أكبر من الحد المسموح (%(limit)s ميغابايت): صغّره أو صوّره بدقة أقل."),
    "kind": _(
        "نوع محتوى الملف غير مقبول أو لا يطابق امتداده: الأنواع المقبولة %(kinds)s. "
        "احفظ الوثيقة بأحد هذه الأنواع وارفعها مرة أخرى."
    ),
    "damaged": _("تعذرت قراءة الصورة: يبدو أن الملف تالف. صوّر الوثيقة مرة أخرى."),
    "type": _("اختر نوع الوثيقة من القائمة."),
    "expiry_required": _("أدخل تاريخ انتهاء هذه الوثيقة."),
    "expiry_not_used": _("هذا النوع من الوثائق ليس له تاريخ انتهاء: امسح التاريخ."),
    "inactive_type": _("نوع الوثيقة «%(type)s» موقوف: اختر نوعًا آخر."),
    "not_current": _("هذه الوثيقة استُبدلت أو حُذفت من قبل."),
    "reason_required": _("اكتب سبب الحذف أو الاستبدال."),
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
}

REASON_UPLOADED = "رفع وثيقة"
REASON_REPLACED = "استبدال وثيقة"


def _error(code: str, *, field: str | None = None, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field=field)


# -- storage -----------------------------------------------------------------------------------


# -- checking an upload ------------------------------------------------------------------------


def allowed_kinds() -> list[Kind]:
    return [KINDS[code] for code in settings.SILAH_DOCUMENT_KINDS if code in KINDS]


def max_bytes() -> int:
    return settings.SILAH_DOCUMENT_MAX_MB * 1024 * 1024


def _kinds_text() -> str:
    return "، ".join(kind.label for kind in allowed_kinds())


def _read(upload: IO[bytes]) -> bytes:
    limit = max_bytes()
    if hasattr(upload, "seek"):
        upload.seek(0)
    if hasattr(upload, "chunks"):
        data = bytearray()
        for chunk in upload.chunks():
            data += chunk
            if len(data) > limit:
                raise _error("too_large", field="file", limit=settings.SILAH_DOCUMENT_MAX_MB)
        return bytes(data)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _error("too_large", field="file", limit=settings.SILAH_DOCUMENT_MAX_MB)
    return data


def sniff(data: bytes, name: str = "") -> Kind:
    """The allowed kind `data` is, by its content alone; DomainError (field "file") if none.

    puremagic names the candidates; the kind's own signature must then be at its offset
    (puremagic also matches inside a file), and an image must open with Pillow. A `name` with
    an extension must have one of the kind's (a PDF named .jpg is refused: it is a disguise).
    """
    if not data:
        raise _error("empty", field="file")
    if len(data) > max_bytes():
        raise _error("too_large", field="file", limit=settings.SILAH_DOCUMENT_MAX_MB)
    try:
        matches = puremagic.magic_string(data[:8192])
    except (puremagic.PureError, ValueError):
        matches = []
    allowed = {kind.code: kind for kind in allowed_kinds()}
    for match in matches:
        code = _PUREMAGIC_TYPES.get(match.mime_type)
        kind = allowed.get(code or "")
        if kind and any(data[at : at + len(sig)] == sig for at, sig in kind.signatures):
            if not _name_fits(name, kind):
                break
            _check_image(kind, data)
            return kind
    raise _error("kind", field="file", kinds=_kinds_text())


def _name_fits(name: str, kind: Kind) -> bool:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in base.strip("."):
        return True
    return "." + base.rsplit(".", 1)[1].lower() in kind.names


def _check_image(kind: Kind, data: bytes) -> None:
    if kind.code not in ("jpeg", "png"):
        return
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds of error on a damaged or disguised file
        raise _error("damaged", field="file") from None


# -- the verbs ---------------------------------------------------------------------------------


def _require(actor: AbstractBaseUser) -> None:
    if not actor.has_perm("registry.manage_documents"):
        raise PermissionDenied(str(MESSAGES["permission"]))


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason_required", field="reason")
    return reason[:500]


def _check_type(document_type: DocumentType | None, expires_on: dt.date | None) -> DocumentType:
    if document_type is None or not isinstance(document_type, DocumentType):
        raise _error("type", field="document_type")
    if not document_type.is_active:
        raise _error("inactive_type", field="document_type", type=document_type.name)
    if document_type.expires and expires_on is None:
        raise _error("expiry_required", field="expires_on")
    if not document_type.expires and expires_on is not None:
        raise _error("expiry_not_used", field="expires_on")
    return document_type


def _store(document: Document, data: bytes, kind: Kind) -> None:
    document.content_type = kind.content_type
    document.size = len(data)
    document.sha256 = hashlib.sha256(data).hexdigest()
    document.file.save(f"upload{kind.extension}", ContentFile(data), save=False)


def _save_or_forget(document: Document, *, reason: str, actor: AbstractBaseUser) -> None:
    """Save the row of a freshly stored file; if that fails, the file goes too. (A rollback
    of an outer transaction after this returns leaves an unreferenced file under a random
    name, never a row without its file.)"""
    try:
        annotate_change(document, reason=reason, actor=actor)
        with transaction.atomic():
            document.save()
    except BaseException:
        document.file.storage.delete(document.file.name)
        raise


def _new_document(
    beneficiary: Beneficiary,
    *,
    actor: AbstractBaseUser,
    document_type: DocumentType,
    upload: IO[bytes],
    expires_on: dt.date | None,
    note: str,
) -> tuple[Document, Kind, bytes]:
    document_type = _check_type(document_type, expires_on)
    data = _read(upload)
    kind = sniff(data, getattr(upload, "name", "") or "")
    document = Document(
        uid=uuid.uuid4(),
        beneficiary=beneficiary,
        document_type=document_type,
        expires_on=expires_on,
        note=" ".join((note or "").split())[:500],
        uploaded_by=actor,
        uploaded_at=timezone.now(),
    )
    return document, kind, data


@transaction.atomic
def upload_document(
    beneficiary: Beneficiary,
    *,
    actor: AbstractBaseUser,
    document_type: DocumentType,
    upload: IO[bytes],
    expires_on: dt.date | None = None,
    note: str = "",
    reason: str = "",
) -> Document:
    """Check `upload` by its content and keep it as a document of `beneficiary`."""
    _require(actor)
    document, kind, data = _new_document(
        beneficiary,
        actor=actor,
        document_type=document_type,
        upload=upload,
        expires_on=expires_on,
        note=note,
    )
    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).get()
    _store(document, data, kind)
    _save_or_forget(document, reason=reason or REASON_UPLOADED, actor=actor)
    return document


def _locked_current(document: Document) -> Document:
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.state != Document.State.CURRENT:
        raise _error("not_current", field="document")
    return locked


@transaction.atomic
def replace_document(
    document: Document,
    *,
    actor: AbstractBaseUser,
    upload: IO[bytes],
    reason: str,
    document_type: DocumentType | None = None,
    expires_on: dt.date | None = None,
    note: str = "",
) -> Document:
    """Put a new file in place of `document` (a renewed ID, a clearer scan). The old one keeps
    its file, marked "replaced" and pointing to the new one."""
    _require(actor)
    reason = _reason(reason)
    new, kind, data = _new_document(
        document.beneficiary,
        actor=actor,
        document_type=document_type or document.document_type,
        upload=upload,
        expires_on=expires_on,
        note=note,
    )
    old = _locked_current(document)
    _store(new, data, kind)
    _save_or_forget(new, reason=reason, actor=actor)
    old.state = Document.State.REPLACED
    old.replaced_by = new
    old.removed_by, old.removed_at, old.removal_reason = actor, timezone.now(), reason
    annotate_change(old, reason=reason, actor=actor)
    old.save(update_fields=["state", "replaced_by", "removed_by", "removed_at", "removal_reason"])
    document.state, document.replaced_by = old.state, new
    return new


@transaction.atomic
def delete_document(document: Document, *, actor: AbstractBaseUser, reason: str) -> Document:
    """Delete a document's file (uploaded to the wrong file, no longer needed); its row stays,
    marked "deleted", with who, when and why."""
    _require(actor)
    reason = _reason(reason)
    old = _locked_current(document)
    name = old.file.name
    old.state = Document.State.DELETED
    old.file = ""
    old.removed_by, old.removed_at, old.removal_reason = actor, timezone.now(), reason
    annotate_change(old, reason=reason, actor=actor)
    old.save(update_fields=["state", "file", "removed_by", "removed_at", "removal_reason"])
    if name:
        storage = private_storage()
        transaction.on_commit(lambda: storage.delete(name))
    document.state = old.state
    return old


def read_document(document: Document) -> bytes:
    """The stored bytes of a document (for the view that serves it and for the PDPL copy)."""
    with document.file.open("rb") as handle:
        return handle.read()
