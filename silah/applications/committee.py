"""Requests as a committee's subjects (`silah.committees.subjects`): which requests wait
for a committee, how an agenda shows them, and what the committee's decision does."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.applications.models import Application, ResearchVisit, State
from silah.committees import subjects
from silah.committees.models import Committee
from silah.committees.queries import BODY_KINDS

MODEL_LABEL = "applications.application"


def bodies_of(committee: Committee) -> list[str]:
    """The policy's deciding bodies that this committee's kind decides for."""
    return [body for body, kind in BODY_KINDS.items() if kind == committee.kind]


def waiting(committee: Committee) -> QuerySet[Application]:
    """Requests in review whose deciding body is this committee's kind, oldest due first."""
    return (
        Application.objects.filter(state=State.IN_REVIEW, deciding_body__in=bodies_of(committee))
        .select_related("beneficiary", "service")
        .order_by("due_on", "received_at", "pk")
    )


def summary(application: Application) -> str:
    return _("طلب %(reference)s: %(service)s — %(name)s") % {
        "reference": application.reference,
        "service": application.service.name,
        "name": application.beneficiary.full_name,
    }


def url(application: Application) -> str:
    try:
        return reverse("applications:detail", args=[application.pk])
    except NoReverseMatch:  # the request's own page comes with the screens
        return reverse("registry:file", args=[application.beneficiary_id])


def research_summary(application: Application) -> str:
    """The researcher's recommendation and the household's situation, for the members."""
    visit = (
        application.visits.filter(status=ResearchVisit.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if visit is None:
        return _("بلا بحث اجتماعي.")
    parts = [str(visit.get_recommendation_display())]
    if visit.recommendation_note:
        parts.append(visit.recommendation_note)
    if visit.members_count:
        parts.append(_("أفراد الأسرة: %(n)s") % {"n": visit.members_count})
    if visit.housing:
        parts.append(_("السكن: %(housing)s") % {"housing": visit.get_housing_display()})
    if visit.income_notes:
        parts.append(_("الدخل: %(income)s") % {"income": visit.income_notes})
    if visit.needs:
        parts.append(_("الاحتياج: %(needs)s") % {"needs": visit.needs})
    return " — ".join(parts)


def beneficiary_ids(applications: QuerySet[Application]) -> QuerySet:
    return applications.values("beneficiary_id")


def register() -> None:
    from silah.applications.workflow import committee_decided

    subjects.register(
        subjects.SubjectKind(
            model_label=MODEL_LABEL,
            label=gettext_lazy("طلب خدمة"),
            waiting=waiting,
            summary=summary,
            url=url,
            on_decided=committee_decided,
            research_summary=research_summary,
            beneficiary_ids=beneficiary_ids,
        )
    )
