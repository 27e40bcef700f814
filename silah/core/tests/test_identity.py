"""Saudi identity numbers: normalisation, validation per type, and the form fields."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from silah.core.identity import (
    IdentityFormMixin,
    IdentityType,
    normalize_digits,
    validate_border_number,
    validate_gcc_id,
    validate_identity,
    validate_iqama,
    validate_national_id,
    validate_no_identity,
    validate_passport,
)

VALID_NATIONAL_ID = "1000000008"
VALID_IQAMA = "2000000006"


def error_of(function, *args):
    with pytest.raises(ValidationError) as caught:
        function(*args)
    return caught.value


def with_check_digit(prefix: str) -> str:
    return prefix + luhn.calc_check_digit(prefix)


# normalize_digits


def test_normalize_digits_turns_arabic_indic_digits_into_ascii():
    assert normalize_digits("١٠٠٠٠٠٠٠٠٨") == "1000000008"


def test_normalize_digits_turns_persian_digits_into_ascii():
    assert normalize_digits("۱۲۳۴۵۶۷۸۹۰") == "1234567890"


def test_normalize_digits_strips_spaces_and_dashes():
    assert normalize_digits(" 1000-000 008\u00a0– ") == "1000000008"


def test_normalize_digits_strips_bidi_marks():
    assert normalize_digits("\u200f1000\u200e000\u061c008\u2066\u2069") == "1000000008"


def test_normalize_digits_keeps_letters():
    assert normalize_digits("ab 12") == "ab12"


# IdentityType


def test_identity_types_have_arabic_labels():
    assert dict(IdentityType.choices) == {
        "national_id": "هوية وطنية",
        "iqama": "إقامة",
        "passport": "جواز سفر",
        "gcc_id": "هوية خليجية",
        "border_number": "رقم حدود",
        "none": "بدون هوية، مع ذكر السبب",
    }


# National ID


def test_national_id_test_vector_is_valid():
    assert validate_national_id("1000000008") == "1000000008"


def test_national_id_test_vector_with_wrong_check_digit_is_invalid():
    assert error_of(validate_national_id, "1000000000").code == "check_digit"


def test_national_id_written_in_arabic_indic_digits_with_spaces_is_stored_as_ascii():
    assert validate_national_id(" ١٠٠٠ ٠٠٠ ٠٠٨ ") == "1000000008"


def test_national_id_with_letters_is_rejected_as_non_digits():
    error = error_of(validate_national_id, "10000O0008")
    assert error.code == "non_digits"
    assert "أرقام فقط" in error.messages[0]


def test_national_id_with_non_ascii_digits_is_rejected_as_non_digits():
    assert error_of(validate_national_id, "１０００００００08").code == "non_digits"


def test_national_id_that_is_too_short_says_how_many_digits_were_given():
    error = error_of(validate_national_id, "100000000")
    assert error.code == "length"
    assert "9" in error.messages[0]
    assert "10 أرقام" in error.messages[0]


def test_national_id_that_is_too_long_says_how_many_digits_were_given():
    error = error_of(validate_national_id, "10000000080")
    assert error.code == "length"
    assert "11" in error.messages[0]


def test_empty_national_id_is_required():
    assert error_of(validate_national_id, " ").code == "required"


def test_national_id_must_start_with_1():
    error = error_of(validate_national_id, with_check_digit("300000000"))
    assert error.code == "first_digit"
    assert "3" in error.messages[0]


def test_iqama_number_given_as_national_id_suggests_choosing_iqama():
    error = error_of(validate_national_id, VALID_IQAMA)
    assert error.code == "other_type"
    assert "إقامة" in error.messages[0]


def test_check_digit_error_message_is_arabic_and_names_the_last_digit():
    assert "الرقم الأخير" in error_of(validate_national_id, "1000000000").messages[0]


# Iqama


def test_iqama_test_vector_is_valid():
    assert validate_iqama(VALID_IQAMA) == VALID_IQAMA


def test_iqama_with_wrong_check_digit_is_invalid():
    assert error_of(validate_iqama, "2000000000").code == "check_digit"


def test_iqama_must_start_with_2():
    assert error_of(validate_iqama, with_check_digit("500000000")).code == "first_digit"


def test_national_id_given_as_iqama_suggests_choosing_national_id():
    error = error_of(validate_iqama, VALID_NATIONAL_ID)
    assert error.code == "other_type"
    assert "هوية وطنية" in error.messages[0]


def test_iqama_with_wrong_length_is_rejected():
    assert error_of(validate_iqama, "20000").code == "length"


# Passport


def test_passport_is_upper_cased():
    assert validate_passport("ab1234567") == "AB1234567"


def test_passport_spaces_and_dashes_are_dropped():
    assert validate_passport(" a-123 45 ") == "A12345"


def test_passport_of_5_characters_is_accepted():
    assert validate_passport("A1234") == "A1234"


def test_passport_of_20_characters_is_accepted():
    assert validate_passport("A" * 20) == "A" * 20


def test_passport_shorter_than_5_characters_is_rejected():
    assert error_of(validate_passport, "A123").code == "length"


def test_passport_longer_than_20_characters_is_rejected():
    assert error_of(validate_passport, "A" * 21).code == "length"


def test_passport_with_arabic_letters_is_rejected():
    assert error_of(validate_passport, "جواز12345").code == "invalid_characters"


def test_passport_with_accented_latin_letters_is_rejected():
    assert error_of(validate_passport, "É12345").code == "invalid_characters"


def test_passport_with_symbols_is_rejected():
    assert error_of(validate_passport, "A12/345").code == "invalid_characters"


def test_empty_passport_is_required():
    assert error_of(validate_passport, "").code == "required"


# GCC ID


def test_gcc_id_of_6_to_15_digits_is_accepted():
    assert validate_gcc_id("123456") == "123456"
    assert validate_gcc_id("784-1980-1234567-1") == "784198012345671"


def test_gcc_id_shorter_than_6_digits_is_rejected():
    assert error_of(validate_gcc_id, "12345").code == "length"


def test_gcc_id_longer_than_15_digits_is_rejected():
    assert error_of(validate_gcc_id, "1" * 16).code == "length"


def test_gcc_id_with_letters_is_rejected():
    assert error_of(validate_gcc_id, "A1234567").code == "non_digits"


# Border number


def test_border_number_of_10_digits_is_accepted_whatever_its_first_digit():
    assert validate_border_number("3123456789") == "3123456789"
    assert validate_border_number("٤١٢٣٤٥٦٧٨٩") == "4123456789"
    assert validate_border_number("5123456789") == "5123456789"


def test_border_number_of_9_digits_is_rejected():
    assert error_of(validate_border_number, "312345678").code == "length"


def test_border_number_with_letters_is_rejected():
    assert error_of(validate_border_number, "312345678X").code == "non_digits"


# No identity


def test_no_identity_with_a_reason_stores_an_empty_number():
    assert validate_no_identity("", "مولود حديثًا لم تُستخرج له هوية") == ""


def test_no_identity_without_a_reason_is_rejected():
    assert error_of(validate_no_identity, "", "  ").code == "reason_required"


def test_no_identity_with_a_number_is_rejected():
    assert error_of(validate_no_identity, "123", "سبب").code == "number_not_allowed"


# validate_identity


@pytest.mark.parametrize(
    ("id_type", "number", "stored"),
    [
        (IdentityType.NATIONAL_ID, "١٠٠٠٠٠٠٠٠٨", "1000000008"),
        (IdentityType.IQAMA, VALID_IQAMA, VALID_IQAMA),
        (IdentityType.PASSPORT, "p1234567", "P1234567"),
        (IdentityType.GCC_ID, "123456789", "123456789"),
        (IdentityType.BORDER_NUMBER, "3123456789", "3123456789"),
    ],
)
def test_validate_identity_dispatches_on_the_type(id_type, number, stored):
    assert validate_identity(id_type, number) == stored


def test_validate_identity_accepts_the_type_as_a_plain_string():
    assert validate_identity("national_id", VALID_NATIONAL_ID) == VALID_NATIONAL_ID


def test_validate_identity_of_none_needs_the_reason():
    assert validate_identity("none", "", "لاجئ بلا وثائق") == ""
    assert error_of(validate_identity, "none", "").code == "reason_required"


def test_validate_identity_rejects_an_unknown_type():
    assert error_of(validate_identity, "driving_licence", "123").code == "invalid_type"


# Properties


@given(st.from_regex(r"1[0-9]{8}", fullmatch=True), st.integers(0, 9))
def test_every_national_id_prefix_with_its_luhn_digit_is_valid_and_no_other(prefix, last):
    number = prefix + str(last)
    if str(last) == luhn.calc_check_digit(prefix):
        assert validate_national_id(number) == number
    else:
        assert error_of(validate_national_id, number).code == "check_digit"


@given(st.from_regex(r"2[0-9]{8}", fullmatch=True))
def test_every_iqama_prefix_with_its_luhn_digit_is_valid(prefix):
    number = with_check_digit(prefix)
    assert validate_iqama(number) == number


@given(st.sampled_from([*IdentityType.values, "unknown"]), st.text(), st.text())
def test_random_text_never_raises_anything_but_validation_error(id_type, number, reason):
    try:
        stored = validate_identity(id_type, number, reason)
    except ValidationError as error:
        assert error.messages  # the message renders with its parameters
    else:
        assert stored == "" or stored.isascii()


# Form fields


class BeneficiaryForm(IdentityFormMixin, forms.Form):
    name = forms.CharField()


def bind(**data):
    return BeneficiaryForm(data={"name": "سارة", **data})


def test_form_cleans_a_valid_national_id_to_ascii_digits():
    form = bind(identity_type="national_id", identity_number="١٠٠٠ ٠٠٠ ٠٠٨")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identity_number"] == "1000000008"


def test_form_puts_a_bad_check_digit_on_the_number_field_in_arabic():
    form = bind(identity_type="national_id", identity_number="1000000000")
    assert not form.is_valid()
    assert list(form.errors) == ["identity_number"]
    assert "الرقم الأخير" in form.errors["identity_number"][0]


def test_form_puts_a_missing_number_on_the_number_field():
    form = bind(identity_type="iqama", identity_number="")
    assert not form.is_valid()
    assert form.errors["identity_number"] == ["أدخل رقم الإقامة."]


def test_form_puts_a_missing_reason_on_the_reason_field():
    form = bind(identity_type="none", identity_number="", identity_reason="")
    assert not form.is_valid()
    assert list(form.errors) == ["identity_reason"]
    assert form.errors["identity_reason"] == ["اكتب سبب عدم وجود هوية لدى المستفيد."]


def test_form_accepts_none_with_a_reason():
    form = bind(identity_type="none", identity_reason=" مولود حديثًا ")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identity_number"] == ""
    assert form.cleaned_data["identity_reason"] == "مولود حديثًا"


def test_form_clears_the_reason_when_a_number_is_given():
    form = bind(identity_type="passport", identity_number="a12345", identity_reason="نص")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["identity_reason"] == ""


def test_form_puts_an_unknown_type_on_the_type_field_only():
    form = bind(identity_type="licence", identity_number="1000000000")
    assert not form.is_valid()
    assert list(form.errors) == ["identity_type"]


def test_form_number_input_is_left_to_right():
    html = str(bind()["identity_number"])
    assert 'dir="ltr"' in html
    assert 'autocomplete="off"' in html


@pytest.mark.django_db
def test_form_mixin_combines_with_a_model_form():
    from django.contrib.auth.models import Group

    class GroupForm(IdentityFormMixin, forms.ModelForm):
        class Meta:
            model = Group
            fields = ["name"]

    form = GroupForm(data={"name": "x", "identity_type": "iqama", "identity_number": "2000000000"})
    assert not form.is_valid()
    assert list(form.errors) == ["identity_number"]
