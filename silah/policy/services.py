"""Writes of the policy app: drafts, board approval, staff acknowledgements.

Each verb has the same shape: guard (a DomainError with an Arabic message, at the field that
caused it), lock, save, a history row (django-simple-history through `audited()`, with the
reason), side effects on commit.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pydantic
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.audit.history import annotate_change
from silah.core.errors import DomainError
from silah.policy.models import Acknowledgement, Organization, PolicyVersion
from silah.policy.rules import PolicyRules, Section

READ_ONLY = _("هذا الإصدار معتمد أو سابق ولا يُعدّل. أنشئ مسودة جديدة لأي تغيير.")


def _as_domain_error(error: pydantic.ValidationError, prefix: str) -> DomainError:
    first = error.errors()[0]
    path = ".".join(str(part) for part in first["loc"])
    return DomainError(
        _("قيمة غير صالحة في %(path)s: %(message)s") % {"path": path, "message": first["msg"]},
        field=f"{prefix}.{path}" if path else prefix,
    )


def validate_rules(data: dict[str, Any]) -> dict[str, Any]:
    """The rules as stored JSON, or a DomainError naming the rule that is wrong."""
    try:
        return PolicyRules.model_validate(data).model_dump(mode="json")
    except pydantic.ValidationError as error:
        raise _as_domain_error(error, "rules") from error


def validate_sections(data: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sections as stored JSON, or a DomainError at the section that is wrong: a body may
    name rules ("{مدة_الرد}", silah.policy.references) but only ones that exist."""
    from silah.policy.references import unknown_references, unknown_references_message

    try:
        sections = [Section.model_validate(item) for item in data]
    except pydantic.ValidationError as error:
        raise _as_domain_error(error, "sections") from error
    for index, section in enumerate(sections):
        unknown = unknown_references(section.body)
        if unknown:
            raise DomainError(unknown_references_message(unknown), field=f"sections.{index}.body")
    return [section.model_dump(mode="json") for section in sections]


def version_in_force(organization: Organization | None = None) -> PolicyVersion | None:
    """The approved version of `organization` (the association's), with its organization
    read in the same query: many pages ask for it."""
    if organization is not None:
        return organization.policy_versions.filter(status=PolicyVersion.Status.APPROVED).first()
    first = Organization.objects.order_by("pk").values("pk")[:1]
    return (
        PolicyVersion.objects.filter(organization=first, status=PolicyVersion.Status.APPROVED)
        .select_related("organization")
        .first()
    )


def _next_number(organization: Organization) -> int:
    last = organization.policy_versions.aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


