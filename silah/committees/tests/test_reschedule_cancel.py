"""A planned meeting moved to another day, or cancelled with its agenda released."""

import datetime as dt

import pytest

from silah.committees import queries, services
from silah.committees.factories import MEETING_DAY, held_meeting, seated_committee
from silah.committees.models import AgendaItem, Meeting, MeetingState
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3)


def _planned(seated):
    return services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary, place="قاعة الاجتماعات"
    )


def _state(meeting: Meeting) -> tuple:
    meeting = Meeting.objects.get(pk=meeting.pk)
    return (meeting.held_on, meeting.place, meeting.state, meeting.cancel_reason)


def test_a_planned_meeting_moves_to_another_day_keeping_its_number_and_agenda(seated, stand_in):
    meeting = _planned(seated)
    services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    later = MEETING_DAY + dt.timedelta(days=3)
    services.reschedule_meeting(meeting, held_on=later, place="مقر الفرع", actor=seated.chair)
    meeting.refresh_from_db()
    assert (meeting.held_on, meeting.place, meeting.reference) == (later, "مقر الفرع", "1/1448")
    assert meeting.items.count() == 1


def test_the_history_keeps_the_old_date_and_says_why(seated):
    meeting = _planned(seated)
    services.reschedule_meeting(
        meeting, held_on=MEETING_DAY + dt.timedelta(days=1), actor=seated.secretary
    )
    last, previous = meeting.history.order_by("-history_date", "-history_id")[:2]
    assert last.history_change_reason == services.REASON_RESCHEDULED
    assert previous.held_on == MEETING_DAY


def test_a_new_date_in_another_hijri_year_is_refused_and_nothing_changes(seated):
    meeting = _planned(seated)
    before, rows = _state(meeting), row_counts()
    with pytest.raises(DomainError) as refused:
        # 1 Muharram 1449 is 6 June 2027: the number belongs to 1448.
        services.reschedule_meeting(meeting, held_on=dt.date(2027, 6, 20), actor=seated.secretary)
    assert refused.value.field == "held_on"
    assert (_state(meeting), row_counts()) == (before, rows)


def test_the_same_date_and_place_is_refused(seated):
    meeting = _planned(seated)
    before, rows = _state(meeting), row_counts()
    with pytest.raises(DomainError):
        services.reschedule_meeting(meeting, held_on=MEETING_DAY, actor=seated.secretary)
    assert (_state(meeting), row_counts()) == (before, rows)


def test_a_held_meeting_cannot_be_moved_or_cancelled(seated):
    meeting = held_meeting(seated)
    before, rows = _state(meeting), row_counts()
    with pytest.raises(DomainError):
        services.reschedule_meeting(
            meeting, held_on=MEETING_DAY + dt.timedelta(days=2), actor=seated.secretary
        )
    with pytest.raises(DomainError):
        services.cancel_meeting(meeting, reason="غياب الرئيس", actor=seated.secretary)
    assert (_state(meeting), row_counts()) == (before, rows)


def test_a_plain_member_cannot_move_or_cancel_a_meeting(seated):
    meeting = _planned(seated)
    before, rows = _state(meeting), row_counts()
    member = seated.members[0]
    with pytest.raises(DomainError):
        services.reschedule_meeting(
            meeting, held_on=MEETING_DAY + dt.timedelta(days=2), actor=member
        )
    with pytest.raises(DomainError):
        services.cancel_meeting(meeting, reason="غياب الرئيس", actor=member)
    assert (_state(meeting), row_counts()) == (before, rows)


def test_cancelling_needs_a_reason(seated):
    meeting = _planned(seated)
    before, rows = _state(meeting), row_counts()
    with pytest.raises(DomainError) as refused:
        services.cancel_meeting(meeting, reason="   ", actor=seated.secretary)
    assert refused.value.field == "reason"
    assert (_state(meeting), row_counts()) == (before, rows)


def test_cancelling_releases_the_agenda_to_wait_for_the_next_meeting(seated, stand_in):
    meeting = _planned(seated)
    file = BeneficiaryFactory()
    services.add_to_agenda(meeting, file, actor=seated.secretary)
    services.cancel_meeting(meeting, reason="تعذر اكتمال النصاب", actor=seated.chair)
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason) == (MeetingState.CANCELLED, "تعذر اكتمال النصاب")
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
    following = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY + dt.timedelta(days=7), actor=seated.secretary
    )
    assert following.reference == "2/1448"  # the cancelled number is not reused
    assert services.add_to_agenda(following, file, actor=seated.secretary).subject == file


def test_a_cancelled_meeting_is_no_longer_open_nor_takes_an_agenda(seated, stand_in):
    meeting = _planned(seated)
    services.cancel_meeting(meeting, reason="تعذر اكتمال النصاب", actor=seated.secretary)
    assert meeting not in queries.open_meetings()
    rows = row_counts()
    with pytest.raises(DomainError):
        services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    with pytest.raises(DomainError):
        services.hold_meeting(meeting, actor=seated.secretary)
    assert row_counts()["committees.AgendaItem"] == rows["committees.AgendaItem"]
