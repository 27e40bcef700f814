"""The outbox: ``send`` writes a message in the caller's transaction; workers deliver it.

Delivery (``deliver_due``), per message:

1. claim: a batch of due ids is chosen (``SKIP LOCKED`` on PostgreSQL) and taken with one
   compare-and-set ``UPDATE … WHERE status is still due`` that writes this worker's
   ``claim_token`` and ``claimed_until``; only rows the update changed are this worker's. A
   message left "sending" after ``claimed_until`` (its worker was killed) is due again.
2. awareness and promotional messages outside the sending window go back to the queue until
   it opens (not an attempt); without consent they are skipped;
3. letters become a PDF waiting for a print batch; calls a task for the liaison officer;
4. the rest go to the channel's gateway with the idempotency key as the message id (Unifonic
   sends it as ``CorrelationID``). Sent: the provider's id is kept. A temporary failure is
   retried after ``backoff``; after ``SILAH_OUTBOX_MAX_ATTEMPTS`` attempts, or at once for a
   permanent failure, the message is dead and ``hooks.on_dead`` callbacks run.

Every outcome is written with the same compare-and-set on the claim token, so a worker whose
claim expired and was taken over cannot overwrite the new owner's result.

Cost per message (a worker's batch is held by a ``Held``): the claim is renewed for the
whole rest of the batch in one UPDATE whenever less than half of
``SILAH_OUTBOX_CLAIM_SECONDS`` is left, so every send starts under a claim the database
confirmed and that has at least that half left; "sent" is written at once, one UPDATE per
message, so a worker killed after the provider's acceptance can repeat at most the message it
was sending; retries after a temporary failure (nothing was accepted) are written together
at the end of the batch; the gateway keeps its HTTP connection between messages.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from silah.messaging import config, consent, hooks, rendering
from silah.messaging.gateways.base import Channel as GatewayChannel
from silah.messaging.gateways.base import GatewayFailure, Outgoing
from silah.messaging.gateways.base import MessageClass as GatewayClass
from silah.messaging.models import (
    CallTask,
    Inbound,
    Message,
    MessageClass,
    SkipReason,
    Status,
    WaitReason,
)

logger = logging.getLogger("silah.messaging.outbox")

OPT_OUT_LINE = {
    "ar": "لإيقاف الرسائل التوعوية والترويجية أرسل: إيقاف",
    "en": "To stop awareness and promotional messages, reply STOP",
}
WHATSAPP_WINDOW = timedelta(hours=24)


# -- writing -----------------------------------------------------------------------------


def choose_channel(beneficiary, *, version=None) -> str:
    """The person's agreed channel if the policy in force enables it, else the first enabled
    channel Silah has an address for (a call or a letter always can). `version`: the policy
    version in force, when the caller has it."""
    from silah.registry.validation import enabled_contact_channels

    enabled = enabled_contact_channels(version)
    if beneficiary.preferred_channel in enabled:
        return beneficiary.preferred_channel
    for channel in enabled:
        if address_of(beneficiary, channel) or channel in ("call", "letter"):
            return channel
    return beneficiary.preferred_channel


def address_of(person, channel: str) -> str:
    if channel in ("sms", "whatsapp", "call"):
        return getattr(person, "mobile", "") or ""
    if channel == "email":
        return person.email or ""
    if channel == "letter":
        return "letter"
    return ""


def _is_quiet(moment: datetime) -> bool:
    return not config.sending_window().contains(timezone.localtime(moment).time())


def next_window_opening(moment: datetime) -> datetime:
    """The next moment the sending window opens after ``moment`` (Asia/Riyadh)."""
    window = config.sending_window()
    local = timezone.localtime(moment)
    opening = local.replace(
        hour=window.start.hour, minute=window.start.minute, second=0, microsecond=0
    )
    if opening <= local:
        opening += timedelta(days=1)
    return opening


def send(
    *,
    event: str,
    values: dict[str, Any] | None = None,
    beneficiary=None,
    staff=None,
    message_class: str = MessageClass.SERVICE,
    key: str | None = None,
    subject_ref: str = "",
    language: str = "ar",
    channel: str | None = None,
    actor=None,
    announcement=None,
) -> Message:
    """Write one message to the outbox, in the caller's transaction; the worker delivers it.

    ``key`` is the idempotency key: sending again with the same key returns the message
    already written (a retried request never tells a person twice). ``values`` fill the
    template's placeholders; a value missing is ``templating.MissingValue``.
    """
    if (beneficiary is None) == (staff is None):
        raise ValueError("send to exactly one of beneficiary= or staff=")
    if key:
        existing = Message.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
    person = beneficiary or staff
    if channel is None:
        channel = choose_channel(beneficiary) if beneficiary is not None else "email"
    template = rendering.find_template(event, channel, language)
    values = dict(values or {})
    if beneficiary is not None:
        values.setdefault("name", beneficiary.first_name)
    else:
        values.setdefault("staff_name", staff.first_name or staff.username)
    rendered = rendering.render(template, values)
    body = rendered.body
    sender = ""
    if message_class != MessageClass.SERVICE:
        body = f"{body}\n{OPT_OUT_LINE.get(language, OPT_OUT_LINE['ar'])}"
        if message_class == MessageClass.PROMOTIONAL and channel == "sms":
            sender = config.promotional_sender()
    now = timezone.now()
    fields = {
        "idempotency_key": key or uuid.uuid4().hex,
        "beneficiary": beneficiary,
        "staff": staff,
        "event": event,
        "message_class": message_class,
        "channel": channel,
        "language": language,
        "recipient": address_of(person, channel),
        "sender": sender,
        "subject": rendered.subject,
        "body": body,
        "whatsapp_template": rendered.whatsapp_template,
        "template_params": list(rendered.params),
        "subject_ref": subject_ref,
        "announcement": announcement,
        "next_attempt_at": now,
        "created_by": actor,
    }
    if not fields["recipient"]:
        fields |= {"status": Status.SKIPPED, "skip_reason": SkipReason.NO_ADDRESS}
    elif beneficiary is not None and not consent.has_consent(beneficiary, message_class):
        fields |= {"status": Status.SKIPPED, "skip_reason": SkipReason.NO_CONSENT}
    elif message_class != MessageClass.SERVICE and _is_quiet(now):
        fields |= {"next_attempt_at": next_window_opening(now), "wait_reason": "quiet_hours"}
    try:
        with transaction.atomic():
            message = Message.objects.create(**fields)
    except IntegrityError:
        if key and (existing := Message.objects.filter(idempotency_key=key).first()):
            return existing
        raise
    if message.status == Status.QUEUED:
        transaction.on_commit(_wake_worker)
    return message


def _wake_worker() -> None:
    from silah.messaging import tasks

    tasks.wake()


def resend(message: Message, *, actor) -> Message:
    """Queue a dead (or skipped for want of an address) message again, as the same message:
    same idempotency key, attempts from zero."""
    from django.utils.translation import gettext as _

    from silah.core.errors import DomainError

    with transaction.atomic():
        locked = Message.objects.select_for_update().get(pk=message.pk)
        if locked.status not in (Status.DEAD, Status.SKIPPED):
            raise DomainError(_("تُعاد فقط الرسالة التي لم تُسلَّم."), field="message")
        person = locked.beneficiary or locked.staff
        locked.recipient = address_of(person, locked.channel)
        if not locked.recipient:
            raise DomainError(_("لا توجد وسيلة تواصل لهذا المستفيد على هذه القناة."))
        locked.status = Status.QUEUED
        locked.skip_reason = ""
        locked.wait_reason = ""
        locked.attempts = 0
        locked.claim_token = ""
        locked.claimed_until = None
        locked.last_error = ""
        locked.next_attempt_at = timezone.now()
        locked.save()
        transaction.on_commit(_wake_worker)
    return locked


# -- delivering --------------------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failed attempt: doubling from the base, capped."""
    base = settings.SILAH_OUTBOX_BACKOFF_SECONDS
    return timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.SILAH_OUTBOX_BACKOFF_MAX_SECONDS)
    )


