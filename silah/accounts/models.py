from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from silah.accounts.roles import RoleCode, forced_two_factor_codes
from silah.audit.history import audited


def _in_current_language(arabic: str, english: str) -> str:
    """A record's own name in the language of the page: Arabic unless English is on."""
    if english and (translation.get_language() or "").startswith("en"):
        return english
    return arabic


class Branch(models.Model):
    """A branch or an office of the association, where staff work and requests arrive."""

    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("المقر الرئيسي")
        BRANCH = "branch", _("فرع")
        OFFICE = "office", _("مكتب")

    name = models.CharField(_("الاسم"), max_length=120, unique=True)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=120, blank=True)
    kind = models.CharField(_("النوع"), max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    city = models.CharField(_("المدينة"), max_length=80, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("يتبع"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
    )
    is_active = models.BooleanField(_("نشط"), default=True)

    history = audited()

    class Meta:
        ordering = ["name"]
        verbose_name = _("فرع أو مكتب")
        verbose_name_plural = _("الفروع والمكاتب")
        permissions = [("manage_branches", _("إدارة الفروع والمكاتب"))]

    def __str__(self) -> str:
        return _in_current_language(self.name, self.name_en)


class User(AbstractUser):
    """A member of the association's staff.

    Staff are never deleted (history points at them): they are deactivated.
    """

    email = models.EmailField(_("البريد الإلكتروني"), blank=True)
    # Incremented whenever what every page reads about the user changes (`accounts/access.py`).
    access_version = models.PositiveIntegerField(default=0, editable=False)
    branches = models.ManyToManyField(
        Branch, verbose_name=_("الفروع"), blank=True, related_name="staff"
    )

    # Roles are groups: a change of roles or branches is a change of the staff record.
    history = audited(
        excluded_fields=["password", "last_login", "access_version"],
        m2m_fields=["groups", "branches"],
    )

    class Meta:
        verbose_name = _("موظف")
        verbose_name_plural = _("الموظفون")
        permissions = [("manage_staff", _("إدارة الموظفين"))]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message=_("هذا البريد الإلكتروني مستخدم لموظف آخر."),
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.Model):
    """A staff role: a Django group with Silah's own name, code and login rules."""

    group = models.OneToOneField(
        Group, verbose_name=_("المجموعة"), on_delete=models.CASCADE, related_name="role"
    )
    code = models.CharField(_("الرمز"), max_length=40, unique=True, choices=RoleCode.choices)
    name = models.CharField(_("الاسم"), max_length=120)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("الترتيب"), default=0)
    requires_two_factor = models.BooleanField(
        _("يلزم التحقق بخطوتين"),
        default=False,
        help_text=_("يُطلب من كل من يحمل هذا الدور إعداد تطبيق المصادقة قبل استخدام صلة."),
    )

    history = audited()

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("دور")
        verbose_name_plural = _("الأدوار")
        permissions = [("manage_roles", _("إدارة الأدوار"))]

    def __str__(self) -> str:
        return _in_current_language(self.name, self.name_en)

    @property
    def two_factor_forced_by_setting(self) -> bool:
        """True when SILAH_REQUIRE_2FA_FOR_ROLES names this role."""
        return self.code in forced_two_factor_codes()

    @property
    def two_factor_required(self) -> bool:
        """Members must use two-factor login (by the administrator or by the server)."""
        return self.requires_two_factor or self.two_factor_forced_by_setting
