"""The researcher's visits (built for a 360-px phone) and the delivery with its receipt."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from silah.applications import queries_screens, services_screens, workflow
from silah.applications.access import get_application_for
from silah.applications.forms_field import (
    DeliveryForm,
    PlanVisitForm,
    PostponeVisitForm,
    VisitForm,
)
from silah.applications.forms_request import ConfirmForm
from silah.applications.models import Application, ResearchVisit, State
from silah.audit.services import log_read
from silah.core import dates
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error

RESEARCH = "applications.conduct_research"
DELIVER = "applications.deliver_service"

# -- the researcher's day ----------------------------------------------------------------------


@permission_required(RESEARCH)
@require_GET
def my_visits(request: HttpRequest) -> HttpResponse:
    """Today's visits first, with the address and a map link; then the others to make."""
    today = dates.today()
    visits = list(queries_screens.open_visits(request.user))
    badges = queries_screens.clock_badges([visit.application for visit in visits])
    for visit in visits:
        visit.badge = badges[visit.application_id]
        visit.map_url = queries_screens.map_url(visit.application.beneficiary)
    return render(
        request,
        "applications/visits.html",
        {
            "today": today,
            "todays": [v for v in visits if v.planned_on == today],
            "others": [v for v in visits if v.planned_on != today],
        },
    )


def _visit_page(
    request: HttpRequest,
    application: Application,
    bound: tuple[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    open_visit = (
        application.visits.filter(
            status__in=[ResearchVisit.Status.PLANNED, ResearchVisit.Status.POSTPONED]
        )
        .order_by("-pk")
        .first()
    )
    recorded = (
        application.visits.filter(status=ResearchVisit.Status.VISITED).order_by("-pk").first()
    )
    can_act = "research" in queries_screens.available_actions(request.user, application)
    forms: dict[str, Any] = {}
    if can_act:
        initial_place = open_visit.place if open_visit else ResearchVisit.Place.HOME
        forms = {
            "plan": PlanVisitForm(
                application=application,
                auto_id="plan_%s",
                initial={
                    "planned_on": open_visit.planned_on if open_visit else None,
                    "place": initial_place,
                },
            ),
            "postpone": PostponeVisitForm(application=application, auto_id="postpone_%s"),
            "record": VisitForm(
                application=application,
                auto_id="record_%s",
                initial=_recorded_values(recorded)
                or {"visited_on": dates.today(), "place": initial_place},
            ),
            "submit": ConfirmForm(application=application, auto_id="submit_%s"),
        }
    if bound is not None:
        forms[bound[0]] = bound[1]
    context = {
        "application": application,
        "beneficiary": application.beneficiary,
        "badge": queries_screens.clock_badge(application),
        "map_url": queries_screens.map_url(application.beneficiary),
        "open_visit": open_visit,
        "recorded": recorded,
        "can_act": can_act,
        "forms": forms,
        "failed_action": bound[0] if bound else "",
    }
    return render(request, "applications/visit.html", context, status=status)


def _recorded_values(visit: ResearchVisit | None) -> dict[str, Any]:
    """A recorded visit's values, to correct them before submitting."""
    if visit is None:
        return {}
    names = ("visited_on", "place", *workflow.VISIT_FIELDS)
    return {name: getattr(visit, name) for name in names}


def _researched(request: HttpRequest, pk: int) -> Application:
    application = get_application_for(request.user, pk)
    log_read(request.user, application.beneficiary, what="research_visit")
    return application


@permission_required(RESEARCH)
@require_GET
def visit(request: HttpRequest, pk: int) -> HttpResponse:
    return _visit_page(request, _researched(request, pk))


VISIT_FORMS = {
    "plan": PlanVisitForm,
    "postpone": PostponeVisitForm,
    "record": VisitForm,
    "submit": ConfirmForm,
}


def _visit_action(request: HttpRequest, application: Application, action: str, data: dict) -> str:
    version = data["row_version"]
    if action == "plan":
        workflow.plan_visit(
            application,
            actor=request.user,
            expected_version=version,
            planned_on=data["planned_on"],
            place=data["place"],
        )
        return _("حُدد موعد الزيارة.")
    if action == "postpone":
        workflow.postpone_visit(
            application, actor=request.user, expected_version=version, reason=data["reason"]
        )
        return _("أُجلت الزيارة وتوقفت المهلة حتى يُحدد موعد جديد.")
    if action == "record":
        fields = {name: data.get(name) for name in workflow.VISIT_FIELDS}
        fields = {k: v for k, v in fields.items() if v not in (None, "")}
        workflow.record_visit(
            application,
            actor=request.user,
            expected_version=version,
            visited_on=data["visited_on"],
            place=data["place"],
            **fields,
        )
        return _("سُجلت الزيارة. راجعها ثم ارفع التوصية إلى جهة البت.")
    workflow.submit_research(application, actor=request.user, expected_version=version)
    return _("رُفعت التوصية إلى جهة البت.")


@permission_required(RESEARCH)
@require_POST
def visit_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    form_class = VISIT_FORMS.get(action)
    if form_class is None:
        raise Http404
    application = _researched(request, pk)
    form = form_class(request.POST, application=application, auto_id=f"{action}_%s")
    if form.is_valid():
        try:
            done = _visit_action(request, application, action, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            if action == "submit":
                return redirect("applications:my_visits")
            return redirect("applications:visit", pk=application.pk)
    application.refresh_from_db()
    return _visit_page(request, application, bound=(action, form), status=400)


# -- delivery ----------------------------------------------------------------------------------

ERROR_FIELDS = {"receipt_document": "slip"}


@permission_required(DELIVER)
@require_http_methods(["GET", "POST"])
def deliver(request: HttpRequest, pk: int) -> HttpResponse:
    """Record what was delivered and the beneficiary's receipt (their typed name, or the
    signed slip uploaded to their file)."""
    application = get_application_for(request.user, pk)
    log_read(request.user, application.beneficiary, what="delivery")
    post = request.method == "POST"
    form = DeliveryForm(
        request.POST if post else None,
        request.FILES if post else None,
        application=application,
        auto_id="deliver_%s",
    )
    if post and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                slip = None
                if data["receipt"] == "slip" and data.get("slip"):
                    try:
                        slip = services_screens.upload_receipt_slip(
                            application, actor=request.user, upload=data["slip"]
                        )
                    except DomainError as error:
                        raise DomainError(error.message, field="slip") from error
                workflow.record_delivery(
                    application,
                    actor=request.user,
                    expected_version=data["row_version"],
                    kind=data["kind"],
                    receipt=data["receipt"],
                    delivered_on=data.get("delivered_on"),
                    amount=data.get("amount"),
                    items=form.items(),
                    description=data.get("description", ""),
                    receipt_name=data.get("receipt_name", ""),
                    receipt_confirmed=data.get("receipt_confirmed", False),
                    receipt_document=slip,
                    enrollment=data.get("enrollment"),
                    final=data.get("final", False),
                )
        except DomainError as error:
            add_domain_error(
                form, DomainError(error.message, field=ERROR_FIELDS.get(error.field, error.field))
            )
        else:
            messages.success(request, _("سُجّل التسليم وإثبات الاستلام."))
            return redirect("applications:detail", pk=application.pk)
    return render(
        request,
        "applications/deliver.html",
        {
            "application": application,
            "form": form,
            "can_deliver": application.state == State.IN_DELIVERY,
            "delivered": application.disbursements.prefetch_related("items"),
        },
        status=400 if post else 200,
    )
