"""`silah deliver_messages`: a process that only drains the outbox, for more sending power.

`silah worker` already drains it (the outbox task, woken on every send and every minute).
Run this beside it, on as many machines as needed, against PostgreSQL: claims are
compare-and-set with SKIP LOCKED, so workers never take the same message, and a claim left
by a killed process expires (`SILAH_OUTBOX_CLAIM_SECONDS`) and is taken up again. SIGTERM (or
Ctrl-C) stops it after the batch in hand, closing the gateways' kept connections.
"""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from silah.messaging import config, outbox


class Command(BaseCommand):
    help = "Deliver the outbox's due messages until stopped (or until idle with --exit-when-idle)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--exit-when-idle",
            type=float,
            default=None,
            metavar="SECONDS",
            help="exit once nothing has been due for this long",
        )

    def handle(self, *args, **options) -> None:
        stopping = []
        previous = signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
        try:
            self._deliver(options, stopping)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            config.reset()

    def _deliver(self, options: dict, stopping: list) -> None:
        idle_since = time.monotonic()
        while not stopping:
            claimed = outbox.deliver_due()
            if claimed:
                idle_since = time.monotonic()
                continue
            limit = options["exit_when_idle"]
            if limit is not None and time.monotonic() - idle_since >= limit:
                return
            close_old_connections()
            time.sleep(options["interval"])
