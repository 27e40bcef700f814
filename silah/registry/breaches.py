"""The breach register (PDPL): incidents and the 72-hour notice to the regulator (SDAIA).

The notice clock counts hours from discovery (`SILAH_BREACH_NOTICE_HOURS`, 72), not working
days: a breach found on Thursday evening is due on Sunday evening. Its state: on time, at
risk (the last `SILAH_AT_RISK_SHARE` of the hours, 20% = the last 14.4 hours), late, met
(notified in time) or missed (notified after the deadline, by N hours).

The people affected are notified "without undue delay" where harm is likely: recorded
(when, how), not clocked.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.audit.history import annotate_change
from silah.core.clock import ClockState
from silah.core.counting import HOURS, counted
from silah.core.errors import DomainError
from silah.core.references import next_reference
from silah.registry.models import Breach

MANAGE = "registry.manage_privacy"
REFERENCE_PREFIX = "BRC"

MESSAGES = {
    "permission": gettext_lazy("ليست لديك صلاحية لهذا الإجراء."),
    "discovered_future": gettext_lazy("وقت الاكتشاف لا يكون في المستقبل."),
    "description": gettext_lazy("صف ما حدث (دون أسماء الأشخاص أو أرقامهم)."),
    "categories": gettext_lazy("اختر فئة واحدة على الأقل من فئات البيانات المتأثرة."),
    "people": gettext_lazy("أدخل عدد المتأثرين رقمًا صحيحًا لا يقل عن صفر."),
    "before_discovery": gettext_lazy("هذا الوقت قبل وقت اكتشاف الحادثة."),
    "in_future": gettext_lazy("هذا الوقت في المستقبل."),
    "regulator_done": gettext_lazy("سُجّل إشعار الهيئة من قبل."),
    "people_done": gettext_lazy("سُجّل إشعار المتأثرين من قبل."),
    "notice": gettext_lazy("اكتب كيف أُشعر المتأثرون (الرسالة والقناة)."),
    "closed": gettext_lazy("الحادثة مغلقة ولا تقبل التعديل."),
    "close_needs": gettext_lazy("لا تُغلق الحادثة قبل احتوائها وإشعار الهيئة."),
}


def _require(actor: AbstractBaseUser) -> None:
    if not actor.has_perm(MANAGE):
        raise PermissionDenied(str(MESSAGES["permission"]))


def _error(code: str, field: str | None = None) -> DomainError:
    return DomainError(str(MESSAGES[code]), field=field)


# -- the notice clock ------------------------------------------------------------------------


@dataclass(frozen=True)
class NoticeStatus:
    state: ClockState
    deadline: dt.datetime
    hours_left: int | None = None
    hours_late: int | None = None

    @property
    def label(self) -> str:
        if self.state == ClockState.LATE:
            return _("متأخر: %(hours)s") % {"hours": counted(HOURS, self.hours_late)}
        if self.state == ClockState.MISSED:
            return _("أُشعرت الهيئة متأخرًا، والتأخير: %(hours)s") % {
                "hours": counted(HOURS, self.hours_late)
            }
        if self.state == ClockState.MET:
            return _("أُشعرت الهيئة في الموعد")
        return _("باقٍ: %(hours)s") % {"hours": counted(HOURS, self.hours_left)}


def notice_deadline(breach: Breach) -> dt.datetime:
    return breach.discovered_at + dt.timedelta(hours=settings.SILAH_BREACH_NOTICE_HOURS)


def notice_status(breach: Breach, *, now: dt.datetime | None = None) -> NoticeStatus:
    deadline = notice_deadline(breach)
    if breach.regulator_notified_at is not None:
        if breach.regulator_notified_at <= deadline:
            return NoticeStatus(ClockState.MET, deadline)
        late = breach.regulator_notified_at - deadline
        return NoticeStatus(ClockState.MISSED, deadline, hours_late=math.ceil(late / HOUR))
    now = now or timezone.now()
    if now > deadline:
        return NoticeStatus(
            ClockState.LATE, deadline, hours_late=math.ceil((now - deadline) / HOUR)
        )
    left = deadline - now
    hours = settings.SILAH_BREACH_NOTICE_HOURS
    at_risk = left <= dt.timedelta(hours=hours * settings.SILAH_AT_RISK_SHARE)
    return NoticeStatus(
        ClockState.AT_RISK if at_risk else ClockState.ON_TIME,
        deadline,
        hours_left=math.floor(left / HOUR),
    )


HOUR = dt.timedelta(hours=1)


# -- the verbs -------------------------------------------------------------------------------


def _clean(
    *, description: str, data_categories: list[str], people_affected: object
) -> tuple[str, list[str], int]:
    description = (description or "").strip()
    if not description:
        raise _error("description", "description")
    categories = list(dict.fromkeys(data_categories or []))
    if not categories or any(c not in Breach.DataCategory.values for c in categories):
        raise _error("categories", "data_categories")
    try:
        people = int(people_affected)
    except (TypeError, ValueError):
        raise _error("people", "people_affected") from None
    if people < 0 or people > 100_000_000:
        raise _error("people", "people_affected")
    return description, categories, people


def _moment(value: dt.datetime, breach_discovered: dt.datetime | None, field: str) -> None:
    if value > timezone.now():
        raise _error("in_future", field)
    if breach_discovered is not None and value < breach_discovered:
        raise _error("before_discovery", field)


@transaction.atomic
def record_breach(
    *,
    actor: AbstractBaseUser,
    discovered_at: dt.datetime,
    description: str,
    data_categories: list[str],
    people_affected: object,
    containment: str = "",
) -> Breach:
    """Record an incident; its 72-hour notice clock runs from `discovered_at`."""
    _require(actor)
    if discovered_at > timezone.now():
        raise _error("discovered_future", "discovered_at")
    description, categories, people = _clean(
        description=description, data_categories=data_categories, people_affected=people_affected
    )
    breach = Breach(
        reference=next_reference(REFERENCE_PREFIX),
        discovered_at=discovered_at,
        description=description,
        data_categories=categories,
        people_affected=people,
        containment=(containment or "").strip(),
        recorded_by=actor,
    )
    annotate_change(breach, reason="تسجيل حادثة", actor=actor)
    breach.save()
    return breach


def _sync(target: Breach, source: Breach) -> Breach:
    """Give the caller's instance the saved values."""
    for field in Breach._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return source


