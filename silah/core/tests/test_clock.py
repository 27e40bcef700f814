"""The promise clock: start, states, pause and resume, restart, stop, and recomputation."""

from datetime import date

import pytest
import time_machine

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core import clock as clocks
from silah.core.clock import ClockState
from silah.core.errors import DomainError
from silah.core.models import Clock, ClockEvent, Holiday
from silah.core.services import correct_holiday

pytestmark = pytest.mark.django_db

WORKING = Clock.Unit.WORKING_DAYS
CALENDAR = Clock.Unit.CALENDAR_DAYS


@pytest.fixture
def record():
    return BranchFactory()


def test_fifteen_working_days_from_completeness_skips_eid_al_adha(record):
    # Seed 001: 15 working days from the day the request is complete.
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=15, on=date(2026, 5, 21)
    )
    # 24, 25 count; 26–29 Eid, 30 weekend, 31 compensation; June 1–4, 7–11, 14–17.
    assert clock.due_on == date(2026, 6, 17)


def test_two_weeks_in_calendar_days_that_end_in_eid_move_to_the_next_working_day(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=CALENDAR, length=14, on=date(2026, 3, 5)
    )
    assert clock.due_on == date(2026, 3, 25)


def test_no_deadline_has_no_due_date_and_no_lateness(record):
    clock = clocks.start_clock(record, purpose="answer", unit=Clock.Unit.NONE, length=None)
    assert clock.due_on is None
    assert clocks.status_of(clock).state == ClockState.NO_DEADLINE


def test_a_clock_is_on_time_until_its_last_fifth(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=15, on=date(2026, 4, 5)
    )
    status = clocks.status_of(clock, today=date(2026, 4, 8))
    assert status.state == ClockState.ON_TIME
    assert status.days_left == 12


def test_a_clock_is_at_risk_in_its_last_fifth(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=15, on=date(2026, 4, 5)
    )
    # Due Sunday 26 April; three working days left on Tuesday 21 April.
    status = clocks.status_of(clock, today=date(2026, 4, 21))
    assert status.state == ClockState.AT_RISK
    assert status.days_left == 3


def test_a_clock_is_at_risk_on_its_due_day(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=CALENDAR, length=2, on=date(2026, 4, 5)
    )
    assert clocks.status_of(clock, today=clock.due_on).state == ClockState.AT_RISK


def test_a_clock_past_its_due_date_is_late_by_working_days(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5)
    )
    status = clocks.status_of(clock, today=date(2026, 4, 16))  # due Sunday 12 April
    assert status.state == ClockState.LATE
    assert status.days_late == 4


@time_machine.travel("2026-04-08 10:00 +03:00", tick=False)
def test_today_is_taken_in_riyadh_when_not_given(record):
    clock = clocks.start_clock(record, purpose="answer", unit=WORKING, length=15)
    assert clock.started_on == date(2026, 4, 8)
    assert clocks.status_of(clock).days_left == 15


def test_stopped_on_or_before_the_due_date_is_met(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5)
    )
    clocks.stop_clock(clock, on=date(2026, 4, 12))
    clock.refresh_from_db()
    assert clocks.status_of(clock).state == ClockState.MET


def test_stopped_after_the_due_date_is_missed_by_n_days(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5)
    )
    clocks.stop_clock(clock, on=date(2026, 4, 14))
    clock.refresh_from_db()
    status = clocks.status_of(clock)
    assert status.state == ClockState.MISSED
    assert status.days_late == 2


def test_a_paused_clock_resumes_with_the_days_that_were_left(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=10, on=date(2026, 4, 5)
    )
    # Paused on Thursday 9 April with 6 working days left (due Sunday 19 April).
    clocks.pause_clock(clock, on=date(2026, 4, 9))
    clock.refresh_from_db()
    assert clocks.status_of(clock, today=date(2026, 4, 20)).state == ClockState.PAUSED
    clocks.resume_clock(clock, on=date(2026, 4, 20))
    clock.refresh_from_db()
    assert clock.due_on == date(2026, 4, 28)
    assert clocks.status_of(clock, today=date(2026, 4, 20)).days_left == 6


def test_a_clocks_values_give_its_status_without_reading_its_pauses(record):
    # A work queue reads the clock's values as a tuple and whether a pause is open from the
    # request's mirror: no query per row.
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=10, on=date(2026, 4, 5)
    )
    values = (clock.unit, clock.due_on, clock.stopped_on, clock.length)
    late = clocks.status_from(*values, paused=False, today=date(2026, 4, 21))
    assert (late.state, late.days_late) == (ClockState.LATE, 2)  # due Sunday 19 April
    paused = clocks.status_from(*values, paused=True, today=date(2026, 4, 21))
    assert paused.state == ClockState.PAUSED


