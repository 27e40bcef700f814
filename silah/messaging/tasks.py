"""Background work of the outbox: a task that drains it, woken on send and every minute."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from silah.core import scheduler
from silah.messaging import outbox

# A drain runs this long at most, so one task never holds a worker for ever.
DRAIN_SECONDS = 50


@task()
def deliver_outbox() -> int:
    """Deliver due messages until none is due or the time budget is spent."""
    started = timezone.now()
    total = 0
    while timezone.now() - started < timedelta(seconds=DRAIN_SECONDS):
        claimed = outbox.deliver_due()
        total += claimed
        if not claimed:
            break
    return total


def wake() -> None:
    """Enqueue a drain unless one is already waiting to run."""
    from django.conf import settings

    if settings.TASKS["default"]["BACKEND"].startswith("django_tasks_db"):
        from django_tasks_db.models import DBTaskResult

        waiting = DBTaskResult.objects.filter(task_path=deliver_outbox.module_path, status="READY")
        if waiting.exists():
            return
    deliver_outbox.enqueue()


def register() -> None:
    scheduler.register_periodic(
        "messaging.deliver_outbox", deliver_outbox, every=timedelta(minutes=1)
    )


@task()
def queue_announcement(announcement_id: int) -> int:
    """Write an announcement's messages (safe to run twice: each person once)."""
    from silah.messaging.announcements import write_messages
    from silah.messaging.models import Announcement

    announcement = Announcement.objects.filter(pk=announcement_id).first()
    return write_messages(announcement) if announcement else 0


@task()
def tell_policy_version(version_id: int) -> int:
    """Tell every active beneficiary about a newly approved policy version."""
    from silah.messaging.announcements import write_policy_messages
    from silah.policy.models import PolicyVersion

    version = PolicyVersion.objects.filter(pk=version_id).first()
    return write_policy_messages(version) if version else 0
