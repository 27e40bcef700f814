"""Writes about requests other than their state: referral and its answer, and a manager
handing a person's open work to a colleague. Same shape as the workflow: guard → lock →
save → history row."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.accounts.roles import RoleCode, role_codes
from silah.applications import clocks
from silah.applications.models import (
    Application,
    Handover,
    Referral,
    ResearchVisit,
    State,
    Transition,
)
from silah.core.errors import DomainError
from silah.policy.rules import REFERRAL_KINDS
from silah.policy.rules import Referral as ReferralRule
from silah.policy.services import version_in_force
from silah.registry.models import Beneficiary

PERMISSION = _("ليست لديك صلاحية لهذا الإجراء.")


def _text(value: str, limit: int) -> str:
    return " ".join((value or "").split())[:limit]


def referral_rule() -> ReferralRule:
    """The policy in force's referral rule (the schema's default, no referral, without one)."""
    version = version_in_force()
    return ReferralRule() if version is None else version.parsed_rules().referral


def _target_of(rule: ReferralRule) -> tuple[str, str]:
    name = rule.name or ("" if rule.kind == "none" else str(REFERRAL_KINDS[rule.kind]))
    return rule.kind, name


def referral_target() -> tuple[str, str]:
    """(kind, name) of the policy in force's referral target; ("none", "") when it names
    none."""
    return _target_of(referral_rule())


def refer(
    beneficiary: Beneficiary,
    *,
    actor: AbstractBaseUser,
    note: str,
    application: Application | None = None,
    target_user: AbstractBaseUser | None = None,
) -> Referral:
    """Refer the beneficiary (and their request, if any) to the section, officer or
    management the policy in force names, with what is unclear; tracked until answered."""
    from silah.registry.access import beneficiaries_for

    if not actor.has_perm("applications.refer_beneficiary"):
        raise PermissionDenied(str(PERMISSION))
    if not beneficiaries_for(actor).filter(pk=beneficiary.pk).exists():
        raise PermissionDenied(str(PERMISSION))
    note = _text(note, 1000)
    rule = referral_rule()
    kind, name = _target_of(rule)
    if kind == "none":
        raise DomainError(
            _("لا تسمي السياسة النافذة جهة يُحال إليها المستفيد عند عدم وضوح الإجراءات."),
            field="target",
        )
    if not note:
        raise DomainError(_("اكتب ما الذي لم يتضح للمستفيد."), field="note")
    if application is not None and application.beneficiary_id != beneficiary.pk:
        raise DomainError(_("الطلب ليس لهذا المستفيد."), field="application")
    if target_user is not None and not target_user.is_active:
        raise DomainError(_("اختر موظفًا على رأس العمل."), field="target_user")
    now = timezone.now()
    on, days = timezone.localdate(now), rule.answer_within_working_days
    with transaction.atomic():
        referral = Referral.objects.create(
            beneficiary=beneficiary,
            application=application,
            target_kind=kind,
            target_name=name,
            target_user=target_user,
            note=note,
            referred_by=actor,
            referred_at=now,
            due_on=clocks.referral_due(on, days) if days else None,
        )
        if days:
            clocks.start_referral_clock(referral, actor=actor, on=on, days=days)
        if application is not None:
            Transition.objects.create(
                application=application,
                kind=Transition.Kind.REFERRAL,
                actor=actor,
                note=_("أحيل إلى %(name)s: %(note)s") % {"name": name, "note": note},
            )
    return referral


def answer_referral(referral: Referral, *, actor: AbstractBaseUser, answer: str) -> Referral:
    """The person referred to answers; the referral is closed."""
    answer = (answer or "").strip()[:4000]
    allowed = referral.target_user_id == actor.pk or (
        referral.target_user_id is None and actor.has_perm("applications.answer_referral")
    )
    if not allowed and RoleCode.MANAGER not in role_codes(actor):
        raise PermissionDenied(str(PERMISSION))
    if not answer:
        raise DomainError(_("اكتب الرد على الإحالة."), field="answer")
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if referral.answered_at is not None:
            raise DomainError(_("رُد على هذه الإحالة من قبل."), field="answer")
        referral.answer = answer
        referral.answered_by = actor
        referral.answered_at = timezone.now()
        referral.save(update_fields=["answer", "answered_by", "answered_at"])
        clocks.stop_referral_clock(
            referral, actor=actor, on=timezone.localdate(referral.answered_at)
        )
        if referral.application_id is not None:
            Transition.objects.create(
                application_id=referral.application_id,
                kind=Transition.Kind.REFERRAL,
                actor=actor,
                note=_("رد على الإحالة: %(answer)s") % {"answer": answer[:900]},
            )
    return referral


def open_work_of(user: AbstractBaseUser) -> dict[str, int]:
    """What would move if `user`'s work were handed over (shown before confirming)."""
    return {
        "applications": Application.objects.filter(
            researcher=user, state=State.IN_RESEARCH
        ).count(),
        "visits": ResearchVisit.objects.filter(
            researcher=user,
            status__in=[ResearchVisit.Status.PLANNED, ResearchVisit.Status.POSTPONED],
        ).count(),
        "referrals": Referral.objects.filter(target_user=user, answered_at__isnull=True).count(),
    }


