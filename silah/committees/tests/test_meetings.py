import datetime as dt

import pytest

from silah.accounts.factories import UserFactory
from silah.committees import queries, services
from silah.committees.factories import (
    MEETING_DAY,
    CommitteeMemberFactory,
    held_meeting,
    seated_committee,
)
from silah.committees.models import MeetingState
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_meetings_are_numbered_per_committee_per_hijri_year():
    seated = seated_committee()
    first = services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.chair)
    second = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY + dt.timedelta(days=7), actor=seated.secretary
    )
    # 1 Muharram 1449 is 6 June 2027: a new year starts again at 1.
    next_year = services.schedule_meeting(
        seated.committee, held_on=dt.date(2027, 6, 20), actor=seated.secretary
    )
    other = services.schedule_meeting(
        seated_committee().committee, held_on=MEETING_DAY, actor=UserFactory(roles=["manager"])
    )
    assert [first.reference, second.reference] == ["1/1448", "2/1448"]
    assert next_year.reference == "1/1449"
    assert other.reference == "1/1448"


def test_a_plain_member_cannot_schedule_a_meeting():
    seated = seated_committee()
    before = row_counts()
    with pytest.raises(DomainError):
        services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.members[0])
    assert row_counts() == before


def test_an_inactive_committee_holds_no_meeting():
    seated = seated_committee(is_active=False)
    before = row_counts()
    with pytest.raises(DomainError):
        services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.secretary)
    assert row_counts() == before


def test_a_date_outside_the_calendar_is_refused():
    seated = seated_committee()
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.schedule_meeting(
            seated.committee, held_on=dt.date(1900, 1, 1), actor=seated.secretary
        )
    assert refused.value.field == "held_on"
    assert row_counts() == before


def test_holding_a_meeting_lists_every_member_absent():
    seated = seated_committee(members=2)
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    services.hold_meeting(meeting, actor=seated.secretary)
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.HELD
    assert meeting.attendance.count() == 4
    assert queries.present_count(meeting) == 0


def test_a_meeting_is_held_once():
    seated = seated_committee()
    meeting = held_meeting(seated)
    before = row_counts()
    with pytest.raises(DomainError):
        services.hold_meeting(meeting, actor=seated.secretary)
    assert row_counts() == before


def test_attendance_marks_the_others_absent():
    seated = seated_committee(members=2)
    meeting = held_meeting(seated)
    services.record_attendance(
        meeting, present=[seated.chair.pk, seated.secretary.pk], actor=seated.secretary
    )
    assert set(queries.present_members(meeting).values_list("member_id", flat=True)) == {
        seated.chair.pk,
        seated.secretary.pk,
    }
    assert meeting.attendance.filter(present=False).count() == 2


def test_attendance_of_a_planned_meeting_is_refused():
    seated = seated_committee()
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    before = row_counts()
    with pytest.raises(DomainError):
        services.record_attendance(meeting, present=[seated.chair], actor=seated.secretary)
    assert row_counts() == before


def test_only_members_can_be_marked_present():
    seated = seated_committee()
    meeting = held_meeting(seated, present=[])
    stranger = UserFactory()
    before = row_counts()
    with pytest.raises(DomainError) as refused:
        services.record_attendance(meeting, present=[stranger], actor=seated.secretary)
    assert refused.value.field == "present"
    assert row_counts() == before


def test_a_plain_member_cannot_record_attendance():
    seated = seated_committee()
    meeting = held_meeting(seated, present=[])
    before = row_counts()
    with pytest.raises(DomainError):
        services.record_attendance(meeting, present=seated.everyone, actor=seated.members[0])
    assert row_counts() == before


def test_a_member_added_after_the_meeting_started_gets_an_attendance_row():
    seated = seated_committee()
    meeting = held_meeting(seated, present=[])
    late = CommitteeMemberFactory(committee=seated.committee).user
    services.record_attendance(meeting, present=[late], actor=seated.secretary)
    assert queries.was_present(meeting, late)
