"""Arabic normalisation for search and duplicate detection (docs/arabic-normalisation.md)."""

import string
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from silah.core.arabic import ARABIC_MARKS, REMOVED, name_tokens, normalize_arabic

# Diacritics


def test_tashkeel_is_removed():
    assert normalize_arabic("مُحَمَّدٌ") == "محمد"


def test_tanween_and_sukun_are_removed():
    assert normalize_arabic("كِتَابًا مَكْتُوبٍ") == "كتابا مكتوب"


def test_superscript_alef_is_removed():
    assert normalize_arabic("الرَّحْمٰن") == "الرحمن"


def test_quranic_marks_are_removed():
    assert normalize_arabic("الْعَٰلَمِينَ۝ ذَٰلِكَ ٱلْكِتَٰبُ لَا رَيْبَۛ") == "العلمين ذلك الكتب لا ريب"


def test_small_high_marks_used_as_honorifics_are_removed():
    assert normalize_arabic("محمد\u0610") == "محمد"


def test_tatweel_is_removed():
    assert normalize_arabic("محـــمد") == "محمد"


# Letters


@pytest.mark.parametrize(
    ("written", "normalised"),
    [("أحمد", "احمد"), ("إبراهيم", "ابراهيم"), ("آمنة", "امنه"), ("ٱلله", "الله")],
)
def test_alef_forms_become_bare_alef(written, normalised):
    assert normalize_arabic(written) == normalised


def test_decomposed_alef_with_hamza_becomes_bare_alef():
    assert normalize_arabic("ا\u0654حمد") == "احمد"


def test_hamza_on_waw_becomes_waw():
    assert normalize_arabic("مسؤول") == "مسوول"


def test_hamza_on_ya_becomes_ya():
    assert normalize_arabic("هائل") == normalize_arabic("هايل") == "هايل"


def test_standalone_hamza_is_kept():
    assert normalize_arabic("علاء") == "علاء"
    assert normalize_arabic("علاء") != normalize_arabic("علا")


def test_ta_marbuta_becomes_ha():
    assert normalize_arabic("فاطمة") == normalize_arabic("فاطمه") == "فاطمه"


def test_alef_maqsura_becomes_ya():
    assert normalize_arabic("مصطفى") == normalize_arabic("مصطفي") == "مصطفي"


def test_persian_kaf_and_ya_become_arabic():
    assert normalize_arabic("کریم") == "كريم"


def test_persian_ha_forms_become_arabic_ha():
    assert normalize_arabic("ۀ ہ ھ ە") == "ه ه ه ه"


def test_presentation_forms_become_plain_letters():
    assert normalize_arabic("ﻣﺤﻤﺪ ﻻ ﷲ") == "محمد لا الله"


# Digits, spacing and invisible characters


def test_arabic_indic_digits_become_ascii():
    assert normalize_arabic("شقة ١٢ عمارة ۳۴") == "شقه 12 عماره 34"


def test_whitespace_is_collapsed_and_stripped():
    assert normalize_arabic("  سارة \t\n  علي\u00a0 ") == "ساره علي"


def test_bidi_marks_and_zero_width_characters_are_removed():
    assert normalize_arabic("\u200fسارة\u200c\u200d\u061c\ufeff") == "ساره"


def test_punctuation_is_kept():
    assert normalize_arabic("سارة، علي.") == "ساره، علي."


# عبد ال…


def test_abd_allah_is_joined():
    assert normalize_arabic("عبد الله") == "عبدالله"


def test_abd_al_rahman_is_joined():
    assert normalize_arabic("عبد الرحمن") == "عبدالرحمن"


def test_abd_al_written_joined_is_unchanged():
    assert normalize_arabic("عبدالعزيز") == "عبدالعزيز"


def test_abd_al_with_diacritics_tatweel_and_hamza_alef_is_joined():
    assert normalize_arabic("عَبْـدُ   أَللّٰه") == "عبدالله"


def test_abd_inside_a_longer_name_is_joined():
    assert normalize_arabic("محمد عبد اللطيف القحطاني") == "محمد عبداللطيف القحطاني"


def test_abd_not_followed_by_al_is_not_joined():
    assert normalize_arabic("عبد ربه") == "عبد ربه"


def test_word_ending_in_abd_is_not_joined():
    assert normalize_arabic("العبد الفقير") == "العبد الفقير"


def test_abu_compounds_are_not_joined():
    assert normalize_arabic("أبو بكر") == "ابو بكر"
    assert normalize_arabic("ابو الخير") == "ابو الخير"


# Latin


def test_latin_is_lower_cased():
    assert normalize_arabic("Sara AL-Qahtani") == "sara al-qahtani"


def test_latin_is_case_folded():
    assert normalize_arabic("STRASSE") == normalize_arabic("Straße") == "strasse"


def test_latin_accents_are_kept():
    assert normalize_arabic("JOSÉ") == "josé"
    assert normalize_arabic("José") != normalize_arabic("Jose")


def test_decomposed_latin_accents_are_composed():
    assert normalize_arabic("Jose\u0301") == "jos\u00e9"


def test_latin_is_not_transliterated():
    assert normalize_arabic("Mohammed محمد") == "mohammed محمد"


def test_empty_text_stays_empty():
    assert normalize_arabic("") == ""


# name_tokens


def test_name_tokens_are_normalised_words():
    assert name_tokens("فاطمةُ  بنت   عبد الله") == ["فاطمه", "بنت", "عبدالله"]


def test_name_tokens_drop_punctuation():
    assert name_tokens("القحطاني، سارة (أم محمد)") == ["القحطاني", "ساره", "ام", "محمد"]


def test_name_tokens_join_abd_al_across_a_dash():
    assert name_tokens("عبد-الله") == ["عبدالله"]


def test_name_tokens_split_latin_on_hyphens():
    assert name_tokens("Al-Qahtani") == ["al", "qahtani"]


def test_name_tokens_of_blank_text_are_empty():
    assert name_tokens(" ـ ، ") == []


# Properties

arabic_text = st.text(
    st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
    | st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF)
    | st.sampled_from(" \t\u00a0\u200e\u200f\u200cـAaÉé\u0301\u0654"),
)
any_text = st.text() | arabic_text


@given(any_text)
@example("عبد عبد الله")
@example("e\u0654\u0301")
@example("\u01f0")
def test_normalisation_is_idempotent(text):
    once = normalize_arabic(text)
    assert normalize_arabic(once) == once


@given(st.text(string.ascii_letters + string.digits + " "))
def test_ascii_letters_and_digits_survive_modulo_case(text):
    assert normalize_arabic(text) == " ".join(text.lower().split())


@given(any_text)
def test_output_never_contains_removed_characters(text):
    result = normalize_arabic(text)
    assert not set(result) & REMOVED
    assert not any(unicodedata.category(ch) == "Cf" for ch in result)
    assert result == " ".join(result.split())


@given(any_text)
def test_name_tokens_are_normalised_and_never_blank(text):
    for token in name_tokens(text):
        assert token
        assert normalize_arabic(token) == token


def test_removed_marks_include_tashkeel_superscript_alef_and_quranic_marks():
    for mark in "\u064b\u064e\u0650\u0651\u0652\u0670\u06d6\u06da\u06e1\u06ed":
        assert mark in ARABIC_MARKS
