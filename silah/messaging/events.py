"""The events Silah tells people about, each with its named placeholders and sample values.

A template may use only its event's placeholders (``{reference}``); the sample values fill
the preview an administrator sees before saving.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    REQUEST_RECEIVED = "request_received", _("استلام طلب")
    REQUEST_INCOMPLETE = "request_incomplete", _("طلب ناقص")
    REQUEST_COMPLETE = "request_complete", _("اكتمال طلب")
    DECISION_APPROVED = "decision_approved", _("قبول طلب")
    DECISION_REJECTED = "decision_rejected", _("رفض طلب")
    DELIVERY_SCHEDULED = "delivery_scheduled", _("موعد تقديم الخدمة")
    REQUEST_RETURNED = "request_returned", _("إعادة طلب للاستكمال")
    DELIVERY_READY = "delivery_ready", _("الخدمة جاهزة للتسليم")
    TICKET_RECEIVED = "ticket_received", _("استلام استفسار أو شكوى")
    TICKET_RESOLVED = "ticket_resolved", _("إغلاق استفسار أو شكوى")
    SURVEY_INVITATION = "survey_invitation", _("دعوة إلى استبانة رضا")
    INFORMATION_UPDATE = "information_update", _("تحديث البيانات")
    POLICY_VERSION = "policy_version", _("إصدار جديد من السياسة")
    STAFF_REMINDER = "staff_reminder", _("تذكير للموظفين")
    MEETING_NOTICE = "meeting_notice", _("إشعار اجتماع لجنة")
    MINUTES_AWAITING_APPROVAL = "minutes_awaiting_approval", _("محضر ينتظر الاعتماد")
    MINUTES_APPROVED = "minutes_approved", _("اكتمال اعتماد محضر")
    ANNOUNCEMENT = "announcement", _("إعلان")
    DEMO = "demo", _("رسالة تجريبية")


@dataclass(frozen=True)
class Placeholder:
    name: str
    label: object
    sample: str


def _p(name: str, label: object, sample: str) -> Placeholder:
    return Placeholder(name, label, sample)


NAME = _p("name", _("اسم المستفيد الأول"), "فاطمة")
ORGANIZATION = _p("organization", _("اسم الجمعية"), "جمعية أمل الليث")
REFERENCE = _p("reference", _("رقم الطلب"), "REQ-1448-000123")
SERVICE = _p("service", _("الخدمة"), "السلة الغذائية")

PLACEHOLDERS: dict[str, tuple[Placeholder, ...]] = {
    Event.REQUEST_RECEIVED: (NAME, ORGANIZATION, REFERENCE, SERVICE),
    Event.REQUEST_INCOMPLETE: (
        NAME,
        ORGANIZATION,
        REFERENCE,
        _p("missing_items", _("المستندات الناقصة"), "صورة الهوية، إقرار صحة البيانات"),
    ),
    Event.REQUEST_COMPLETE: (
        NAME,
        ORGANIZATION,
        REFERENCE,
        _p("deciding_body", _("جهة القرار"), "لجنة البحث"),
        _p("deadline", _("موعد الرد"), "1448/06/20هـ (2026/11/30م)"),
    ),
    Event.DECISION_APPROVED: (NAME, ORGANIZATION, REFERENCE, SERVICE),
    Event.DECISION_REJECTED: (
        NAME,
        ORGANIZATION,
        REFERENCE,
        _p("reason", _("سبب الرفض"), "الدخل أعلى من الحد المعتمد"),
    ),
    Event.DELIVERY_SCHEDULED: (
        NAME,
        ORGANIZATION,
        REFERENCE,
        SERVICE,
        _p("date", _("الموعد"), "الأحد 1448/06/22هـ"),
        _p("place", _("المكان"), "مقر الجمعية بالليث"),
    ),
    Event.REQUEST_RETURNED: (
        NAME,
        ORGANIZATION,
        REFERENCE,
        _p("missing_items", _("المطلوب لاستكمال الطلب"), "تعريف بالراتب حديث"),
    ),
    Event.DELIVERY_READY: (NAME, ORGANIZATION, REFERENCE, SERVICE),
    Event.TICKET_RECEIVED: (
        NAME,
        ORGANIZATION,
        _p("reference", _("رقم البلاغ"), "TKT-1448-000045"),
        _p("deadline", _("موعد الرد"), "1448/06/15هـ"),
    ),
    Event.TICKET_RESOLVED: (
        NAME,
        ORGANIZATION,
        _p("reference", _("رقم البلاغ"), "TKT-1448-000045"),
        _p("resolution", _("ما تم"), "تم صرف المستحق المتأخر"),
    ),
    Event.SURVEY_INVITATION: (
        NAME,
        ORGANIZATION,
        _p("link", _("رابط الاستبانة"), "https://silah.example.org/s/ab12"),
    ),
    Event.INFORMATION_UPDATE: (
        NAME,
        ORGANIZATION,
        _p("deadline", _("آخر موعد"), "1448/07/01هـ"),
    ),
    Event.POLICY_VERSION: (
        NAME,
        ORGANIZATION,
        _p("version", _("رقم الإصدار"), "3"),
        _p("link", _("رابط السياسة"), "https://silah.example.org/policy/"),
    ),
    Event.STAFF_REMINDER: (
        _p("staff_name", _("اسم الموظف"), "نورة"),
        ORGANIZATION,
        _p("count", _("العدد"), "4"),
        _p("what", _("المطلوب"), "طلبات قارب موعد الرد عليها"),
        _p("link", _("الرابط"), "https://silah.example.org/"),
    ),
    Event.MEETING_NOTICE: (
        _p("staff_name", _("اسم الموظف"), "نورة"),
        ORGANIZATION,
        _p("notice", _("الخبر"), "جُدول اجتماع"),
        _p("committee", _("اللجنة"), "لجنة البحث الاجتماعي"),
        _p("meeting", _("رقم الاجتماع"), "2/1448"),
        _p("date", _("الموعد"), "20 جمادى الآخرة 1448هـ الموافق 30 نوفمبر 2026م"),
        _p("place", _("المكان"), "قاعة الاجتماعات بالمقر الرئيسي"),
        _p("link", _("الرابط"), "https://silah.example.org/committees/my/"),
    ),
    Event.MINUTES_AWAITING_APPROVAL: (
        _p("staff_name", _("اسم الموظف"), "نورة"),
        ORGANIZATION,
        _p("committee", _("اللجنة"), "لجنة البحث الاجتماعي"),
        _p("meeting", _("رقم الاجتماع"), "2/1448"),
        _p("date", _("تاريخ الاجتماع"), "20 جمادى الآخرة 1448هـ الموافق 30 نوفمبر 2026م"),
        _p("link", _("رابط الاعتماد"), "https://silah.example.org/committees/my/meetings/7/"),
    ),
    Event.MINUTES_APPROVED: (
        _p("staff_name", _("اسم الموظف"), "نورة"),
        ORGANIZATION,
        _p("committee", _("اللجنة"), "لجنة البحث الاجتماعي"),
        _p("meeting", _("رقم الاجتماع"), "2/1448"),
        _p("date", _("تاريخ الاجتماع"), "20 جمادى الآخرة 1448هـ الموافق 30 نوفمبر 2026م"),
        _p("count", _("عدد المعتمدين"), "5"),
        _p("link", _("رابط الاجتماع"), "https://silah.example.org/committees/meetings/7/"),
    ),
    Event.ANNOUNCEMENT: (NAME, ORGANIZATION, _p("text", _("نص الإعلان"), "يبدأ التسجيل غدًا")),
    Event.DEMO: (NAME, ORGANIZATION),
}


def placeholders(event: str) -> tuple[Placeholder, ...]:
    return PLACEHOLDERS.get(event, ())


def sample_values(event: str) -> dict[str, str]:
    return {p.name: p.sample for p in placeholders(event)}


STAFF_EVENTS = {
    Event.STAFF_REMINDER,
    Event.MEETING_NOTICE,
    Event.MINUTES_AWAITING_APPROVAL,
    Event.MINUTES_APPROVED,
}
