"""Dates in both calendars: conversion, formatting, and reading what people type."""

import contextlib
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hijridate import Gregorian, Hijri
from hypothesis import given, settings
from hypothesis import strategies as st

from silah.core import dates
from silah.core.dates import Calendar, HijriDate, ParsedDate

PROPERTY = settings(database=None, deadline=None, max_examples=300)
DATES = st.dates(min_value=dates.MIN_DATE, max_value=dates.MAX_DATE)
LANGS = st.sampled_from(["ar", "en"])


@pytest.fixture(autouse=True)
def _arabic():
    with translation.override("ar"):
        yield


def error_code(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        dates.parse_date(text)
    return info.value.code


def error_message(text: str) -> str:
    with pytest.raises(ValidationError) as info:
        dates.parse_date(text)
    return info.value.messages[0]


# -- Known conversions (each checked against hijridate, and against the published dates) --


@pytest.mark.parametrize(
    ("hijri", "gregorian"),
    [
        ((1445, 9, 24), dt.date(2024, 4, 3)),  # seed 000's Hijri date
        ((1445, 8, 23), dt.date(2024, 3, 4)),  # seed 000's Gregorian date
        ((1447, 9, 1), dt.date(2026, 2, 18)),  # 1 Ramadan 1447
        ((1446, 9, 1), dt.date(2025, 3, 1)),  # 1 Ramadan 1446
        ((1445, 10, 1), dt.date(2024, 4, 10)),  # Eid al-Fitr 1445
        ((1445, 12, 10), dt.date(2024, 6, 16)),  # Eid al-Adha 1445
        ((1446, 1, 1), dt.date(2024, 7, 7)),  # Hijri new year 1446
        ((1420, 9, 24), dt.date(2000, 1, 1)),
        ((1343, 1, 1), dt.date(1924, 8, 1)),  # first day of the table
        ((1500, 12, 30), dt.date(2077, 11, 16)),  # last day of the table
    ],
)
def test_known_conversions(hijri, gregorian):
    assert Hijri(*hijri).to_gregorian() == gregorian  # the pin agrees with the library
    assert dates.from_hijri(*hijri) == gregorian
    assert dates.to_hijri(gregorian) == HijriDate(*hijri)


def test_from_hijri_returns_a_plain_date():
    assert type(dates.from_hijri(1445, 9, 24)) is dt.date


def test_hijri_date_knows_its_month_name_in_both_languages():
    h = dates.to_hijri(dt.date(2024, 4, 3))
    assert h.month_name("ar") == "رمضان"
    assert h.month_name("en") == "Ramadan"
    assert h.month_length() == 30
    assert h.to_gregorian() == dt.date(2024, 4, 3)
    assert str(h) == "1445-09-24"


def test_a_datetime_is_converted_in_riyadh_time():
    # 22:30 UTC on 2 April is 01:30 on 3 April in Riyadh.
    late_evening_utc = dt.datetime(2024, 4, 2, 22, 30, tzinfo=dt.UTC)
    assert dates.local_date(late_evening_utc) == dt.date(2024, 4, 3)
    assert dates.to_hijri(late_evening_utc) == HijriDate(1445, 9, 24)


def test_from_hijri_errors_are_validation_errors():
    with pytest.raises(ValidationError) as info:
        dates.from_hijri(1445, 8, 30)
    assert info.value.code == "invalid_day"
    assert "29 يومًا" in info.value.messages[0]
    with pytest.raises(ValidationError) as info:
        dates.from_hijri(1342, 12, 1)
    assert info.value.code == "out_of_range"
    with pytest.raises(ValidationError) as info:
        dates.from_hijri(1445, 13, 1)
    assert info.value.code == "invalid_month"


def test_to_hijri_outside_the_table_is_a_validation_error():
    for day in (dt.date(1924, 7, 31), dt.date(2077, 11, 17)):
        with pytest.raises(ValidationError) as info:
            dates.to_hijri(day)
        assert info.value.code == "out_of_range"


# -- Formatting ------------------------------------------------------------------------------

APRIL_3 = dt.date(2024, 4, 3)


def test_arabic_formats_use_ascii_digits_and_arabic_month_names():
    assert dates.format_hijri(APRIL_3, "ar") == "24 رمضان 1445هـ"
    assert dates.format_hijri(APRIL_3, "ar", style="short") == "1445/09/24هـ"
    assert dates.format_gregorian(APRIL_3, "ar") == "3 أبريل 2024م"
    assert dates.format_gregorian(APRIL_3, "ar", style="short") == "2024/04/03م"


def test_arabic_dual_puts_the_hijri_date_first():
    assert dates.format_dual(APRIL_3, "ar") == "24 رمضان 1445هـ الموافق 3 أبريل 2024م"
    assert dates.format_dual(APRIL_3, "ar", style="short") == "1445/09/24هـ الموافق 2024/04/03م"


def test_dual_can_start_with_the_gregorian_date_and_the_weekday():
    text = dates.format_dual(APRIL_3, "ar", first=Calendar.GREGORIAN, weekday=True)
    assert text == "الأربعاء 3 أبريل 2024م الموافق 24 رمضان 1445هـ"


def test_english_formats():
    assert dates.format_hijri(APRIL_3, "en") == "24 Ramadan 1445 AH"
    assert dates.format_gregorian(APRIL_3, "en") == "3 April 2024"
    assert dates.format_dual(APRIL_3, "en") == "24 Ramadan 1445 AH (3 April 2024)"
    assert dates.format_dual(APRIL_3, "en", style="short") == "1445/09/24 AH (2024/04/03)"
    assert (
        dates.format_dual(APRIL_3, "en", first=Calendar.GREGORIAN, weekday=True)
        == "Wednesday, 3 April 2024 (24 Ramadan 1445 AH)"
    )


def test_language_defaults_to_the_active_one():
    assert dates.format_hijri(APRIL_3) == "24 رمضان 1445هـ"
    with translation.override("en"):
        assert dates.format_hijri(APRIL_3) == "24 Ramadan 1445 AH"


def test_dual_outside_the_table_shows_the_gregorian_date_only():
    assert dates.format_dual(dt.date(1920, 5, 1), "ar") == "1 مايو 1920م"


def test_dual_html_isolates_digit_runs_and_escapes():
    html = dates.format_dual_html(APRIL_3, "ar", style="short")
    assert html == (
        '<span class="dual-date"><bdi dir="ltr">1445/09/24</bdi>هـ الموافق '
        '<bdi dir="ltr">2024/04/03</bdi>م</span>'
    )
    # An apostrophe in an English month name is escaped without breaking the isolation.
    html = dates.format_dual_html(dt.date(2024, 9, 4), "en")
    assert "Rabi&#x27; al-Awwal" in html
    assert dates.bdi_digits("<b>1</b>") == '&lt;b&gt;<bdi dir="ltr">1</bdi>&lt;/b&gt;'


# -- Reading what people type ----------------------------------------------------------------


def test_seed_000_hijri_date_is_3_april_2024():
    assert dates.parse_date("1445/09/24هـ") == ParsedDate(APRIL_3, Calendar.HIJRI)


def test_seed_000_gregorian_date_is_23_shaban_1445():
    parsed = dates.parse_date("2024/03/04م")
    assert parsed == ParsedDate(dt.date(2024, 3, 4), Calendar.GREGORIAN)
    assert parsed.hijri == HijriDate(1445, 8, 23)


def test_seed_000_approval_line_is_refused_because_its_two_dates_disagree():
    message = error_message("٢٠٢٤/٠٣/٠٤م الموافق  \n١٤٤٥/٠٩/٢٤هـ")
    assert message == (
        "التاريخان لا يتفقان: 2024/03/04م يوافق 1445/08/23هـ، "
        "و1445/09/24هـ يوافق 2024/04/03م. اكتب أحدهما فقط."
    )


def test_two_dates_that_agree_are_accepted():
    assert dates.parse_date("2024/04/03م الموافق 1445/09/24هـ").date == APRIL_3
    assert dates.parse_date("24 Ramadan 1445 AH (3 April 2024)").date == APRIL_3


@pytest.mark.parametrize(
    "text",
    [
        "1445/09/24هـ",
        "1445/09/24ه",
        "1445/9/24",
        "24/09/1445",
        "24/9/1445 هـ",
        "24-09-1445",
        "24.09.1445",
        "24 09 1445",
        "1445-09-24 AH",
        "١٤٤٥/٠٩/٢٤هـ",
        "٢٤/٩/١٤٤٥",
        "۱۴۴۵/۰۹/۲۴",  # Persian (Eastern Arabic) digits
        "٢٤٫٩٫١٤٤٥",  # Arabic decimal separator from a phone's number pad
        "  1445/09/24  ",
        "\u200f1445/09/24\u200fهـ",  # right-to-left marks pasted with the text
        "24 رمضان 1445هـ",
        "24 رمضان 1445",
        "٢٤ رَمَضان ١٤٤٥ هـ",
        "24 Ramadan 1445 AH",
        "Ramadan 24, 1445",
        "1445/09/24 هجري",
    ],
)
def test_hijri_spellings(text):
    assert dates.parse_date(text) == ParsedDate(APRIL_3, Calendar.HIJRI)


@pytest.mark.parametrize(
    "text",
    [
        "2024/04/03م",
        "2024/04/03 م",
        "2024-04-03",
        "03/04/2024",
        "3/4/2024",
        "03.04.2024",
        "2024/04/03 AD",
        "٢٠٢٤/٠٤/٠٣م",
        "٣/٤/٢٠٢٤",
        "3 أبريل 2024م",
        "3 ابريل 2024",
        "3 إبريل 2024",
        "3 نيسان 2024",
        "3 April 2024",
        "April 3, 2024",
        "3 Apr 2024",
        "2024/04/03 ميلادية",
    ],
)
def test_gregorian_spellings(text):
    assert dates.parse_date(text) == ParsedDate(APRIL_3, Calendar.GREGORIAN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 ربيع الأول 1446هـ", dt.date(2024, 9, 4)),
        ("1 ربيع الاول 1446", dt.date(2024, 9, 4)),
        ("1 Rabi al-Awwal 1446", dt.date(2024, 9, 4)),
        ("10 ذو الحجة 1445", dt.date(2024, 6, 16)),
        ("10 ذي الحجة 1445", dt.date(2024, 6, 16)),
        ("1 جمادى الآخرة 1446", dates.from_hijri(1446, 6, 1)),
        ("1 جمادى الثانية 1446", dates.from_hijri(1446, 6, 1)),
    ],
)
def test_hijri_month_names(text, expected):
    assert dates.parse_date(text).date == expected


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty(text):
    assert error_code(text) == "empty"
    assert error_message(text) == "أدخل التاريخ."


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "1445/09",
        "1445/09/24/1",
        "24/09/45",  # two-digit year
        "09/1445/24",
        "1445/009/24",
        "14450924",
        "1445/09/24 X",
        "24 رمضان شوال 1445",
        "24 رمضان",
        "1/2/3 الموافق 4/5/6 الموافق 7/8/9",
        "1" * 200,
    ],
)
def test_unreadable(text):
    assert error_code(text) == "unreadable"
    assert "لم نفهم التاريخ" in error_message(text)


