"""Workers in parallel threads (own database connections) never send a message twice."""

import threading
from collections import Counter

import pytest
from django.db import connection

from silah.messaging import outbox
from silah.messaging.events import Event
from silah.messaging.models import Message, Status


@pytest.mark.django_db(transaction=True)
def test_parallel_workers_send_each_message_exactly_once(beneficiary, unifonic, settings):
    settings.SILAH_OUTBOX_BATCH = 7
    for n in range(120):
        outbox.send(event=Event.DEMO, beneficiary=beneficiary, values={}, key=f"par-{n}")
    errors = []

    def worker() -> None:
        try:
            outbox.drain()
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    keys = Counter(call.form()["CorrelationID"] for call in unifonic.calls)
    assert len(keys) == 120
    assert max(keys.values()) == 1
    assert Message.objects.filter(status=Status.SENT).count() == 120
