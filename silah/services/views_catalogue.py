"""The staff catalogue (manager and administrator): list, create and edit a service with its
requirements, branches, deadline and deciding body; deactivate and reactivate. Thin: parse,
call `services`, render."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.policy.services import version_in_force
from silah.services import queries, services
from silah.services.forms import (
    DeactivateForm,
    RequirementFormSet,
    ServiceForm,
    requirement_initial,
)
from silah.services.models import Service

MANAGE = services.MANAGE_CATALOGUE


@permission_required(MANAGE)
def catalogue(request: HttpRequest) -> HttpResponse:
    search = (request.GET.get("q") or "").strip()[:100]
    rows = queries.catalogue(search=search)
    return render(
        request,
        "services/catalogue.html",
        {"services": rows, "search": search, "version": version_in_force()},
    )


def _show_formset_error(form: ServiceForm, formset, error: DomainError) -> None:
    """A requirement's refusal goes to its row's field; anything else to the service form."""
    field = error.field or ""
    if field.startswith("requirements."):
        parts = field.split(".")
        if len(parts) == 3 and parts[1].isdigit():
            kept = getattr(formset, "kept_forms", [])
            index = int(parts[1])
            if index < len(kept):
                target = kept[index]
                target.add_error(parts[2] if parts[2] in target.fields else None, error.message)
                return
    add_domain_error(form, error)


def _edit(request: HttpRequest, service: Service | None) -> HttpResponse:
    version = version_in_force()
    if request.method == "POST":
        form = ServiceForm(request.POST, service=service)
        formset = RequirementFormSet(request.POST, prefix="requirements")
        if form.is_valid() and formset.is_valid():
            fields = form.service_fields()
            branches = list(form.cleaned_data["branches"])
            try:
                if service is None:
                    saved = services.create_service(
                        actor=request.user,
                        code=form.cleaned_data["code"],
                        requirements=formset.requirements(),
                        branches=branches,
                        **fields,
                    )
                    flash.success(request, _("أُضيفت الخدمة إلى الدليل."))
                else:
                    saved = services.update_service(
                        service,
                        actor=request.user,
                        requirements=formset.requirements(),
                        branches=branches,
                        **fields,
                    )
                    flash.success(request, _("حُفظت الخدمة."))
                return redirect("services:service_edit", pk=saved.pk)
            except DomainError as error:
                _show_formset_error(form, formset, error)
    else:
        form = ServiceForm(service=service, initial=None if service else {"is_public": True})
        formset = RequirementFormSet(
            prefix="requirements",
            initial=requirement_initial(service) if service else None,
        )
    return render(
        request,
        "services/service_form.html",
        {
            "service": service,
            "form": form,
            "formset": formset,
            "version": version,
            "rules": queries.published_rules(service, version) if service else None,
            "deactivate_form": DeactivateForm(),
        },
        status=400 if request.method == "POST" else 200,
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(Service, pk=pk))


@permission_required(MANAGE)
@require_POST
def service_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    form = DeactivateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.deactivate_service(service, actor=request.user, reason=reason)
        flash.success(request, _("أُوقفت الخدمة: لا تظهر في الدليل العام ولا عند الاستقبال."))
    except (DomainError, PermissionDenied) as error:
        flash.error(request, getattr(error, "message", str(error)))
    return redirect("services:service_edit", pk=service.pk)


@permission_required(MANAGE)
@require_POST
def service_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk)
    try:
        services.reactivate_service(service, actor=request.user)
        flash.success(request, _("أُعيدت إتاحة الخدمة."))
    except DomainError as error:
        flash.error(request, error.message)
    return redirect("services:service_edit", pk=service.pk)
