import pytest

from silah.accounts.factories import UserFactory
from silah.committees import queries, services
from silah.committees.factories import MEETING_DAY, held_meeting, seated_committee
from silah.committees.models import Vote, VoteChoice
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3)


@pytest.fixture
def item(seated, stand_in):
    meeting = held_meeting(seated, present=[seated.chair, seated.secretary, seated.members[0]])
    return services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)


def test_a_present_member_votes(seated, item):
    vote = services.cast_vote(item, member=seated.members[0], choice="approve", note="مستحق")
    assert vote.choice == VoteChoice.APPROVE and vote.recorded_by == seated.members[0]


def test_voting_again_replaces_the_vote(seated, item):
    services.cast_vote(item, member=seated.members[0], choice="approve")
    services.cast_vote(item, member=seated.members[0], choice="reject", note="لم تكتمل")
    assert list(item.votes.values_list("choice", flat=True)) == ["reject"]


def test_an_absent_member_cannot_vote(seated, item):
    before = row_counts()
    with pytest.raises(DomainError):
        services.cast_vote(item, member=seated.members[1], choice="approve")
    assert row_counts() == before


def test_someone_outside_the_committee_cannot_vote(item):
    stranger = UserFactory(roles=["committee_member"])
    before = row_counts()
    with pytest.raises(DomainError):
        services.cast_vote(item, member=stranger, choice="approve")
    assert row_counts() == before


def test_an_unknown_choice_is_refused(seated, item):
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.cast_vote(item, member=seated.chair, choice="yes")
    assert refused.value.field == "choice"
    assert row_counts() == before


def test_the_secretary_records_a_members_vote(seated, item):
    vote = services.cast_vote(
        item, member=seated.members[0], choice="abstain", actor=seated.secretary
    )
    assert vote.member == seated.members[0] and vote.recorded_by == seated.secretary


def test_a_member_cannot_vote_for_another(seated, item):
    before = row_counts()
    with pytest.raises(DomainError):
        services.cast_vote(item, member=seated.chair, choice="approve", actor=seated.members[0])
    assert row_counts() == before


def test_no_vote_on_a_decided_item(seated, item):
    services.decide_item(item, outcome="approved", actor=seated.chair)
    before = row_counts()
    with pytest.raises(DomainError):
        services.cast_vote(item, member=seated.members[0], choice="reject")
    assert row_counts() == before


def test_no_vote_before_the_meeting_is_held(seated, stand_in):
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    planned_item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    before = row_counts()
    with pytest.raises(DomainError):
        services.cast_vote(planned_item, member=seated.chair, choice="approve")
    assert row_counts() == before


def test_a_member_who_voted_cannot_be_marked_absent(seated, item):
    services.cast_vote(item, member=seated.members[0], choice="approve")
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.record_attendance(
            item.meeting, present=[seated.chair, seated.secretary], actor=seated.secretary
        )
    assert refused.value.field == "present"
    assert row_counts() == before


def test_votes_are_counted_by_choice(seated, item):
    services.cast_vote(item, member=seated.chair, choice="approve")
    services.cast_vote(item, member=seated.secretary, choice="approve")
    services.cast_vote(item, member=seated.members[0], choice="abstain")
    count = queries.vote_counts(item.meeting.items.all())[item.pk]
    assert (count.approve, count.reject, count.abstain, count.total) == (2, 0, 1, 3)
    assert Vote.objects.filter(item=item).count() == 3


def test_the_secretary_records_several_votes_at_once(seated, item):
    services.record_votes(
        item,
        choices={seated.chair.pk: "approve", seated.members[0].pk: "reject"},
        actor=seated.secretary,
    )
    assert dict(item.votes.values_list("member_id", "choice")) == {
        seated.chair.pk: "approve",
        seated.members[0].pk: "reject",
    }


def test_one_bad_vote_in_a_batch_records_none(seated, item):
    before = row_counts()
    with pytest.raises(DomainError):
        services.record_votes(
            item,
            choices={seated.chair.pk: "approve", seated.members[1].pk: "approve"},  # absent
            actor=seated.secretary,
        )
    assert row_counts() == before


def test_a_plain_member_cannot_record_a_batch(seated, item):
    before = row_counts()
    with pytest.raises(DomainError):
        services.record_votes(item, choices={seated.chair.pk: "approve"}, actor=seated.members[0])
    assert row_counts() == before
