"""The administrator's policy screens: the association, drafts, comparison, printing for the
board and recording its approval. Board members (policy.read_policy_drafts) read them all;
only policy.edit_policy changes anything.

Views are thin: parse the form, call the service, render. A DomainError from a service is
shown at the field it names.
"""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.policy import document, queries_edit, services, services_edit
from silah.policy.editors import EDITORS
from silah.policy.forms_edit import (
    ROWS,
    ApprovalForm,
    OrganizationForm,
    SectionFormSet,
    StartDraftForm,
    TitleForm,
    sections_initial,
    sections_value,
    with_added_row,
)
from silah.policy.models import Organization, PolicyVersion, ToolDocument
from silah.policy.references import reference_help
from silah.policy.rules import RULE_GROUPS

READ = "policy.read_policy_drafts"
EDIT = "policy.edit_policy"
ORGANIZATION = "policy.manage_organization"

READ_ONLY = _("هذا الإصدار معتمد أو سابق ولا يُعدّل. لأي تغيير أنشئ مسودة جديدة.")
NO_ORGANIZATION = _("أدخل بيانات الجمعية أولًا، ثم ابدأ مسودة السياسة.")
SECTIONS = "sections"
ADD_ROW = "add_row"
CONFIRMED = "yes"


def _version(pk: int) -> PolicyVersion:
    return get_object_or_404(
        PolicyVersion.objects.select_related(
            "organization", "based_on", "approval_recorded_by", "created_by"
        ),
        pk=pk,
    )


def _refused(request: HttpRequest, version: PolicyVersion) -> HttpResponse:
    messages.error(request, READ_ONLY)
    return redirect("policy:draft", pk=version.pk)


def _show_error(form: Any, error: DomainError, *, aliases: dict[str, str] | None = None) -> None:
    field = (aliases or {}).get(error.field or "", error.field)
    form.add_error(field if field in form.fields else None, error.message)


# -- overview ---------------------------------------------------------------------------------


@permission_required(READ)
def manage(request: HttpRequest) -> HttpResponse:
    overview = queries_edit.overview(Organization.current())
    can_edit = request.user.has_perm(EDIT)
    start_form = None
    if can_edit and overview.organization is not None and overview.draft is None:
        start_form = StartDraftForm(
            in_force=overview.in_force, presets=queries_edit.preset_choices()
        )
    return render(
        request,
        "policy/edit/manage.html",
        {
            "overview": overview,
            "can_edit": can_edit,
            "can_edit_organization": request.user.has_perm(ORGANIZATION),
            "start_form": start_form,
        },
    )


# -- the association --------------------------------------------------------------------------


