"""The duplicate check on save: the files that may be the person about to be saved.

`likely_duplicates(values)` takes cleaned beneficiary fields (what
`validation.clean_beneficiary_fields` returns) and returns candidates, best first, each with
its score and the comparisons behind it: every comparison's weight is shown, not only the
total. It reads only through indexes, never by scanning the registry:

- the same identity number (its own index, registry_ben_identity_number);
- the same mobile, on either mobile field (their indexes);
- the name index: the people sharing the most IDF-weighted pairs of name words
  (`search.name_candidates`), which finds spelling variants, a typo and a missing
  grandfather's name.

The exact identity number still *blocks* a save (`services._refuse_duplicate_identity`); what
this module returns is shown to the user as candidates before saving. A shared mobile alone
is a hint, not a duplicate: one household's members often share one. Sex, birth date and the
household tell siblings (same father, grandfather, family and mobile) apart. The whole
registry is searched, not only the files the user may open: a duplicate in another branch is
still a duplicate (the screen decides what it may show of it).
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from silah.core.identity import IdentityType
from silah.registry.models import Beneficiary, Membership
from silah.registry.search import name_candidates, prepare_name_query
from silah.registry.search_index import search_words
from silah.registry.validation import NAME_PARTS

# Each comparison's label and weight. Positive weights add up towards 1 (the same person);
# negative ones are evidence of two different people. The score is the sum, clipped to 0–1.
SAME_IDENTITY = "same_identity"
DIFFERENT_IDENTITY = "different_identity"
SAME_FULL_NAME = "same_full_name"
SIMILAR_NAME = "similar_name"
SAME_FIRST_AND_FAMILY = "same_first_and_family"
SAME_FAMILY = "same_family"
SAME_BIRTH_DATE = "same_birth_date"
SAME_BIRTH_YEAR = "same_birth_year"
DIFFERENT_BIRTH_DATE = "different_birth_date"
SHARED_MOBILE = "shared_mobile"
DIFFERENT_SEX = "different_sex"
SAME_HOUSEHOLD = "same_household"

RULES: dict[str, tuple[Promise, float]] = {
    SAME_IDENTITY: (_("رقم الهوية نفسه"), 1.0),
    DIFFERENT_IDENTITY: (_("رقم هوية مختلف"), -0.6),
    SAME_FULL_NAME: (_("الاسم الكامل نفسه بعد توحيد الإملاء"), 0.5),
    SIMILAR_NAME: (_("اسم متشابه (اختلاف إملائي أو خطأ في حرف أو اسم جد ناقص)"), 0.4),
    SAME_FIRST_AND_FAMILY: (_("الاسم الأول واسم العائلة نفسهما"), 0.2),
    SAME_FAMILY: (_("اسم العائلة نفسه"), 0.05),
    SAME_BIRTH_DATE: (_("تاريخ الميلاد نفسه"), 0.35),
    SAME_BIRTH_YEAR: (_("سنة الميلاد نفسها (اليوم أو الشهر مختلف)"), 0.1),
    DIFFERENT_BIRTH_DATE: (_("تاريخ ميلاد مختلف"), -0.3),
    SHARED_MOBILE: (_("رقم جوال مشترك (قد يكون لأسرة واحدة)"), 0.1),
    DIFFERENT_SEX: (_("الجنس مختلف"), -0.6),
    SAME_HOUSEHOLD: (_("من الأسرة نفسها (فرد آخر منها على الأرجح)"), -0.4),
}
MIN_SCORE = 0.4  # a file scoring less is not proposed
PART_MATCH = 80  # rapidfuzz ratio at which two name parts count as the same word mistyped
NAME_CANDIDATES = 30  # people the name index proposes for comparison


@dataclass(frozen=True)
class Candidate:
    """A file that may be the same person, its score (0–1) and the comparisons' weights."""

    beneficiary: Beneficiary
    score: float
    reasons: list[tuple[str, float]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def _part(value: str) -> str:
    return "".join(search_words(value or ""))


def _parts(source: Mapping[str, Any] | Beneficiary) -> dict[str, str]:
    get = source.get if isinstance(source, Mapping) else lambda name, d="": getattr(source, name)
    return {name: _part(get(name, "")) for name in NAME_PARTS}


def _close(a: str, b: str) -> bool:
    return a == b or (bool(a) and bool(b) and fuzz.ratio(a, b) >= PART_MATCH)


def _name_rule(new: dict[str, str], old: dict[str, str]) -> str | None:
    # Each a (new, old) pair of normalised name parts.
    first, father, grand, family = [(new[name], old[name]) for name in NAME_PARTS]
    if all(a == b for a, b in (first, father, grand, family)):
        return SAME_FULL_NAME
    required = (first, father, family)
    exact = sum(a == b for a, b in required)
    close = all(_close(a, b) for a, b in required)
    grand_ok = not grand[0] or not grand[1] or _close(*grand)
    # At most one part differs, by a typo; a grandfather's name may be missing on one side.
    if close and grand_ok and exact >= 2:
        return SIMILAR_NAME
    if first[0] == first[1] and family[0] == family[1]:
        return SAME_FIRST_AND_FAMILY
    if family[0] == family[1]:
        return SAME_FAMILY
    return None


def _birth_rule(new: Any, old: Any) -> str | None:
    if not new or not old:
        return None
    if new == old:
        return SAME_BIRTH_DATE
    if new.year == old.year or (new.month, new.day) == (old.day, old.month):
        return SAME_BIRTH_YEAR
    return DIFFERENT_BIRTH_DATE


def _identity_rule(values: Mapping[str, Any], other: Beneficiary) -> str | None:
    number = values.get("identity_number") or ""
    if not number or not other.identity_number:
        return None
    if number == other.identity_number:
        return SAME_IDENTITY
    if values.get("identity_type") == other.identity_type != IdentityType.PASSPORT:
        return DIFFERENT_IDENTITY
    return None


def _mobiles(source: Mapping[str, Any] | Beneficiary) -> set[str]:
    if isinstance(source, Mapping):
        found = {source.get("mobile"), source.get("mobile_2")}
    else:
        found = {source.mobile, source.mobile_2}
    return {mobile for mobile in found if mobile}


def _household_of(values: Mapping[str, Any], exclude_pk: int | None) -> int | None:
    household = values.get("household")
    if household is not None:
        return getattr(household, "pk", household)
    if exclude_pk is None:
        return None
    return (
        Membership.objects.filter(beneficiary_id=exclude_pk, left_on__isnull=True)
        .values_list("household_id", flat=True)
        .first()
    )


def compare(
    values: Mapping[str, Any],
    other: Beneficiary,
    *,
    household: int | None = None,
    other_household: int | None = None,
) -> list[str]:
    """The codes of RULES that hold between `values` and `other`.

    `household` is the household of the person `values` describes, `other_household` the
    current household of `other` (both pks, or None when not in one).
    """
    codes = [
        _identity_rule(values, other),
        _name_rule(_parts(values), _parts(other)),
        _birth_rule(values.get("birth_date"), other.birth_date),
    ]
    if _mobiles(values) & _mobiles(other):
        codes.append(SHARED_MOBILE)
    if values.get("sex") and other.sex and values.get("sex") != other.sex:
        codes.append(DIFFERENT_SEX)
    if household is not None and other_household == household:
        codes.append(SAME_HOUSEHOLD)
    return [code for code in codes if code]


def score(codes: list[str]) -> float:
    """The sum of the rules' weights, clipped to 0–1."""
    return round(min(1.0, max(0.0, sum(RULES[code][1] for code in codes))), 4)


def _candidate_pks(values: Mapping[str, Any], exclude_pk: int | None) -> set[int]:
    pks: set[int] = set()
    everyone = Beneficiary.objects.order_by()
    number = values.get("identity_number")
    if number:
        pks.update(everyone.filter(identity_number=number).values_list("pk", flat=True))
    mobiles = _mobiles(values)
    if mobiles:
        pks.update(
            everyone.filter(Q(mobile__in=mobiles) | Q(mobile_2__in=mobiles)).values_list(
                "pk", flat=True
            )[:50]
        )
    full_name = " ".join(values.get(name) or "" for name in NAME_PARTS)
    query = prepare_name_query(full_name)
    pks.update(pk for pk, _score in name_candidates(query, limit=NAME_CANDIDATES))
    pks.discard(exclude_pk)
    return pks


def likely_duplicates(
    values: Mapping[str, Any], *, exclude_pk: int | None = None, limit: int = 10
) -> list[Candidate]:
    """The existing files that may be the person `values` describes, best first.

    `values` are cleaned beneficiary fields (`validation.clean_beneficiary_fields`); it may
    also hold "household" (a Household or its pk) when the person is being added to one.
    `exclude_pk` is the file being edited (never its own duplicate; its household is used).
    """
    pks = _candidate_pks(values, exclude_pk)
    if not pks:
        return []
    household = _household_of(values, exclude_pk)
    memberships = dict(
        Membership.objects.filter(beneficiary_id__in=pks, left_on__isnull=True).values_list(
            "beneficiary_id", "household_id"
        )
    )
    found: list[Candidate] = []
    for other in Beneficiary.objects.filter(pk__in=pks):
        codes = compare(
            values, other, household=household, other_household=memberships.get(other.pk)
        )
        total = score(codes)
        if total >= MIN_SCORE:
            reasons = [(str(RULES[code][0]), RULES[code][1]) for code in codes]
            found.append(Candidate(beneficiary=other, score=total, reasons=reasons, codes=codes))
    found.sort(key=lambda candidate: (-candidate.score, candidate.beneficiary.pk))
    return found[:limit]
