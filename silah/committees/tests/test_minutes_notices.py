"""The members who attended are told through the outbox when the minutes of a closed meeting
wait for their approval; the secretary, when the last of them approves."""

import pytest
from django.urls import reverse

from silah.committees import services
from silah.committees.factories import held_meeting, seated_committee
from silah.committees.tests.util import row_counts
from silah.core.errors import DomainError
from silah.messaging.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3, name="لجنة البحث الاجتماعي")


def _awaiting(meeting):
    return Message.objects.filter(
        event="minutes_awaiting_approval", subject_ref=f"committees.meeting:{meeting.pk}"
    ).order_by("pk")


def _approved(meeting):
    return Message.objects.filter(
        event="minutes_approved", subject_ref=f"committees.meeting:{meeting.pk}"
    )


def _attended(seated):
    return [seated.chair, seated.secretary, seated.members[0]]


def test_each_member_present_is_asked_to_approve_the_minutes(seated):
    meeting = held_meeting(seated, present=_attended(seated))
    services.close_meeting(meeting, actor=seated.secretary)
    assert {m.staff_id for m in _awaiting(meeting)} == {u.pk for u in _attended(seated)}


def test_an_absent_member_is_not_asked_to_approve(seated):
    meeting = held_meeting(seated, present=_attended(seated))
    services.close_meeting(meeting, actor=seated.secretary)
    assert seated.members[1].pk not in set(_awaiting(meeting).values_list("staff_id", flat=True))


def test_the_request_names_the_meeting_and_links_to_the_approval_page(seated):
    meeting = held_meeting(seated, present=_attended(seated))
    services.close_meeting(meeting, actor=seated.secretary)
    message = _awaiting(meeting).get(staff=seated.members[0])
    assert "لجنة البحث الاجتماعي" in message.body and "1/1448" in message.body
    assert "ينتظر اعتمادك" in message.body
    assert reverse("committees:my_meeting", args=[meeting.pk]) in message.body
    assert message.channel == "email" and message.subject


def test_a_deactivated_account_is_not_asked(seated):
    meeting = held_meeting(seated, present=_attended(seated))
    seated.members[0].is_active = False
    seated.members[0].save(update_fields=["is_active"])
    services.close_meeting(meeting, actor=seated.secretary)
    assert seated.members[0].pk not in set(_awaiting(meeting).values_list("staff_id", flat=True))


def test_asking_again_for_the_same_minutes_writes_nothing_new(seated):
    from silah.committees import notify

    meeting = held_meeting(seated, present=_attended(seated))
    minutes = services.close_meeting(meeting, actor=seated.secretary)
    before = Message.objects.count()
    notify.ask_for_approval(minutes, actor=seated.secretary)
    assert Message.objects.count() == before
    assert _awaiting(meeting).count() == len(_attended(seated))


def test_a_refused_close_asks_nobody(seated):
    meeting = held_meeting(seated, present=_attended(seated))
    before, messages = row_counts(), Message.objects.count()
    with pytest.raises(DomainError):
        services.close_meeting(meeting, actor=seated.members[0])
    assert row_counts() == before
    assert Message.objects.count() == messages


def test_the_secretary_is_told_when_the_last_member_present_approves(seated):
    meeting = held_meeting(seated, present=_attended(seated))
    services.close_meeting(meeting, actor=seated.secretary)
    services.approve_minutes(meeting, member=seated.chair)
    services.approve_minutes(meeting, member=seated.secretary)
    assert not _approved(meeting).exists()
    services.approve_minutes(meeting, member=seated.members[0])
    told = _approved(meeting).get()
    assert told.staff_id == seated.secretary.pk
    assert "اعتمد الحاضرون جميعًا (3)" in told.body and "1/1448" in told.body
    assert reverse("committees:meeting", args=[meeting.pk]) in told.body


def test_the_chair_is_told_when_the_committee_has_no_secretary(seated):
    meeting = held_meeting(seated, present=[seated.chair, seated.members[0]])
    services.close_meeting(meeting, actor=seated.chair)
    seated.committee.members.filter(user=seated.secretary).update(is_active=False)
    services.approve_minutes(meeting, member=seated.chair)
    services.approve_minutes(meeting, member=seated.members[0])
    assert _approved(meeting).get().staff_id == seated.chair.pk


def test_a_refused_approval_tells_nobody(seated):
    meeting = held_meeting(seated, present=[seated.secretary, seated.members[0]])
    services.close_meeting(meeting, actor=seated.secretary)
    services.approve_minutes(meeting, member=seated.secretary)
    services.approve_minutes(meeting, member=seated.members[0])
    before, messages = row_counts(), Message.objects.count()
    with pytest.raises(DomainError):
        services.approve_minutes(meeting, member=seated.members[0])
    assert row_counts() == before
    assert Message.objects.count() == messages
    assert _approved(meeting).count() == 1