def _due(now: datetime) -> Q:
    return Q(status=Status.QUEUED, next_attempt_at__lte=now) | Q(
        status=Status.SENDING, claimed_until__lt=now
    )


def claim(*, now: datetime | None = None, limit: int | None = None) -> tuple[str, list[Message]]:
    """Take up to ``limit`` due messages for this worker; no other worker can take them."""
    now = now or timezone.now()
    limit = limit or settings.SILAH_OUTBOX_BATCH
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = Message.objects.filter(_due(now)).order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            candidates = candidates.select_for_update(skip_locked=True)
        ids = list(candidates.values_list("pk", flat=True)[:limit])
        if not ids:
            return token, []
        Message.objects.filter(_due(now), pk__in=ids).update(
            status=Status.SENDING,
            claim_token=token,
            claimed_until=now + timedelta(seconds=settings.SILAH_OUTBOX_CLAIM_SECONDS),
            attempts=F("attempts") + 1,
        )
    claimed = list(
        Message.objects.filter(claim_token=token, status=Status.SENDING)
        .select_related("beneficiary", "staff")
        .order_by("pk")
    )
    return token, claimed


def _finish(message: Message, token: str, **fields: Any) -> bool:
    """Write an outcome only if this worker still holds the claim."""
    done = Message.objects.filter(pk=message.pk, claim_token=token, status=Status.SENDING).update(
        **fields
    )
    if not done:
        logger.warning("message %s: claim lost before the outcome was written", message.pk)
    return bool(done)


