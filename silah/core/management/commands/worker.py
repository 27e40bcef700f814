"""`silah worker`: runs background tasks and Silah's periodic schedule.

The tasks are run by django-tasks-db's worker (SELECT … SKIP LOCKED on PostgreSQL, so
several workers run side by side; exclusive transactions on SQLite). A thread beside it
ticks the periodic schedule (`silah.core.scheduler`); with several workers, each due job is
still enqueued once.
"""

import logging
import threading

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from silah.core import scheduler

logger = logging.getLogger("silah.worker")


class Command(BaseCommand):
    help = "Run Silah's background worker and periodic schedule."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--queue-name", default="*", help="queues to run ('*': all)")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between polls when idle"
        )
        parser.add_argument(
            "--schedule-interval",
            type=float,
            default=30.0,
            help="seconds between two looks at the periodic schedule",
        )
        parser.add_argument(
            "--no-schedule", action="store_true", help="run tasks only, not the schedule"
        )
        parser.add_argument(
            "--batch", action="store_true", help="run what is queued now, then exit"
        )
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument("--worker-id", default="")

    def handle(self, *args, **options) -> None:
        logging.getLogger("django_tasks_db").setLevel(logging.INFO)
        worker_id = options["worker_id"] or get_random_string(32)
        stop = threading.Event()
        ticker = None
        if not options["no_schedule"]:
            scheduler.tick(worker_id=worker_id)  # at once, before the first task
            ticker = threading.Thread(
                target=self._tick_forever,
                args=(stop, options["schedule_interval"], worker_id),
                name="silah-schedule",
                daemon=True,
            )
            ticker.start()
        worker = Worker(
            queue_names=options["queue_name"].split(","),
            interval=options["interval"],
            batch=options["batch"],
            backend_name="default",
            startup_delay=not options["batch"],
            max_tasks=options["max_tasks"],
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        worker.configure_signals()
        self.stdout.write(f"Silah worker {worker_id} started")
        self.stdout.flush()
        try:
            worker.run()
        finally:
            stop.set()
            if ticker is not None:
                ticker.join(timeout=5)
            self.stdout.write(f"Silah worker {worker_id} stopped")

    @staticmethod
    def _tick_forever(stop: threading.Event, every: float, worker_id: str) -> None:
        while not stop.wait(every):
            try:
                close_old_connections()
                scheduler.tick(worker_id=worker_id)
            except Exception:  # the schedule must never kill the worker
                logger.exception("periodic schedule tick failed")
            finally:
                close_old_connections()
