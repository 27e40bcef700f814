"""Likely duplicates the user overrode when registering a file go to the review queue.

(The import does the same for its possible duplicates, source "import":
`silah.registry.importing._queue_likely_duplicates`.)

When the registration screen showed candidates and the user confirmed "a different person",
each candidate becomes a `DuplicateCandidate` with source "on_save", so the association's
manager still reviews the pair (and merges it, or marks it different). A pair already decided
is left as decided; an open one keeps its higher score. No personal value is written: the
explanation holds each rule's label and weight only.
"""

from collections.abc import Iterable

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from silah.audit.history import annotate_change
from silah.registry.duplicates import RULES, Candidate
from silah.registry.merge import canonical_pair
from silah.registry.models import Beneficiary, DuplicateCandidate, DuplicateSource, DuplicateStatus

REASON = "اقتراح عند الحفظ: أكّد المستخدم أنه شخص مختلف"


def explanation(codes: Iterable[str]) -> list[dict]:
    """The queue's explanation of a pair found by the rules of `silah.registry.duplicates`:
    each matching rule's label and weight, no personal value. Also used by the import."""
    return [
        {"key": code, "label": str(RULES[code][0]), "level": _("ينطبق"), "weight": RULES[code][1]}
        for code in codes
    ]


@transaction.atomic
def record_overridden(
    beneficiary: Beneficiary, candidates: Iterable[Candidate], *, actor: AbstractBaseUser
) -> list[DuplicateCandidate]:
    """Put each candidate the user overrode for the new `beneficiary` in the review queue."""
    recorded = []
    for candidate in candidates:
        other = candidate.beneficiary
        if other.pk == beneficiary.pk:
            continue
        first, second = canonical_pair(beneficiary, other)
        row = (
            DuplicateCandidate.objects.select_for_update()
            .filter(first_id=first, second_id=second)
            .first()
        )
        if row is not None and (row.status != DuplicateStatus.OPEN or row.score >= candidate.score):
            continue
        if row is None:
            row = DuplicateCandidate(
                first_id=first, second_id=second, source=DuplicateSource.ON_SAVE
            )
        row.score = candidate.score
        row.explanation = explanation(candidate.codes)
        annotate_change(row, reason=REASON, actor=actor)
        row.save()
        recorded.append(row)
    return recorded
