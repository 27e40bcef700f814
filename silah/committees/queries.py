"""Reads about committees: which committee decides, who may see or run what, counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from silah.committees.models import (
    OPEN_STATES,
    AgendaItem,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    MeetingAttendance,
    MemberRole,
    Minutes,
    Outcome,
    VoteChoice,
)

MANAGE = "committees.manage_committees"

# The policy's deciding bodies (silah.policy.rules.DECIDING_BODIES) that are committees.
BODY_KINDS = {
    "research_committee": CommitteeKind.RESEARCH,
    "competent_committee": CommitteeKind.COMPETENT,
}

User = AbstractBaseUser | AnonymousUser


def committee_for_body(body: str) -> Committee | None:
    """The active committee that decides for a deciding body of the policy ("research_committee",
    "competent_committee"); None for management, an external authority, or no such committee.
    With several active committees of the kind, the oldest."""
    kind = BODY_KINDS.get(body)
    if kind is None:
        return None
    return Committee.objects.active().filter(kind=kind).order_by("pk").first()


def committees_for_bodies(bodies: Iterable[str]) -> dict[str, Committee | None]:
    """`committee_for_body` of each body, in one query (a queue page names them all)."""
    kinds = {body: BODY_KINDS.get(body) for body in bodies}
    found: dict[str, Committee] = {}
    for committee in (
        Committee.objects.active()
        .filter(kind__in=[kind for kind in kinds.values() if kind is not None])
        .order_by("pk")
    ):
        found.setdefault(committee.kind, committee)
    return {body: found.get(kind) if kind else None for body, kind in kinds.items()}


def next_meetings(committees: Iterable[Committee]) -> dict[int, Meeting]:
    """Each committee's next meeting not yet closed (by date), in one query."""
    found: dict[int, Meeting] = {}
    for meeting in Meeting.objects.filter(
        committee__in=list(committees), state__in=OPEN_STATES
    ).order_by("held_on", "pk"):
        found.setdefault(meeting.committee_id, meeting)
    return found


def active_members(committee: Committee) -> QuerySet[CommitteeMember]:
    return committee.members.filter(is_active=True).select_related("user")


def membership(committee: Committee, user: User) -> CommitteeMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return committee.members.filter(user=user, is_active=True).first()


def is_member(committee: Committee, user: User) -> bool:
    return membership(committee, user) is not None


def runs(committee: Committee, user: User) -> bool:
    """True if `user` is the committee's active chair or secretary (who run its meetings)."""
    found = membership(committee, user)
    return found is not None and found.role in (MemberRole.CHAIR, MemberRole.SECRETARY)


def manages(user: User) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm(MANAGE)


def committees_for(user: User) -> QuerySet[Committee]:
    """The committees `user` may open: all for a manager of committees, else their own."""
    if manages(user):
        return Committee.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Committee.objects.none()
    return Committee.objects.of_member(user)


def get_committee_for(user: User, pk: object) -> Committee:
    try:
        return committees_for(user).get(pk=pk)
    except (Committee.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_meeting_for(user: User, pk: object) -> Meeting:
    """A meeting of a committee `user` may open (Http404 otherwise)."""
    try:
        return (
            Meeting.objects.select_related("committee")
            .filter(committee__in=committees_for(user))
            .get(pk=pk)
        )
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meetings_of_member(user: User) -> QuerySet[Meeting]:
    """The meetings of the committees `user` is an active member of, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Meeting.objects.none()
    return (
        Meeting.objects.filter(committee__in=Committee.objects.of_member(user))
        .select_related("committee")
        .order_by("-held_on", "-pk")
    )


def present_members(meeting: Meeting) -> QuerySet[MeetingAttendance]:
    return meeting.attendance.filter(present=True)


def present_count(meeting: Meeting) -> int:
    return present_members(meeting).count()


def has_quorum(meeting: Meeting) -> bool:
    return present_count(meeting) >= meeting.committee.quorum


def was_present(meeting: Meeting, user: User) -> bool:
    return meeting.attendance.filter(member=user, present=True).exists()


def fully_approved(minutes: Minutes) -> bool:
    """True when every member marked present at the meeting has approved its minutes."""
    approved = minutes.approvals.values("member_id")
    return not present_members(minutes.meeting).exclude(member_id__in=approved).exists()


def pending_items(meeting: Meeting) -> QuerySet[AgendaItem]:
    return meeting.items.filter(outcome=Outcome.PENDING)


def open_item_for(subject) -> AgendaItem | None:
    """The pending agenda item of a subject, if it is on an agenda now."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AgendaItem.objects.filter(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=subject.pk,
            outcome=Outcome.PENDING,
        )
        .select_related("meeting__committee")
        .first()
    )


def items_of_subject(subject) -> QuerySet[AgendaItem]:
    """Every agenda item a subject had (its history before committees), oldest first."""
    from django.contrib.contenttypes.models import ContentType

    return (
        AgendaItem.objects.filter(
            content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        )
        .select_related("meeting__committee", "decided_by")
        .order_by("added_at", "pk")
    )


@dataclass(frozen=True)
class VoteCount:
    approve: int = 0
    reject: int = 0
    abstain: int = 0

    @property
    def total(self) -> int:
        return self.approve + self.reject + self.abstain


def vote_counts(items: QuerySet[AgendaItem]) -> dict[int, VoteCount]:
    """item pk → its votes counted by choice, in one query."""
    rows = items.annotate(
        n_approve=Count("votes", filter=Q(votes__choice=VoteChoice.APPROVE)),
        n_reject=Count("votes", filter=Q(votes__choice=VoteChoice.REJECT)),
        n_abstain=Count("votes", filter=Q(votes__choice=VoteChoice.ABSTAIN)),
    ).values_list("pk", "n_approve", "n_reject", "n_abstain")
    return {pk: VoteCount(a, r, b) for pk, a, r, b in rows}


def open_meetings() -> QuerySet[Meeting]:
    return Meeting.objects.filter(state__in=OPEN_STATES)


@dataclass
class AgendaRow:
    """One agenda item as the meeting pages show it."""

    item: AgendaItem
    kind_label: str
    url: str
    research_summary: str
    counts: VoteCount
    votes: list


def agenda_rows(meeting: Meeting) -> list[AgendaRow]:
    """The meeting's items in order, each with its subject's kind, link and research summary
    (from the subject kind), its votes and their count."""
    from silah.committees import subjects

    items = (
        meeting.items.select_related("content_type", "decided_by")
        .prefetch_related("subject", "votes__member")
        .order_by("order", "pk")
    )
    counts = vote_counts(meeting.items.all())
    rows = []
    for item in items:
        kind = subjects.kind_for(item.content_type)
        subject = item.subject
        url = research = ""
        if kind is not None and subject is not None:
            url = kind.url(subject)
            if kind.research_summary is not None:
                research = kind.research_summary(subject) or ""
        rows.append(
            AgendaRow(
                item=item,
                kind_label=str(kind.label) if kind else "",
                url=url,
                research_summary=research,
                counts=counts.get(item.pk, VoteCount()),
                votes=list(item.votes.all()),
            )
        )
    return rows


def waiting_count(committee: Committee) -> int:
    """How many subjects wait for `committee` and are on no open agenda."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    from silah.committees import subjects

    total = 0
    for kind in subjects.all_kinds():
        try:
            model = apps.get_model(kind.model_label)
        except (LookupError, ValueError):
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        pending = AgendaItem.objects.filter(content_type=content_type, outcome=Outcome.PENDING)
        total += kind.waiting(committee).exclude(pk__in=pending.values("object_id")).count()
    return total
