"""Change history of domain records, through django-simple-history.

An app puts a record under history in one line::

    from silah.audit.history import audited

    class Beneficiary(models.Model):
        ...
        history = audited(excluded_fields=["search_vector"], sensitive_fields=["national_id"])

then `silah makemigrations <app>` creates its historical table. Every save through the ORM
writes a row (who, when, the record's values, why); the user comes from the request through
simple_history's HistoryRequestMiddleware, or from `annotate_change()` in a worker or a
command, and is None ("النظام") otherwise.

`silah.audit.queries.changes_for(obj)` turns those rows into readable `Change` entries.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ImproperlyConfigured, ObjectDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.formats import localize
from django.utils.text import capfirst, format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import DeletedObject, HistoricalRecords

from silah.audit.models import VIEW_SENSITIVE_CHANGES_PERMISSION

SYSTEM = _("النظام")
MASKED = _("(تغيّر)")
EMPTY = "—"


class SilahHistoricalRecords(HistoricalRecords):
    """HistoricalRecords that also knows which fields are sensitive."""

    def __init__(
        self,
        *,
        sensitive_fields: Sequence[str] = (),
        sensitive_permission: str = VIEW_SENSITIVE_CHANGES_PERMISSION,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.sensitive_fields = frozenset(sensitive_fields)
        self.sensitive_permission = sensitive_permission

    def create_history_model(self, model: type[models.Model], inherited: bool) -> type:
        names = {f.name for f in [*model._meta.fields, *model._meta.many_to_many]}
        unknown = sorted(self.sensitive_fields - names)
        if unknown:
            raise ImproperlyConfigured(
                f"{model._meta.label}: audited(sensitive_fields=...) names fields it does not "
                f"have: {', '.join(unknown)}"
            )
        history_model = super().create_history_model(model, inherited)
        history_model.audit_sensitive_fields = self.sensitive_fields
        history_model.audit_sensitive_permission = self.sensitive_permission
        return history_model

    def post_save(
        self, instance: models.Model, created: bool, using: str | None = None, **kwargs: Any
    ) -> None:
        # A save of excluded (noisy) fields only, e.g. save(update_fields=["last_seen"]),
        # is not a change of the record: no history row.
        update_fields = kwargs.get("update_fields")
        if not created and update_fields and set(update_fields) <= set(self.excluded_fields):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(
        self,
        instance: models.Model,
        action: str,
        attr: str,
        pk_set: set[Any] | None,
        reverse: bool,
        **kwargs: Any,
    ) -> None:
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        # Changed from the other side (office.dossiers.add(dossier)): simple_history would
        # look for a history on the other model; write the row of each audited record instead.
        if action == "pre_clear":
            instance._audit_cleared = list(self.cls._base_manager.filter(**{attr: instance}))
            return
        if action == "post_clear":
            affected = getattr(instance, "_audit_cleared", [])
            instance.__dict__.pop("_audit_cleared", None)
        elif action in ("post_add", "post_remove") and pk_set:
            affected = list(self.cls._base_manager.filter(pk__in=pk_set))
        else:
            return
        for record in affected:
            super().m2m_changed(record, action, attr, None, False, **kwargs)

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        options = super().get_meta_options(model)
        if not self.user_set_verbose_name:
            options["verbose_name"] = format_lazy(_("سجل تغييرات {}"), model._meta.verbose_name)
        if not self.user_set_verbose_name_plural:
            options["verbose_name_plural"] = format_lazy(
                _("سجلات تغييرات {}"), model._meta.verbose_name_plural
            )
        return options


def audited(
    *,
    excluded_fields: Sequence[str] = (),
    sensitive_fields: Sequence[str] = (),
    sensitive_permission: str = VIEW_SENSITIVE_CHANGES_PERMISSION,
    m2m_fields: Sequence[str] = (),
    **options: Any,
) -> HistoricalRecords:
    """A `HistoricalRecords` with Silah's defaults, for `history = audited(...)` on a model.

    excluded_fields: noisy fields not worth a history row (counters, caches, search vectors).
    sensitive_fields: fields whose old and new values the change history shows as "(تغيّر)"
        to anyone without `sensitive_permission` (by default audit.view_sensitive_changes).
    m2m_fields: many-to-many fields whose membership is tracked too.
    options: any other HistoricalRecords option, passed through.

    Defaults: the reason ("why") is a text field of any length; history is kept when the
    record is deleted; the history id is a big integer.
    """
    options.setdefault("history_change_reason_field", models.TextField(null=True, blank=True))
    options.setdefault("history_id_field", models.BigAutoField(primary_key=True))
    options.setdefault("cascade_delete_history", False)
    return SilahHistoricalRecords(
        excluded_fields=list(excluded_fields),
        m2m_fields=list(m2m_fields),
        sensitive_fields=sensitive_fields,
        sensitive_permission=sensitive_permission,
        **options,
    )


def annotate_change(
    obj: models.Model, *, reason: str = "", actor: AbstractBaseUser | None = None
) -> None:
    """Say why (and, outside a request, by whom) the next save() of obj changes it.

    Inside a request the middleware already knows the user; a worker or a command passes
    `actor` so the history does not say "النظام" for a change a person asked for.
    """
    if reason:
        obj._change_reason = reason
    if actor is not None:
        obj._history_user = actor


class ChangeKind(models.TextChoices):
    CREATED = "created", _("إنشاء")
    CHANGED = "changed", _("تعديل")
    DELETED = "deleted", _("حذف")


_KINDS = {"+": ChangeKind.CREATED, "~": ChangeKind.CHANGED, "-": ChangeKind.DELETED}


@dataclass(frozen=True)
class FieldChange:
    """One field of one change: its label, and its old and new values as people read them."""

    name: str
    label: str
    old: str
    new: str
    masked: bool = False


@dataclass(frozen=True)
class Change:
    """One historical row, readable: when, who, what kind, why, and which fields changed."""

    at: datetime
    user: AbstractBaseUser | None
    kind: ChangeKind
    reason: str = ""
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def who(self) -> str:
        return str(self.user) if self.user is not None else str(SYSTEM)

    @property
    def kind_label(self) -> str:
        return str(self.kind.label)


def is_audited(model: type[models.Model]) -> bool:
    return hasattr(model._meta, "simple_history_manager_attribute")


def history_manager(model: type[models.Model]) -> models.Manager:
    """The model's history manager (all its historical rows), whatever it is named."""
    return getattr(model, model._meta.simple_history_manager_attribute)


