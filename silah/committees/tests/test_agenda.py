import pytest

from silah.accounts.factories import UserFactory
from silah.committees import services, subjects
from silah.committees.factories import MEETING_DAY, held_meeting, seated_committee
from silah.committees.models import AgendaItem, Outcome
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3)


def _planned(seated):
    return services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.secretary)


def test_a_waiting_subject_goes_on_the_agenda_with_its_summary(seated, stand_in):
    file = BeneficiaryFactory()
    item = services.add_to_agenda(_planned(seated), file, actor=seated.secretary)
    assert item.subject == file
    assert item.summary == f"ملف {file.file_number}: {file.full_name}"
    assert item.outcome == Outcome.PENDING and item.order == 1


def test_a_subject_of_an_unregistered_kind_is_refused(seated):
    file = BeneficiaryFactory()  # no stand_in: the kind is not registered
    meeting = _planned(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_to_agenda(meeting, file, actor=seated.secretary)
    assert row_counts() == before


def test_a_subject_pending_on_another_meeting_is_refused(seated, stand_in):
    file = BeneficiaryFactory()
    services.add_to_agenda(_planned(seated), file, actor=seated.secretary)
    other = seated_committee()
    meeting = services.schedule_meeting(other.committee, held_on=MEETING_DAY, actor=other.chair)
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.add_to_agenda(meeting, file, actor=other.chair)
    assert "1/1448" in refused.value.message
    assert row_counts() == before


def test_the_same_subject_twice_on_one_meeting_is_refused(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = _planned(seated)
    services.add_to_agenda(meeting, file, actor=seated.secretary)
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_to_agenda(meeting, file, actor=seated.secretary)
    assert row_counts() == before


def test_a_subject_not_waiting_for_the_committee_is_refused(seated, stand_in):
    file = BeneficiaryFactory()
    stand_in.waiting_pks = []
    meeting = _planned(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_to_agenda(meeting, file, actor=seated.secretary)
    assert row_counts() == before


def test_a_closed_meeting_takes_no_new_subject(seated, stand_in):
    meeting = held_meeting(seated)
    services.close_meeting(meeting, actor=seated.secretary)
    file = BeneficiaryFactory()
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_to_agenda(meeting, file, actor=seated.secretary)
    assert row_counts() == before


def test_a_plain_member_cannot_add_to_the_agenda(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = _planned(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.add_to_agenda(meeting, file, actor=seated.members[0])
    assert row_counts() == before


def test_build_agenda_adds_every_waiting_subject_once(seated, stand_in):
    files = [BeneficiaryFactory() for _ in range(3)]
    meeting = _planned(seated)
    added = services.build_agenda(meeting, actor=seated.secretary)
    assert [item.subject for item in added] == files
    assert [item.order for item in added] == [1, 2, 3]
    assert services.build_agenda(meeting, actor=seated.secretary) == []


def test_build_agenda_leaves_out_subjects_pending_on_another_meeting(seated, stand_in):
    first, second = BeneficiaryFactory(), BeneficiaryFactory()
    other = seated_committee()
    elsewhere = services.schedule_meeting(other.committee, held_on=MEETING_DAY, actor=other.chair)
    services.add_to_agenda(elsewhere, first, actor=other.chair)
    added = services.build_agenda(_planned(seated), actor=seated.secretary)
    assert [item.subject for item in added] == [second]


def test_build_agenda_with_no_kind_registered_adds_nothing(seated):
    BeneficiaryFactory()
    assert services.build_agenda(_planned(seated), actor=seated.secretary) == []


def test_a_deferred_subject_waits_for_the_next_meeting(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, file, actor=seated.secretary)
    services.decide_item(
        item, outcome=Outcome.DEFERRED, reason="بانتظار تقرير الباحث", actor=seated.chair
    )
    services.close_meeting(meeting, actor=seated.secretary)
    following = _planned(seated)
    added = services.build_agenda(following, actor=seated.secretary)
    assert [i.subject for i in added] == [file]
    assert stand_in.decided == []
    assert AgendaItem.objects.filter(object_id=file.pk).count() == 2


def test_an_approved_subject_does_not_come_back(seated, stand_in):
    file = BeneficiaryFactory()
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, file, actor=seated.secretary)
    services.decide_item(item, outcome=Outcome.APPROVED, actor=seated.chair)
    services.close_meeting(meeting, actor=seated.secretary)
    assert services.build_agenda(_planned(seated), actor=seated.secretary) == []


def test_a_pending_item_without_votes_can_be_removed(seated, stand_in):
    item = services.add_to_agenda(_planned(seated), BeneficiaryFactory(), actor=seated.secretary)
    services.remove_from_agenda(item, actor=seated.secretary)
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_an_item_with_votes_cannot_be_removed(seated, stand_in):
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    services.cast_vote(item, member=seated.members[0], choice="approve")
    before = row_counts()
    with pytest.raises(DomainError):
        services.remove_from_agenda(item, actor=seated.secretary)
    assert row_counts() == before


def test_the_registry_is_restored_between_tests():
    assert subjects.kind_for("registry.beneficiary") is None


def test_the_database_refuses_two_pending_items_for_one_subject(seated, stand_in):
    from django.db import IntegrityError, transaction

    file = BeneficiaryFactory()
    item = services.add_to_agenda(_planned(seated), file, actor=seated.secretary)
    other = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=UserFactory(roles=["manager"])
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(
            meeting=other, content_type=item.content_type, object_id=file.pk, summary="x"
        )
