"""Merging two files of one person, and marking two files as different people.

`merge_beneficiaries(survivor, merged, *, actor, reason)` follows the shape of every
transition: guard (permission, two different files, neither already merged) → lock both →
move what `merged` holds onto `survivor` by walking `silah.registry.holders` → fill the
survivor's empty fields → archive `merged` as a tombstone → record the merge → history rows.
The tombstone is never deleted: its change history and read log stay auditable, and its old
file number leads to the survivor (`resolve_file_number`).

What the registry itself holds is registered here (`register_registry_holders()`, called in
`RegistryConfig.ready()`); later apps register their own holders with a `merge` callback.
See docs/duplicates.md for the household rule and what is deliberately not rewritten.
"""

import logging
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silah.audit.history import annotate_change
from silah.audit.models import AccessLog
from silah.core.arabic import name_tokens, normalize_arabic
from silah.core.dates import today
from silah.core.errors import DomainError
from silah.core.identity import IdentityType
from silah.registry import holders
from silah.registry.models import (
    ADDRESS_FIELDS,
    Beneficiary,
    DuplicateCandidate,
    DuplicateSource,
    DuplicateStatus,
    Household,
    Membership,
    MergeRecord,
    Relationship,
    Status,
    StatusChange,
)

logger = logging.getLogger(__name__)

REVIEW_PERMISSION = "registry.review_duplicates"

# History reasons are stored in Arabic whatever the page's language (they are a record).
REASON_MERGED_INTO = "دُمج في الملف %(file_number)s: %(reason)s"
REASON_MERGED_FROM = "دُمج فيه الملف %(file_number)s: %(reason)s"
REASON_MOVED = "نُقل من الملف %(file_number)s عند الدمج"
REASON_DIFFERENT = "شخصان مختلفان: %(reason)s"

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "same": _("اختر ملفين مختلفين."),
    "already_merged": _("الملف %(file_number)s دُمج من قبل في الملف %(survivor)s."),
    "reason_required": _("اكتب سبب القرار."),
    "two_households": _(
        "كل من الملفين عضو حاليًا في أسرة مختلفة: انقل أحدهما إلى أسرة الآخر أو أخرجه من أسرته "
        "قبل الدمج."
    ),
    "decided": _("قُرّر في هذين الملفين من قبل."),
}

# Fields the survivor takes from the merged file when its own are empty.
FILLED_FIELDS = ["grandfather_name", "latin_name", "birth_date", "marital_status", "email"]
NAME_PARTS = ["first_name", "father_name", "grandfather_name", "family_name"]


def _error(code: str, *, field: str | None = None, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field=field)


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason_required", field="reason")
    return reason


def canonical_pair(a: Beneficiary | int, b: Beneficiary | int) -> tuple[int, int]:
    """The two files' ids in the order a DuplicateCandidate stores them (lower id first)."""
    a_pk = a if isinstance(a, int) else a.pk
    b_pk = b if isinstance(b, int) else b.pk
    return (a_pk, b_pk) if a_pk < b_pk else (b_pk, a_pk)


def survivor_of(beneficiary: Beneficiary) -> Beneficiary:
    """The file a (possibly merged) file now lives in: itself unless it was merged."""
    seen = set()
    current = beneficiary
    while current.pk not in seen:
        seen.add(current.pk)
        record = MergeRecord.objects.filter(merged=current).select_related("survivor").first()
        if record is None:
            return current
        current = record.survivor
    return current  # a cycle cannot be written by merge_beneficiaries; stop rather than loop


def resolve_file_number(number: str) -> Beneficiary | None:
    """The living file that the file number `number` leads to, or None.

    A merged file's number leads to its survivor (following later merges too). This does not
    check who may see the file: the caller reads it through silah.registry.access.
    """
    number = (number or "").strip().upper()
    if not number:
        return None
    beneficiary = Beneficiary.objects.filter(file_number=number).first()
    if beneficiary is None:
        record = MergeRecord.objects.filter(merged_file_number=number).first()
        if record is None:
            return None
        beneficiary = record.survivor
    return survivor_of(beneficiary)


def is_merged(beneficiary: Beneficiary) -> bool:
    return MergeRecord.objects.filter(merged=beneficiary).exists()


