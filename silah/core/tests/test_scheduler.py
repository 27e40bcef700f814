"""The periodic schedule: due jobs are enqueued once, even with several workers."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_tasks import task

from silah.core import scheduler
from silah.core.models import ScheduledRun

pytestmark = pytest.mark.django_db

RIYADH = ZoneInfo("Asia/Riyadh")
calls: list[str] = []


@task()
def remember() -> None:
    calls.append("ran")


@pytest.fixture(autouse=True)
def only_test_jobs(monkeypatch):
    monkeypatch.setattr(scheduler, "_jobs", {})
    calls.clear()


def test_an_every_job_runs_at_the_first_tick_then_after_its_interval():
    scheduler.register_periodic("test.every", remember, every=timedelta(minutes=10))
    start = datetime(2026, 4, 5, 9, 0, tzinfo=RIYADH)
    assert scheduler.tick(now=start) == ["test.every"]
    assert scheduler.tick(now=start + timedelta(minutes=5)) == []
    assert scheduler.tick(now=start + timedelta(minutes=10)) == ["test.every"]
    assert calls == ["ran", "ran"]


def test_a_daily_job_waits_for_its_riyadh_time():
    scheduler.register_periodic("test.daily", remember, daily_at=time(2, 0))
    evening = datetime(2026, 4, 5, 22, 0, tzinfo=RIYADH)
    assert scheduler.tick(now=evening) == []
    assert scheduler.tick(now=datetime(2026, 4, 6, 2, 0, tzinfo=RIYADH)) == ["test.daily"]
    row = ScheduledRun.objects.get(name="test.daily")
    assert row.next_run_at == datetime(2026, 4, 7, 2, 0, tzinfo=RIYADH)


def test_two_workers_ticking_at_the_same_moment_enqueue_a_due_job_once(monkeypatch):
    scheduler.register_periodic("test.every", remember, every=timedelta(minutes=10))
    now = datetime(2026, 4, 5, 9, 0, tzinfo=RIYADH)
    ScheduledRun.objects.create(name="test.every", next_run_at=now)
    # Worker b read the row before worker a claimed it, and ticks with that stale copy.
    stale = ScheduledRun.objects.get(name="test.every")
    assert scheduler.tick(now=now, worker_id="a") == ["test.every"]
    monkeypatch.setattr(ScheduledRun.objects, "get_or_create", lambda **kwargs: (stale, False))
    assert scheduler.tick(now=now, worker_id="b") == []
    assert calls == ["ran"]
    assert ScheduledRun.objects.get(name="test.every").last_worker == "a"


def test_a_job_needs_exactly_one_kind_of_timing():
    with pytest.raises(ValueError):
        scheduler.register_periodic("test.bad", remember)
