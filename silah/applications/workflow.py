"""The life of a request: the only module that changes `Application.state`.

One function per verb, each with keyword-only `actor` and `expected_version` (the
`row_version` the actor's form was opened at). Every verb has the same shape:

1. guard the actor's permission (`PermissionDenied`, a 403) before touching anything;
2. `transaction.atomic()` and lock the request (`select_for_update`); refuse a stale form,
   a wrong state or a missing precondition with a `DomainError` in Arabic (at its field);
3. save the request with `row_version + 1` and write its `Transition` row (who, when,
   from → to, why) in the same transaction;
4. tell the beneficiary through the outbox (written in the same transaction, delivered by
   the worker after commit).

A refused verb leaves the database as it was (tests check the row counts and the row).

    received ─► complete ─► in_research ─► in_review ─► approved ─► in_delivery ─► delivered ─► closed
       │  ▲        │  └───────────────────────►│        rejected ─────────────────────────────► closed
       │  └─ returned ◄──────────(from complete, in_research, in_review)
       └─► withdrawn (any state before the decision)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.accounts.roles import RoleCode, role_codes
from silah.applications import clocks, notify
from silah.applications.catalogue import check_eligibility, effective_rules
from silah.applications.models import (
    UNDECIDED_STATES,
    Application,
    ChecklistItem,
    Decision,
    Disbursement,
    DisbursementItem,
    ResearchVisit,
    State,
    Transition,
)
from silah.committees.models import AgendaItem
from silah.core import dates
from silah.core.errors import DomainError
from silah.core.references import next_reference
from silah.policy.models import PolicyVersion
from silah.policy.rules import INTAKE_CHANNELS
from silah.policy.services import version_in_force
from silah.registry.models import Beneficiary, Document
from silah.services.models import Enrollment

COMMITTEE_BODIES = ("research_committee", "competent_committee")
RECORDED_BODIES = ("management", "external_authority")

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "out_of_scope": _("هذا الطلب خارج نطاق عملك."),
    "stale": _(
        "عدّل شخص آخر هذا الطلب بعد أن فتحته. أعد فتح الطلب لترى آخر ما فيه ثم أعد المحاولة."
    ),
    "state": _("لا يمكن هذا الإجراء والطلب في حالة «%(state)s»."),
}


def _permission(actor: AbstractBaseUser, *perms: str) -> None:
    """The actor holds at least one of `perms` (each "app.codename")."""
    if not getattr(actor, "is_authenticated", False) or not any(
        actor.has_perm(perm) for perm in perms
    ):
        raise PermissionDenied(str(MESSAGES["permission"]))


def _in_scope(actor: AbstractBaseUser, application: Application) -> None:
    from silah.applications.access import can_see

    if not can_see(actor, application):
        raise PermissionDenied(str(MESSAGES["out_of_scope"]))


def _lock(application: Application, expected_version: int) -> Application:
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("beneficiary", "service", "policy_version")
        .get(pk=application.pk)
    )
    if locked.row_version != expected_version:
        raise DomainError(str(MESSAGES["stale"]), field="row_version")
    return locked


def _require_state(application: Application, *allowed: str) -> None:
    if application.state not in allowed:
        raise DomainError(
            str(MESSAGES["state"]) % {"state": application.get_state_display()}, field="state"
        )


def _text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def _today() -> date:
    return dates.today()


def _save(
    application: Application,
    *,
    actor: AbstractBaseUser | None,
    fields: Iterable[str] = (),
    to_state: str | None = None,
    note: str = "",
    kind: str = Transition.Kind.STATE,
) -> Transition:
    """Save the request with its version bumped and write its history line."""
    from_state = application.state
    changed = set(fields)
    if to_state is not None:
        application.state = to_state
        changed.add("state")
    application.row_version += 1
    application.save(update_fields=[*sorted(changed), "row_version", "updated_at"])
    return Transition.objects.create(
        application=application,
        kind=kind,
        from_state=from_state if to_state is not None else "",
        to_state=to_state or "",
        actor=actor,
        note=note[:1000],
    )


# -- reading helpers the screens use too ---------------------------------------------------------


def channel_choices(version: PolicyVersion | None = None) -> list[tuple[str, str]]:
    """The intake channels the policy in force enables: its list, then its own channels."""
    version = version or version_in_force()
    if version is None:
        return []
    rules = version.parsed_rules().intake
    return [(code, str(INTAKE_CHANNELS[code])) for code in rules.channels] + [
        (custom.code, custom.name) for custom in rules.custom_channels
    ]


def missing_items(application: Application) -> list[ChecklistItem]:
    """The mandatory checklist items not yet present."""
    return list(application.checklist.filter(mandatory=True, present=False))


def current_attestation(beneficiary: Beneficiary):
    """The beneficiary's latest attestation if it still covers their data, else None."""
    from silah.registry.attestation import latest_attestation, needs_attestation

    latest = latest_attestation(beneficiary)
    if latest is None or needs_attestation(beneficiary):
        return None
    return latest