def merged_files_of(survivor: Beneficiary) -> list[MergeRecord]:
    """The merges into `survivor` (directly), newest first: where its older trails are."""
    return list(MergeRecord.objects.filter(survivor=survivor).select_related("merged", "actor"))


# --- the registry's own holders --------------------------------------------------------------


def _move_memberships(survivor: Beneficiary, merged: Beneficiary) -> None:
    """Household membership: one household at a time, so the two current memberships decide.

    - only the merged file is in a household: its membership moves to the survivor;
    - both in the same household: the survivor's membership stays (as head if either was
      the head), the merged file's is closed today and moves as a past membership;
    - both in different households: refused (the manager moves one of them first).
    Past memberships move; a household headed by the merged file gets the survivor as head.
    """
    reason = REASON_MOVED % {"file_number": merged.file_number}
    mine = Membership.objects.filter(beneficiary=survivor, left_on__isnull=True).first()
    theirs = Membership.objects.filter(beneficiary=merged, left_on__isnull=True).first()
    if mine and theirs:
        if mine.household_id != theirs.household_id:
            raise _error("two_households", field="survivor")
        theirs.left_on = today()
        was_head = theirs.relationship == Relationship.HEAD
        annotate_change(theirs, reason=reason)
        theirs.save(update_fields=["left_on"])
        if was_head and mine.relationship != Relationship.HEAD:
            mine.relationship = Relationship.HEAD
            annotate_change(mine, reason=reason)
            mine.save(update_fields=["relationship"])
    for membership in Membership.objects.filter(beneficiary=merged):
        membership.beneficiary = survivor
        annotate_change(membership, reason=reason)
        membership.save(update_fields=["beneficiary"])
    for household in Household.objects.filter(head=merged):
        household.head = survivor
        annotate_change(household, reason=reason)
        household.save(update_fields=["head"])


def _move_categories(survivor: Beneficiary, merged: Beneficiary) -> None:
    """Categories: the survivor gets each of the merged file's categories once."""
    reason = REASON_MOVED % {"file_number": merged.file_number}
    held = {link.category_id: link for link in survivor.category_links.all()}
    for link in merged.category_links.all():
        kept = held.get(link.category_id)
        if kept is None:
            link.beneficiary = survivor
            annotate_change(link, reason=reason)
            link.save(update_fields=["beneficiary"])
            continue
        if not kept.detail and link.detail:
            kept.detail = link.detail
            annotate_change(kept, reason=reason)
            kept.save(update_fields=["detail"])
        annotate_change(link, reason=reason)
        link.delete()


def _move_status_changes(survivor: Beneficiary, merged: Beneficiary) -> None:
    """The merged file's status changes (not audited rows themselves) join the survivor's."""
    StatusChange.objects.filter(beneficiary=merged).update(beneficiary=survivor)


def _copy_read_log(survivor: Beneficiary, merged: Beneficiary) -> None:
    """The read log is append-only: each read of the merged file is recorded again on the
    survivor (same reader, time, part and channel); the original rows stay on the tombstone."""
    content_type = ContentType.objects.get_for_model(Beneficiary)
    reads = AccessLog.objects.filter(content_type=content_type, object_id=str(merged.pk))
    AccessLog.objects.bulk_create(
        [
            AccessLog(
                user_id=read.user_id,
                at=read.at,
                content_type=content_type,
                object_id=str(survivor.pk),
                what=read.what,
                channel=read.channel,
            )
            for read in reads.iterator()
        ],
        batch_size=1000,
    )


def _take_assignments(survivor: Beneficiary, merged: Beneficiary) -> None:
    """Liaison officer and researcher: the survivor keeps its own, or takes the merged's.

    Sets the attributes only; merge_beneficiaries saves the survivor once, with history."""
    for name in ("liaison_officer_id", "assigned_researcher_id"):
        if getattr(survivor, name) is None and getattr(merged, name) is not None:
            setattr(survivor, name, getattr(merged, name))


def register_registry_holders() -> None:
    holders.register(
        holders.Holder("merge:household", _("عضوية الأسرة"), order=10, merge=_move_memberships)
    )
    holders.register(holders.Holder("merge:categories", _("الفئات"), 20, merge=_move_categories))
    holders.register(
        holders.Holder("merge:status_changes", _("تغييرات الحالة"), 30, merge=_move_status_changes)
    )
    holders.register(holders.Holder("merge:read_log", _("سجل الاطلاع"), 40, merge=_copy_read_log))
    holders.register(
        holders.Holder("merge:assignments", _("ضابط الاتصال والباحث"), 50, merge=_take_assignments)
    )


