"""The service catalogue: what the association offers and what makes a request complete.

A `Service` is what a beneficiary asks for (financial aid, in-kind aid, a programme…). Its
`Requirement` rows are the published "criteria and conditions" (معايير واشتراطات الطلبات):
the items and documents without which a request cannot become complete. The beneficiary's
attestation (إقرار) is one of them. A service may override the policy's deciding body and
deadline; empty means "as the policy in force says".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from silah.audit.history import audited
from silah.policy.rules import DEADLINE_EVENTS, DEADLINE_UNITS, DECIDING_BODIES


class ServiceQuerySet(models.QuerySet):
    def active(self) -> ServiceQuerySet:
        return self.filter(is_active=True)

    def offered_at(self, branch) -> ServiceQuerySet:
        """Active services a branch offers: those naming it, and those naming no branch."""
        return (
            self.active()
            .filter(models.Q(branches=branch) | models.Q(branches__isnull=True))
            .distinct()
        )


class Service(models.Model):
    class Kind(models.TextChoices):
        FINANCIAL = "financial", _("مساعدة مالية")
        IN_KIND = "in_kind", _("مساعدة عينية")
        PROGRAMME = "programme", _("برنامج أو نشاط")
        HEALTH = "health", _("خدمة صحية")
        TRAINING = "training", _("تدريب")
        COUNSELLING = "counselling", _("استشارة")
        VOLUNTEERING = "volunteering", _("تطوع")
        OTHER = "other", _("خدمة أخرى")

    code = models.SlugField(_("الرمز"), max_length=40, unique=True)
    name = models.CharField(_("اسم الخدمة"), max_length=160)
    name_en = models.CharField(_("الاسم بالإنجليزية"), max_length=160, blank=True)
    kind = models.CharField(_("النوع"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("الوصف"), blank=True)
    needs_research = models.BooleanField(_("تحتاج بحثًا اجتماعيًا"), default=True)
    deciding_body = models.CharField(
        _("جهة البت"),
        max_length=30,
        blank=True,
        choices=list(DECIDING_BODIES.items()),
        help_text=_("فارغ: الجهة التي تسميها السياسة النافذة."),
    )
    deadline_unit = models.CharField(
        _("وحدة المهلة"),
        max_length=10,
        blank=True,
        choices=list(DEADLINE_UNITS.items()),
        help_text=_("فارغ: مهلة السياسة النافذة."),
    )
    deadline_length = models.PositiveSmallIntegerField(_("مدة المهلة"), null=True, blank=True)
    deadline_counts_from = models.CharField(
        _("تحتسب المهلة من"), max_length=10, blank=True, choices=list(DEADLINE_EVENTS.items())
    )
    # Eligibility conditions of this service beyond the policy's, as silah.policy.conditions
    # data: [{"type": "...", "params": {...}}].
    conditions = models.JSONField(_("شروط الاستحقاق الخاصة"), default=list, blank=True)
    branches = models.ManyToManyField(
        "accounts.Branch",
        verbose_name=_("الفروع التي تقدمها"),
        blank=True,
        related_name="services",
        help_text=_("لا شيء: كل الفروع."),
    )
    is_public = models.BooleanField(_("تظهر في الدليل العام"), default=True)
    is_active = models.BooleanField(_("متاحة"), default=True)
    order = models.PositiveSmallIntegerField(_("الترتيب"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited(m2m_fields=["branches"])
    objects = ServiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("خدمة")
        verbose_name_plural = _("الخدمات")
        ordering = ["order", "name"]
        permissions = [("manage_catalogue", _("إدارة دليل الخدمات"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline_unit__in=["", "none"], deadline_length__isnull=True)
                | models.Q(deadline_unit__in=["working", "calendar"], deadline_length__gte=1),
                name="services_service_deadline_length_with_unit",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Requirement(models.Model):
    """One published criterion: an item the officer checks, a document on file, or the
    beneficiary's attestation."""

    class Kind(models.TextChoices):
        ITEM = "item", _("بند يتحقق منه الموظف")
        DOCUMENT = "document", _("مستند")
        ATTESTATION = "attestation", _("إقرار المستفيد بصحة البيانات")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="requirements")
    kind = models.CharField(_("النوع"), max_length=12, choices=Kind.choices)
    label = models.CharField(_("البند"), max_length=200)
    document_type = models.ForeignKey(
        "registry.DocumentType",
        verbose_name=_("نوع المستند"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    help_text = models.CharField(_("توضيح للمستفيد"), max_length=300, blank=True)
    is_mandatory = models.BooleanField(_("إلزامي"), default=True)
    order = models.PositiveSmallIntegerField(_("الترتيب"), default=100)

    history = audited()

    class Meta:
        verbose_name = _("بند من معايير الطلب")
        verbose_name_plural = _("معايير الطلب")
        ordering = ["service", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="document") | models.Q(document_type__isnull=False),
                name="services_requirement_document_has_type",
            )
        ]

    def __str__(self) -> str:
        return self.label


# -- programmes --------------------------------------------------------------------------------


class ProgrammeQuerySet(models.QuerySet):
    def active(self) -> ProgrammeQuerySet:
        return self.filter(is_active=True)


