"""The full duplicate scan as a task on the worker, and the service that starts it."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from silah.audit.models import register_read_label
from silah.core.errors import DomainError
from silah.registry.merge import REVIEW_PERMISSION
from silah.registry.models import DuplicateScan

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "running": _("فحص آخر قيد التنفيذ: انتظر حتى ينتهي."),
}


@task()
def run_duplicate_scan(scan_id: int) -> int:
    """Run the scan `scan_id`; returns how many pairs it added to the queue."""
    from silah.registry import scan as scanning  # splink and DuckDB load on the worker only

    scan = DuplicateScan.objects.get(pk=scan_id)
    if scan.state != DuplicateScan.State.QUEUED:
        return 0
    return scanning.run_scan(scan).added


@transaction.atomic
def start_scan(*, actor: AbstractBaseUser, retrain: bool = False) -> DuplicateScan:
    """Queue a full scan (one at a time) and enqueue its task once the row is committed."""
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(str(MESSAGES["permission"]))
    busy = (
        DuplicateScan.objects.select_for_update()
        .filter(state__in=[DuplicateScan.State.QUEUED, DuplicateScan.State.RUNNING])
        .exists()
    )
    if busy:
        raise DomainError(str(MESSAGES["running"]), field="retrain")
    scan = DuplicateScan.objects.create(started_by=actor, retrain=retrain)
    scan_id = scan.pk
    transaction.on_commit(lambda: run_duplicate_scan.enqueue(scan_id))
    return scan


def register() -> None:
    register_read_label("duplicates", _("مقارنة ملفين مكررين"))
