"""Registering and editing a beneficiary, and changing a file's status.

Before a new file is saved, files that may be the same person are shown; the user opens one
of them or confirms that this is a different person, and the pairs then wait in the duplicate
queue (source "on_save") for the manager. The same identity number is a block,
with a link to the existing file when the user may see it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.registry import duplicates_on_save, queries_list, services
from silah.registry.access import beneficiaries_for, open_file
from silah.registry.forms import (
    BeneficiaryForm,
    DifferentPersonForm,
    NewMemberForm,
    ReasonForm,
    StatusForm,
)
from silah.registry.models import Beneficiary, Household
from silah.registry.validation import clean_beneficiary_fields
from silah.registry.views_file import file_context

REGISTER = "registry.register_beneficiary"
CHANGE_STATUS = "registry.change_beneficiary_status"
MANAGE_HOUSEHOLDS = "registry.manage_households"


def _identity_holder(request: HttpRequest, number: str, *, exclude: int | None = None):
    """The file holding this identity number, if the user may see it (else None)."""
    if not number:
        return None
    found = beneficiaries_for(request.user).filter(identity_number=number)
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("pk").first()


def _show_error(request: HttpRequest, form: BeneficiaryForm, error: DomainError, context: dict):
    if error.field == "identity_number":
        # Read before add_error, which drops the field from cleaned_data.
        number = clean_number(form)
        context["identity_holder"] = _identity_holder(
            request, number, exclude=context.get("beneficiary_pk")
        )
    form.add_error(form.field_for(error.field), error.message)


def clean_number(form: BeneficiaryForm) -> str:
    try:
        return clean_beneficiary_fields(form.service_fields())["identity_number"]
    except DomainError:
        return ""


def _split_candidates(request: HttpRequest, candidates: list) -> tuple[list, int]:
    """The candidates the user may see, and how many others there are (shown without data)."""
    visible_ids = set(
        beneficiaries_for(request.user)
        .filter(pk__in=[c.beneficiary.pk for c in candidates])
        .values_list("pk", flat=True)
    )
    shown = [c for c in candidates if c.beneficiary.pk in visible_ids]
    return shown, len(candidates) - len(shown)


def register_view(request: HttpRequest, household: Household | None, context: dict) -> Any:
    """The registration form, its duplicate check and the save; returns the new beneficiary
    (after a save) or the context to render."""
    post = request.POST if request.method == "POST" else None
    form = BeneficiaryForm(post, user=request.user)
    confirm = DifferentPersonForm(post)
    member_form = NewMemberForm(post) if household is not None else None
    context.update(form=form, confirm=confirm, member_form=member_form)
    if post is None:
        return context
    if not (form.is_valid() & confirm.is_valid() & (member_form is None or member_form.is_valid())):
        return context
    fields = form.service_fields()
    try:
        cleaned = clean_beneficiary_fields(fields)
    except DomainError as error:
        _show_error(request, form, error, context)
        return context
    holder = queries_list.identity_holder(cleaned["identity_number"])
    if holder is not None:
        # The service refuses it too; said here first, before any likely duplicate.
        message = services.MESSAGES["duplicate_identity"] % {"file_number": holder.file_number}
        form.add_error("identity_number", message)
        context["identity_holder"] = _identity_holder(request, cleaned["identity_number"])
        return context
    values = {**cleaned, "household": household} if household is not None else cleaned
    candidates = queries_list.duplicate_candidates(values)
    if candidates and not confirm.cleaned_data["confirm_different"]:
        shown, hidden = _split_candidates(request, candidates)
        context.update(candidates=shown, hidden_candidates=hidden)
        return context
    try:
        with transaction.atomic():
            beneficiary = services.register_beneficiary(
                actor=request.user, categories=form.service_categories(), **fields
            )
            # Overridden candidates still go to the manager's duplicate-review queue.
            duplicates_on_save.record_overridden(beneficiary, candidates, actor=request.user)
            if household is not None:
                services.add_member(
                    household,
                    beneficiary,
                    relationship=member_form.cleaned_data["relationship"],
                    actor=request.user,
                )
    except DomainError as error:
        if member_form is not None and error.field == "relationship":
            member_form.add_error("relationship", error.message)
        else:
            _show_error(request, form, error, context)
        return context
    return beneficiary


@permission_required(REGISTER)
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    outcome = register_view(request, None, {})
    if isinstance(outcome, Beneficiary):
        messages.success(
            request,
            _("سُجّل المستفيد، ورقم ملفه %(file)s.") % {"file": outcome.file_number},
        )
        back = _return_to(request, outcome)
        return redirect(back) if back else redirect("registry:file", pk=outcome.pk)
    return render(request, "registry/create.html", outcome)


def _return_to(request: HttpRequest, beneficiary: Beneficiary) -> str:
    """Where a screen that sent the user to register someone wants them back (`?next=` a
    local path), with the new file's pk as `beneficiary`; empty when there is none."""
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    separator = "&" if "?" in target else "?"
    return f"{target}{separator}{urlencode({'beneficiary': beneficiary.pk})}"


@permission_required(REGISTER)
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="edit")
    post = request.POST if request.method == "POST" else None
    form = BeneficiaryForm(
        post, user=request.user, initial=BeneficiaryForm.initial_from(beneficiary)
    )
    reason = ReasonForm(post)
    context = file_context(request, beneficiary, "personal")
    context.update(
        form=form,
        reason_form=reason,
        beneficiary_pk=beneficiary.pk,
        proposed_liaison=services.choose_liaison_officer(beneficiary),
    )
    if post is not None and form.is_valid() & reason.is_valid():
        fields = form.service_fields()
        why = reason.cleaned_data["reason"]
        try:
            with transaction.atomic():
                services.set_categories(
                    beneficiary, form.service_categories(), actor=request.user, reason=why
                )
                if fields["liaison_officer"] is None:
                    fields["liaison_officer"] = services.choose_liaison_officer(beneficiary)
                services.update_beneficiary(beneficiary, actor=request.user, reason=why, **fields)
        except DomainError as error:
            if error.field == "reason":
                reason.add_error("reason", error.message)
            else:
                _show_error(request, form, error, context)
        else:
            messages.success(request, _("حُفظت بيانات المستفيد."))
            return redirect("registry:file", pk=beneficiary.pk)
    return render(request, "registry/edit.html", context)


@permission_required(CHANGE_STATUS)
@require_http_methods(["GET", "POST"])
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="status")
    form = StatusForm(
        request.POST if request.method == "POST" else None, current=beneficiary.status
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(
                beneficiary,
                to=form.cleaned_data["to"],
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request,
                _("أصبحت حالة الملف «%(status)s».") % {"status": beneficiary.get_status_display()},
            )
            return redirect("registry:file", pk=beneficiary.pk)
    context = file_context(request, beneficiary, "personal")
    context["form"] = form
    return render(request, "registry/status.html", context)