@dataclass(frozen=True)
class Readiness:
    """Why a request can or cannot become complete now (for the intake screen)."""

    missing: list[ChecklistItem]
    attestation_current: bool
    eligibility_failures: list[Any]  # silah.policy.conditions.Check

    @property
    def ready(self) -> bool:
        return not self.missing and self.attestation_current and not self.eligibility_failures


def readiness(application: Application) -> Readiness:
    result = check_eligibility(application.service, application.beneficiary)
    return Readiness(
        missing=missing_items(application),
        attestation_current=current_attestation(application.beneficiary) is not None,
        eligibility_failures=result.failures,
    )


# -- intake ------------------------------------------------------------------------------------


def _check_channel(channel: str, version: PolicyVersion) -> str:
    codes = version.parsed_rules().intake.codes()
    if channel not in codes:
        raise DomainError(
            _("قناة الاستقبال هذه غير معتمدة في السياسة النافذة. القنوات المعتمدة: %(list)s")
            % {"list": "، ".join(label for _code, label in channel_choices(version))},
            field="channel",
        )
    return channel


def _check_branch(actor: AbstractBaseUser, branch) -> None:
    if RoleCode.MANAGER in role_codes(actor):
        return
    if not actor.branches.filter(pk=branch.pk).exists():
        raise PermissionDenied(str(MESSAGES["out_of_scope"]))


def _pick_document(item: ChecklistItem, beneficiary: Beneficiary, document: Document | None):
    if document is None:
        document = (
            Document.objects.filter(
                beneficiary=beneficiary,
                document_type=item.document_type,
                state=Document.State.CURRENT,
            )
            .order_by("-uploaded_at", "-pk")
            .first()
        )
        if document is None:
            raise DomainError(
                _("لا يوجد في الملف مستند «%(label)s»: أرفقه أولًا.") % {"label": item.label},
                field="document",
            )
    if (
        document.beneficiary_id != beneficiary.pk
        or document.state != Document.State.CURRENT
        or (item.document_type_id and document.document_type_id != item.document_type_id)
    ):
        raise DomainError(
            _("المستند المختار ليس مستند «%(label)s» الساري في ملف المستفيد.")
            % {"label": item.label},
            field="document",
        )
    if document.expires_on is not None and document.expires_on < _today():
        raise DomainError(
            _("مستند «%(label)s» منتهي الصلاحية: أرفق نسخة سارية.") % {"label": item.label},
            field="document",
        )
    return document


def _tick(
    item: ChecklistItem, beneficiary: Beneficiary, actor, document: Document | None = None
) -> None:
    item.document = None
    item.attestation = None
    if item.kind == ChecklistItem.Kind.ATTESTATION:
        attestation = current_attestation(beneficiary)
        if attestation is None:
            raise DomainError(
                _("لم يُقرّ المستفيد بصحة بياناته الحالية بعد: خذ الإقرار أولًا."),
                field="attestation",
            )
        item.attestation = attestation
    elif item.kind == ChecklistItem.Kind.DOCUMENT:
        item.document = _pick_document(item, beneficiary, document)
    item.present = True
    item.ticked_by = actor
    item.ticked_at = timezone.now()
    item.save(update_fields=["present", "document", "attestation", "ticked_by", "ticked_at"])


def _completion_refusal(
    application: Application, *, missing: list[ChecklistItem] | None = None
) -> DomainError | None:
    missing = missing_items(application) if missing is None else missing
    if missing:
        return DomainError(
            _("لا يكتمل الطلب وينقصه: %(items)s.") % {"items": notify.missing_text(missing)},
            field="checklist",
        )
    if current_attestation(application.beneficiary) is None:
        return DomainError(
            _("لا يكتمل الطلب قبل أن يُقرّ المستفيد بصحة بياناته الحالية."),
            field="attestation",
        )
    result = check_eligibility(application.service, application.beneficiary)
    if not result.passed:
        reasons = "؛ ".join(
            f"{failure.condition} ({failure.explanation})"
            if failure.explanation
            else failure.condition
            for failure in result.failures
        )
        return DomainError(
            _("لا تنطبق على المستفيد شروط الاستحقاق: %(reasons)s") % {"reasons": reasons},
            field="eligibility",
        )
    return None


def _complete(application: Application, *, actor, on: date) -> None:
    """Move a locked request to complete and start (or restart) its clock as the policy in
    force now says; the caller has checked `_completion_refusal`."""
    from_state = application.state
    version = version_in_force()
    rules = effective_rules(application.service, version)
    fields = ["completed_on"]
    application.completed_on = on
    _save(application, actor=actor, fields=fields, to_state=State.COMPLETE)
    if rules.counts_from == "complete":
        application.policy_version = version
        application.deciding_body = rules.deciding_body
        clocks.start_or_restart(application, actor=actor, on=on, rules=rules)
    elif from_state == State.RETURNED:
        clocks.resume(application, actor=actor, on=on, note=_("اكتمل الطلب"))
    application.save(update_fields=["policy_version", "deciding_body"])


