"""The file's history tab: the changes of the file and of everything that hangs on it, merged
in time order, each with who, when, what and why.

Sources (each one statement, whatever the number of rows, so the tab's query count does not
grow with the file's history):

- the beneficiary row's own change history;
- its categories (`BeneficiaryCategory`, also after a category was removed);
- its household memberships, and, for each household the person is or was in and only for
  the time they were in it (`joined_on` to `left_on`, by date), that household's changes,
  the other members joining and leaving, its incomes and its obligations;
- its documents (uploads, replacements, deletions);
- the consent ledger (each grant or withdrawal is a row) and the attestation ledger.

Rows under change history (`silah.audit.history`) are described by `silah.audit.history.describe`:
sensitive fields are masked for a viewer without the model's permission, as on the audit
page. Ledger rows (consents, attestations) are never edited: each one is an event.

Higher apps add what they keep about a person with `register(key, source)` in their
`AppConfig.ready()`: a source takes the beneficiary and the viewer and returns `FileChange`s
(it must read in a fixed number of statements too).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from silah.audit.history import (
    EMPTY,
    SYSTEM,
    Change,
    ChangeKind,
    FieldChange,
    describe,
    history_manager,
)
from silah.audit.models import VIEW_SENSITIVE_CHANGES_PERMISSION
from silah.registry.models import (
    Attestation,
    Beneficiary,
    BeneficiaryCategory,
    Consent,
    Document,
    Household,
    Income,
    Membership,
    Obligation,
)

LIMIT = 200  # the newest changes shown


@dataclass(frozen=True)
class FileChange:
    """One change shown on the history tab: `subject` names what changed (the file, a
    category, the household, a document…), `action` what happened to it."""

    at: datetime
    user: AbstractBaseUser | None
    subject: str
    action: str
    kind: str = ChangeKind.CHANGED
    reason: str = ""
    fields: list[FieldChange] = field(default_factory=list)
    order: int = 0  # among changes at the same instant: the source's order, then
    sequence: int = 0  # the row's own order (history id, ledger id)

    @property
    def who(self) -> str:
        return str(self.user) if self.user is not None else str(SYSTEM)


Source = Callable[[Beneficiary, AbstractBaseUser | None], Iterable[FileChange]]
_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Add a kind of record to every file's history tab (idempotent per key)."""
    _SOURCES[key] = source


def file_history(
    beneficiary: Beneficiary, *, viewer: AbstractBaseUser | None = None, limit: int = LIMIT
) -> list[FileChange]:
    """The newest `limit` changes of the file and of what hangs on it, newest first."""
    changes: list[FileChange] = []
    for source in (*_OWN_SOURCES, *_SOURCES.values()):
        changes.extend(source(beneficiary, viewer))
    changes.sort(key=lambda change: (change.at, change.order, change.sequence), reverse=True)
    return changes[:limit]


# -- rows under change history ---------------------------------------------------------------


def _history_rows(model: type[models.Model], where: Q, related: tuple[str, ...] = ()) -> list[Any]:
    """The historical rows of `model` matching `where`, record by record, newest first."""
    return list(
        history_manager(model)
        .filter(where)
        .select_related("history_user", *related)
        .order_by(model._meta.pk.attname, "-history_date", "-history_id")
    )


def _audited(
    model: type[models.Model],
    where: Q,
    *,
    viewer: AbstractBaseUser | None,
    subject: Callable[[Any, bool], str],
    related: tuple[str, ...] = (),
    omit: frozenset[str] | Callable[[Any], frozenset[str]] = frozenset(),
    order: int,
    rows: list[Any] | None = None,
) -> list[FileChange]:
    """Every historical row of `model` matching `where` (or `rows`, already read), described
    record by record (each row beside the previous row of its own record), as FileChanges.
    `omit`: fields not shown, or a function of the row giving them."""
    history = history_manager(model)
    key = model._meta.pk.attname
    if rows is None:
        rows = _history_rows(model, where, related)
    if not rows:
        return []
    permission = getattr(
        history.model, "audit_sensitive_permission", VIEW_SENSITIVE_CHANGES_PERMISSION
    )
    sensitive = getattr(history.model, "audit_sensitive_fields", frozenset())
    reveal = not sensitive or (viewer is not None and viewer.has_perm(permission))
    found = []
    for _pk, group in groupby(rows, key=lambda row: getattr(row, key)):
        records = list(group)
        for record, change in zip(records, describe(records, viewer=viewer), strict=True):
            hidden = omit(record) if callable(omit) else omit
            found.append(
                _from_change(change, subject(record, reveal), hidden, order, record.history_id)
            )
    return found


