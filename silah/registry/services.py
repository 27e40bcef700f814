"""Writes to the registry: one function per verb.

Each has the same shape: guard (a DomainError in Arabic, at the field) → lock → save → a
history row with the reason (simple_history, through `annotate_change`) → nothing else yet.
The actor is keyword-only and is recorded as the author of the change.
"""

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from silah.audit.history import annotate_change
from silah.core.arabic import name_tokens, normalize_arabic
from silah.core.dates import today
from silah.core.errors import DomainError
from silah.core.references import next_reference
from silah.registry.models import (
    Beneficiary,
    BeneficiaryCategory,
    Category,
    Household,
    Income,
    LiaisonAssignment,
    Membership,
    Obligation,
    Relationship,
    Status,
    StatusChange,
)
from silah.registry.search_index import index_beneficiary
from silah.registry.validation import FIELDS, NAME_PARTS, clean_beneficiary_fields

FILE_PREFIX = "BEN"

# History reasons are stored in Arabic whatever the page's language (they are a record).
REASON_REGISTERED = "تسجيل مستفيد جديد"
REASON_CATEGORIES = "تحديث فئات المستفيد"
REASON_HOUSEHOLD_CREATED = "إنشاء أسرة"
REASON_MEMBER_ADDED = "إضافة عضو إلى الأسرة"
REASON_INCOMES = "تحديث دخل الأسرة"
REASON_OBLIGATIONS = "تحديث التزامات الأسرة"

# Which status may follow which. An archived file comes back only through "active"
# (reactivation, with a reason); nothing returns to "applicant".
ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.APPLICANT: frozenset({Status.ACTIVE, Status.ARCHIVED}),
    Status.ACTIVE: frozenset({Status.SUSPENDED, Status.ARCHIVED}),
    Status.SUSPENDED: frozenset({Status.ACTIVE, Status.ARCHIVED}),
    Status.ARCHIVED: frozenset({Status.ACTIVE}),
}

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "duplicate_identity": _(
        "رقم الهوية هذا مسجل للمستفيد صاحب الملف %(file_number)s: افتح ملفه بدل تسجيله مرة أخرى."
    ),
    "reason_required": _("اكتب سبب التغيير."),
    "same_status": _("الملف في هذه الحالة أصلًا."),
    "unknown_status": _("اختر حالة من القائمة."),
    "transition": _("لا يمكن نقل الملف من حالة «%(from)s» إلى حالة «%(to)s»."),
    "category_type_not_allowed": _("الفئة «%(category)s» ليس لها نوع: امسح النوع."),
    "category_inactive": _("الفئة «%(category)s» موقوفة ولا يُضاف إليها مستفيدون."),
    "already_in_household": _(
        "هذا الشخص عضو حاليًا في أسرة رب أسرتها صاحب الملف %(file_number)s: انقله منها بدل إضافته."
    ),
    "head_relationship": _("للأسرة رب أسرة واحد: اختر صلة قرابة أخرى."),
    "same_household": _("هذا الشخص عضو في هذه الأسرة أصلًا."),
    "head_cannot_leave": _("هذا الشخص رب أسرة فيها أعضاء آخرون: اختر لها رب أسرة آخر قبل نقله."),
    "unknown_relationship": _("اختر صلة القرابة من القائمة."),
    "unknown_housing": _("اختر نوع السكن من القائمة."),
    "rent_required": _("أدخل مبلغ الإيجار للسكن المستأجر."),
    "rent_not_rented": _("مبلغ الإيجار يُدخل للسكن المستأجر فقط."),
    "amount": _("أدخل مبلغًا صحيحًا لا يقل عن صفر."),
    "unknown_kind": _("اختر النوع من القائمة."),
    "left_before_joined": _("تاريخ الانتقال قبل تاريخ انضمامه إلى أسرته الحالية."),
}


def _error(code: str, *, field: str | None = None, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field=field)


def _require(actor: AbstractBaseUser, permission: str) -> None:
    if not actor.has_perm(permission):
        raise PermissionDenied(str(MESSAGES["permission"]))


def _reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if not reason:
        raise _error("reason_required", field="reason")
    return reason


def _names(values: dict[str, Any]) -> dict[str, Any]:
    full = " ".join(values[part] for part in NAME_PARTS if values[part])
    return {"full_name_normalized": normalize_arabic(full)[:250], "name_tokens": name_tokens(full)}


