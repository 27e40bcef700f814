"""Forms of the accounts screens: they parse and show errors; the services decide."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch, Role, User
from silah.accounts.roles import RoleCode
from silah.core import forms as core_forms

INVALID_EMAIL = _("أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.org.")


class BootstrapMixin:
    """Give every widget Bootstrap's class for its kind; `autocomplete` from AUTOCOMPLETE."""

    AUTOCOMPLETE: dict[str, str] = {}

    def _style(self) -> None:
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if name in self.AUTOCOMPLETE:
                widget.attrs.setdefault("autocomplete", self.AUTOCOMPLETE[name])


class LoginForm(BootstrapMixin, auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("اسم المستخدم أو البريد الإلكتروني"),
        max_length=254,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "dir": "auto"}
        ),
    )
    password = forms.CharField(
        label=_("كلمة المرور"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        "invalid_login": _("اسم المستخدم أو كلمة المرور غير صحيحة."),
        "inactive": _("هذا الحساب موقوف. راجع مدير النظام."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class PasswordResetForm(BootstrapMixin, auth_forms.PasswordResetForm):
    """Django's reset form, reaching also staff who have not set a password yet."""

    AUTOCOMPLETE = {"email": "email"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("البريد الإلكتروني")
        self.fields["email"].widget.attrs["dir"] = "ltr"
        self.fields["email"].error_messages["invalid"] = INVALID_EMAIL
        self._style()

    def get_users(self, email: str) -> Iterable[User]:
        # Silah has no outside login: a new member of staff without a password yet
        # (invited by e-mail) may use this to set one.
        return User._default_manager.filter(email__iexact=email.strip(), is_active=True)


class SetPasswordForm(BootstrapMixin, auth_forms.SetPasswordForm):
    AUTOCOMPLETE = {"new_password1": "new-password", "new_password2": "new-password"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("كلمة المرور الجديدة")
        self.fields["new_password2"].label = _("تأكيد كلمة المرور الجديدة")
        self._style()


class PasswordChangeForm(BootstrapMixin, auth_forms.PasswordChangeForm):
    AUTOCOMPLETE = {
        "old_password": "current-password",
        "new_password1": "new-password",
        "new_password2": "new-password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("كلمة المرور الحالية")
        self.fields["new_password1"].label = _("كلمة المرور الجديدة")
        self.fields["new_password2"].label = _("تأكيد كلمة المرور الجديدة")
        self._style()


# Two-factor --------------------------------------------------------------------------------


class CodeForm(BootstrapMixin, forms.Form):
    code = forms.CharField(
        label=_("الرمز من تطبيق المصادقة"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "dir": "ltr",
                "autofocus": True,
            }
        ),
        error_messages={"required": _("أدخل الرمز المكوّن من ستة أرقام.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class VerifyForm(CodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        code = self.fields["code"]
        code.label = _("رمز التحقق")
        code.help_text = _("الرمز المكوّن من ستة أرقام في تطبيق المصادقة، أو أحد رموزك الاحتياطية.")
        code.widget.attrs["inputmode"] = "text"


class DisableTwoFactorForm(BootstrapMixin, forms.Form):
    password = forms.CharField(
        label=_("كلمة المرور الحالية"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)
        self._style()

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("كلمة المرور غير صحيحة."))
        return password


class ConfirmForm(forms.Form):
    """A form with nothing to fill: the button is the confirmation."""


# Staff -------------------------------------------------------------------------------------


class RoleChoiceField(core_forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Role) -> str:
        return str(obj)


class StaffForm(BootstrapMixin, forms.Form):
    AUTOCOMPLETE = {
        "first_name": "off",
        "last_name": "off",
        "username": "off",
        "email": "off",
    }

    first_name = forms.CharField(label=_("الاسم"), max_length=150)
    last_name = forms.CharField(label=_("اسم العائلة"), max_length=150, required=False)
    username = forms.CharField(
        label=_("اسم المستخدم"),
        max_length=150,
        help_text=_("يدخل به الموظف. حروف وأرقام والرموز . + - _ دون مسافات."),
        widget=forms.TextInput(attrs={"dir": "ltr"}),
    )
    email = forms.EmailField(
        label=_("البريد الإلكتروني"),
        required=False,
        widget=forms.EmailInput(attrs={"dir": "ltr"}),
        error_messages={"invalid": INVALID_EMAIL},
    )
    roles = RoleChoiceField(
        label=_("الأدوار"),
        queryset=Role.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    branches = core_forms.ModelMultipleChoiceField(
        label=_("الفروع"),
        queryset=Branch.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(
        label=_("نشط"),
        required=False,
        initial=True,
        help_text=_("الموظف الموقوف لا يستطيع الدخول، وتبقى سجلاته وتاريخه."),
    )

    def __init__(self, *args: Any, instance: User | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "first_name": instance.first_name,
                    "last_name": instance.last_name,
                    "username": instance.username,
                    "email": instance.email,
                    "roles": Role.objects.filter(group__user=instance),
                    "branches": instance.branches.all(),
                    "is_active": instance.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        # Offer active branches, and any inactive branch the member is still assigned to.
        branches = Branch.objects.filter(is_active=True)
        if instance is not None:
            branches = branches | Branch.objects.filter(staff=instance)
        self.fields["branches"].queryset = branches.distinct().order_by("name")
        self._style()

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "username": data["username"],
            "email": data["email"],
            "roles": list(data["roles"]),
            "branches": list(data["branches"]),
            "is_active": data["is_active"],
        }


class StaffCreateForm(StaffForm):
    AUTOCOMPLETE = {**StaffForm.AUTOCOMPLETE, "password": "new-password"}

    password = forms.CharField(
        label=_("كلمة مرور أولية"),
        required=False,
        strip=False,
        widget=forms.PasswordInput,
        help_text=_("اختيارية. إن تركتها فارغة أرسلنا إلى بريد الموظف رابطًا يعيّن به كلمة مروره."),
    )

    def service_arguments(self) -> dict[str, Any]:
        return {**super().service_arguments(), "password": self.cleaned_data["password"] or None}


class StaffFilterForm(BootstrapMixin, forms.Form):
    STATUS_CHOICES = [
        ("active", _("النشطون")),
        ("inactive", _("الموقوفون")),
        ("all", _("الجميع")),
    ]
    AUTOCOMPLETE = {"q": "off"}

    q = forms.CharField(label=_("بحث بالاسم أو اسم المستخدم أو البريد"), required=False)
    role = forms.ChoiceField(label=_("الدور"), required=False)
    branch = core_forms.ModelChoiceField(
        label=_("الفرع"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("كل الفروع"),
    )
    status = forms.ChoiceField(label=_("الحالة"), choices=STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("كل الأدوار")), *RoleCode.choices]
        self._style()


# Branches ----------------------------------------------------------------------------------


class BranchForm(BootstrapMixin, forms.Form):
    AUTOCOMPLETE = {"name": "off", "name_en": "off", "city": "off"}

    name = forms.CharField(label=_("الاسم"), max_length=120)
    name_en = forms.CharField(
        label=_("الاسم بالإنجليزية"),
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "lang": "en"}),
    )
    kind = forms.ChoiceField(label=_("النوع"), choices=Branch.Kind.choices)
    parent = core_forms.ModelChoiceField(
        label=_("يتبع"),
        queryset=Branch.objects.all(),
        required=False,
        empty_label=_("لا يتبع فرعًا آخر"),
        help_text=_("المكتب يتبع فرعًا أو المقر الرئيسي."),
    )
    city = forms.CharField(label=_("المدينة"), max_length=80, required=False)
    is_active = forms.BooleanField(label=_("نشط"), required=False, initial=True)

    def __init__(self, *args: Any, instance: Branch | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": instance.name,
                    "name_en": instance.name_en,
                    "kind": instance.kind,
                    "parent": instance.parent,
                    "city": instance.city,
                    "is_active": instance.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        parents = Branch.objects.filter(is_active=True)
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
            if instance.parent_id:
                parents = parents | Branch.objects.filter(pk=instance.parent_id)
        self.fields["parent"].queryset = parents.distinct().order_by("name")
        self._style()

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "name_en": data["name_en"],
            "kind": data["kind"],
            "parent": data["parent"],
            "city": data["city"],
            "is_active": data["is_active"],
        }


# Roles -------------------------------------------------------------------------------------


class RoleTwoFactorForm(BootstrapMixin, forms.Form):
    requires_two_factor = forms.BooleanField(
        label=_("يلزم التحقق بخطوتين لكل من يحمل هذا الدور"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()