@transaction.atomic
def receive(
    *,
    beneficiary: Beneficiary,
    service,
    actor: AbstractBaseUser,
    channel: str,
    branch=None,
    ticked: Iterable[int] = (),
    documents: Mapping[int, Document] | None = None,
    note: str = "",
    complete_if_ready: bool = True,
) -> Application:
    """Record a request at intake: the request, its checklist from the service's criteria
    (`ticked`: the requirement ids present, `documents`: requirement id → the file's
    document for it), its first history line and the beneficiary's message, in one
    transaction. With `complete_if_ready`, a request with nothing missing, a current
    attestation and eligibility met is complete at once (its clock starts)."""
    from silah.registry.access import beneficiaries_for

    _permission(actor, "applications.receive_application")
    if not beneficiaries_for(actor).filter(pk=beneficiary.pk).exists():
        raise PermissionDenied(str(MESSAGES["out_of_scope"]))
    branch = branch or beneficiary.branch
    _check_branch(actor, branch)
    version = version_in_force()
    if version is None:
        raise DomainError(_("لا توجد سياسة نافذة: لا تُستقبل الطلبات قبل اعتمادها."))
    _check_channel(channel, version)
    if not service.is_active:
        raise DomainError(_("هذه الخدمة غير متاحة الآن."), field="service")
    if service.branches.exists() and not service.branches.filter(pk=branch.pk).exists():
        raise DomainError(_("لا يقدّم هذا الفرع هذه الخدمة."), field="service")
    Beneficiary.objects.select_for_update().filter(pk=beneficiary.pk).get()
    open_one = (
        Application.objects.filter(
            beneficiary=beneficiary, service=service, state__in=UNDECIDED_STATES
        )
        .values_list("reference", flat=True)
        .first()
    )
    if open_one:
        raise DomainError(
            _("للمستفيد طلب مفتوح لهذه الخدمة برقم %(reference)s.") % {"reference": open_one},
            field="service",
        )
    rules = effective_rules(service, version)
    now = timezone.now()
    application = Application.objects.create(
        reference=next_reference("REQ"),
        beneficiary=beneficiary,
        service=service,
        branch=branch,
        channel=channel,
        received_by=actor,
        received_at=now,
        state=State.RECEIVED,
        policy_version=version,
        deciding_body=rules.deciding_body,
        needs_research=service.needs_research,
        note=_text(note, 500),
    )
    checklist = ChecklistItem.objects.bulk_create(
        ChecklistItem(
            application=application,
            requirement=requirement,
            label=requirement.label,
            kind=requirement.kind,
            document_type_id=requirement.document_type_id,
            mandatory=requirement.is_mandatory,
            order=requirement.order,
        )
        for requirement in service.requirements.all()
    )
    Transition.objects.create(
        application=application, to_state=State.RECEIVED, actor=actor, note=application.note
    )
    ticked = set(ticked)
    documents = dict(documents or {})
    for item in checklist:  # created with their ids: no need to read them back
        if item.requirement_id in ticked or item.requirement_id in documents:
            _tick(item, beneficiary, actor, documents.get(item.requirement_id))
    missing = [item for item in checklist if item.mandatory and not item.present]
    today = _today()
    if rules.counts_from == "received":
        clocks.start_or_restart(application, actor=actor, on=today, rules=rules)
    if complete_if_ready and _completion_refusal(application, missing=missing) is None:
        _complete(application, actor=actor, on=today)
    notify.receipt(application, actor=actor, missing=missing)
    return application


# -- the checklist -----------------------------------------------------------------------------


def _checklist_item(
    item: ChecklistItem, expected_version: int
) -> tuple[Application, ChecklistItem]:
    application = _lock(item.application, expected_version)
    _require_state(application, State.RECEIVED, State.RETURNED)
    item = ChecklistItem.objects.select_for_update().get(pk=item.pk, application=application)
    return application, item


def tick_item(
    item: ChecklistItem,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    document: Document | None = None,
) -> Application:
    """Mark a checklist item present (a document item with the file's document for it, the
    attestation item with the beneficiary's current attestation)."""
    _permission(actor, "applications.receive_application")
    _in_scope(actor, item.application)
    with transaction.atomic():
        application, item = _checklist_item(item, expected_version)
        _tick(item, application.beneficiary, actor, document)
        _save(application, actor=actor, kind=Transition.Kind.CHECKLIST, note=f"✓ {item.label}")
    return application


