"""Reading the audit trail: a record's changes and reads, and the permission-scoped getter."""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from silah.audit.history import Change, describe, history_manager, is_audited
from silah.audit.models import VIEW_AUDIT_PERMISSION, AccessLog

PER_PAGE = 50


@dataclass(frozen=True)
class AuditedRecord:
    """A record named by its kind and id, whether it still exists or not."""

    model: type[models.Model]
    content_type: ContentType
    pk: Any

    @property
    def object_id(self) -> str:
        return str(self.pk)

    @property
    def has_history(self) -> bool:
        return is_audited(self.model)

    @property
    def label(self) -> str:
        # The kind and the id only: the heading does not name the person the record is about.
        return _("%(kind)s رقم %(id)s") % {
            "kind": self.model._meta.verbose_name,
            "id": self.object_id,
        }


def record_of(obj: models.Model) -> AuditedRecord:
    if obj.pk is None:
        raise ValueError("An unsaved object has no audit trail.")
    return AuditedRecord(type(obj), ContentType.objects.get_for_model(obj), obj.pk)


def get_record_for(
    user: AbstractBaseUser, app_label: str, model_name: str, object_id: str
) -> AuditedRecord:
    """The record whose audit trail `user` asked for, or 404.

    404 (never 403) when the user may not see audit trails, so the answer does not reveal
    whether the record exists; 404 too for an unknown kind, a malformed id, or a record that
    neither exists nor ever left a trace.
    """
    if not user.has_perm(VIEW_AUDIT_PERMISSION):
        raise Http404
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model_name.lower())
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = content_type.model_class()
    if model is None:  # a content type left behind by a removed app
        raise Http404
    pk_field = model._meta.pk
    try:
        pk = pk_field.to_python(object_id)
        pk_field.run_validators(pk)
    except ValidationError:
        raise Http404 from None
    if pk is None:
        raise Http404
    record = AuditedRecord(model, content_type, pk)
    if not _has_trace(record):
        raise Http404
    return record


def _has_trace(record: AuditedRecord) -> bool:
    return (
        record.model._base_manager.filter(pk=record.pk).exists()
        or (record.has_history and history_rows(record).exists())
        or _reads(record).exists()
    )


def history_rows(record: AuditedRecord) -> QuerySet:
    """The record's historical rows, newest first (also after the record was deleted)."""
    attname = record.model._meta.pk.attname
    return (
        history_manager(record.model)
        .filter(**{attname: record.pk})
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )


def changes_for(obj: models.Model, *, viewer: AbstractBaseUser | None = None) -> list[Change]:
    """Every change of obj, newest first, readable.

    Sensitive fields show "(تغيّر)" unless `viewer` is given and has the permission the model
    names (audit.view_sensitive_changes by default): masked is the default.
    Raises TypeError if obj's model is not under history (a programming error).
    """
    record = record_of(obj)
    if not record.has_history:
        raise TypeError(f"{record.model._meta.label} has no history: add `history = audited()`.")
    return describe(list(history_rows(record)), viewer=viewer)


def change_page(
    record: AuditedRecord,
    number: str | int | None,
    *,
    viewer: AbstractBaseUser | None = None,
    per_page: int = PER_PAGE,
) -> tuple[Page | None, list[Change]]:
    """One page of the record's changes, newest first, and the page itself for its links.

    (None, []) for a kind of record that is not under history.
    """
    if not record.has_history:
        return None, []
    rows = history_rows(record)
    page = Paginator(rows, per_page).get_page(number)
    records = list(page.object_list)
    older = None
    if records and page.has_next():
        last = records[-1]
        older = rows.filter(
            Q(history_date__lt=last.history_date)
            | Q(history_date=last.history_date, history_id__lt=last.history_id)
        ).first()
    return page, describe(records, older, viewer=viewer)


def _reads(record: AuditedRecord) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(
        content_type=record.content_type, object_id=record.object_id
    ).order_by("-at", "-id")


def reads_of(obj: models.Model) -> QuerySet[AccessLog]:
    """Who read obj, newest first."""
    return _reads(record_of(obj)).select_related("user")


def read_page(record: AuditedRecord, number: str | int | None, *, per_page: int = PER_PAGE) -> Page:
    return Paginator(_reads(record).select_related("user"), per_page).get_page(number)
