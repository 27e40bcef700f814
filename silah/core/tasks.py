"""Background tasks of the core app."""

from datetime import date, time

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from silah.core import clock, scheduler, services
from silah.core.models import HolidayChange, WorkerPing


@task()
def recompute_clocks(first: str, last: str, change_id: int | None = None) -> int:
    """Recompute open promise clocks after the working calendar changed."""
    change = HolidayChange.objects.filter(pk=change_id).select_related("holiday").first()
    with translation.override("ar"):  # history is kept in Arabic, whoever triggered it
        reason = _("تغيّر تقويم العمل")
        if change is not None:
            reason = _("تغيّر تقويم العمل: %(holiday)s") % {"holiday": change.holiday.display_name}
    moved = clock.recompute_open_clocks(
        date.fromisoformat(first), date.fromisoformat(last), reason=reason
    )
    if change is not None:
        HolidayChange.objects.filter(pk=change.pk).update(clocks_moved=moved)
    return moved


@task()
def seed_coming_holidays() -> int:
    """Keep this year's and the next two years' holidays seeded from the package."""
    year = timezone.localdate().year
    return sum(services.seed_holidays(y) for y in range(year, year + 3))


@task(takes_context=True)
def answer_ping(context, ping_id: int) -> None:
    """Prove the worker runs: mark the ping done."""
    WorkerPing.objects.filter(pk=ping_id, done_at__isnull=True).update(
        done_at=timezone.now(), worker=str(context.task_result.id)[:64]
    )


def enqueue_recompute(change: services.CalendarChange) -> None:
    recompute_clocks.enqueue(change.first.isoformat(), change.last.isoformat(), change.change_id)


def register() -> None:
    services.subscribe_to_calendar_changes(enqueue_recompute)
    scheduler.register_periodic(
        "core.seed_coming_holidays", seed_coming_holidays, daily_at=time(2, 0)
    )
