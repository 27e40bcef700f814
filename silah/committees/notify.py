"""What a committee's members are told about its meetings, each through the outbox.

A meeting scheduled, moved or cancelled writes one message per active member, in the
caller's transaction (a refused change sends nothing), with an idempotency key per meeting,
notice and date, so a retried action never tells a member twice. The worker sends them on
the staff channel (e-mail).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from silah.committees.models import Meeting
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