# --- the transitions ---------------------------------------------------------------------------


def _fill_from(survivor: Beneficiary, merged: Beneficiary) -> tuple[list[str], bool]:
    """Fill the survivor's empty fields from the merged file; returns (fields, identity moved)."""
    changed = [
        name for name in FILLED_FIELDS if not getattr(survivor, name) and getattr(merged, name)
    ]
    for name in changed:
        setattr(survivor, name, getattr(merged, name))
    if not any(getattr(survivor, name) for name in ADDRESS_FIELDS):
        for name in ADDRESS_FIELDS:
            if getattr(merged, name):
                setattr(survivor, name, getattr(merged, name))
                changed.append(name)
    mobiles = [m for m in (survivor.mobile, survivor.mobile_2) if m]
    for number in (merged.mobile, merged.mobile_2):
        if number and number not in mobiles and len(mobiles) < 2:
            field = "mobile" if not survivor.mobile else "mobile_2"
            setattr(survivor, field, number)
            mobiles.append(number)
            changed.append(field)
    identity_moved = survivor.identity_type == IdentityType.NONE and bool(merged.identity_number)
    if identity_moved:
        survivor.identity_type = merged.identity_type
        survivor.identity_number = merged.identity_number
        survivor.identity_reason = ""
        changed += ["identity_type", "identity_number", "identity_reason"]
    if "grandfather_name" in changed:
        full = " ".join(getattr(survivor, part) for part in NAME_PARTS if getattr(survivor, part))
        survivor.full_name_normalized = normalize_arabic(full)[:250]
        survivor.name_tokens = name_tokens(full)
        changed += ["full_name_normalized", "name_tokens"]
    return changed, identity_moved


def _lock_pair(a: Beneficiary, b: Beneficiary) -> tuple[Beneficiary, Beneficiary]:
    locked = {
        row.pk: row
        for row in Beneficiary.objects.select_for_update()
        .filter(pk__in=[a.pk, b.pk])
        .order_by("pk")
    }
    return locked[a.pk], locked[b.pk]


def _refuse_if_merged(beneficiary: Beneficiary, field: str) -> None:
    record = MergeRecord.objects.filter(merged=beneficiary).select_related("survivor").first()
    if record is not None:
        raise _error(
            "already_merged",
            field=field,
            file_number=beneficiary.file_number,
            survivor=record.survivor.file_number,
        )


@transaction.atomic
def merge_beneficiaries(
    survivor: Beneficiary, merged: Beneficiary, *, actor: AbstractBaseUser, reason: str
) -> MergeRecord:
    """Fold `merged` into `survivor`; return the merge record.

    Everything registered in silah.registry.holders moves to the survivor; the survivor's
    empty fields (and a missing identity number) are filled from the merged file; the merged
    file stays as an archived tombstone whose number resolves to the survivor.
    """
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(str(MESSAGES["permission"]))
    reason = _reason(reason)
    if survivor.pk == merged.pk:
        raise _error("same", field="survivor")
    survivor, merged = _lock_pair(survivor, merged)
    _refuse_if_merged(survivor, "survivor")
    _refuse_if_merged(merged, "merged")

    moved = []
    for holder in holders.holders():
        if holder.merge is not None:
            holder.merge(survivor, merged)
            moved.append(holder.key)

    changed, identity_moved = _fill_from(survivor, merged)
    params = {"reason": reason}

    previous_status = merged.status
    merged.status = Status.ARCHIVED
    merged.status_reason = REASON_MERGED_INTO % {**params, "file_number": survivor.file_number}
    tomb_fields = ["status", "status_reason", "updated_at"]
    if identity_moved:  # one identity number, one file: the tombstone gives it up
        merged.identity_type = IdentityType.NONE
        merged.identity_number = ""
        merged.identity_reason = merged.status_reason[:300]
        tomb_fields += ["identity_type", "identity_number", "identity_reason"]
    annotate_change(merged, reason=merged.status_reason, actor=actor)
    merged.save(update_fields=tomb_fields)
    StatusChange.objects.create(
        beneficiary=merged,
        from_status=previous_status,
        to_status=Status.ARCHIVED,
        reason=merged.status_reason,
        actor=actor,
    )

    annotate_change(
        survivor,
        reason=REASON_MERGED_FROM % {**params, "file_number": merged.file_number},
        actor=actor,
    )
    survivor.save()  # always a history row on the survivor, even when no field changed

    first_pk, second_pk = canonical_pair(survivor, merged)
    now = timezone.now()
    candidate, _created = DuplicateCandidate.objects.get_or_create(
        first_id=first_pk,
        second_id=second_pk,
        defaults={"score": 1.0, "source": DuplicateSource.ON_SAVE},
    )
    candidate.status = DuplicateStatus.MERGED
    candidate.decided_by = actor
    candidate.decided_at = now
    candidate.decision_reason = reason
    annotate_change(candidate, reason=reason, actor=actor)
    candidate.save()
    _carry_candidates(survivor, merged, exclude=candidate.pk)

    record = MergeRecord.objects.create(
        survivor=survivor,
        merged=merged,
        merged_file_number=merged.file_number,
        actor=actor,
        reason=reason,
        candidate=candidate,
        moved=[*moved, *(f"field:{name}" for name in changed)],
    )
    record_id = record.pk
    transaction.on_commit(lambda: logger.info("files merged (merge record %s)", record_id))
    return record


