"""The data-correctness attestation (الإقرار بصحة البيانات) every seed requires.

Where the text comes from (the policy in force; decided in docs/documents-consent.md):

1. a text section of the version in force whose title contains "إقرار" (an association
   writes its own attestation there, in the policy editor): its body is the text;
2. otherwise Silah's standard first-person statement, followed by the policy's own clause on
   the correctness of data (the item of a section that speaks of "صحة البيانات" or
   "صحة المعلومات", as seeds 000, 001 and 002 have it), quoted with the version's number;
3. with no such clause, or no version in force, the standard statement alone.

The attestation records a fingerprint (SHA-256) of the attested fields. A change of any of
them (names, identity, birth date, contact, address, household income, obligations, housing,
members) gives a different fingerprint, so `needs_attestation()` is computed at read time,
with no hook in the update services.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import IO, Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from silah.core.arabic import normalize_arabic
from silah.core.errors import DomainError
from silah.policy.models import Organization, PolicyVersion
from silah.policy.references import render_references
from silah.policy.services import version_in_force
from silah.registry.models import (
    ADDRESS_FIELDS,
    Attestation,
    AttestationMethod,
    Beneficiary,
    DocumentType,
)

SIGNED_FORM_TYPE = "signed_attestation"
FINGERPRINT_VERSION = "1"

# The beneficiary's own fields that the attestation covers.
ATTESTED_FIELDS = (
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "identity_type",
    "identity_number",
    "identity_reason",
    "nationality",
    "sex",
    "birth_date",
    "marital_status",
    "mobile",
    "mobile_2",
    "email",
    *ADDRESS_FIELDS,
)

# Words that mark the policy's clause on the correctness of the data.
_CLAUSE_MARKS = ("صحه البيانات", "صحه المعلومات")
_TITLE_MARK = "اقرار"

STANDARD_TEXT = (
    "أقر أنا الموقّع أدناه بأن جميع البيانات والمعلومات التي قدمتها إلى الجمعية، "
    "والمدونة في هذا الإقرار وفي ملفي لديها، صحيحة وكاملة، وأنني مسؤول مسؤولية مباشرة عن "
    "صحتها، وأتعهد بإبلاغ الجمعية بأي تغيير يطرأ عليها، وأعلم أن للجمعية التحقق منها وإيقاف "
    "الخدمة إذا ثبت عدم صحتها."
)
CLAUSE_LEAD = (
    "وذلك وفق ما نصت عليه سياسة تنظيم العلاقة مع المستفيدين المعتمدة (الإصدار %(number)s):"
)

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "name_required": _("يكتب المستفيد اسمه الكامل كما في ملفه."),
    "name_mismatch": _(
        "الاسم المكتوب لا يطابق اسم صاحب الملف: يكتب المستفيد اسمه الكامل كما في ملفه "
        "(الاسم الأول واسم الأب واسم الجد واسم العائلة)."
    ),
    "confirm": _("يؤكد المستفيد أنه قرأ الإقرار وأن بياناته صحيحة."),
    "no_form_type": _("نوع الوثيقة «نموذج الإقرار الموقّع» موقوف: أعد تفعيله من الإعدادات."),
}


def _error(code: str, *, field: str | None = None) -> DomainError:
    return DomainError(str(MESSAGES[code]), field=field)


# -- the text ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttestationText:
    text: str
    version: PolicyVersion | None
    source: str  # "section", "clause" or "standard"

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.text.splitlines() if line.strip()]


def _clause(version: PolicyVersion, organization: Organization | None) -> str:
    rules = version.parsed_rules()
    for section in version.parsed_sections():
        for line in section.body.splitlines():
            item = line.strip().removeprefix("-").strip()
            if any(mark in normalize_arabic(item) for mark in _CLAUSE_MARKS):
                return render_references(item, rules, organization)
    return ""


def attestation_text(version: PolicyVersion | None = None) -> AttestationText:
    """The attestation's text from `version` (by default the version in force)."""
    version = version or version_in_force()
    if version is None:
        return AttestationText(STANDARD_TEXT, None, "standard")
    organization = version.organization
    rules = version.parsed_rules()
    for section in version.parsed_sections():
        if _TITLE_MARK in normalize_arabic(section.title) and section.body.strip():
            body = render_references(section.body, rules, organization)
            lines = [line.strip().removeprefix("- ").strip() for line in body.splitlines()]
            return AttestationText("\n".join(line for line in lines if line), version, "section")
    clause = _clause(version, organization)
    if clause:
        with translation.override("ar"):
            lead = CLAUSE_LEAD % {"number": version.number}
        return AttestationText(f"{STANDARD_TEXT}\n{lead} «{clause}»", version, "clause")
    return AttestationText(STANDARD_TEXT, version, "standard")


