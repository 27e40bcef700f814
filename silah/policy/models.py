"""The association and its beneficiary relations policy, as versioned, board-approved data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from silah.audit.history import audited
from silah.policy.rules import PolicyRules, Section, parse_rules, parse_sections


class Organization(models.Model):
    """The association. One deployment serves one association and its branches."""

    class LicenceAuthority(models.TextChoices):
        NCNP = "ncnp", _("المركز الوطني لتنمية القطاع غير الربحي")
        HRSD = "hrsd", _("وزارة الموارد البشرية والتنمية الاجتماعية")
        OTHER = "other", _("جهة أخرى")

    name = models.CharField(_("اسم الجمعية"), max_length=200)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=200, blank=True)
    licence_number = models.CharField(_("رقم الترخيص أو التصريح"), max_length=40, blank=True)
    licence_authority = models.CharField(
        _("جهة الترخيص"),
        max_length=10,
        choices=LicenceAuthority.choices,
        default=LicenceAuthority.NCNP,
        blank=True,  # some policies do not say who licensed the association
    )
    licence_authority_other = models.CharField(_("جهة الترخيص (أخرى)"), max_length=200, blank=True)
    region = models.CharField(_("المنطقة"), max_length=80, blank=True)
    city = models.CharField(_("المدينة أو المحافظة"), max_length=80, blank=True)
    logo = models.FileField(_("الشعار"), upload_to="organization/", blank=True)
    website = models.URLField(_("الموقع الإلكتروني"), blank=True)
    phone = models.CharField(_("الهاتف"), max_length=20, blank=True)
    email = models.EmailField(_("البريد الإلكتروني"), blank=True)
    address = models.CharField(_("عنوان الجمعية"), max_length=300, blank=True)
    beneficiary_term = models.CharField(
        _("التسمية المستخدمة للمستفيد"),
        max_length=40,
        default="المستفيد",
        help_text=_("كما تسميه السياسة: المستفيد، المستخدم، العضو…"),
    )
    beneficiary_term_plural = models.CharField(
        _("التسمية بصيغة الجمع"), max_length=40, default="المستفيدين"
    )
    beneficiary_term_en = models.CharField(
        _("التسمية بالإنجليزية"), max_length=40, default="beneficiary"
    )

    history = audited()

    class Meta:
        verbose_name = _("الجمعية")
        verbose_name_plural = _("الجمعية")
        permissions = [("manage_organization", _("إدارة بيانات الجمعية"))]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Organization | None:
        return cls.objects.order_by("pk").first()


class PolicyVersion(models.Model):
    """One version of the policy: draft → approved (in force) → superseded."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("مسودة")
        APPROVED = "approved", _("معتمدة ونافذة")
        SUPERSEDED = "superseded", _("سابقة")

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="policy_versions"
    )
    number = models.PositiveIntegerField(_("رقم الإصدار"))
    title = models.CharField(
        _("العنوان"), max_length=300, default="سياسة تنظيم العلاقة مع المستفيدين"
    )
    status = models.CharField(
        _("الحالة"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("مبنية على"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    preset = models.CharField(_("النموذج الذي بدأت منه"), max_length=40, blank=True)
    sections = models.JSONField(_("الأقسام النصية"), default=list, blank=True)
    rules = models.JSONField(_("القواعد"), default=dict, blank=True)

    # The board's approval (seed 000 shows why the date is entered once, in either calendar).
    resolution_number = models.CharField(_("رقم قرار المجلس"), max_length=60, blank=True)
    meeting = models.CharField(_("الاجتماع"), max_length=200, blank=True)
    approved_on = models.DateField(_("تاريخ الاعتماد"), null=True, blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("سجّل الاعتماد"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approval_recorded_at = models.DateTimeField(null=True, blank=True)
    superseded_on = models.DateField(_("تاريخ انتهاء العمل بها"), null=True, blank=True)
    next_review_on = models.DateField(_("موعد المراجعة القادمة"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("إصدار السياسة")
        verbose_name_plural = _("إصدارات السياسة")
        permissions = [
            ("edit_policy", _("تحرير مسودة السياسة وتسجيل اعتمادها")),
            ("read_policy_drafts", _("الاطلاع على مسودات السياسة")),
            ("view_acknowledgements", _("متابعة إقرارات الموظفين بالسياسة")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "number"], name="policy_version_number_unique"
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(status="approved"),
                name="policy_one_version_in_force",
            ),
            models.CheckConstraint(
                condition=~Q(status="approved")
                | (Q(approved_on__isnull=False) & ~Q(resolution_number="")),
                name="policy_approved_has_resolution_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def in_force(self) -> bool:
        return self.status == self.Status.APPROVED

    def parsed_rules(self) -> PolicyRules:
        return parse_rules(self.rules)

    def parsed_sections(self) -> list[Section]:
        return parse_sections(self.sections)


class ToolDocument(models.Model):
    """The file behind a tool of the relations officer (a form, a guide), per version."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="tool_files")
    tool_name = models.CharField(_("الأداة"), max_length=200)
    file = models.FileField(_("الملف"), upload_to="policy/tools/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ملف أداة")
        verbose_name_plural = _("ملفات الأدوات")
        constraints = [
            models.UniqueConstraint(fields=["version", "tool_name"], name="policy_tool_file_unique")
        ]

    def __str__(self) -> str:
        return self.tool_name


class Acknowledgement(models.Model):
    """A member of staff read the version in force and undertook to follow it (seed 001)."""

    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="policy_acknowledgements"
    )
    typed_name = models.CharField(_("الاسم كما كتبه"), max_length=200)
    acknowledged_at = models.DateTimeField(_("وقت الإقرار"), auto_now_add=True)

    class Meta:
        verbose_name = _("إقرار بالسياسة")
        verbose_name_plural = _("إقرارات الموظفين بالسياسة")
        constraints = [
            models.UniqueConstraint(fields=["version", "user"], name="policy_one_ack_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.version_id}"


class AcknowledgementReminder(models.Model):
    """HR reminded a member of staff to acknowledge the version in force."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.sent_by_id}"
