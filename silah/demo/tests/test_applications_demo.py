"""The demo's requests (applications_activity): every state, through the workflow only, dated
over the last weeks, the research committee's meeting 1 and its minutes, one late and one at
risk for the manager, each front desk seeing its branches' requests, and a second load that
adds nothing.

The demo is loaded once for the module (in a transaction rolled back at the end); each test
runs in a savepoint inside it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from itertools import pairwise
from unittest import mock

import pytest
from django.apps import apps
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from silah.accounts.models import User
from silah.applications.models import (
    Application,
    Disbursement,
    Referral,
    ResearchVisit,
    State,
    Transition,
)
from silah.committees.models import Meeting, MeetingState, Outcome
from silah.core import dates
from silah.demo import applications_activity, loader

pytestmark = pytest.mark.django_db

WATCHED_APPS = ("applications", "committees", "registry", "messaging", "services", "core")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo association loaded once, rolled back after the module's tests."""
    home = tmp_path_factory.mktemp("demo")
    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=home / "media",
            SILAH_PRIVATE_MEDIA_ROOT=home / "private",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ),
        mock.patch.object(loader, "LOGIN_FILE", home / "demo-login.txt"),
        transaction.atomic(),
    ):
        loader.load_demo()
        yield
        transaction.set_rollback(True)


def staff(username: str) -> User:
    return User.objects.get(username=username)


def counts() -> dict[str, int]:
    return {
        model._meta.label: model.objects.count()
        for label in WATCHED_APPS
        for model in apps.get_app_config(label).get_models()
    }


def test_there_are_about_fifteen_requests_in_every_state(demo):
    states = Counter(Application.objects.values_list("state", flat=True))
    assert set(states) == set(State.values)
    assert 14 <= sum(states.values()) <= 18


def test_every_service_of_the_catalogue_has_requests(demo):
    services = set(Application.objects.values_list("service__code", flat=True))
    assert services == {
        "financial-aid",
        "food-basket",
        "computer-training",
        "health-care",
        "counselling",
    }


def test_each_request_went_through_the_workflow_from_receipt(demo):
    # The history's state lines chain from "received" to the request's state: nothing was set
    # by hand.
    for application in Application.objects.all():
        lines = list(
            application.transitions.filter(kind=Transition.Kind.STATE).order_by("at", "pk")
        )
        assert lines[0].to_state == State.RECEIVED
        for before, after in pairwise(lines):
            assert after.from_state == before.to_state, application.reference
        assert lines[-1].to_state == application.state, application.reference


def test_the_requests_are_dated_over_the_last_weeks_in_the_order_of_their_history(demo):
    today = dates.today()
    received = [
        timezone.localtime(at).date()
        for at in Application.objects.values_list("received_at", flat=True)
    ]
    assert min(received) <= today - dt.timedelta(days=21)
    assert max(received) == today
    for application in Application.objects.all():
        times = list(application.transitions.order_by("pk").values_list("at", flat=True))
        assert times == sorted(times), application.reference
        assert times[0] >= application.received_at
        assert timezone.localtime(times[-1]).date() <= today


def test_a_request_received_today_misses_its_iban_and_is_in_the_officers_intake(demo):
    from silah.applications import queries

    [today] = queries.intake_today(staff("reception"))
    assert today.state == State.RECEIVED
    missing = [item.label for item in today.checklist.filter(mandatory=True, present=False)]
    assert missing == ["رقم الآيبان باسم المستفيد"]


def test_the_manager_sees_one_late_request_and_one_at_risk(demo):
    from silah.applications import queries

    manager = staff("manager")
    [late] = queries.late(manager)
    [at_risk] = queries.at_risk(manager)
    assert late.state == State.IN_REVIEW and late.deciding_body == "management"
    assert at_risk.state == State.COMPLETE
    assert queries.promises(dates.today() - dt.timedelta(days=40), dates.today()).open_late == 1


def test_a_returned_request_and_a_postponed_visit_have_their_clocks_paused(demo):
    returned = Application.objects.get(state=State.RETURNED)
    postponed = ResearchVisit.objects.get(status=ResearchVisit.Status.POSTPONED)
    assert returned.clock_paused
    assert postponed.application.clock_paused
    assert postponed.postpone_reason


def test_a_visit_is_planned_for_the_shawaq_researcher(demo):
    from silah.applications import queries

    [visit] = queries.my_visits(staff("researcher2"))
    assert visit.status == ResearchVisit.Status.PLANNED
    assert visit.planned_on > dates.today()


def test_a_referral_to_the_policys_section_waits_for_an_answer(demo):
    referral = Referral.objects.get()
    assert referral.answered_at is None
    assert referral.target_name == "قسم الشؤون التعليمية / البحث"
    assert referral.application.state == State.RETURNED


