"""Messaging's screens: templates, a person's messages, letters and calls, announcements,
and the demo message. Thin: parse, call the service, render."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.core.counting import BENEFICIARIES, counted
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.messaging import announcements, letters, outbox, rendering, services
from silah.messaging.events import Event, placeholders
from silah.messaging.forms import AnnouncementForm, RecordCallForm, TemplateForm
from silah.messaging.models import Announcement, CallTask, Inbound, Message, PrintBatch, Template
from silah.registry.access import beneficiaries_for, get_beneficiary_for, open_file
from silah.registry.tabs import tabs_for

MANAGE = "messaging.manage_templates"
VIEW = "messaging.view_messages"


# -- templates -------------------------------------------------------------------------------


@permission_required(MANAGE)
def template_list(request: HttpRequest) -> HttpResponse:
    rows = Template.objects.all()
    return render(request, "messaging/templates.html", {"templates": rows})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(Template, pk=pk)
    form = TemplateForm(
        request.POST or None,
        initial={
            "subject": template.subject,
            "body": template.body,
            "whatsapp_template": template.whatsapp_template,
        },
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            preview = rendering.preview(template.event, data["subject"], data["body"])
            if "save" in request.POST:
                services.save_template(template, actor=request.user, **data)
                flash.success(request, _("حُفظ القالب."))
                return redirect("messaging:templates")
        except DomainError as error:
            add_domain_error(form, error)
            preview = None
    elif request.method == "GET":
        preview = rendering.preview(template.event, template.subject, template.body)
    return render(
        request,
        "messaging/template_edit.html",
        {
            "template": template,
            "form": form,
            "preview": preview,
            "placeholders": placeholders(template.event),
        },
    )


# -- a person's messages ---------------------------------------------------------------------


@permission_required(VIEW)
def file_messages(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="messages")
    return render(
        request,
        "messaging/file_messages.html",
        {
            "beneficiary": beneficiary,
            "tabs": tabs_for(request, beneficiary, "messages"),
            "messages_sent": Message.objects.filter(beneficiary=beneficiary)[:200],
            "replies": Inbound.objects.filter(beneficiary=beneficiary)[:100],
            "can_resend": request.user.has_perm("messaging.resend_message"),
        },
    )


@permission_required("messaging.resend_message")
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message, pk=pk, beneficiary__isnull=False)
    beneficiary = get_beneficiary_for(request.user, message.beneficiary_id)
    try:
        outbox.resend(message, actor=request.user)
        flash.success(request, _("أُعيدت الرسالة إلى قائمة الإرسال."))
    except DomainError as error:
        flash.error(request, error.message)
    return redirect("messaging:file_messages", beneficiary.pk)


# -- letters and calls -----------------------------------------------------------------------


def _calls_for(user):
    tasks = CallTask.objects.filter(done_at__isnull=True).select_related("message__beneficiary")
    return tasks.filter(message__beneficiary__in=beneficiaries_for(user))


@permission_required(VIEW)
def work(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "messaging/work.html",
        {
            "calls": _calls_for(request.user)[:200],
            "letters_waiting": letters.letters_to_print().count(),
            "batches": PrintBatch.objects.all()[:20],
            "can_print": request.user.has_perm("messaging.print_letters"),
        },
    )


@permission_required(VIEW)
@require_http_methods(["GET", "POST"])
def record_call(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(_calls_for(request.user), pk=pk)
    form = RecordCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outbox.record_call(task, actor=request.user, outcome=form.cleaned_data["outcome"])
            flash.success(request, _("سُجّل الاتصال."))
            return redirect("messaging:work")
        except DomainError as error:
            add_domain_error(form, error)
    return render(request, "messaging/record_call.html", {"task": task, "form": form})


@permission_required("messaging.print_letters")
@require_POST
def print_batch(request: HttpRequest) -> HttpResponse:
    try:
        batch = letters.make_print_batch(actor=request.user)
        flash.success(request, _("جُهّزت دفعة الطباعة؛ نزّل ملفها واطبعه."))
        return redirect("messaging:batch_pdf", batch.pk)
    except DomainError as error:
        flash.error(request, error.message)
        return redirect("messaging:work")


@permission_required("messaging.print_letters")
def batch_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PrintBatch, pk=pk)
    if not batch.pdf:
        raise Http404
    return FileResponse(batch.pdf.open("rb"), as_attachment=True, filename=f"letters-{pk}.pdf")


# -- announcements ---------------------------------------------------------------------------

SEND = "messaging.send_announcement"


@permission_required(SEND)
def announcement_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "messaging/announcements.html", {"announcements": Announcement.objects.all()[:50]}
    )


@permission_required(SEND)
@require_http_methods(["GET", "POST"])
def announcement_new(request: HttpRequest) -> HttpResponse:
    form = AnnouncementForm(request.POST or None)
    counts = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if "send" in request.POST:
                announcement = announcements.start(actor=request.user, **data)
                return redirect("messaging:announcement", announcement.pk)
            announcements._validate(
                data["segment"], data["category"], data["branch"], data["title"], data["text"]
            )
            counts = announcements.preview_counts(
                data["segment"], category=data["category"], branch=data["branch"]
            )
        except DomainError as error:
            add_domain_error(form, error)
    from silah.policy.rules import CONTACT_CHANNELS

    rows = [
        (CONTACT_CHANNELS.get(k, k), counted(BENEFICIARIES, v)) for k, v in (counts or {}).items()
    ]
    return render(
        request,
        "messaging/announcement_new.html",
        {
            "form": form,
            "counts": rows,
            "total": counted(BENEFICIARIES, sum((counts or {}).values())),
            "previewed": counts is not None,
        },
    )


@permission_required(SEND)
def announcement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    announcement = get_object_or_404(Announcement, pk=pk)
    context = {"announcement": announcement, "report": announcements.report(announcement)}
    if request.htmx:
        return render(request, "messaging/partials/announcement_progress.html", context)
    return render(request, "messaging/announcement.html", context)


# -- the demo --------------------------------------------------------------------------------


def _last_block(path: Path) -> str:
    if not path.is_file():
        return ""
    text = path.read_text(encoding="utf-8")[-6000:]
    marker = "─" * 60
    return marker + text.rsplit(marker, 1)[-1] if marker in text else text


@login_required
@require_http_methods(["GET", "POST"])
def demo(request: HttpRequest) -> HttpResponse:
    """Send a test message to oneself and see it where the console gateway wrote it."""
    path = Path(settings.SILAH_MESSAGES_FILE) if settings.SILAH_MESSAGES_FILE else None
    if request.method == "POST":
        outbox.send(
            event=Event.DEMO,
            staff=request.user,
            channel="email" if request.user.email else "sms",
            values={"name": request.user.first_name or request.user.username},
            actor=request.user,
        )
        flash.success(request, _("كُتبت الرسالة في صندوق الإرسال؛ يرسلها العامل الخلفي خلال ثوانٍ."))
        return redirect("messaging:demo")
    latest = Message.objects.filter(staff=request.user, event=Event.DEMO).first()
    return render(
        request,
        "messaging/demo.html",
        {"latest": latest, "path": path, "written": _last_block(path) if path else ""},
    )
