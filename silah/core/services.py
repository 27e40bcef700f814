"""Writes of the core app: the working calendar and its holidays.

Every change to the calendar follows the same shape: guard, lock, save, a history row
(HolidayChange: who, when, old → new), then on commit the subscribers are told (the promise
clocks are recomputed on the worker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import holidays as holidays_package
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.core.errors import DomainError
from silah.core.models import CalendarSettings, Holiday, HolidayChange, WorkerPing
from silah.core.workdays import forget_cached_calendar

# How far around a changed holiday its effects can reach (an Eid and its compensation days).
CHANGE_REACH = timedelta(days=12)


@dataclass(frozen=True)
class CalendarChange:
    """What subscribers learn: the dates whose working status may have changed."""

    first: date
    last: date
    change_id: int | None


_subscribers: list[Callable[[CalendarChange], None]] = []


def subscribe_to_calendar_changes(callback: Callable[[CalendarChange], None]) -> None:
    """Call `callback(change)` after every committed change of the working calendar."""
    if callback not in _subscribers:
        _subscribers.append(callback)


def _announce(change: CalendarChange) -> None:
    for callback in list(_subscribers):
        callback(change)


def _bump_version() -> None:
    CalendarSettings.load()
    CalendarSettings.objects.filter(pk=1).update(version=F("version") + 1)
    forget_cached_calendar()  # this worker's lists see the change at once


def _affected(*spans: tuple[date, int]) -> tuple[date, date]:
    firsts = [start for start, _days in spans]
    lasts = [start + timedelta(days=days - 1) for start, days in spans]
    return min(firsts) - CHANGE_REACH, max(lasts) + CHANGE_REACH


def _check_span(start: date, days: int) -> None:
    if not 1 <= days <= 60:
        raise DomainError(_("عدد الأيام يجب أن يكون بين 1 و60."), field="days")
    if not date(1950, 1, 1) <= start <= date(2077, 11, 16):
        raise DomainError(_("التاريخ خارج المدى الذي يدعمه التقويم."), field="start")


def correct_holiday(
    holiday: Holiday, *, start: date, days: int | None = None, actor, reason: str = ""
) -> HolidayChange:
    """Move a holiday to its announced date (and length); it becomes confirmed."""
    days = holiday.days if days is None else days
    _check_span(start, days)
    if holiday.is_eid and days != 4:
        raise DomainError(_("العيد أربعة أيام في القطاع الخاص والأهلي."), field="days")
    with transaction.atomic():
        holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
        if not holiday.is_active:
            raise DomainError(_("هذه الإجازة ملغاة ولا يمكن تصحيحها."))
        if holiday.start == start and holiday.days == days:
            raise DomainError(_("التاريخ الجديد هو التاريخ المسجل نفسه."), field="start")
        old_start, old_days = holiday.start, holiday.days
        holiday.start, holiday.days = start, days
        holiday.status = Holiday.Status.CONFIRMED
        holiday.confirmed_by, holiday.confirmed_at = actor, timezone.now()
        holiday.save(update_fields=["start", "days", "status", "confirmed_by", "confirmed_at"])
        change = HolidayChange.objects.create(
            holiday=holiday,
            action=HolidayChange.Action.CORRECTED,
            actor=actor,
            old_start=old_start,
            new_start=start,
            old_days=old_days,
            new_days=days,
            reason=reason[:300],
        )
        _bump_version()
        first, last = _affected((old_start, old_days), (start, days))
        transaction.on_commit(lambda: _announce(CalendarChange(first, last, change.pk)))
    return change


def confirm_holiday(holiday: Holiday, *, actor) -> HolidayChange:
    """Record that the official announcement matches the stored date."""
    with transaction.atomic():
        holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
        if holiday.status == Holiday.Status.CONFIRMED:
            raise DomainError(_("هذه الإجازة مؤكدة من قبل."))
        holiday.status = Holiday.Status.CONFIRMED
        holiday.confirmed_by, holiday.confirmed_at = actor, timezone.now()
        holiday.save(update_fields=["status", "confirmed_by", "confirmed_at"])
        return HolidayChange.objects.create(
            holiday=holiday,
            action=HolidayChange.Action.CONFIRMED,
            actor=actor,
            old_start=holiday.start,
            new_start=holiday.start,
        )


def add_holiday(
    *, kind: str, name: str, start: date, days: int, actor, reason: str = ""
) -> Holiday:
    """A one-off official holiday (a royal order) or a closure the association declares."""
    if kind not in (Holiday.Kind.OFFICIAL, Holiday.Kind.CLOSURE):
        raise DomainError(
            _("تضاف يدويًا الإجازات الرسمية الطارئة وإغلاقات الجمعية فقط."), field="kind"
        )
    if not name.strip():
        raise DomainError(_("اكتب اسم الإجازة."), field="name")
    _check_span(start, days)
    with transaction.atomic():
        holiday = Holiday.objects.create(
            kind=kind,
            name=name.strip(),
            start=start,
            days=days,
            status=Holiday.Status.CONFIRMED,
            source="manual",
            confirmed_by=actor,
            confirmed_at=timezone.now(),
        )
        change = HolidayChange.objects.create(
            holiday=holiday,
            action=HolidayChange.Action.ADDED,
            actor=actor,
            new_start=start,
            new_days=days,
            reason=reason[:300],
        )
        _bump_version()
        first, last = _affected((start, days))
        transaction.on_commit(lambda: _announce(CalendarChange(first, last, change.pk)))
    return holiday


def remove_holiday(holiday: Holiday, *, actor, reason: str = "") -> HolidayChange:
    """Cancel a manual holiday or closure; its days become working days again."""
    with transaction.atomic():
        holiday = Holiday.objects.select_for_update().get(pk=holiday.pk)
        if not holiday.is_active:
            raise DomainError(_("هذه الإجازة ملغاة من قبل."))
        if holiday.kind not in (Holiday.Kind.OFFICIAL, Holiday.Kind.CLOSURE):
            raise DomainError(_("لا تُلغى الأعياد والأيام الوطنية؛ صحّح تاريخها بدلًا من ذلك."))
        holiday.is_active = False
        holiday.save(update_fields=["is_active"])
        change = HolidayChange.objects.create(
            holiday=holiday,
            action=HolidayChange.Action.REMOVED,
            actor=actor,
            old_start=holiday.start,
            old_days=holiday.days,
            reason=reason[:300],
        )
        _bump_version()
        first, last = _affected((holiday.start, holiday.days))
        transaction.on_commit(lambda: _announce(CalendarChange(first, last, change.pk)))
    return change


# -- seeding from the `holidays` package ----------------------------------------------------

PACKAGE_NAMES = {
    "eid_al_fitr": "عطلة عيد الفطر",
    "eid_al_adha": "يوم عرفة",
    "founding_day": "يوم التأسيس",
    "national_day": "اليوم الوطني",
}
HOLIDAY_NAMES = {
    "eid_al_fitr": "عيد الفطر",
    "eid_al_adha": "عيد الأضحى",
    "founding_day": "يوم التأسيس",
    "national_day": "اليوم الوطني",
}


def package_base_dates(year: int) -> list[tuple[str, date, bool]]:
    """(kind, base date, estimated) of every holiday starting in `year`, from `holidays`.

    A Gregorian year can hold two Eids of one kind (2033 has two Eid al-Fitr), and an Eid
    can run across New Year; so days are grouped into runs, and a run is kept in the year
    it starts. Always in Arabic: without `language` the package follows the machine's
    locale.
    """
    table = holidays_package.SaudiArabia(
        years=[year - 1, year], language="ar", islamic_show_estimated=True
    )
    found: list[tuple[str, date, bool]] = []
    for kind, label in PACKAGE_NAMES.items():
        days = sorted(
            day for day, name in table.items() if name.startswith(label) and "تعويضي" not in name
        )
        runs: list[list[date]] = []
        for day in days:
            if runs and day - runs[-1][-1] == timedelta(days=1):
                runs[-1].append(day)
            else:
                runs.append([day])
        for run in runs:
            if run[0].year != year:
                continue
            estimated = any("تقديري" in table.get_list(day)[0] for day in run)
            found.append((kind, run[0], estimated))
    return sorted(found, key=lambda item: item[1])


def seed_holidays(year: int) -> int:
    """Store `year`'s holidays from the package once; returns how many rows were added.

    A year already seeded is left alone, so an administrator's corrections stay.
    """
    if Holiday.objects.filter(source="package", start__year=year).exists():
        return 0
    added = 0
    with transaction.atomic():
        for kind, start, estimated in package_base_dates(year):
            Holiday.objects.create(
                kind=kind,
                name=HOLIDAY_NAMES[kind],
                start=start,
                days=4 if kind in ("eid_al_fitr", "eid_al_adha") else 1,
                status=Holiday.Status.ESTIMATED if estimated else Holiday.Status.CONFIRMED,
                source="package",
            )
            added += 1
        if added:
            _bump_version()
    return added


def update_calendar_settings(
    *, weekend_days: list[int], eid_compensation: str, move_to_working_day: bool, actor
) -> CalendarSettings:
    if not weekend_days or len(weekend_days) > 3 or any(d not in range(7) for d in weekend_days):
        raise DomainError(_("اختر يومًا إلى ثلاثة أيام للعطلة الأسبوعية."), field="weekend_days")
    with transaction.atomic():
        row = CalendarSettings.load()
        row = CalendarSettings.objects.select_for_update().get(pk=row.pk)
        row.weekend_days = sorted(set(weekend_days))
        row.eid_compensation = eid_compensation
        row.calendar_deadline_moves_to_working_day = move_to_working_day
        row.version = F("version") + 1
        row.save()
        today = timezone.localdate()
        transaction.on_commit(
            lambda: _announce(
                CalendarChange(today - timedelta(days=365), today + timedelta(days=3650), None)
            )
        )
    row.refresh_from_db()
    return row


def request_worker_ping(*, actor) -> WorkerPing:
    """Send the worker a task that marks the ping done (an administrator's check)."""
    from silah.core.tasks import answer_ping

    with transaction.atomic():
        ping = WorkerPing.objects.create(requested_by=actor)
        transaction.on_commit(lambda: answer_ping.enqueue(ping.pk))
    return ping
