"""Announcements: one message to a segment of beneficiaries, each on their agreed channel.

``preview_counts`` says how many would be reached on each channel before sending;
``start`` records the announcement and queues a task that writes one outbox message per
person (idempotency key ``announcement:{id}:{beneficiary}``, so a task run twice writes each
once); ``report`` counts what became of them. A new policy version is told to every active
beneficiary the same way, with the public link to it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.core.errors import DomainError
from silah.messaging import outbox
from silah.messaging.events import Event
from silah.messaging.models import Announcement, Message, MessageClass, SkipReason, Status

CHUNK = 500


def segment_queryset(segment: str, *, category=None, branch=None) -> QuerySet:
    from silah.registry.models import Beneficiary
    from silah.registry.models import Status as FileStatus

    people = Beneficiary.objects.filter(status=FileStatus.ACTIVE)
    if segment == Announcement.Segment.CATEGORY:
        people = people.filter(category_links__category=category)
    elif segment == Announcement.Segment.BRANCH:
        people = people.filter(branch=branch)
    return people.distinct().order_by("pk")


def preview_counts(segment: str, *, category=None, branch=None) -> dict[str, int]:
    """How many people the segment reaches on each channel (agreed channel or fallback)."""
    counts: Counter[str] = Counter()
    for person in segment_queryset(segment, category=category, branch=branch).iterator():
        counts[outbox.choose_channel(person)] += 1
    return dict(counts)


def _validate(segment: str, category, branch, title: str, text: str) -> None:
    if not title.strip():
        raise DomainError(_("اكتب عنوان الإعلان."), field="title")
    if not text.strip():
        raise DomainError(_("اكتب نص الإعلان."), field="text")
    if segment == Announcement.Segment.CATEGORY and category is None:
        raise DomainError(_("اختر الفئة."), field="category")
    if segment == Announcement.Segment.BRANCH and branch is None:
        raise DomainError(_("اختر الفرع."), field="branch")
    if "{" in text or "}" in text:
        raise DomainError(_("لا يحتوي نص الإعلان على أقواس { }."), field="text")


def start(
    *,
    actor,
    title: str,
    text: str,
    segment: str,
    message_class: str = MessageClass.AWARENESS,
    category=None,
    branch=None,
) -> Announcement:
    """Record the announcement and queue the task that writes its messages."""
    _validate(segment, category, branch, title, text)
    if message_class not in MessageClass.values:
        raise DomainError(_("اختر نوع الرسالة."), field="message_class")
    with transaction.atomic():
        total = segment_queryset(segment, category=category, branch=branch).count()
        if total == 0:
            raise DomainError(_("لا يوجد مستفيدون نشطون في هذه الشريحة."), field="segment")
        announcement = Announcement.objects.create(
            title=title.strip(),
            text=text.strip(),
            message_class=message_class,
            segment=segment,
            category=category if segment == Announcement.Segment.CATEGORY else None,
            branch=branch if segment == Announcement.Segment.BRANCH else None,
            state=Announcement.State.SENDING,
            total=total,
            created_by=actor,
        )
        transaction.on_commit(lambda: _enqueue(announcement.pk))
    return announcement


def _enqueue(announcement_id: int) -> None:
    from silah.messaging.tasks import queue_announcement

    queue_announcement.enqueue(announcement_id)


def write_messages(announcement: Announcement) -> int:
    """One outbox message per person of the segment (again: none twice); returns the count."""
    people = segment_queryset(
        announcement.segment, category=announcement.category, branch=announcement.branch
    )
    written = 0
    batch: list = []

    def flush() -> None:
        nonlocal written
        with transaction.atomic():
            for person in batch:
                outbox.send(
                    event=Event.ANNOUNCEMENT,
                    beneficiary=person,
                    values={"text": announcement.text},
                    message_class=announcement.message_class,
                    key=f"announcement:{announcement.pk}:{person.pk}",
                    announcement=announcement,
                    actor=announcement.created_by,
                )
            written += len(batch)
            Announcement.objects.filter(pk=announcement.pk).update(queued=written)
        batch.clear()

    for person in people.iterator(chunk_size=CHUNK):
        batch.append(person)
        if len(batch) >= CHUNK:
            flush()
    if batch:
        flush()
    Announcement.objects.filter(pk=announcement.pk).update(
        state=Announcement.State.DONE, queued=written, sent_at=timezone.now()
    )
    return written


def report(announcement: Announcement) -> dict[str, Any]:
    """Sent, waiting (quiet hours or retry), opted out, failed, and the progress in %."""
    messages = Message.objects.filter(announcement=announcement)
    counts = Counter()
    for status, wait, skip in messages.values_list("status", "wait_reason", "skip_reason"):
        if status in (Status.SENT, Status.DELIVERED, Status.AWAITING_STAFF):
            counts["sent"] += 1
        elif status == Status.DEAD or (status == Status.SKIPPED and skip == SkipReason.NO_ADDRESS):
            counts["failed"] += 1
        elif status == Status.SKIPPED:
            counts["opted_out"] += 1
        elif wait == "quiet_hours":
            counts["quiet_hours"] += 1
        else:
            counts["waiting"] += 1
    total = announcement.total or 1
    settled = counts["sent"] + counts["failed"] + counts["opted_out"]
    return {
        "total": announcement.total,
        "queued": announcement.queued,
        "sent": counts["sent"],
        "quiet_hours": counts["quiet_hours"],
        "waiting": counts["waiting"],
        "opted_out": counts["opted_out"],
        "failed": counts["failed"],
        "percent": min(100, round(100 * settled / total)),
        "done": announcement.state == Announcement.State.DONE
        and counts["waiting"] == 0
        and announcement.queued == announcement.total,
    }


def tell_policy_version(version) -> None:
    """After a version's approval is committed: queue telling every active beneficiary."""
    from silah.messaging.tasks import tell_policy_version as task

    task.enqueue(version.pk)


def write_policy_messages(version) -> int:
    """One message per active beneficiary with the public link to ``version``."""
    link = settings.SITE_URL.rstrip("/") + reverse("policy:version", args=[version.number])
    written = 0
    people = segment_queryset(Announcement.Segment.ALL_ACTIVE)
    for person in people.iterator(chunk_size=CHUNK):
        with transaction.atomic():
            outbox.send(
                event=Event.POLICY_VERSION,
                beneficiary=person,
                values={"version": str(version.number), "link": link},
                message_class=MessageClass.SERVICE,
                key=f"policy:{version.pk}:{person.pk}",
                subject_ref=f"policy.policyversion:{version.pk}",
            )
        written += 1
    return written