class Held:
    """A worker's claim on the messages of its batch not yet delivered.

    ``still_mine(message)`` is asked just before a message is sent or written: the claim is
    renewed (one UPDATE for every message still held, compare-and-set on the token) whenever
    less than half of ``SILAH_OUTBOX_CLAIM_SECONDS`` is left before ``until``. A message whose
    claim another worker took over (an expired claim) is dropped: this worker neither sends it
    nor writes its outcome. Only this worker writes its token, and a claim is taken over only
    once it has expired, so a renewal the database confirmed holds until ``until``.
    """

    def __init__(self, token: str, ids: list[int], until: datetime | None = None) -> None:
        self.token = token
        self.held = set(ids)
        self.until = until  # None: renew before the first send
        self._retries: dict[tuple[datetime, str], list[int]] = {}

    def still_mine(self, message: Message) -> bool:
        if message.pk in self.held:
            now = timezone.now()
            half = timedelta(seconds=settings.SILAH_OUTBOX_CLAIM_SECONDS / 2)
            if self.until is None or self.until - now < half:
                self.renew(now)
        if message.pk in self.held:
            return True
        logger.warning("message %s: claim lost before sending; left to its new owner", message.pk)
        return False

    def renew(self, now: datetime) -> None:
        self.flush()
        until = now + timedelta(seconds=settings.SILAH_OUTBOX_CLAIM_SECONDS)
        mine = Message.objects.filter(
            pk__in=self.held, claim_token=self.token, status=Status.SENDING
        )
        if mine.update(claimed_until=until) != len(self.held):
            self.held = set(mine.values_list("pk", flat=True))
        self.until = until

    def done(self, message: Message) -> None:
        self.held.discard(message.pk)

    def retry_later(self, message: Message, at: datetime, error: str) -> None:
        """Queue ``message`` again at ``at``, written by ``flush()`` with the others."""
        self._retries.setdefault((at, error), []).append(message.pk)

    def flush(self) -> None:
        """Write the retries gathered so far: one UPDATE per (time, error), compare-and-set."""
        retries, self._retries = self._retries, {}
        for (at, error), pks in retries.items():
            written = Message.objects.filter(
                pk__in=pks, claim_token=self.token, status=Status.SENDING
            ).update(
                status=Status.QUEUED,
                wait_reason=WaitReason.RETRY,
                next_attempt_at=at,
                last_error=error,
                claim_token="",
            )
            if written != len(pks):
                logger.warning("%d retries not written: claim lost", len(pks) - written)


def within_whatsapp_window(message: Message, now: datetime) -> bool:
    if message.beneficiary_id is None:
        return False
    return Inbound.objects.filter(
        beneficiary_id=message.beneficiary_id,
        channel="whatsapp",
        received_at__gte=now - WHATSAPP_WINDOW,
    ).exists()


def outgoing_for(message: Message, now: datetime) -> Outgoing:
    return Outgoing(
        message_id=message.idempotency_key,
        channel=GatewayChannel(message.channel),
        recipient=message.recipient,
        body=message.body,
        sender=message.sender,
        subject=message.subject,
        message_class=GatewayClass(message.message_class),
        template_name=message.whatsapp_template,
        template_language=message.language,
        template_params=tuple(message.template_params or ()),
        within_window=message.channel == "whatsapp" and within_whatsapp_window(message, now),
    )


