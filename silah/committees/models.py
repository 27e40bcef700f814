"""Committees: who sits on them, their meetings, agendas, votes, decisions and minutes.

An agenda item points at its subject through a generic link (content type + id), so a
request, a complaint or a compensation case can come before a committee without this app
importing theirs: each subject's model is registered as a kind in `silah.committees.subjects`
by the app that owns it.

A meeting is numbered per committee per Hijri year ("3/1448"). Its state moves
planned → held → closed; only the committee's chair or secretary moves it
(`silah.committees.services`). The minutes are frozen when the meeting closes
(`Minutes.snapshot`), and each member present records their approval of them.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from silah.audit.history import audited


class CommitteeKind(models.TextChoices):
    RESEARCH = "research", _("لجنة البحث")
    COMPETENT = "competent", _("اللجنة المختصة")
    FOLLOW_UP = "follow_up", _("لجنة المتابعة")
    INVESTIGATION = "investigation", _("لجنة التحقيق والمتابعة")
    OTHER = "other", _("لجنة أخرى")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("رئيس")
    SECRETARY = "secretary", _("أمين السر")
    MEMBER = "member", _("عضو")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("مجدول")
    HELD = "held", _("منعقد")
    CLOSED = "closed", _("مغلق")
    CANCELLED = "cancelled", _("ملغى")


OPEN_STATES = (MeetingState.PLANNED, MeetingState.HELD)


class Outcome(models.TextChoices):
    PENDING = "pending", _("لم يُبت فيه")
    APPROVED = "approved", pgettext_lazy("committee outcome", "موافقة")
    REJECTED = "rejected", _("رفض")
    DEFERRED = "deferred", _("تأجيل")


class VoteChoice(models.TextChoices):
    APPROVE = "approve", _("موافق")
    REJECT = "reject", _("غير موافق")
    ABSTAIN = "abstain", _("ممتنع")


class CommitteeQuerySet(models.QuerySet):
    def active(self) -> CommitteeQuerySet:
        return self.filter(is_active=True)

    def of_member(self, user) -> CommitteeQuerySet:
        """Committees where `user` is an active member (any role)."""
        return self.filter(members__user=user, members__is_active=True).distinct()


class Committee(models.Model):
    name = models.CharField(_("اسم اللجنة"), max_length=160)
    kind = models.CharField(_("نوع اللجنة"), max_length=20, choices=CommitteeKind.choices)
    quorum = models.PositiveSmallIntegerField(
        _("النصاب"), help_text=_("عدد الأعضاء الحاضرين اللازم لاتخاذ قرار.")
    )
    is_active = models.BooleanField(_("قائمة"), default=True)
    branch = models.ForeignKey(
        "accounts.Branch",
        verbose_name=_("الفرع"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="committees",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()
    objects = CommitteeQuerySet.as_manager()

    class Meta:
        verbose_name = _("لجنة")
        verbose_name_plural = _("اللجان")
        ordering = ["-is_active", "name", "pk"]
        permissions = [
            ("manage_committees", _("إدارة اللجان وأعضائها")),
            ("attend_meetings", _("حضور اجتماعات اللجان")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum__gte=1), name="committees_committee_quorum_positive"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("العضو"),
        on_delete=models.PROTECT,
        related_name="committee_memberships",
    )
    role = models.CharField(
        _("الصفة"), max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER
    )
    is_active = models.BooleanField(_("عضوية قائمة"), default=True)
    since = models.DateField(_("من تاريخ"))
    until = models.DateField(_("إلى تاريخ"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("عضو لجنة")
        verbose_name_plural = _("أعضاء اللجان")
        ordering = ["committee", "role", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(is_active=True),
                name="committees_member_once_active",
            ),
            models.UniqueConstraint(
                fields=["committee", "role"],
                condition=Q(is_active=True, role__in=["chair", "secretary"]),
                name="committees_one_active_chair_and_secretary",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.user.get_full_name() or self.user.get_username()} ({self.get_role_display()})"
        )

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


class Meeting(models.Model):
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings")
    hijri_year = models.PositiveSmallIntegerField(_("السنة الهجرية"))
    number = models.PositiveSmallIntegerField(_("رقم الاجتماع"))
    held_on = models.DateField(_("تاريخ الاجتماع"))
    place = models.CharField(_("المكان"), max_length=200, blank=True)
    state = models.CharField(
        _("الحالة"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("أُغلق في"), null=True, blank=True)
    cancel_reason = models.CharField(_("سبب الإلغاء"), max_length=300, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("اجتماع")
        verbose_name_plural = _("الاجتماعات")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "hijri_year", "number"],
                name="committees_meeting_number_per_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.committee} — {self.reference}"

    @property
    def reference(self) -> str:
        """The meeting's number as committees write it: "3/1448"."""
        return f"{self.number}/{self.hijri_year}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    present = models.BooleanField(_("حاضر"), default=False)

    history = audited()

    class Meta:
        verbose_name = _("حضور اجتماع")
        verbose_name_plural = _("حضور الاجتماعات")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="committees_attendance_once")
        ]

    def __str__(self) -> str:
        return f"{self.meeting} — {self.member}"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="items")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    order = models.PositiveSmallIntegerField(_("الترتيب"), default=1)
    summary = models.TextField(_("الموضوع"))
    outcome = models.CharField(
        _("القرار"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING
    )
    reason = models.TextField(_("السبب"), blank=True)
    decided_at = models.DateTimeField(_("تاريخ القرار"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("who recorded the decision", "سجّل القرار"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("بند جدول أعمال")
        verbose_name_plural = _("بنود جدول الأعمال")
        ordering = ["meeting", "order", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="committees_item_subject_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(outcome="pending"),
                name="committees_one_open_item_per_subject",
            ),
            models.UniqueConstraint(
                fields=["meeting", "content_type", "object_id"],
                name="committees_subject_once_per_meeting",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["approved", "pending"]) | ~Q(reason=""),
                name="committees_reject_and_defer_have_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_pending(self) -> bool:
        return self.outcome == Outcome.PENDING


class Vote(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("العضو"),
        on_delete=models.PROTECT,
        related_name="committee_votes",
    )
    choice = models.CharField(_("الصوت"), max_length=10, choices=VoteChoice.choices)
    note = models.TextField(_("ملاحظة"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("صوت")
        verbose_name_plural = _("الأصوات")
        constraints = [
            models.UniqueConstraint(fields=["item", "member"], name="committees_one_vote_each")
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.get_choice_display()}"


class Minutes(models.Model):
    """The minutes of a closed meeting, frozen at closing: `snapshot` holds everything the
    PDF shows except the approvals, which are added as members record them."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    snapshot = models.JSONField()
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("محضر")
        verbose_name_plural = _("المحاضر")

    def __str__(self) -> str:
        return str(self.meeting)


class MinutesApproval(models.Model):
    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="approvals")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("العضو"),
        on_delete=models.PROTECT,
        related_name="minutes_approvals",
    )
    approved_at = models.DateTimeField(_("تاريخ الاعتماد"), auto_now_add=True)
    fingerprint = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("اعتماد محضر")
        verbose_name_plural = _("اعتمادات المحاضر")
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["minutes", "member"], name="committees_approve_minutes_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.minutes} — {self.member}"