def hand_over(
    from_user: AbstractBaseUser,
    to_user: AbstractBaseUser,
    *,
    actor: AbstractBaseUser,
    reason: str,
) -> Handover:
    """Move `from_user`'s open work to `to_user`: the requests in research assigned to them
    and their open visits (to a researcher), and the referrals waiting for their answer.
    Each request moved gets a history line and a new version (open forms become stale)."""
    if not actor.has_perm("applications.hand_over_work"):
        raise PermissionDenied(str(PERMISSION))
    reason = _text(reason, 500)
    if not reason:
        raise DomainError(_("اكتب سبب نقل العمل."), field="reason")
    if from_user.pk == to_user.pk:
        raise DomainError(_("اختر زميلًا غير صاحب العمل."), field="to_user")
    if not to_user.is_active:
        raise DomainError(_("اختر زميلًا على رأس العمل."), field="to_user")
    with transaction.atomic():
        applications = list(
            Application.objects.select_for_update()
            .filter(researcher=from_user, state=State.IN_RESEARCH)
            .order_by("pk")
        )
        visits = ResearchVisit.objects.select_for_update().filter(
            researcher=from_user,
            status__in=[ResearchVisit.Status.PLANNED, ResearchVisit.Status.POSTPONED],
        )
        if (applications or visits.exists()) and RoleCode.SOCIAL_RESEARCHER not in role_codes(
            to_user
        ):
            raise DomainError(
                _("لدى الموظف طلبات في البحث الاجتماعي: اختر باحثًا اجتماعيًا لها."),
                field="to_user",
            )
        moved_visits = visits.update(researcher=to_user)
        note = _("نُقل من %(from)s إلى %(to)s: %(reason)s") % {
            "from": from_user.get_full_name() or from_user.get_username(),
            "to": to_user.get_full_name() or to_user.get_username(),
            "reason": reason,
        }
        for application in applications:
            Application.objects.filter(pk=application.pk).update(
                researcher=to_user, row_version=F("row_version") + 1
            )
        Transition.objects.bulk_create(
            Transition(
                application=application,
                kind=Transition.Kind.HANDED_OVER,
                actor=actor,
                note=note[:1000],
            )
            for application in applications
        )
        moved_referrals = Referral.objects.filter(
            target_user=from_user, answered_at__isnull=True
        ).update(target_user=to_user)
        return Handover.objects.create(
            from_user=from_user,
            to_user=to_user,
            by=actor,
            reason=reason,
            counts={
                "applications": len(applications),
                "visits": moved_visits,
                "referrals": moved_referrals,
            },
        )
