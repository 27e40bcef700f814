"""The retention schedule: how long a closed record is kept, and the daily job that applies it.

Kinds of record (`RetentionRule.Kind`), each with a length in days (defaults from settings,
editable by a manager, never under a year):

- an **archived beneficiary file** is anonymised (`privacy.destroy_beneficiary`, basis
  "retention") once it has been archived for `keep_days`;
- a row of the **read log** is deleted once it is `keep_days` old.

Files are not destroyed the day they fall due. They first stand on the due list for
`SILAH_RETENTION_NOTICE_DAYS` (30): the manager sees which files will be anonymised and
when, and can keep one (`hold_file`, with the reason: an open complaint, a case in court,
a request under way). That list is the dry run staff expect before anything irreversible.
The daily job (`registry.apply_retention`, 03:00 Riyadh) then anonymises the files whose
notice has passed and that no hold keeps, each with its destruction record.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from datetime import time

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from django_tasks import task

from silah.audit.history import annotate_change
from silah.audit.models import AccessLog
from silah.core import scheduler
from silah.core.counting import days
from silah.core.errors import DomainError
from silah.registry.models import (
    Beneficiary,
    DestructionRecord,
    RetentionHold,
    RetentionRule,
    Status,
)

logger = logging.getLogger(__name__)

MANAGE = "registry.manage_privacy"
MIN_DAYS = 365
MAX_DAYS = 36500

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "kind": _("اختر نوع السجل من القائمة."),
    "days": _("أقصر مدة للاحتفاظ: %(min)s، وأطولها: %(max)s."),
    "reason": _("اكتب سبب الإبقاء على الملف."),
    "not_archived": _("يُبقى على الملفات المؤرشفة فقط؛ غيرها لا يُتلف تلقائيًا."),
    "already_held": _("هذا الملف مُبقى عليه أصلًا."),
    "not_held": _("هذا الإبقاء رُفع من قبل."),
}


def _require(actor: AbstractBaseUser, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(str(MESSAGES["permission"]))


def defaults() -> dict[str, int]:
    return {
        RetentionRule.Kind.ARCHIVED_FILE: settings.SILAH_RETENTION_ARCHIVED_FILE_DAYS,
        RetentionRule.Kind.READ_LOG: settings.SILAH_RETENTION_READ_LOG_DAYS,
    }


def rule(kind: str) -> RetentionRule:
    """The rule for `kind`, created with the setting's default the first time it is asked."""
    return RetentionRule.objects.get_or_create(kind=kind, defaults={"keep_days": defaults()[kind]})[
        0
    ]


def rules() -> list[RetentionRule]:
    return [rule(kind) for kind in RetentionRule.Kind.values]


@transaction.atomic
def set_rule(kind: str, *, actor: AbstractBaseUser, keep_days: int, enabled: bool) -> RetentionRule:
    """Change how long `kind` is kept and whether the daily job applies it."""
    _require(actor, MANAGE)
    if kind not in RetentionRule.Kind.values:
        raise DomainError(str(MESSAGES["kind"]), field="kind")
    if not isinstance(keep_days, int) or not MIN_DAYS <= keep_days <= MAX_DAYS:
        raise DomainError(
            str(MESSAGES["days"]) % {"min": days(MIN_DAYS), "max": days(MAX_DAYS)},
            field="keep_days",
        )
    current = rule(kind)
    locked = RetentionRule.objects.select_for_update().get(pk=current.pk)
    locked.keep_days = keep_days
    locked.enabled = enabled
    locked.updated_by = actor
    annotate_change(locked, reason="تعديل جدول الاحتفاظ", actor=actor)
    locked.save()
    return locked


# -- the due list ----------------------------------------------------------------------------


@dataclass(frozen=True)
class DueFile:
    beneficiary: Beneficiary
    archived_at: dt.datetime
    due_on: dt.date  # the end of its retention
    destroy_on: dt.date  # due_on + the notice period: the job anonymises it from this day
    hold: RetentionHold | None = None


def _archived_since():
    return Coalesce(
        Max("status_changes__at", filter=Q(status_changes__to_status=Status.ARCHIVED)),
        "updated_at",
    )