@transaction.atomic
def start_draft(
    organization: Organization,
    *,
    actor,
    sections: list[dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
    preset: str = "",
    blank: bool = False,
) -> PolicyVersion:
    """A new draft: a copy of the version in force, the given content, or a blank policy."""
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.policy_versions.filter(status=PolicyVersion.Status.DRAFT).exists():
        raise DomainError(_("توجد مسودة مفتوحة. أكملها أو احذفها قبل إنشاء مسودة أخرى."))
    base = (
        None
        if blank or sections is not None or rules is not None
        else version_in_force(organization)
    )
    version = PolicyVersion(
        organization=organization,
        number=_next_number(organization),
        based_on=base,
        preset=preset,
        sections=validate_sections(
            sections if sections is not None else (base.sections if base else [])
        ),
        rules=validate_rules(rules if rules is not None else (base.rules if base else {})),
        created_by=actor,
    )
    if base is not None:
        version.title = base.title
    annotate_change(version, reason="start_draft", actor=actor)
    version.save()
    return version


def _locked_draft(version: PolicyVersion) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise DomainError(READ_ONLY)
    return version


@transaction.atomic
def update_draft(
    version: PolicyVersion,
    *,
    actor,
    title: str | None = None,
    sections: list[dict[str, Any]] | None = None,
    rules: dict[str, Any] | None = None,
) -> PolicyVersion:
    version = _locked_draft(version)
    fields = []
    if title is not None:
        if not title.strip():
            raise DomainError(_("اكتب عنوان السياسة."), field="title")
        version.title = title.strip()
        fields.append("title")
    if sections is not None:
        version.sections = validate_sections(sections)
        fields.append("sections")
    if rules is not None:
        version.rules = validate_rules(rules)
        fields.append("rules")
    if fields:
        annotate_change(version, reason="update_draft", actor=actor)
        version.save(update_fields=[*fields, "updated_at"])
    return version


@transaction.atomic
def discard_draft(version: PolicyVersion, *, actor) -> None:
    version = _locked_draft(version)
    annotate_change(version, reason="discard_draft", actor=actor)
    version.delete()


_approval_listeners: list = []


def on_version_approved(callback) -> None:
    """Call ``callback(version)`` after a version's approval is committed (higher layers,
    such as messaging, tell people without policy importing them)."""
    if callback not in _approval_listeners:
        _approval_listeners.append(callback)


def _announce_approval(version: PolicyVersion) -> None:
    for callback in list(_approval_listeners):
        callback(version)


@transaction.atomic
def record_approval(
    version: PolicyVersion,
    *,
    actor,
    resolution_number: str,
    approved_on: date | None,
    meeting: str = "",
    next_review_on: date | None = None,
) -> PolicyVersion:
    """The board approved the draft: it comes into force and the previous one is superseded."""
    if not resolution_number.strip():
        raise DomainError(_("اكتب رقم قرار مجلس الإدارة."), field="resolution_number")
    if approved_on is None:
        raise DomainError(_("اكتب تاريخ اعتماد المجلس."), field="approved_on")
    if approved_on > timezone.localdate():
        raise DomainError(_("تاريخ الاعتماد لا يكون في المستقبل."), field="approved_on")
    version = _locked_draft(version)
    current = (
        PolicyVersion.objects.select_for_update()
        .filter(organization=version.organization, status=PolicyVersion.Status.APPROVED)
        .first()
    )
    if current is not None and current.approved_on and approved_on < current.approved_on:
        raise DomainError(
            _("تاريخ الاعتماد أقدم من تاريخ اعتماد الإصدار النافذ."), field="approved_on"
        )
    if current is not None:
        current.status = PolicyVersion.Status.SUPERSEDED
        current.superseded_on = approved_on
        annotate_change(current, reason=f"superseded_by_version_{version.number}", actor=actor)
        current.save(update_fields=["status", "superseded_on", "updated_at"])
    months = version.parsed_rules().review_every_months
    version.status = PolicyVersion.Status.APPROVED
    version.resolution_number = resolution_number.strip()
    version.meeting = meeting.strip()
    version.approved_on = approved_on
    version.next_review_on = next_review_on or approved_on + relativedelta(months=months)
    version.approval_recorded_by = actor
    version.approval_recorded_at = timezone.now()
    annotate_change(version, reason="record_approval", actor=actor)
    version.save()
    transaction.on_commit(lambda: _announce_approval(version))
    return version


@transaction.atomic
def acknowledge(
    version: PolicyVersion, *, user, typed_name: str, confirmed: bool
) -> Acknowledgement:
    """A member of staff acknowledges the version in force (typed full name + confirmation)."""
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.in_force:
        raise DomainError(_("هذا الإصدار ليس النافذ حاليًا؛ أقرّ بالإصدار النافذ."))
    if not confirmed:
        raise DomainError(_("أكّد أنك قرأت السياسة وتلتزم بها."), field="confirmed")
    name = " ".join(typed_name.split())
    if len(name.split(" ")) < 2:
        raise DomainError(_("اكتب اسمك الكامل (اسمين على الأقل)."), field="typed_name")
    if Acknowledgement.objects.filter(version=version, user=user).exists():
        raise DomainError(_("أقررت بهذا الإصدار من قبل."))
    return Acknowledgement.objects.create(version=version, user=user, typed_name=name[:200])


def versions_due_for_review(*, today: date | None = None, within_days: int = 60):
    today = today or timezone.localdate()
    return PolicyVersion.objects.filter(
        status=PolicyVersion.Status.APPROVED,
        next_review_on__lte=today + timedelta(days=within_days),
    )
