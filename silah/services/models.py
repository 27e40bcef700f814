"""The service catalogue: what the association offers and what makes a request complete.

A `Service` is what a beneficiary asks for (financial aid, in-kind aid, a programme…). Its
`Requirement` rows are the published "criteria and conditions" (معايير واشتراطات الطلبات):
the items and documents without which a request cannot become complete. The beneficiary's
attestation (إقرار) is one of them. A service may override the policy's deciding body and
deadline; empty means "as the policy in force says".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