def describe(
    records: Sequence[Any], older: Any | None = None, *, viewer: AbstractBaseUser | None = None
) -> list[Change]:
    """Readable changes from one record's historical rows, given newest first.

    `older` is the row just before the last of `records` (when records is one page of a
    longer history), so the oldest row on the page can still be compared with its previous.
    Sensitive fields are masked unless `viewer` has the model's sensitive permission.
    """
    if not records:
        return []
    history_model = type(records[0])
    sensitive = getattr(history_model, "audit_sensitive_fields", frozenset())
    permission = getattr(
        history_model, "audit_sensitive_permission", VIEW_SENSITIVE_CHANGES_PERMISSION
    )
    reveal = not sensitive or (viewer is not None and viewer.has_perm(permission))
    hidden = frozenset() if reveal else sensitive

    changes = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else older
        changes.append(_describe_one(record, previous, hidden))
    return changes


def _describe_one(record: Any, previous: Any | None, hidden: frozenset[str]) -> Change:
    kind = _KINDS[record.history_type]
    if kind == ChangeKind.CREATED:
        fields = _initial_values(record, hidden)
    elif kind == ChangeKind.CHANGED and previous is not None:
        fields = _differences(record, previous, hidden)
    else:
        # A deletion changes no field; a change with no earlier row (history switched on
        # after the record existed) has nothing to compare with.
        fields = []
    return Change(
        at=record.history_date,
        user=record.history_user,
        kind=kind,
        reason=record.history_change_reason or "",
        fields=fields,
    )


def _model_field(record: Any, name: str) -> models.Field:
    return record.instance_type._meta.get_field(name)


def _field_order(record: Any) -> dict[str, int]:
    opts = record.instance_type._meta
    return {f.name: index for index, f in enumerate([*opts.fields, *opts.many_to_many])}


def _differences(record: Any, previous: Any, hidden: frozenset[str]) -> list[FieldChange]:
    delta = record.diff_against(previous, foreign_keys_are_objs=True)
    order = _field_order(record)
    fields = []
    for change in sorted(delta.changes, key=lambda c: order.get(c.field, len(order))):
        model_field = _model_field(record, change.field)
        fields.append(
            _field_change(
                model_field,
                _display(model_field, change.old),
                _display(model_field, change.new),
                hidden,
            )
        )
    return fields


def _initial_values(record: Any, hidden: frozenset[str]) -> list[FieldChange]:
    fields = []
    for tracked in record.tracked_fields:
        if tracked.primary_key or not tracked.editable:
            continue
        model_field = _model_field(record, tracked.name)
        value = _value(record, model_field)
        if value is None or value == "":
            continue
        fields.append(_field_change(model_field, EMPTY, _display(model_field, value), hidden))
    return fields


def _field_change(
    model_field: models.Field, old: str, new: str, hidden: frozenset[str]
) -> FieldChange:
    label = capfirst(str(model_field.verbose_name))
    if model_field.name in hidden:
        return FieldChange(model_field.name, label, str(MASKED), str(MASKED), masked=True)
    return FieldChange(model_field.name, label, old, new)


def _value(record: Any, model_field: models.Field) -> Any:
    if model_field.is_relation and model_field.many_to_one:
        if getattr(record, model_field.attname) is None:
            return None
        try:
            return getattr(record, model_field.name)
        except ObjectDoesNotExist:
            return DeletedObject(model_field.related_model, getattr(record, model_field.attname))
    return getattr(record, model_field.attname)


def _display(model_field: models.Field, value: Any) -> str:
    """A value as people read it: choice labels, yes/no, local dates, related names."""
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return str(_("سجل محذوف رقم %(id)s") % {"id": value.pk})
    if value is None or value == "":
        return EMPTY
    if isinstance(value, list):  # a many-to-many field: its rows in the through table
        return _display_rows(model_field, value)
    if getattr(model_field, "flatchoices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return str(_("نعم") if value else _("لا"))
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, int | float) or hasattr(value, "as_tuple"):  # numbers, Decimal
        return str(localize(value))
    return str(value)


def _display_rows(model_field: models.Field, rows: Iterable[dict[str, Any]]) -> str:
    own_side = model_field.m2m_field_name()
    other_side = model_field.m2m_reverse_field_name()
    names = []
    for row in rows:
        related = row.get(other_side)
        if related is None:
            related = next((v for k, v in row.items() if k != own_side), None)
        names.append(
            _display(model_field, related) if isinstance(related, DeletedObject) else str(related)
        )
    return "، ".join(sorted(names)) if names else EMPTY


def sensitive_fields_of(model: type[models.Model]) -> frozenset[str]:
    """The fields of an audited model whose values the history masks."""
    if not is_audited(model):
        return frozenset()
    return getattr(history_manager(model).model, "audit_sensitive_fields", frozenset())
