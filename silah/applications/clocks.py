"""The answer's promise clock on a request (`core.Clock`, purpose "answer"), and on a
referral when the policy in force gives referrals a deadline.

Every change of a request's clock is mirrored on the request (`Application.due_on`, used by
the queues) and written in the request's history (`Transition`). A referral's clock counts
working days from the day it is made, never pauses, stops when it is answered and is
mirrored on `Referral.due_on`. A corrected holiday that moves the due date of an open request
or referral reaches it through `core.clock.on_deadline_moved`.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F
from django.utils.translation import gettext as _

from silah.applications.catalogue import EffectiveRules, effective_rules
from silah.applications.models import Application, Referral, Transition
from silah.audit.history import annotate_change
from silah.core import clock as core_clock
from silah.core.models import Clock, ClockEvent

PURPOSE = "answer"
MODEL_LABEL = "applications.application"
REFERRAL_LABEL = "applications.referral"
# The reason written in a referral's history (stored in Arabic, as the other reasons).
REFERRAL_DUE_MOVED = "نُقل موعد الرد لتصحيح في التقويم"


def answer_clock(application: Application) -> Clock | None:
    """The clock of the promise to answer `application`, if it has started."""
    return core_clock.get_clock(application, PURPOSE)


def status(application: Application, *, today: date | None = None) -> core_clock.ClockStatus | None:
    """On time / at risk / late / met / missed by N / paused / no deadline; None before the
    clock starts."""
    clock = answer_clock(application)
    return None if clock is None else core_clock.status_of(clock, today=today)


def at_risk_from(clock: Clock, calendar=None) -> date | None:
    """The first day on which `status_of` calls the open clock "at risk" (its last share of
    days, `SILAH_AT_RISK_SHARE`), so that the queues can filter on a stored date."""
    import math

    from django.conf import settings

    from silah.core.workdays import get_calendar

    if clock.due_on is None or clock.length is None:
        return None
    share = math.floor(clock.length * settings.SILAH_AT_RISK_SHARE)
    if clock.unit == Clock.Unit.WORKING_DAYS:
        return (calendar or get_calendar()).add_working_days(clock.due_on, -share)
    return clock.due_on - timedelta(days=share)


def mirror(application: Application, clock: Clock | None) -> None:
    """Copy the clock's due date, at-risk date and pause onto the request (in memory and in
    its row, without bumping its version: the caller's verb does that)."""
    if clock is None:
        values = {"due_on": None, "at_risk_on": None, "clock_paused": False}
    else:
        open_clock = clock.stopped_on is None
        values = {
            "due_on": clock.due_on,
            "at_risk_on": at_risk_from(clock) if open_clock else None,
            "clock_paused": open_clock and clock.pauses.filter(end__isnull=True).exists(),
        }
    for name, value in values.items():
        setattr(application, name, value)
    Application.objects.filter(pk=application.pk).update(**values)


def _note(rules: EffectiveRules) -> str:
    if rules.unit == Clock.Unit.NONE:
        return _("لا مهلة محددة في السياسة النافذة")
    return ""


def start_or_restart(application: Application, *, actor, on: date, rules: EffectiveRules) -> Clock:
    """Start the answer's clock on `on`, or count again from `on` if it ran before (a request
    complete again after being returned). The caller holds the request's lock and saves it."""
    clock = answer_clock(application)
    if clock is None:
        clock = core_clock.start_clock(
            application,
            purpose=PURPOSE,
            unit=rules.unit,
            length=rules.length,
            on=on,
            actor=actor,
            note=_note(rules),
        )
        kind, old_due = Transition.Kind.CLOCK_STARTED, None
    else:
        old_due = clock.due_on
        clock = core_clock.restart_clock(
            clock, on=on, unit=rules.unit, length=rules.length, actor=actor
        )
        kind = Transition.Kind.CLOCK_RESTARTED
    mirror(application, clock)
    Transition.objects.create(
        application=application,
        kind=kind,
        actor=actor,
        old_due=old_due,
        new_due=clock.due_on,
        note=_note(rules),
    )
    return clock


def start_at_receipt(application: Application, *, actor, on: date) -> Clock:
    return start_or_restart(
        application,
        actor=actor,
        on=on,
        rules=effective_rules(application.service, application.policy_version),
    )


