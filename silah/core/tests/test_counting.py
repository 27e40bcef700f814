"""Counting days in Arabic: the noun after a number takes the form its category needs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from silah.core.counting import days, plural_category


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "يوم واحد"),
        (2, "يومان"),
        (3, "3 أيام"),
        (10, "10 أيام"),
        (11, "11 يوما"),
        (99, "99 يوما"),
        (100, "100 يوم"),
        (103, "103 أيام"),
        (111, "111 يوما"),
    ],
)
def test_days_take_the_arabic_form_of_their_number(count, text):
    assert days(count) == text


@given(st.integers(min_value=0, max_value=10_000))
def test_every_number_has_one_of_the_six_categories(count):
    assert plural_category(count) in {"zero", "one", "two", "few", "many", "other"}


def test_late_clock_label_counts_in_arabic():
    from datetime import date

    from silah.core.clock import ClockState, ClockStatus

    status = ClockStatus(ClockState.LATE, date(2026, 4, 12), days_late=2)
    assert status.label == "متأخر: يومان"
