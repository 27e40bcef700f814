"""Messaging records: templates, the outbox, inbound replies, call tasks, letters' print
batches and announcements. Writes go through ``services``/``outbox``/``announcements``."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from silah.audit.history import audited
from silah.core.counting import BENEFICIARIES, LETTERS, counted
from silah.messaging.events import Event
from silah.policy.rules import CONTACT_CHANNELS

CHANNEL_CHOICES = list(CONTACT_CHANNELS.items())


class Language(models.TextChoices):
    ARABIC = "ar", _("العربية")
    ENGLISH = "en", _("الإنجليزية")


class MessageClass(models.TextChoices):
    SERVICE = "service", _("خدمية")
    AWARENESS = "awareness", _("توعوية")
    PROMOTIONAL = "promotional", _("ترويجية")


class Template(models.Model):
    """The text of one event on one channel in one language."""

    event = models.CharField(_("الحدث"), max_length=40, choices=Event.choices)
    channel = models.CharField(_("القناة"), max_length=10, choices=CHANNEL_CHOICES)
    language = models.CharField(_("اللغة"), max_length=2, choices=Language.choices)
    subject = models.CharField(_("الموضوع"), max_length=200, blank=True)
    body = models.TextField(_("النص"))
    whatsapp_template = models.CharField(
        _("اسم قالب واتساب المعتمد"),
        max_length=120,
        blank=True,
        help_text=_("يُرسل خارج نافذة الـ24 ساعة، بقيم المتغيرات بترتيب ورودها في النص."),
    )
    updated_at = models.DateTimeField(_("عُدّل في"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audited()

    class Meta:
        ordering = ["event", "channel", "language"]
        verbose_name = _("قالب رسالة")
        verbose_name_plural = _("قوالب الرسائل")
        permissions = [("manage_templates", _("تعديل قوالب الرسائل"))]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "channel", "language"], name="messaging_template_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_event_display()} / {self.get_channel_display()} / {self.language}"


class Status(models.TextChoices):
    QUEUED = "queued", _("في الانتظار")
    SENDING = "sending", _("قيد الإرسال")
    AWAITING_STAFF = "awaiting_staff", _("بانتظار الموظف")
    SENT = "sent", _("أُرسلت")
    DELIVERED = "delivered", _("وصلت")
    DEAD = "dead", _("لم تُسلَّم")
    SKIPPED = "skipped", _("لم تُرسل")


class WaitReason(models.TextChoices):
    NONE = "", _("—")
    RETRY = "retry", _("إعادة محاولة")
    QUIET_HOURS = "quiet_hours", _("خارج ساعات الإرسال")


class SkipReason(models.TextChoices):
    NONE = "", _("—")
    NO_CONSENT = "no_consent", _("لا موافقة على هذا النوع من الرسائل")
    NO_ADDRESS = "no_address", _("لا توجد وسيلة تواصل")
    CANCELLED = "cancelled", _("أُلغيت")


class Message(models.Model):
    """One message to one person, written in the transaction of the change that caused it."""

    idempotency_key = models.CharField(_("مفتاح عدم التكرار"), max_length=100, unique=True)
    beneficiary = models.ForeignKey(
        "registry.Beneficiary",
        verbose_name=_("المستفيد"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("الموظف"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="messages",
    )
    event = models.CharField(_("الحدث"), max_length=40, choices=Event.choices)
    message_class = models.CharField(
        _("نوع الرسالة"), max_length=12, choices=MessageClass.choices, default="service"
    )
    channel = models.CharField(_("القناة"), max_length=10, choices=CHANNEL_CHOICES)
    language = models.CharField(_("اللغة"), max_length=2, default="ar")
    recipient = models.CharField(_("المرسل إليه"), max_length=254, blank=True)
    sender = models.CharField(_("اسم المرسل"), max_length=40, blank=True)
    subject = models.CharField(_("الموضوع"), max_length=200, blank=True)
    body = models.TextField(_("النص"))
    whatsapp_template = models.CharField(max_length=120, blank=True)
    template_params = models.JSONField(default=list, blank=True)
    # What the message is about ("applications.application:12"), for the dead-letter hooks.
    subject_ref = models.CharField(max_length=100, blank=True, db_index=True)
    announcement = models.ForeignKey(
        "Announcement", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )

    status = models.CharField(
        _("الحالة"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    wait_reason = models.CharField(max_length=12, choices=WaitReason.choices, blank=True)
    skip_reason = models.CharField(max_length=12, choices=SkipReason.choices, blank=True)
    next_attempt_at = models.DateTimeField(_("المحاولة التالية"), db_index=True)
    attempts = models.PositiveSmallIntegerField(_("المحاولات"), default=0)
    claim_token = models.CharField(max_length=32, blank=True, db_index=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    provider = models.CharField(_("المزوّد"), max_length=20, blank=True)
    provider_message_id = models.CharField(_("معرّف المزوّد"), max_length=120, blank=True)
    last_error = models.CharField(_("آخر خطأ"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("أُنشئت في"), auto_now_add=True)
    sent_at = models.DateTimeField(_("أُرسلت في"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("وصلت في"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("رسالة")
        verbose_name_plural = _("الرسائل")
        permissions = [
            ("view_messages", _("الاطلاع على رسائل المستفيد")),
            ("resend_message", _("إعادة إرسال رسالة لم تُسلَّم")),
            ("send_announcement", _("إرسال إعلان إلى شريحة من المستفيدين")),
            ("print_letters", _("طباعة الخطابات")),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="messaging_due")]
        constraints = [
            models.CheckConstraint(
                condition=Q(beneficiary__isnull=False) | Q(staff__isnull=False),
                name="messaging_message_has_recipient",
            ),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="messaging_message_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


class Inbound(models.Model):
    """A reply a person sent to the association (SMS or WhatsApp)."""

    beneficiary = models.ForeignKey(
        "registry.Beneficiary",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="inbound_messages",
    )
    channel = models.CharField(_("القناة"), max_length=10, choices=CHANNEL_CHOICES)
    provider = models.CharField(max_length=20)
    provider_message_id = models.CharField(max_length=120, blank=True)
    sender = models.CharField(_("من"), max_length=40)
    body = models.TextField(_("النص"))
    is_opt_out = models.BooleanField(_("طلب إيقاف"), default=False)
    received_at = models.DateTimeField(_("وصلت في"), db_index=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("رد وارد")
        verbose_name_plural = _("الردود الواردة")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_message_id"],
                condition=~Q(provider_message_id=""),
                name="messaging_inbound_once",
            )
        ]

    def __str__(self) -> str:
        return f"inbound {self.pk}"


class CallTask(models.Model):
    """A message to convey by phone: the liaison officer calls and records the call."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="call_task")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ضابط الاتصال"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="call_tasks",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("تم الاتصال في"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("نتيجة الاتصال"), max_length=300, blank=True)

    class Meta:
        ordering = ["done_at", "created_at"]
        verbose_name = _("مهمة اتصال")
        verbose_name_plural = _("مهام الاتصال")

    def __str__(self) -> str:
        return f"call task {self.pk}"


