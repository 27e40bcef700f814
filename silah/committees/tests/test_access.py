import pytest

from silah.accounts.factories import UserFactory
from silah.committees import services
from silah.committees.access import committee_scope, sees_subject
from silah.committees.factories import MEETING_DAY, held_meeting, seated_committee
from silah.registry.access import beneficiaries_for, get_beneficiary_for
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=1, quorum=1)


def test_a_member_sees_the_files_on_their_committees_open_agenda(seated, stand_in):
    on_agenda, elsewhere = BeneficiaryFactory(), BeneficiaryFactory()
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    services.add_to_agenda(meeting, on_agenda, actor=seated.secretary)
    member = seated.members[0]
    assert list(beneficiaries_for(member)) == [on_agenda]
    assert get_beneficiary_for(member, on_agenda.pk) == on_agenda
    assert sees_subject(member, on_agenda) and not sees_subject(member, elsewhere)


def test_a_member_of_another_committee_sees_nothing(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    services.add_to_agenda(meeting, file, actor=seated.secretary)
    outsider = seated_committee().members[0]
    assert not beneficiaries_for(outsider).exists()


def test_files_leave_the_scope_when_the_meeting_closes(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, file, actor=seated.secretary)
    services.decide_item(item, outcome="approved", actor=seated.chair)
    assert beneficiaries_for(seated.members[0]).filter(pk=file.pk).exists()
    services.close_meeting(meeting, actor=seated.secretary)
    assert not beneficiaries_for(seated.members[0]).filter(pk=file.pk).exists()


def test_a_former_member_no_longer_sees_the_agenda(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    services.add_to_agenda(meeting, file, actor=seated.secretary)
    membership = seated.committee.members.get(user=seated.members[0])
    services.remove_member(membership, actor=UserFactory(roles=["manager"]))
    assert not beneficiaries_for(seated.members[0]).exists()


def test_without_the_committee_member_role_the_scope_does_not_apply(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    services.add_to_agenda(meeting, file, actor=seated.secretary)
    roleless = UserFactory()
    services.add_member(seated.committee, roleless, actor=UserFactory(roles=["manager"]))
    assert not beneficiaries_for(roleless).exists()


def test_a_kind_without_beneficiary_mapping_adds_nothing(seated, stand_in):
    from dataclasses import replace

    from silah.committees import subjects

    subjects.register(replace(stand_in.kind, beneficiary_ids=None))
    assert not committee_scope(seated.members[0])