def _from_change(
    change: Change, subject: str, omit: frozenset[str], order: int, sequence: int
) -> FileChange:
    return FileChange(
        at=change.at,
        user=change.user,
        subject=subject,
        action=change.kind_label,
        kind=change.kind,
        reason=change.reason,
        fields=[item for item in change.fields if item.name not in omit],
        order=order,
        sequence=sequence,
    )


def _periods(beneficiary: Beneficiary) -> list[tuple[int, Any, Any]]:
    """(household, joined_on, left_on) of each household the person is or was in."""
    return list(
        Membership.objects.filter(beneficiary=beneficiary).values_list(
            "household_id", "joined_on", "left_on"
        )
    )


def _while_member(periods: list[tuple[int, Any, Any]], household_field: str) -> Q:
    """Historical rows of the person's households dated while the person was in them."""
    where = Q(pk__in=[])
    for household, joined, left in periods:
        during = Q(**{household_field: household, "history_date__date__gte": joined})
        if left is not None:
            during &= Q(history_date__date__lte=left)
        where |= during
    return where


def _own(beneficiary: Beneficiary, viewer: AbstractBaseUser | None) -> list[FileChange]:
    return _audited(
        Beneficiary,
        Q(id=beneficiary.pk),
        viewer=viewer,
        subject=lambda record, reveal: _("الملف"),
        related=("branch", "liaison_officer", "assigned_researcher", "entered_by"),
        order=0,
    )


def _categories(beneficiary: Beneficiary, viewer: AbstractBaseUser | None) -> list[FileChange]:
    def subject(record: Any, reveal: bool) -> str:
        if not reveal:
            return _("فئة")
        return _("الفئة: %(name)s") % {"name": record.category.name}

    return _audited(
        BeneficiaryCategory,
        Q(beneficiary_id=beneficiary.pk),
        viewer=viewer,
        subject=subject,
        related=("category", "beneficiary"),
        omit=frozenset({"beneficiary"}),
        order=1,
    )


def _household(beneficiary: Beneficiary, viewer: AbstractBaseUser | None) -> list[FileChange]:
    """The person's memberships, and their households' changes while they were in them.

    Other people appear by file number only when the viewer may open their file, as on the
    household tab ("a member whose file is outside your scope" otherwise)."""
    periods = _periods(beneficiary)
    if not periods:
        return []
    households = _history_rows(Household, _while_member(periods, "id"), ("head",))
    memberships = _history_rows(
        Membership,
        Q(beneficiary_id=beneficiary.pk) | _while_member(periods, "household_id"),
        ("household__head", "beneficiary"),
    )
    others = (
        {row.beneficiary_id for row in memberships}
        | {row.household.head_id for row in memberships}
        | {row.head_id for row in households}
    )
    others.discard(beneficiary.pk)
    visible = _visible(viewer, others)

    def member(record: Any, reveal: bool) -> str:
        if record.beneficiary_id == beneficiary.pk:
            return _("عضويته في الأسرة")
        if record.beneficiary_id in visible:
            return _("عضو الأسرة %(file)s") % {"file": record.beneficiary.file_number}
        return _("عضو في الأسرة ملفه خارج نطاقك")

    def membership_hidden(record: Any) -> frozenset[str]:
        head = record.household.head_id
        own = record.beneficiary_id == beneficiary.pk
        if own and (head == beneficiary.pk or head in visible):
            return frozenset({"beneficiary"})
        return frozenset({"beneficiary", "household"})

    def head_hidden(record: Any) -> frozenset[str]:
        shown = record.head_id == beneficiary.pk or record.head_id in visible
        return frozenset() if shown else frozenset({"head"})

    found = _audited(
        Household,
        Q(),
        viewer=viewer,
        subject=lambda record, reveal: _("الأسرة"),
        omit=head_hidden,
        order=2,
        rows=households,
    )
    found += _audited(
        Membership,
        Q(),
        viewer=viewer,
        subject=member,
        omit=membership_hidden,
        order=3,
        rows=memberships,
    )
    for model, label, order in (
        (Income, _("دخل الأسرة"), 4),
        (Obligation, _("التزامات الأسرة"), 5),
    ):
        found += _audited(
            model,
            _while_member(periods, "household_id"),
            viewer=viewer,
            subject=lambda record, reveal, label=label: label,
            related=("household__head",),
            omit=frozenset({"household"}),
            order=order,
        )
    return found


