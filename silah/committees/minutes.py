"""The minutes (محضر) of a committee meeting, and their PDF.

Decision: the minutes' content is frozen when the meeting closes, as data
(`Minutes.snapshot`, written by `snapshot_of`), and the PDF is rendered from that snapshot
plus the approvals recorded so far, each time it is asked for. So:

- the text the members approve cannot drift: a renamed member, an edited subject or a
  changed quorum after closing does not change the minutes; `Minutes.fingerprint` (SHA-256
  of the snapshot) is stored with each approval, proving which text was approved;
- the PDF needs no file storage and always shows the approvals up to now (storing bytes
  would mean re-rendering and replacing the file at every approval anyway);
- the same snapshot and approvals give the same document (the PDF's bytes differ only in
  WeasyPrint's creation timestamp).

The document is always Arabic (the record the secretary hands the board), with the
association's letterhead (`silah.policy.document.letterhead`), Noto Naskh Arabic, dates in
both calendars, and nothing fetched from the network (`LocalFetcher`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from silah.committees import queries, subjects
from silah.committees.models import Meeting, MemberRole, Minutes, Outcome
from silah.core.dates import bdi_digits, format_dual

DOCUMENT_LANGUAGE = "ar"
SNAPSHOT_VERSION = 1


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def snapshot_of(meeting: Meeting) -> dict[str, Any]:
    """Everything the minutes say about `meeting`, as JSON-ready data in Arabic."""
    committee = meeting.committee
    with translation.override(DOCUMENT_LANGUAGE):
        attendance = list(meeting.attendance.select_related("member").order_by("member_id"))
        roles = dict(committee.members.filter(is_active=True).values_list("user_id", "role"))
        items = meeting.items.order_by("order", "pk").select_related("content_type", "decided_by")
        counts = queries.vote_counts(items)
        present = [row for row in attendance if row.present]
        entries = []
        for item in items:
            kind = subjects.kind_for(item.content_type)
            count = counts.get(item.pk, queries.VoteCount())
            entries.append(
                {
                    "order": item.order,
                    "kind": str(kind.label) if kind else "",
                    "summary": item.summary,
                    "votes": {
                        "approve": count.approve,
                        "reject": count.reject,
                        "abstain": count.abstain,
                    },
                    "outcome": item.outcome,
                    "outcome_label": str(Outcome(item.outcome).label),
                    "reason": item.reason,
                    "decided_by": _name(item.decided_by) if item.decided_by else "",
                }
            )

        def person(row) -> dict[str, str]:
            role = roles.get(row.member_id, "")
            return {
                "name": _name(row.member),
                "role": str(MemberRole(role).label) if role else "",
            }

        return {
            "version": SNAPSHOT_VERSION,
            "committee": committee.name,
            "committee_kind": committee.get_kind_display(),
            "reference": meeting.reference,
            "held_on": meeting.held_on.isoformat(),
            "place": meeting.place,
            "quorum": committee.quorum,
            "present": [person(row) for row in present],
            "absent": [person(row) for row in attendance if not row.present],
            "quorum_reached": len(present) >= committee.quorum,
            "items": entries,
            "closed_at": timezone.localtime(meeting.closed_at).isoformat()
            if meeting.closed_at
            else "",
        }


def fingerprint_of(snapshot: dict[str, Any]) -> str:
    payload = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _letterhead() -> dict[str, Any]:
    from silah.policy.document import letterhead
    from silah.policy.models import Organization

    organization = Organization.current()
    if organization is None:
        return {"name": "", "contact": []}
    return letterhead(organization)


def minutes_context(minutes: Minutes) -> dict[str, Any]:
    snapshot = minutes.snapshot
    held_on = dt.date.fromisoformat(snapshot["held_on"])
    approvals = [
        {
            "name": _name(approval.member),
            "date": bdi_digits(
                format_dual(timezone.localdate(approval.approved_at), DOCUMENT_LANGUAGE)
            ),
            "matches": approval.fingerprint == minutes.fingerprint,
        }
        for approval in minutes.approvals.select_related("member").order_by("approved_at", "pk")
    ]
    return {
        "letterhead": _letterhead(),
        "m": snapshot,
        "held_on": bdi_digits(format_dual(held_on, DOCUMENT_LANGUAGE, weekday=True)),
        "approvals": approvals,
        "fingerprint": minutes.fingerprint,
    }


def minutes_html(minutes: Minutes) -> str:
    with translation.override(DOCUMENT_LANGUAGE):
        return render_to_string("committees/minutes_pdf.html", minutes_context(minutes))


def render_minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes as an A4, right-to-left PDF with the association's letterhead."""
    from weasyprint import HTML

    from silah.policy.document import LocalFetcher

    return HTML(string=minutes_html(minutes), url_fetcher=LocalFetcher()).write_pdf()


def pdf_filename(minutes: Minutes) -> str:
    meeting = minutes.meeting
    return f"minutes-{meeting.committee_id}-{meeting.hijri_year}-{meeting.number}.pdf"
