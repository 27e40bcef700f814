"""Accounts screens. Views are thin: parse the form, call the service, render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from axes.utils import reset as reset_lockout
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login

from silah.accounts import services, twofactor
from silah.accounts.forms import (
    BranchForm,
    CodeForm,
    ConfirmForm,
    DisableTwoFactorForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    RoleTwoFactorForm,
    SetPasswordForm,
    StaffCreateForm,
    StaffFilterForm,
    StaffForm,
    VerifyForm,
)
from silah.accounts.models import Branch, Role, User
from silah.accounts.roles import ROLE_DESCRIPTIONS, roles_of
from silah.core.decorators import permission_required

SETUP_KEY = "silah_totp_setup_key"
NEW_BACKUP_CODES = "silah_new_backup_codes"
STAFF_PAGE_SIZE = 50

WRONG_CODE = _("الرمز غير صحيح أو انتهت مدته. أدخل الرمز الظاهر الآن في التطبيق.")
THROTTLED = _("أُدخلت رموز خاطئة عدة مرات. انتظر دقيقة ثم حاول مرة أخرى.")


def add_service_errors(form: Any, error: ValidationError) -> None:
    """Show a service's errors at the form's fields; errors for fields it lacks on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# Login and passwords -----------------------------------------------------------------------


def login(request: HttpRequest) -> HttpResponse:
    return auth_views.LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        messages.success(self.request, _("غُيّرت كلمة مرورك."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever proved they own the address may try again at once.
        user = form.user
        for name in {user.username, user.username.lower(), user.email, user.email.lower()}:
            if name:
                reset_lockout(username=name)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "roles": roles_of(user),
            "branches": user.branches.all(),
            "has_authenticator": twofactor.has_authenticator(user),
            "two_factor_required": twofactor.two_factor_required(user),
            "backup_codes_left": twofactor.backup_codes_left(user),
        },
    )