def _visible(viewer: AbstractBaseUser | None, pks: set[int]) -> set[int]:
    """Which of `pks` the viewer may open (one statement)."""
    if viewer is None or not pks:
        return set()
    from silah.registry.access import beneficiaries_for

    return set(
        beneficiaries_for(viewer, include_closed=True)
        .filter(pk__in=pks)
        .values_list("pk", flat=True)
    )


def _documents(beneficiary: Beneficiary, viewer: AbstractBaseUser | None) -> list[FileChange]:
    return _audited(
        Document,
        Q(beneficiary_id=beneficiary.pk),
        viewer=viewer,
        subject=lambda record, reveal: _("الوثيقة: %(type)s") % {"type": record.document_type.name},
        related=("document_type", "replaced_by", "uploaded_by", "removed_by", "beneficiary"),
        omit=frozenset({"beneficiary", "file", "content_type", "size"}),
        order=6,
    )


# -- ledgers -----------------------------------------------------------------------------------


def _value(model: type[models.Model], name: str, value: Any) -> FieldChange:
    model_field = model._meta.get_field(name)
    shown = dict(model_field.flatchoices).get(value, value) if model_field.choices else value
    return FieldChange(name, str(model_field.verbose_name), EMPTY, str(shown or EMPTY))


def _consents(beneficiary: Beneficiary, viewer: AbstractBaseUser | None) -> list[FileChange]:
    rows = Consent.objects.filter(beneficiary=beneficiary).select_related("actor")
    return [
        FileChange(
            at=row.at,
            user=row.actor,
            subject=_("الموافقة: %(purpose)s") % {"purpose": row.get_purpose_display()},
            action=_("منح الموافقة") if row.granted else _("سحب الموافقة"),
            kind=ChangeKind.CREATED,
            fields=[_value(Consent, "how", row.how)],
            order=7,
            sequence=row.pk,
        )
        for row in rows
    ]


def _attestations(beneficiary: Beneficiary, viewer: AbstractBaseUser | None) -> list[FileChange]:
    rows = Attestation.objects.filter(beneficiary=beneficiary).select_related(
        "witnessed_by", "policy_version"
    )
    found = []
    for row in rows:
        fields = [_value(Attestation, "method", row.method)]
        if row.policy_version is not None:
            fields.append(_value(Attestation, "policy_version", row.policy_version.number))
        found.append(
            FileChange(
                at=row.attested_at,
                user=row.witnessed_by,
                subject=_("الإقرار بصحة البيانات"),
                action=_("أقرّ المستفيد بصحة بياناته"),
                kind=ChangeKind.CREATED,
                fields=fields,
                order=8,
                sequence=row.pk,
            )
        )
    return found


_OWN_SOURCES: tuple[Source, ...] = (
    _own,
    _categories,
    _household,
    _documents,
    _consents,
    _attestations,
)
