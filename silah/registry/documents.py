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

import io
from dataclasses import dataclass
from typing import IO

import puremagic
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from silah.core.errors import DomainError


@dataclass(frozen=True)
class Kind:
    code: str
    content_type: str
    extension: str
    signatures: tuple[tuple[int, bytes], ...]  # (offset, bytes): any one must match
    label: str


# Every kind Silah knows how to check; the setting chooses which of them are accepted.
KINDS: dict[str, Kind] = {
    "pdf": Kind("pdf", "application/pdf", ".pdf", ((0, b"%PDF-"),), "PDF"),
    "jpeg": Kind("jpeg", "image/jpeg", ".jpg", ((0, b"\xff\xd8\xff"),), "JPEG"),
    "png": Kind("png", "image/png", ".png", ((0, b"\x89PNG\r\n\x1a\n"),), "PNG"),
    "heic": Kind(
        "heic",
        "image/heic",
        ".heic",
        tuple((4, b"ftyp" + brand) for brand in (b"heic", b"heix", b"mif1", b"msf1", b"heim")),
        "HEIC",
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
    "expiry_past": _("تاريخ الانتهاء مضى: ارفع وثيقة سارية."),
    "not_current": _("هذه الوثيقة استُبدلت أو حُذفت من قبل."),
    "reason_required": _("اكتب سبب الحذف أو الاستبدال."),
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
}

REASON_UPLOADED = "رفع وثيقة"


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


def sniff(data: bytes) -> Kind:
    """The allowed kind `data` is, by its content alone; DomainError (field "file") if none.

    puremagic names the candidates; the kind's own signature must then be at its offset
    (puremagic also matches inside a file), and an image must open with Pillow.
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
            _check_image(kind, data)
            return kind
    raise _error("kind", field="file", kinds=_kinds_text())


def _check_image(kind: Kind, data: bytes) -> None:
    if kind.code not in ("jpeg", "png"):
        return
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds of error on a damaged or disguised file
        raise _error("damaged", field="file") from None
