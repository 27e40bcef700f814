"""Factories for committees' tests (and other apps' tests that bring subjects before a
committee).

`CommitteeFactory` etc. write rows directly; `seated_committee()` gives a committee with a
chair, a secretary and members holding the committee member role; `held_meeting()` a meeting
under way with the given members present, through the services.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import factory

from silah.accounts.factories import UserFactory
from silah.committees import services
from silah.committees.models import (
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    MeetingAttendance,
    MemberRole,
)
from silah.core.dates import to_hijri

# 2 Safar 1448 (16 July 2026): a date in a known Hijri year.
MEETING_DAY = dt.date(2026, 7, 16)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"لجنة البحث {n}")
    kind = CommitteeKind.RESEARCH
    quorum = 2


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMember

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory, roles=["committee_member"])
    role = MemberRole.MEMBER
    since = dt.date(2026, 1, 1)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    committee = factory.SubFactory(CommitteeFactory)
    held_on = MEETING_DAY
    hijri_year = factory.LazyAttribute(lambda meeting: to_hijri(meeting.held_on).year)
    number = factory.Sequence(lambda n: n + 1)
    place = "مقر الجمعية"


class MeetingAttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingAttendance

    meeting = factory.SubFactory(MeetingFactory)
    member = factory.SubFactory(UserFactory, roles=["committee_member"])
    present = True


@dataclass
class Seated:
    """A committee with its people: `chair`, `secretary` and plain `members` (users)."""

    committee: Committee
    chair: object
    secretary: object
    members: list = field(default_factory=list)

    @property
    def everyone(self) -> list:
        return [self.chair, self.secretary, *self.members]


def seated_committee(*, members: int = 2, quorum: int = 3, **fields) -> Seated:
    """A committee with a chair, a secretary and `members` plain members, all holding the
    committee member role."""
    committee = CommitteeFactory(quorum=quorum, **fields)
    chair = CommitteeMemberFactory(committee=committee, role=MemberRole.CHAIR).user
    secretary = CommitteeMemberFactory(committee=committee, role=MemberRole.SECRETARY).user
    others = [CommitteeMemberFactory(committee=committee).user for _ in range(members)]
    return Seated(committee, chair, secretary, others)


def held_meeting(seated: Seated, *, present: list | None = None, **fields) -> Meeting:
    """A meeting of the seated committee, scheduled, held and with `present` (default:
    everyone) marked present, through the services."""
    meeting = services.schedule_meeting(
        seated.committee,
        held_on=fields.pop("held_on", MEETING_DAY),
        place=fields.pop("place", "مقر الجمعية"),
        actor=seated.secretary,
    )
    services.hold_meeting(meeting, actor=seated.secretary)
    services.record_attendance(
        meeting,
        present=seated.everyone if present is None else present,
        actor=seated.secretary,
    )
    return meeting
