"""What providers tell Silah: delivery receipts and people's replies.

A receipt names the message by the provider's id (or by our idempotency key, which Unifonic
echoes as ``CorrelationID``) and moves it to "delivered" or, when the provider could not
deliver it, to dead (the dead-letter callbacks run). A reply is recorded on the person's
file (matched by mobile number); a reply that is only an opt-out word ("إيقاف", "STOP")
stops awareness and promotional messages. WhatsApp's 24-hour window runs from the person's
last reply (``outbox.within_whatsapp_window``).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from silah.core.phones import normalize_mobile
from silah.messaging import consent, hooks
from silah.messaging.models import Inbound, Message, Status

DELIVERED = {"delivered", "delivrd", "read", "sent_to_handset", "success"}
FAILED = {"failed", "undelivered", "undeliv", "rejected", "expired", "rejectd"}


def secret_matches(given: str, expected: str) -> bool:
    """A shared secret check in constant time; an empty expected secret refuses everything."""
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def signature_matches(body: bytes, header: str, app_secret: str) -> bool:
    """Meta's ``X-Hub-Signature-256: sha256=<hex HMAC of the raw body with the app secret>``."""
    if not app_secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[7:], expected)


def record_receipt(
    *, provider: str, provider_message_id: str = "", key: str = "", status: str
) -> Message | None:
    """Apply a delivery receipt; returns the message, or None when none matches."""
    if not provider_message_id and not key:
        return None
    match = Q()
    if provider_message_id:
        match |= Q(provider_message_id=provider_message_id, provider=provider)
    if key:
        match |= Q(idempotency_key=key)
    state = status.strip().lower()
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(match).first()
        if message is None:
            return None
        if state in DELIVERED and message.status in (Status.SENT, Status.SENDING, Status.QUEUED):
            message.status = Status.DELIVERED
            message.delivered_at = timezone.now()
            message.save(update_fields=["status", "delivered_at"])
        elif state in FAILED and message.status in (Status.SENT, Status.SENDING):
            message.status = Status.DEAD
            message.last_error = f"receipt: {state}"[:300]
            message.save(update_fields=["status", "last_error"])
            transaction.on_commit(lambda: hooks.announce_dead(message))
    return message


def find_beneficiary(number: str):
    from silah.registry.models import Beneficiary

    raw = number.strip()
    if raw and not raw.startswith(("+", "0")):
        raw = "+" + raw
    try:
        mobile = normalize_mobile(raw)
    except Exception:  # not a Saudi mobile: no file to record it on
        return None
    # Members of one household often share a mobile: the reply belongs to whoever was last
    # written to at that number, else to the oldest live file with it (never a merged one).
    holders = Beneficiary.objects.live().filter(Q(mobile=mobile) | Q(mobile_2=mobile))
    last_written = (
        Message.objects.filter(beneficiary__in=holders)
        .order_by("-pk")
        .values_list("beneficiary_id", flat=True)
        .first()
    )
    if last_written is not None:
        return holders.get(pk=last_written)
    return holders.order_by("pk").first()


def record_reply(
    *,
    channel: str,
    provider: str,
    sender: str,
    body: str,
    provider_message_id: str = "",
    received_at: datetime | None = None,
) -> Inbound | None:
    """Record a person's reply on their file; an opt-out word also records the opt-out."""
    beneficiary = find_beneficiary(sender)
    opt_out = consent.is_opt_out_word(body)
    try:
        with transaction.atomic():
            reply = Inbound.objects.create(
                beneficiary=beneficiary,
                channel=channel,
                provider=provider,
                provider_message_id=provider_message_id[:120],
                sender=sender[:40],
                body=body[:2000],
                is_opt_out=opt_out and beneficiary is not None,
                received_at=received_at or timezone.now(),
            )
            if reply.is_opt_out:
                consent.record_opt_out(beneficiary, channel=channel, word=body)
    except IntegrityError:  # the provider sent the same reply twice
        return None
    return reply
