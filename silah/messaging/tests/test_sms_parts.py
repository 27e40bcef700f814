"""SMS length: GSM-7 160/153, UCS-2 70/67, Arabic always UCS-2 (SAUDI.md)."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from silah.messaging.sms import GSM7_BASIC, GSM7_EXTENSION, segments

ARABIC_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةى"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
BASIC = "".join(sorted(GSM7_BASIC))

basic_text = st.text(alphabet=BASIC, min_size=1, max_size=700)
gsm_text = st.text(alphabet=BASIC + "".join(sorted(GSM7_EXTENSION)), min_size=1, max_size=700)
any_text = st.text(min_size=1, max_size=700)


@given(any_text)
def test_non_empty_text_has_at_least_one_part(text):
    assert segments(text).parts >= 1


def test_empty_text_has_no_parts():
    assert segments("").parts == 0


@given(st.text(max_size=200), st.sampled_from(ARABIC_LETTERS + ARABIC_INDIC_DIGITS))
def test_one_arabic_letter_or_digit_makes_the_message_ucs2(text, arabic):
    assert segments(text + arabic).encoding == "UCS-2"


@given(st.text(alphabet=ARABIC_INDIC_DIGITS, min_size=1, max_size=20))
def test_arabic_indic_digits_alone_are_ucs2(digits):
    assert segments(digits).encoding == "UCS-2"


@given(basic_text)
def test_gsm7_basic_text_counts_one_septet_per_character(text):
    parts = segments(text)
    assert parts.encoding == "GSM-7"
    assert parts.characters == len(text)


@given(basic_text)
def test_gsm7_parts_are_the_length_over_the_part_size(text):
    parts = segments(text)
    expected = 1 if len(text) <= 160 else math.ceil(len(text) / 153)
    assert parts.parts == expected


@given(gsm_text)
def test_parts_always_hold_the_whole_message(text):
    parts = segments(text)
    assert parts.parts * parts.per_part >= parts.characters


@given(st.text(alphabet=ARABIC_LETTERS + " ", min_size=1, max_size=700))
def test_arabic_parts_are_the_length_over_67(text):
    parts = segments(text)
    expected = 1 if len(text) <= 70 else math.ceil(len(text) / 67)
    assert (parts.characters, parts.parts) == (len(text), expected)


def test_extension_characters_count_two_septets():
    assert segments("{}€").characters == 6


def test_ucs2_counts_utf16_code_units():
    assert segments("مرحبا 😀").characters == 8  # the emoji is a surrogate pair


@pytest.mark.parametrize(
    ("length", "parts", "per_part"), [(70, 1, 70), (71, 2, 67), (134, 2, 67), (135, 3, 67)]
)
def test_ucs2_boundaries(length, parts, per_part):
    result = segments("س" * length)
    assert (result.encoding, result.parts, result.per_part) == ("UCS-2", parts, per_part)


@pytest.mark.parametrize(
    ("length", "parts", "per_part"), [(160, 1, 160), (161, 2, 153), (306, 2, 153), (307, 3, 153)]
)
def test_gsm7_boundaries(length, parts, per_part):
    result = segments("a" * length)
    assert (result.encoding, result.parts, result.per_part) == ("GSM-7", parts, per_part)


def test_extension_character_that_would_straddle_two_parts_moves_to_the_next():
    # 152 septets then "€" (2): 154 septets, and the escape pair cannot be split at 153.
    text = "a" * 152 + "€" + "a" * 152
    assert segments(text).parts == 3


def test_surrogate_pair_that_would_straddle_two_parts_moves_to_the_next():
    text = "س" * 66 + "😀" + "س" * 66  # 134 code units, but the emoji cannot split at 67
    assert segments(text).parts == 3