def deliver(
    message: Message, token: str, *, now: datetime | None = None, held: Held | None = None
) -> str:
    """Deliver one claimed message; returns the status it ended in. ``held``: the batch's
    claim (``deliver_due``); without it the claim is renewed for this message alone."""
    if held is None:
        held = Held(token, [message.pk])
        try:
            return deliver(message, token, now=now, held=held)
        finally:
            held.flush()
    now = now or timezone.now()
    if message.message_class != MessageClass.SERVICE:
        if _is_quiet(now):
            _finish(
                message,
                token,
                status=Status.QUEUED,
                wait_reason=WaitReason.QUIET_HOURS,
                next_attempt_at=next_window_opening(now),
                attempts=F("attempts") - 1,
                claim_token="",
            )
            return Status.QUEUED
        if message.beneficiary is not None and not consent.has_consent(
            message.beneficiary, message.message_class
        ):
            _finish(message, token, status=Status.SKIPPED, skip_reason=SkipReason.NO_CONSENT)
            return Status.SKIPPED
    if not held.still_mine(message):
        return Status.SENDING
    if message.channel == "call":
        return _make_call_task(message, token)
    if message.channel == "letter":
        from silah.messaging import letters

        return letters.queue_for_printing(message, token)
    gateway = config.gateway_for(message.channel)
    try:
        result = gateway.send(outgoing_for(message, now))
    except GatewayFailure as failure:
        return _failed(message, token, failure, now, held=held)
    except Exception as exc:  # a bug in an adapter: retried like a temporary failure
        failure = GatewayFailure("error", type(exc).__name__)
        return _failed(message, token, failure, now, retry=True, held=held)
    sent = {
        "status": Status.SENT,
        "provider": gateway.name,
        "provider_message_id": result.provider_message_id[:120],
        "sent_at": timezone.now(),
        "wait_reason": "",
        "last_error": "",
    }
    if _finish(message, token, **sent):  # at once: the provider has it
        for field, value in sent.items():
            setattr(message, field, value)
        hooks.announce_delivered(message)
    return Status.SENT


def _failed(
    message: Message,
    token: str,
    failure: GatewayFailure,
    now: datetime,
    *,
    retry: bool | None = None,
    held: Held | None = None,
) -> str:
    retry = failure.retry if retry is None else retry
    error = str(failure)[:300]
    if failure.alert:
        logger.error("message %s: the gateway needs an operator (%s)", message.pk, failure.code)
    if retry and message.attempts < settings.SILAH_OUTBOX_MAX_ATTEMPTS:
        if held is not None:
            held.retry_later(message, now + backoff(message.attempts), error)
            return Status.QUEUED
        _finish(
            message,
            token,
            status=Status.QUEUED,
            wait_reason=WaitReason.RETRY,
            next_attempt_at=now + backoff(message.attempts),
            last_error=error,
            claim_token="",
        )
        return Status.QUEUED
    if _finish(message, token, status=Status.DEAD, last_error=error, wait_reason=""):
        message.refresh_from_db()
        transaction.on_commit(lambda: hooks.announce_dead(message))
    return Status.DEAD


def _make_call_task(message: Message, token: str) -> str:
    officer = message.beneficiary.liaison_officer if message.beneficiary else None
    with transaction.atomic():
        if _finish(message, token, status=Status.AWAITING_STAFF, provider="call", wait_reason=""):
            CallTask.objects.get_or_create(message=message, defaults={"officer": officer})
    return Status.AWAITING_STAFF


def deliver_due(*, now: datetime | None = None, limit: int | None = None) -> int:
    """Claim one batch and deliver it; returns how many messages were claimed."""
    token, messages = claim(now=now, limit=limit)
    if not messages:
        return 0
    held = Held(token, [m.pk for m in messages], min(m.claimed_until for m in messages))
    try:
        for message in messages:
            deliver(message, token, now=now, held=held)
            held.done(message)
    finally:
        held.flush()
    return len(messages)


def drain(*, now: datetime | None = None, max_batches: int = 1000) -> int:
    """Deliver batches until nothing is due (or ``max_batches``); returns messages claimed."""
    total = 0
    for _ in range(max_batches):
        claimed = deliver_due(now=now)
        total += claimed
        if not claimed:
            break
    return total


# -- after sending -----------------------------------------------------------------------


def record_call(task: CallTask, *, actor, outcome: str) -> CallTask:
    """The liaison officer conveyed the message by phone: the task is done, the message sent."""
    from django.utils.translation import gettext as _

    from silah.core.errors import DomainError

    outcome = " ".join((outcome or "").split())
    if not outcome:
        raise DomainError(_("اكتب نتيجة الاتصال."), field="outcome")
    with transaction.atomic():
        task = CallTask.objects.select_for_update().get(pk=task.pk)
        if task.done_at is not None:
            raise DomainError(_("سُجّل هذا الاتصال من قبل."), field="outcome")
        task.done_at = timezone.now()
        task.done_by = actor
        task.outcome = outcome[:300]
        task.save(update_fields=["done_at", "done_by", "outcome"])
        Message.objects.filter(pk=task.message_id, status=Status.AWAITING_STAFF).update(
            status=Status.SENT, sent_at=task.done_at
        )
    return task
