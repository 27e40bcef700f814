"""Committees' test fixtures: a stand-in subject kind (the registry's `Beneficiary` itself),
and the subject kinds' registry restored after each test."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.db.models import QuerySet

from silah.committees import subjects
from silah.committees.models import AgendaItem, Outcome
from silah.core.errors import DomainError
from silah.registry.models import Beneficiary


@pytest.fixture(autouse=True)
def _subject_kinds():
    saved = subjects.snapshot()
    yield
    subjects.restore(saved)


@dataclass
class StandIn:
    """The registered stand-in kind and what it saw: `decided` lists (item pk, outcome,
    actor pk) for each on_decided call; set `refuse` to make on_decided raise; `waiting_pks`
    (None: every live file) limits what waits for a committee."""

    kind: subjects.SubjectKind | None = None
    decided: list = field(default_factory=list)
    refuse: str = ""
    waiting_pks: list | None = None


@pytest.fixture
def stand_in() -> Iterator[StandIn]:
    state = StandIn()

    def waiting(committee) -> QuerySet:
        files = Beneficiary.objects.live().order_by("pk")
        # Deciding removes a file from the waiting list, as a decided request leaves review.
        decided = AgendaItem.objects.filter(
            content_type__model="beneficiary",
            outcome__in=[Outcome.APPROVED, Outcome.REJECTED],
        ).values("object_id")
        files = files.exclude(pk__in=decided)
        if state.waiting_pks is not None:
            files = files.filter(pk__in=state.waiting_pks)
        return files

    def on_decided(item, actor) -> None:
        if state.refuse:
            raise DomainError(state.refuse)
        state.decided.append((item.pk, item.outcome, actor.pk))

    state.kind = subjects.SubjectKind(
        model_label="registry.Beneficiary",
        label="ملف",
        waiting=waiting,
        summary=lambda file: f"ملف {file.file_number}: {file.full_name}",
        url=lambda file: f"/beneficiaries/{file.pk}/",
        on_decided=on_decided,
        research_summary=lambda file: "توصية الباحث: مساعدة شهرية",
        beneficiary_ids=lambda files: files.values("pk"),
    )
    # Only the stand-in: the requests' own kind (registered by applications) stays out.
    saved = subjects.snapshot()
    subjects.restore({})
    subjects.register(state.kind)
    yield state
    subjects.restore(saved)
