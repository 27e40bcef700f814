"""Saudi mobile numbers: what people type, what is stored, what gateways get."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from silah.core.phones import (
    MobileField,
    normalize_mobile,
    normalize_phone,
    to_gateway,
    validate_e164_mobile,
)

# The valid mobile prefixes after +966, from SAUDI.md "Mobile numbers".
VALID_PREFIXES = ["50", "51", "53", "54", "55", "56", "58", "59"]
VALID_PREFIXES += [f"57{d}" for d in "012345678"] + [f"579{d}" for d in "012345678"]

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
WRITTEN_FORMS = [
    lambda n: f"0{n}",
    lambda n: n,
    lambda n: f"+966{n}",
    lambda n: f"00966{n}",
    lambda n: f"966{n}",
    lambda n: f"0{n[:2]} {n[2:5]} {n[5:]}",
    lambda n: f"0{n[:2]}-{n[2:5]}-{n[5:]}",
    lambda n: f"(0{n[:2]}) {n[2:5]}-{n[5:]}",
    lambda n: f"+966 ({n[:2]}) {n[2:5]} {n[5:]}",
    lambda n: f"+966 0{n}",
    lambda n: f"0{n}".translate(ARABIC_INDIC),
    lambda n: f"+966 {n[:2]} {n[2:]}".translate(ARABIC_INDIC),
]


def error_of(function, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        function(*args, **kwargs)
    return caught.value


# Accepted forms


@pytest.mark.parametrize(
    "written",
    [
        "0501234567",
        "501234567",
        "+966501234567",
        "00966501234567",
        "966501234567",
        "050 123 4567",
        "050-123-4567",
        "(050) 123-4567",
        "+966 (0) 50 123 4567",
        "٠٥٠١٢٣٤٥٦٧",
        "۰۵۰۱۲۳۴۵۶۷",
        "\u200e0501234567\u200f",
    ],
)
def test_accepted_written_forms_normalise_to_e164(written):
    assert normalize_mobile(written) == "+966501234567"


def test_prefix_5790_is_a_mobile():
    assert normalize_mobile("0579012345") == "+966579012345"


def test_prefix_578_is_a_mobile():
    assert normalize_mobile("0578123456") == "+966578123456"


# Rejected input, one code each


def test_empty_input_is_rejected_as_empty():
    error = error_of(normalize_mobile, "   ")
    assert error.code == "empty"
    assert error.messages == ["أدخل رقم الجوال."]


def test_letters_are_rejected_as_not_a_number():
    assert error_of(normalize_mobile, "05O1234567").code == "not_a_number"


def test_vanity_letters_are_not_turned_into_digits():
    assert error_of(normalize_mobile, "050-CALL-NOW").code == "not_a_number"


def test_plus_in_the_middle_is_rejected_as_not_a_number():
    assert error_of(normalize_mobile, "050+1234567").code == "not_a_number"


def test_foreign_mobile_is_rejected_as_not_saudi():
    error = error_of(normalize_mobile, "+971501234567")
    assert error.code == "not_saudi"
    assert "غير سعودي" in error.messages[0]


def test_foreign_number_with_00_is_rejected_as_not_saudi():
    assert error_of(normalize_mobile, "0014155552671").code == "not_saudi"


def test_landline_is_rejected_as_not_mobile():
    error = error_of(normalize_mobile, "011 234 5678")
    assert error.code == "not_mobile"
    assert "ثابت" in error.messages[0]


def test_unused_prefix_052_is_rejected_and_named():
    error = error_of(normalize_mobile, "0521234567")
    assert error.code == "invalid_prefix"
    assert "052" in error.messages[0]


def test_unused_prefix_5799_is_rejected_and_named():
    error = error_of(normalize_mobile, "0579912345")
    assert error.code == "invalid_prefix"
    assert "05799" in error.messages[0]


def test_mobile_with_a_digit_too_many_is_rejected_as_length():
    assert error_of(normalize_mobile, "05012345678").code == "length"


def test_mobile_with_a_digit_missing_is_rejected_as_length():
    assert error_of(normalize_mobile, "050123456").code == "length"


def test_toll_free_number_is_rejected_as_service_number():
    assert error_of(normalize_mobile, "800 123 4567").code == "service_number"


def test_unified_number_is_rejected_even_where_landlines_are_allowed():
    error = error_of(normalize_phone, "920012345", allow_landline=True)
    assert error.code == "service_number"


def test_short_digits_are_rejected_as_invalid():
    assert error_of(normalize_mobile, "123").code == "invalid"


def test_every_error_message_is_arabic():
    for text in ["", "x", "+971501234567", "0112345678", "0521234567", "05012", "123"]:
        message = error_of(normalize_mobile, text).messages[0]
        assert any("\u0600" <= ch <= "\u06ff" for ch in message), message


# Options


def test_landline_is_accepted_when_allowed():
    assert normalize_phone("0112345678", allow_landline=True) == "+966112345678"


def test_mobile_is_still_accepted_when_landlines_are_allowed():
    assert normalize_phone("0501234567", allow_landline=True) == "+966501234567"


def test_foreign_mobile_is_accepted_when_allowed():
    assert normalize_phone("+971 50 123 4567", allow_foreign=True) == "+971501234567"


def test_foreign_landline_needs_landlines_allowed_too():
    assert error_of(normalize_phone, "+442071234567", allow_foreign=True).code == "not_mobile"
    assert (
        normalize_phone("+442071234567", allow_foreign=True, allow_landline=True) == "+442071234567"
    )


def test_invalid_foreign_number_is_rejected_when_foreign_allowed():
    assert error_of(normalize_phone, "+1 2345", allow_foreign=True).code == "invalid"


def test_saudi_rules_still_apply_when_foreign_allowed():
    assert error_of(normalize_phone, "0521234567", allow_foreign=True).code == "invalid_prefix"


# Gateway and stored form


def test_to_gateway_drops_the_plus():
    assert to_gateway("+966501234567") == "966501234567"


def test_to_gateway_refuses_a_number_that_is_not_e164():
    with pytest.raises(ValueError, match=r"E\.164"):
        to_gateway("0501234567")


def test_e164_validator_accepts_a_stored_mobile():
    validate_e164_mobile("+966501234567")


def test_e164_validator_rejects_a_mobile_not_in_e164():
    assert error_of(validate_e164_mobile, "0501234567").code == "not_e164"


def test_e164_validator_rejects_a_landline():
    assert error_of(validate_e164_mobile, "+966112345678").code == "not_mobile"


# Properties


@given(
    st.sampled_from(VALID_PREFIXES),
    st.text("0123456789", min_size=7, max_size=7),
    st.sampled_from(WRITTEN_FORMS),
)
def test_every_valid_prefix_in_every_written_form_normalises_to_the_same_e164(prefix, rest, write):
    national = (prefix + rest)[:9]
    assert normalize_mobile(write(national)) == f"+966{national}"


@given(st.text(), st.booleans(), st.booleans())
def test_random_text_only_ever_raises_validation_error(text, allow_landline, allow_foreign):
    try:
        e164 = normalize_phone(text, allow_landline=allow_landline, allow_foreign=allow_foreign)
    except ValidationError as error:
        assert error.messages
    else:
        assert e164.startswith("+")
        assert e164[1:].isdigit()


@given(st.text("0123456789+-() ٠١٢٣٤٥٦٧٨٩", max_size=20))
def test_random_phone_like_text_only_ever_raises_validation_error(text):
    try:
        normalize_mobile(text)
    except ValidationError as error:
        assert error.messages


# Form field


class ContactForm(forms.Form):
    mobile = MobileField()
    other = MobileField(required=False, allow_landline=True, allow_foreign=True)


def test_mobile_field_cleans_to_e164():
    form = ContactForm(data={"mobile": "٠٥٠ ١٢٣ ٤٥٦٧"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile"] == "+966501234567"


def test_mobile_field_puts_the_error_on_the_field_in_arabic():
    form = ContactForm(data={"mobile": "0521234567"})
    assert not form.is_valid()
    assert list(form.errors) == ["mobile"]
    assert "052" in form.errors["mobile"][0]


def test_mobile_field_rejects_a_landline_by_default():
    form = ContactForm(data={"mobile": "0112345678"})
    assert not form.is_valid()
    assert "ثابت" in form.errors["mobile"][0]


def test_mobile_field_with_options_accepts_a_landline_and_a_foreign_number():
    form = ContactForm(data={"mobile": "0501234567", "other": "+442071234567"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["other"] == "+442071234567"


def test_optional_mobile_field_cleans_blank_to_empty_string():
    form = ContactForm(data={"mobile": "0501234567", "other": "  "})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["other"] == ""


def test_required_mobile_field_reports_a_missing_value():
    form = ContactForm(data={"mobile": ""})
    assert not form.is_valid()
    assert form.errors["mobile"][0].startswith("هذا الحقل")


def test_mobile_field_widget_is_a_left_to_right_phone_input():
    html = str(ContactForm()["mobile"])
    assert 'inputmode="tel"' in html
    assert 'dir="ltr"' in html
