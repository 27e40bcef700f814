"""What a committee's members are told about its meetings, each through the outbox.

A meeting scheduled, moved or cancelled writes one message per active member
(`meeting_notice`); a meeting closed writes one message to each member who attended and so
must approve its minutes (`minutes_awaiting_approval`), and the last approval one to the
committee's secretary (`minutes_approved`). Each is written in the caller's transaction (a
refused change sends nothing), with an idempotency key, so a retried action never tells a
member twice. The worker sends them on the staff channel (e-mail).
"""

from __future__ import annotations

from collections.abc import Iterable

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


def _meeting_values(meeting: Meeting) -> dict[str, str]:
    """What every message about a meeting names, in Arabic (the staff channel's language)."""
    with translation.override("ar"):
        return {
            "committee": meeting.committee.name,
            "meeting": meeting.reference,
            "date": dates.format_dual(meeting.held_on, "ar"),
        }


def _site_link(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def _tell_each(
    users: Iterable[AbstractBaseUser],
    *,
    event: Event,
    values: dict[str, str],
    key: str,
    meeting: Meeting,
    actor: AbstractBaseUser | None,
) -> int:
    """One outbox message per active user, keyed `key:<user id>`; returns how many."""
    written = 0
    for user in users:
        if not user.is_active:
            continue
        outbox.send(
            event=event,
            staff=user,
            values=values,
            key=f"{key}:{user.pk}",
            subject_ref=f"committees.meeting:{meeting.pk}",
            actor=actor,
        )
        written += 1
    return written


def tell_members(meeting: Meeting, kind: str, *, actor: AbstractBaseUser | None) -> int:
    """Tell each active member of the meeting's committee; returns how many were written."""
    with translation.override("ar"):
        values = {
            "notice": _notice(kind),
            **_meeting_values(meeting),
            "place": meeting.place or _("المكان يُحدد لاحقًا"),
            "link": _site_link("committees:my_meetings"),
        }
    return _tell_each(
        (member.user for member in active_members(meeting.committee)),
        event=Event.MEETING_NOTICE,
        values=values,
        key=f"meeting:{meeting.pk}:{kind}:{meeting.held_on.isoformat()}",
        meeting=meeting,
        actor=actor,
    )


def ask_for_approval(minutes: Minutes, *, actor: AbstractBaseUser | None) -> int:
    """Tell each member marked present at the meeting (who approves its minutes) that the
    minutes wait for them, with the link to their meeting page where they approve; returns
    how many were written."""
    meeting = minutes.meeting
    present = meeting.attendance.filter(present=True).select_related("member")
    return _tell_each(
        (row.member for row in present),
        event=Event.MINUTES_AWAITING_APPROVAL,
        values={
            **_meeting_values(meeting),
            "link": _site_link("committees:my_meeting", meeting.pk),
        },
        key=f"minutes:{minutes.pk}:awaiting",
        meeting=meeting,
        actor=actor,
    )


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
    if recipient is None:
        return False
    return bool(
        _tell_each(
            [recipient],
            event=Event.MINUTES_APPROVED,
            values={
                **_meeting_values(meeting),
                "count": str(approvals),
                "link": _site_link("committees:meeting", meeting.pk),
            },
            key=f"minutes:{minutes.pk}:approved",
            meeting=meeting,
            actor=actor,
        )
    )
