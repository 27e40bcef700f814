"""The association's working calendar: its work week and the year's days off.

Only base dates are stored (each Eid's first day, the fixed national days, declared
closures); the Eid days and compensation days are derived by `silah.core.workdays`, so that
correcting an Eid start moves its compensation days too.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSettings(models.Model):
    """One row: the association's work week and how deadlines count."""

    class Compensation(models.TextChoices):
        AFTER = "after", _("بعد العيد")
        BEFORE = "before", _("قبل العيد")

    weekend_days = models.JSONField(
        _("أيام العطلة الأسبوعية"),
        default=list,
        help_text=_("أرقام الأيام: الاثنين 0 … الأحد 6. الافتراضي الجمعة والسبت."),
    )
    eid_compensation = models.CharField(
        _("تعويض أيام العيد الواقعة في العطلة الأسبوعية"),
        max_length=10,
        choices=Compensation.choices,
        default=Compensation.AFTER,
    )
    calendar_deadline_moves_to_working_day = models.BooleanField(
        _("المهلة بالأيام التقويمية التي تنتهي في يوم عطلة تنتقل إلى أول يوم عمل بعده"),
        default=True,
    )
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("إعدادات التقويم")
        verbose_name_plural = _("إعدادات التقويم")

    def __str__(self) -> str:
        return str(_("إعدادات التقويم"))

    @classmethod
    def load(cls) -> "CalendarSettings":
        row = cls.objects.filter(pk=1).first()
        if row is None:
            row, _created = cls.objects.get_or_create(
                pk=1, defaults={"weekend_days": list(settings.SILAH_DEFAULT_WEEKEND)}
            )
        return row


class Holiday(models.Model):
    """A day or run of days off, stored by its base date."""

    class Kind(models.TextChoices):
        EID_AL_FITR = "eid_al_fitr", _("عيد الفطر")
        EID_AL_ADHA = "eid_al_adha", _("عيد الأضحى")
        FOUNDING_DAY = "founding_day", _("يوم التأسيس")
        NATIONAL_DAY = "national_day", _("اليوم الوطني")
        OFFICIAL = "official", _("إجازة رسمية أخرى")
        CLOSURE = "closure", _("إغلاق تعلنه الجمعية")

    class Status(models.TextChoices):
        ESTIMATED = "estimated", _("تقديري")
        CONFIRMED = "confirmed", _("مؤكد")

    kind = models.CharField(_("النوع"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("الاسم"), max_length=120)
    start = models.DateField(
        _("أول يوم"),
        help_text=_("لعيد الفطر: اليوم التالي للتاسع والعشرين من رمضان. لعيد الأضحى: يوم عرفة."),
    )
    days = models.PositiveSmallIntegerField(_("عدد الأيام"), default=1)
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    source = models.CharField(
        _("المصدر"),
        max_length=20,
        choices=[("package", _("مكتبة holidays")), ("manual", _("إدخال يدوي"))],
        default="manual",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("أكّده"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("وقت التأكيد"), null=True, blank=True)
    is_active = models.BooleanField(_("نافذ"), default=True)

    class Meta:
        ordering = ["start"]
        permissions = [("manage_calendar", _("إدارة تقويم العمل والإجازات"))]
        verbose_name = _("إجازة")
        verbose_name_plural = _("الإجازات")
        indexes = [models.Index(fields=["start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(days__gte=1) & models.Q(days__lte=60),
                name="core_holiday_days_between_1_and_60",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.start.isoformat()})"

    @property
    def display_name(self) -> str:
        """The name in the page's language: the kind's label for the fixed holidays."""
        if self.kind in (self.Kind.OFFICIAL, self.Kind.CLOSURE):
            return self.name
        return str(self.get_kind_display())

    @property
    def is_eid(self) -> bool:
        return self.kind in (self.Kind.EID_AL_FITR, self.Kind.EID_AL_ADHA)


class HolidayChange(models.Model):
    """Who changed a holiday, when, and from what to what."""

    class Action(models.TextChoices):
        ADDED = "added", _("أضيفت")
        CORRECTED = "corrected", _("صُحّح تاريخها")
        CONFIRMED = "confirmed", _("أُكّدت")
        REMOVED = "removed", _("أُلغيت")

    holiday = models.ForeignKey(Holiday, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(_("الإجراء"), max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("بواسطة"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("الوقت"), auto_now_add=True)
    old_start = models.DateField(_("التاريخ السابق"), null=True, blank=True)
    new_start = models.DateField(_("التاريخ الجديد"), null=True, blank=True)
    old_days = models.PositiveSmallIntegerField(null=True, blank=True)
    new_days = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.CharField(_("السبب"), max_length=300, blank=True)
    clocks_moved = models.PositiveIntegerField(_("مواعيد أعيد حسابها"), default=0)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("تغيير في الإجازات")
        verbose_name_plural = _("تغييرات الإجازات")

    def __str__(self) -> str:
        return f"{self.holiday_id} {self.action}"
