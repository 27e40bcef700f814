"""Reads behind the registry's screens: the list's filters, sorting, search and counts.

Every function takes a queryset that is already scoped to the user
(`silah.registry.access.beneficiaries_for`) and narrows it; none widens it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from silah.accounts.roles import RoleCode, role_codes
from silah.core.arabic import normalize_arabic
from silah.core.identity import IdentityType, normalize_digits
from silah.registry.models import Beneficiary, Status

# The roles whose members see beneficiaries' files (through silah.registry.access).
FILE_ROLES = frozenset(
    {
        RoleCode.MANAGER,
        RoleCode.RELATIONS_OFFICER,
        RoleCode.SOCIAL_RESEARCHER,
        RoleCode.LIAISON_OFFICER,
    }
)

SEARCH_LIMIT = 20

# What a file may lack, each a filter of the list ("needs attention").
ATTENTION: dict[str, tuple[Any, Q]] = {
    "no_liaison": (_("بلا ضابط اتصال"), Q(liaison_officer__isnull=True)),
    "no_researcher": (
        _("بلا باحث اجتماعي"),
        Q(assigned_researcher__isnull=True) & Q(status__in=[Status.APPLICANT, Status.ACTIVE]),
    ),
    "no_contact": (_("بلا جوال ولا بريد"), Q(mobile="") & Q(email="")),
    "no_identity": (_("بلا هوية"), Q(identity_type=IdentityType.NONE)),
    "no_address": (_("بلا عنوان وطني"), Q(short_address="") & Q(building_number="")),
}
ANY_ATTENTION = "any"

SORTS: dict[str, tuple[Any, list[str]]] = {
    "newest": (_("الأحدث تسجيلًا"), ["-created_at", "-pk"]),
    "oldest": (_("الأقدم تسجيلًا"), ["created_at", "pk"]),
    "file": (_("رقم الملف"), ["file_number"]),
    "name": (_("الاسم"), ["first_name", "father_name", "grandfather_name", "family_name", "pk"]),
    "status": (_("الحالة"), ["status", "-created_at", "-pk"]),
}
DEFAULT_SORT = "newest"


def sees_files(user: AbstractBaseUser) -> bool:
    """True when the user holds a role that sees beneficiaries' files."""
    return bool(role_codes(user) & FILE_ROLES)


def attention_filter(code: str) -> Q:
    """The condition for one "needs attention" code, or any of them for "any"."""
    if code == ANY_ATTENTION:
        condition = Q()
        for _label, each in ATTENTION.values():
            condition |= each
        return condition
    return ATTENTION[code][1]


def filter_beneficiaries(
    queryset: QuerySet[Beneficiary], filters: Mapping[str, Any]
) -> QuerySet[Beneficiary]:
    """Narrow `queryset` by the list's filters (cleaned values; empty ones are ignored)."""
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("category"):
        queryset = queryset.filter(category_links__category=filters["category"])
    if filters.get("branch"):
        queryset = queryset.filter(branch=filters["branch"])
    if filters.get("liaison_officer"):
        queryset = queryset.filter(liaison_officer=filters["liaison_officer"])
    if filters.get("attention"):
        queryset = queryset.filter(attention_filter(filters["attention"]))
    return queryset.distinct()


def sort_beneficiaries(queryset: QuerySet[Beneficiary], sort: str) -> QuerySet[Beneficiary]:
    return queryset.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT])[1])


def with_list_relations(queryset: QuerySet[Beneficiary]) -> QuerySet[Beneficiary]:
    """What a row of the list shows, fetched in a fixed number of queries."""
    return queryset.select_related("branch", "liaison_officer").prefetch_related(
        "category_links__category"
    )


def find_beneficiaries(
    queryset: QuerySet[Beneficiary], text: str, *, limit: int = SEARCH_LIMIT
) -> list[Beneficiary]:
    """The beneficiaries of `queryset` that `text` names, best first (at most `limit`).

    Text that reads as a number is looked up exactly as a file number, an identity number or
    a mobile; anything else as a name. Ranked search (spelling variants, typos) comes from
    `silah.registry.search` once it is merged; until then a name matches when its
    normalised form contains every normalised word typed.
    """
    text = " ".join((text or "").split())
    if not text:
        return []
    return _simple_lookup(queryset, text, limit=limit)


