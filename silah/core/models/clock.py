"""The promise clock: a deadline any record can carry.

A clock belongs to a record (content type + id) and a purpose ("answer", "resolve"…).
Its due date is derived from its start, length, unit and pauses by `silah.core.clock`
and stored so that queues can sort and filter by it.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Clock(models.Model):
    class Unit(models.TextChoices):
        WORKING_DAYS = "working", _("أيام عمل")
        CALENDAR_DAYS = "calendar", _("أيام تقويمية")
        NONE = "none", _("بلا مهلة")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=40)
    record = GenericForeignKey("content_type", "object_id")
    purpose = models.CharField(_("الغرض"), max_length=40)

    unit = models.CharField(_("الوحدة"), max_length=10, choices=Unit.choices)
    length = models.PositiveSmallIntegerField(_("المدة"), null=True, blank=True)
    started_on = models.DateField(_("بدأ في"))
    due_on = models.DateField(_("الموعد"), null=True, blank=True)
    stopped_on = models.DateField(_("انتهى في"), null=True, blank=True)
    restarts = models.PositiveSmallIntegerField(_("مرات إعادة البدء"), default=0)

    class Meta:
        verbose_name = _("موعد")
        verbose_name_plural = _("المواعيد")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "purpose"], name="core_clock_one_per_purpose"
            ),
            models.CheckConstraint(
                condition=models.Q(unit="none") | models.Q(length__isnull=False),
                name="core_clock_length_unless_none",
            ),
        ]
        indexes = [
            models.Index(fields=["stopped_on", "due_on"], name="core_clock_open_due"),
        ]

    def __str__(self) -> str:
        return f"{self.purpose} {self.content_type_id}:{self.object_id}"

    @property
    def is_open(self) -> bool:
        return self.stopped_on is None


class ClockPause(models.Model):
    """A wait on the beneficiary: the clock stands still from `start` to `end`."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    start = models.DateField()
    end = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="core_clockpause_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.start}–{self.end or '…'}"


class ClockEvent(models.Model):
    """One line of a clock's history: who, when, what, and old → new due date."""

    class Kind(models.TextChoices):
        STARTED = "started", _("بدأ احتساب المهلة")
        PAUSED = "paused", _("أوقفت المهلة مؤقتًا")
        RESUMED = "resumed", _("استؤنفت المهلة")
        RESTARTED = "restarted", _("أعيد بدء المهلة")
        MOVED = "moved", _("تغيّر الموعد بتغيّر التقويم")
        STOPPED = "stopped", _("انتهت المهلة")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    old_due = models.DateField(null=True, blank=True)
    new_due = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on}"
