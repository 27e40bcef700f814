"""The members are told through the outbox when a meeting is scheduled, moved or cancelled."""

import datetime as dt

import pytest

from silah.committees import services
from silah.committees.factories import MEETING_DAY, seated_committee
from silah.core.errors import DomainError
from silah.messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3, name="لجنة البحث الاجتماعي")


def _notices(meeting):
    return Message.objects.filter(
        event="meeting_notice", subject_ref=f"committees.meeting:{meeting.pk}"
    ).order_by("pk")


def test_every_active_member_is_told_of_a_scheduled_meeting(seated):
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary, place="قاعة الاجتماعات"
    )
    notices = list(_notices(meeting))
    assert {m.staff_id for m in notices} == {u.pk for u in seated.everyone}
    body = notices[0].body
    assert "جُدول اجتماع" in body and "لجنة البحث الاجتماعي" in body
    assert "1/1448" in body and "قاعة الاجتماعات" in body and "1448" in body


def test_a_member_whose_membership_ended_is_not_told(seated):
    leaving = seated.committee.members.get(user=seated.members[0])
    leaving.is_active = False
    leaving.save(update_fields=["is_active"])
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    assert seated.members[0].pk not in set(_notices(meeting).values_list("staff_id", flat=True))


def test_moving_and_cancelling_tell_the_members_again(seated):
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    services.reschedule_meeting(
        meeting, held_on=MEETING_DAY + dt.timedelta(days=2), actor=seated.secretary
    )
    services.cancel_meeting(meeting, reason="تعذر اكتمال النصاب", actor=seated.chair)
    bodies = list(_notices(meeting).values_list("body", flat=True))
    members = len(seated.everyone)
    assert len(bodies) == 3 * members
    assert sum("تغيّر موعد اجتماع" in body for body in bodies) == members
    assert sum("أُلغي اجتماع" in body for body in bodies) == members


def test_a_refused_move_tells_nobody(seated):
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    before = Message.objects.count()
    with pytest.raises(DomainError):
        services.reschedule_meeting(meeting, held_on=MEETING_DAY, actor=seated.secretary)
    assert Message.objects.count() == before