def _refuse_duplicate_identity(values: dict[str, Any], *, exclude: int | None = None) -> None:
    number = values["identity_number"]
    if not number:
        return
    others = Beneficiary.objects.filter(identity_number=number)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    existing = others.order_by("pk").values_list("file_number", flat=True).first()
    if existing:
        raise _error("duplicate_identity", field="identity_number", file_number=existing)


def _save_identity_checked(beneficiary: Beneficiary, values: dict[str, Any], **kwargs) -> None:
    """Save; if another transaction took the identity number meanwhile, say whose it is."""
    try:
        with transaction.atomic():
            beneficiary.save(**kwargs)
    except IntegrityError:
        _refuse_duplicate_identity(values, exclude=beneficiary.pk)
        raise


def _clean_categories(
    categories: Iterable[Category | tuple[Category, str]],
) -> list[tuple[Category, str]]:
    cleaned: dict[int, tuple[Category, str]] = {}
    for item in categories:
        category, detail = item if isinstance(item, tuple) else (item, "")
        detail = " ".join((detail or "").split())[:120]
        if not category.is_active:
            raise _error("category_inactive", field="categories", category=category.name)
        if detail and not category.has_type:
            raise _error("category_type_not_allowed", field="categories", category=category.name)
        cleaned[category.pk] = (category, detail)
    return list(cleaned.values())


def _write_categories(
    beneficiary: Beneficiary, categories: list[tuple[Category, str]], reason: str, actor
) -> None:
    wanted = {category.pk: detail for category, detail in categories}
    for link in beneficiary.category_links.all():
        if link.category_id not in wanted:
            annotate_change(link, reason=reason, actor=actor)
            link.delete()
        elif link.detail != wanted[link.category_id]:
            link.detail = wanted[link.category_id]
            annotate_change(link, reason=reason, actor=actor)
            link.save(update_fields=["detail"])
        wanted.pop(link.category_id, None)
    for category_id, detail in wanted.items():
        link = BeneficiaryCategory(beneficiary=beneficiary, category_id=category_id, detail=detail)
        annotate_change(link, reason=reason, actor=actor)
        link.save()


def choose_liaison_officer(
    beneficiary: Beneficiary, *, field_of_work: str = ""
) -> AbstractBaseUser | None:
    """The liaison officer named for the beneficiary's categories, or None if none is.

    An assignment for the association's field of work wins over one for every field (empty
    field); among the beneficiary's categories the first in the categories' order wins.
    """
    assignments = (
        LiaisonAssignment.objects.filter(
            category__beneficiary_links__beneficiary=beneficiary, officer__is_active=True
        )
        .filter(Q(field_of_work=field_of_work) | Q(field_of_work=""))
        .select_related("officer")
        .order_by("category__order", "category__code", "-field_of_work", "pk")
    )
    chosen = assignments.first()
    return chosen.officer if chosen else None


@transaction.atomic
def register_beneficiary(
    *,
    actor: AbstractBaseUser,
    categories: Iterable[Category | tuple[Category, str]] = (),
    reason: str = "",
    **fields: Any,
) -> Beneficiary:
    """Register a new beneficiary after checking every field; return the saved record.

    `fields` are those of `silah.registry.validation.FIELDS`; `categories` are categories or
    (category, type) pairs. The liaison officer, unless given, is chosen from the categories.
    """
    _require(actor, "registry.register_beneficiary")
    values = clean_beneficiary_fields(fields)
    chosen_categories = _clean_categories(categories)
    _refuse_duplicate_identity(values)
    beneficiary = Beneficiary(
        **values,
        **_names(values),
        file_number=next_reference(FILE_PREFIX),
        entered_by=actor,
        status=Status.APPLICANT,
    )
    annotate_change(beneficiary, reason=reason or REASON_REGISTERED, actor=actor)
    _save_identity_checked(beneficiary, values)
    index_beneficiary(beneficiary)
    _write_categories(beneficiary, chosen_categories, reason or REASON_REGISTERED, actor)
    if beneficiary.liaison_officer is None:
        officer = choose_liaison_officer(beneficiary)
        if officer is not None:
            beneficiary.liaison_officer = officer
            annotate_change(beneficiary, reason=reason or REASON_REGISTERED, actor=actor)
            beneficiary.save(update_fields=["liaison_officer", "updated_at"])
    return beneficiary


def _current_fields(beneficiary: Beneficiary) -> dict[str, Any]:
    return {name: getattr(beneficiary, name) for name in FIELDS}