def untick_item(
    item: ChecklistItem, *, actor: AbstractBaseUser, expected_version: int
) -> Application:
    _permission(actor, "applications.receive_application")
    _in_scope(actor, item.application)
    with transaction.atomic():
        application, item = _checklist_item(item, expected_version)
        item.present = False
        item.document = None
        item.attestation = None
        item.ticked_by = actor
        item.ticked_at = timezone.now()
        item.save(update_fields=["present", "document", "attestation", "ticked_by", "ticked_at"])
        _save(application, actor=actor, kind=Transition.Kind.CHECKLIST, note=f"✗ {item.label}")
    return application


def mark_complete(
    application: Application, *, actor: AbstractBaseUser, expected_version: int
) -> Application:
    """Every mandatory item present, a current attestation, eligibility met: the request is
    complete and its clock starts (a returned request's clock counts again from today)."""
    _permission(actor, "applications.receive_application")
    _in_scope(actor, application)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.RECEIVED, State.RETURNED)
        refusal = _completion_refusal(application)
        if refusal is not None:
            raise refusal
        _complete(application, actor=actor, on=_today())
        notify.complete(application, actor=actor)
    return application


def return_for_completion(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    missing: Iterable[int] = (),
    note: str = "",
) -> Application:
    """Send a request back for completion (from complete, in research or in review): the
    named checklist items (ids) are no longer present, `note` says what else is needed. The
    clock waits on the beneficiary and counts again from the new completeness."""
    _permission(
        actor,
        "applications.receive_application",
        "applications.conduct_research",
        "applications.record_decision",
    )
    _in_scope(actor, application)
    note = _text(note, 1000)
    missing = set(missing)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.COMPLETE, State.IN_RESEARCH, State.IN_REVIEW)
        items = list(application.checklist.filter(pk__in=missing))
        if len(items) != len(missing):
            raise DomainError(_("بند غير موجود في قائمة تحقق هذا الطلب."), field="missing")
        if not items and not note:
            raise DomainError(_("اذكر ما ينقص الطلب: بندًا من القائمة أو ملاحظة."), field="note")
        now = timezone.now()
        for item in items:
            item.present = False
            item.document = None
            item.attestation = None
            item.ticked_by = actor
            item.ticked_at = now
            item.save(
                update_fields=["present", "document", "attestation", "ticked_by", "ticked_at"]
            )
        what = "، ".join([*(item.label for item in items), *([note] if note else [])])
        _save(application, actor=actor, to_state=State.RETURNED, note=what)
        clocks.pause(application, actor=actor, on=_today(), note=_("أعيد للاستكمال"))
        notify.returned(application, actor=actor, what=what)
    return application


# -- social research ---------------------------------------------------------------------------


def _check_researcher(researcher: AbstractBaseUser) -> None:
    if researcher is None or RoleCode.SOCIAL_RESEARCHER not in role_codes(researcher):
        raise DomainError(_("اختر باحثًا اجتماعيًا."), field="researcher")


def _open_visit(application: Application) -> ResearchVisit | None:
    return (
        application.visits.select_for_update()
        .filter(status__in=[ResearchVisit.Status.PLANNED, ResearchVisit.Status.POSTPONED])
        .first()
    )


def _recorded_visit(application: Application) -> ResearchVisit | None:
    """The visit recorded but not yet submitted: recording again corrects it."""
    return (
        application.visits.select_for_update()
        .filter(status=ResearchVisit.Status.VISITED)
        .order_by("-pk")
        .first()
    )


def _assign(
    application: Application,
    *,
    actor,
    researcher,
    planned_on: date | None,
    place: str,
) -> None:
    visit = _open_visit(application)
    if visit is None:
        visit = ResearchVisit.objects.create(
            application=application, researcher=researcher, planned_on=planned_on, place=place
        )
    elif visit.researcher_id != researcher.pk:
        visit.researcher = researcher
        visit.save(update_fields=["researcher"])
    application.researcher = researcher
    _save(
        application,
        actor=actor,
        fields=["researcher"],
        kind=Transition.Kind.RESEARCHER,
        note=researcher.get_full_name() or researcher.get_username(),
    )


def _check_place(place: str) -> str:
    if place not in ResearchVisit.Place.values:
        raise DomainError(_("اختر مكان الزيارة."), field="place")
    return place


def send_to_research(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    researcher: AbstractBaseUser | None = None,
    planned_on: date | None = None,
    place: str = ResearchVisit.Place.HOME,
) -> Application:
    """A complete request goes to social research; with `researcher` (needs the permission
    to assign) it is assigned at once."""
    _permission(actor, "applications.receive_application", "applications.assign_researcher")
    if researcher is not None:
        _permission(actor, "applications.assign_researcher")
    _in_scope(actor, application)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.COMPLETE)
        if researcher is not None:
            _check_researcher(researcher)
            _check_place(place)
        _save(application, actor=actor, to_state=State.IN_RESEARCH)
        if researcher is not None:
            _assign(
                application, actor=actor, researcher=researcher, planned_on=planned_on, place=place
            )
    return application


