"""What can come before a committee: the registry of subject kinds.

An agenda item points at its subject through a generic link. The app that owns a subject's
model (requests, later complaints and compensation cases) registers its kind from its
`AppConfig.ready()`; this app never imports it::

    from silah.committees import subjects

    subjects.register(subjects.SubjectKind(
        model_label="applications.application",
        label=_("طلب"),
        waiting=queries.waiting_for_committee,      # Committee -> QuerySet of requests
        summary=lambda request: ...,                # one line for the agenda and the minutes
        url=lambda request: reverse(...),           # where staff open it
        on_decided=workflow.committee_decided,      # (item, actor), inside decide_item's
                                                    # transaction; DomainError refuses
        research_summary=lambda request: ...,       # optional, shown to members
        beneficiary_ids=lambda requests: requests.values("beneficiary_id"),  # optional
    ))

`waiting(committee)` returns the records waiting for that committee's decision: a record
is put on an agenda only while it is waiting. `on_decided(item, actor)` is called for an
approval or a rejection (`item.outcome`, `item.reason`); a deferral calls nothing and leaves
the record waiting for the next meeting. `beneficiary_ids(subjects)` maps a queryset of
subjects to the primary keys of the beneficiaries they concern: committee members see those
files while the subject is on an open meeting's agenda (`silah.committees.access`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Model, QuerySet
from django.utils.functional import Promise

if TYPE_CHECKING:
    from django.contrib.contenttypes.models import ContentType

    from silah.committees.models import AgendaItem, Committee


@dataclass(frozen=True)
class SubjectKind:
    model_label: str  # "applications.application"
    label: str | Promise  # "طلب"
    waiting: Callable[[Committee], QuerySet]  # records waiting for this committee's decision
    summary: Callable[[Model], str]  # one line for the agenda and minutes
    url: Callable[[Model], str]  # where staff open it
    on_decided: Callable[[AgendaItem, Any], None]  # (item, actor) inside decide_item
    research_summary: Callable[[Model], str] | None = None  # shown to members beside the item
    beneficiary_ids: Callable[[QuerySet], QuerySet] | None = None  # subjects -> beneficiary pks

    @property
    def key(self) -> str:
        return self.model_label.lower()


_kinds: dict[str, SubjectKind] = {}


def register(kind: SubjectKind) -> None:
    """Register (or replace) the kind of subject for `kind.model_label`."""
    _kinds[kind.key] = kind


def unregister(model_label: str) -> None:
    """Forget a kind (tests)."""
    _kinds.pop(model_label.lower(), None)


def _label_of(obj_or_content_type: Any) -> str | None:
    from django.contrib.contenttypes.models import ContentType

    if obj_or_content_type is None:
        return None
    if isinstance(obj_or_content_type, ContentType):
        return f"{obj_or_content_type.app_label}.{obj_or_content_type.model}"
    if isinstance(obj_or_content_type, str):
        return obj_or_content_type.lower()
    meta = getattr(obj_or_content_type, "_meta", None)  # a model instance or class
    return meta.label_lower if meta is not None else None


def kind_for(obj_or_content_type: Model | type[Model] | ContentType | str) -> SubjectKind | None:
    """The registered kind of a record, a model, a content type or a "app.model" label."""
    label = _label_of(obj_or_content_type)
    return _kinds.get(label) if label else None


def all_kinds() -> list[SubjectKind]:
    return list(_kinds.values())


def snapshot() -> dict[str, SubjectKind]:
    """The registry as it is (tests restore it with `restore`)."""
    return dict(_kinds)


def restore(saved: dict[str, SubjectKind]) -> None:
    _kinds.clear()
    _kinds.update(saved)