def test_pausing_a_paused_clock_is_refused_and_changes_nothing(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=10, on=date(2026, 4, 5)
    )
    clocks.pause_clock(clock, on=date(2026, 4, 9))
    events_before = ClockEvent.objects.count()
    with pytest.raises(DomainError):
        clocks.pause_clock(clock, on=date(2026, 4, 12))
    assert clock.pauses.count() == 1
    assert ClockEvent.objects.count() == events_before


def test_resuming_a_running_clock_is_refused_and_changes_nothing(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=10, on=date(2026, 4, 5)
    )
    due = clock.due_on
    with pytest.raises(DomainError):
        clocks.resume_clock(clock, on=date(2026, 4, 9))
    clock.refresh_from_db()
    assert clock.due_on == due
    assert clock.events.count() == 1


def test_a_restart_counts_again_from_the_new_completeness(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=15, on=date(2026, 4, 5)
    )
    clocks.restart_clock(clock, on=date(2026, 4, 19), note="أعيد للاستكمال ثم اكتمل")
    clock.refresh_from_db()
    assert clock.started_on == date(2026, 4, 19)
    assert clock.due_on == date(2026, 5, 10)
    assert clock.restarts == 1
    event = clock.events.last()
    assert (event.kind, event.old_due, event.new_due) == (
        "restarted",
        date(2026, 4, 26),
        date(2026, 5, 10),
    )


def test_a_stopped_clock_cannot_be_stopped_again(record):
    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5)
    )
    clocks.stop_clock(clock, on=date(2026, 4, 7))
    with pytest.raises(DomainError):
        clocks.stop_clock(clock, on=date(2026, 4, 8))
    clock.refresh_from_db()
    assert clock.stopped_on == date(2026, 4, 7)


def test_one_clock_per_record_and_purpose(record):
    clocks.start_clock(record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5))
    with pytest.raises(DomainError):
        clocks.start_clock(record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 6))
    assert Clock.objects.count() == 1


def test_a_length_of_zero_is_refused(record):
    with pytest.raises(DomainError):
        clocks.start_clock(record, purpose="answer", unit=WORKING, length=0)
    assert Clock.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_correcting_eid_under_an_open_clock_moves_its_deadline_and_says_so():
    record = BranchFactory()
    admin = UserFactory()
    moved_for = []
    clocks.on_deadline_moved(
        "accounts.branch", lambda clock, event: moved_for.append(event.new_due)
    )
    with time_machine.travel("2026-05-21 09:00 +03:00", tick=False):
        clock = clocks.start_clock(record, purpose="answer", unit=WORKING, length=3)
        # 24, 25 count; 26–29 Eid, 30 weekend, 31 compensation; Mon 1 June.
        assert clock.due_on == date(2026, 6, 1)
        eid = Holiday.objects.get(kind="eid_al_adha", start__year=2026)
        # The official announcement puts Arafah one day later: Wed 27 – Sat 30 May.
        correct_holiday(eid, start=date(2026, 5, 27), actor=admin, reason="إعلان المحكمة العليا")
    clock.refresh_from_db()
    # Sun 24, Mon 25, Tue 26 count: Tuesday 26 May is now a working day.
    assert clock.due_on == date(2026, 5, 26)
    moved = clock.events.filter(kind="moved").last()
    assert moved.old_due == date(2026, 6, 1)
    assert moved.new_due == clock.due_on
    assert "عيد الأضحى" in moved.note
    assert moved_for == [clock.due_on]
    assert eid.changes.get(action="corrected").clocks_moved == 1


@pytest.mark.django_db(transaction=True)
def test_a_closure_declared_under_an_open_clock_pushes_its_deadline():
    record = BranchFactory()
    admin = UserFactory()
    from silah.core.services import add_holiday

    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5)
    )
    assert clock.due_on == date(2026, 4, 12)
    add_holiday(kind="closure", name="جرد سنوي", start=date(2026, 4, 7), days=2, actor=admin)
    clock.refresh_from_db()
    assert clock.due_on == date(2026, 4, 14)
    assert clock.events.filter(kind="moved", old_due=date(2026, 4, 12)).exists()


@pytest.mark.django_db(transaction=True)
def test_a_stopped_clock_is_not_recomputed():
    record = BranchFactory()
    admin = UserFactory()
    from silah.core.services import add_holiday

    clock = clocks.start_clock(
        record, purpose="answer", unit=WORKING, length=5, on=date(2026, 4, 5)
    )
    clocks.stop_clock(clock, on=date(2026, 4, 6))
    add_holiday(kind="closure", name="جرد سنوي", start=date(2026, 4, 7), days=2, actor=admin)
    clock.refresh_from_db()
    assert clock.due_on == date(2026, 4, 12)
    assert not clock.events.filter(kind="moved").exists()
