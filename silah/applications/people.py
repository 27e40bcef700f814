"""What requests hold for a person (`silah.registry.holders`): merge, copy, destruction."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from silah.applications.models import (
    UNDECIDED_STATES,
    Application,
    Disbursement,
    Referral,
    ResearchVisit,
)
from silah.core.errors import DomainError


def merge(survivor, merged) -> None:
    """The merged file's requests and referrals belong to the survivor from now on."""
    Application.objects.filter(beneficiary=merged).update(beneficiary=survivor)
    Referral.objects.filter(beneficiary=merged).update(beneficiary=survivor)


def export(beneficiary) -> list[dict[str, Any]]:
    """The person's requests, decisions and deliveries, for their PDPL copy."""
    applications = (
        Application.objects.filter(beneficiary=beneficiary)
        .select_related("service", "decision")
        .order_by("received_at")
    )
    rows = []
    for application in applications:
        decision = getattr(application, "decision", None)
        rows.append(
            {
                _("رقم الطلب"): application.reference,
                _("الخدمة"): application.service.name,
                _("تاريخ الاستلام"): timezone.localtime(application.received_at).strftime(
                    "%Y-%m-%d"
                ),
                _("الحالة"): application.get_state_display(),
                _("القرار"): decision.get_outcome_display() if decision else "",
                _("السبب"): decision.reason if decision else "",
            }
        )
    deliveries = [
        {
            _("رقم الطلب"): d.application.reference,
            _("التاريخ"): d.delivered_on.isoformat(),
            _("النوع"): d.get_kind_display(),
            _("المبلغ"): str(d.amount or ""),
            _("الأصناف"): "، ".join(f"{i.name} × {i.quantity}" for i in d.items.all()),
        }
        for d in Disbursement.objects.filter(application__beneficiary=beneficiary)
        .select_related("application")
        .prefetch_related("items")
        .order_by("delivered_on", "pk")
    ]
    visits = [
        {
            _("التاريخ"): v.visited_on.isoformat() if v.visited_on else "",
            _("المكان"): v.get_place_display(),
            _("ما لوحظ"): v.findings,
            _("التوصية"): v.get_recommendation_display() if v.recommendation else "",
        }
        for v in ResearchVisit.objects.filter(application__beneficiary=beneficiary).order_by(
            "created_at"
        )
    ]
    return [
        {"title": _("الطلبات"), "rows": rows},
        {"title": _("ما سُلّم"), "rows": deliveries},
        {"title": _("زيارات البحث الاجتماعي"), "rows": visits},
    ]


def destroy(beneficiary) -> int:
    """Erase what requests say about the person (visit findings, household notes, referral
    notes, typed names) and its change history; the requests, decisions and deliveries stay
    as the association's records, pointing at the anonymised file. Refused while a request
    is still undecided."""
    if Application.objects.filter(beneficiary=beneficiary, state__in=UNDECIDED_STATES).exists():
        raise DomainError(
            _("للمستفيد طلبات لم يُبت فيها: تُسحب أو يُبت فيها قبل إتلاف بياناته."),
            field="beneficiary",
        )
    visits = ResearchVisit.objects.filter(application__beneficiary=beneficiary)
    erased = visits.update(
        findings="",
        housing_condition="",
        income_notes="",
        needs="",
        recommendation_note="",
        postpone_reason="",
    )
    ResearchVisit.history.filter(application__beneficiary=beneficiary).delete()
    Referral.objects.filter(beneficiary=beneficiary).update(note="—", answer="")
    Referral.history.filter(beneficiary=beneficiary).delete()
    Disbursement.objects.filter(application__beneficiary=beneficiary).update(receipt_name="")
    Disbursement.history.filter(application__beneficiary=beneficiary).delete()
    Application.objects.filter(beneficiary=beneficiary).update(note="")
    return erased
