"""Requests before a committee: waiting for it, on its agenda, decided in its meeting."""

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.applications import access, committee, workflow
from silah.applications.models import Decision, State
from silah.applications.tests.helpers import advance, receive, refused
from silah.committees import services as committees
from silah.committees.factories import held_meeting, seated_committee
from silah.committees.models import CommitteeKind
from silah.core import dates
from silah.core.errors import DomainError
from silah.messaging.models import Message
from silah.registry.access import beneficiaries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(policy, beneficiary, service, officer, manager, researcher):
    application = receive(beneficiary, service, officer)
    return advance(
        application, "in_review", officer=officer, manager=manager, researcher=researcher
    )


@pytest.fixture
def seated(db):
    return seated_committee(members=2, quorum=3, kind=CommitteeKind.RESEARCH)


def meeting_with(seated, present=None):
    return held_meeting(seated, present=present, held_on=dates.today())


def test_a_request_in_review_waits_for_the_committee_of_its_deciding_body(in_review, seated):
    competent = seated_committee(kind=CommitteeKind.COMPETENT)
    assert list(committee.waiting(seated.committee)) == [in_review]
    assert list(committee.waiting(competent.committee)) == []


def test_the_committees_approval_approves_the_request_and_tells_the_beneficiary(in_review, seated):
    meeting = meeting_with(seated)
    [item] = committees.build_agenda(meeting, actor=seated.secretary)
    assert item.subject == in_review
    assert in_review.reference in item.summary
    committees.record_votes(
        item,
        choices=dict.fromkeys(seated.everyone, "approve"),
        actor=seated.secretary,
    )
    committees.decide_item(item, outcome="approved", actor=seated.chair)
    in_review.refresh_from_db()
    assert in_review.state == State.APPROVED
    decision = in_review.decision
    assert decision.outcome == Decision.Outcome.APPROVE
    assert decision.agenda_item == item
    assert decision.body == "research_committee"
    assert decision.decided_by == seated.chair
    assert in_review.transitions.filter(to_state="approved", actor=seated.chair).exists()
    assert Message.objects.filter(
        beneficiary=in_review.beneficiary, event="decision_approved"
    ).exists()


def test_the_committees_rejection_carries_its_reason_to_the_beneficiary(in_review, seated):
    meeting = meeting_with(seated)
    [item] = committees.build_agenda(meeting, actor=seated.secretary)
    committees.decide_item(
        item, outcome="rejected", reason="لا تنطبق معايير الخدمة", actor=seated.secretary
    )
    in_review.refresh_from_db()
    assert in_review.state == State.REJECTED
    assert in_review.decision.reason == "لا تنطبق معايير الخدمة"
    message = Message.objects.get(beneficiary=in_review.beneficiary, event="decision_rejected")
    assert "لا تنطبق معايير الخدمة" in message.body


def test_a_deferral_leaves_the_request_waiting_for_the_next_meeting(in_review, seated):
    meeting = meeting_with(seated)
    [item] = committees.build_agenda(meeting, actor=seated.secretary)
    committees.decide_item(item, outcome="deferred", reason="استكمال البحث", actor=seated.chair)
    in_review.refresh_from_db()
    assert in_review.state == State.IN_REVIEW
    assert list(committee.waiting(seated.committee)) == [in_review]


def test_no_decision_without_quorum_and_the_request_is_unchanged(in_review, seated):
    meeting = meeting_with(seated, present=[seated.chair, seated.secretary])
    [item] = committees.build_agenda(meeting, actor=seated.secretary)
    with refused(in_review, error=DomainError, match="النصاب"):
        committees.decide_item(item, outcome="approved", actor=seated.chair)


def test_the_request_cannot_be_approved_with_an_undecided_item(in_review, seated):
    meeting = meeting_with(seated)
    [item] = committees.build_agenda(meeting, actor=seated.secretary)
    with refused(in_review, error=PermissionDenied):
        workflow.approve(in_review, actor=seated.chair, agenda_item=item)


def test_members_see_the_request_and_the_file_while_it_is_on_an_open_agenda(in_review, seated):
    member = seated.members[0]
    outsider = UserFactory(roles=["committee_member"])
    assert not access.can_see(member, in_review)
    meeting = meeting_with(seated)
    committees.build_agenda(meeting, actor=seated.secretary)
    assert access.can_see(member, in_review)
    assert beneficiaries_for(member).filter(pk=in_review.beneficiary_id).exists()
    assert not access.can_see(outsider, in_review)


def test_the_research_summary_shows_the_recommendation(in_review):
    text = committee.research_summary(in_review)
    assert "التوصية بالقبول" in text
