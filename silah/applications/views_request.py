"""The request page: its header (reference, beneficiary, service, state, the promise clock),
its checklist, its history, and one small form per action the user may take now.

Every action POSTs to `request_action` with the request's `row_version`; the view parses the
form, calls one workflow (or services) function, and either goes back to the page with a
message or shows the page again with the refusal at the form's field (status 400).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from silah.applications import forms_request as f
from silah.applications import notify, queries_screens, workflow
from silah.applications.access import get_application_for
from silah.applications.models import Application, Decision, State
from silah.audit.services import log_read
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error

READ_CODE = "application"


def _forms(request: HttpRequest, application: Application, actions: set[str]) -> dict:
    """An unbound form for each action the user may take."""
    can_assign = request.user.has_perm("applications.assign_researcher")
    built: dict[str, Any] = {}
    for action in actions:
        form_class = FORMS.get(action)
        if form_class is None:
            continue
        kwargs: dict[str, Any] = {"application": application, "auto_id": f"{action}_%s"}
        if action == "send_to_research":
            kwargs["can_assign"] = can_assign
        if action == "assign":
            kwargs["require"] = True
        built[action] = form_class(**kwargs)
    return built


def page_context(
    request: HttpRequest, application: Application, bound: tuple[str, Any] | None = None
) -> dict:
    """Everything the request page shows; `bound` is (action, form) to show with its errors."""
    actions = queries_screens.available_actions(request.user, application)
    forms = _forms(request, application, actions)
    if bound is not None:
        forms[bound[0]] = bound[1]
    checklist = list(application.checklist.select_related("document", "document_type"))
    readiness = None
    if application.state in (State.RECEIVED, State.RETURNED):
        readiness = workflow.readiness(application)
    try:
        decision = application.decision
    except Decision.DoesNotExist:
        decision = None
    return {
        "application": application,
        "badge": queries_screens.clock_badge(application),
        "checklist": checklist,
        "missing": [item for item in checklist if item.mandatory and not item.present],
        "readiness": readiness,
        "history": application.transitions.select_related("actor").order_by("at", "pk"),
        "visits": application.visits.select_related("researcher"),
        "decision": decision,
        "disbursements": application.disbursements.prefetch_related("items").select_related(
            "delivered_by"
        ),
        "referrals": queries_screens.referral_badges(
            application.referrals.select_related("target_user", "referred_by")
        ),
        "sent_messages": queries_screens.messages_of(application)[:20],
        "actions": actions,
        "forms": forms,
        "committee": queries_screens.committee_of(application),
        "deciding_body": notify.deciding_body_label(application.deciding_body),
        "channel_label": queries_screens.channel_label(application),
    }


def _application(request: HttpRequest, pk: int) -> Application:
    application = get_application_for(request.user, pk)
    log_read(request.user, application.beneficiary, what=READ_CODE)
    return application


@login_required
@require_GET
def request_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _application(request, pk)
    return render(request, "applications/request.html", page_context(request, application))


# -- the actions -----------------------------------------------------------------------------


def _tick(request: HttpRequest, application: Application, data: dict) -> str:
    item = data["item"]
    version = data["row_version"]
    if not data["present"]:
        workflow.untick_item(item, actor=request.user, expected_version=version)
        return _("أُلغي تأشير البند «%(label)s».") % {"label": item.label}
    document = None
    with transaction.atomic():
        if data.get("file"):
            from silah.registry.documents import upload_document

            if item.document_type is None:
                raise DomainError(_("هذا البند ليس مستندًا."), field="file")
            document = upload_document(
                application.beneficiary,
                actor=request.user,
                document_type=item.document_type,
                upload=data["file"],
                expires_on=data.get("expires_on"),
            )
        workflow.tick_item(item, actor=request.user, expected_version=version, document=document)
    return _("أُشّر البند «%(label)s».") % {"label": item.label}


def _complete(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.mark_complete(application, actor=request.user, expected_version=data["row_version"])
    return _("اكتمل الطلب وبدأ احتساب مهلة الرد.")


def _return(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.return_for_completion(
        application,
        actor=request.user,
        expected_version=data["row_version"],
        missing=[int(pk) for pk in data["missing"]],
        note=data["note"],
    )
    return _("أعيد الطلب للاستكمال وأُبلغ المستفيد بما ينقصه.")


def _refer(request: HttpRequest, application: Application, data: dict) -> str:
    from silah.applications import services

    referral = services.refer(
        application.beneficiary,
        actor=request.user,
        note=data["note"],
        application=application,
        target_user=data.get("target_user"),
    )
    return _("أحيل المستفيد إلى %(name)s.") % {"name": referral.target_name}


def _send_to_research(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.send_to_research(
        application,
        actor=request.user,
        expected_version=data["row_version"],
        researcher=data.get("researcher"),
        planned_on=data.get("planned_on"),
        place=data.get("place") or "home",
    )
    return _("أحيل الطلب إلى البحث الاجتماعي.")


def _assign(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.assign_researcher(
        application,
        actor=request.user,
        expected_version=data["row_version"],
        researcher=data["researcher"],
        planned_on=data.get("planned_on"),
        place=data["place"],
    )
    return _("أُسند الطلب إلى الباحث.")


def _send_to_review(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.send_to_review(application, actor=request.user, expected_version=data["row_version"])
    return _("عُرض الطلب على جهة البت.")


def _decide(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.record_decision(
        application,
        actor=request.user,
        expected_version=data["row_version"],
        outcome=data["outcome"],
        reason=data["reason"],
        decided_on=data.get("decided_on"),
        external_reference=data.get("external_reference", ""),
        external_date=data.get("external_date"),
    )
    return _("سُجّل القرار وأُبلغ المستفيد.")


def _start_delivery(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.start_delivery(
        application,
        actor=request.user,
        expected_version=data["row_version"],
        on=data.get("on"),
        place=data.get("place", ""),
    )
    return _("الطلب جاهز للتسليم وأُبلغ المستفيد.")


def _close(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.close(
        application, actor=request.user, expected_version=data["row_version"], note=data["note"]
    )
    return _("أُغلق الطلب.")


def _withdraw(request: HttpRequest, application: Application, data: dict) -> str:
    workflow.withdraw(
        application, actor=request.user, expected_version=data["row_version"], reason=data["reason"]
    )
    return _("سُحب الطلب.")


Handler = Callable[[HttpRequest, Application, dict], str]

FORMS: dict[str, type] = {
    "tick": f.TickForm,
    "complete": f.ConfirmForm,
    "return": f.ReturnForm,
    "refer": f.ReferForm,
    "send_to_research": f.ResearchForm,
    "assign": f.ResearchForm,
    "send_to_review": f.ConfirmForm,
    "decide": f.DecisionForm,
    "start_delivery": f.StartDeliveryForm,
    "close": f.CloseForm,
    "withdraw": f.WithdrawForm,
}
HANDLERS: dict[str, Handler] = {
    "tick": _tick,
    "complete": _complete,
    "return": _return,
    "refer": _refer,
    "send_to_research": _send_to_research,
    "assign": _assign,
    "send_to_review": _send_to_review,
    "decide": _decide,
    "start_delivery": _start_delivery,
    "close": _close,
    "withdraw": _withdraw,
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One action on the request. An action the page would not offer (wrong role, wrong
    state) still reaches the workflow, which refuses it: 403 for a role, the page with the
    message for a state."""
    handler = HANDLERS.get(action)
    if handler is None:
        raise Http404
    application = _application(request, pk)
    kwargs: dict[str, Any] = {"application": application, "auto_id": f"{action}_%s"}
    if action == "send_to_research":
        kwargs["can_assign"] = request.user.has_perm("applications.assign_researcher")
    if action == "assign":
        kwargs["require"] = True
    form = FORMS[action](request.POST, request.FILES, **kwargs)
    if form.is_valid():
        try:
            done = handler(request, application, form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("applications:detail", pk=application.pk)
    application.refresh_from_db()
    context = page_context(request, application, bound=(action, form))
    context["failed_action"] = action
    return render(request, "applications/request.html", context, status=400)


# -- the printed papers ----------------------------------------------------------------------


def _printed(request: HttpRequest, application: Application, what: str) -> None:
    from silah.audit.models import AccessLog

    log_read(request.user, application.beneficiary, what=what, channel=AccessLog.Channel.PRINT)


def _pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def receipt_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The intake receipt to hand the beneficiary."""
    from silah.applications import pdf

    application = get_application_for(request.user, pk)
    _printed(request, application, "application_receipt")
    return _pdf_response(pdf.receipt_pdf(application), f"receipt-{application.reference}.pdf")


@login_required
@require_GET
def decision_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter (approved or rejected requests only)."""
    from silah.applications import pdf

    application = get_application_for(request.user, pk)
    if not Decision.objects.filter(application=application).exists():
        raise Http404
    _printed(request, application, "application_decision")
    return _pdf_response(
        pdf.decision_letter_pdf(application), f"decision-{application.reference}.pdf"
    )
