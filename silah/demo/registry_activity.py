"""The demo's registry activity on top of its forty beneficiaries: a planted duplicate in the
review queue, documents (one expired), consents and on-screen attestations, an open
data-subject request, and a few messages in the outbox for the worker to send.

Every step creates what is missing and leaves what exists, through the same services the
screens use (history rows, clocks and the read log included). The files are small but real:
a PNG and a PDF made here, so they pass the documents' content sniffing.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zlib

from silah.accounts.models import User

# The planted duplicate: منيرة عبدالله ناصر السبيعي entered again at another counter, her name
# spelt differently, without her grandfather's name and without her ID.
ORIGINAL = {"first_name": "منيرة", "father_name": "عبدالله", "family_name": "السبيعي"}
VARIANT = {"first_name": "منيره", "father_name": "عبد الله", "grandfather_name": ""}
NO_ID_REASON = "لم تحضر الهوية عند التسجيل"
DEMO_REASON = "بيانات العرض التجريبي"

# (first name, family name) of the files given documents, consents and attestations.
DOCUMENTED = [("عبدالرحمن", "الجهني"), ("بندر", "العتيبي"), ("منيرة", "السبيعي")]
ATTESTED = [("عبدالرحمن", "الجهني"), ("ماجد", "الثبيتي")]
MESSAGED = [("عبدالرحمن", "الجهني"), ("ماجد", "الثبيتي"), ("أمل", "الفيفي")]
PRIVACY_REQUESTER = ("هيا", "العصيمي")


def png_bytes(width: int = 24, height: int = 16) -> bytes:
    """A small valid PNG (a grey card with a green band), made without any library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b""
    for y in range(height):
        colour = b"\x1f\x6f\x5c" if y < height // 3 else b"\xe6\xe6\xe6"
        rows += b"\x00" + colour * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def pdf_bytes(title: str = "Silah demo document") -> bytes:
    """A small well-formed one-page PDF (ASCII text; fast, no renderer needed)."""
    content = f"BT /F1 14 Tf 72 760 Td ({title}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _person(first: str, family: str):
    from silah.registry.models import Beneficiary

    return (
        Beneficiary.objects.live()
        .filter(first_name=first, family_name=family)
        .order_by("pk")
        .first()
    )


def load_registry_activity(staff: dict[str, User]) -> None:
    """Each step once; `staff` maps the demo usernames to their users."""
    _planted_duplicate(staff["reception2"])
    _documents(staff["reception"])
    _consents_and_attestations(staff["reception"])
    _privacy_request(staff["reception"])
    _messages(staff["manager"])


def _planted_duplicate(officer: User) -> None:
    """The same woman registered twice; the officer overrode the warning, so the pair waits in
    the manager's duplicate-review queue (source "on_save")."""
    from silah.registry import duplicates_on_save, queries_list, services
    from silah.registry.models import Beneficiary
    from silah.registry.validation import clean_beneficiary_fields

    original = Beneficiary.objects.filter(**ORIGINAL).order_by("pk").first()
    if (
        original is None
        or Beneficiary.objects.filter(
            first_name=VARIANT["first_name"], family_name=ORIGINAL["family_name"]
        ).exists()
    ):
        return
    fields = {
        name: getattr(original, name)
        for name in (
            "family_name",
            "nationality",
            "sex",
            "birth_date",
            "marital_status",
            "mobile",
            "preferred_channel",
            "city",
            "district",
            "branch",
        )
    }
    fields.update(VARIANT, identity_type="none", identity_number="", identity_reason=NO_ID_REASON)
    candidates = queries_list.duplicate_candidates(clean_beneficiary_fields(fields))
    variant = services.register_beneficiary(actor=officer, reason=DEMO_REASON, **fields)
    duplicates_on_save.record_overridden(variant, candidates, actor=officer)


def seeded_document_types(document_type_model: type) -> dict:
    """The common document types (migration 0003 seeds them; created again if a flush
    removed them, as the demo's categories are)."""
    from importlib import import_module

    seeded = import_module("silah.registry.migrations.0003_consent_documents_attestation")
    types = {}
    for code, name, name_en, expires, sensitive, order in seeded.DOCUMENT_TYPES:
        types[code] = document_type_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "expires": expires,
                "sensitive": sensitive,
                "order": order,
            },
        )[0]
    return types


def _documents(officer: User) -> None:
    from silah.core.dates import today
    from silah.registry import documents
    from silah.registry.models import Document, DocumentType

    if Document.objects.exists():
        return
    types = seeded_document_types(DocumentType)
    now = today()
    plan = [
        ("id_copy", now + dt.timedelta(days=700), png_bytes(), "id.png"),
        ("income_proof", None, pdf_bytes("Income proof"), "income.pdf"),
        ("id_copy", now - dt.timedelta(days=20), png_bytes(30, 20), "old-id.png"),  # expired
    ]
    for (first, family), (code, expires, data, name) in zip(DOCUMENTED, plan, strict=True):
        person = _person(first, family)
        if person is None:
            continue
        upload = io.BytesIO(data)
        upload.name = name
        documents.upload_document(
            person,
            actor=officer,
            document_type=types[code],
            upload=upload,
            expires_on=expires,
            note=DEMO_REASON,
        )


def _consents_and_attestations(officer: User) -> None:
    from silah.registry import attestation, services
    from silah.registry.models import Attestation, Consent

    if not Consent.objects.exists():
        for first, family in DOCUMENTED + ATTESTED:
            person = _person(first, family)
            if person is None or Consent.objects.filter(beneficiary=person).exists():
                continue
            services.grant_consent(person, "service", actor=officer, how="in_person")
            services.grant_consent(person, "awareness", actor=officer, how="in_person")
        person = _person(*DOCUMENTED[1])
        if person is not None:
            services.withdraw_consent(
                person, "awareness", actor=officer, how="phone", note="لا يرغب في رسائل التوعية"
            )
    if not Attestation.objects.exists():
        for first, family in ATTESTED:
            person = _person(first, family)
            if person is not None:
                attestation.attest_on_screen(
                    person, actor=officer, typed_name=person.full_name, confirmed=True
                )


def _privacy_request(officer: User) -> None:
    from silah.core.dates import today
    from silah.registry import privacy
    from silah.registry.models import PrivacyRequest

    person = _person(*PRIVACY_REQUESTER)
    if person is None or PrivacyRequest.objects.exists():
        return
    privacy.record_request(
        person,
        actor=officer,
        kind=PrivacyRequest.Kind.COPY,
        received_on=today() - dt.timedelta(days=6),
        channel=PrivacyRequest.Channel.IN_PERSON,
        verification=PrivacyRequest.Verification.IN_PERSON_ID,
        verified_by=officer,
        details="طلبت نسخة من بياناتها المسجلة لدى الجمعية.",
    )


def _messages(manager: User) -> None:
    """A test message to a few beneficiaries, written to the outbox; `silah worker` sends them
    through the configured gateway (the console gateway unless one is set)."""
    from silah.messaging import outbox
    from silah.messaging.events import Event

    for first, family in MESSAGED:
        person = _person(first, family)
        if person is None:
            continue
        outbox.send(
            event=Event.DEMO,
            beneficiary=person,
            channel="sms",  # the console gateway shows it; the worker's log says it was sent
            key=f"demo:welcome:{person.file_number}",
            subject_ref=f"registry.beneficiary:{person.pk}",
            actor=manager,
        )