def assign_researcher(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    researcher: AbstractBaseUser,
    planned_on: date | None = None,
    place: str = ResearchVisit.Place.HOME,
) -> Application:
    """Assign (or reassign) the researcher of a request in research; the open visit goes to
    them."""
    _permission(actor, "applications.assign_researcher")
    _in_scope(actor, application)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.IN_RESEARCH)
        _check_researcher(researcher)
        _check_place(place)
        _assign(application, actor=actor, researcher=researcher, planned_on=planned_on, place=place)
    return application


def _researcher_guard(actor: AbstractBaseUser, application: Application) -> None:
    """The assigned researcher, or whoever may assign researchers (the manager)."""
    _permission(actor, "applications.conduct_research", "applications.assign_researcher")
    if application.researcher_id != actor.pk and not actor.has_perm(
        "applications.assign_researcher"
    ):
        raise PermissionDenied(_("الطلب مسند إلى باحث آخر."))


def _visit_for(application: Application) -> ResearchVisit:
    visit = _open_visit(application)
    if visit is None:
        raise DomainError(_("لا توجد زيارة مجدولة لهذا الطلب."), field="visit")
    return visit


def plan_visit(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    planned_on: date,
    place: str = ResearchVisit.Place.HOME,
) -> Application:
    """Set the visit's date; a visit postponed by the beneficiary is planned again and the
    clock counts again with the days that were left."""
    with transaction.atomic():
        application = _lock(application, expected_version)
        _researcher_guard(actor, application)
        _require_state(application, State.IN_RESEARCH)
        if application.researcher_id is None:
            raise DomainError(_("أسند الطلب إلى باحث أولًا."), field="researcher")
        _check_place(place)
        if planned_on is None:
            raise DomainError(_("اكتب موعد الزيارة."), field="planned_on")
        visit = _visit_for(application)
        was_postponed = visit.status == ResearchVisit.Status.POSTPONED
        visit.planned_on = planned_on
        visit.place = place
        visit.status = ResearchVisit.Status.PLANNED
        visit.save(update_fields=["planned_on", "place", "status"])
        _save(
            application,
            actor=actor,
            kind=Transition.Kind.VISIT,
            note=_("موعد الزيارة: %(date)s") % {"date": dates.format_dual(planned_on, "ar")},
        )
        if was_postponed:
            clocks.resume(application, actor=actor, on=_today(), note=_("حُدد موعد جديد للزيارة"))
    return application


def postpone_visit(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    reason: str,
    on: date | None = None,
) -> Application:
    """The beneficiary asked to postpone the visit: the clock stands still until the visit
    is planned again or recorded."""
    reason = _text(reason, 500)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _researcher_guard(actor, application)
        _require_state(application, State.IN_RESEARCH)
        if not reason:
            raise DomainError(_("اكتب سبب التأجيل."), field="reason")
        visit = _visit_for(application)
        if visit.status == ResearchVisit.Status.POSTPONED:
            raise DomainError(_("الزيارة مؤجلة من قبل."), field="visit")
        on = on or _today()
        visit.status = ResearchVisit.Status.POSTPONED
        visit.postponed_on = on
        visit.postpone_reason = reason
        visit.save(update_fields=["status", "postponed_on", "postpone_reason"])
        _save(application, actor=actor, kind=Transition.Kind.VISIT, note=reason)
        clocks.pause(application, actor=actor, on=on, note=reason)
    return application


VISIT_FIELDS = (
    "findings",
    "housing",
    "housing_condition",
    "members_count",
    "income_notes",
    "needs",
    "recommendation",
    "recommendation_note",
)


def record_visit(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    visited_on: date,
    place: str,
    findings: str,
    recommendation: str,
    recommendation_note: str = "",
    housing: str = "",
    housing_condition: str = "",
    members_count: int | None = None,
    income_notes: str = "",
    needs: str = "",
) -> Application:
    """The researcher records the visit: when, where, what they found, the household's
    situation and their recommendation. A postponed visit's clock resumes."""
    findings = (findings or "").strip()[:10000]
    recommendation_note = _text(recommendation_note, 1000)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _researcher_guard(actor, application)
        _require_state(application, State.IN_RESEARCH)
        if visited_on is None or visited_on > _today():
            raise DomainError(_("تاريخ الزيارة لا يكون في المستقبل."), field="visited_on")
        _check_place(place)
        if not findings:
            raise DomainError(_("اكتب ما لاحظته في الزيارة."), field="findings")
        if recommendation not in ResearchVisit.Recommendation.values:
            raise DomainError(_("اختر توصيتك."), field="recommendation")
        if recommendation != ResearchVisit.Recommendation.APPROVE and not recommendation_note:
            raise DomainError(_("اكتب مسوغات التوصية."), field="recommendation_note")
        if housing and housing not in ResearchVisit.Housing.values:
            raise DomainError(_("اختر نوع السكن."), field="housing")
        if members_count is not None and not 1 <= members_count <= 60:
            raise DomainError(_("عدد أفراد الأسرة بين 1 و60."), field="members_count")
        correcting = _recorded_visit(application)
        visit = (
            _open_visit(application)
            or correcting
            or ResearchVisit(application=application, researcher=application.researcher or actor)
        )
        was_postponed = visit.status == ResearchVisit.Status.POSTPONED
        visit.status = ResearchVisit.Status.VISITED
        visit.visited_on = visited_on
        visit.place = place
        visit.findings = findings
        visit.recommendation = recommendation
        visit.recommendation_note = recommendation_note
        visit.housing = housing
        visit.housing_condition = _text(housing_condition, 300)
        visit.members_count = members_count
        visit.income_notes = _text(income_notes, 1000)
        visit.needs = _text(needs, 1000)
        visit.save()
        _save(
            application,
            actor=actor,
            kind=Transition.Kind.VISIT,
            note=(
                _("عُدّلت الزيارة: %(recommendation)s")
                if correcting and visit is correcting
                else _("تمت الزيارة: %(recommendation)s")
            )
            % {"recommendation": visit.get_recommendation_display()},
        )
        if was_postponed:
            clocks.resume(application, actor=actor, on=visited_on, note=_("تمت الزيارة"))
    return application


