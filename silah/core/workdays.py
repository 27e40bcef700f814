"""Working days on the association's calendar (SAUDI.md, "Working days and holidays").

`WorkingCalendar` is an immutable snapshot of the work week and every day off, derived from
the stored base dates:

- an Eid is four days from its stored start (Eid al-Fitr: the day after 29 Ramadan;
  Eid al-Adha: the Day of Arafah); each Eid day that falls on the weekend is compensated by
  one working day after the Eid (or before it, by the association's setting), skipping
  weekends and other days off;
- Founding Day and National Day that fall on a Friday move to the Thursday before, on a
  Saturday to the Sunday after; inside an Eid they add nothing;
- other official holidays and the association's closures are days off as stored.

Counting rules: a deadline of N working days excludes the day it starts and ends at the
close of the N-th working day.
"""

from __future__ import annotations

import time
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.utils.translation import gettext as _

EID_LENGTH = 4
FRIDAY, SATURDAY = 4, 5
ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class HolidayRow:
    """What the derivation needs of a stored holiday (a model row or a test value)."""

    kind: str
    name: str
    start: date
    days: int = 1
    key: int | None = None  # the stored holiday's id


@dataclass(frozen=True)
class DayOff:
    day: date
    name: str
    compensation: bool = False
    key: int | None = None  # the stored holiday it comes from


@dataclass(frozen=True)
class WorkingCalendar:
    weekend: frozenset[int] = frozenset({FRIDAY, SATURDAY})
    days_off: dict[date, DayOff] = field(default_factory=dict)
    version: int = 0

    # -- building --------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        rows: Iterable[HolidayRow],
        *,
        weekend: Iterable[int] = (FRIDAY, SATURDAY),
        compensation: str = "after",
        version: int = 0,
    ) -> WorkingCalendar:
        weekend_set = frozenset(weekend)
        days_off: dict[date, DayOff] = {}
        rows = sorted(rows, key=lambda row: row.start)
        eids = [row for row in rows if row.kind in ("eid_al_fitr", "eid_al_adha")]
        others = [row for row in rows if row not in eids]

        # 1. Eid days themselves, then every other stored day off.
        for row in eids:
            for offset in range(EID_LENGTH):
                day = row.start + offset * ONE_DAY
                days_off[day] = DayOff(day, row.name, key=row.key)
        for row in others:
            if row.kind in ("founding_day", "national_day"):
                day = _observed_fixed_day(row.start, weekend_set)
                if day not in days_off:
                    days_off[day] = DayOff(day, row.name, key=row.key)
                continue
            for offset in range(row.days):
                day = row.start + offset * ONE_DAY
                days_off.setdefault(day, DayOff(day, row.name, key=row.key))

        # 2. Compensation for Eid days on the weekend.
        for row in eids:
            owed = sum(
                1
                for offset in range(EID_LENGTH)
                if (row.start + offset * ONE_DAY).weekday() in weekend_set
            )
            step = ONE_DAY if compensation == "after" else -ONE_DAY
            day = row.start + (EID_LENGTH - 1) * ONE_DAY if compensation == "after" else row.start
            name = _("%(name)s (يوم تعويضي)") % {"name": row.name}
            while owed:
                day += step
                if day.weekday() in weekend_set or day in days_off:
                    continue
                days_off[day] = DayOff(day, name, compensation=True, key=row.key)
                owed -= 1
        return cls(weekend=weekend_set, days_off=days_off, version=version)

    # -- questions ---------------------------------------------------------------------------

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.days_off

    def day_off(self, day: date) -> DayOff | None:
        return self.days_off.get(day)

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += ONE_DAY
        return day

    def add_working_days(self, start: date, n: int) -> date:
        """The date on which the n-th working day after `start` ends (start excluded).

        With n = 0 it is `start`; a negative n counts back.
        """
        step = ONE_DAY if n >= 0 else -ONE_DAY
        remaining = abs(n)
        day = start
        while remaining:
            day += step
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, a: date, b: date) -> int:
        """Working days after `a` up to and including `b` (negative when b is before a).

        Counted, not walked: the weekdays outside the weekend in whole weeks and the rest,
        less the days off among them (a request three years late is as quick as one).
        """
        if b < a:
            return -self.working_days_between(b, a)
        off = self._days_off_on_weekdays
        days_off = bisect_right(off, b) - bisect_right(off, a)
        return self._week_days_through(b) - self._week_days_through(a) - days_off

    @cached_property
    def _days_off_on_weekdays(self) -> list[date]:
        return sorted(day for day in self.days_off if day.weekday() not in self.weekend)

    def _week_days_through(self, day: date) -> int:
        """Days outside the weekend from 1 January of year 1 (a Monday) to `day`."""
        weeks, rest = divmod(day.toordinal(), 7)
        in_rest = sum(1 for weekday in range(rest) if weekday not in self.weekend)
        return weeks * (7 - len(self.weekend)) + in_rest

    def add_calendar_days(self, start: date, n: int, *, move_to_working_day: bool = True) -> date:
        """`start` + n days; a due date on a day off moves to the next working day."""
        day = start + n * ONE_DAY
        return self.next_working_day(day) if move_to_working_day else day

    def days_off_between(self, a: date, b: date) -> list[DayOff]:
        return [self.days_off[day] for day in sorted(self.days_off) if a <= day <= b]


def _observed_fixed_day(day: date, weekend: frozenset[int]) -> date:
    if day.weekday() == FRIDAY and FRIDAY in weekend:
        return day - ONE_DAY
    if day.weekday() == SATURDAY and SATURDAY in weekend:
        return day + ONE_DAY
    return day


# -- the association's calendar, from the database ------------------------------------------

_cached: WorkingCalendar | None = None
_checked_at = 0.0  # time.monotonic() of the last version check
DISPLAY_AGE = 10  # seconds: how old a calendar a list's "days left" may be drawn with


def get_calendar(*, max_age: float = 0) -> WorkingCalendar:
    """The working calendar in force, rebuilt whenever an administrator changes it.

    One cheap query checks the calendar's version; the days off are derived again only
    when it changed (in this process or another one). With `max_age` (for display only,
    e.g. the days left of a list's badges: `DISPLAY_AGE`) a calendar checked that recently
    is used without the query; a change made in this process is seen at once
    (`forget_cached_calendar`), one made in another within `max_age` seconds. Deadlines are
    always computed with a checked calendar.
    """
    global _cached, _checked_at
    from silah.core.models import CalendarSettings, Holiday

    now = time.monotonic()
    if max_age and _cached is not None and now - _checked_at < max_age:
        return _cached
    calendar_settings = CalendarSettings.load()
    _checked_at = now
    if _cached is not None and _cached.version == calendar_settings.version:
        return _cached
    rows = [
        HolidayRow(kind=h.kind, name=h.name, start=h.start, days=h.days, key=h.pk)
        for h in Holiday.objects.filter(is_active=True)
    ]
    _cached = WorkingCalendar.build(
        rows,
        weekend=calendar_settings.weekend_days,
        compensation=calendar_settings.eid_compensation,
        version=calendar_settings.version,
    )
    return _cached


def forget_cached_calendar() -> None:
    global _cached, _checked_at
    _cached = None
    _checked_at = 0.0


def add_working_days(start: date, n: int) -> date:
    """The n-th working day after `start` on the association's calendar."""
    return get_calendar().add_working_days(start, n)


def working_days_between(a: date, b: date) -> int:
    """Working days after `a` up to and including `b` on the association's calendar."""
    return get_calendar().working_days_between(a, b)


def is_working_day(day: date) -> bool:
    return get_calendar().is_working_day(day)
