"""The consent tab: the beneficiary's consents and the data-correctness attestation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from silah.audit.models import AccessLog
from silah.audit.services import log_read
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.registry import attestation, queries, services
from silah.registry.access import get_beneficiary_for, open_file
from silah.registry.forms_consent import ConsentForm, PaperAttestationForm, ScreenAttestationForm
from silah.registry.models import Beneficiary
from silah.registry.tabs import tabs_for

RECORD = "registry.record_consent"


def _page(
    request: HttpRequest,
    beneficiary: Beneficiary,
    *,
    consent_form: ConsentForm | None = None,
    screen_form: ScreenAttestationForm | None = None,
    paper_form: PaperAttestationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_record = request.user.has_perm(RECORD)
    context = {
        "beneficiary": beneficiary,
        "tabs": tabs_for(request, beneficiary, "consent"),
        "states": queries.consent_states(beneficiary),
        "history": queries.consent_history(beneficiary)[:50],
        "attestation": attestation.latest_attestation(beneficiary),
        "needs_attestation": attestation.needs_attestation(beneficiary),
        "attestations": beneficiary.attestations.select_related("witnessed_by", "document")[:20],
        "text": attestation.attestation_text(),
        "can_record": can_record,
        "can_upload": can_record and request.user.has_perm("registry.manage_documents"),
        "consent_form": consent_form or (ConsentForm() if can_record else None),
        "screen_form": screen_form or (ScreenAttestationForm() if can_record else None),
        "paper_form": paper_form or (PaperAttestationForm() if can_record else None),
    }
    return render(request, "registry/consent/tab.html", context, status=status)


@login_required
@require_GET
def consent(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="consent")
    return _page(request, beneficiary)


@login_required
@permission_required(RECORD)
@require_POST
def consent_change(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="consent")
    form = ConsentForm(request.POST)
    if form.is_valid():
        granting = form.cleaned_data["answer"] == "grant"
        verb = services.grant_consent if granting else services.withdraw_consent
        try:
            verb(
                beneficiary,
                form.cleaned_data["purpose"],
                actor=request.user,
                how=form.cleaned_data["how"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("سُجّل جواب المستفيد."))
            return redirect("registry:consent", pk=beneficiary.pk)
    return _page(request, beneficiary, consent_form=form, status=400)


@login_required
@permission_required(RECORD)
@require_POST
def attest_on_screen(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="consent")
    form = ScreenAttestationForm(request.POST)
    if form.is_valid():
        try:
            attestation.attest_on_screen(
                beneficiary,
                actor=request.user,
                typed_name=form.cleaned_data["typed_name"],
                confirmed=form.cleaned_data["confirmed"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("سُجّل إقرار المستفيد بصحة بياناته."))
            return redirect("registry:consent", pk=beneficiary.pk)
    return _page(request, beneficiary, screen_form=form, status=400)


@login_required
@permission_required(RECORD)
@require_http_methods(["POST"])
def attest_on_paper(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="consent")
    form = PaperAttestationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attestation.attest_on_paper(
                beneficiary, actor=request.user, upload=form.cleaned_data["file"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("رُفع نموذج الإقرار الموقّع وسُجّل الإقرار."))
            return redirect("registry:consent", pk=beneficiary.pk)
    return _page(request, beneficiary, paper_form=form, status=400)


@login_required
@permission_required(RECORD)
@require_GET
def attestation_form_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The attestation form with the beneficiary's data, to print and sign."""
    beneficiary = get_beneficiary_for(request.user, pk)
    log_read(request.user, beneficiary, what="attestation_form", channel=AccessLog.Channel.PRINT)
    pdf = attestation.render_attestation_pdf(beneficiary, witness=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="attestation-{beneficiary.file_number}.pdf"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