class PrintBatch(models.Model):
    """Letters printed together; printing the batch marks its letters sent."""

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    pdf = models.FileField(upload_to="letters/", blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("دفعة طباعة")
        verbose_name_plural = _("دفعات الطباعة")

    def __str__(self) -> str:
        return f"print batch {self.pk}"

    @property
    def letters_phrase(self) -> str:
        """ "خطابان", "11 خطابًا": the letters in the batch."""
        return counted(LETTERS, self.count)


class Letter(models.Model):
    """A rendered letter waiting to be printed (letter and fax channels)."""

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="letter")
    pdf = models.FileField(upload_to="letters/")
    batch = models.ForeignKey(
        PrintBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="letters"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"letter {self.pk}"


class Announcement(models.Model):
    """One message to a segment of beneficiaries."""

    class Segment(models.TextChoices):
        ALL_ACTIVE = "all_active", _("جميع المستفيدين النشطين")
        CATEGORY = "category", _("فئة")
        BRANCH = "branch", _("فرع")

    class State(models.TextChoices):
        DRAFT = "draft", _("مسودة")
        SENDING = "sending", _("قيد الإرسال")
        DONE = "done", _("اكتمل")

    title = models.CharField(_("العنوان"), max_length=200)
    text = models.TextField(_("نص الإعلان"))
    message_class = models.CharField(
        _("نوع الرسالة"), max_length=12, choices=MessageClass.choices, default="awareness"
    )
    segment = models.CharField(_("الشريحة"), max_length=12, choices=Segment.choices)
    category = models.ForeignKey(
        "registry.Category", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    branch = models.ForeignKey(
        "accounts.Branch", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(max_length=10, choices=State.choices, default=State.DRAFT)
    total = models.PositiveIntegerField(default=0)
    queued = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("إعلان")
        verbose_name_plural = _("الإعلانات")

    def __str__(self) -> str:
        return self.title

    @property
    def recipients_phrase(self) -> str:
        """ "3 مستفيدين": the beneficiaries the announcement is for."""
        return counted(BENEFICIARIES, self.total)
