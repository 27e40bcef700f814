"""Reads of the core app: the calendar as administrators see it."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from silah.core.models import Holiday, HolidayChange
from silah.core.workdays import DayOff, WorkingCalendar, get_calendar


@dataclass(frozen=True)
class HolidayView:
    holiday: Holiday
    days_off: list[DayOff]  # the days it makes off, compensation days included


def holidays_of_year(year: int, *, calendar: WorkingCalendar | None = None) -> list[HolidayView]:
    calendar = calendar or get_calendar()
    rows = Holiday.objects.filter(is_active=True, start__year=year).order_by("start")
    by_holiday: dict[int, list[DayOff]] = {}
    for off in calendar.days_off.values():
        if off.key is not None:
            by_holiday.setdefault(off.key, []).append(off)
    return [
        HolidayView(
            holiday=holiday, days_off=sorted(by_holiday.get(holiday.pk, []), key=lambda o: o.day)
        )
        for holiday in rows
    ]


def holidays_to_confirm(*, today: date) -> QuerySet[Holiday]:
    """Estimated holidays in the coming year: an administrator should confirm or correct them."""
    return Holiday.objects.filter(
        is_active=True,
        status=Holiday.Status.ESTIMATED,
        start__gte=today,
        start__lte=today + timedelta(days=365),
    ).order_by("start")


def recent_changes(limit: int = 20) -> QuerySet[HolidayChange]:
    return HolidayChange.objects.select_related("holiday", "actor")[:limit]