def submit_research(
    application: Application, *, actor: AbstractBaseUser, expected_version: int
) -> Application:
    """The recorded visit's recommendation goes to the deciding body (→ in review)."""
    with transaction.atomic():
        application = _lock(application, expected_version)
        _researcher_guard(actor, application)
        _require_state(application, State.IN_RESEARCH)
        visit = (
            application.visits.select_for_update()
            .filter(status=ResearchVisit.Status.VISITED)
            .order_by("-visited_on", "-pk")
            .first()
        )
        if visit is None:
            raise DomainError(_("سجّل الزيارة وتوصيتك قبل رفعها."), field="visit")
        visit.status = ResearchVisit.Status.SUBMITTED
        visit.submitted_at = timezone.now()
        visit.save(update_fields=["status", "submitted_at"])
        _save(
            application,
            actor=actor,
            to_state=State.IN_REVIEW,
            note=str(visit.get_recommendation_display()),
        )
    return application


def send_to_review(
    application: Application, *, actor: AbstractBaseUser, expected_version: int
) -> Application:
    """A complete request whose service needs no social research goes to the deciding body."""
    _permission(actor, "applications.receive_application")
    _in_scope(actor, application)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.COMPLETE)
        if application.needs_research:
            raise DomainError(
                _("هذه الخدمة تحتاج بحثًا اجتماعيًا قبل عرضها على جهة البت."), field="state"
            )
        _save(application, actor=actor, to_state=State.IN_REVIEW)
    return application


# -- the decision ------------------------------------------------------------------------------


def _decide(
    application: Application,
    *,
    actor,
    outcome: str,
    reason: str,
    decided_on: date,
    external_reference: str = "",
    external_date: date | None = None,
    agenda_item: AgendaItem | None = None,
) -> Decision:
    if outcome not in Decision.Outcome.values:
        raise DomainError(_("اختر القرار: قبول أو رفض."), field="outcome")
    reason = (reason or "").strip()[:4000]
    if outcome == Decision.Outcome.REJECT and not reason:
        raise DomainError(_("اكتب سبب الرفض كما سيُبلّغ للمستفيد."), field="reason")
    if decided_on > _today():
        raise DomainError(_("تاريخ القرار لا يكون في المستقبل."), field="decided_on")
    decision = Decision.objects.create(
        application=application,
        outcome=outcome,
        reason=reason,
        body=application.deciding_body,
        decided_by=actor,
        decided_on=decided_on,
        external_reference=external_reference,
        external_date=external_date,
        agenda_item=agenda_item,
    )
    to_state = State.APPROVED if outcome == Decision.Outcome.APPROVE else State.REJECTED
    application.decided_on = decided_on
    clocks.stop(application, actor=actor, on=decided_on, note=decision.get_outcome_display())
    _save(application, actor=actor, fields=["decided_on"], to_state=to_state, note=reason)
    notify.decision(application, actor=actor, outcome=outcome, reason=reason)
    return decision


def record_decision(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    outcome: str,
    reason: str = "",
    decided_on: date | None = None,
    external_reference: str = "",
    external_date: date | None = None,
) -> Application:
    """Management's decision, or the external authority's answer recorded with its letter's
    number and date, by the role the decision belongs to."""
    _permission(actor, "applications.record_decision")
    _in_scope(actor, application)
    external_reference = _text(external_reference, 100)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.IN_REVIEW)
        if application.deciding_body not in RECORDED_BODIES:
            raise DomainError(
                _("يبت في هذا الطلب %(body)s: يُسجّل قرارها في اجتماعها.")
                % {"body": notify.deciding_body_label(application.deciding_body)},
                field="outcome",
            )
        if application.deciding_body == "external_authority":
            if not external_reference:
                raise DomainError(_("اكتب رقم خطاب الجهة."), field="external_reference")
            if external_date is None:
                raise DomainError(_("اكتب تاريخ خطاب الجهة."), field="external_date")
            if external_date > _today():
                raise DomainError(_("تاريخ خطاب الجهة لا يكون في المستقبل."), field="external_date")
        _decide(
            application,
            actor=actor,
            outcome=outcome,
            reason=reason,
            decided_on=decided_on or _today(),
            external_reference=external_reference,
            external_date=external_date,
        )
    return application


