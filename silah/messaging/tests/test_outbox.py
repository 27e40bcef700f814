"""The outbox: written in the caller's transaction, delivered once, retried, dead, resent."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import transaction

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.messaging import hooks, outbox
from silah.messaging.events import Event
from silah.messaging.models import Message, Status
from silah.messaging.tests.fakes import Reply

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 12:00 in Riyadh


def rejected(beneficiary, **extra):
    return outbox.send(
        event=Event.DECISION_REJECTED,
        beneficiary=beneficiary,
        values={"reference": "REQ-1448-000001", "reason": "الدخل أعلى من الحد"},
        **extra,
    )


def test_send_writes_the_rendered_message_on_the_agreed_channel(beneficiary):
    message = rejected(beneficiary, key="application:1:decision")
    assert message.status == Status.QUEUED
    assert message.channel == "sms"
    assert message.recipient == "+966501234567"
    assert "REQ-1448-000001" in message.body and "الدخل أعلى من الحد" in message.body
    assert beneficiary.first_name in message.body


def test_a_message_written_in_a_transaction_that_rolls_back_does_not_exist(beneficiary):
    with pytest.raises(RuntimeError), transaction.atomic():
        rejected(beneficiary, key="application:2:decision")
        raise RuntimeError("the change that caused it failed")
    assert not Message.objects.exists()


def test_the_same_idempotency_key_writes_one_message(beneficiary):
    first = rejected(beneficiary, key="application:3:decision")
    again = rejected(beneficiary, key="application:3:decision")
    assert first.pk == again.pk
    assert Message.objects.count() == 1


def test_the_idempotency_key_is_unique_in_the_database(beneficiary):
    from django.db import IntegrityError

    message = rejected(beneficiary, key="k-1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Message.objects.create(
            idempotency_key="k-1",
            beneficiary=beneficiary,
            event=message.event,
            channel="sms",
            body="x",
            next_attempt_at=message.next_attempt_at,
        )


def test_a_channel_the_policy_does_not_enable_falls_back_to_an_enabled_one(
    beneficiary, monkeypatch
):
    monkeypatch.setattr(
        "silah.registry.validation.enabled_contact_channels",
        lambda version=None: ["whatsapp", "call"],
    )
    assert rejected(beneficiary).channel == "whatsapp"


def test_a_person_without_an_address_on_the_channel_is_skipped_not_lost(beneficiary, monkeypatch):
    monkeypatch.setattr(
        "silah.registry.validation.enabled_contact_channels", lambda version=None: ["email"]
    )
    beneficiary.preferred_channel = "email"
    beneficiary.email = ""
    beneficiary.save()
    message = rejected(beneficiary)
    assert (message.status, message.skip_reason) == (Status.SKIPPED, "no_address")


def test_the_worker_sends_with_the_idempotency_key_as_unifonics_correlation_id(
    beneficiary, unifonic
):
    message = rejected(beneficiary, key="application:4:decision")
    assert outbox.deliver_due() == 1
    [call] = unifonic.calls
    assert call.form()["CorrelationID"] == "application:4:decision"
    message.refresh_from_db()
    assert (message.status, message.provider, message.provider_message_id) == (
        Status.SENT,
        "unifonic",
        "u-1",
    )
    assert message.attempts == 1


def test_a_sent_message_is_never_sent_again(beneficiary, unifonic):
    rejected(beneficiary)
    outbox.drain()
    outbox.drain()
    assert len(unifonic.calls) == 1


def test_a_temporary_failure_is_retried_after_the_backoff(beneficiary, unifonic, settings):
    settings.SILAH_OUTBOX_BACKOFF_SECONDS = 60
    unifonic.reply(503, raw=b"down")
    with time_machine.travel(NOON, tick=False) as clock:
        message = rejected(beneficiary)
        outbox.deliver_due()
        message.refresh_from_db()
        assert (message.status, message.wait_reason) == (Status.QUEUED, "retry")
        assert message.next_attempt_at == NOON + timedelta(seconds=60)
        assert outbox.deliver_due() == 0  # not before the backoff
        clock.shift(timedelta(seconds=61))
        assert outbox.deliver_due() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(unifonic.calls) == 2


def test_backoff_doubles_up_to_its_maximum(settings):
    settings.SILAH_OUTBOX_BACKOFF_SECONDS = 60
    settings.SILAH_OUTBOX_BACKOFF_MAX_SECONDS = 600
    waits = [outbox.backoff(n).total_seconds() for n in range(1, 7)]
    assert waits == [60, 120, 240, 480, 600, 600]


def test_a_message_is_dead_after_the_maximum_attempts(beneficiary, unifonic, settings):
    settings.SILAH_OUTBOX_MAX_ATTEMPTS = 3
    unifonic.default = Reply(503, raw=b"down")
    with time_machine.travel(NOON, tick=False) as clock:
        message = rejected(beneficiary)
        for _ in range(5):
            outbox.deliver_due()
            clock.shift(timedelta(hours=2))
    message.refresh_from_db()
    assert message.status == Status.DEAD
    assert message.attempts == 3
    assert len(unifonic.calls) == 3
    assert "http_503" in message.last_error


def test_a_permanent_failure_is_not_retried(beneficiary, unifonic):
    unifonic.reply(200, {"success": False, "errorCode": "ER-02", "message": "bad number"})
    message = rejected(beneficiary)
    outbox.drain()
    with time_machine.travel(datetime.now(UTC) + timedelta(days=1)):
        outbox.drain()
    message.refresh_from_db()
    assert message.status == Status.DEAD
    assert len(unifonic.calls) == 1


def test_a_dead_decision_message_tells_the_registered_callback(
    beneficiary, unifonic, django_capture_on_commit_callbacks
):
    told = []
    hooks.on_dead(told.append)
    try:
        unifonic.reply(200, {"success": False, "errorCode": "ER-08", "message": "sender"})
        rejected(beneficiary, subject_ref="applications.application:9")
        with django_capture_on_commit_callbacks(execute=True):
            outbox.drain()
    finally:
        hooks._dead.remove(told.append)
    assert [m.subject_ref for m in told] == ["applications.application:9"]


def test_a_message_left_sending_by_a_killed_worker_is_taken_up_after_its_claim_expires(
    beneficiary, unifonic, settings
):
    settings.SILAH_OUTBOX_CLAIM_SECONDS = 300
    with time_machine.travel(NOON, tick=False) as clock:
        message = rejected(beneficiary)
        _token, claimed = outbox.claim()  # the worker dies here, before sending
        assert [m.pk for m in claimed] == [message.pk]
        assert outbox.deliver_due() == 0  # still claimed
        clock.shift(timedelta(seconds=301))
        assert outbox.deliver_due() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(unifonic.calls) == 1


def test_two_claims_never_take_the_same_message(beneficiary):
    for n in range(10):
        rejected(beneficiary, key=f"k-{n}")
    _a, first = outbox.claim(limit=6)
    _b, second = outbox.claim(limit=6)
    assert len(first) == 6 and len(second) == 4
    assert not {m.pk for m in first} & {m.pk for m in second}


def test_a_worker_whose_claim_was_taken_over_neither_sends_nor_writes_an_outcome(
    beneficiary, unifonic, settings
):
    settings.SILAH_OUTBOX_CLAIM_SECONDS = 1
    with time_machine.travel(NOON, tick=False) as clock:
        message = rejected(beneficiary)
        old_token, [stale] = outbox.claim()
        clock.shift(timedelta(seconds=2))
        outbox.deliver_due()  # a second worker takes it over and sends it
        assert outbox.deliver(stale, old_token) == Status.SENDING
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.claim_token != old_token
    assert len(unifonic.calls) == 1


def test_staff_resend_a_dead_message_as_the_same_message(beneficiary, unifonic):
    unifonic.reply(200, {"success": False, "errorCode": "ER-02", "message": "bad number"})
    message = rejected(beneficiary, key="application:5:decision")
    outbox.drain()
    officer = UserFactory(roles=["relations_officer"])
    outbox.resend(message, actor=officer)
    outbox.drain()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert [c.form()["CorrelationID"] for c in unifonic.calls] == ["application:5:decision"] * 2


def test_only_a_dead_message_can_be_resent(beneficiary):
    message = rejected(beneficiary)
    with pytest.raises(DomainError):
        outbox.resend(message, actor=UserFactory())
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.QUEUED, 0)


def test_staff_messages_go_by_email(db):
    staff = UserFactory(email="noura@example.org", first_name="نورة")
    message = outbox.send(
        event=Event.STAFF_REMINDER,
        staff=staff,
        values={"count": "3", "what": "طلبات قارب موعدها", "link": "http://x/"},
    )
    assert (message.channel, message.recipient) == ("email", "noura@example.org")
    assert message.body.startswith("نورة")


def test_the_console_gateway_writes_the_message_where_a_new_user_reads_it(beneficiary, settings):
    from pathlib import Path

    rejected(beneficiary)
    outbox.drain()
    text = Path(settings.SILAH_MESSAGES_FILE).read_text(encoding="utf-8")
    assert "REQ-1448-000001" in text
