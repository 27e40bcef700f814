"""Reads of the registry that other apps (and the registry's screens) call: consent,
documents, attestation. Nothing here checks who asks: callers pass records they may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery

from silah.core.dates import today
from silah.registry.models import (
    Beneficiary,
    Consent,
    ConsentPurpose,
    Document,
)


def has_consent(beneficiary: Beneficiary, purpose: str) -> bool:
    """Whether the beneficiary's latest answer for `purpose` is a grant (False if none)."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    latest = (
        Consent.objects.filter(beneficiary=beneficiary, purpose=purpose)
        .order_by("-at", "-pk")
        .values_list("granted", flat=True)
        .first()
    )
    return bool(latest)


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    label: str
    latest: Consent | None

    @property
    def granted(self) -> bool:
        return bool(self.latest and self.latest.granted)


def consent_states(beneficiary: Beneficiary) -> list[ConsentState]:
    """Each purpose with its latest answer (None when never asked), in the purposes' order."""
    latest: dict[str, Consent] = {}
    for row in beneficiary.consents.select_related("actor").order_by("-at", "-pk"):
        latest.setdefault(row.purpose, row)
    return [
        ConsentState(purpose=value, label=str(label), latest=latest.get(value))
        for value, label in ConsentPurpose.choices
    ]


def consent_history(beneficiary: Beneficiary) -> QuerySet[Consent]:
    return beneficiary.consents.select_related("actor", "document").order_by("-at", "-pk")


def beneficiaries_with_consent(queryset: QuerySet[Beneficiary], purpose: str):
    """`queryset` narrowed to those whose latest answer for `purpose` is a grant (for
    messaging campaigns: one query, however many people)."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    latest = Consent.objects.filter(beneficiary=OuterRef("pk"), purpose=purpose).order_by(
        "-at", "-pk"
    )
    return queryset.annotate(_consent=Subquery(latest.values("granted")[:1])).filter(_consent=True)


# -- documents ---------------------------------------------------------------------------------


def current_documents(beneficiary: Beneficiary) -> QuerySet[Document]:
    return beneficiary.documents.filter(state=Document.State.CURRENT).select_related(
        "document_type", "uploaded_by"
    )


def expired_documents(
    queryset: QuerySet[Document] | None = None, *, on: dt.date | None = None
) -> QuerySet[Document]:
    """The current documents of `queryset` (all by default) whose expiry date has passed."""
    queryset = Document.objects.all() if queryset is None else queryset
    return queryset.filter(state=Document.State.CURRENT, expires_on__lt=on or today())


# -- attestation -------------------------------------------------------------------------------


def needs_attestation(beneficiary: Beneficiary) -> bool:
    """True if the file was never attested or an attested field changed since the last one."""
    from silah.registry.attestation import needs_attestation as _needs

    return _needs(beneficiary)
