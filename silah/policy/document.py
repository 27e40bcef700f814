"""The published policy document (HTML page and PDF), rendered from a version's data alone.

One template, `policy/document/body.html`, is the document: the public page includes it and
the PDF wraps it (`policy/document/pdf.html`, print CSS in `@page`). What it shows comes from
`document_context(version)`: the association's letterhead, the title, the version and its
status, a table of contents, the text sections as written (references to rules such as
"{مدة_الرد}" replaced by the rule's phrase, `silah.policy.references`; then each line a
paragraph, lines starting "- " a list), each structured rule stated by
`silah.policy.sentences`, and the board's approval in both calendars.

Decisions:

- The document is always Arabic (rendered under `translation.override("ar")`, marked
  `lang="ar" dir="rtl"`), also on the English page: it is the text the board approved, and its
  sections exist only in Arabic. The page around it follows the visitor's language.
- Order: the text sections in their stored order, except "responsibilities", which the
  seeds put last (001); then the rule statements in RULE_GROUPS order; then the
  responsibilities; then the policy's review period; then the approval. The rule lists are numbered, as the seeds number
  their channels and tools.
- Every run of digits (deadlines, resolution numbers, dates) is isolated in
  `<bdi dir="ltr">` by `silah.core.dates.bdi_digits`; a resolution number, phone number,
  e-mail or web address is isolated whole.
- A tool of the relations officer with a link is listed with it ("name: address"), the
  address whole in `<bdi dir="ltr">` so it can be read and copied; on the page it is also a
  link, when it is an http(s) address (anything else is shown, never linked). The PDF prints
  it as text: a printed page cannot be clicked, and the text copies back whole.
- The logo is embedded as a `data:` URI in the page and the PDF: the page needs no media
  URL, and WeasyPrint fetches nothing. Its URL fetcher (`LocalFetcher`) serves `data:` URIs
  and files under the static and media folders only; http(s) and every other scheme are
  refused, so rendering never touches the network.
- A draft says "مسودة — غير معتمدة" under the title, at the foot of every PDF page, and in
  the approval block, where the printed draft leaves blanks for the board's resolution. Not
  as a diagonal watermark: text across the body breaks the lines `pdftotext` (and a person
  copying from the PDF) reads back.
- The PDF is set in Noto Naskh Arabic throughout (headings too): Noto Sans Arabic and Noto
  Kufi Arabic map the lam-alef ligature back to "ال" ("العالقة"), so copied text is wrong.
- A published (approved or superseded) version's PDF is cached (`published_pdf`) under a key
  of its id, its last change and the association's letterhead, so the public link does not
  render on every visit; drafts are rendered every time.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from weasyprint.urls import URLFetcher

from silah.core.dates import bdi_digits, format_dual_html
from silah.core.pdf import write_pdf
from silah.policy.models import Organization, PolicyVersion
from silah.policy.references import render_references
from silah.policy.rules import PolicyRules, Section, Tool
from silah.policy.sentences import ITEM, RuleStatement, rule_sentences

DOCUMENT_LANGUAGE = "ar"
LOGO_MAX_BYTES = 1_000_000
LOGO_TYPES = {"image/png", "image/jpeg", "image/gif", "image/svg+xml", "image/webp"}
PDF_CACHE_SECONDS = 3600
PUBLIC_STATUSES = (PolicyVersion.Status.APPROVED, PolicyVersion.Status.SUPERSEDED)

# -- blocks of text ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    """A paragraph (`text`) or a list (`items`, numbered when `ordered`)."""

    text: SafeString | None = None
    items: list[SafeString] = field(default_factory=list)
    ordered: bool = False

    @property
    def is_list(self) -> bool:
        return self.text is None


def blocks(lines: list[str], *, ordered_lists: bool = False) -> list[Block]:
    """Paragraphs and lists from lines: each line a paragraph, consecutive lines starting
    with "- " one list. Text is escaped; digit runs are isolated in `<bdi>`."""
    result: list[Block] = []
    items: list[SafeString] = []
    for raw in lines:
        line = raw.strip()
        if line.startswith(ITEM.strip()) and (line == "-" or line.startswith(ITEM)):
            item = line[len(ITEM) :].strip()
            if item:
                items.append(bdi_digits(item))
            continue
        if items:
            result.append(Block(items=items, ordered=ordered_lists))
            items = []
        if line:
            result.append(Block(text=bdi_digits(line)))
    if items:
        result.append(Block(items=items, ordered=ordered_lists))
    return result


@dataclass(frozen=True)
class Part:
    """A titled part of the document: a text section or a rule group."""

    anchor: str
    title: str
    blocks: list[Block]
    generated: bool = False  # stated by Silah from a structured rule


def _html(message: str, **values: SafeString | str) -> SafeString:
    """`message` (a translated string with %(name)s placeholders) escaped, with `values`
    (escaped unless already safe) put in."""
    escaped = {name: conditional_escape(value) for name, value in values.items()}
    return mark_safe(str(conditional_escape(message)) % escaped)  # every piece escaped


def _isolated(value: str) -> SafeString:
    """A phone number, e-mail or web address: left to right whatever surrounds it."""
    return format_html('<bdi dir="ltr">{}</bdi>', value)


def _isolated_auto(value: str) -> SafeString:
    """A number that may carry Arabic letters ("2024/2م"): isolated, its direction taken from
    its first letter, so "2024/2م" reads as written in Arabic text and "2024/2" as a number."""
    return format_html("<bdi>{}</bdi>", value)


# -- the association ---------------------------------------------------------------------------


def logo_data_uri(organization: Organization) -> str:
    """The logo as a `data:` URI, or "" if there is none (or it is not a small image)."""
    if not organization.logo:
        return ""
    kind = mimetypes.guess_type(organization.logo.name)[0] or ""
    if kind not in LOGO_TYPES:
        return ""
    try:
        if organization.logo.size > LOGO_MAX_BYTES:
            return ""
        with organization.logo.open("rb") as handle:
            data = handle.read()
    except OSError:
        return ""
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


def _authority(organization: Organization) -> str:
    if organization.licence_authority == Organization.LicenceAuthority.OTHER:
        return organization.licence_authority_other
    return str(organization.get_licence_authority_display())


def letterhead(organization: Organization) -> dict[str, Any]:
    place = [p for p in (organization.city, organization.region) if p]
    contact = []
    if organization.phone:
        contact.append(_html(_("الهاتف: %(phone)s"), phone=_isolated(organization.phone)))
    if organization.email:
        contact.append(
            _html(_("البريد الإلكتروني: %(email)s"), email=_isolated(organization.email))
        )
    if organization.website:
        contact.append(_html(_("الموقع: %(website)s"), website=_isolated(organization.website)))
    if organization.address:
        contact.append(_html(_("العنوان: %(address)s"), address=organization.address))
    return {
        "country": _("المملكة العربية السعودية"),
        "authority": _authority(organization),
        "name": organization.name,
        "name_en": organization.name_en,
        "licence": _html(
            _("ترخيص رقم %(number)s"), number=_isolated_auto(organization.licence_number)
        )
        if organization.licence_number
        else "",
        "place": _("، ").join(place),
        "contact": contact,
        "logo_src": logo_data_uri(organization),
        "logo_alt": _("شعار %(name)s") % {"name": organization.name},
    }


# -- the approval ------------------------------------------------------------------------------


def approval(version: PolicyVersion, lang: str | None = DOCUMENT_LANGUAGE) -> dict[str, Any]:
    """The approval block: the board's resolution in both calendars, or the draft's mark.
    Dates are in `lang` (the active language when None)."""
    lines: list[SafeString] = []
    if version.is_draft or version.approved_on is None:
        return {
            "is_draft": True,
            "lines": [_html(_("لم يعتمد مجلس الإدارة هذا الإصدار بعد."))],
            "blanks": [_("رقم قرار مجلس الإدارة:"), _("الاجتماع:"), _("تاريخ الاعتماد:")],
        }
    date = format_dual_html(version.approved_on, lang)
    resolution = _isolated_auto(version.resolution_number)
    if version.meeting:
        lines.append(
            _html(
                _(
                    "اعتمدت بقرار مجلس الإدارة رقم %(resolution)s في اجتماعه %(meeting)s بتاريخ %(date)s."
                ),
                resolution=resolution,
                meeting=bdi_digits(version.meeting),
                date=date,
            )
        )
    else:
        lines.append(
            _html(
                _("اعتمدت بقرار مجلس الإدارة رقم %(resolution)s بتاريخ %(date)s."),
                resolution=resolution,
                date=date,
            )
        )
    if version.status == PolicyVersion.Status.SUPERSEDED and version.superseded_on:
        lines.append(
            _html(
                _("انتهى العمل بهذا الإصدار في %(date)s."),
                date=format_dual_html(version.superseded_on, lang),
            )
        )
    elif version.next_review_on:
        lines.append(
            _html(
                _("موعد المراجعة القادمة: %(date)s."),
                date=format_dual_html(version.next_review_on, lang),
            )
        )
    return {"is_draft": False, "lines": lines, "blanks": []}


# -- the document ------------------------------------------------------------------------------


def _section_part(
    index: int, section: Section, rules: PolicyRules, organization: Organization
) -> Part:
    body = render_references(section.body, rules, organization)
    return Part(f"section-{index}", section.title, blocks(body.splitlines()))


def _web_address(link: str) -> bool:
    return re.match(r"https?://[^\s]+$", link, flags=re.IGNORECASE) is not None


def tool_item(tool: Tool, *, for_print: bool = False) -> SafeString:
    """A tool in the list of the relations officer's tools: its name, and its link when it
    has one, isolated left to right (a link on the page, text in the PDF)."""
    link = tool.link.strip()
    if not link:
        return bdi_digits(tool.name)
    if for_print or not _web_address(link):
        shown = _isolated(link)
    else:
        shown = format_html('<a href="{}"><bdi dir="ltr">{}</bdi></a>', link, link)
    return _html(_("%(name)s: %(link)s"), name=bdi_digits(tool.name), link=shown)


def _rule_part(statement: RuleStatement, rules: PolicyRules, *, for_print: bool) -> Part:
    part_blocks = blocks(statement.sentences, ordered_lists=True)
    if statement.key == "tools" and any(tool.link.strip() for tool in rules.tools):
        # The lead sentence, then the tools with their links (the sentences list names only).
        part_blocks = [
            *blocks(statement.sentences[:1]),
            Block(items=[tool_item(t, for_print=for_print) for t in rules.tools], ordered=True),
        ]
    return Part(
        f"rule-{statement.key.replace('_', '-')}", statement.title, part_blocks, generated=True
    )


def document_parts(version: PolicyVersion, *, for_print: bool = False) -> list[Part]:
    """The titled parts in document order (see the module's docstring)."""
    rules_data = version.parsed_rules()
    organization = version.organization
    sections = list(enumerate(version.parsed_sections(), start=1))
    before = [
        _section_part(i, s, rules_data, organization)
        for i, s in sections
        if s.kind != "responsibilities"
    ]
    after = [
        _section_part(i, s, rules_data, organization)
        for i, s in sections
        if s.kind == "responsibilities"
    ]
    rules = [
        _rule_part(statement, rules_data, for_print=for_print)
        for statement in rule_sentences(rules_data, organization=organization)
    ]
    last = [part for part in rules if part.anchor == "rule-review-every-months"]
    rules = [part for part in rules if part not in last]
    return [*before, *rules, *after, *last]


def _status_line(version: PolicyVersion) -> SafeString:
    return _html(
        _("الإصدار رقم %(number)s — %(status)s"),
        number=_isolated(str(version.number)),
        status=str(version.get_status_display()),
    )


def _css_content(message: str, counters: dict[str, str]) -> str:
    """A CSS `content` value from a translated message with %(name)s placeholders, each
    replaced by a CSS counter: "صفحة %(page)s من %(pages)s" → "صفحة " counter(page) …"""
    pieces = re.split(r"%\((\w+)\)s", message)
    out = []
    for i, piece in enumerate(pieces):
        if i % 2:
            out.append(counters[piece])
        elif piece:
            out.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return " ".join(out)


def document_context(version: PolicyVersion, *, for_print: bool = False) -> dict[str, Any]:
    """Everything `policy/document/body.html` shows, in Arabic (see the module docstring)."""
    with translation.override(DOCUMENT_LANGUAGE):
        parts = document_parts(version, for_print=for_print)
        approval_block = approval(version)
        approval_title = _("اعتماد مجلس الإدارة")
        draft_mark = _("مسودة — غير معتمدة")
        toc = [{"anchor": part.anchor, "title": part.title} for part in parts]
        toc.append({"anchor": "approval", "title": approval_title})
        return {
            "version": version,
            "organization": version.organization,
            "letterhead": letterhead(version.organization),
            "title": version.title,
            "status_line": _status_line(version),
            "is_draft": version.is_draft,
            "draft_mark": draft_mark,
            "draft_mark_css": _css_content(draft_mark, {}),
            "toc_title": _("جدول المحتويات"),
            "toc": toc,
            "parts": parts,
            "approval_title": approval_title,
            "approval": approval_block,
            "for_print": for_print,
            "page_counter": _css_content(
                _("صفحة %(page)s من %(pages)s"),
                {"page": "counter(page)", "pages": "counter(pages)"},
            ),
            "document_css": _document_css() if for_print else "",
            "language": DOCUMENT_LANGUAGE,
        }


def _document_css() -> str:
    path = finders.find("policy/document.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def document_html(version: PolicyVersion) -> SafeString:
    """The document as HTML to put inside a page (`policy/document/body.html`)."""
    context = document_context(version)
    with translation.override(DOCUMENT_LANGUAGE):
        return mark_safe(render_to_string("policy/document/body.html", context))  # a template


# -- the PDF -----------------------------------------------------------------------------------


def _local_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.STATIC_ROOT)]
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple) else entry))
    roots.append(Path(__file__).resolve().parent / "static")
    return [root.resolve() for root in roots]


