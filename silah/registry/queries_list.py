"""Reads behind the registry's screens: the list's filters, sorting, search and counts.

Every function takes a queryset that is already scoped to the user
(`silah.registry.access.beneficiaries_for`) and narrows it; none widens it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from silah.accounts.roles import RoleCode, role_codes
from silah.core.identity import IdentityType
from silah.registry.duplicates import Candidate, likely_duplicates
from silah.registry.merge import resolve_file_number, survivor_of
from silah.registry.models import Beneficiary, Status
from silah.registry.search import SearchHit, search_beneficiaries

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
) -> list[SearchHit]:
    """The beneficiaries of `queryset` that `text` names, best first (at most `limit`):
    file number, identity number or mobile exactly, else the Arabic name, ranked
    (`silah.registry.search.search_beneficiaries`)."""
    return search_beneficiaries(queryset, text, limit=limit)


def duplicate_candidates(
    values: Mapping[str, Any], *, exclude_pk: int | None = None
) -> list[Candidate]:
    """Existing files that may be the person `values` (cleaned fields) describe, best first,
    over the whole registry (`silah.registry.duplicates.likely_duplicates`): the screen
    decides what it may show of each. Merged and destroyed files are never candidates."""
    candidates = likely_duplicates(values, exclude_pk=exclude_pk)
    if not candidates:
        return candidates
    live = set(
        Beneficiary.objects.live()
        .filter(pk__in=[candidate.beneficiary.pk for candidate in candidates])
        .values_list("pk", flat=True)
    )
    return [candidate for candidate in candidates if candidate.beneficiary.pk in live]


def identity_holder(number: str) -> Beneficiary | None:
    """The file registered with this identity number, whoever may see it (or None); when
    that file was merged, the file it was merged into."""
    if not number:
        return None
    holder = Beneficiary.objects.filter(identity_number=number).order_by("pk").first()
    return survivor_of(holder) if holder is not None else None


def list_counts(queryset: QuerySet[Beneficiary]) -> dict[str, int]:
    """Counts for the dashboard card: every file in scope, applicants, needing attention."""
    return {
        "total": queryset.count(),
        "applicants": queryset.filter(status=Status.APPLICANT).count(),
        "attention": queryset.filter(attention_filter(ANY_ATTENTION)).count(),
    }


def merged_file_number_pks(number: str) -> list[int]:
    """The survivor a merged file's old number leads to (registered with
    `search.register_file_number_resolver`, so searching an old number finds the survivor)."""
    survivor = resolve_file_number(number)
    return [survivor.pk] if survivor is not None else []
