"""Service, awareness and promotional messages: consent, opt-out text, "-AD", quiet hours."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from silah.messaging import outbox
from silah.messaging.events import Event
from silah.messaging.inbound import record_reply
from silah.messaging.models import MessageClass, Status

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 12:00 Riyadh
NIGHT = datetime(2026, 11, 25, 20, 0, tzinfo=UTC)  # 23:00 Riyadh


def announce(beneficiary, message_class=MessageClass.AWARENESS, **extra):
    return outbox.send(
        event=Event.ANNOUNCEMENT,
        beneficiary=beneficiary,
        values={"text": "يبدأ التسجيل في البرنامج الصيفي"},
        message_class=message_class,
        **extra,
    )


def test_awareness_without_consent_is_not_sent(beneficiary, unifonic):
    with time_machine.travel(NOON, tick=False):
        message = announce(beneficiary)
        outbox.drain()
    assert (message.status, message.skip_reason) == (Status.SKIPPED, "no_consent")
    assert unifonic.calls == []


def test_service_messages_need_no_consent(beneficiary, unifonic):
    with time_machine.travel(NIGHT, tick=False):
        outbox.send(
            event=Event.REQUEST_RECEIVED,
            beneficiary=beneficiary,
            values={"reference": "R-1", "service": "سلة"},
        )
        outbox.drain()
    assert len(unifonic.calls) == 1


def test_awareness_with_consent_carries_the_opt_out_line(beneficiary, unifonic, consenting):
    with time_machine.travel(NOON, tick=False):
        message = announce(beneficiary)
        outbox.drain()
    assert message.body.endswith("لإيقاف الرسائل التوعوية والترويجية أرسل: إيقاف")
    assert unifonic.calls[0].form()["SenderID"] == "Silah"


def test_promotional_sms_go_from_the_ad_sender_name(beneficiary, unifonic, consenting, settings):
    settings.SILAH_SMS_SENDER = "AmalLith"
    with time_machine.travel(NOON, tick=False):
        announce(beneficiary, MessageClass.PROMOTIONAL)
        outbox.drain()
    assert unifonic.calls[0].form()["SenderID"] == "AmalLith-AD"


def test_awareness_waits_outside_the_window_and_goes_when_it_opens(
    beneficiary, unifonic, consenting
):
    with time_machine.travel(NIGHT, tick=False) as clock:
        message = announce(beneficiary)
        assert message.wait_reason == "quiet_hours"
        assert message.next_attempt_at == datetime(2026, 11, 26, 6, 0, tzinfo=UTC)  # 09:00
        assert outbox.drain() == 0
        clock.move_to(datetime(2026, 11, 26, 6, 0, 1, tzinfo=UTC))
        outbox.drain()
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert message.attempts == 1


def test_a_retry_that_falls_in_the_night_waits_without_counting_an_attempt(
    beneficiary, unifonic, consenting
):
    with time_machine.travel(NOON, tick=False) as clock:
        message = announce(beneficiary)
        message.next_attempt_at = NIGHT
        message.save()
        clock.move_to(NIGHT + timedelta(minutes=1))
        outbox.drain()
    message.refresh_from_db()
    assert (message.status, message.wait_reason, message.attempts) == (
        Status.QUEUED,
        "quiet_hours",
        0,
    )
    assert unifonic.calls == []


def test_the_window_is_a_setting(beneficiary, consenting, settings):
    settings.SILAH_MESSAGE_WINDOW_END = "23:30"
    with time_machine.travel(NIGHT, tick=False):
        assert announce(beneficiary).wait_reason == ""


def test_an_opt_out_reply_stops_awareness_already_queued(beneficiary, unifonic, consenting):
    with time_machine.travel(NOON, tick=False):
        message = announce(beneficiary)
        record_reply(channel="sms", provider="unifonic", sender=beneficiary.mobile, body="إيقاف")
        outbox.drain()
    message.refresh_from_db()
    assert (message.status, message.skip_reason) == (Status.SKIPPED, "no_consent")
    assert unifonic.calls == []