# -- the fingerprint ---------------------------------------------------------------------------


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def attested_data(beneficiary: Beneficiary) -> dict[str, Any]:
    """The values the attestation covers: the person's fields and their current household's
    housing, rent, incomes, obligations and members."""
    data: dict[str, Any] = {name: _value(getattr(beneficiary, name)) for name in ATTESTED_FIELDS}
    membership = beneficiary.current_membership()
    if membership is None:
        data["household"] = None
        return data
    household = membership.household
    data["household"] = {
        "relationship": membership.relationship,
        "housing": household.housing,
        "rent_amount": _value(household.rent_amount),
        "incomes": sorted(
            [kind, _value(amount)]
            for kind, amount in household.incomes.values_list("kind", "monthly_amount")
        ),
        "obligations": sorted(
            [kind, _value(amount)]
            for kind, amount in household.obligations.values_list("kind", "monthly_amount")
        ),
        "members": sorted(
            [person, relationship]
            for person, relationship in household.memberships.filter(
                left_on__isnull=True
            ).values_list("beneficiary_id", "relationship")
        ),
    }
    return data


def fingerprint(beneficiary: Beneficiary) -> str:
    payload = json.dumps(
        [FINGERPRINT_VERSION, attested_data(beneficiary)], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def latest_attestation(beneficiary: Beneficiary) -> Attestation | None:
    return (
        beneficiary.attestations.select_related("witnessed_by", "document", "policy_version")
        .order_by("-attested_at", "-pk")
        .first()
    )


def needs_attestation(beneficiary: Beneficiary) -> bool:
    """True if the file was never attested, or an attested field changed since."""
    latest = latest_attestation(beneficiary)
    return latest is None or latest.fingerprint != fingerprint(beneficiary)


# -- the verbs ---------------------------------------------------------------------------------


def _require(actor: AbstractBaseUser) -> None:
    if not actor.has_perm("registry.record_consent"):
        raise PermissionDenied(str(MESSAGES["permission"]))


def names_match(typed: str, beneficiary: Beneficiary) -> bool:
    """Whether `typed` is the file's full name, after Arabic normalisation (أ/ا, ة/ه, ى/ي,
    عبد الله/عبدالله, diacritics, spaces)."""
    return bool(typed.strip()) and normalize_arabic(typed) == normalize_arabic(
        beneficiary.full_name
    )


def _attest(
    beneficiary: Beneficiary,
    *,
    method: str,
    actor: AbstractBaseUser,
    typed_name: str = "",
    document: Any = None,
) -> Attestation:
    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).get()
    locked = Beneficiary.objects.get(pk=beneficiary.pk)
    text = attestation_text()
    return Attestation.objects.create(
        beneficiary=locked,
        method=method,
        text=text.text,
        policy_version=text.version,
        fingerprint=fingerprint(locked),
        typed_name=typed_name,
        document=document,
        witnessed_by=actor,
        attested_at=timezone.now(),
    )


@transaction.atomic
def attest_on_screen(
    beneficiary: Beneficiary, *, actor: AbstractBaseUser, typed_name: str, confirmed: bool
) -> Attestation:
    """The beneficiary, before `actor` (the witness), types their full name and confirms."""
    _require(actor)
    typed_name = " ".join((typed_name or "").split())[:250]
    if not typed_name:
        raise _error("name_required", field="typed_name")
    if not names_match(typed_name, beneficiary):
        raise _error("name_mismatch", field="typed_name")
    if not confirmed:
        raise _error("confirm", field="confirmed")
    return _attest(beneficiary, method=AttestationMethod.SCREEN, actor=actor, typed_name=typed_name)


