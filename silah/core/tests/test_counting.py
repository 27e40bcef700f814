"""Counting days in Arabic: the noun after a number takes the form its category needs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from silah.core import counting
from silah.core.counting import counted, days, plural_category


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


# Each noun at 1, 2, 3, 11 and 100: the five written forms a count can take (0 is "لا …").
NOUN_FORMS = [
    (counting.FILES, ["ملف واحد", "ملفان", "3 ملفات", "11 ملفًا", "100 ملف"]),
    (counting.HOUSEHOLDS, ["أسرة واحدة", "أسرتان", "3 أسر", "11 أسرة", "100 أسرة"]),
    (counting.ROWS, ["سطر واحد", "سطران", "3 أسطر", "11 سطرًا", "100 سطر"]),
    (counting.HOURS, ["ساعة واحدة", "ساعتان", "3 ساعات", "11 ساعة", "100 ساعة"]),
    (counting.YEARS, ["سنة واحدة", "سنتان", "3 سنوات", "11 سنة", "100 سنة"]),
    (counting.PAIRS, ["زوج واحد", "زوجان", "3 أزواج", "11 زوجًا", "100 زوج"]),
    (counting.RESULTS, ["نتيجة واحدة", "نتيجتان", "3 نتائج", "11 نتيجة", "100 نتيجة"]),
    (counting.DOCUMENTS, ["وثيقة واحدة", "وثيقتان", "3 وثائق", "11 وثيقة", "100 وثيقة"]),
    (counting.LETTERS, ["خطاب واحد", "خطابان", "3 خطابات", "11 خطابًا", "100 خطاب"]),
    (counting.BENEFICIARIES, ["مستفيد واحد", "مستفيدان", "3 مستفيدين", "11 مستفيدًا", "100 مستفيد"]),
    (counting.CHARACTERS, ["حرف واحد", "حرفان", "3 أحرف", "11 حرفًا", "100 حرف"]),
    (counting.SMS_PARTS, ["جزء واحد", "جزآن", "3 أجزاء", "11 جزءًا", "100 جزء"]),
]
NOUN_NAMES = [
    "files",
    "households",
    "rows",
    "hours",
    "years",
    "pairs",
    "results",
    "documents",
    "letters",
    "beneficiaries",
    "characters",
    "sms_parts",
]


@pytest.mark.parametrize(("forms", "texts"), NOUN_FORMS, ids=NOUN_NAMES)
def test_each_counted_noun_takes_the_arabic_form_of_1_2_3_11_100(forms, texts):
    assert [counted(forms, n) for n in (1, 2, 3, 11, 100)] == texts


@pytest.mark.parametrize(("forms", "texts"), NOUN_FORMS, ids=NOUN_NAMES)
def test_above_100_each_counted_noun_follows_the_last_two_digits(forms, texts):
    _one, _two, few, many, other = texts
    assert counted(forms, 101) == other.replace("100", "101")
    assert counted(forms, 102) == other.replace("100", "102")
    assert counted(forms, 103) == few.replace("3", "103", 1)
    assert counted(forms, 111) == many.replace("11", "111", 1)


@pytest.mark.parametrize(("forms", "texts"), NOUN_FORMS, ids=NOUN_NAMES)
def test_zero_of_each_counted_noun_has_its_own_words_without_a_digit(forms, texts):
    assert "0" not in counted(forms, 0)
