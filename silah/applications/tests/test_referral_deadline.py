"""A referral's own deadline: when the policy in force says referrals are answered within N
working days, the referral is due N working days after the day it is made (Friday and
Saturday off; Eid al-Adha 1447 from the Day of Arafah 26 May 2026, compensation 31 May);
none when the policy sets none."""

from datetime import date

import pytest
import time_machine

from silah.applications import factories as f
from silah.applications import queries_screens, services
from silah.applications.models import Referral
from silah.applications.tests.helpers import refused
from silah.core.clock import ClockState
from silah.core.models import Clock
from silah.policy.models import PolicyVersion

pytestmark = pytest.mark.django_db


def referral_rule(days=None):
    rule = {"kind": "officer", "name": "مسؤول البحث الاجتماعي"}
    if days is not None:
        rule["answer_within_working_days"] = days
    return {"referral": rule}


def travel(day: str):
    return time_machine.travel(f"{day} 09:00 +03:00", tick=False)


def _refer(beneficiary, officer, researcher):
    return services.refer(beneficiary, actor=officer, note="سؤال", target_user=researcher)


def test_three_working_days_from_a_wednesday_skip_the_weekend(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    with travel("2026-04-08"):  # a Wednesday
        referral = _refer(beneficiary, officer, researcher)
    # Thursday 9, (Friday, Saturday), Sunday 12, Monday 13.
    assert referral.due_on == date(2026, 4, 13)
    assert Referral.objects.get(pk=referral.pk).due_on == date(2026, 4, 13)


def test_a_referral_made_before_eid_al_adha_counts_no_eid_day(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    with travel("2026-05-21"):  # Thursday before the Day of Arafah
        referral = _refer(beneficiary, officer, researcher)
    # Sunday 24, Monday 25; Eid 26–29 May, the weekend, compensation Sunday 31 May; Monday
    # 1 June is the third working day.
    assert referral.due_on == date(2026, 6, 1)


def test_no_deadline_when_the_policy_sets_none(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule())
    referral = _refer(beneficiary, officer, researcher)
    assert referral.due_on is None
    assert not Clock.objects.filter(object_id=str(referral.pk), purpose="answer").exists()
    assert queries_screens.referral_badges([referral])[0].badge is None


def test_each_referral_takes_the_deadline_in_force_when_it_is_made(
    beneficiary, officer, researcher
):
    first = f.in_force_policy(**referral_rule(3))
    with travel("2026-04-08"):
        earlier = _refer(beneficiary, officer, researcher)
    PolicyVersion.objects.filter(pk=first.pk).update(status=PolicyVersion.Status.SUPERSEDED)
    f.in_force_policy(**referral_rule(1))
    with travel("2026-04-08"):
        later = _refer(beneficiary, officer, researcher)
    assert Referral.objects.get(pk=earlier.pk).due_on == date(2026, 4, 13)
    assert later.due_on == date(2026, 4, 9)


def test_a_refused_referral_starts_no_clock(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    with refused(match="اكتب ما الذي لم يتضح"):  # the requests' rows, clocks and outbox
        services.refer(beneficiary, actor=officer, note=" ", target_user=researcher)


def test_a_refused_answer_leaves_the_clock_running(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    referral = _refer(beneficiary, officer, researcher)
    with refused(match="اكتب الرد"):
        services.answer_referral(referral, actor=researcher, answer=" ")
    assert Clock.objects.get(object_id=str(referral.pk), purpose="answer").stopped_on is None


def test_an_open_referral_shows_the_working_days_left(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(5))
    with travel("2026-04-06"):  # Monday: due Monday 13 April
        referral = _refer(beneficiary, officer, researcher)
    [row] = queries_screens.referral_badges([referral], today=date(2026, 4, 8))
    assert row.badge.state == ClockState.ON_TIME
    assert row.badge.due_on == date(2026, 4, 13)
    assert "3" in row.badge.label  # Thursday 9, Sunday 12, Monday 13


def test_an_open_referral_past_its_due_date_is_late(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    with travel("2026-04-08"):
        referral = _refer(beneficiary, officer, researcher)
    [row] = queries_screens.referral_badges([referral], today=date(2026, 4, 15))
    assert row.badge.state == ClockState.LATE
    assert row.badge.tone == "danger"
    assert "متأخر" in row.badge.label


def test_answered_after_its_due_date_the_referral_missed_it(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    with travel("2026-04-08"):
        referral = _refer(beneficiary, officer, researcher)
    with travel("2026-04-15"):  # Wednesday: two working days late
        services.answer_referral(referral, actor=researcher, answer="رد")
    referral.refresh_from_db()
    [row] = queries_screens.referral_badges([referral], today=date(2026, 5, 1))
    assert row.badge.state == ClockState.MISSED


def test_answered_in_time_the_referral_met_it(beneficiary, officer, researcher):
    f.in_force_policy(**referral_rule(3))
    with travel("2026-04-08"):
        referral = _refer(beneficiary, officer, researcher)
        services.answer_referral(referral, actor=researcher, answer="رد")
    referral.refresh_from_db()
    [row] = queries_screens.referral_badges([referral], today=date(2026, 5, 1))
    assert row.badge.state == ClockState.MET


def test_the_manager_counts_the_open_referrals_past_their_due_date(
    beneficiary, officer, researcher
):
    f.in_force_policy(**referral_rule(3))
    with travel("2026-04-08"):
        late = _refer(beneficiary, officer, researcher)
        answered = _refer(beneficiary, officer, researcher)
        services.answer_referral(answered, actor=researcher, answer="رد")
    with travel("2026-04-14"):
        _refer(beneficiary, officer, researcher)  # due 19 April
    assert late.due_on == date(2026, 4, 13)
    assert queries_screens.late_referrals(today=date(2026, 4, 14)) == (1, 2)


def test_the_manager_card_shows_late_referrals_once_referrals_have_deadlines(
    rf, manager, beneficiary, officer, researcher
):
    from silah.applications.cards import promises_card

    f.in_force_policy(**referral_rule(3))
    request = rf.get("/")
    request.user = manager
    assert "إحالات متأخرة لم يُرد عليها" not in dict(promises_card(request).items)
    with travel("2026-04-08"):
        _refer(beneficiary, officer, researcher)
    with travel("2026-04-20"):
        card = promises_card(request)
    assert dict(card.items)["إحالات متأخرة لم يُرد عليها"] == "1"
    assert card.tone == "danger"


@pytest.mark.django_db(transaction=True)
def test_a_holiday_added_under_an_open_referral_moves_its_due_date():
    from silah.accounts.factories import BranchFactory, UserFactory
    from silah.core.services import add_holiday

    f.in_force_policy(**referral_rule(3))
    branch = BranchFactory()
    officer = f.officer(branch)
    beneficiary = f.ready_beneficiary(branch)
    researcher = UserFactory(roles=["social_researcher"])
    with travel("2026-04-08"):
        referral = _refer(beneficiary, officer, researcher)
        assert referral.due_on == date(2026, 4, 13)
        add_holiday(
            kind="official",
            name="إجازة بأمر ملكي",
            start=date(2026, 4, 12),
            days=1,
            actor=UserFactory(),
        )
    # Sunday 12 is a day off now: Tuesday 14 is the third working day.
    assert Referral.objects.get(pk=referral.pk).due_on == date(2026, 4, 14)


@pytest.mark.django_db(transaction=True)  # the calendar tells the clocks on commit
def test_a_referral_s_moved_due_date_is_in_its_own_history():
    from silah.accounts.factories import BranchFactory, UserFactory
    from silah.core.services import add_holiday

    f.in_force_policy(**referral_rule(3))
    branch = BranchFactory()
    beneficiary = f.ready_beneficiary(branch)
    researcher = UserFactory(roles=["social_researcher"])
    with travel("2026-04-08"):
        referral = _refer(beneficiary, f.officer(branch), researcher)
        add_holiday(
            kind="official",
            name="إجازة بأمر ملكي",
            start=date(2026, 4, 12),
            days=1,
            actor=UserFactory(),
        )
    *_earlier, before, latest = referral.history.order_by("history_id")
    assert (before.due_on, latest.due_on) == (date(2026, 4, 13), date(2026, 4, 14))
    assert latest.history_change_reason == "نُقل موعد الرد لتصحيح في التقويم"
