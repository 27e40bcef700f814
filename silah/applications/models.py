"""A beneficiary's request for a service, from intake to delivery (issue 7).

`Application` is the request; its state changes only through `silah.applications.workflow`
(one function per verb), each change writing a `Transition` row in the same transaction.
`row_version` goes up by one on every change of the request: a form carries the version it
was opened at, and a verb refuses to act on a request someone else changed since.

The promise clock of the answer lives in `core.Clock` (purpose "answer"); its due date is
mirrored on `Application.due_on` so that the work queues sort and filter on one table.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from silah.audit.history import audited
from silah.policy.rules import DECIDING_BODIES, REFERRAL_KINDS

USER = settings.AUTH_USER_MODEL


class State(models.TextChoices):
    RECEIVED = "received", _("مستلم")
    COMPLETE = "complete", _("مكتمل")
    RETURNED = "returned", _("أعيد للاستكمال")
    IN_RESEARCH = "in_research", _("قيد البحث الاجتماعي")
    IN_REVIEW = "in_review", _("لدى جهة البت")
    APPROVED = "approved", _("مقبول")
    REJECTED = "rejected", _("مرفوض")
    IN_DELIVERY = "in_delivery", _("قيد التسليم")
    DELIVERED = "delivered", _("سُلّم")
    CLOSED = "closed", _("مغلق")
    WITHDRAWN = "withdrawn", _("مسحوب")


# States in which the association still owes the beneficiary something.
OPEN_STATES = (
    State.RECEIVED,
    State.COMPLETE,
    State.RETURNED,
    State.IN_RESEARCH,
    State.IN_REVIEW,
    State.APPROVED,
    State.IN_DELIVERY,
    State.DELIVERED,
)
# States before the decision: the answer's clock may be running.
UNDECIDED_STATES = (
    State.RECEIVED,
    State.COMPLETE,
    State.RETURNED,
    State.IN_RESEARCH,
    State.IN_REVIEW,
)
FINAL_STATES = (State.CLOSED, State.WITHDRAWN)


class ApplicationQuerySet(models.QuerySet):
    def open(self) -> ApplicationQuerySet:
        return self.filter(state__in=OPEN_STATES)

    def undecided(self) -> ApplicationQuerySet:
        return self.filter(state__in=UNDECIDED_STATES)


class Application(models.Model):
    reference = models.CharField(_("رقم الطلب"), max_length=20, unique=True, editable=False)
    beneficiary = models.ForeignKey(
        "registry.Beneficiary",
        verbose_name=_("المستفيد"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    service = models.ForeignKey(
        "services.Service",
        verbose_name=_("الخدمة"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        verbose_name=_("الفرع"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    channel = models.CharField(_("قناة الاستقبال"), max_length=40)
    received_by = models.ForeignKey(
        USER, verbose_name=_("استلمه"), on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("وقت الاستلام"))
    state = models.CharField(
        _("الحالة"), max_length=12, choices=State.choices, default=State.RECEIVED
    )
    # The version in force when the answer's clock started (until then: the one at receipt).
    policy_version = models.ForeignKey(
        "policy.PolicyVersion",
        verbose_name=_("إصدار السياسة"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deciding_body = models.CharField(
        _("جهة البت"), max_length=30, choices=list(DECIDING_BODIES.items())
    )
    needs_research = models.BooleanField(_("يحتاج بحثًا اجتماعيًا"), default=True)
    researcher = models.ForeignKey(
        USER,
        verbose_name=_("الباحث الاجتماعي"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="researched_applications",
    )
    note = models.CharField(_("ملاحظة"), max_length=500, blank=True)
    # Mirrors of the answer's clock (`core.Clock`, purpose "answer") for the queues.
    completed_on = models.DateField(_("تاريخ الاكتمال"), null=True, blank=True)
    due_on = models.DateField(_("موعد الرد"), null=True, blank=True)
    at_risk_on = models.DateField(_("يقترب موعده من"), null=True, blank=True)
    clock_paused = models.BooleanField(_("المهلة موقوفة"), default=False)
    decided_on = models.DateField(_("تاريخ القرار"), null=True, blank=True)
    row_version = models.PositiveIntegerField(_("رقم النسخة"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()
    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("طلب خدمة")
        verbose_name_plural = _("طلبات الخدمات")
        ordering = ["-received_at", "-pk"]
        permissions = [
            ("receive_application", _("استقبال الطلبات واستكمالها")),
            ("assign_researcher", _("إسناد الطلبات للباحثين")),
            ("conduct_research", _("إجراء البحث الاجتماعي")),
            ("record_decision", _("تسجيل قرار الإدارة أو الجهة الرسمية")),
            ("deliver_service", _("تسليم الخدمة")),
            ("hand_over_work", _("نقل عمل موظف إلى زميل")),
            ("refer_beneficiary", _("إحالة المستفيد")),
            ("answer_referral", _("الرد على الإحالات")),
            ("export_disbursements", _("تصدير المصروفات للمحاسب")),
        ]
        indexes = [
            models.Index(fields=["state", "due_on"], name="applications_state_due"),
            models.Index(fields=["state", "at_risk_on"], name="applications_state_risk"),
            models.Index(fields=["branch", "state", "due_on"], name="applications_branch_q"),
            models.Index(fields=["service", "state"], name="applications_service_q"),
            models.Index(fields=["researcher", "state"], name="applications_researcher_q"),
            models.Index(fields=["received_by", "received_at"], name="applications_intake_q"),
            models.Index(fields=["beneficiary", "state"], name="applications_beneficiary_q"),
            models.Index(fields=["deciding_body", "state"], name="applications_body_q"),
            # The late/at-risk list in its own order: the scan stops after a page and the
            # pager's count reads this small index only (the late ones are a few percent).
            models.Index(
                fields=["due_on", "received_at", "id"],
                include=["at_risk_on", "branch"],
                condition=models.Q(
                    state__in=UNDECIDED_STATES, clock_paused=False, at_risk_on__isnull=False
                ),
                name="applications_late_q",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class ChecklistItem(models.Model):
    """One of the service's published criteria, copied onto the request at intake."""

    class Kind(models.TextChoices):
        ITEM = "item", _("بند يتحقق منه الموظف")
        DOCUMENT = "document", _("مستند")
        ATTESTATION = "attestation", _("إقرار المستفيد بصحة البيانات")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="checklist")
    requirement = models.ForeignKey(
        "services.Requirement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    label = models.CharField(_("البند"), max_length=200)
    kind = models.CharField(_("النوع"), max_length=12, choices=Kind.choices)
    document_type = models.ForeignKey(
        "registry.DocumentType",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    mandatory = models.BooleanField(_("إلزامي"), default=True)
    present = models.BooleanField(_("متوفر"), default=False)
    document = models.ForeignKey(
        "registry.Document",
        verbose_name=_("المستند"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attestation = models.ForeignKey(
        "registry.Attestation",
        verbose_name=_("الإقرار"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ticked_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ticked_at = models.DateTimeField(null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["application", "order", "id"]
        verbose_name = _("بند من قائمة التحقق")
        verbose_name_plural = _("قائمة التحقق")

    def __str__(self) -> str:
        return self.label


class Transition(models.Model):
    """One line of a request's history: a change of state, or an event beside it."""

    class Kind(models.TextChoices):
        STATE = "state", _("تغيّر الحالة")
        CHECKLIST = "checklist", _("قائمة التحقق")
        CLOCK_STARTED = "clock_started", _("بدأ احتساب المهلة")
        CLOCK_PAUSED = "clock_paused", _("أوقفت المهلة مؤقتًا")
        CLOCK_RESUMED = "clock_resumed", _("استؤنفت المهلة")
        CLOCK_RESTARTED = "clock_restarted", _("أعيد بدء المهلة")
        DEADLINE_MOVED = "deadline_moved", _("تغيّر موعد الرد بتغيّر التقويم")
        RESEARCHER = "researcher", _("إسناد الباحث")
        VISIT = "visit", _("زيارة البحث")
        REFERRAL = "referral", _("إحالة")
        HANDED_OVER = "handed_over", _("نُقل إلى زميل")
        DELIVERY = "delivery", _("تسليم")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="transitions"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.STATE)
    from_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=12, choices=State.choices, blank=True)
    actor = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(_("ملاحظة"), max_length=1000, blank=True)
    old_due = models.DateField(null=True, blank=True)
    new_due = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("حركة على الطلب")
        verbose_name_plural = _("سجل الطلب")
        indexes = [models.Index(fields=["application", "at"], name="applications_trans_at")]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.kind} {self.from_state}→{self.to_state}"


class Referral(models.Model):
    """The officer refers the beneficiary (with or without a request) to the policy's named
    section, officer or management when the procedure is unclear; tracked until answered."""

    beneficiary = models.ForeignKey(
        "registry.Beneficiary",
        verbose_name=_("المستفيد"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("الطلب"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    target_kind = models.CharField(
        _("جهة الإحالة"), max_length=12, choices=list(REFERRAL_KINDS.items())
    )
    target_name = models.CharField(_("اسم الجهة"), max_length=200, blank=True)
    target_user = models.ForeignKey(
        USER,
        verbose_name=_("الموظف المحال إليه"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    note = models.CharField(_("ملاحظة الإحالة"), max_length=1000)
    referred_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    referred_at = models.DateTimeField(_("وقت الإحالة"))
    answer = models.TextField(_("الرد"), blank=True)
    answered_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("وقت الرد"), null=True, blank=True)
    # Mirror of the referral's answer clock (`core.Clock`, purpose "answer"), set when the
    # policy in force at referral gives referrals a deadline; None otherwise.
    due_on = models.DateField(_("موعد الرد على الإحالة"), null=True, blank=True)

    history = audited()

    class Meta:
        ordering = ["-referred_at", "-pk"]
        verbose_name = _("إحالة")
        verbose_name_plural = _("الإحالات")
        indexes = [
            models.Index(fields=["answered_at", "target_user"], name="applications_ref_open"),
            models.Index(fields=["answered_at", "due_on"], name="applications_ref_due"),
        ]

    def __str__(self) -> str:
        return f"{self.get_target_kind_display()} {self.target_name}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class ResearchVisit(models.Model):
    """The social researcher's home or office visit and its structured findings."""

    class Place(models.TextChoices):
        HOME = "home", _("زيارة منزلية")
        OFFICE = "office", _("مقابلة في المكتب")

    class Status(models.TextChoices):
        PLANNED = "planned", _("مجدولة")
        POSTPONED = "postponed", _("مؤجلة بطلب المستفيد")
        VISITED = "visited", _("تمت")
        SUBMITTED = "submitted", _("رُفعت التوصية")

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("التوصية بالقبول")
        REJECT = "reject", _("التوصية بالرفض")
        MORE_INFO = "more_info", _("يحتاج معلومات إضافية")

    class Housing(models.TextChoices):
        OWNED = "owned", _("ملك")
        RENTED = "rented", _("إيجار")
        SHARED = "shared", _("مع الأقارب")
        OTHER = "other", _("أخرى")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="visits")
    researcher = models.ForeignKey(
        USER,
        verbose_name=_("الباحث"),
        on_delete=models.PROTECT,
        related_name="research_visits",
    )
    status = models.CharField(
        _("الحالة"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    place = models.CharField(_("مكان الزيارة"), max_length=8, choices=Place.choices)
    planned_on = models.DateField(_("موعد الزيارة"), null=True, blank=True)
    visited_on = models.DateField(_("تاريخ الزيارة"), null=True, blank=True)
    postponed_on = models.DateField(_("تاريخ التأجيل"), null=True, blank=True)
    postpone_reason = models.CharField(_("سبب التأجيل"), max_length=500, blank=True)
    findings = models.TextField(_("ما لاحظه الباحث"), blank=True)
    housing = models.CharField(_("السكن"), max_length=10, choices=Housing.choices, blank=True)
    housing_condition = models.CharField(_("حالة السكن"), max_length=300, blank=True)
    members_count = models.PositiveSmallIntegerField(_("عدد أفراد الأسرة"), null=True, blank=True)
    income_notes = models.CharField(_("الدخل ومصادره"), max_length=1000, blank=True)
    needs = models.CharField(_("احتياجات الأسرة"), max_length=1000, blank=True)
    recommendation = models.CharField(
        _("التوصية"), max_length=10, choices=Recommendation.choices, blank=True
    )
    recommendation_note = models.CharField(_("مسوغات التوصية"), max_length=1000, blank=True)
    submitted_at = models.DateTimeField(_("وقت رفع التوصية"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited(
        sensitive_fields=["findings", "housing", "housing_condition", "income_notes", "needs"]
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("زيارة بحث اجتماعي")
        verbose_name_plural = _("زيارات البحث الاجتماعي")
        indexes = [
            models.Index(
                fields=["researcher", "status", "planned_on"], name="applications_visit_q"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.get_status_display()}"


class Decision(models.Model):
    """The deciding body's answer, with the reason written for the beneficiary."""

    class Outcome(models.TextChoices):
        APPROVE = "approve", _("قبول")
        REJECT = "reject", _("رفض")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("القرار"), max_length=8, choices=Outcome.choices)
    reason = models.TextField(_("السبب كما يُبلّغ للمستفيد"), blank=True)
    body = models.CharField(_("جهة البت"), max_length=30, choices=list(DECIDING_BODIES.items()))
    decided_by = models.ForeignKey(
        USER, verbose_name=_("سجّله"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("تاريخ القرار"))
    external_reference = models.CharField(_("رقم خطاب الجهة"), max_length=100, blank=True)
    external_date = models.DateField(_("تاريخ خطاب الجهة"), null=True, blank=True)
    # The committee's agenda item that decided it (a committee's decision only).
    agenda_item = models.ForeignKey(
        "committees.AgendaItem",
        verbose_name=_("بند جدول الأعمال"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("قرار")
        verbose_name_plural = _("القرارات")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(outcome="reject") | ~models.Q(reason=""),
                name="applications_decision_reject_has_reason",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.outcome}"


class Disbursement(models.Model):
    """What was delivered on a request, with the beneficiary's receipt."""

    class Kind(models.TextChoices):
        CASH = "cash", _("مبلغ نقدي")
        IN_KIND = "in_kind", _("مساعدة عينية")
        PROGRAMME_PLACE = "programme_place", _("مقعد في برنامج")
        SESSION = "session", _("جلسة خدمة")

    class Receipt(models.TextChoices):
        SIGNATURE = "signature", _("توقيع المستفيد على الشاشة")
        SLIP = "slip", _("سند استلام موقّع مرفوع")

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="disbursements"
    )
    kind = models.CharField(_("النوع"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(
        _("المبلغ (ريال)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    description = models.CharField(_("الوصف"), max_length=500, blank=True)
    # The programme place delivered (the catalogue's enrolment).
    enrollment = models.ForeignKey(
        "services.Enrollment",
        verbose_name=_("الالتحاق بالبرنامج"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivered_on = models.DateField(_("تاريخ التسليم"))
    delivered_by = models.ForeignKey(
        USER, verbose_name=_("سلّمه"), on_delete=models.PROTECT, related_name="+"
    )
    receipt = models.CharField(_("إثبات الاستلام"), max_length=10, choices=Receipt.choices)
    receipt_name = models.CharField(_("اسم المستلم كما كتبه"), max_length=250, blank=True)
    receipt_document = models.ForeignKey(
        "registry.Document",
        verbose_name=_("سند الاستلام"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("صرف")
        verbose_name_plural = _("المصروفات")
        indexes = [models.Index(fields=["delivered_on"], name="applications_disb_on")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="cash") | models.Q(amount__gt=Decimal("0")),
                name="applications_cash_has_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.kind}"


class DisbursementItem(models.Model):
    disbursement = models.ForeignKey(Disbursement, on_delete=models.CASCADE, related_name="items")
    name = models.CharField(_("الصنف"), max_length=200)
    quantity = models.DecimalField(_("الكمية"), max_digits=10, decimal_places=2)
    unit = models.CharField(_("الوحدة"), max_length=40, blank=True)

    class Meta:
        ordering = ["disbursement", "id"]
        verbose_name = _("صنف مسلّم")
        verbose_name_plural = _("الأصناف المسلّمة")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=Decimal("0")), name="applications_item_quantity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class Handover(models.Model):
    """A manager hands a person's open work to a colleague (leave, departure)."""

    from_user = models.ForeignKey(
        USER, verbose_name=_("من"), on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        USER, verbose_name=_("إلى"), on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        USER, verbose_name=_("بواسطة"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("الوقت"), auto_now_add=True)
    reason = models.CharField(_("السبب"), max_length=500)
    counts = models.JSONField(_("ما نُقل"), default=dict)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("نقل عمل")
        verbose_name_plural = _("نقل الأعمال")

    def __str__(self) -> str:
        return f"{self.from_user_id} → {self.to_user_id}"
