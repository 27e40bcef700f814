"""The answer's promise clock on a request, checked against the Saudi working calendar
(Friday and Saturday off; the official holidays core seeds: Eid al-Fitr 1447 from 19 March
2026 with compensation 23–24 March, Eid al-Adha from the Day of Arafah 26 May 2026 with
compensation 31 May)."""

from datetime import date

import pytest
import time_machine

from silah.applications import clocks, workflow
from silah.applications import factories as f
from silah.applications.models import Application, State, Transition
from silah.applications.tests.helpers import receive
from silah.core.clock import ClockState, status_of

pytestmark = pytest.mark.django_db

WORKING_15 = {"deadline": {"length": 15, "unit": "working", "counts_from": "complete"}}


def travel(day: str):
    return time_machine.travel(f"{day} 09:00 +03:00", tick=False)


@pytest.fixture
def working_policy(db):
    return f.in_force_policy(**WORKING_15)


def test_fifteen_working_days_from_completeness_skip_the_weekends(
    working_policy, beneficiary, service, officer
):
    with travel("2026-04-06"):  # a Monday
        application = receive(beneficiary, service, officer)
    # Tue 7 … Thu 9, Sun 12 … Thu 16, Sun 19 … Thu 23, Sun 26, Mon 27.
    assert application.due_on == date(2026, 4, 27)
    assert application.policy_version == working_policy


def test_a_request_complete_before_eid_al_adha_counts_no_eid_day(
    working_policy, beneficiary, service, officer
):
    with travel("2026-05-21"):  # Thursday before the Day of Arafah
        application = receive(beneficiary, service, officer)
    # Sun 24, Mon 25; Eid 26–29 May, the weekend, compensation Sunday 31 May;
    # Mon 1 June … Wed 17 June is the 15th working day.
    assert application.due_on == date(2026, 6, 17)


def test_one_calendar_week_ending_inside_eid_moves_to_the_next_working_day(
    beneficiary, service, officer
):
    f.in_force_policy(deadline={"length": 7, "unit": "calendar", "counts_from": "complete"})
    with travel("2026-05-21"):
        application = receive(beneficiary, service, officer)
    # 28 May is an Eid day; 29 Eid, 30 Saturday, 31 compensation: Monday 1 June.
    assert application.due_on == date(2026, 6, 1)


def test_returned_for_completion_the_clock_counts_again_from_the_new_completeness(
    working_policy, beneficiary, service, officer
):
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer)
    with travel("2026-04-08"):
        item = application.checklist.get(kind="document")
        application = workflow.return_for_completion(
            application,
            actor=officer,
            expected_version=application.row_version,
            missing=[item.pk],
            note="إثبات دخل أحدث",
        )
        assert application.state == State.RETURNED
        assert application.clock_paused
        assert clocks.status(application).state == ClockState.PAUSED
    with travel("2026-04-12"):  # Sunday: a newer income proof is brought
        f.document(beneficiary)
        application = workflow.tick_item(
            application.checklist.get(kind="document"),
            actor=officer,
            expected_version=application.row_version,
        )
        application = workflow.mark_complete(
            application, actor=officer, expected_version=application.row_version
        )
    # 15 working days from Sunday 12 April: Sunday 3 May.
    assert application.due_on == date(2026, 5, 3)
    assert not application.clock_paused
    assert clocks.answer_clock(application).restarts == 1
    kinds = list(application.transitions.values_list("kind", flat=True))
    assert kinds.count(Transition.Kind.CLOCK_RESTARTED) == 1
    assert Transition.Kind.CLOCK_PAUSED in kinds
    restart = application.transitions.get(kind=Transition.Kind.CLOCK_RESTARTED)
    assert (restart.old_due, restart.new_due) == (date(2026, 4, 27), date(2026, 5, 3))


def test_a_postponed_visit_pauses_the_clock_and_the_visit_resumes_it_with_the_days_left(
    working_policy, beneficiary, service, officer, manager, researcher
):
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer)
        application = workflow.send_to_research(
            application,
            actor=manager,
            expected_version=application.row_version,
            researcher=researcher,
            planned_on=date(2026, 4, 8),
        )
    with travel("2026-04-08"):  # Wednesday: 13 working days left (9 … 27 April)
        application = workflow.postpone_visit(
            application,
            actor=researcher,
            expected_version=application.row_version,
            reason="المستفيد مسافر",
        )
    with travel("2026-04-16"):
        assert clocks.status(application).state == ClockState.PAUSED
        assert application.clock_paused
    with travel("2026-04-19"):  # Sunday: the visit takes place
        application = workflow.record_visit(
            application,
            actor=researcher,
            expected_version=application.row_version,
            visited_on=date(2026, 4, 19),
            place="home",
            findings="تمت الزيارة بعد عودته.",
            recommendation="approve",
        )
    # 13 working days from Sunday 19 April: Wednesday 6 May.
    assert application.due_on == date(2026, 5, 6)
    assert not application.clock_paused
    kinds = list(application.transitions.values_list("kind", flat=True))
    assert Transition.Kind.CLOCK_PAUSED in kinds and Transition.Kind.CLOCK_RESUMED in kinds
    resumed = application.transitions.get(kind=Transition.Kind.CLOCK_RESUMED)
    assert (resumed.old_due, resumed.new_due) == (date(2026, 4, 27), date(2026, 5, 6))


