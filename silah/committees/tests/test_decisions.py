import pytest

from silah.committees import services
from silah.committees.factories import MEETING_DAY, held_meeting, seated_committee
from silah.committees.models import AgendaItem, MeetingState, Minutes, Outcome
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3)


def _item(seated, present=None):
    meeting = held_meeting(seated, present=present)
    return services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)


def test_the_chair_approves_with_quorum_and_the_subject_is_told(seated, stand_in):
    item = _item(seated)
    services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.chair)
    item.refresh_from_db()
    assert item.outcome == Outcome.APPROVED
    assert item.decided_by == seated.chair and item.decided_at is not None
    assert stand_in.decided == [(item.pk, "approved", seated.chair.pk)]


def test_the_secretary_rejects_with_a_reason(seated, stand_in):
    item = _item(seated)
    services.decide_item(item, outcome="rejected", reason="الدخل فوق الحد", actor=seated.secretary)
    item.refresh_from_db()
    assert (item.outcome, item.reason) == ("rejected", "الدخل فوق الحد")
    assert stand_in.decided == [(item.pk, "rejected", seated.secretary.pk)]


def test_the_decision_is_in_the_items_history(seated, stand_in):
    item = _item(seated)
    services.decide_item(item, outcome="rejected", reason="الدخل فوق الحد", actor=seated.chair)
    latest = item.history.first()
    assert latest.history_user == seated.chair
    assert latest.history_change_reason == "الدخل فوق الحد"
    assert latest.prev_record.outcome == "pending"


def test_no_decision_without_quorum(seated, stand_in):
    item = _item(seated, present=[seated.chair, seated.secretary])
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.chair)
    assert "2" in refused.value.message and "3" in refused.value.message
    assert row_counts() == before
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.PENDING
    assert stand_in.decided == []


def test_no_deferral_without_quorum_either(seated, stand_in):
    item = _item(seated, present=[seated.chair])
    before = row_counts()
    with pytest.raises(DomainError):
        services.decide_item(item, outcome="deferred", reason="للدراسة", actor=seated.chair)
    assert row_counts() == before


def test_quorum_is_reached_at_exactly_the_number(seated, stand_in):
    item = _item(seated, present=[seated.chair, seated.secretary, seated.members[0]])
    services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.secretary)
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.APPROVED


def test_a_plain_member_cannot_decide(seated, stand_in):
    item = _item(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.members[0])
    assert row_counts() == before
    assert stand_in.decided == []


def test_a_manager_who_is_not_on_the_committee_cannot_decide(seated, stand_in):
    from silah.accounts.factories import UserFactory

    item = _item(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.decide_item(item, outcome="approved", actor=UserFactory(roles=["manager"]))
    assert row_counts() == before


@pytest.mark.parametrize("outcome", ["rejected", "deferred"])
def test_reject_and_defer_need_a_reason(seated, stand_in, outcome):
    item = _item(seated)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.decide_item(item, outcome=outcome, reason="  ", actor=seated.chair)
    assert refused.value.field == "reason"
    assert row_counts() == before


@pytest.mark.parametrize("outcome", ["pending", "maybe", ""])
def test_an_unknown_outcome_is_refused(seated, stand_in, outcome):
    item = _item(seated)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.decide_item(item, outcome=outcome, reason="سبب", actor=seated.chair)
    assert refused.value.field == "outcome"
    assert row_counts() == before


def test_when_the_subject_refuses_the_decision_nothing_is_saved(seated, stand_in):
    item = _item(seated)
    stand_in.refuse = "الطلب سُحب قبل القرار."
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.chair)
    assert refused.value.message == "الطلب سُحب قبل القرار."
    assert row_counts() == before
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.PENDING


def test_a_stale_second_decision_is_refused(seated, stand_in):
    item = _item(seated)
    stale = AgendaItem.objects.get(pk=item.pk)  # opened before the first decision
    services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.chair)
    before = row_counts()
    with pytest.raises(DomainError):
        services.decide_item(stale, outcome="rejected", reason="سبب", actor=seated.secretary)
    assert row_counts() == before
    assert stand_in.decided == [(item.pk, "approved", seated.chair.pk)]


def test_deferring_calls_nothing_on_the_subject(seated, stand_in):
    item = _item(seated)
    services.decide_item(item, outcome="deferred", reason="استكمال البحث", actor=seated.chair)
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.DEFERRED
    assert stand_in.decided == []


def test_no_decision_in_a_planned_meeting(seated, stand_in):
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    before = row_counts()
    with pytest.raises(DomainError):
        services.decide_item(item, outcome="approved", actor=seated.chair)
    assert row_counts() == before


def test_a_meeting_with_pending_items_cannot_close(seated, stand_in):
    item = _item(seated)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.close_meeting(item.meeting, actor=seated.secretary)
    assert "1" in refused.value.message
    assert row_counts() == before


def test_closing_freezes_the_minutes(seated, stand_in):
    item = _item(seated)
    services.cast_vote(item, member=seated.members[0], choice="approve")
    services.decide_item(item, outcome="approved", actor=seated.chair)
    minutes = services.close_meeting(item.meeting, actor=seated.secretary)
    item.meeting.refresh_from_db()
    assert item.meeting.state == MeetingState.CLOSED and item.meeting.closed_at
    assert minutes.snapshot["reference"] == "1/1448"
    assert minutes.snapshot["items"][0]["votes"] == {"approve": 1, "reject": 0, "abstain": 0}
    assert minutes.snapshot["quorum_reached"] is True
    assert len(minutes.fingerprint) == 64


def test_a_planned_meeting_cannot_close(seated):
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    before = row_counts()
    with pytest.raises(DomainError):
        services.close_meeting(meeting, actor=seated.secretary)
    assert row_counts() == before


def test_a_plain_member_cannot_close(seated):
    meeting = held_meeting(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.close_meeting(meeting, actor=seated.members[0])
    assert row_counts() == before


def test_members_present_approve_the_minutes_once(seated, stand_in):
    meeting = held_meeting(seated, present=[seated.chair, seated.secretary, seated.members[0]])
    services.close_meeting(meeting, actor=seated.secretary)
    approval = services.approve_minutes(meeting, member=seated.members[0])
    assert approval.fingerprint == Minutes.objects.get(meeting=meeting).fingerprint
    before = row_counts()
    with pytest.raises(DomainError):
        services.approve_minutes(meeting, member=seated.members[0])
    assert row_counts() == before


def test_an_absent_member_does_not_approve_the_minutes(seated):
    meeting = held_meeting(seated, present=[seated.chair, seated.secretary, seated.members[0]])
    services.close_meeting(meeting, actor=seated.secretary)
    before = row_counts()
    with pytest.raises(DomainError):
        services.approve_minutes(meeting, member=seated.members[1])
    assert row_counts() == before


def test_minutes_of_an_open_meeting_cannot_be_approved(seated):
    meeting = held_meeting(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.approve_minutes(meeting, member=seated.chair)
    assert row_counts() == before
