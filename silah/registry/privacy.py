"""Data-subject rights (PDPL): requests, their 30-day clock, the copy, and destruction.

One function per verb, each a transition of the same shape: guard (a DomainError in Arabic,
at the field) → `transaction.atomic()` + `select_for_update()` → save → an event row (who,
when, what) → side effects. A refused verb changes nothing.

- `record_request` logs a request (oral ones too) with how the requester was verified and
  starts its clock: `SILAH_PRIVACY_ANSWER_DAYS` (30) calendar days from receipt, on the
  promise clock (a due date on a day off moves to the next working day, as every calendar-day
  promise does: `core.CalendarSettings`).
- `start_request`, `extend_request` (once, with reasons: PDPL allows one extension of 30
  days), `answer_request`, `refuse_request`.
- `produce_copy` walks the holders' `export` (silah.registry.privacy_export).
- `destroy_personal_data` answers a destruction request by `destroy_beneficiary`, which
  walks the holders' `destroy` in one transaction and writes a `DestructionRecord` without
  the data (a token in place of the file number).

Logs name records by id or token only, never by a personal value.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silah.core import clock
from silah.core.clock import ClockState, ClockStatus
from silah.core.errors import DomainError
from silah.core.models import Clock
from silah.core.references import next_reference
from silah.registry import holders
from silah.registry.models import (
    Beneficiary,
    DestructionRecord,
    PrivacyRequest,
    PrivacyRequestEvent,
    RetentionHold,
)

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "PDR"
CLOCK_PURPOSE = "privacy_answer"
RECORD = "registry.record_privacy_request"
MANAGE = "registry.manage_privacy"
DESTROY = "registry.destroy_personal_data"
COPY_KINDS = (PrivacyRequest.Kind.KNOW, PrivacyRequest.Kind.ACCESS, PrivacyRequest.Kind.COPY)
OPEN = (PrivacyRequest.Status.RECEIVED, PrivacyRequest.Status.IN_PROGRESS)

# Written into records in Arabic, whatever the page's language (they are a record).
ANSWER_DESTROYED = (
    "أُتلفت البيانات الشخصية لصاحب الطلب أو جُعلت مجهولة الهوية، ولم يبق منها إلا ما يوجب "
    "نظام الاحتفاظ به دون ما يدل على صاحبه. رمز سجل الإتلاف: %(token)s."
)
REDACTED = "(أُتلف)"

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "kind": _("اختر نوع الطلب من القائمة."),
    "channel": _("اختر قناة ورود الطلب من القائمة."),
    "verification": _("اختر طريقة التحقق من هوية مقدم الطلب."),
    "verification_note": _("اكتب كيف تحققت من هوية مقدم الطلب."),
    "received_future": _("تاريخ الاستلام لا يكون في المستقبل."),
    "received_old": _("تاريخ الاستلام أقدم من سنة: تحقق منه."),
    "representative_name": _("اكتب اسم الولي أو الوكيل الذي قدّم الطلب."),
    "representative_relation": _("اكتب صفة مقدم الطلب (ولي، وكيل بوكالة…)."),
    "destroyed_file": _("هذا الملف أُتلفت بياناته من قبل."),
    "not_open": _("هذا الطلب «%(status)s» ولا يقبل هذا الإجراء."),
    "already_started": _("الطلب قيد المعالجة أصلًا."),
    "already_extended": _("مُدّدت مهلة هذا الطلب من قبل؛ لا تُمدّد إلا مرة واحدة."),
    "reason_required": _("اكتب السبب؛ يُبلَّغ به صاحب الطلب."),
    "answer_required": _("اكتب الرد الذي يُبلَّغ به صاحب الطلب."),
    "destroy_by_destruction": _(
        "طلب الإتلاف يُجاب بإتلاف البيانات من صفحة الطلب، أو يُرفض مع ذكر السبب."
    ),
    "copy_kind": _("نسخة البيانات تُصدر لطلبات العلم والاطلاع والنسخة فقط."),
    "copy_refused": _("رُفض هذا الطلب فلا تُصدر له نسخة."),
    "not_destroy_kind": _("هذا الطلب ليس طلب إتلاف."),
    "confirm_file_number": _("اكتب رقم ملف المستفيد كما هو لتأكيد الإتلاف."),
    "already_destroyed": _("أُتلفت بيانات هذا المستفيد من قبل."),
    "held": _(
        "هذا الملف مُبقى عليه (%(reason)s): ارفع الإبقاء أولًا، أو ارفض الطلب وبيّن السبب "
        "النظامي للاحتفاظ."
    ),
}


def _error(code: str, *, field: str | None = None, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field=field)


def _require(actor: AbstractBaseUser, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(str(MESSAGES["permission"]))


def _text(value: str | None) -> str:
    return "\n".join(" ".join(line.split()) for line in (value or "").strip().splitlines()).strip()


def _event(request: PrivacyRequest, kind: str, actor, note: str = "") -> PrivacyRequestEvent:
    return PrivacyRequestEvent.objects.create(request=request, kind=kind, actor=actor, note=note)


def _locked(request: PrivacyRequest) -> PrivacyRequest:
    return PrivacyRequest.objects.select_for_update().get(pk=request.pk)


def _refuse_unless_open(request: PrivacyRequest) -> None:
    if request.status not in OPEN:
        raise _error("not_open", field="status", status=PrivacyRequest.Status(request.status).label)


def _sync(target: PrivacyRequest, source: PrivacyRequest) -> None:
    for field in PrivacyRequest._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# -- the request's clock ---------------------------------------------------------------------


def request_clock(request: PrivacyRequest) -> Clock | None:
    return clock.get_clock(request, CLOCK_PURPOSE)


def clock_status(request: PrivacyRequest, *, today: dt.date | None = None) -> ClockStatus | None:
    found = request_clock(request)
    return clock.status_of(found, today=today) if found is not None else None


# -- the verbs -------------------------------------------------------------------------------


@transaction.atomic
def record_request(
    beneficiary: Beneficiary,
    *,
    actor: AbstractBaseUser,
    kind: str,
    received_on: dt.date,
    channel: str,
    verification: str,
    verified_by: AbstractBaseUser | None = None,
    verification_note: str = "",
    details: str = "",
    by_representative: bool = False,
    representative_name: str = "",
    representative_relation: str = "",
) -> PrivacyRequest:
    """Log a data-subject request received on `received_on` and start its 30-day clock."""
    _require(actor, RECORD)
    if kind not in PrivacyRequest.Kind.values:
        raise _error("kind", field="kind")
    if channel not in PrivacyRequest.Channel.values:
        raise _error("channel", field="channel")
    if verification not in PrivacyRequest.Verification.values:
        raise _error("verification", field="verification")
    verification_note = " ".join((verification_note or "").split())[:300]
    if verification == PrivacyRequest.Verification.OTHER and not verification_note:
        raise _error("verification_note", field="verification_note")
    today = timezone.localdate()
    if received_on > today:
        raise _error("received_future", field="received_on")
    if (today - received_on).days > 366:
        raise _error("received_old", field="received_on")
    representative_name = " ".join((representative_name or "").split())[:200]
    representative_relation = " ".join((representative_relation or "").split())[:120]
    if by_representative:
        if not representative_name:
            raise _error("representative_name", field="representative_name")
        if not representative_relation:
            raise _error("representative_relation", field="representative_relation")
    else:
        representative_name = representative_relation = ""
    locked = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if DestructionRecord.objects.filter(beneficiary=locked).exists():
        raise _error("destroyed_file", field="beneficiary")
    request = PrivacyRequest.objects.create(
        reference=next_reference(REFERENCE_PREFIX, on=received_on),
        beneficiary=locked,
        kind=kind,
        received_on=received_on,
        channel=channel,
        details=_text(details),
        verification=verification,
        verification_note=verification_note,
        verified_by=verified_by or actor,
        by_representative=by_representative,
        representative_name=representative_name,
        representative_relation=representative_relation,
        created_by=actor,
    )
    clock.start_clock(
        request,
        purpose=CLOCK_PURPOSE,
        unit=Clock.Unit.CALENDAR_DAYS,
        length=settings.SILAH_PRIVACY_ANSWER_DAYS,
        on=received_on,
        actor=actor,
    )
    _event(request, PrivacyRequestEvent.Kind.RECEIVED, actor)
    logger.info("privacy request %s recorded", request.pk)
    return request


@transaction.atomic
def start_request(request: PrivacyRequest, *, actor: AbstractBaseUser) -> PrivacyRequest:
    """Received → in progress: someone is working on it."""
    _require(actor, MANAGE)
    locked = _locked(request)
    _refuse_unless_open(locked)
    if locked.status == PrivacyRequest.Status.IN_PROGRESS:
        raise _error("already_started", field="status")
    locked.status = PrivacyRequest.Status.IN_PROGRESS
    locked.save(update_fields=["status"])
    _event(locked, PrivacyRequestEvent.Kind.STARTED, actor)
    _sync(request, locked)
    return locked


@transaction.atomic
def extend_request(
    request: PrivacyRequest, *, actor: AbstractBaseUser, reason: str
) -> PrivacyRequest:
    """Extend the deadline once by another `SILAH_PRIVACY_ANSWER_DAYS`, with the reasons
    (the requester is told them)."""
    _require(actor, MANAGE)
    reason = _text(reason)
    if not reason:
        raise _error("reason_required", field="reason")
    locked = _locked(request)
    _refuse_unless_open(locked)
    if locked.extension_reason:
        raise _error("already_extended", field="reason")
    found = request_clock(locked)
    clock.restart_clock(
        found,
        on=found.started_on,
        unit=Clock.Unit.CALENDAR_DAYS,
        length=2 * settings.SILAH_PRIVACY_ANSWER_DAYS,
        actor=actor,
    )
    locked.extension_reason = reason
    if locked.status == PrivacyRequest.Status.RECEIVED:
        locked.status = PrivacyRequest.Status.IN_PROGRESS
    locked.save(update_fields=["extension_reason", "status"])
    _event(locked, PrivacyRequestEvent.Kind.EXTENDED, actor, reason)
    _sync(request, locked)
    return locked


def _close(locked: PrivacyRequest, *, actor, status: str, field: str, text: str) -> None:
    now = timezone.now()
    locked.status = status
    setattr(locked, field, text)
    locked.answered_at = now
    locked.answered_by = actor
    locked.save(update_fields=["status", field, "answered_at", "answered_by"])
    found = request_clock(locked)
    if found is not None and found.stopped_on is None:
        clock.stop_clock(found, on=max(timezone.localdate(now), found.started_on), actor=actor)


@transaction.atomic
def answer_request(
    request: PrivacyRequest, *, actor: AbstractBaseUser, answer: str
) -> PrivacyRequest:
    """Answer the request (what was done, what the person is told): its clock stops."""
    _require(actor, MANAGE)
    answer = _text(answer)
    if not answer:
        raise _error("answer_required", field="answer")
    locked = _locked(request)
    _refuse_unless_open(locked)
    if locked.kind == PrivacyRequest.Kind.DESTROY:
        raise _error("destroy_by_destruction", field="answer")
    _close(locked, actor=actor, status=PrivacyRequest.Status.ANSWERED, field="answer", text=answer)
    _event(locked, PrivacyRequestEvent.Kind.ANSWERED, actor)
    _sync(request, locked)
    return locked


@transaction.atomic
def refuse_request(
    request: PrivacyRequest, *, actor: AbstractBaseUser, reason: str
) -> PrivacyRequest:
    """Refuse the request with the reason the person is told (the clock stops)."""
    _require(actor, MANAGE)
    reason = _text(reason)
    if not reason:
        raise _error("reason_required", field="reason")
    locked = _locked(request)
    _refuse_unless_open(locked)
    _close(
        locked,
        actor=actor,
        status=PrivacyRequest.Status.REFUSED,
        field="refusal_reason",
        text=reason,
    )
    _event(locked, PrivacyRequestEvent.Kind.REFUSED, actor)
    _sync(request, locked)
    return locked


def check_copy_allowed(request: PrivacyRequest, *, actor: AbstractBaseUser) -> None:
    """Raise unless `actor` may produce the copy for `request` (changes nothing)."""
    _require(actor, MANAGE)
    if request.kind not in COPY_KINDS:
        raise _error("copy_kind", field="kind")
    if request.status == PrivacyRequest.Status.REFUSED:
        raise _error("copy_refused", field="status")
    if DestructionRecord.objects.filter(beneficiary_id=request.beneficiary_id).exists():
        raise _error("destroyed_file", field="beneficiary")


@transaction.atomic
def produce_copy(request: PrivacyRequest, *, actor: AbstractBaseUser) -> list[dict[str, Any]]:
    """The copy of everything held on the request's person (sections by holder), recorded as
    an event of the request. The view logs the read (channel export)."""
    from silah.registry.privacy_export import copy_of

    check_copy_allowed(request, actor=actor)
    locked = _locked(request)
    if locked.status == PrivacyRequest.Status.RECEIVED:
        locked.status = PrivacyRequest.Status.IN_PROGRESS
        locked.save(update_fields=["status"])
    _event(locked, PrivacyRequestEvent.Kind.COPY, actor)
    _sync(request, locked)
    return copy_of(locked.beneficiary)


# -- destruction -----------------------------------------------------------------------------


def new_token() -> str:
    """A random token for a destroyed file (not derived from its file number, which is
    sequential and would be guessed back from a hash)."""
    return "DEL-" + secrets.token_hex(6).upper()


def destroy_beneficiary(
    beneficiary: Beneficiary,
    *,
    actor: AbstractBaseUser | None,
    basis: str,
    basis_note: str = "",
    request: PrivacyRequest | None = None,
) -> DestructionRecord:
    """Walk every holder's `destroy` for `beneficiary` in one transaction; record it.

    Each holder removes or anonymises what it holds (and its own change history); the
    registry's holders anonymise the beneficiary's row in place (its file number becomes the
    token) so that records a rule requires keeping still point at a row. Any DomainError from
    a holder undoes everything.
    """
    if basis not in DestructionRecord.Basis.values:
        raise ValueError(f"unknown basis {basis!r}")
    try:
        with transaction.atomic():
            locked = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
            if DestructionRecord.objects.filter(beneficiary=locked).exists():
                raise _error("already_destroyed", field="beneficiary")
            counts: dict[str, int | None] = {}
            for holder in holders.holders():
                if holder.destroy is None:
                    continue
                result = holder.destroy(locked)
                counts[holder.key] = result if isinstance(result, int) else None
            record = DestructionRecord.objects.create(
                token=locked.file_number,
                basis=basis,
                basis_note=basis_note[:300],
                approved_by=actor,
                request=request,
                beneficiary=locked,
                counts=counts,
            )
    except BaseException:
        beneficiary.refresh_from_db()
        raise
    beneficiary.refresh_from_db()
    logger.info("personal data destroyed: destruction record %s", record.pk)
    return record


def _same_file_number(typed: str, file_number: str) -> bool:
    table = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
    return "".join((typed or "").translate(table).split()).upper() == file_number.upper()


def destroy_personal_data(
    request: PrivacyRequest, *, actor: AbstractBaseUser, confirm_file_number: str
) -> DestructionRecord:
    """Answer a destruction request: destroy the person's data, record it, close the request.

    The actor confirms by typing the file number; refused unless the request is an open
    destruction request and the actor may destroy personal data.
    """
    _require(actor, DESTROY)
    with transaction.atomic():
        locked = _locked(request)
        if locked.kind != PrivacyRequest.Kind.DESTROY:
            raise _error("not_destroy_kind", field="kind")
        _refuse_unless_open(locked)
        beneficiary = locked.beneficiary
        if DestructionRecord.objects.filter(beneficiary=beneficiary).exists():
            raise _error("already_destroyed", field="confirm_file_number")
        if not _same_file_number(confirm_file_number, beneficiary.file_number):
            raise _error("confirm_file_number", field="confirm_file_number")
        hold = RetentionHold.objects.filter(
            beneficiary=beneficiary, released_at__isnull=True
        ).first()
        if hold is not None:
            raise _error("held", field="confirm_file_number", reason=hold.reason)
        record = destroy_beneficiary(
            beneficiary,
            actor=actor,
            basis=DestructionRecord.Basis.REQUEST,
            basis_note=locked.reference,
            request=locked,
        )
        locked.refresh_from_db()
        _close(
            locked,
            actor=actor,
            status=PrivacyRequest.Status.ANSWERED,
            field="answer",
            text=ANSWER_DESTROYED % {"token": record.token},
        )
        _event(locked, PrivacyRequestEvent.Kind.DESTROYED, actor, record.token)
    _sync(request, locked)
    return record


# -- reads -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestRow:
    request: PrivacyRequest
    status: ClockStatus | None


def requests_for(user: AbstractBaseUser) -> QuerySet[PrivacyRequest]:
    """The requests of the beneficiaries `user` may see (silah.registry.access), those of
    merged and destroyed files included (a request outlives the data it was about)."""
    from silah.registry.access import beneficiaries_for

    scope = beneficiaries_for(user, include_closed=True)
    return PrivacyRequest.objects.filter(beneficiary__in=scope).select_related("beneficiary")


def get_request_for(user: AbstractBaseUser, pk: object) -> PrivacyRequest:
    """The request `pk` if `user` may see its beneficiary's file; Http404 otherwise."""
    from django.http import Http404

    try:
        return requests_for(user).get(pk=pk)
    except (PrivacyRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def with_clocks(
    requests: QuerySet[PrivacyRequest] | list[PrivacyRequest], *, today: dt.date | None = None
) -> list[RequestRow]:
    requests = list(requests)
    found = {
        c.object_id: c
        for c in Clock.objects.filter(
            purpose=CLOCK_PURPOSE, object_id__in=[str(r.pk) for r in requests]
        ).prefetch_related("pauses")
    }
    rows = []
    for request in requests:
        one = found.get(str(request.pk))
        rows.append(
            RequestRow(request, clock.status_of(one, today=today) if one is not None else None)
        )
    return rows


def open_requests_due(
    user: AbstractBaseUser, *, today: dt.date | None = None
) -> tuple[list[RequestRow], list[RequestRow]]:
    """(late, at risk) open requests `user` may see, soonest due first."""
    rows = with_clocks(requests_for(user).filter(status__in=OPEN), today=today)
    rows = [row for row in rows if row.status is not None]
    rows.sort(key=lambda row: row.status.due_on or dt.date.max)
    late = [row for row in rows if row.status.state == ClockState.LATE]
    at_risk = [row for row in rows if row.status.state == ClockState.AT_RISK]
    return late, at_risk