def test_month_out_of_range():
    assert error_code("1445/13/01") == "invalid_month"
    assert error_message("1445/13/01") == "الشهر 13 غير موجود: الأشهر من 1 إلى 12."
    assert error_code("2024/00/10") == "invalid_month"


def test_day_that_does_not_exist_in_that_hijri_month_says_how_many_days_it_has():
    # Sha'ban 1445 has 29 days in Umm al-Qura.
    assert Hijri(1445, 8, 1).month_length() == 29
    assert error_code("1445/08/30") == "invalid_day"
    assert error_message("1445/08/30") == (
        "لا يوجد يوم 30 في شهر شعبان 1445هـ: عدد أيام هذا الشهر 29 يومًا."
    )


def test_day_that_does_not_exist_in_a_gregorian_month():
    assert error_message("29/02/2023") == (
        "لا يوجد يوم 29 في شهر فبراير 2023م: عدد أيام هذا الشهر 28 يومًا."
    )
    assert dates.parse_date("29/02/2024").date == dt.date(2024, 2, 29)
    assert error_code("2024/04/00") == "invalid_day"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("1200/01/01", "السنة 1200 خارج المدى المدعوم"),
        ("1600/01/01", "السنة 1600 خارج المدى المدعوم"),
        ("1342/12/01هـ", "السنة الهجرية 1342 خارج المدى المدعوم"),
        ("1910/01/01", "السنة الميلادية 1910 خارج المدى المدعوم"),
        ("2090/01/01", "السنة الميلادية 2090 خارج المدى المدعوم"),
        ("1445/01/01م", "السنة الميلادية 1445 خارج المدى المدعوم"),
        ("2024/01/01هـ", "السنة الهجرية 2024 خارج المدى المدعوم"),
        ("1924/07/31", "التاريخ 1924/07/31م خارج المدى"),
        ("2077/11/17", "التاريخ 2077/11/17م خارج المدى"),
    ],
)
def test_year_out_of_supported_range(text, fragment):
    assert error_code(text) == "out_of_range"
    assert fragment in error_message(text)