def pause(application: Application, *, actor, on: date, note: str = "") -> bool:
    """Stand the clock still while the association waits on the beneficiary; False when there
    is nothing to pause (no clock yet, no deadline, stopped or already paused)."""
    clock = answer_clock(application)
    if (
        clock is None
        or clock.unit == Clock.Unit.NONE
        or clock.stopped_on is not None
        or clock.pauses.filter(end__isnull=True).exists()
    ):
        return False
    on = max(on, clock.started_on)
    clock = core_clock.pause_clock(clock, on=on, actor=actor, note=note)
    mirror(application, clock)
    Transition.objects.create(
        application=application,
        kind=Transition.Kind.CLOCK_PAUSED,
        actor=actor,
        old_due=clock.due_on,
        new_due=clock.due_on,
        note=note[:1000],
    )
    return True


def resume(application: Application, *, actor, on: date, note: str = "") -> bool:
    """Count again with the days that were left; False when the clock is not paused."""
    clock = answer_clock(application)
    if clock is None:
        return False
    pause_row = clock.pauses.filter(end__isnull=True).first()
    if pause_row is None:
        return False
    old_due = clock.due_on
    clock = core_clock.resume_clock(clock, on=max(on, pause_row.start), actor=actor, note=note)
    mirror(application, clock)
    Transition.objects.create(
        application=application,
        kind=Transition.Kind.CLOCK_RESUMED,
        actor=actor,
        old_due=old_due,
        new_due=clock.due_on,
        note=note[:1000],
    )
    return True


def stop(application: Application, *, actor, on: date, note: str = "") -> Clock | None:
    """The promise was answered (or the request withdrawn) on `on`."""
    clock = answer_clock(application)
    if clock is None or clock.stopped_on is not None:
        return clock
    clock = core_clock.stop_clock(clock, on=max(on, clock.started_on), actor=actor, note=note)
    clock.refresh_from_db()
    mirror(application, clock)
    return clock


def on_deadline_moved(clock: Clock, event: ClockEvent) -> None:
    """A calendar correction moved an open request's due date: mirror it and say so in the
    request's history (runs inside core's recomputation transaction)."""
    if clock.purpose != PURPOSE:
        return
    updated = Application.objects.filter(pk=clock.object_id).update(
        due_on=clock.due_on, at_risk_on=at_risk_from(clock), row_version=F("row_version") + 1
    )
    if not updated:
        return
    Transition.objects.create(
        application_id=clock.object_id,
        kind=Transition.Kind.DEADLINE_MOVED,
        old_due=event.old_due,
        new_due=event.new_due,
        note=event.note[:1000],
    )


# -- a referral's answer -----------------------------------------------------------------------


def referral_due(on: date, days: int) -> date:
    """The day by which a referral made on `on` is answered: the end of the `days`-th working
    day after it (the day itself not counted), as its clock will compute it."""
    draft = Clock(unit=Clock.Unit.WORKING_DAYS, length=days, started_on=on)
    return core_clock.compute_due(draft, pauses=[])


def start_referral_clock(referral: Referral, *, actor, on: date, days: int) -> Clock:
    """Start the referral's answer clock (the caller created it with `due_on` from
    `referral_due`, in the same transaction)."""
    clock = core_clock.start_clock(
        referral,
        purpose=PURPOSE,
        unit=Clock.Unit.WORKING_DAYS,
        length=days,
        on=on,
        actor=actor,
    )
    if clock.due_on != referral.due_on:  # the calendar changed in between
        referral.due_on = clock.due_on
        Referral.objects.filter(pk=referral.pk).update(due_on=clock.due_on)
    return clock


def stop_referral_clock(referral: Referral, *, actor, on: date) -> Clock | None:
    """The referral was answered on `on`: its clock, if it has one, is met or missed."""
    clock = core_clock.get_clock(referral, PURPOSE)
    if clock is None or clock.stopped_on is not None:
        return clock
    return core_clock.stop_clock(clock, on=max(on, clock.started_on), actor=actor)


def on_referral_deadline_moved(clock: Clock, event: ClockEvent) -> None:
    """A calendar correction moved an open referral's due date: mirror it, and say so in the
    referral's own history (old → new, with the reason; the clock's event log keeps it too)."""
    if clock.purpose != PURPOSE:
        return
    referral = Referral.objects.filter(pk=clock.object_id).first()
    if referral is None or referral.due_on == clock.due_on:
        return
    referral.due_on = clock.due_on
    annotate_change(referral, reason=REFERRAL_DUE_MOVED, actor=event.actor)
    referral.save(update_fields=["due_on"])


def register() -> None:
    core_clock.on_deadline_moved(MODEL_LABEL, on_deadline_moved)
    core_clock.on_deadline_moved(REFERRAL_LABEL, on_referral_deadline_moved)
