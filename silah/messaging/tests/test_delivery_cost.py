"""What a worker spends per message: one kept connection, claims renewed per batch."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from silah.messaging import config, hooks, outbox
from silah.messaging.events import Event
from silah.messaging.models import Message, Status

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # 12:00 in Riyadh


def queue(beneficiary, count: int) -> list[Message]:
    return [
        outbox.send(event=Event.DEMO, beneficiary=beneficiary, values={}, key=f"cost-{n}")
        for n in range(count)
    ]


@pytest.fixture
def on_delivered():
    """Run a callback after each message is written sent (removed after the test)."""
    added = []

    def add(callback) -> None:
        hooks.on_delivered(callback)
        added.append(callback)

    yield add
    for callback in added:
        hooks._delivered.remove(callback)


def test_consecutive_messages_reuse_one_connection_to_the_provider(beneficiary, unifonic):
    unifonic.keep_alive = True
    queue(beneficiary, 3)
    outbox.drain()
    assert len(unifonic.calls) == 3
    assert len(set(unifonic.peers)) == 1


def test_stopping_the_worker_closes_the_kept_connection(beneficiary, unifonic):
    unifonic.keep_alive = True
    queue(beneficiary, 1)
    outbox.drain()
    client = config.gateway_for("sms")._http.get()
    config.reset()
    assert client.is_closed
    assert config.gateway_for("sms")._http.get() is not client


def test_a_batch_longer_than_half_its_claim_renews_it_for_the_rest(
    beneficiary, unifonic, settings, on_delivered
):
    settings.SILAH_OUTBOX_CLAIM_SECONDS = 10
    taken_by_another = []
    with time_machine.travel(NOON, tick=False) as clock:
        queue(beneficiary, 3)

        def slow_send(message) -> None:  # each message takes 6 s
            clock.shift(timedelta(seconds=6))
            taken_by_another.extend(outbox.claim()[1])

        on_delivered(slow_send)
        assert outbox.deliver_due() == 3
    assert taken_by_another == []
    assert len(unifonic.calls) == 3
    assert Message.objects.filter(status=Status.SENT).count() == 3


def test_a_worker_whose_batch_outlived_its_claim_sends_none_of_the_messages_taken_over(
    beneficiary, unifonic, settings, on_delivered
):
    settings.SILAH_OUTBOX_CLAIM_SECONDS = 10
    with time_machine.travel(NOON, tick=False) as clock:
        queue(beneficiary, 3)
        other = []

        def stalled(message) -> None:  # the worker stalls past its claim; another takes over
            if not other:
                clock.shift(timedelta(seconds=11))
                other.append(outbox.claim())

        on_delivered(stalled)
        assert outbox.deliver_due() == 3
    token, taken = other[0]
    assert len(taken) == 2
    assert len(unifonic.calls) == 1
    for message in taken:
        message.refresh_from_db()
        assert (message.status, message.claim_token) == (Status.SENDING, token)


def test_temporary_failures_of_a_batch_are_queued_again_with_their_backoff(
    beneficiary, unifonic, settings
):
    from silah.messaging.tests.fakes import Reply

    unifonic.default = Reply(503, {"success": False, "message": "maintenance"})
    with time_machine.travel(NOON, tick=False):
        queue(beneficiary, 4)
        assert outbox.deliver_due() == 4
    rows = Message.objects.values_list("status", "attempts", "next_attempt_at", "claim_token")
    expected = NOON + timedelta(seconds=settings.SILAH_OUTBOX_BACKOFF_SECONDS)
    assert set(rows) == {(Status.QUEUED, 1, expected, "")}
    assert len(unifonic.calls) == 4


def test_deliver_messages_drains_the_outbox_and_closes_its_connections(beneficiary, unifonic):
    from django.core.management import call_command

    unifonic.keep_alive = True
    queue(beneficiary, 3)
    client = config.gateway_for("sms")._http.get()
    call_command("deliver_messages", "--interval", "0", "--exit-when-idle", "0")
    assert Message.objects.filter(status=Status.SENT).count() == 3
    assert client.is_closed


def test_sigterm_stops_deliver_messages_after_the_batch_in_hand(
    beneficiary, unifonic, settings, on_delivered
):
    import os
    import signal

    from django.core.management import call_command

    settings.SILAH_OUTBOX_BATCH = 2
    queue(beneficiary, 5)
    on_delivered(lambda message: os.kill(os.getpid(), signal.SIGTERM))
    call_command("deliver_messages", "--interval", "0", "--exit-when-idle", "5")
    assert Message.objects.filter(status=Status.SENT).count() == 2
    assert Message.objects.filter(status=Status.QUEUED).count() == 3
