"""The working calendar: SAUDI.md's examples, Eids across years, and the package as oracle."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from silah.core.services import HOLIDAY_NAMES, package_base_dates
from silah.core.workdays import HolidayRow, WorkingCalendar, add_working_days, working_days_between

YEARS = range(2025, 2029)


def package_calendar(years=YEARS, compensation="after") -> WorkingCalendar:
    rows = [
        HolidayRow(kind=kind, name=HOLIDAY_NAMES[kind], start=start, days=1)
        for year in years
        for kind, start, _estimated in package_base_dates(year)
    ]
    return WorkingCalendar.build(rows, compensation=compensation)


CAL = package_calendar()


# -- SAUDI.md's worked examples, on the seeded database ----------------------------------------


@pytest.mark.django_db
def test_five_working_days_after_21_may_2026_is_3_june():
    assert add_working_days(date(2026, 5, 21), 5) == date(2026, 6, 3)


def test_one_week_from_12_march_2026_falls_due_on_25_march_after_eid_al_fitr():
    assert CAL.add_calendar_days(date(2026, 3, 12), 7) == date(2026, 3, 25)


def test_calendar_deadline_on_a_day_off_stays_when_the_setting_is_off():
    assert CAL.add_calendar_days(date(2026, 3, 12), 7, move_to_working_day=False) == date(
        2026, 3, 19
    )


# -- pinned dates across Eids, Founding Day and National Day 2026–2028 ----------------------


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Eid al-Fitr 2026: Thu 19 – Sun 22 March, compensation Mon 23 and Tue 24.
        (date(2026, 3, 18), 1, date(2026, 3, 25)),
        (date(2026, 3, 16), 5, date(2026, 3, 29)),  # Tue, Wed, Wed 25, Thu 26, Sun 29
        # Eid al-Adha 2026: Arafah Tue 26 May – Fri 29, compensation Sun 31 May.
        (date(2026, 5, 25), 1, date(2026, 6, 1)),
        # Founding Day 2026 is a Sunday.
        (date(2026, 2, 19), 1, date(2026, 2, 23)),
        # National Day 2026 is a Wednesday.
        (date(2026, 9, 22), 1, date(2026, 9, 24)),
        # Eid al-Fitr 2027: Tue 9 – Fri 12 March, compensation Sun 14 March.
        (date(2027, 3, 8), 1, date(2027, 3, 15)),
        # Eid al-Adha 2027: Arafah Sat 15 May – Tue 18, compensation Wed 19 May.
        (date(2027, 5, 13), 1, date(2027, 5, 20)),
        # National Day 2027 is a Thursday.
        (date(2027, 9, 22), 1, date(2027, 9, 26)),
        # Eid al-Fitr 2028: Sat 26 Feb – Tue 29 Feb, compensation Wed 1 March (leap year).
        (date(2028, 2, 24), 1, date(2028, 3, 2)),
        # Eid al-Adha 2028: Arafah Thu 4 May – Sun 7, compensation Mon 8 and Tue 9 May.
        (date(2028, 5, 3), 1, date(2028, 5, 10)),
        # National Day 2028 is a Saturday: observed on Sunday 24 September.
        (date(2028, 9, 21), 1, date(2028, 9, 25)),
        # Founding Day 2027 is a Monday.
        (date(2027, 2, 21), 1, date(2027, 2, 23)),
        # Across a year end: Thu 30 Dec 2027 + 2 working days.
        (date(2027, 12, 30), 2, date(2028, 1, 3)),
    ],
)
def test_pinned_working_day_dates(start, n, expected):
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize("year", YEARS)
def test_days_off_on_weekdays_match_the_holidays_package(year):
    oracle = holidays.SaudiArabia(years=year, language="ar", islamic_show_estimated=True)
    expected = {d for d in oracle if d.weekday() not in (4, 5)}
    derived = {d for d in CAL.days_off if d.year == year and d.weekday() not in (4, 5)}
    assert derived == expected


@pytest.mark.parametrize("year", YEARS)
def test_compensation_days_match_the_holidays_package(year):
    oracle = holidays.SaudiArabia(years=year, language="ar", islamic_show_estimated=True)
    expected = {d for d, name in oracle.items() if "تعويضي" in name and "عيد" in name}
    derived = {d for d, off in CAL.days_off.items() if off.compensation and d.year == year}
    assert derived == expected


def test_founding_day_on_a_saturday_is_observed_on_sunday():
    assert not CAL.is_working_day(date(2025, 2, 23))


def test_founding_day_on_a_friday_is_observed_on_thursday():
    calendar = package_calendar(years=[2030])
    assert not calendar.is_working_day(date(2030, 2, 21))


def test_national_day_inside_an_eid_adds_no_day():
    rows = [
        HolidayRow("eid_al_adha", "عيد الأضحى", date(2031, 9, 21)),  # Sun–Wed
        HolidayRow("national_day", "اليوم الوطني", date(2031, 9, 23)),
    ]
    calendar = WorkingCalendar.build(rows)
    assert calendar.is_working_day(date(2031, 9, 25))
    assert sum(1 for off in calendar.days_off.values() if off.compensation) == 0


def test_eid_days_on_the_weekend_are_compensated_before_when_the_association_says_so():
    calendar = package_calendar(years=[2026], compensation="before")
    # Eid al-Fitr 2026 has Friday and Saturday inside: Tue 17 and Wed 18 March are off.
    assert not calendar.is_working_day(date(2026, 3, 18))
    assert not calendar.is_working_day(date(2026, 3, 17))
    assert calendar.is_working_day(date(2026, 3, 23))


def test_corrected_eid_start_moves_its_compensation_days():
    base = [HolidayRow("eid_al_adha", "عيد الأضحى", date(2026, 5, 26))]  # Tue–Fri
    moved = [HolidayRow("eid_al_adha", "عيد الأضحى", date(2026, 5, 27))]  # Wed–Sat
    before, after = WorkingCalendar.build(base), WorkingCalendar.build(moved)
    assert [d for d, off in before.days_off.items() if off.compensation] == [date(2026, 5, 31)]
    assert sorted(d for d, off in after.days_off.items() if off.compensation) == [
        date(2026, 5, 31),
        date(2026, 6, 1),
    ]


def test_a_closure_is_a_day_off_without_compensation():
    calendar = WorkingCalendar.build([HolidayRow("closure", "جرد سنوي", date(2026, 4, 5), 2)])
    assert not calendar.is_working_day(date(2026, 4, 5))
    assert not calendar.is_working_day(date(2026, 4, 6))
    assert calendar.is_working_day(date(2026, 4, 7))


def test_a_deadline_excludes_the_day_it_starts():
    # Sunday + 1 working day is Monday.
    assert CAL.add_working_days(date(2026, 4, 5), 1) == date(2026, 4, 6)


def test_zero_working_days_is_the_start_itself():
    assert CAL.add_working_days(date(2026, 4, 10), 0) == date(2026, 4, 10)


def test_another_work_week_is_respected():
    calendar = WorkingCalendar.build([], weekend=[4])  # Friday only
    assert calendar.add_working_days(date(2026, 4, 9), 1) == date(2026, 4, 11)


@pytest.mark.django_db
def test_working_days_between_on_the_seeded_calendar():
    assert working_days_between(date(2026, 5, 21), date(2026, 6, 3)) == 5


# -- properties ------------------------------------------------------------------------------

dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31))


@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_adding_then_counting_working_days_gives_n_back(start, n):
    assert CAL.working_days_between(start, CAL.add_working_days(start, n)) == n


@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_the_nth_working_day_is_a_working_day(start, n):
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@given(start=dates, n=st.integers(min_value=-60, max_value=60))
def test_counting_back_undoes_counting_forward(start, n):
    end = CAL.add_working_days(start, n)
    if CAL.is_working_day(start):
        assert CAL.add_working_days(end, -n) == start


@given(
    a=dates,
    b=dates,
    weekend=st.sets(st.integers(min_value=0, max_value=6), max_size=3),
)
def test_counting_working_days_matches_walking_day_by_day(a, b, weekend):
    calendar = WorkingCalendar.build([], weekend=weekend)
    calendar = WorkingCalendar(weekend=calendar.weekend, days_off=CAL.days_off)
    walked, day = 0, min(a, b)
    while day < max(a, b):
        day += timedelta(days=1)
        walked += calendar.is_working_day(day)
    assert calendar.working_days_between(min(a, b), max(a, b)) == walked


@given(a=dates, b=dates)
def test_working_days_between_is_antisymmetric(a, b):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@given(start=dates, n=st.integers(min_value=0, max_value=400))
def test_a_calendar_deadline_never_ends_on_a_day_off(start, n):
    due = CAL.add_calendar_days(start, n)
    assert CAL.is_working_day(due)
    assert due - start >= timedelta(days=n)


def test_a_year_with_two_eids_al_fitr_seeds_both():
    starts = [start for kind, start, _e in package_base_dates(2033) if kind == "eid_al_fitr"]
    assert starts == [date(2033, 1, 2), date(2033, 12, 22)]


@pytest.mark.parametrize("year", [2031, 2032, 2033, 2039, 2040])
def test_days_off_across_year_ends_match_the_holidays_package(year):
    calendar = package_calendar(years=[year - 1, year, year + 1])
    oracle = holidays.SaudiArabia(years=year, language="ar", islamic_show_estimated=True)
    expected = {d for d in oracle if d.weekday() not in (4, 5)}
    derived = {d for d in calendar.days_off if d.year == year and d.weekday() not in (4, 5)}
    assert derived == expected


# -- the calendar kept for display -----------------------------------------------------------


@pytest.mark.django_db
def test_a_list_draws_with_a_recently_checked_calendar_without_a_query(
    django_assert_num_queries,
):
    from silah.core.workdays import DISPLAY_AGE, get_calendar

    checked = get_calendar()
    with django_assert_num_queries(0):
        assert get_calendar(max_age=DISPLAY_AGE) is checked
    with django_assert_num_queries(1):  # a deadline's computation always checks
        get_calendar()


@pytest.mark.django_db
def test_a_holiday_added_here_is_seen_at_once_even_for_display():
    from silah.accounts.factories import AdministratorFactory
    from silah.core.services import add_holiday
    from silah.core.workdays import DISPLAY_AGE, get_calendar

    day = date(2026, 12, 1)  # a Tuesday
    assert get_calendar(max_age=DISPLAY_AGE).is_working_day(day)
    add_holiday(
        kind="closure", name="إغلاق للصيانة", start=day, days=1, actor=AdministratorFactory()
    )
    assert not get_calendar(max_age=DISPLAY_AGE).is_working_day(day)