ITEM_OUTCOMES = {"approve": "approved", "reject": "rejected"}


def _committee_decision(
    application: Application,
    outcome: str,
    *,
    actor: AbstractBaseUser,
    agenda_item: AgendaItem | None,
    reason: str,
) -> Application:
    from django.contrib.contenttypes.models import ContentType

    if (
        agenda_item is None
        or agenda_item.pk is None
        or agenda_item.object_id != application.pk
        or agenda_item.content_type_id != ContentType.objects.get_for_model(Application).pk
        or agenda_item.outcome != ITEM_OUTCOMES[outcome]
    ):
        raise PermissionDenied(
            _("تقرر اللجنة في اجتماعها: لا يُسجّل قرارها إلا من بند جدول أعمالها.")
        )
    with transaction.atomic():
        # The committee's meeting (quorum, votes, the item's lock) is the guard here.
        current = Application.objects.values_list("row_version", flat=True).get(pk=application.pk)
        application = _lock(application, current)
        _require_state(application, State.IN_REVIEW)
        if application.deciding_body not in COMMITTEE_BODIES:
            raise DomainError(
                _("يبت في هذا الطلب %(body)s، لا لجنة.")
                % {"body": notify.deciding_body_label(application.deciding_body)},
                field="outcome",
            )
        decided_at = agenda_item.decided_at or timezone.now()
        _decide(
            application,
            actor=actor,
            outcome=outcome,
            reason=reason,
            decided_on=timezone.localtime(decided_at).date(),
            agenda_item=agenda_item,
        )
    return application


def approve(
    application: Application, *, actor: AbstractBaseUser, agenda_item: AgendaItem, reason: str = ""
) -> Application:
    """The committee approved the request on its agenda item (the committees app's
    `on_decided`, after its quorum and votes, inside `decide_item`'s transaction)."""
    return _committee_decision(
        application, "approve", actor=actor, agenda_item=agenda_item, reason=reason
    )


def reject(
    application: Application, *, actor: AbstractBaseUser, agenda_item: AgendaItem, reason: str
) -> Application:
    """The committee rejected the request, with the reason the beneficiary is told."""
    return _committee_decision(
        application, "reject", actor=actor, agenda_item=agenda_item, reason=reason
    )


def committee_decided(item: AgendaItem, actor: AbstractBaseUser) -> None:
    """`SubjectKind.on_decided` for requests: the item's outcome and reason, applied."""
    application = Application.objects.get(pk=item.object_id)
    if item.outcome == "approved":
        approve(application, actor=actor, agenda_item=item, reason=item.reason)
    elif item.outcome == "rejected":
        reject(application, actor=actor, agenda_item=item, reason=item.reason)


# -- delivery ----------------------------------------------------------------------------------


def start_delivery(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    on: date | None = None,
    place: str = "",
) -> Application:
    """An approved request is ready to deliver; the beneficiary is told (with the date and
    place when they are set)."""
    _permission(actor, "applications.deliver_service")
    _in_scope(actor, application)
    place = _text(place, 200)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.APPROVED)
        if on is not None and on < _today():
            raise DomainError(_("موعد التسليم لا يكون في الماضي."), field="on")
        _save(application, actor=actor, to_state=State.IN_DELIVERY, note=place)
        notify.delivery(application, actor=actor, on=on, place=place)
    return application


def _quantity(value: Any) -> Decimal:
    try:
        quantity = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("الكمية رقم أكبر من صفر."), field="items") from None
    if not quantity.is_finite() or quantity <= 0 or quantity >= Decimal("100000000"):
        raise DomainError(_("الكمية رقم أكبر من صفر."), field="items")
    return quantity.quantize(Decimal("0.01"))


RECEIPT_DOCUMENT_TYPE = "delivery_receipt"