def test_the_edges_of_the_table_are_accepted():
    assert dates.parse_date("1343/01/01").date == dt.date(1924, 8, 1)
    assert dates.parse_date("1924/08/01").date == dt.date(1924, 8, 1)
    assert dates.parse_date("1500/12/30").date == dt.date(2077, 11, 16)
    assert dates.parse_date("2077/11/16").date == dt.date(2077, 11, 16)


@pytest.mark.parametrize("text", ["24 رمضان 1445م", "2024/04/03م AH", "3 April 2024 هـ"])
def test_two_calendars_in_one_date_is_an_error(text):
    assert error_code(text) == "calendar_conflict"


# -- Properties ------------------------------------------------------------------------------


@PROPERTY
@given(DATES)
def test_every_gregorian_date_in_range_round_trips_through_hijri(day):
    h = dates.to_hijri(day)
    assert dates.from_hijri(h.year, h.month, h.day) == day
    # and agrees with hijridate itself
    assert Gregorian(day.year, day.month, day.day).to_hijri().datetuple() == (
        h.year,
        h.month,
        h.day,
    )


@PROPERTY
@given(DATES, LANGS, st.sampled_from(list(Calendar)))
def test_parse_reads_back_the_short_format(day, lang, calendar):
    with translation.override(lang):
        text = dates.format_date(day, calendar, style="short")
    assert dates.parse_date(text) == ParsedDate(day, calendar)


@PROPERTY
@given(DATES, LANGS, st.sampled_from(list(Calendar)))
def test_parse_reads_back_the_long_format(day, lang, calendar):
    with translation.override(lang):
        text = dates.format_date(day, calendar, style="long")
    assert dates.parse_date(text) == ParsedDate(day, calendar)


@PROPERTY
@given(DATES, LANGS, st.sampled_from(["long", "short"]))
def test_parse_reads_back_the_dual_format(day, lang, style):
    with translation.override(lang):
        text = dates.format_dual(day, style=style)
    assert dates.parse_date(text).date == day


@PROPERTY
@given(st.text(max_size=40))
def test_parse_raises_only_validation_errors(text):
    with contextlib.suppress(ValidationError):
        dates.parse_date(text)