class LocalFetcher(URLFetcher):
    """Serves `data:` URIs and files under the static and media folders; refuses the rest
    (http, https, ftp, any other file), so a PDF is rendered without the network."""

    def fetch(self, url: str, headers: dict | None = None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            from urllib.parse import unquote, urlsplit

            path = Path(unquote(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in _local_roots()) and path.is_file():
                return super().fetch(url, headers)
        raise ValueError(f"not fetched: {url[:80]}")


def render_pdf(version: PolicyVersion, *, base_url: str | None = None) -> bytes:
    """The version as an A4, right-to-left PDF (any status: the board prints drafts)."""
    context = document_context(version, for_print=True)
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string("policy/document/pdf.html", context)
    return write_pdf(html, base_url=base_url, url_fetcher=LocalFetcher())


def _letterhead_fingerprint(organization: Organization) -> str:
    fields = [
        str(getattr(organization, f.attname))
        for f in Organization._meta.concrete_fields
        if f.attname != "id"
    ]
    return hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:16]


def published_pdf(version: PolicyVersion) -> bytes:
    """`render_pdf` of an approved or superseded version, cached; drafts are never cached."""
    if version.status not in PUBLIC_STATUSES:
        return render_pdf(version)
    key = "policy-pdf:{}:{}:{}".format(
        version.pk,
        version.updated_at.timestamp() if version.updated_at else "",
        _letterhead_fingerprint(version.organization),
    )
    pdf = cache.get(key)
    if pdf is None:
        pdf = render_pdf(version)
        cache.set(key, pdf, PDF_CACHE_SECONDS)
    return pdf


def pdf_filename(version: PolicyVersion) -> str:
    """An ASCII file name for the PDF: silah-policy-v3.pdf (silah-policy-v4-draft.pdf)."""
    suffix = "-draft" if version.is_draft else ""
    return f"silah-policy-v{version.number}{suffix}.pdf"


# -- public reads ------------------------------------------------------------------------------


def public_versions(organization: Organization | None):
    """The versions the public may read (approved or superseded), newest first."""
    if organization is None:
        return PolicyVersion.objects.none()
    return organization.policy_versions.filter(status__in=PUBLIC_STATUSES).order_by("-number")


def public_version(organization: Organization | None, number: int) -> PolicyVersion | None:
    """The approved or superseded version with this number; None for drafts and the rest."""
    return public_versions(organization).filter(number=number).first()


def version_summary(version: PolicyVersion) -> SafeString:
    """One line for the list of versions, in the active language: its approval (and when
    it stopped applying)."""
    return mark_safe(" ".join(str(line) for line in approval(version, None)["lines"]))  # escaped