def record_delivery(
    application: Application,
    *,
    actor: AbstractBaseUser,
    expected_version: int,
    kind: str,
    receipt: str,
    delivered_on: date | None = None,
    amount: Decimal | None = None,
    items: Iterable[tuple[str, Any, str]] = (),
    description: str = "",
    enrollment: Enrollment | None = None,
    receipt_name: str = "",
    receipt_confirmed: bool = False,
    receipt_document: Document | None = None,
    final: bool = True,
) -> Disbursement:
    """What was delivered (cash amount, in-kind items as (name, quantity, unit), a programme
    place, a session), when, by whom, and the beneficiary's receipt: their full name typed
    and confirmed on screen, or the signed slip uploaded to their file. With `final` the
    request is delivered; otherwise it stays in delivery for the next part."""
    from silah.registry.attestation import names_match

    _permission(actor, "applications.deliver_service")
    _in_scope(actor, application)
    description = _text(description, 500)
    items = [(_text(name, 200), _quantity(qty), _text(unit, 40)) for name, qty, unit in items]
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.IN_DELIVERY)
        delivered_on = delivered_on or _today()
        if delivered_on > _today():
            raise DomainError(_("تاريخ التسليم لا يكون في المستقبل."), field="delivered_on")
        if kind not in Disbursement.Kind.values:
            raise DomainError(_("اختر ما سُلّم."), field="kind")
        if kind == Disbursement.Kind.CASH:
            try:
                amount = Decimal(str(amount)) if amount is not None else None
            except InvalidOperation:
                amount = None
            if amount is None or not amount.is_finite() or amount <= 0 or amount >= 10**10:
                raise DomainError(_("اكتب المبلغ بالريال."), field="amount")
            amount = amount.quantize(Decimal("0.01"))
        else:
            amount = None
        if kind == Disbursement.Kind.IN_KIND and (not items or any(not n for n, _q, _u in items)):
            raise DomainError(_("اكتب الأصناف المسلّمة وكمياتها."), field="items")
        if kind == Disbursement.Kind.PROGRAMME_PLACE:
            if (
                enrollment is None
                or enrollment.beneficiary_id != application.beneficiary_id
                or enrollment.state == Enrollment.State.WITHDRAWN
            ):
                raise DomainError(_("اختر التحاق المستفيد بالبرنامج."), field="enrollment")
        else:
            enrollment = None
        if kind == Disbursement.Kind.SESSION and not description:
            raise DomainError(_("صف ما قُدّم للمستفيد."), field="description")
        receipt_name = _text(receipt_name, 250)
        if receipt == Disbursement.Receipt.SIGNATURE:
            if not names_match(receipt_name, application.beneficiary):
                raise DomainError(
                    _("يكتب المستفيد اسمه الكامل كما في ملفه إقرارًا بالاستلام."),
                    field="receipt_name",
                )
            if not receipt_confirmed:
                raise DomainError(_("يؤكد المستفيد الاستلام."), field="receipt_confirmed")
            receipt_document = None
        elif receipt == Disbursement.Receipt.SLIP:
            if (
                receipt_document is None
                or receipt_document.beneficiary_id != application.beneficiary_id
                or receipt_document.state != Document.State.CURRENT
            ):
                raise DomainError(_("ارفع سند الاستلام الموقّع."), field="receipt_document")
        else:
            raise DomainError(_("اختر طريقة إثبات الاستلام."), field="receipt")
        disbursement = Disbursement.objects.create(
            application=application,
            kind=kind,
            amount=amount,
            description=description,
            enrollment=enrollment,
            delivered_on=delivered_on,
            delivered_by=actor,
            receipt=receipt,
            receipt_name=receipt_name,
            receipt_document=receipt_document,
        )
        DisbursementItem.objects.bulk_create(
            DisbursementItem(disbursement=disbursement, name=n, quantity=q, unit=u)
            for n, q, u in items
        )
        summary = str(disbursement.get_kind_display())
        if amount is not None:
            summary += f" {amount} ريال"
        if final:
            _save(application, actor=actor, to_state=State.DELIVERED, note=summary)
        else:
            _save(application, actor=actor, kind=Transition.Kind.DELIVERY, note=summary)
    return disbursement


# -- the end -----------------------------------------------------------------------------------


def close(
    application: Application, *, actor: AbstractBaseUser, expected_version: int, note: str = ""
) -> Application:
    """Close a delivered or rejected request."""
    _permission(actor, "applications.deliver_service", "applications.record_decision")
    _in_scope(actor, application)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, State.DELIVERED, State.REJECTED)
        _save(application, actor=actor, to_state=State.CLOSED, note=_text(note, 1000))
    return application


def withdraw(
    application: Application, *, actor: AbstractBaseUser, expected_version: int, reason: str
) -> Application:
    """The beneficiary withdraws the request before it is decided; its clock stops."""
    _permission(actor, "applications.receive_application")
    _in_scope(actor, application)
    reason = _text(reason, 1000)
    with transaction.atomic():
        application = _lock(application, expected_version)
        _require_state(application, *UNDECIDED_STATES)
        if not reason:
            raise DomainError(_("اكتب سبب سحب الطلب."), field="reason")
        clocks.stop(application, actor=actor, on=_today(), note=_("سحب الطلب"))
        _save(application, actor=actor, to_state=State.WITHDRAWN, note=reason)
    return application
