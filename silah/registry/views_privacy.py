"""The PDPL screens: data-subject requests, the copy, destruction, retention, breaches.

Thin views: parse the form, call the service, render. The beneficiary is found through
`silah.registry.access` (a POSTed file number); requests are fetched through
`privacy.get_request_for`, so a request of a file the user may not see is a 404. No
personal data in any URL.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.audit.models import AccessLog
from silah.audit.services import log_read
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.core.pdf import write_pdf
from silah.policy.document import LocalFetcher
from silah.registry import breaches, privacy, retention
from silah.registry.access import beneficiaries_for, get_beneficiary_for
from silah.registry.forms_privacy import (
    BreachForm,
    BreachUpdateForm,
    DestroyForm,
    FileNumberForm,
    HoldForm,
    PeopleNoticeForm,
    PrivacyRequestForm,
    RegulatorNoticeForm,
    RetentionRuleForm,
    TextForm,
)
from silah.registry.models import Breach, PrivacyRequest, RetentionHold, RetentionRule

T = "registry/privacy/"


# -- requests --------------------------------------------------------------------------------


@permission_required(privacy.RECORD)
def request_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    rows = privacy.requests_for(request.user)
    if status == "open":
        rows = rows.filter(status__in=privacy.OPEN)
    elif status in PrivacyRequest.Status.values:
        rows = rows.filter(status=status)
    else:
        status = "all"
    return render(
        request,
        T + "requests.html",
        {
            "rows": privacy.with_clocks(rows[:200]),
            "status": status,
            "statuses": PrivacyRequest.Status.choices,
        },
    )


@permission_required(privacy.RECORD)
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    """Step 1: the file number (POSTed); step 2: the request itself."""
    lookup = FileNumberForm(request.POST if "file_number" in request.POST else None)
    form = None
    beneficiary = None
    if request.method == "POST" and "file_number" in request.POST:
        if lookup.is_valid():
            typed = "".join(lookup.cleaned_data["file_number"].split()).upper()
            beneficiary = beneficiaries_for(request.user).filter(file_number=typed).first()
            if beneficiary is None:
                lookup.add_error("file_number", _("لا يوجد ملف بهذا الرقم ضمن الملفات المتاحة لك."))
            else:
                log_read(request.user, beneficiary, what="privacy")
                form = PrivacyRequestForm(
                    initial={"beneficiary": beneficiary.pk, "received_on": timezone.localdate()}
                )
    elif request.method == "POST":
        form = PrivacyRequestForm(request.POST)
        if form.is_valid():
            beneficiary = get_beneficiary_for(request.user, form.cleaned_data["beneficiary"])
            data = form.cleaned_data
            try:
                created = privacy.record_request(
                    beneficiary,
                    actor=request.user,
                    kind=data["kind"],
                    received_on=data["received_on"],
                    channel=data["channel"],
                    verification=data["verification"],
                    verification_note=data["verification_note"],
                    details=data["details"],
                    by_representative=data["by_representative"],
                    representative_name=data["representative_name"],
                    representative_relation=data["representative_relation"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("سُجّل الطلب %(ref)s.") % {"ref": created.reference})
                return redirect("registry:privacy_request", created.pk)
        else:
            beneficiary = get_beneficiary_for(request.user, form.data.get("beneficiary"))
    return render(
        request,
        T + "request_new.html",
        {"lookup": lookup, "form": form, "beneficiary": beneficiary},
    )


@permission_required(privacy.RECORD)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = privacy.get_request_for(request.user, pk)
    log_read(request.user, found.beneficiary, what="privacy")
    return render(
        request,
        T + "request.html",
        {
            "item": found,
            "clock": privacy.clock_status(found),
            "events": found.events.select_related("actor"),
            "destroyed": hasattr(found.beneficiary, "destruction"),
            "can_manage": request.user.has_perm(privacy.MANAGE),
            "can_destroy": request.user.has_perm(privacy.DESTROY),
            "copy_kinds": privacy.COPY_KINDS,
        },
    )


@permission_required(privacy.MANAGE)
@require_POST
def request_start(request: HttpRequest, pk: int) -> HttpResponse:
    found = privacy.get_request_for(request.user, pk)
    try:
        privacy.start_request(found, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("registry:privacy_request", found.pk)


ACTIONS = {
    "answer": (privacy.answer_request, "answer", _("الرد على الطلب"), _("الرد")),
    "refuse": (privacy.refuse_request, "reason", _("رفض الطلب"), _("سبب الرفض")),
    "extend": (privacy.extend_request, "reason", _("تمديد المهلة"), _("سبب التمديد")),
}


@permission_required(privacy.MANAGE)
@require_http_methods(["GET", "POST"])
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    verb, argument, title, label = ACTIONS[action]
    found = privacy.get_request_for(request.user, pk)
    form = TextForm(request.POST if request.method == "POST" else None)
    form.fields["text"].label = label
    if request.method == "POST" and form.is_valid():
        try:
            verb(found, actor=request.user, **{argument: form.cleaned_data["text"]})
        except DomainError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("حُفظ."))
            return redirect("registry:privacy_request", found.pk)
    return render(request, T + "action.html", {"item": found, "form": form, "title": title})


def _copy(request: HttpRequest, pk: int) -> tuple[PrivacyRequest, list]:
    found = privacy.get_request_for(request.user, pk)
    try:
        sections = privacy.produce_copy(found, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        raise _Redirect(found.pk) from None
    log_read(request.user, found.beneficiary, what="export", channel=AccessLog.Channel.EXPORT)
    return found, sections


class _Redirect(Exception):
    def __init__(self, pk: int) -> None:
        self.pk = pk


def _copy_context(found: PrivacyRequest, sections: list) -> dict:
    return {
        "item": found,
        "sections": sections,
        "produced_at": timezone.now(),
    }


@permission_required(privacy.MANAGE)
def request_copy(request: HttpRequest, pk: int, fmt: str = "html") -> HttpResponse:
    """The copy of everything held: a page, a PDF or JSON (each a logged export)."""
    try:
        found, sections = _copy(request, pk)
    except _Redirect as go:
        return redirect("registry:privacy_request", go.pk)
    name = f"silah-copy-{found.reference}"
    if fmt == "json":
        body = json.dumps(
            {
                "reference": found.reference,
                "produced_at": timezone.now().isoformat(),
                "sections": sections,
            },
            ensure_ascii=False,
            indent=2,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt == "pdf":
        with translation.override("ar"):
            html = render_to_string(T + "copy_pdf.html", _copy_context(found, sections))
        pdf = write_pdf(html, url_fetcher=LocalFetcher())
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return render(request, T + "copy.html", _copy_context(found, sections))


@permission_required(privacy.DESTROY)
@require_http_methods(["GET", "POST"])
def request_destroy(request: HttpRequest, pk: int) -> HttpResponse:
    found = privacy.get_request_for(request.user, pk)
    if found.kind != PrivacyRequest.Kind.DESTROY:
        raise Http404
    form = DestroyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            record = privacy.destroy_personal_data(
                found,
                actor=request.user,
                confirm_file_number=form.cleaned_data["confirm_file_number"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("أُتلفت البيانات. رمز سجل الإتلاف: %(token)s") % {"token": record.token}
            )
            return redirect("registry:privacy_request", found.pk)
    found.refresh_from_db()
    return render(request, T + "destroy.html", {"item": found, "form": form})


# -- retention -------------------------------------------------------------------------------


@permission_required(privacy.MANAGE)
@require_http_methods(["GET", "POST"])
def retention_page(request: HttpRequest) -> HttpResponse:
    rules = retention.rules()
    forms_ = {
        rule.kind: RetentionRuleForm(
            request.POST if request.POST.get("kind") == rule.kind else None,
            prefix=rule.kind,
            initial={"keep_days": rule.keep_days, "enabled": rule.enabled},
        )
        for rule in rules
    }
    if request.method == "POST":
        kind = request.POST.get("kind")
        form = forms_.get(kind)
        if form is not None and form.is_valid():
            try:
                retention.set_rule(
                    kind,
                    actor=request.user,
                    keep_days=form.cleaned_data["keep_days"],
                    enabled=form.cleaned_data["enabled"],
                )
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("حُفظت قاعدة الاحتفاظ."))
                return redirect("registry:privacy_retention")
    due = [
        item
        for item in retention.archived_files_due(limit=200)
        if beneficiaries_for(request.user).filter(pk=item.beneficiary.pk).exists()
    ]
    return render(
        request,
        T + "retention.html",
        {
            "rules": [(rule, forms_[rule.kind]) for rule in rules],
            "due": due,
            "hold_form": HoldForm(),
            "holds": RetentionHold.objects.filter(released_at__isnull=True).select_related(
                "beneficiary", "held_by"
            ),
            "kinds": RetentionRule.Kind,
        },
    )


@permission_required(privacy.MANAGE)
@require_POST
def retention_hold(request: HttpRequest) -> HttpResponse:
    form = HoldForm(request.POST)
    if form.is_valid():
        beneficiary = get_beneficiary_for(request.user, form.cleaned_data["beneficiary"])
        try:
            retention.hold_file(beneficiary, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("أُبقي على الملف %(file)s.") % {"file": beneficiary.file_number}
            )
    else:
        messages.error(request, _("اكتب سبب الإبقاء على الملف."))
    return redirect("registry:privacy_retention")


@permission_required(privacy.MANAGE)
@require_POST
def retention_release(request: HttpRequest, pk: int) -> HttpResponse:
    hold = RetentionHold.objects.filter(
        pk=pk, beneficiary__in=beneficiaries_for(request.user)
    ).first()
    if hold is None:
        raise Http404
    try:
        retention.release_hold(hold, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("registry:privacy_retention")


# -- breaches --------------------------------------------------------------------------------


def _breach(pk: int) -> Breach:
    found = Breach.objects.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@permission_required(privacy.MANAGE)
def breach_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    rows = [(b, breaches.notice_status(b, now=now)) for b in Breach.objects.all()[:200]]
    return render(request, T + "breaches.html", {"rows": rows})


@permission_required(privacy.MANAGE)
@require_http_methods(["GET", "POST"])
def breach_new(request: HttpRequest) -> HttpResponse:
    form = BreachForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            breach = breaches.record_breach(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("registry:privacy_breach", breach.pk)
    return render(request, T + "breach_form.html", {"form": form, "breach": None})


@permission_required(privacy.MANAGE)
@require_http_methods(["GET", "POST"])
def breach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    breach = _breach(pk)
    form = BreachUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={
            "description": breach.description,
            "data_categories": breach.data_categories,
            "people_affected": breach.people_affected,
            "containment": breach.containment,
            "contained_at": breach.contained_at
            and timezone.localtime(breach.contained_at).replace(tzinfo=None),
        },
    )
    if request.method == "POST":
        if "close" in request.POST:
            try:
                breaches.close_breach(breach, actor=request.user)
            except DomainError as error:
                messages.error(request, error.message)
            return redirect("registry:privacy_breach", breach.pk)
        if form.is_valid():
            try:
                breaches.update_breach(breach, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                messages.success(request, _("حُفظت الحادثة."))
                return redirect("registry:privacy_breach", breach.pk)
    return render(
        request,
        T + "breach.html",
        {
            "breach": breach,
            "form": form,
            "notice": breaches.notice_status(breach),
            "categories": [
                Breach.DataCategory(c).label
                for c in breach.data_categories
                if c in Breach.DataCategory.values
            ],
            "changes": breach.history.all()[:20],
        },
    )


NOTICES = {
    "regulator": (RegulatorNoticeForm, breaches.notify_regulator, _("إشعار الهيئة")),
    "people": (PeopleNoticeForm, breaches.notify_people, _("إشعار المتأثرين")),
}


@permission_required(privacy.MANAGE)
@require_http_methods(["GET", "POST"])
def breach_notify(request: HttpRequest, pk: int, who: str) -> HttpResponse:
    if who not in NOTICES:
        raise Http404
    form_class, verb, title = NOTICES[who]
    breach = _breach(pk)
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            verb(breach, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("سُجّل الإشعار."))
            return redirect("registry:privacy_breach", breach.pk)
    return render(
        request, T + "breach_notify.html", {"breach": breach, "form": form, "title": title}
    )
