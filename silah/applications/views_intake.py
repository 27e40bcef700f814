"""Intake: the relations officer's one screen at the counter.

1. Find the beneficiary (file number, identity number, mobile or name, POSTed so nothing
   personal is in a URL), or register a new one and come back (`?beneficiary=<pk>`).
2. Pick a service the beneficiary's branch offers (a GET form; htmx swaps the checklist in).
3. The intake channel, the checklist (a document can be uploaded inline), the attestation
   on screen when the file needs one, submit → the request page with its reference.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.applications import notify, workflow
from silah.applications.catalogue import check_eligibility, effective_rules
from silah.applications.forms_intake import IntakeForm, SearchForm, ServiceForm
from silah.applications.models import Application
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.policy.services import version_in_force
from silah.registry import attestation
from silah.registry.access import beneficiaries_for, open_file
from silah.registry.search import search_beneficiaries
from silah.services.models import Service

RECEIVE = "applications.receive_application"
READ_CODE = "intake"
SEARCH_LIMIT = 10


def _chosen_service(request: HttpRequest, form: ServiceForm) -> Service | None:
    if "service" in request.GET and form.is_valid():
        return form.cleaned_data["service"]
    return None


def _request_form(
    request: HttpRequest, beneficiary: Any, service: Service, data: Any = None, files: Any = None
) -> IntakeForm:
    return IntakeForm(
        data,
        files,
        beneficiary=beneficiary,
        service=service,
        needs_attestation=attestation.needs_attestation(beneficiary),
    )


def _context(request: HttpRequest, beneficiary=None, service=None, form=None) -> dict:
    context: dict = {
        "search": SearchForm(),
        "register_url": (
            reverse("registry:create") + "?" + urlencode({"next": reverse("applications:intake")})
            if request.user.has_perm("registry.register_beneficiary")
            else ""
        ),
        "beneficiary": beneficiary,
        "policy_in_force": version_in_force() is not None,
    }
    if beneficiary is None:
        return context
    service_form = ServiceForm(
        request.GET if service is None and "service" in request.GET else None,
        beneficiary=beneficiary,
        initial={"service": service.pk} if service else None,
    )
    if service is None:
        service = _chosen_service(request, service_form)
    context.update(
        service_form=service_form,
        service=service,
        attestation=attestation.latest_attestation(beneficiary),
        needs_attestation=attestation.needs_attestation(beneficiary),
        attestation_text=attestation.attestation_text(),
    )
    if service is not None:
        rules = effective_rules(service, version_in_force())
        context.update(
            form=form or _request_form(request, beneficiary, service),
            rules=rules,
            deadline=_deadline_phrase(rules),
            deciding_body=notify.deciding_body_label(rules.deciding_body),
            eligibility=check_eligibility(service, beneficiary),
        )
    return context


def _deadline_phrase(rules) -> str:
    """The promise as the officer says it: "14 يوما من اكتمال الطلب"."""
    from silah.core import counting

    if rules.unit == "none" or rules.length is None:
        return _("لا تحدد السياسة مهلة للرد")
    days = counting.days(rules.length)
    if rules.counts_from == "received":
        if rules.unit == "working":
            return _("%(days)s عمل من استلام الطلب") % {"days": days}
        return _("%(days)s من استلام الطلب") % {"days": days}
    if rules.unit == "working":
        return _("%(days)s عمل من اكتمال الطلب") % {"days": days}
    return _("%(days)s من اكتمال الطلب") % {"days": days}


@permission_required(RECEIVE)
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    """GET: the screen (with `?beneficiary=<pk>` the person chosen, `&service=<pk>` the
    service). POST: the search's results."""
    if request.method == "POST":
        search = SearchForm(request.POST)
        context = _context(request)
        context["search"] = search
        if search.is_valid():
            context["hits"] = search_beneficiaries(
                beneficiaries_for(request.user), search.cleaned_data["q"], limit=SEARCH_LIMIT
            )
        return render(request, "applications/intake.html", context)
    beneficiary = None
    if request.GET.get("beneficiary"):
        beneficiary = open_file(request.user, request.GET["beneficiary"], what=READ_CODE)
    context = _context(request, beneficiary)
    if request.headers.get("HX-Request") == "true" and "service" in request.GET:
        return render(request, "applications/partials/intake_request.html", context)
    return render(request, "applications/intake.html", context)


@permission_required(RECEIVE)
@require_POST
def intake_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the request: the attestation taken on screen and the documents brought now
    go to the file, then `workflow.receive`, all in one transaction."""
    beneficiary = open_file(request.user, pk, what=READ_CODE)
    service = (
        Service.objects.offered_at(beneficiary.branch).filter(pk=request.POST.get("service"))
        if str(request.POST.get("service", "")).isdigit()
        else Service.objects.none()
    ).first()
    if service is None:
        messages.error(request, _("اختر الخدمة من جديد: هذه الخدمة لا يقدمها فرع المستفيد."))
        return redirect(reverse("applications:intake") + f"?beneficiary={beneficiary.pk}")
    form = _request_form(request, beneficiary, service, request.POST, request.FILES)
    if form.is_valid():
        try:
            application = _receive(request, beneficiary, service, form)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            missing = workflow.missing_items(application)
            if missing:
                messages.warning(
                    request,
                    _("استُلم الطلب برقم %(reference)s وينقصه: %(items)s.")
                    % {
                        "reference": application.reference,
                        "items": notify.missing_text(missing),
                    },
                )
            else:
                messages.success(
                    request,
                    _("استُلم الطلب برقم %(reference)s.") % {"reference": application.reference},
                )
            return redirect("applications:detail", pk=application.pk)
    context = _context(request, beneficiary, service, form)
    return render(request, "applications/intake.html", context, status=400)


def _receive(
    request: HttpRequest, beneficiary: Any, service: Service, form: IntakeForm
) -> Application:
    from silah.registry.documents import upload_document

    data = form.cleaned_data
    with transaction.atomic():
        if form.needs_attestation and data.get("typed_name"):
            attestation.attest_on_screen(
                beneficiary,
                actor=request.user,
                typed_name=data["typed_name"],
                confirmed=data["confirmed"],
            )
        documents = {}
        for requirement, upload, expires_on in form.uploads():
            try:
                documents[requirement.pk] = upload_document(
                    beneficiary,
                    actor=request.user,
                    document_type=requirement.document_type,
                    upload=upload,
                    expires_on=expires_on,
                )
            except DomainError as error:
                raise DomainError(error.message, field=f"file_{requirement.pk}") from error
        ticked = form.ticked()
        if workflow.current_attestation(beneficiary) is not None:
            ticked += form.attestation_requirements()
        return workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=request.user,
            channel=data["channel"],
            ticked=ticked,
            documents=documents,
            note=data["note"],
        )
