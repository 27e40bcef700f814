"""Test-only records: a Dossier under history with every kind of field the history shows.

The strings are plain (not gettext): they belong to the tests, not to Silah's catalogue.
"""

from django.db import models

from silah.audit.history import audited


class Office(models.Model):
    """A record without history (and what a Dossier points at)."""

    name = models.CharField("الاسم", max_length=80)

    class Meta:
        verbose_name = "مكتب"
        verbose_name_plural = "مكاتب"

    def __str__(self) -> str:
        return self.name


class Dossier(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "مفتوح"
        CLOSED = "closed", "مغلق"

    title = models.CharField("العنوان", max_length=100)
    status = models.CharField("الحالة", max_length=10, choices=Status.choices, default=Status.OPEN)
    national_id = models.CharField("رقم الهوية", max_length=10, blank=True)
    office = models.ForeignKey(
        Office, verbose_name="المكتب", null=True, blank=True, on_delete=models.SET_NULL
    )
    helpers = models.ManyToManyField(
        Office, verbose_name="مكاتب مساندة", blank=True, related_name="supported_dossiers"
    )
    is_urgent = models.BooleanField("عاجل", default=False)
    opened_on = models.DateField("تاريخ الفتح", null=True, blank=True)
    views = models.PositiveIntegerField("عدد المشاهدات", default=0)

    history = audited(
        excluded_fields=["views"], sensitive_fields=["national_id"], m2m_fields=["helpers"]
    )

    class Meta:
        verbose_name = "ملف"
        verbose_name_plural = "ملفات"

    def __str__(self) -> str:
        return self.title