@transaction.atomic
def update_beneficiary(
    beneficiary: Beneficiary, *, actor: AbstractBaseUser, reason: str, **changes: Any
) -> Beneficiary:
    """Change some of a beneficiary's fields; every field is checked again. Needs a reason."""
    _require(actor, "registry.register_beneficiary")
    reason = _reason(reason)
    locked = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    values = clean_beneficiary_fields({**_current_fields(locked), **changes})
    _refuse_duplicate_identity(values, exclude=locked.pk)
    values.update(_names(values))
    changed = [name for name, value in values.items() if getattr(locked, name) != value]
    if changed:
        for name in changed:
            setattr(locked, name, values[name])
        annotate_change(locked, reason=reason, actor=actor)
        _save_identity_checked(locked, values, update_fields=[*changed, "updated_at"])
        if "full_name_normalized" in changed:
            index_beneficiary(locked)
    return locked


@transaction.atomic
def set_categories(
    beneficiary: Beneficiary,
    categories: Iterable[Category | tuple[Category, str]],
    *,
    actor: AbstractBaseUser,
    reason: str = "",
) -> None:
    """Replace a beneficiary's categories (and their types)."""
    _require(actor, "registry.register_beneficiary")
    chosen = _clean_categories(categories)
    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).get()
    _write_categories(beneficiary, chosen, reason or REASON_CATEGORIES, actor)


@transaction.atomic
def change_status(
    beneficiary: Beneficiary, *, to: str, reason: str, actor: AbstractBaseUser
) -> StatusChange:
    """Move a file to another status, by the allowed transitions, with a reason."""
    _require(actor, "registry.change_beneficiary_status")
    if to not in Status.values:
        raise _error("unknown_status", field="to")
    reason = _reason(reason)
    locked = Beneficiary.objects.select_for_update().get(pk=beneficiary.pk)
    current = locked.status
    if to == current:
        raise _error("same_status", field="to")
    if to not in ALLOWED_TRANSITIONS[current]:
        raise _error(
            "transition", field="to", **{"from": Status(current).label, "to": Status(to).label}
        )
    locked.status = to
    locked.status_reason = reason[:500]
    annotate_change(locked, reason=reason, actor=actor)
    locked.save(update_fields=["status", "status_reason", "updated_at"])
    beneficiary.status, beneficiary.status_reason = locked.status, locked.status_reason
    return StatusChange.objects.create(
        beneficiary=locked, from_status=current, to_status=to, reason=reason, actor=actor
    )


def _housing(housing: str, rent_amount: Any) -> tuple[str, Decimal | None]:
    if housing not in Household.Housing.values:
        raise _error("unknown_housing", field="housing")
    if housing != Household.Housing.RENTED:
        if rent_amount not in (None, ""):
            raise _error("rent_not_rented", field="rent_amount")
        return housing, None
    if rent_amount in (None, ""):
        raise _error("rent_required", field="rent_amount")
    return housing, _amount(rent_amount, field="rent_amount")