# Two-factor --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.has_authenticator(user):
        messages.info(request, _("التحقق بخطوتين مفعّل لحسابك."))
        return redirect("accounts:profile")
    key = request.session.get(SETUP_KEY)
    if not key:
        key = request.session[SETUP_KEY] = twofactor.new_secret()
    form = CodeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if twofactor.code_matches_key(key, form.cleaned_data["code"]):
            device, codes = twofactor.enable_two_factor(user, key=key)
            del request.session[SETUP_KEY]
            request.session.cycle_key()
            otp_login(request, device)
            request.session[NEW_BACKUP_CODES] = codes
            messages.success(request, _("فُعّل التحقق بخطوتين. احفظ رموزك الاحتياطية الآن."))
            target = reverse("accounts:two_factor_backup_codes")
            next_url = _safe_next(request, "")
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_code": twofactor.qr_code_svg(user, key),
            "secret": twofactor.secret_for_humans(key),
            "required": twofactor.two_factor_required(user),
            "next": _safe_next(request, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    next_url = _safe_next(request, reverse("core:dashboard"))
    if user.is_verified() or not twofactor.has_authenticator(user):
        return redirect(next_url)
    form = VerifyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        throttled = twofactor.is_throttled(user)
        device = None if throttled else twofactor.verify_code(user, form.cleaned_data["code"])
        if device is not None:
            request.session.cycle_key()
            otp_login(request, device)
            if device.name == twofactor.BACKUP_NAME:
                messages.warning(
                    request,
                    _("دخلت برمز احتياطي. بقي لديك من الرموز الاحتياطية: %(count)s.")
                    % {"count": twofactor.backup_codes_left(user)},
                )
            return redirect(next_url)
        form.add_error("code", THROTTLED if throttled else WRONG_CODE)
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.has_authenticator(user):
        return redirect("accounts:two_factor_setup")
    if request.method == "POST":
        request.session[NEW_BACKUP_CODES] = twofactor.regenerate_backup_codes(user)
        messages.success(request, _("أُنشئت رموز احتياطية جديدة، وتوقفت الرموز القديمة."))
        return redirect("accounts:two_factor_backup_codes")
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    return render(
        request,
        "accounts/two_factor_backup_codes.html",
        {
            "codes": codes,
            "codes_left": twofactor.backup_codes_left(user),
            "next": _safe_next(request, ""),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not twofactor.has_authenticator(user):
        return redirect("accounts:profile")
    required = twofactor.two_factor_required(user)
    form = DisableTwoFactorForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.disable_two_factor(user, actor=user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("أُوقف التحقق بخطوتين لحسابك."))
            return redirect("accounts:profile")
    return render(request, "accounts/two_factor_disable.html", {"form": form, "required": required})


# Staff -------------------------------------------------------------------------------------


@permission_required(services.MANAGE_STAFF)
def staff_list(request: HttpRequest) -> HttpResponse:
    form = StaffFilterForm(request.GET or None)
    staff = User.objects.prefetch_related("groups__role", "branches").order_by(
        "first_name", "last_name", "username"
    )
    status = "active"
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "active"
        if data["q"]:
            q = data["q"].strip()
            staff = staff.filter(
                Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(username__icontains=q)
                | Q(email__icontains=q)
            )
        if data["role"]:
            staff = staff.filter(groups__role__code=data["role"])
        if data["branch"]:
            staff = staff.filter(branches=data["branch"])
    if status == "active":
        staff = staff.filter(is_active=True)
    elif status == "inactive":
        staff = staff.filter(is_active=False)
    page = Paginator(staff.distinct(), STAFF_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/staff_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@permission_required(services.MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_staff(**form.service_arguments(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("أُضيف الموظف «%(name)s».") % {"name": user})
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "staff": None})


@permission_required(services.MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(User, pk=pk)
    form = StaffForm(request.POST if request.method == "POST" else None, instance=staff)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_staff(staff, **form.service_arguments(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("حُفظت بيانات الموظف «%(name)s».") % {"name": staff})
            return redirect("accounts:staff_list")
    return render(
        request,
        "accounts/staff_form.html",
        {
            "form": form,
            "staff": staff,
            "staff_has_authenticator": twofactor.has_authenticator(staff),
        },
    )


@permission_required(services.MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(User, pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.deactivate_staff(staff, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("أُوقف حساب «%(name)s».") % {"name": staff})
            return redirect("accounts:staff_list")
    return render(request, "accounts/staff_deactivate.html", {"form": form, "staff": staff})


@permission_required(services.MANAGE_STAFF)
@require_http_methods(["GET", "POST"])
def staff_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    staff = get_object_or_404(User, pk=pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.reset_staff_two_factor(staff, actor=request.user)
        messages.success(request, _("أُعيد ضبط التحقق بخطوتين لحساب «%(name)s».") % {"name": staff})
        return redirect("accounts:staff_edit", pk=staff.pk)
    return render(
        request,
        "accounts/staff_reset_two_factor.html",
        {"form": form, "staff": staff, "has_authenticator": twofactor.has_authenticator(staff)},
    )


# Branches ----------------------------------------------------------------------------------


@permission_required(services.MANAGE_BRANCHES)
def branch_list(request: HttpRequest) -> HttpResponse:
    branches = (
        Branch.objects.select_related("parent")
        .annotate(staff_count=Count("staff", filter=Q(staff__is_active=True)))
        .order_by("-is_active", "kind", "name")
    )
    return render(request, "accounts/branch_list.html", {"branches": branches})


@permission_required(services.MANAGE_BRANCHES)
@require_http_methods(["GET", "POST"])
def branch_create(request: HttpRequest) -> HttpResponse:
    form = BranchForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            branch = services.create_branch(**form.service_arguments(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("أُضيف «%(name)s».") % {"name": branch})
            return redirect("accounts:branch_list")
    return render(request, "accounts/branch_form.html", {"form": form, "branch": None})


@permission_required(services.MANAGE_BRANCHES)
@require_http_methods(["GET", "POST"])
def branch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    branch = get_object_or_404(Branch, pk=pk)
    form = BranchForm(request.POST if request.method == "POST" else None, instance=branch)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_branch(branch, **form.service_arguments(), actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("حُفظ «%(name)s».") % {"name": branch})
            return redirect("accounts:branch_list")
    return render(request, "accounts/branch_form.html", {"form": form, "branch": branch})


# Roles -------------------------------------------------------------------------------------


@permission_required(services.MANAGE_ROLES)
def role_list(request: HttpRequest) -> HttpResponse:
    roles = Role.objects.annotate(
        staff_count=Count("group__user", filter=Q(group__user__is_active=True))
    )
    rows = [(role, ROLE_DESCRIPTIONS.get(role.code, "")) for role in roles]
    return render(request, "accounts/role_list.html", {"rows": rows})


@permission_required(services.MANAGE_ROLES)
@require_http_methods(["GET", "POST"])
def role_edit(request: HttpRequest, code: str) -> HttpResponse:
    role = get_object_or_404(Role, code=code)
    form = RoleTwoFactorForm(
        request.POST if request.method == "POST" else None,
        initial={"requires_two_factor": role.requires_two_factor},
    )
    if request.method == "POST" and form.is_valid():
        services.set_role_two_factor(
            role, required=form.cleaned_data["requires_two_factor"], actor=request.user
        )
        messages.success(request, _("حُفظ الدور «%(name)s».") % {"name": role})
        return redirect("accounts:role_list")
    return render(
        request,
        "accounts/role_edit.html",
        {
            "form": form,
            "role": role,
            "description": ROLE_DESCRIPTIONS.get(role.code, ""),
            "permissions": role.group.permissions.order_by("content_type__app_label", "name"),
        },
    )
