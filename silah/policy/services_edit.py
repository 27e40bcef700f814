"""Writes of the policy editing screens, beside `silah.policy.services`.

- `update_organization`: the association's details and logo (creates it the first time).
- `start_draft`: a new draft from the version in force, from a preset or blank; the tool
  files of the version it copies come with it.
- `update_rule_group`: one rule group of a draft, and for the tools their files, together.
- `check_logo` / `check_tool_file`: what an uploaded file may be, read from its content.

Guards raise DomainError(message, field=...) like the services they sit beside.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from silah.audit.history import annotate_change
from silah.core.errors import DomainError
from silah.core.phones import normalize_phone
from silah.policy import presets, services
from silah.policy.models import Organization, PolicyVersion, ToolDocument
from silah.policy.rules import RULE_GROUPS

LOGO_MAX_BYTES = 1_000_000  # as silah.policy.document embeds it
TOOL_FILE_MAX_BYTES = 10 * 1024 * 1024

# Logo formats (Pillow's names) and the extension the stored file gets.
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp", "GIF": "gif"}

ORGANIZATION_FIELDS = (
    "name",
    "name_en",
    "licence_number",
    "licence_authority",
    "licence_authority_other",
    "region",
    "city",
    "website",
    "phone",
    "email",
    "address",
    "beneficiary_term",
    "beneficiary_term_plural",
    "beneficiary_term_en",
)

SOURCE_IN_FORCE = "in_force"
SOURCE_BLANK = "blank"
PRESET_PREFIX = "preset:"


# -- files ------------------------------------------------------------------------------------


def _head(upload: UploadedFile, size: int = 8) -> bytes:
    upload.seek(0)
    head = upload.read(size)
    upload.seek(0)
    return head


def _image_format(upload: UploadedFile) -> str | None:
    """The extension of an image Pillow can read and verify (PNG, JPEG, WEBP, GIF), or None."""
    from PIL import Image, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    finally:
        upload.seek(0)
    return LOGO_FORMATS.get(image_format or "")


def check_logo(upload: UploadedFile, *, field: str = "logo") -> str:
    """The logo's extension ("png", "jpg", …) if it is an image of at most 1 MB, read from
    its content (never from its name)."""
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise DomainError(_("حجم الشعار أكبر من 1 ميجابايت. صغّر الصورة ثم أعد رفعها."), field=field)
    extension = _image_format(upload)
    if extension is None:
        raise DomainError(
            _("الملف ليس صورة مقبولة. ارفع الشعار بصيغة PNG أو JPEG أو WEBP."), field=field
        )
    return extension


def _office_kind(upload: UploadedFile) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    for prefix, extension in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
        if any(name.startswith(prefix) for name in names):
            return extension
    return None


def check_tool_file(upload: UploadedFile, *, field: str = "file") -> str:
    """The extension a tool's file is stored with: PDF, Word, Excel, PowerPoint or an image,
    read from its content, at most 10 MB."""
    if upload.size is not None and upload.size > TOOL_FILE_MAX_BYTES:
        raise DomainError(_("حجم الملف أكبر من 10 ميجابايت."), field=field)
    head = _head(upload)
    extension = None
    if head.startswith(b"%PDF-"):
        extension = "pdf"
    elif head.startswith(b"PK"):
        extension = _office_kind(upload)
    else:
        extension = _image_format(upload)
    if extension is None:
        raise DomainError(
            _("نوع الملف غير مقبول. ارفع ملف PDF أو Word أو Excel أو PowerPoint أو صورة."),
            field=field,
        )
    return extension


# -- the association --------------------------------------------------------------------------


@transaction.atomic
def update_organization(
    organization: Organization | None, *, actor, logo: Any = None, **fields: Any
) -> Organization:
    """Save the association's details; creates the association when there is none yet.

    `logo`: None keeps the current one, False removes it, an uploaded file replaces it.
    """
    unknown = set(fields) - set(ORGANIZATION_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if organization is None or organization.pk is None:
        organization = Organization.current() or Organization()
    if organization.pk is not None:
        organization = Organization.objects.select_for_update().get(pk=organization.pk)
    for name, value in fields.items():
        setattr(organization, name, value.strip() if isinstance(value, str) else value)
    if not organization.name:
        raise DomainError(_("اكتب اسم الجمعية."), field="name")
    if (
        organization.licence_authority == Organization.LicenceAuthority.OTHER
        and not organization.licence_authority_other
    ):
        raise DomainError(_("اكتب اسم جهة الترخيص."), field="licence_authority_other")
    if organization.licence_authority != Organization.LicenceAuthority.OTHER:
        organization.licence_authority_other = ""
    if organization.phone:
        try:
            organization.phone = normalize_phone(organization.phone, allow_landline=True)
        except ValidationError as error:
            raise DomainError(error.messages[0], field="phone") from None
    for term in ("beneficiary_term", "beneficiary_term_plural", "beneficiary_term_en"):
        if not getattr(organization, term):
            raise DomainError(_("اكتب التسمية المستخدمة للمستفيد."), field=term)
    try:
        organization.full_clean(exclude=["logo"])
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=name) from None
    if logo is False:
        organization.logo = ""
    elif isinstance(logo, UploadedFile):
        extension = check_logo(logo)
        organization.logo.save(f"logo.{extension}", logo, save=False)
    annotate_change(organization, reason="update_organization", actor=actor)
    organization.save()
    return organization


# -- drafts -----------------------------------------------------------------------------------


def _copy_tool_files(source: PolicyVersion, draft: PolicyVersion) -> None:
    """The draft starts with the files of the version it copies (the same stored files:
    a version's files are never deleted from storage, an older version may still use them)."""
    tool_names = {tool.name for tool in draft.parsed_rules().tools}
    ToolDocument.objects.bulk_create(
        ToolDocument(
            version=draft,
            tool_name=document.tool_name,
            file=document.file.name,
            uploaded_by=document.uploaded_by,
        )
        for document in source.tool_files.all()
        if document.tool_name in tool_names
    )


@transaction.atomic
def start_draft(organization: Organization, *, actor, source: str) -> PolicyVersion:
    """A new draft: `source` is "in_force", "blank" or "preset:<code>"."""
    if source == SOURCE_BLANK:
        return services.start_draft(organization, actor=actor, blank=True)
    if source == SOURCE_IN_FORCE:
        base = services.version_in_force(organization)
        if base is None:
            raise DomainError(_("لا يوجد إصدار نافذ تبدأ منه. ابدأ من نموذج أو من سياسة فارغة."))
        draft = services.start_draft(organization, actor=actor)
        _copy_tool_files(base, draft)
        return draft
    if source.startswith(PRESET_PREFIX):
        try:
            preset = presets.load_preset(source.removeprefix(PRESET_PREFIX))
        except DomainError as error:
            raise DomainError(error.message, field="source") from None
        draft = services.start_draft(
            organization,
            actor=actor,
            sections=preset.sections,
            rules=preset.rules,
            preset=preset.code,
        )
        return services.update_draft(draft, actor=actor, title=preset.version_title)
    raise DomainError(_("اختر من أين تبدأ المسودة."), field="source")


@transaction.atomic
def update_rule_group(
    version: PolicyVersion,
    *,
    actor,
    group: str,
    value: Any,
    tool_files: dict[str, Any] | None = None,
    renamed_tools: dict[str, str] | None = None,
) -> PolicyVersion:
    """Replace one rule group of a draft; the other groups stay as they are.

    For the tools: `renamed_tools` maps a tool's old name to its new one (its file follows
    it); `tool_files` maps a tool's name to an uploaded file, or to False to remove its file.
    A tool that is no longer listed loses its file row (the stored file stays for older
    versions).
    """
    if group not in RULE_GROUPS:
        raise DomainError(_("مجموعة قواعد غير معروفة."))
    rules = dict(version.rules or {})
    rules[group] = value
    version = services.update_draft(version, actor=actor, rules=rules)
    if group == "tools":
        _update_tool_files(version, actor, tool_files or {}, renamed_tools or {})
    return version


def _update_tool_files(
    version: PolicyVersion, actor, files: dict[str, Any], renamed: dict[str, str]
) -> None:
    documents = {d.tool_name: d for d in version.tool_files.select_for_update()}
    names = {tool.name for tool in version.parsed_rules().tools}
    moving = [(old, new) for old, new in renamed.items() if old != new and old in documents]
    for old, _new in moving:  # free the names first: two tools may swap theirs
        # a name no person types (PostgreSQL refuses NUL in text)
        documents[old].tool_name = f"\u2060moving-{documents[old].pk}\u2060"
        documents[old].save(update_fields=["tool_name"])
    for old, new in moving:
        ToolDocument.objects.filter(version=version, tool_name=new).delete()
        documents[old].tool_name = new
        documents[old].save(update_fields=["tool_name"])
    version.tool_files.exclude(tool_name__in=names).delete()
    for name, upload in files.items():
        if name not in names:
            continue
        if upload is False:
            version.tool_files.filter(tool_name=name).delete()
        elif isinstance(upload, UploadedFile):
            extension = check_tool_file(upload)
            document = version.tool_files.filter(tool_name=name).first() or ToolDocument(
                version=version, tool_name=name
            )
            document.uploaded_by = actor
            document.file.save(f"tool.{extension}", upload, save=False)
            document.save()