@permission_required(ORGANIZATION)
@require_http_methods(["GET", "POST"])
def organization(request: HttpRequest) -> HttpResponse:
    current = Organization.current()
    form = OrganizationForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        instance=current if current is not None else Organization(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_edit.update_organization(current, actor=request.user, **form.service_fields())
        except DomainError as error:
            _show_error(form, error, aliases={"logo": "logo_upload"})
        else:
            messages.success(request, gettext("حُفظت بيانات الجمعية."))
            return redirect("policy:organization")
    return render(request, "policy/edit/organization.html", {"form": form, "organization": current})


@permission_required(ORGANIZATION)
def organization_logo(request: HttpRequest) -> HttpResponse:
    current = Organization.current()
    if current is None or not current.logo:
        raise Http404
    content_type = mimetypes.guess_type(current.logo.name)[0] or "application/octet-stream"
    try:
        return FileResponse(current.logo.open("rb"), content_type=content_type)
    except FileNotFoundError:
        raise Http404 from None


# -- drafts -----------------------------------------------------------------------------------


@permission_required(EDIT)
@require_POST
def start_draft(request: HttpRequest) -> HttpResponse:
    current = Organization.current()
    if current is None:
        messages.error(request, NO_ORGANIZATION)
        return redirect("policy:organization")
    form = StartDraftForm(
        request.POST,
        in_force=services.version_in_force(current),
        presets=queries_edit.preset_choices(),
    )
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("source", [])))
        return redirect("policy:manage")
    try:
        draft = services_edit.start_draft(
            current, actor=request.user, source=form.cleaned_data["source"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("policy:manage")
    messages.success(
        request,
        gettext("أُنشئت المسودة رقم %(number)s. عدّلها ثم اطبعها للمجلس.") % {"number": draft.number},
    )
    return redirect("policy:draft", pk=draft.pk)


@permission_required(READ)
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    organization = version.organization
    rules = version.parsed_rules()
    groups = queries_edit.rule_groups(
        rules, sentences=queries_edit.sentences_by_group(rules, organization)
    )
    return render(
        request,
        "policy/edit/draft.html",
        {
            "version": version,
            "groups": groups,
            "sections": queries_edit.sections_of(version),
            "tool_files": {d.tool_name: d for d in version.tool_files.all()},
            "can_edit": request.user.has_perm(EDIT) and version.is_draft,
            "review": queries_edit.review_of(version) if version.in_force else None,
            "comparison_base": queries_edit.default_comparison_base(version),
        },
    )


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def edit_sections(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if not version.is_draft:
        return _refused(request, version)
    data = request.POST if request.method == "POST" else None
    adding = data is not None and ADD_ROW in data
    if adding:
        data = with_added_row(data, SECTIONS)
    title_form = TitleForm(data, initial={"title": version.title})
    formset = SectionFormSet(data, initial=sections_initial(version), prefix=SECTIONS)
    if data is not None and not adding and title_form.is_valid() and formset.is_valid():
        try:
            services.update_draft(
                version,
                actor=request.user,
                title=title_form.cleaned_data["title"],
                sections=sections_value(formset),
            )
        except DomainError as error:
            _section_error(title_form, formset, error)
        else:
            messages.success(request, gettext("حُفظت الأقسام النصية."))
            return redirect(f"{reverse('policy:draft', args=[version.pk])}#sections")
    return render(
        request,
        "policy/edit/sections.html",
        {
            "version": version,
            "form": title_form,
            "formset": formset,
            "references": reference_help(version.parsed_rules(), version.organization),
        },
    )


def _section_error(title_form: TitleForm, formset: Any, error: DomainError) -> None:
    path = (error.field or "").split(".")
    if path[0] == "title":
        title_form.add_error("title", error.message)
        return
    if len(path) >= 2 and path[0] == "sections" and path[1].isdigit():
        rows = formset.rows()
        index = int(path[1])
        if index < len(rows):
            name = path[2] if len(path) > 2 else None
            rows[index].add_error(name if name in rows[index].fields else None, error.message)
            return
    title_form.add_error(None, error.message)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def edit_rules(request: HttpRequest, pk: int, group: str) -> HttpResponse:
    editor_class = EDITORS.get(group)
    if editor_class is None:
        raise Http404
    version = _version(pk)
    if not version.is_draft:
        return _refused(request, version)
    data = request.POST if request.method == "POST" else None
    adding = data is not None and ADD_ROW in data
    if adding:
        data = with_added_row(data, ROWS)
    editor = editor_class(version, data, request.FILES if data is not None else None)
    if data is not None and not adding and editor.is_valid():
        try:
            services_edit.update_rule_group(
                version,
                actor=request.user,
                group=group,
                value=editor.value(),
                **editor.service_kwargs(),
            )
        except DomainError as error:
            editor.add_domain_error(error)
        else:
            messages.success(
                request,
                gettext("حُفظت قواعد «%(group)s».") % {"group": RULE_GROUPS[group]},
            )
            return redirect(f"{reverse('policy:draft', args=[version.pk])}#rules-{group}")
    return render(
        request,
        "policy/edit/rules.html",
        {
            "version": version,
            "group": group,
            "group_title": RULE_GROUPS[group],
            "editor": editor,
            "form": editor.form,
            "formset": editor.formset,
        },
    )


@permission_required(READ)
def tool_file(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    document = get_object_or_404(ToolDocument, pk=file_pk, version_id=pk)
    content_type = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
    try:
        return FileResponse(document.file.open("rb"), content_type=content_type)
    except FileNotFoundError:
        raise Http404 from None


# -- comparing and printing -------------------------------------------------------------------


@permission_required(READ)
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    others = list(version.organization.policy_versions.exclude(pk=version.pk).order_by("-number"))
    raw = request.GET.get("with", "").strip()
    if raw:
        if not raw.isdecimal() or len(raw) > 9:
            raise Http404
        other = queries_edit.version_by_number(version.organization, int(raw))
        if other is None:
            raise Http404
    else:
        other = queries_edit.default_comparison_base(version)
    comparison = None
    if other is not None and other.pk != version.pk:
        before, after = (other, version) if other.number < version.number else (version, other)
        comparison = queries_edit.compare(before, after)
    return render(
        request,
        "policy/edit/compare.html",
        {"version": version, "other": other, "others": others, "comparison": comparison},
    )


@permission_required(READ)
def print_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as the board reads it: a PDF, marked "مسودة" while it is a draft."""
    version = _version(pk)
    response = HttpResponse(document.render_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.pdf_filename(version)}"'
    return response


# -- the board's approval ---------------------------------------------------------------------


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if not version.is_draft:
        return _refused(request, version)
    months = version.parsed_rules().review_every_months
    in_force = services.version_in_force(version.organization)
    form = ApprovalForm(
        request.POST if request.method == "POST" else None, review_every_months=months
    )
    context: dict[str, Any] = {
        "version": version,
        "in_force": in_force,
        "form": form,
        "months": months,
        "staff_count": queries_edit.staff_to_acknowledge(),
    }
    if request.method != "POST" or not form.is_valid():
        return render(request, "policy/edit/approve.html", context)
    data = form.cleaned_data
    next_review = data["next_review_on"] or queries_edit.default_next_review(
        version, data["approved_on"]
    )
    if "edit" in request.POST:  # back from the confirmation, to change what was typed
        return render(request, "policy/edit/approve.html", context)
    if request.POST.get("confirmed") != CONFIRMED:
        return render(
            request,
            "policy/edit/approve_confirm.html",
            {**context, "data": data, "next_review": next_review, "confirmed": CONFIRMED},
        )
    try:
        services.record_approval(
            version,
            actor=request.user,
            resolution_number=data["resolution_number"],
            approved_on=data["approved_on"],
            meeting=data["meeting"],
            next_review_on=data["next_review_on"],
        )
    except DomainError as error:
        _show_error(form, error)
        return render(request, "policy/edit/approve.html", context)
    messages.success(
        request,
        gettext(
            "سُجّل اعتماد المجلس. الإصدار رقم %(number)s هو النافذ الآن، وسيُطلب من كل موظف "
            "الإقرار به."
        )
        % {"number": version.number},
    )
    return redirect("policy:draft", pk=version.pk)


@permission_required(EDIT)
@require_http_methods(["GET", "POST"])
def discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(pk)
    if not version.is_draft:
        return _refused(request, version)
    if request.method == "POST":
        try:
            services.discard_draft(version, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("policy:draft", pk=version.pk)
        messages.success(
            request, gettext("حُذفت المسودة رقم %(number)s.") % {"number": version.number}
        )
        return redirect("policy:manage")
    return render(request, "policy/edit/discard.html", {"version": version})
