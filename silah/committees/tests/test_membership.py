import pytest

from silah.accounts.factories import UserFactory
from silah.committees import services
from silah.committees.factories import (
    MEETING_DAY,
    CommitteeFactory,
    CommitteeMemberFactory,
    seated_committee,
)
from silah.committees.models import Committee, CommitteeKind, MemberRole
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return UserFactory(roles=["manager"])


def test_manager_creates_a_committee(manager):
    committee = services.create_committee(
        name=" لجنة  البحث ", kind=CommitteeKind.RESEARCH, quorum=3, actor=manager
    )
    assert committee.name == "لجنة البحث"
    assert committee.history.get().history_user == manager


def test_a_committee_member_cannot_create_a_committee():
    member = UserFactory(roles=["committee_member"])
    before = row_counts()
    with pytest.raises(DomainError):
        services.create_committee(name="لجنة", kind="research", quorum=1, actor=member)
    assert row_counts() == before


@pytest.mark.parametrize("quorum", [0, -1, "x", None, 51])
def test_quorum_must_be_a_positive_number(manager, quorum):
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.create_committee(name="لجنة", kind="research", quorum=quorum, actor=manager)
    assert refused.value.field == "quorum"
    assert row_counts() == before


def test_unknown_kind_is_refused(manager):
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.create_committee(name="لجنة", kind="board", quorum=1, actor=manager)
    assert refused.value.field == "kind"
    assert row_counts() == before


def test_a_committee_with_open_meetings_cannot_be_stopped(manager):
    seated = seated_committee()
    services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.secretary)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.update_committee(
            seated.committee,
            name="لجنة",
            kind="research",
            quorum=2,
            is_active=False,
            actor=manager,
        )
    assert refused.value.field == "is_active"
    assert row_counts() == before
    assert Committee.objects.get(pk=seated.committee.pk).is_active


def test_member_is_added_with_a_role(manager):
    committee = CommitteeFactory()
    user = UserFactory(roles=["committee_member"])
    member = services.add_member(committee, user, role=MemberRole.CHAIR, actor=manager)
    assert member.role == MemberRole.CHAIR and member.is_active
    assert member.history.get().history_user == manager


def test_a_second_active_chair_is_refused(manager):
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, role=MemberRole.CHAIR)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.add_member(committee, UserFactory(), role=MemberRole.CHAIR, actor=manager)
    assert refused.value.field == "role"
    assert row_counts() == before


def test_a_second_active_secretary_is_refused(manager):
    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, role=MemberRole.SECRETARY)
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_member(committee, UserFactory(), role=MemberRole.SECRETARY, actor=manager)
    assert row_counts() == before


def test_the_same_person_is_not_added_twice(manager):
    member = CommitteeMemberFactory()
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.add_member(member.committee, member.user, actor=manager)
    assert refused.value.field == "user"
    assert row_counts() == before


def test_an_inactive_account_is_not_added(manager):
    user = UserFactory(is_active=False)
    committee = CommitteeFactory()
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_member(committee, user, actor=manager)
    assert row_counts() == before


def test_a_former_member_may_join_again(manager):
    member = CommitteeMemberFactory()
    services.remove_member(member, actor=manager)
    again = services.add_member(member.committee, member.user, actor=manager)
    assert again.pk != member.pk and again.is_active


def test_removing_a_member_ends_the_membership_with_a_date(manager):
    member = CommitteeMemberFactory()
    services.remove_member(member, actor=manager)
    member.refresh_from_db()
    assert not member.is_active and member.until is not None


def test_removing_twice_is_refused(manager):
    member = CommitteeMemberFactory()
    services.remove_member(member, actor=manager)
    before = row_counts()
    with pytest.raises(DomainError):
        services.remove_member(member, actor=manager)
    assert row_counts() == before


def test_making_a_member_chair_hands_the_chair_over(manager):
    seated = seated_committee()
    newcomer = seated.committee.members.get(user=seated.members[0])
    services.set_role(newcomer, MemberRole.CHAIR, actor=manager)
    roles = dict(seated.committee.members.values_list("user_id", "role"))
    assert roles[seated.members[0].pk] == MemberRole.CHAIR
    assert roles[seated.chair.pk] == MemberRole.MEMBER


def test_a_member_cannot_change_roles():
    seated = seated_committee()
    target = seated.committee.members.get(user=seated.members[0])
    before = row_counts()
    with pytest.raises(DomainError):
        services.set_role(target, MemberRole.CHAIR, actor=seated.chair)
    assert row_counts() == before


def test_same_role_again_is_refused(manager):
    member = CommitteeMemberFactory()
    before = row_counts()
    with pytest.raises(DomainError):
        services.set_role(member, MemberRole.MEMBER, actor=manager)
    assert row_counts() == before


def test_the_database_refuses_two_active_chairs():
    from django.db import IntegrityError, transaction

    committee = CommitteeFactory()
    CommitteeMemberFactory(committee=committee, role=MemberRole.CHAIR)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMemberFactory(committee=committee, role=MemberRole.CHAIR)
