"""The documents tab: list, upload, replace, delete, and the view that serves a file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from silah.audit.services import log_read
from silah.core.counting import DOCUMENTS, counted
from silah.core.dates import today
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.registry import documents as services
from silah.registry import queries
from silah.registry.access import get_beneficiary_for, open_file
from silah.registry.forms_documents import DeleteForm, ReplaceForm, UploadForm
from silah.registry.models import Beneficiary, Document
from silah.registry.tabs import tabs_for

MANAGE = "registry.manage_documents"


def _expired_line(count: int) -> str:
    if count == 1:
        return _("وثيقة واحدة انتهت صلاحيتها: اطلب من المستفيد نسخة سارية.")
    return _("وثائق انتهت صلاحيتها: %(documents)s. اطلب من المستفيد نسخًا سارية.") % {
        "documents": counted(DOCUMENTS, count)
    }


def _page(request: HttpRequest, beneficiary: Beneficiary, form: UploadForm | None) -> HttpResponse:
    documents = beneficiary.documents.select_related(
        "document_type", "uploaded_by", "removed_by", "replaced_by"
    ).order_by("state", "document_type__order", "-uploaded_at")
    expired_ids = set(
        queries.expired_documents(beneficiary.documents.all()).values_list("pk", flat=True)
    )
    context = {
        "beneficiary": beneficiary,
        "tabs": tabs_for(request, beneficiary, "documents"),
        "current": [d for d in documents if d.state == Document.State.CURRENT],
        "past": [d for d in documents if d.state != Document.State.CURRENT],
        "expired_ids": expired_ids,
        "expired_line": _expired_line(len(expired_ids)),
        "today": today(),
        "form": form,
        "can_manage": request.user.has_perm(MANAGE),
    }
    return render(request, "registry/documents/tab.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def documents(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="documents")
    can_manage = request.user.has_perm(MANAGE)
    if request.method == "POST" and not can_manage:
        raise Http404
    form = UploadForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_document(
                beneficiary,
                actor=request.user,
                document_type=form.cleaned_data["document_type"],
                upload=form.cleaned_data["file"],
                expires_on=form.cleaned_data["expires_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("رُفعت الوثيقة."))
            return redirect("registry:documents", pk=beneficiary.pk)
    return _page(request, beneficiary, form)


def _document(beneficiary: Beneficiary, uid) -> Document:
    document = beneficiary.documents.select_related("document_type").filter(uid=uid).first()
    if document is None:
        raise Http404
    return document


@login_required
@require_GET
def document_file(request: HttpRequest, pk: int, uid) -> HttpResponse:
    """The stored file, to staff who may open the beneficiary's file; the read is logged."""
    beneficiary = get_beneficiary_for(request.user, pk)
    document = _document(beneficiary, uid)
    if not document.file:
        raise Http404
    log_read(request.user, beneficiary, what="document")
    kind = next(
        (k for k in services.KINDS.values() if k.content_type == document.content_type), None
    )
    extension = kind.extension if kind else ""
    response = FileResponse(
        document.file.open("rb"),
        content_type=document.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=f"{beneficiary.file_number}-{document.document_type.code}{extension}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def document_replace(request: HttpRequest, pk: int, uid) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="documents")
    document = _document(beneficiary, uid)
    if document.state != Document.State.CURRENT:
        raise Http404
    form = ReplaceForm(
        request.POST or None,
        request.FILES or None,
        initial={"document_type": document.document_type},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_document(
                document,
                actor=request.user,
                upload=form.cleaned_data["file"],
                reason=form.cleaned_data["reason"],
                document_type=form.cleaned_data["document_type"],
                expires_on=form.cleaned_data["expires_on"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("استُبدلت الوثيقة، وبقيت السابقة في سجلها."))
            return redirect("registry:documents", pk=beneficiary.pk)
    context = {
        "beneficiary": beneficiary,
        "tabs": tabs_for(request, beneficiary, "documents"),
        "document": document,
        "form": form,
    }
    return render(request, "registry/documents/replace.html", context)


@login_required
@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def document_delete(request: HttpRequest, pk: int, uid) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="documents")
    document = _document(beneficiary, uid)
    if document.state != Document.State.CURRENT:
        raise Http404
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.delete_document(
                document, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("حُذف ملف الوثيقة، وبقي سجلها."))
            return redirect("registry:documents", pk=beneficiary.pk)
    context = {
        "beneficiary": beneficiary,
        "tabs": tabs_for(request, beneficiary, "documents"),
        "document": document,
        "form": form,
    }
    return render(request, "registry/documents/delete.html", context)
