"""The promise clock: one engine for every deadline the policy promises.

A record carries a clock per promise (`start_clock(record, purpose=…)`). The clock knows
when it started, its length in working or calendar days (or none), the intervals it was
paused for (a wait on the beneficiary: it resumes with the days left), restarts (a request
returned for completion counts again from its new completeness) and when it stopped. Its
due date is *derived* by replaying those facts on the working calendar, so that when an
administrator corrects a holiday every open clock is recomputed (`recompute_open_clocks`)
and its history shows old → new.

States: on time, at risk (the last 20% of its length by default), late; once stopped, met or
missed by N days; paused; no deadline.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.core import counting
from silah.core.errors import DomainError
from silah.core.models import CalendarSettings, Clock, ClockEvent, ClockPause
from silah.core.workdays import WorkingCalendar, get_calendar


class ClockState(models.TextChoices):
    ON_TIME = "on_time", gettext_lazy("في الموعد")
    AT_RISK = "at_risk", gettext_lazy("يقترب موعده")
    LATE = "late", gettext_lazy("متأخر")
    MET = "met", gettext_lazy("أُنجز في الموعد")
    MISSED = "missed", gettext_lazy("أُنجز بعد الموعد")
    PAUSED = "paused", gettext_lazy("موقوف مؤقتًا")
    NO_DEADLINE = "none", gettext_lazy("بلا مهلة")


@dataclass(frozen=True)
class ClockStatus:
    state: ClockState
    due_on: date | None
    days_left: int | None = None  # open clocks: units left (0 on the due day)
    days_late: int | None = None  # late or missed: units past the due date

    @property
    def label(self) -> str:
        if self.state == ClockState.LATE and self.days_late is not None:
            return _("متأخر: %(days)s") % {"days": counting.days(self.days_late)}
        if self.state == ClockState.MISSED and self.days_late is not None:
            return _("أُنجز متأخرًا: %(days)s") % {"days": counting.days(self.days_late)}
        if self.state in (ClockState.ON_TIME, ClockState.AT_RISK) and self.days_left is not None:
            return _("باقٍ: %(days)s") % {"days": counting.days(self.days_left)}
        return str(self.state.label)


# -- the derivation -------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _move_to_working_day() -> bool:
    return CalendarSettings.load().calendar_deadline_moves_to_working_day


def _add(calendar: WorkingCalendar, unit: str, start: date, n: int, roll: bool) -> date:
    if unit == Clock.Unit.WORKING_DAYS:
        return calendar.add_working_days(start, n)
    return calendar.add_calendar_days(start, n, move_to_working_day=roll)


def _between(calendar: WorkingCalendar, unit: str, a: date, b: date) -> int:
    if unit == Clock.Unit.WORKING_DAYS:
        return calendar.working_days_between(a, b)
    return (b - a).days


def compute_due(
    clock: Clock,
    *,
    calendar: WorkingCalendar | None = None,
    pauses: list[tuple[date, date | None]] | None = None,
    roll: bool | None = None,
) -> date | None:
    """The due date: from the start, then each pause moves it by the time it stood still.

    While a pause is open the due date is the one it had when the pause began; resuming
    gives back exactly the days that were left.
    """
    if clock.unit == Clock.Unit.NONE:
        return None
    calendar = calendar or get_calendar()
    roll = _move_to_working_day() if roll is None else roll
    if pauses is None:
        pauses = [(p.start, p.end) for p in clock.pauses.all()]
    due = _add(calendar, clock.unit, clock.started_on, clock.length, roll)
    for start, end in sorted(pauses, key=lambda p: p[0]):
        if end is None or start >= due:
            continue
        left = _between(calendar, clock.unit, start, due)
        due = _add(calendar, clock.unit, end, left, roll)
    return due


def status_of(
    clock: Clock,
    *,
    today: date | None = None,
    calendar: WorkingCalendar | None = None,
    paused: bool | None = None,
) -> ClockStatus:
    """Where the promise stands today. `paused`: whether a pause is open, when the caller
    read it with the clock (else the clock's pauses are read)."""
    if clock.unit != Clock.Unit.NONE and clock.stopped_on is None and paused is None:
        paused = any(p.end is None for p in clock.pauses.all())
    return status_from(
        clock.unit,
        clock.due_on,
        clock.stopped_on,
        clock.length,
        paused=bool(paused),
        today=today,
        calendar=calendar,
    )


def status_from(
    unit: str,
    due_on: date | None,
    stopped_on: date | None,
    length: int | None,
    *,
    paused: bool,
    today: date | None = None,
    calendar: WorkingCalendar | None = None,
) -> ClockStatus:
    """`status_of` on a clock's values, for a list that reads them as tuples (a work
    queue) instead of building a `Clock` per row."""
    if unit == Clock.Unit.NONE:
        return ClockStatus(ClockState.NO_DEADLINE, None)
    calendar = calendar or get_calendar()
    due = due_on
    if stopped_on is not None:
        if stopped_on <= due:
            return ClockStatus(ClockState.MET, due)
        return ClockStatus(
            ClockState.MISSED, due, days_late=_between(calendar, unit, due, stopped_on)
        )
    today = today or _today()
    if paused:
        return ClockStatus(ClockState.PAUSED, due)
    if today > due:
        return ClockStatus(ClockState.LATE, due, days_late=_between(calendar, unit, due, today))
    left = _between(calendar, unit, today, due)
    at_risk = left == 0 or left <= math.floor(length * settings.SILAH_AT_RISK_SHARE)
    return ClockStatus(ClockState.AT_RISK if at_risk else ClockState.ON_TIME, due, days_left=left)


# -- the verbs ------------------------------------------------------------------------------

_owners: dict[str, Callable[[Clock, ClockEvent], None]] = {}


def on_deadline_moved(model_label: str, callback: Callable[[Clock, ClockEvent], None]) -> None:
    """Let the app owning `model_label` ("app.model") add a moved deadline to its history."""
    _owners[model_label.lower()] = callback


def _event(
    clock: Clock, kind: str, on: date, actor, old_due, new_due, note: str = ""
) -> ClockEvent:
    return ClockEvent.objects.create(
        clock=clock,
        kind=kind,
        on=on,
        actor=actor,
        old_due=old_due,
        new_due=new_due,
        note=note[:300],
    )


def _locked(clock: Clock) -> Clock:
    return Clock.objects.select_for_update().get(pk=clock.pk)


def start_clock(
    record: models.Model,
    *,
    purpose: str,
    unit: str,
    length: int | None,
    on: date | None = None,
    actor=None,
    note: str = "",
) -> Clock:
    """Start the clock of `record`'s promise `purpose` counting from `on` (today)."""
    if unit not in Clock.Unit.values:
        raise DomainError(_("وحدة المهلة غير معروفة."), field="unit")
    if unit != Clock.Unit.NONE and (length is None or length < 1):
        raise DomainError(_("مدة المهلة يجب أن تكون يومًا واحدًا على الأقل."), field="length")
    on = on or _today()
    content_type = ContentType.objects.get_for_model(record)
    with transaction.atomic():
        if Clock.objects.filter(
            content_type=content_type, object_id=str(record.pk), purpose=purpose
        ).exists():
            raise DomainError(_("بدأ احتساب هذه المهلة من قبل."))
        clock = Clock(
            content_type=content_type,
            object_id=str(record.pk),
            purpose=purpose,
            unit=unit,
            length=None if unit == Clock.Unit.NONE else length,
            started_on=on,
        )
        clock.due_on = compute_due(clock, pauses=[])
        clock.save()
        _event(clock, ClockEvent.Kind.STARTED, on, actor, None, clock.due_on, note)
    return clock


def get_clock(record: models.Model, purpose: str) -> Clock | None:
    return Clock.objects.filter(
        content_type=ContentType.objects.get_for_model(record),
        object_id=str(record.pk),
        purpose=purpose,
    ).first()


def pause_clock(clock: Clock, *, on: date | None = None, actor=None, note: str = "") -> Clock:
    """Stop the clock while the association waits on the beneficiary."""
    on = on or _today()
    with transaction.atomic():
        clock = _locked(clock)
        if clock.stopped_on is not None:
            raise DomainError(_("انتهت هذه المهلة ولا يمكن إيقافها."))
        if clock.unit == Clock.Unit.NONE:
            raise DomainError(_("لا مهلة هنا لإيقافها."))
        if clock.pauses.filter(end__isnull=True).exists():
            raise DomainError(_("المهلة موقوفة مؤقتًا من قبل."))
        if on < clock.started_on:
            raise DomainError(_("لا يمكن إيقاف المهلة قبل بدايتها."), field="on")
        ClockPause.objects.create(clock=clock, start=on)
        _event(clock, ClockEvent.Kind.PAUSED, on, actor, clock.due_on, clock.due_on, note)
    return clock


def resume_clock(clock: Clock, *, on: date | None = None, actor=None, note: str = "") -> Clock:
    """Start the clock again with the days that were left when it was paused."""
    on = on or _today()
    with transaction.atomic():
        clock = _locked(clock)
        pause = clock.pauses.filter(end__isnull=True).first()
        if pause is None:
            raise DomainError(_("المهلة ليست موقوفة."))
        if on < pause.start:
            raise DomainError(_("لا يمكن استئناف المهلة قبل يوم إيقافها."), field="on")
        pause.end = on
        pause.save(update_fields=["end"])
        old_due = clock.due_on
        clock.due_on = compute_due(clock)
        clock.save(update_fields=["due_on"])
        _event(clock, ClockEvent.Kind.RESUMED, on, actor, old_due, clock.due_on, note)
    return clock


def restart_clock(
    clock: Clock,
    *,
    on: date | None = None,
    unit: str | None = None,
    length: int | None = None,
    actor=None,
    note: str = "",
) -> Clock:
    """Count again from `on` (a request complete again after being returned)."""
    on = on or _today()
    with transaction.atomic():
        clock = _locked(clock)
        if clock.stopped_on is not None:
            raise DomainError(_("انتهت هذه المهلة ولا يمكن إعادة بدئها."))
        old_due = clock.due_on
        clock.started_on = on
        if unit is not None:
            clock.unit = unit
            clock.length = None if unit == Clock.Unit.NONE else length
        clock.pauses.all().delete()
        clock.restarts += 1
        clock.due_on = compute_due(clock, pauses=[])
        clock.save(update_fields=["started_on", "unit", "length", "restarts", "due_on"])
        _event(clock, ClockEvent.Kind.RESTARTED, on, actor, old_due, clock.due_on, note)
    return clock


def stop_clock(clock: Clock, *, on: date | None = None, actor=None, note: str = "") -> Clock:
    """The promise was answered on `on`: the clock is met or missed from now on."""
    on = on or _today()
    with transaction.atomic():
        clock = _locked(clock)
        if clock.stopped_on is not None:
            raise DomainError(_("انتهت هذه المهلة من قبل."))
        if on < clock.started_on:
            raise DomainError(_("لا يمكن إنهاء المهلة قبل بدايتها."), field="on")
        open_pause = clock.pauses.filter(end__isnull=True).first()
        if open_pause is not None:
            open_pause.end = max(on, open_pause.start)
            open_pause.save(update_fields=["end"])
            clock.due_on = compute_due(clock)
        clock.stopped_on = on
        clock.save(update_fields=["stopped_on", "due_on"])
        _event(clock, ClockEvent.Kind.STOPPED, on, actor, clock.due_on, clock.due_on, note)
    return clock


def recompute_open_clocks(first: date, last: date, *, reason: str = "") -> int:
    """Recompute every open clock whose span touches [first, last]; returns how many moved.

    Each moved clock gets a history line (old → new due date) and its owning app is told.
    """
    calendar = get_calendar()
    roll = _move_to_working_day()
    candidates = (
        Clock.objects.filter(stopped_on__isnull=True, started_on__lte=last)
        .exclude(unit=Clock.Unit.NONE)
        .filter(models.Q(due_on__gte=first) | models.Q(pauses__end__isnull=True))
        .distinct()
        .values_list("pk", flat=True)
    )
    moved = 0
    for pk in list(candidates):
        with transaction.atomic():
            clock = Clock.objects.select_for_update().get(pk=pk)
            if clock.stopped_on is not None:
                continue
            new_due = compute_due(clock, calendar=calendar, roll=roll)
            if new_due == clock.due_on:
                continue
            old_due = clock.due_on
            clock.due_on = new_due
            clock.save(update_fields=["due_on"])
            event = _event(clock, ClockEvent.Kind.MOVED, _today(), None, old_due, new_due, reason)
            owner = _owners.get(f"{clock.content_type.app_label}.{clock.content_type.model}")
            if owner is not None:
                owner(clock, event)
            moved += 1
    return moved