def _carry_candidates(survivor: Beneficiary, merged: Beneficiary, *, exclude: int) -> None:
    """After a merge: a "different people" decision about the merged file now holds for the
    survivor; open proposals about the merged file are dropped (the next scan proposes the
    survivor if it still looks alike)."""
    about_merged = DuplicateCandidate.objects.filter(Q(first=merged) | Q(second=merged)).exclude(
        pk=exclude
    )
    for candidate in about_merged.filter(status=DuplicateStatus.DIFFERENT):
        other = candidate.second_id if candidate.first_id == merged.pk else candidate.first_id
        if other == survivor.pk:
            continue
        first_pk, second_pk = canonical_pair(survivor.pk, other)
        DuplicateCandidate.objects.update_or_create(
            first_id=first_pk,
            second_id=second_pk,
            defaults={
                "status": DuplicateStatus.DIFFERENT,
                "score": candidate.score,
                "source": candidate.source,
                "decided_by": candidate.decided_by,
                "decided_at": candidate.decided_at,
                "decision_reason": candidate.decision_reason,
            },
        )
    for candidate in about_merged.filter(status=DuplicateStatus.OPEN):
        candidate.delete()


@transaction.atomic
def mark_different(
    a: Beneficiary,
    b: Beneficiary,
    *,
    actor: AbstractBaseUser,
    reason: str,
    source: str = DuplicateSource.SCAN,
) -> DuplicateCandidate:
    """Record that `a` and `b` are not the same person: the pair is never proposed again."""
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied(str(MESSAGES["permission"]))
    reason = _reason(reason)
    if a.pk == b.pk:
        raise _error("same", field="survivor")
    first, second = _lock_pair(a, b)
    _refuse_if_merged(first, "survivor")
    _refuse_if_merged(second, "merged")
    first_pk, second_pk = canonical_pair(first, second)
    candidate = (
        DuplicateCandidate.objects.select_for_update()
        .filter(first_id=first_pk, second_id=second_pk)
        .first()
    )
    if candidate is None:
        candidate = DuplicateCandidate(
            first_id=first_pk, second_id=second_pk, score=0.0, source=source
        )
    elif candidate.status != DuplicateStatus.OPEN:
        raise _error("decided")
    candidate.status = DuplicateStatus.DIFFERENT
    candidate.decided_by = actor
    candidate.decided_at = timezone.now()
    candidate.decision_reason = reason
    annotate_change(candidate, reason=REASON_DIFFERENT % {"reason": reason}, actor=actor)
    candidate.save()
    return candidate


def decided_pairs() -> set[tuple[int, int]]:
    """Pairs that must not be proposed again (marked different or merged)."""
    return set(
        DuplicateCandidate.objects.exclude(status=DuplicateStatus.OPEN).values_list(
            "first_id", "second_id"
        )
    )


def describe_candidate(candidate: DuplicateCandidate) -> dict[str, Any]:
    """The candidate's explanation sorted strongest evidence first (for the screens)."""
    return {
        "candidate": candidate,
        "rows": sorted(candidate.explanation, key=lambda row: -abs(row.get("weight") or 0)),
    }