def _amount(value: Any, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise _error("amount", field=field) from None
    if not amount.is_finite() or amount < 0 or amount >= Decimal("100000000"):
        raise _error("amount", field=field)
    return amount.quantize(Decimal("0.01"))


def _open_membership(beneficiary: Beneficiary) -> Membership | None:
    return (
        Membership.objects.select_for_update()
        .filter(beneficiary=beneficiary, left_on__isnull=True)
        .select_related("household__head")
        .first()
    )


def _refuse_if_in_a_household(beneficiary: Beneficiary) -> None:
    current = _open_membership(beneficiary)
    if current is not None:
        raise _error(
            "already_in_household",
            field="beneficiary",
            file_number=current.household.head.file_number,
        )


def _join(
    household: Household,
    beneficiary: Beneficiary,
    relationship: str,
    joined_on: dt.date,
    reason: str,
    actor,
) -> Membership:
    membership = Membership(
        household=household,
        beneficiary=beneficiary,
        relationship=relationship,
        joined_on=joined_on,
    )
    annotate_change(membership, reason=reason, actor=actor)
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError:
        # Another transaction put the person in a household meanwhile.
        _refuse_if_in_a_household(beneficiary)
        raise
    return membership


@transaction.atomic
def create_household(
    head: Beneficiary,
    *,
    actor: AbstractBaseUser,
    housing: str = Household.Housing.OTHER,
    rent_amount: Any = None,
    reason: str = "",
) -> Household:
    """Create a household with `head` as its head (its first member)."""
    _require(actor, "registry.manage_households")
    housing, rent = _housing(housing, rent_amount)
    Beneficiary.objects.select_for_update().filter(pk=head.pk).get()
    _refuse_if_in_a_household(head)
    household = Household(head=head, housing=housing, rent_amount=rent)
    annotate_change(household, reason=reason or REASON_HOUSEHOLD_CREATED, actor=actor)
    household.save()
    _join(household, head, Relationship.HEAD, today(), reason or REASON_HOUSEHOLD_CREATED, actor)
    return household


def _relationship(relationship: str) -> str:
    if relationship not in Relationship.values:
        raise _error("unknown_relationship", field="relationship")
    if relationship == Relationship.HEAD:
        raise _error("head_relationship", field="relationship")
    return relationship


@transaction.atomic
def add_member(
    household: Household,
    beneficiary: Beneficiary,
    *,
    relationship: str,
    actor: AbstractBaseUser,
    reason: str = "",
) -> Membership:
    """Add a person who is in no household yet to `household`."""
    _require(actor, "registry.manage_households")
    relationship = _relationship(relationship)
    Household.objects.select_for_update().filter(pk=household.pk).get()
    _refuse_if_in_a_household(beneficiary)
    return _join(
        household, beneficiary, relationship, today(), reason or REASON_MEMBER_ADDED, actor
    )


@transaction.atomic
def move_to_household(
    beneficiary: Beneficiary,
    household: Household,
    *,
    relationship: str,
    actor: AbstractBaseUser,
    reason: str,
    on: dt.date | None = None,
) -> Membership:
    """Move a person to another household: the old membership ends the day the new begins."""
    _require(actor, "registry.manage_households")
    relationship = _relationship(relationship)
    reason = _reason(reason)
    on = on or today()
    Household.objects.select_for_update().filter(pk=household.pk).get()
    current = _open_membership(beneficiary)
    if current is not None:
        if current.household_id == household.pk:
            raise _error("same_household", field="household")
        if on < current.joined_on:
            raise _error("left_before_joined", field="on")
        if (
            current.relationship == Relationship.HEAD
            and current.household.memberships.filter(left_on__isnull=True)
            .exclude(pk=current.pk)
            .exists()
        ):
            raise _error("head_cannot_leave", field="beneficiary")
        current.left_on = on
        annotate_change(current, reason=reason, actor=actor)
        current.save(update_fields=["left_on"])
    return _join(household, beneficiary, relationship, on, reason, actor)


def _rows(rows: Iterable[tuple[str, Any]], kinds: list[str], field: str) -> list[tuple[str, Any]]:
    cleaned = []
    for index, (kind, amount) in enumerate(rows):
        if kind not in kinds:
            raise _error("unknown_kind", field=f"{field}.{index}.kind")
        cleaned.append((kind, _amount(amount, field=f"{field}.{index}.monthly_amount")))
    return cleaned


def _replace_rows(
    household: Household, model: type, related: str, rows: list[tuple[str, Any]], reason, actor
) -> None:
    for row in getattr(household, related).all():
        annotate_change(row, reason=reason, actor=actor)
        row.delete()
    for kind, amount in rows:
        row = model(household=household, kind=kind, monthly_amount=amount)
        annotate_change(row, reason=reason, actor=actor)
        row.save()


@transaction.atomic
def set_incomes(
    household: Household,
    incomes: Iterable[tuple[str, Any]],
    *,
    actor: AbstractBaseUser,
    reason: str = "",
) -> None:
    """Replace a household's income sources: (kind, monthly amount) pairs."""
    _require(actor, "registry.manage_households")
    rows = _rows(incomes, Income.Kind.values, "incomes")
    Household.objects.select_for_update().filter(pk=household.pk).get()
    _replace_rows(household, Income, "incomes", rows, reason or REASON_INCOMES, actor)


@transaction.atomic
def set_obligations(
    household: Household,
    obligations: Iterable[tuple[str, Any]],
    *,
    actor: AbstractBaseUser,
    reason: str = "",
) -> None:
    """Replace a household's monthly obligations: (kind, monthly amount) pairs."""
    _require(actor, "registry.manage_households")
    rows = _rows(obligations, Obligation.Kind.values, "obligations")
    Household.objects.select_for_update().filter(pk=household.pk).get()
    _replace_rows(household, Obligation, "obligations", rows, reason or REASON_OBLIGATIONS, actor)