def test_a_postponed_visit_planned_again_resumes_the_clock(
    working_policy, beneficiary, service, officer, manager, researcher
):
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer)
        application = workflow.send_to_research(
            application,
            actor=manager,
            expected_version=application.row_version,
            researcher=researcher,
        )
    with travel("2026-04-08"):
        application = workflow.postpone_visit(
            application, actor=researcher, expected_version=application.row_version, reason="مرض"
        )
    with travel("2026-04-12"):
        application = workflow.plan_visit(
            application,
            actor=researcher,
            expected_version=application.row_version,
            planned_on=date(2026, 4, 14),
        )
    # 13 working days from Sunday 12 April: Wednesday 29 April.
    assert application.due_on == date(2026, 4, 29)


def test_the_decision_stops_the_clock_met_or_missed_by_days(
    working_policy, beneficiary, service, officer, manager
):
    service.needs_research = False
    service.deciding_body = "management"
    service.save()
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer)
        application = workflow.send_to_review(
            application, actor=officer, expected_version=application.row_version
        )
    with travel("2026-04-29"):  # two working days after 27 April
        assert clocks.status(application).state == ClockState.LATE
        assert clocks.status(application).days_late == 2
        application = workflow.record_decision(
            application, actor=manager, expected_version=application.row_version, outcome="approve"
        )
    status = clocks.status(application)
    assert status.state == ClockState.MISSED and status.days_late == 2
    assert application.at_risk_on is None


def test_no_deadline_in_the_policy_means_no_due_date(beneficiary, service, officer):
    f.in_force_policy(deadline={"unit": "none"})
    application = receive(beneficiary, service, officer)
    assert application.state == State.COMPLETE
    assert application.due_on is None
    assert clocks.status(application).state == ClockState.NO_DEADLINE


def test_a_clock_counted_from_receipt_starts_with_an_incomplete_request(
    beneficiary, service, officer
):
    f.in_force_policy(deadline={"length": 14, "unit": "calendar", "counts_from": "received"})
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer, ticked=[])
    assert application.state == State.RECEIVED
    assert application.due_on == date(2026, 4, 20)


def test_the_stored_at_risk_date_agrees_with_the_clocks_status(
    working_policy, beneficiary, service, officer
):
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer)
    clock = clocks.answer_clock(application)
    # 15 × 20% = 3 working days: at risk from Wednesday 22 April (23, 26, 27 left).
    assert application.at_risk_on == date(2026, 4, 22)
    assert status_of(clock, today=date(2026, 4, 21)).state == ClockState.ON_TIME
    assert status_of(clock, today=date(2026, 4, 22)).state == ClockState.AT_RISK


@pytest.mark.django_db(transaction=True)
def test_a_holiday_added_under_an_open_request_moves_its_due_date_and_its_history_says_so():
    from silah.accounts.factories import BranchFactory, UserFactory
    from silah.core.services import add_holiday

    f.in_force_policy(**WORKING_15)
    branch = BranchFactory()
    officer = f.officer(branch)
    beneficiary = f.ready_beneficiary(branch)
    service = f.service_with_checklist()
    admin = UserFactory()
    with travel("2026-04-06"):
        application = receive(beneficiary, service, officer)
        assert application.due_on == date(2026, 4, 27)
        version = application.row_version
        add_holiday(
            kind="official", name="إجازة بأمر ملكي", start=date(2026, 4, 14), days=2, actor=admin
        )
    application = Application.objects.get(pk=application.pk)
    # Tuesday 14 and Wednesday 15 are days off now: two working days later.
    assert application.due_on == date(2026, 4, 29)
    assert application.row_version == version + 1
    moved = application.transitions.get(kind=Transition.Kind.DEADLINE_MOVED)
    assert (moved.old_due, moved.new_due) == (date(2026, 4, 27), date(2026, 4, 29))
    assert moved.actor is None