class Programme(models.Model):
    """One run of a programme or training (برنامج، نشاط، دورة) that beneficiaries enrol in.

    A fee of 0 is free. A fee must be announced (`fees_announced_on`) before anyone enrols
    when the policy in force says so (003: الإعلان عن الرسوم إن وجدت قبل التسجيل)."""

    service = models.ForeignKey(
        Service,
        verbose_name=_("الخدمة"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    name = models.CharField(_("اسم البرنامج"), max_length=200)
    description = models.TextField(_("الوصف"), blank=True)
    starts_on = models.DateField(_("تاريخ البدء"))
    ends_on = models.DateField(pgettext_lazy("programme", "تاريخ الانتهاء"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("عدد المقاعد"), null=True, blank=True, help_text=_("فارغ: بلا حد.")
    )
    fee_amount = models.DecimalField(
        _("الرسوم (ريال)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        help_text=_("صفر: البرنامج مجاني."),
    )
    fees_announced_on = models.DateField(_("تاريخ الإعلان عن الرسوم"), null=True, blank=True)
    interview_required = models.BooleanField(_("تشترط مقابلة شخصية قبل القبول"), default=False)
    rules = models.TextField(_("أنظمة البرنامج وتعليماته"), blank=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("الحد الأدنى لنسبة الحضور (%)"),
        default=75,
        help_text=_("يُنبَّه على من تقل نسبة حضوره عنها."),
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        verbose_name=_("الفرع"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    is_active = models.BooleanField(_("متاح"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()
    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("برنامج")
        verbose_name_plural = _("البرامج")
        ordering = ["-starts_on", "name"]
        permissions = [
            ("manage_programmes", _("إدارة البرامج وجلساتها")),
            ("run_programmes", _("تسجيل المستفيدين في البرامج ورصد الحضور")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="services_programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(fee_amount__gte=0), name="services_programme_fee_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(min_attendance_percent__lte=100),
                name="services_programme_attendance_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_free(self) -> bool:
        return not self.fee_amount


class Session(models.Model):
    """One meeting of a programme (جلسة، لقاء)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("البرنامج"), on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("التاريخ"))
    starts_at = models.TimeField(_("وقت البدء"), null=True, blank=True)
    ends_at = models.TimeField(_("وقت الانتهاء"), null=True, blank=True)
    topic = models.CharField(_("الموضوع"), max_length=200)
    place = models.CharField(_("المكان"), max_length=200, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("جلسة")
        verbose_name_plural = _("الجلسات")
        ordering = ["date", "starts_at", "pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.date:%Y-%m-%d})"


class EnrollmentState(models.TextChoices):
    REGISTERED = "registered", _("مسجل")
    INTERVIEWED = "interviewed", _("اجتاز المقابلة")
    ENROLLED = "enrolled", _("مقبول وملتحق")
    WITHDRAWN = "withdrawn", _("منسحب أو غير مقبول")
    COMPLETED = "completed", _("أتم البرنامج")


# States that hold a place in the programme.
HOLDS_PLACE = (EnrollmentState.ENROLLED, EnrollmentState.COMPLETED)
# States of an enrolment still going on (one per beneficiary and programme).
OPEN_STATES = (
    EnrollmentState.REGISTERED,
    EnrollmentState.INTERVIEWED,
    EnrollmentState.ENROLLED,
)


class Enrollment(models.Model):
    """A beneficiary's place in a programme: registered → interviewed (where the programme
    interviews) → enrolled → completed, or withdrawn at any point before completing."""

    State = EnrollmentState

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("البرنامج"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    beneficiary = models.ForeignKey(
        "registry.Beneficiary",
        verbose_name=_("المستفيد"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    state = models.CharField(
        _("الحالة"), max_length=12, choices=EnrollmentState.choices, default="registered"
    )
    registered_on = models.DateField(_("تاريخ التسجيل"))
    interviewed_on = models.DateField(_("تاريخ المقابلة"), null=True, blank=True)
    interview_note = models.CharField(_("ملاحظات المقابلة"), max_length=500, blank=True)
    enrolled_on = models.DateField(_("تاريخ القبول"), null=True, blank=True)
    ended_on = models.DateField(_("تاريخ الانتهاء أو الانسحاب"), null=True, blank=True)
    end_reason = models.CharField(_("السبب"), max_length=500, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("سجّله"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = audited(sensitive_fields=["interview_note", "end_reason"])

    class Meta:
        verbose_name = _("التحاق ببرنامج")
        verbose_name_plural = _("الالتحاق بالبرامج")
        ordering = ["programme", "registered_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "beneficiary"],
                condition=~models.Q(state="withdrawn"),
                name="services_one_enrollment_per_programme",
                violation_error_message=_("المستفيد مسجل في هذا البرنامج."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} / {self.beneficiary_id}"

    @property
    def holds_place(self) -> bool:
        return self.state in HOLDS_PLACE


class EnrollmentEvent(models.Model):
    """A step of an enrolment: who moved it, when, from which state to which, why."""

    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(
        _("من"), max_length=12, choices=EnrollmentState.choices, blank=True
    )
    to_state = models.CharField(_("إلى"), max_length=12, choices=EnrollmentState.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بواسطة"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("في"), auto_now_add=True)
    note = models.CharField(_("ملاحظة"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("خطوة التحاق")
        verbose_name_plural = _("خطوات الالتحاق")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.enrollment_id}: {self.from_state} → {self.to_state}"


class Attendance(models.Model):
    """A participant's attendance at one session."""

    class Mark(models.TextChoices):
        PRESENT = "present", _("حاضر")
        ABSENT = "absent", _("غائب")
        EXCUSED = "excused", _("غائب بعذر")

    session = models.ForeignKey(
        Session, verbose_name=_("الجلسة"), on_delete=models.CASCADE, related_name="attendance"
    )
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("الملتحق"),
        on_delete=models.CASCADE,
        related_name="attendance",
    )
    mark = models.CharField(_("الحضور"), max_length=8, choices=Mark.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("رصده"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("رُصد في"), auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("حضور")
        verbose_name_plural = _("الحضور")
        ordering = ["session", "enrollment"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "enrollment"], name="services_one_mark_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrollment_id}: {self.mark}"
