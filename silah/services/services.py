"""Writes to the catalogue: create and update a service with its requirements, deactivate and
reactivate it. Programmes and enrolment are in `programmes.py`.

Every write: the actor holds `services.manage_catalogue` (else PermissionDenied) → the values
are checked, each refusal an Arabic `DomainError` at its field → one transaction with the
service row locked → saved with the reason in its history (django-simple-history: who,
when, the old and new values, why).

Requirements are given as a list of dicts, in the order they are shown:
`{"id": 3 (an existing one, to keep), "kind": "document", "label": "صورة الهوية الوطنية",
"document_type": <DocumentType>, "help_text": "…", "is_mandatory": True}`; an existing
requirement left out of the list is removed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from silah.audit.history import annotate_change
from silah.core.errors import DomainError
from silah.policy.conditions import check_condition_definition
from silah.policy.rules import DEADLINE_EVENTS, DEADLINE_UNITS, DECIDING_BODIES
from silah.services.models import Requirement, Service

MANAGE_CATALOGUE = "services.manage_catalogue"

# The fields of a service a form may set (code only on creation).
SERVICE_FIELDS = (
    "name",
    "name_en",
    "kind",
    "description",
    "needs_research",
    "deciding_body",
    "deadline_unit",
    "deadline_length",
    "deadline_counts_from",
    "conditions",
    "is_public",
    "order",
)
MAX_DEADLINE_DAYS = 365
_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def _require(actor: AbstractBaseUser, permission: str = MANAGE_CATALOGUE) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied(_("ليست لديك صلاحية لإدارة دليل الخدمات."))


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


# -- checks ------------------------------------------------------------------------------------


def _clean_code(code: str) -> str:
    code = (code or "").strip().lower()
    if not code:
        raise DomainError(_("أدخل رمز الخدمة."), field="code")
    if not _CODE.match(code):
        raise DomainError(
            _("رمز الخدمة حروف إنجليزية صغيرة وأرقام وشرطات (-)، حتى 40 حرفًا، مثل financial-aid."),
            field="code",
        )
    if Service.objects.filter(code=code).exists():
        raise DomainError(_("يوجد خدمة بهذا الرمز."), field="code")
    return code


def _clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(values)
    unknown = set(cleaned) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a service: {sorted(unknown)}")
    if "name" in cleaned:
        cleaned["name"] = _text(cleaned["name"])
        if not cleaned["name"]:
            raise DomainError(_("أدخل اسم الخدمة."), field="name")
    if "name_en" in cleaned:
        cleaned["name_en"] = _text(cleaned["name_en"])
    if "description" in cleaned:
        cleaned["description"] = str(cleaned["description"] or "").strip()
    if "kind" in cleaned and cleaned["kind"] not in Service.Kind.values:
        raise DomainError(_("اختر نوع الخدمة من القائمة."), field="kind")
    if cleaned.get("deciding_body") and cleaned["deciding_body"] not in DECIDING_BODIES:
        raise DomainError(_("اختر جهة البت من القائمة."), field="deciding_body")
    if cleaned.get("deadline_counts_from") and cleaned["deadline_counts_from"] not in (
        DEADLINE_EVENTS
    ):
        raise DomainError(_("اختر من متى تحتسب المهلة."), field="deadline_counts_from")
    if "conditions" in cleaned:
        cleaned["conditions"] = _clean_conditions(cleaned["conditions"])
    return cleaned


def _check_deadline(unit: str, length: int | None) -> None:
    if unit and unit not in DEADLINE_UNITS:
        raise DomainError(_("اختر وحدة المهلة من القائمة."), field="deadline_unit")
    if unit in ("", "none"):
        if length is not None:
            raise DomainError(
                _("مدة المهلة تُدخل مع وحدتها (أيام عمل أو أيام تقويمية)."),
                field="deadline_length",
            )
        return
    if length is None:
        raise DomainError(_("أدخل مدة المهلة بالأيام."), field="deadline_length")
    if not 1 <= length <= MAX_DEADLINE_DAYS:
        raise DomainError(
            _("مدة المهلة من يوم واحد إلى %(max)s يومًا.") % {"max": MAX_DEADLINE_DAYS},
            field="deadline_length",
        )


def _clean_conditions(conditions: Any) -> list[dict[str, Any]]:
    if not isinstance(conditions, list):
        raise DomainError(_("شروط الاستحقاق الخاصة قائمة من الشروط."), field="conditions")
    cleaned = []
    for item in conditions:
        if not isinstance(item, dict) or "type" not in item:
            raise DomainError(_("شرط استحقاق غير معروف."), field="conditions")
        params = item.get("params") or {}
        try:
            check_condition_definition(item["type"], params)
        except ValueError as error:
            raise DomainError(
                _("شرط استحقاق غير صحيح: %(error)s") % {"error": error}, field="conditions"
            ) from error
        cleaned.append({"type": item["type"], "params": params})
    return cleaned


def _clean_requirements(requirements: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    attestations = 0
    for index, item in enumerate(requirements):
        field = f"requirements.{index}"
        kind = item.get("kind") or Requirement.Kind.ITEM
        if kind not in Requirement.Kind.values:
            raise DomainError(_("اختر نوع البند من القائمة."), field=f"{field}.kind")
        label = _text(item.get("label"))
        document_type = item.get("document_type")
        if kind == Requirement.Kind.DOCUMENT:
            if document_type is None:
                raise DomainError(_("اختر نوع المستند المطلوب."), field=f"{field}.document_type")
            label = label or document_type.name
        else:
            document_type = None
        if kind == Requirement.Kind.ATTESTATION:
            attestations += 1
            label = label or str(Requirement.Kind.ATTESTATION.label)
            if attestations > 1:
                raise DomainError(_("يكفي بند إقرار واحد للخدمة."), field=f"{field}.kind")
        if not label:
            raise DomainError(_("أدخل نص البند."), field=f"{field}.label")
        cleaned.append(
            {
                "id": item.get("id"),
                "kind": kind,
                "label": label[:200],
                "document_type": document_type,
                "help_text": _text(item.get("help_text"))[:300],
                "is_mandatory": bool(item.get("is_mandatory", True)),
                "order": index + 1,
            }
        )
    return cleaned


def _clean_branches(branches: Iterable[Any]) -> list[Any]:
    branches = list(branches)
    inactive = [branch for branch in branches if not branch.is_active]
    if inactive:
        raise DomainError(
            _("لا تقدَّم خدمة في فرع موقوف: «%(branch)s».") % {"branch": inactive[0].name},
            field="branches",
        )
    return branches


# -- writes ------------------------------------------------------------------------------------


def _write_requirements(service: Service, requirements: list[dict[str, Any]]) -> None:
    existing = {requirement.pk: requirement for requirement in service.requirements.all()}
    kept: set[int] = set()
    for item in requirements:
        values = {key: value for key, value in item.items() if key != "id"}
        requirement = existing.get(item["id"]) if item["id"] is not None else None
        if item["id"] is not None and requirement is None:
            raise DomainError(_("أحد البنود لا يتبع هذه الخدمة."), field="requirements")
        if requirement is None:
            Requirement.objects.create(service=service, **values)
            continue
        kept.add(requirement.pk)
        changed = [name for name, value in values.items() if getattr(requirement, name) != value]
        if changed:
            for name in changed:
                setattr(requirement, name, values[name])
            requirement.save(update_fields=changed)
    removed = [pk for pk in existing if pk not in kept]
    if removed:
        try:
            Requirement.objects.filter(pk__in=removed).delete()
        except ProtectedError as error:
            raise DomainError(
                _("لا يُحذف بند استُخدم في طلبات قائمة؛ اجعله غير إلزامي بدلًا من حذفه."),
                field="requirements",
            ) from error


def create_service(
    *,
    actor: AbstractBaseUser,
    code: str,
    name: str,
    kind: str,
    requirements: Sequence[dict[str, Any]] = (),
    branches: Iterable[Any] = (),
    **fields: Any,
) -> Service:
    """A new service in the catalogue, with its requirements and the branches that offer it
    (none: every branch)."""
    _require(actor)
    values = _clean_fields({"name": name, "kind": kind, **fields})
    _check_deadline(values.get("deadline_unit", ""), values.get("deadline_length"))
    code = _clean_code(code)
    cleaned_requirements = _clean_requirements(requirements)
    cleaned_branches = _clean_branches(branches)
    with transaction.atomic():
        service = Service(code=code, **values)
        annotate_change(service, reason=_("إضافة خدمة إلى الدليل"), actor=actor)
        try:
            with transaction.atomic():
                service.save()
        except IntegrityError as error:  # another manager took the code meanwhile
            raise DomainError(_("يوجد خدمة بهذا الرمز."), field="code") from error
        _write_requirements(service, cleaned_requirements)
        if cleaned_branches:
            service.branches.set(cleaned_branches)
    return service


def update_service(
    service: Service,
    *,
    actor: AbstractBaseUser,
    requirements: Sequence[dict[str, Any]] | None = None,
    branches: Iterable[Any] | None = None,
    **fields: Any,
) -> Service:
    """Change a service's fields; `requirements` (when given) replaces its list, `branches`
    (when given) the branches that offer it."""
    _require(actor)
    values = _clean_fields(fields)
    cleaned_requirements = _clean_requirements(requirements) if requirements is not None else None
    cleaned_branches = _clean_branches(branches) if branches is not None else None
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        _check_deadline(
            values.get("deadline_unit", locked.deadline_unit),
            values.get("deadline_length", locked.deadline_length),
        )
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if changed:
            for name in changed:
                setattr(locked, name, values[name])
            annotate_change(locked, reason=_("تعديل خدمة في الدليل"), actor=actor)
            locked.save(update_fields=[*changed, "updated_at"])
        if cleaned_requirements is not None:
            _write_requirements(locked, cleaned_requirements)
        if cleaned_branches is not None:
            current = set(locked.branches.values_list("pk", flat=True))
            if current != {branch.pk for branch in cleaned_branches}:
                annotate_change(locked, reason=_("تغيير الفروع التي تقدم الخدمة"), actor=actor)
                locked.branches.set(cleaned_branches)
    return locked


def _set_active(service: Service, *, actor: AbstractBaseUser, active: bool, reason: str) -> Service:
    _require(actor)
    with transaction.atomic():
        locked = Service.objects.select_for_update().get(pk=service.pk)
        if locked.is_active == active:
            raise DomainError(
                _("الخدمة متاحة من قبل.") if active else _("الخدمة موقوفة من قبل."),
                field="is_active",
            )
        locked.is_active = active
        annotate_change(locked, reason=reason, actor=actor)
        locked.save(update_fields=["is_active", "updated_at"])
    return locked


def deactivate_service(service: Service, *, actor: AbstractBaseUser, reason: str = "") -> Service:
    """Stop offering a service: it leaves the public catalogue and intake; requests already
    made for it go on."""
    why = _text(reason)
    return _set_active(
        service,
        actor=actor,
        active=False,
        reason=_("إيقاف الخدمة: %(reason)s") % {"reason": why} if why else _("إيقاف الخدمة"),
    )


def reactivate_service(service: Service, *, actor: AbstractBaseUser) -> Service:
    return _set_active(service, actor=actor, active=True, reason=_("إعادة إتاحة الخدمة"))