def test_each_front_desk_sees_the_requests_of_its_branches_only(demo):
    from silah.applications.access import applications_for

    for username in ("reception", "reception2"):
        officer = staff(username)
        branches = set(officer.branches.values_list("pk", flat=True))
        seen = applications_for(officer)
        expected = Application.objects.filter(branch__in=branches)
        assert seen.count() == expected.count() > 0
        assert set(seen) == set(expected)
    reception = {branch.name for branch in staff("reception").branches.all()}
    assert reception == {"المقر الرئيسي بالليث", "مكتب غميقة"}


def test_the_research_committee_has_a_chair_a_secretary_members_and_quorum_3(demo):
    from silah.committees.models import Committee

    committee = Committee.objects.get(name="لجنة البحث الاجتماعي")
    assert committee.quorum == 3
    roles = Counter(committee.members.filter(is_active=True).values_list("role", flat=True))
    assert roles == {"chair": 1, "secretary": 1, "member": 2}
    assert committee.members.get(role="chair").user.username == "committee"


def test_meeting_1_was_held_with_quorum_and_decided_two_approvals_and_a_rejection(demo):
    meeting = Meeting.objects.get(number=1, state=MeetingState.CLOSED)
    assert meeting.attendance.filter(present=True).count() == 3
    outcomes = Counter(meeting.items.values_list("outcome", flat=True))
    assert outcomes == {Outcome.APPROVED: 2, Outcome.REJECTED: 1}
    for item in meeting.items.all():
        assert item.votes.count() == 3
        application = Application.objects.get(pk=item.object_id)
        assert application.decision.agenda_item == item
        assert application.decision.decided_on == meeting.held_on
    rejected = meeting.items.get(outcome=Outcome.REJECTED)
    assert "دخلها الشهري" in Application.objects.get(pk=rejected.object_id).decision.reason
    assert meeting.minutes.approvals.count() == 2


def test_the_next_meeting_has_the_request_waiting_in_review_on_its_agenda(demo):
    planned = Meeting.objects.get(state=MeetingState.PLANNED)
    [item] = planned.items.all()
    assert Application.objects.get(pk=item.object_id).state == State.IN_REVIEW
    assert planned.held_on > dates.today()


def test_the_minutes_pdf_renders_with_the_chairs_name_whole(demo):
    from silah.committees.minutes import render_minutes_pdf
    from silah.core.tests.pdf_text import pdf_text, squeeze

    meeting = Meeting.objects.get(number=1, state=MeetingState.CLOSED)
    text = pdf_text(render_minutes_pdf(meeting.minutes))
    assert squeeze("لجنة البحث الاجتماعي") in text
    assert squeeze("عبدالله القرني") in text


def test_deliveries_are_a_cash_amount_a_food_basket_a_course_place_and_a_session(demo):
    by_kind = {d.kind: d for d in Disbursement.objects.all()}
    assert set(by_kind) == set(Disbursement.Kind.values)
    assert by_kind["cash"].amount == Decimal("1500.00")
    assert by_kind["cash"].receipt == "slip" and by_kind["cash"].receipt_document is not None
    assert by_kind["in_kind"].items.count() >= 5
    assert by_kind["programme_place"].enrollment.programme.service.code == "computer-training"
    for disbursement in by_kind.values():
        assert disbursement.receipt_document or disbursement.receipt_name


def test_the_beneficiaries_are_told_through_the_outbox(demo):
    from silah.messaging.models import Message

    events = set(Message.objects.values_list("event", flat=True))
    assert {"request_complete", "request_incomplete", "request_returned"} <= events
    assert {"decision_approved", "decision_rejected", "delivery_scheduled"} <= events


def test_loading_the_demo_again_adds_nothing(demo):
    before = counts()
    loader.load_demo()
    assert counts() == before


def test_a_demo_loaded_before_gets_the_office_for_its_front_desk(demo):
    reception = staff("reception")
    reception.branches.remove(*reception.branches.filter(name="مكتب غميقة"))
    loader.load_demo()
    assert reception.branches.filter(name="مكتب غميقة").exists()


def test_the_replay_clock_moves_on_within_a_past_day_and_leaves_today_alone():
    real_now = timezone.now
    today = dates.today()
    replay = applications_activity.Replay(today)
    with replay.clock(today - dt.timedelta(days=3)):
        first, second = timezone.now(), timezone.now()
        assert dates.today() == today - dt.timedelta(days=3)
        assert timezone.localtime(first).hour == 9
        assert second > first
    assert timezone.now is real_now
    with replay.clock(today):
        assert timezone.now is real_now