@transaction.atomic
def attest_on_paper(
    beneficiary: Beneficiary, *, actor: AbstractBaseUser, upload: IO[bytes], note: str = ""
) -> Attestation:
    """The printed form, signed before `actor`, is uploaded as a document of type "signed
    attestation form" and the attestation recorded with it."""
    from silah.registry.documents import upload_document

    _require(actor)
    # Seeded by migration 0003; made again if it was removed (never if it was switched off).
    form_type, _created = DocumentType.objects.get_or_create(
        code=SIGNED_FORM_TYPE, defaults={"name": "نموذج الإقرار الموقّع", "order": 80}
    )
    if not form_type.is_active:
        raise _error("no_form_type", field="file")
    document = upload_document(
        beneficiary, actor=actor, document_type=form_type, upload=upload, note=note
    )
    return _attest(beneficiary, method=AttestationMethod.PAPER, actor=actor, document=document)


# -- the printed form --------------------------------------------------------------------------


def _rows(beneficiary: Beneficiary) -> list[tuple[str, Any]]:
    from silah.core.dates import bdi_digits, format_dual_html

    address = "، ".join(
        part
        for part in (
            beneficiary.building_number,
            beneficiary.street,
            beneficiary.district,
            beneficiary.city,
            beneficiary.postal_code,
            beneficiary.additional_number,
            beneficiary.short_address,
        )
        if part
    )
    rows: list[tuple[str, Any]] = [
        (_("الاسم الكامل"), beneficiary.full_name),
        (_("رقم الملف"), bdi_digits(beneficiary.file_number)),
        (_("نوع الهوية"), beneficiary.get_identity_type_display()),
        (_("رقم الهوية"), bdi_digits(beneficiary.identity_number or "—")),
        (_("الجنسية"), beneficiary.nationality),
        (_("الجنس"), beneficiary.get_sex_display()),
        (
            _("تاريخ الميلاد"),
            format_dual_html(beneficiary.birth_date, "ar") if beneficiary.birth_date else "—",
        ),
        (_("الحالة الاجتماعية"), beneficiary.get_marital_status_display() or "—"),
        (_("رقم الجوال"), bdi_digits(beneficiary.mobile or "—")),
        (_("البريد الإلكتروني"), beneficiary.email or "—"),
        (_("العنوان الوطني"), bdi_digits(address or "—")),
    ]
    membership = beneficiary.current_membership()
    if membership is not None:
        household = membership.household
        rows += [
            (_("صلة القرابة برب الأسرة"), membership.get_relationship_display()),
            (_("عدد أفراد الأسرة"), bdi_digits(str(household.members_count()))),
            (_("دخل الأسرة الشهري (ريال)"), bdi_digits(str(household.monthly_income()))),
            (_("السكن"), household.get_housing_display()),
        ]
    return rows


def render_attestation_pdf(beneficiary: Beneficiary, *, witness: AbstractBaseUser) -> bytes:
    """The attestation form to print and sign: the association's letterhead, the
    beneficiary's data, the text from the policy, places to sign, the witness's name, and the
    first characters of the data's fingerprint (to match the signed paper with the data)."""
    from django.template.loader import render_to_string

    from silah.core.dates import format_dual_html
    from silah.core.pdf import write_pdf
    from silah.policy.document import LocalFetcher, letterhead

    with translation.override("ar"):
        text = attestation_text()
        organization = (text.version.organization if text.version else None) or (
            Organization.current()
        )
        context = {
            "letterhead": letterhead(organization) if organization else None,
            "beneficiary": beneficiary,
            "rows": _rows(beneficiary),
            "paragraphs": text.paragraphs,
            "version": text.version,
            "witness": witness.get_full_name() or witness.get_username(),
            "printed_on": format_dual_html(timezone.localdate(), "ar"),
            "data_code": fingerprint(beneficiary)[:8].upper(),
        }
        html = render_to_string("registry/consent/attestation_pdf.html", context)
    return write_pdf(html, url_fetcher=LocalFetcher())
