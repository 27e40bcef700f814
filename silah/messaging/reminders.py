"""Reminders to staff on the worker's schedule: the daily late list to managers.

Every promise Silah keeps runs on one clock (`silah.core.clock`): data-subject requests now,
requests and tickets as they arrive. Each morning every active manager receives one message
with how many open clocks are late and how many are at risk, and a link to the dashboard.
Nothing is sent when nothing is late or at risk. The idempotency key (date and manager) makes
a second run of the same day, on this worker or another, send nothing more.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override
from django_tasks import task

from silah.accounts.roles import RoleCode
from silah.core import scheduler
from silah.core.clock import ClockState, status_of
from silah.core.counting import counted
from silah.core.models import Clock, ClockPause
from silah.core.workdays import get_calendar
from silah.messaging.events import Event

DAILY_AT = time(7, 30)

COMMITMENTS = {
    "zero": gettext_lazy("لا التزامات"),
    "one": gettext_lazy("التزام واحد"),
    "two": gettext_lazy("التزامان"),
    "few": gettext_lazy("%(count)s التزامات"),
    "many": gettext_lazy("%(count)s التزامًا"),
    "other": gettext_lazy("%(count)s التزام"),
}


def open_clock_states(*, today: date | None = None) -> Counter:
    """How many open clocks are in each state today (late, at risk, on time, paused)."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    clocks = Clock.objects.filter(stopped_on__isnull=True, due_on__isnull=False).prefetch_related(
        Prefetch("pauses", queryset=ClockPause.objects.all())
    )
    return Counter(status_of(clock, today=today, calendar=calendar).state for clock in clocks)


def _managers():
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__role__code=RoleCode.MANAGER)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def send_late_list(*, today: date | None = None) -> int:
    """Write today's late list to each manager's outbox; returns how many were written."""
    from silah.messaging import outbox

    today = today or timezone.localdate()
    states = open_clock_states(today=today)
    late, at_risk = states[ClockState.LATE], states[ClockState.AT_RISK]
    if not (late or at_risk):
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("core:dashboard")
    with override("ar"):
        what = _("%(late)s تجاوزت موعدها، و%(at_risk)s قاربت موعدها") % {
            "late": counted(COMMITMENTS, late),
            "at_risk": counted(COMMITMENTS, at_risk),
        }
    written = 0
    for manager in _managers():
        outbox.send(
            event=Event.STAFF_REMINDER,
            staff=manager,
            values={"count": str(late + at_risk), "what": what, "link": link},
            key=f"late-list:{today.isoformat()}:{manager.pk}",
            subject_ref=f"late-list:{today.isoformat()}",
        )
        written += 1
    return written


@task()
def daily_late_list() -> int:
    return send_late_list()


def register() -> None:
    scheduler.register_periodic("messaging.daily_late_list", daily_late_list, daily_at=DAILY_AT)