def _mobile_forms(digits: str) -> set[str]:
    forms = {digits}
    if digits.startswith("05") and len(digits) == 10:
        forms.add("+966" + digits[1:])
    elif digits.startswith("5") and len(digits) == 9:
        forms.add("+966" + digits)
    elif digits.startswith("9665"):
        forms.add("+" + digits)
    elif digits.startswith("009665"):
        forms.add("+" + digits[2:])
    return forms


def _simple_lookup(queryset: QuerySet[Beneficiary], text: str, *, limit: int) -> list:
    compact = normalize_digits(text)
    exact = Q(file_number__iexact=text.strip()) | Q(file_number__iexact=compact)
    if compact.lstrip("+").isdigit():
        mobiles = _mobile_forms(compact.lstrip("+") if compact.startswith("+") else compact)
        if compact.startswith("+"):
            mobiles.add(compact)
        exact |= Q(identity_number=compact) | Q(mobile__in=mobiles) | Q(mobile_2__in=mobiles)
        return list(queryset.filter(exact).order_by("file_number")[:limit])
    found = list(queryset.filter(exact).order_by("file_number")[:limit])
    words = normalize_arabic(text).split()
    by_name = queryset.exclude(pk__in=[b.pk for b in found])
    for word in words:
        by_name = by_name.filter(full_name_normalized__contains=word)
    found.extend(by_name.order_by("full_name_normalized", "pk")[: max(limit - len(found), 0)])
    return found


@dataclass(frozen=True)
class Candidate:
    """A likely duplicate of a new record: the file, a score, and why (label, weight)."""

    beneficiary: Beneficiary
    score: float
    reasons: list[tuple[str, float]]


def duplicate_candidates(
    values: Mapping[str, Any], *, exclude_pk: int | None = None
) -> list[Candidate]:
    """Existing files that may be the person `values` describe, best first.

    The full detector is `silah.registry.duplicates.likely_duplicates` (being written
    beside this); until it is merged, this looks for the same normalised full name, the same
    first, father and family names with the same birth date, or the same mobile (a hint:
    members of one household share one).
    """
    return _simple_candidates(values, exclude_pk=exclude_pk)


def _simple_candidates(values: Mapping[str, Any], *, exclude_pk: int | None) -> list[Candidate]:
    parts = [
        values.get(name) or ""
        for name in ("first_name", "father_name", "grandfather_name", "family_name")
    ]
    full = normalize_arabic(" ".join(part for part in parts if part))
    first, father, _grandfather, family = (normalize_arabic(p) for p in parts)
    scores: dict[int, tuple[Beneficiary, list[tuple[str, float]]]] = {}

    def add(rows: Iterable[Beneficiary], label: Any, weight: float) -> None:
        for row in rows:
            if row.pk == exclude_pk:
                continue
            scores.setdefault(row.pk, (row, []))[1].append((str(label), weight))

    everyone = Beneficiary.objects.all()
    if full:
        add(everyone.filter(full_name_normalized=full)[:20], _("الاسم الكامل نفسه"), 0.6)
    if first and father and family and values.get("birth_date"):
        same = everyone.filter(birth_date=values["birth_date"]).exclude(full_name_normalized=full)
        add(
            [
                row
                for row in same[:200]
                if {first, father, family} <= set(row.full_name_normalized.split())
            ][:20],
            _("الاسم الأول واسم الأب والعائلة وتاريخ الميلاد"),
            0.5,
        )
    mobile = values.get("mobile") or ""
    if mobile:
        add(
            everyone.filter(Q(mobile=mobile) | Q(mobile_2=mobile))[:20],
            _("رقم الجوال نفسه (قد يكون من الأسرة نفسها)"),
            0.2,
        )
    candidates = [
        Candidate(row, round(min(sum(w for _l, w in reasons), 1.0), 2), reasons)
        for row, reasons in scores.values()
    ]
    return sorted(candidates, key=lambda c: (-c.score, c.beneficiary.file_number))[:10]


def identity_holder(number: str) -> Beneficiary | None:
    """The file registered with this identity number, whoever may see it (or None)."""
    if not number:
        return None
    return Beneficiary.objects.filter(identity_number=number).order_by("pk").first()


def list_counts(queryset: QuerySet[Beneficiary]) -> dict[str, int]:
    """Counts for the dashboard card: every file in scope, applicants, needing attention."""
    return {
        "total": queryset.count(),
        "applicants": queryset.filter(status=Status.APPLICANT).count(),
        "attention": queryset.filter(attention_filter(ANY_ATTENTION)).count(),
    }
