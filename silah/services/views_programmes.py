"""Programme screens: the list, a programme's page (sessions, participants, attendance
rates), enrolling by file number, each enrolment's next step, and the attendance sheet of a
session, made for a phone. Thin: parse, call `programmes`, render.

Participants are named only when the user may see their file (`registry.access`); a
relations officer sees the participants of their branches' programmes (the scope registered
in `apps.py`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.core import dates
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.policy.rules import ATTENDANCE_RULES
from silah.registry.access import beneficiaries_for
from silah.services import programmes, queries
from silah.services.forms import (
    MARK_CHOICES,
    EnrollForm,
    EnrollmentActionForm,
    ProgrammeForm,
    SessionForm,
)
from silah.services.models import Enrollment, Programme, Session

MANAGE = programmes.MANAGE_PROGRAMMES
RUN = programmes.RUN_PROGRAMMES


def programme_staff(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then 403 unless the user manages or runs programmes."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.has_perm(RUN) or request.user.has_perm(MANAGE)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@programme_staff
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "services/programmes.html",
        {"programmes": queries.programmes().order_by("-is_active", "-starts_on", "name")},
    )


def _programme_form_page(
    request: HttpRequest, form: ProgrammeForm, programme: Programme | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "services/programme_form.html",
        {"form": form, "programme": programme},
        status=status,
    )


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.create_programme(
                form.cleaned_data["service"], actor=request.user, **form.programme_fields()
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("أُضيف البرنامج."))
            return redirect("services:programme", pk=programme.pk)
    return _programme_form_page(request, form, None, 400 if form.errors else 200)


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, pk=pk)
    initial = {
        name: getattr(programme, name)
        for name in programmes.PROGRAMME_FIELDS
        if name in ProgrammeForm.base_fields
    }
    form = ProgrammeForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            programmes.update_programme(programme, actor=request.user, **form.programme_fields())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("حُفظ البرنامج."))
            return redirect("services:programme", pk=programme.pk)
    return _programme_form_page(request, form, programme, 400 if form.errors else 200)


def _policy_attendance_rules() -> list[str]:
    return [str(ATTENDANCE_RULES[code]) for code in programmes.attendance_rules()]


def _participants(request: HttpRequest, programme: Programme) -> tuple[list[dict], int]:
    """Enrolments of people the user may see, with their attendance; and how many others."""
    visible = set(
        beneficiaries_for(request.user)
        .filter(enrollments__programme=programme)
        .values_list("pk", flat=True)
    )
    records = {record.enrollment.pk: record for record in queries.attendance_of(programme)}
    rows, hidden = [], 0
    for enrollment in queries.enrollments_of(programme):
        if enrollment.beneficiary_id not in visible:
            hidden += 1
            continue
        rows.append({"enrollment": enrollment, "attendance": records.get(enrollment.pk)})
    return rows, hidden


def _programme_page(
    request: HttpRequest,
    programme: Programme,
    *,
    enroll_form: EnrollForm | None = None,
    session_form: SessionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    rows, hidden = _participants(request, programme)
    taken = programme.enrollments.filter(state__in=("enrolled", "completed")).count()
    return render(
        request,
        "services/programme.html",
        {
            "programme": programme,
            "sessions": list(programme.sessions.all()),
            "rows": rows,
            "hidden": hidden,
            "taken": taken,
            "policy_rules": _policy_attendance_rules(),
            "enroll_form": enroll_form or EnrollForm(),
            "session_form": session_form or SessionForm(),
            "action_form": EnrollmentActionForm(),
            "today": dates.today(),
            "can_run": request.user.has_perm(RUN),
            "can_manage": request.user.has_perm(MANAGE),
        },
        status=status,
    )


@programme_staff
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("service", "branch"), pk=pk)
    return _programme_page(request, programme)


@permission_required(RUN)
@require_POST
def programme_enroll(request: HttpRequest, pk: int) -> HttpResponse:
    """Register or enrol someone by file number (button `register` or `enroll`)."""
    programme = get_object_or_404(Programme.objects.select_related("service", "branch"), pk=pk)
    form = EnrollForm(request.POST)
    if form.is_valid():
        number = form.cleaned_data["file_number"].strip().upper()
        beneficiary = beneficiaries_for(request.user).filter(file_number=number).first()
        if beneficiary is None:
            form.add_error("file_number", _("لا يوجد ملف بهذا الرقم ضمن الملفات التي تطّلع عليها."))
        else:
            verb = programmes.register if "register" in request.POST else programmes.enroll
            try:
                verb(programme, beneficiary, actor=request.user)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                flash.success(
                    request,
                    _("سُجّل المستفيد في البرنامج.")
                    if verb is programmes.register
                    else _("قُبل المستفيد في البرنامج."),
                )
                return redirect("services:programme", pk=programme.pk)
    return _programme_page(request, programme, enroll_form=form, status=400)


@permission_required(RUN)
@require_POST
def enrollment_action(request: HttpRequest, pk: int) -> HttpResponse:
    enrollment = get_object_or_404(Enrollment.objects.select_related("programme"), pk=pk)
    if not beneficiaries_for(request.user).filter(pk=enrollment.beneficiary_id).exists():
        raise Http404
    form = EnrollmentActionForm(request.POST)
    if not form.is_valid():
        flash.error(request, _("اختر إجراءً صحيحًا."))
        return redirect("services:programme", pk=enrollment.programme_id)
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    try:
        if action == "interview_passed":
            programmes.record_interview(enrollment, actor=request.user, passed=True, note=note)
        elif action == "interview_failed":
            programmes.record_interview(enrollment, actor=request.user, passed=False, note=note)
        elif action == "enroll":
            programmes.enroll(enrollment.programme, enrollment.beneficiary, actor=request.user)
        elif action == "complete":
            programmes.complete(enrollment, actor=request.user)
        else:
            programmes.withdraw(enrollment, actor=request.user, reason=note)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("سُجّل الإجراء."))
    return redirect("services:programme", pk=enrollment.programme_id)


@permission_required(MANAGE)
@require_POST
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme.objects.select_related("service", "branch"), pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            programmes.add_session(programme, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("أُضيفت الجلسة."))
            return redirect("services:programme", pk=programme.pk)
    return _programme_page(request, programme, session_form=form, status=400)


@permission_required(MANAGE)
@require_POST
def session_remove(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(Session, pk=pk)
    try:
        programmes.remove_session(session, actor=request.user)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("حُذفت الجلسة."))
    return redirect("services:programme", pk=session.programme_id)


@programme_staff
@require_http_methods(["GET", "POST"])
def attendance_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """One session's sheet: a row per participant the user may see, present / absent /
    excused as large buttons."""
    session = get_object_or_404(Session.objects.select_related("programme"), pk=pk)
    visible = set(
        beneficiaries_for(request.user)
        .filter(enrollments__programme=session.programme)
        .values_list("pk", flat=True)
    )
    sheet = [
        (enrollment, mark)
        for enrollment, mark in queries.attendance_sheet(session)
        if enrollment.beneficiary_id in visible
    ]
    error = None
    status = 200
    if request.method == "POST":
        if not request.user.has_perm(RUN):
            raise PermissionDenied
        marks = {}
        for enrollment, _mark in sheet:
            value = request.POST.get(f"mark-{enrollment.pk}", "")
            if value:
                marks[enrollment.pk] = value
        try:
            changed = programmes.record_attendance(session, marks, actor=request.user)
        except DomainError as refused:
            error, status = refused.message, 400
            sheet = [(enrollment, marks.get(enrollment.pk, mark)) for enrollment, mark in sheet]
        else:
            flash.success(request, _("حُفظ الحضور (%(count)s).") % {"count": changed})
            return redirect("services:attendance", pk=session.pk)
    return render(
        request,
        "services/attendance.html",
        {
            "session": session,
            "programme": session.programme,
            "sheet": sheet,
            "marks": MARK_CHOICES,
            "error": error,
            "can_run": request.user.has_perm(RUN),
            "future": session.date > dates.today(),
        },
        status=status,
    )