def _locked(breach: Breach) -> Breach:
    locked = Breach.objects.select_for_update().get(pk=breach.pk)
    if locked.status == Breach.Status.CLOSED:
        raise _error("closed", "status")
    return locked


@transaction.atomic
def update_breach(
    breach: Breach,
    *,
    actor: AbstractBaseUser,
    description: str,
    data_categories: list[str],
    people_affected: object,
    containment: str = "",
    contained_at: dt.datetime | None = None,
) -> Breach:
    """Correct what is known of the incident; a containment time marks it contained."""
    _require(actor)
    locked = _locked(breach)
    description, categories, people = _clean(
        description=description, data_categories=data_categories, people_affected=people_affected
    )
    if contained_at is not None:
        _moment(contained_at, locked.discovered_at, "contained_at")
    locked.description = description
    locked.data_categories = categories
    locked.people_affected = people
    locked.containment = (containment or "").strip()
    locked.contained_at = contained_at
    locked.status = Breach.Status.CONTAINED if contained_at else Breach.Status.OPEN
    annotate_change(locked, reason="تحديث بيانات الحادثة", actor=actor)
    locked.save()
    return _sync(breach, locked)


@transaction.atomic
def notify_regulator(
    breach: Breach, *, actor: AbstractBaseUser, notified_at: dt.datetime, reference: str = ""
) -> Breach:
    """Record the notice to SDAIA (when, its reference): the notice clock stops."""
    _require(actor)
    locked = _locked(breach)
    if locked.regulator_notified_at is not None:
        raise _error("regulator_done", "notified_at")
    _moment(notified_at, locked.discovered_at, "notified_at")
    locked.regulator_notified_at = notified_at
    locked.regulator_reference = " ".join((reference or "").split())[:60]
    annotate_change(locked, reason="إشعار الهيئة السعودية للبيانات والذكاء الاصطناعي", actor=actor)
    locked.save(update_fields=["regulator_notified_at", "regulator_reference"])
    return _sync(breach, locked)


@transaction.atomic
def notify_people(
    breach: Breach, *, actor: AbstractBaseUser, notified_at: dt.datetime, notice: str
) -> Breach:
    """Record that the people affected were told (when, how)."""
    _require(actor)
    locked = _locked(breach)
    if locked.people_notified_at is not None:
        raise _error("people_done", "notified_at")
    notice = (notice or "").strip()
    if not notice:
        raise _error("notice", "notice")
    _moment(notified_at, locked.discovered_at, "notified_at")
    locked.people_notified_at = notified_at
    locked.people_notice = notice
    annotate_change(locked, reason="إشعار المتأثرين", actor=actor)
    locked.save(update_fields=["people_notified_at", "people_notice"])
    return _sync(breach, locked)


@transaction.atomic
def close_breach(breach: Breach, *, actor: AbstractBaseUser) -> Breach:
    """Close an incident that is contained and notified to the regulator."""
    _require(actor)
    locked = _locked(breach)
    if locked.contained_at is None or locked.regulator_notified_at is None:
        raise _error("close_needs", "status")
    locked.status = Breach.Status.CLOSED
    annotate_change(locked, reason="إغلاق الحادثة", actor=actor)
    locked.save(update_fields=["status"])
    return _sync(breach, locked)


# -- reads -----------------------------------------------------------------------------------


def open_breaches() -> QuerySet[Breach]:
    return Breach.objects.exclude(status=Breach.Status.CLOSED)


def awaiting_notice(*, now: dt.datetime | None = None) -> list[tuple[Breach, NoticeStatus]]:
    """Breaches not yet notified to the regulator, with their clock, soonest first."""
    rows = [
        (breach, notice_status(breach, now=now))
        for breach in Breach.objects.filter(regulator_notified_at__isnull=True).order_by(
            "discovered_at"
        )
    ]
    return rows
