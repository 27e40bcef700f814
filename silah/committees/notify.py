"""What a committee's members are told about its meetings, each through the outbox.

A meeting scheduled, moved or cancelled writes one message per active member
(`meeting_notice`); a meeting closed writes one message to each member who attended and so
must approve its minutes (`minutes_awaiting_approval`), and the last approval one to the
committee's secretary (`minutes_approved`). Each is written in the caller's transaction (a
refused change sends nothing), with an idempotency key, so a retried action never tells a
member twice. The worker sends them on the staff channel (e-mail).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from silah.committees.models import Meeting, MemberRole, Minutes
from silah.committees.queries import active_members
from silah.core import dates
from silah.messaging import outbox
from silah.messaging.events import Event

SCHEDULED, MOVED, CANCELLED = "scheduled", "moved", "cancelled"


def _notice(kind: str) -> str:
    return {
        SCHEDULED: _("جُدول اجتماع"),
        MOVED: _("تغيّر موعد اجتماع"),
        CANCELLED: _("أُلغي اجتماع"),
    }[kind]


def tell_members(meeting: Meeting, kind: str, *, actor: AbstractBaseUser | None) -> int:
    """Tell each active member of the meeting's committee; returns how many were written."""
    with translation.override("ar"):
        values = {
            "notice": _notice(kind),
            "committee": meeting.committee.name,
            "meeting": meeting.reference,
            "date": dates.format_dual(meeting.held_on, "ar"),
            "place": meeting.place or _("المكان يُحدد لاحقًا"),
            "link": settings.SITE_URL.rstrip("/") + reverse("committees:my_meetings"),
        }
    written = 0
    for member in active_members(meeting.committee):
        if not member.user.is_active:
            continue
        outbox.send(
            event=Event.MEETING_NOTICE,
            staff=member.user,
            values=values,
            key=f"meeting:{meeting.pk}:{kind}:{meeting.held_on.isoformat()}:{member.user_id}",
            subject_ref=f"committees.meeting:{meeting.pk}",
            actor=actor,
        )
        written += 1
    return written


def _site_link(name: str, pk: int) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[pk])


def _minutes_values(meeting: Meeting) -> dict[str, str]:
    with translation.override("ar"):
        return {
            "committee": meeting.committee.name,
            "meeting": meeting.reference,
            "date": dates.format_dual(meeting.held_on, "ar"),
        }


def ask_for_approval(minutes: Minutes, *, actor: AbstractBaseUser | None) -> int:
    """Tell each member marked present at the meeting (who approves its minutes) that the
    minutes wait for them, with the link to their meeting page where they approve; returns
    how many were written."""
    meeting = minutes.meeting
    values = {
        **_minutes_values(meeting),
        "link": _site_link("committees:my_meeting", meeting.pk),
    }
    written = 0
    for row in meeting.attendance.filter(present=True).select_related("member"):
        if not row.member.is_active:
            continue
        outbox.send(
            event=Event.MINUTES_AWAITING_APPROVAL,
            staff=row.member,
            values=values,
            key=f"minutes:{minutes.pk}:awaiting:{row.member_id}",
            subject_ref=f"committees.meeting:{meeting.pk}",
            actor=actor,
        )
        written += 1
    return written


def tell_fully_approved(
    minutes: Minutes, *, approvals: int, actor: AbstractBaseUser | None
) -> bool:
    """Tell the committee's secretary (the chair when it has none) that every member present
    approved the minutes; False when the committee has neither."""
    meeting = minutes.meeting
    runners = {
        member.role: member.user
        for member in active_members(meeting.committee).filter(
            role__in=[MemberRole.SECRETARY, MemberRole.CHAIR]
        )
    }
    recipient = runners.get(MemberRole.SECRETARY) or runners.get(MemberRole.CHAIR)
    if recipient is None or not recipient.is_active:
        return False
    outbox.send(
        event=Event.MINUTES_APPROVED,
        staff=recipient,
        values={
            **_minutes_values(meeting),
            "count": str(approvals),
            "link": _site_link("committees:meeting", meeting.pk),
        },
        key=f"minutes:{minutes.pk}:approved:{recipient.pk}",
        subject_ref=f"committees.meeting:{meeting.pk}",
        actor=actor,
    )
    return True
