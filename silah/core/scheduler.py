"""Silah's periodic schedule, run by `silah worker` (the task backend has none).

Apps register jobs: a django-tasks task and how often it runs (every N minutes, or daily at a
Riyadh time). Each worker ticks the schedule; a due job is claimed with a compare-and-set on
its `next_run_at`, so with several workers exactly one enqueues it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone

from silah.core.models import ScheduledRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: object  # a django-tasks Task
    every: timedelta | None = None
    daily_at: time | None = None  # local time (Asia/Riyadh)

    def next_after(self, moment: datetime) -> datetime:
        if self.every is not None:
            return moment + self.every
        local = timezone.localtime(moment)
        candidate = local.replace(
            hour=self.daily_at.hour, minute=self.daily_at.minute, second=0, microsecond=0
        )
        if candidate <= local:
            candidate += timedelta(days=1)
        return candidate

    def first_run(self, now: datetime) -> datetime:
        return now if self.every is not None else self.next_after(now)


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(
    name: str, task: object, *, every: timedelta | None = None, daily_at: time | None = None
) -> PeriodicJob:
    if (every is None) == (daily_at is None):
        raise ValueError("give exactly one of every= or daily_at=")
    job = PeriodicJob(name=name, task=task, every=every, daily_at=daily_at)
    _jobs[name] = job
    return job


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda job: job.name)


def tick(*, now: datetime | None = None, worker_id: str = "") -> list[str]:
    """Enqueue every job that is due; returns the names enqueued by this call."""
    now = now or timezone.now()
    enqueued = []
    for job in registered_jobs():
        row, _created = ScheduledRun.objects.get_or_create(
            name=job.name, defaults={"next_run_at": job.first_run(now)}
        )
        if row.next_run_at > now:
            continue
        claimed = ScheduledRun.objects.filter(name=job.name, next_run_at=row.next_run_at).update(
            next_run_at=job.next_after(now), last_run_at=now, last_worker=worker_id[:64]
        )
        if claimed:
            job.task.enqueue()
            enqueued.append(job.name)
            logger.info("scheduled job %s enqueued", job.name)
    return enqueued