def archived_files_due(*, today: dt.date | None = None, limit: int | None = None) -> list[DueFile]:
    """Archived files whose retention has ended by `today`, oldest first, with any hold."""
    today = today or timezone.localdate()
    keep = rule(RetentionRule.Kind.ARCHIVED_FILE).keep_days
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=keep - 1), time()))
    files = (
        Beneficiary.objects.filter(status=Status.ARCHIVED, destruction__isnull=True)
        .annotate(archived_since=_archived_since())
        .filter(archived_since__lt=cutoff)
        .order_by("archived_since", "pk")
    )
    if limit is not None:
        files = files[:limit]
    files = list(files)
    holds = {
        hold.beneficiary_id: hold
        for hold in RetentionHold.objects.filter(
            beneficiary__in=[f.pk for f in files], released_at__isnull=True
        )
    }
    notice = dt.timedelta(days=settings.SILAH_RETENTION_NOTICE_DAYS)
    due = []
    for beneficiary in files:
        since = timezone.localdate(beneficiary.archived_since)
        due_on = since + dt.timedelta(days=keep)
        due.append(
            DueFile(
                beneficiary,
                beneficiary.archived_since,
                due_on,
                due_on + notice,
                holds.get(beneficiary.pk),
            )
        )
    return due


# -- holds -----------------------------------------------------------------------------------


@transaction.atomic
def hold_file(beneficiary: Beneficiary, *, actor: AbstractBaseUser, reason: str) -> RetentionHold:
    """Keep an archived file past its retention, with the reason."""
    _require(actor, MANAGE)
    reason = " ".join((reason or "").split())[:300]
    if not reason:
        raise DomainError(str(MESSAGES["reason"]), field="reason")
    locked = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    if locked.status != Status.ARCHIVED:
        raise DomainError(str(MESSAGES["not_archived"]), field="beneficiary")
    if RetentionHold.objects.filter(beneficiary=locked, released_at__isnull=True).exists():
        raise DomainError(str(MESSAGES["already_held"]), field="beneficiary")
    return RetentionHold.objects.create(beneficiary=locked, reason=reason, held_by=actor)


@transaction.atomic
def release_hold(hold: RetentionHold, *, actor: AbstractBaseUser) -> RetentionHold:
    """Let the schedule apply to the file again."""
    _require(actor, MANAGE)
    locked = RetentionHold.objects.select_for_update().get(pk=hold.pk)
    if locked.released_at is not None:
        raise DomainError(str(MESSAGES["not_held"]), field="hold")
    locked.released_at = timezone.now()
    locked.released_by = actor
    locked.save(update_fields=["released_at", "released_by"])
    return locked


# -- the job ---------------------------------------------------------------------------------


@dataclass
class RetentionResult:
    destroyed: list[str] = field(default_factory=list)  # destruction tokens
    skipped: int = 0  # refused by a holder (e.g. heads a household with members)
    reads_deleted: int = 0


def _retention_note(keep_days: int) -> str:
    """The destruction record's basis, stored in Arabic whatever the worker's language."""
    with override("ar"):
        return "مدة الاحتفاظ بعد الأرشفة: " + days(keep_days)


def apply_retention(*, today: dt.date | None = None) -> RetentionResult:
    """Anonymise the files whose notice has passed (no hold), delete old read-log rows."""
    from silah.registry.privacy import destroy_beneficiary

    today = today or timezone.localdate()
    result = RetentionResult()
    files_rule = rule(RetentionRule.Kind.ARCHIVED_FILE)
    if files_rule.enabled:
        for due in archived_files_due(today=today):
            if due.hold is not None or due.destroy_on > today:
                continue
            try:
                record = destroy_beneficiary(
                    due.beneficiary,
                    actor=files_rule.updated_by,
                    basis=DestructionRecord.Basis.RETENTION,
                    basis_note=_retention_note(files_rule.keep_days),
                )
            except DomainError:
                logger.warning("retention: file %s not anonymised (refused)", due.beneficiary.pk)
                result.skipped += 1
                continue
            result.destroyed.append(record.token)
    reads_rule = rule(RetentionRule.Kind.READ_LOG)
    if reads_rule.enabled:
        cutoff = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=reads_rule.keep_days), time())
        )
        result.reads_deleted, _by_model = AccessLog.objects.filter(at__lt=cutoff).delete()
    logger.info(
        "retention applied: %s files anonymised, %s skipped, %s read-log rows deleted",
        len(result.destroyed),
        result.skipped,
        result.reads_deleted,
    )
    return result


@task()
def apply_retention_task() -> dict:
    """The daily retention job (the worker's schedule)."""
    result = apply_retention()
    return {
        "destroyed": len(result.destroyed),
        "skipped": result.skipped,
        "reads_deleted": result.reads_deleted,
    }


def register() -> None:
    scheduler.register_periodic(
        "registry.apply_retention", apply_retention_task, daily_at=time(3, 0)
    )
