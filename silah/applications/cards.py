"""The requests' dashboard card: promises kept and missed this month, and the referrals
past their own deadline (counts only)."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.applications import queries, queries_screens
from silah.applications.exporting import READ_CODE
from silah.audit.models import register_read_label
from silah.core import dashboard, dates


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    following = (first.replace(day=28) + (date.resolution * 4)).replace(day=1)
    return first, following - date.resolution


def promises_card(request: HttpRequest) -> dashboard.Card | None:
    """For whoever hands work over (the manager): this month's decided requests, on time or
    late, the undecided ones already late, and the open referrals past their deadline (a
    line shown once some open referral has a deadline)."""
    if not request.user.has_perm("applications.hand_over_work"):
        return None
    today = dates.today()
    start, end = month_of(today)
    result = queries.promises(start, end, today=today)
    at_risk = queries.at_risk(request.user, today=today).count()
    late_referrals, tracked_referrals = queries_screens.late_referrals(today=today)
    late = result.open_late or late_referrals
    tone = "danger" if late else ("warning" if result.missed or at_risk else "success")
    items = [
        (_("في الموعد"), str(result.met)),
        (_("بعد الموعد"), str(result.missed)),
        (_("متأخرة لم يُبت فيها"), str(result.open_late)),
        (_("معرضة للتأخر"), str(at_risk)),
    ]
    if tracked_referrals:  # shown once the policy gives referrals a deadline
        items.append((_("إحالات متأخرة لم يُرد عليها"), str(late_referrals)))
    return dashboard.Card(
        title=_("الوفاء بمواعيد الرد هذا الشهر"),
        value=f"{result.met}/{result.decided}" if result.decided else "—",
        description=_("طلبات بُت فيها في موعدها من كل ما بُت فيه هذا الشهر."),
        url=reverse("applications:queues") + "?tab=late",
        tone=tone,
        items=items,
    )


def register() -> None:
    dashboard.register(order=40)(promises_card)
    register_read_label(READ_CODE, gettext_lazy("تصدير المصروفات"))
