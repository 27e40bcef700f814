"""Saudi identity numbers: types, normalisation, validation and form fields.

National ID (first digit 1) and iqama (first digit 2) are ten digits whose last digit is the
Luhn check digit (see /work/shared/SAUDI.md, "Identity numbers"). Every validator returns the
value to store (ASCII digits, or an upper-cased passport number) and raises
``ValidationError`` with a distinct ``code`` for each way the input can be wrong, so a form
can put the message at the field that caused it.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from silah.core.arabic import DIGITS_TO_ASCII


class IdentityType(models.TextChoices):
    NATIONAL_ID = "national_id", _("هوية وطنية")
    IQAMA = "iqama", _("إقامة")
    PASSPORT = "passport", _("جواز سفر")
    GCC_ID = "gcc_id", _("هوية خليجية")
    BORDER_NUMBER = "border_number", _("رقم حدود")
    NONE = "none", _("بدون هوية، مع ذكر السبب")


# Hyphen-minus and the Unicode dashes people paste from documents and spreadsheets.
_DASHES = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d")

_ASCII_DIGITS = re.compile(r"[0-9]*")
_PASSPORT = re.compile(r"[A-Za-z0-9]*")

GCC_ID_MIN_LENGTH = 6
GCC_ID_MAX_LENGTH = 15
PASSPORT_MIN_LENGTH = 5
PASSPORT_MAX_LENGTH = 20
BORDER_NUMBER_LENGTH = 10

MESSAGES = {
    "national_id": {
        "required": _("أدخل رقم الهوية الوطنية."),
        "non_digits": _("رقم الهوية الوطنية يتكوّن من أرقام فقط، والرقم المُدخل فيه حروف أو رموز."),
        "length": _("رقم الهوية الوطنية يتكوّن من 10 أرقام، وعدد الأرقام المُدخلة %(count)s."),
        "first_digit": _("رقم الهوية الوطنية يبدأ بالرقم 1، والرقم المُدخل يبدأ بالرقم %(digit)s."),
        "other_type": _(
            "رقم الهوية الوطنية يبدأ بالرقم 1، وهذا الرقم يبدأ بالرقم 2 فهو رقم إقامة على الأرجح: "
            "اختر نوع الهوية «إقامة»."
        ),
        "check_digit": _(
            "رقم الهوية الوطنية غير صحيح: الرقم الأخير لا يتوافق مع بقية الأرقام. "
            "راجع الرقم من البطاقة، فالأرجح أن أحد الأرقام أُدخل خطأً."
        ),
    },
    "iqama": {
        "required": _("أدخل رقم الإقامة."),
        "non_digits": _("رقم الإقامة يتكوّن من أرقام فقط، والرقم المُدخل فيه حروف أو رموز."),
        "length": _("رقم الإقامة يتكوّن من 10 أرقام، وعدد الأرقام المُدخلة %(count)s."),
        "first_digit": _("رقم الإقامة يبدأ بالرقم 2، والرقم المُدخل يبدأ بالرقم %(digit)s."),
        "other_type": _(
            "رقم الإقامة يبدأ بالرقم 2، وهذا الرقم يبدأ بالرقم 1 فهو رقم هوية وطنية على الأرجح: "
            "اختر نوع الهوية «هوية وطنية»."
        ),
        "check_digit": _(
            "رقم الإقامة غير صحيح: الرقم الأخير لا يتوافق مع بقية الأرقام. "
            "راجع الرقم من البطاقة، فالأرجح أن أحد الأرقام أُدخل خطأً."
        ),
    },
    "gcc_id": {
        "required": _("أدخل رقم الهوية الخليجية."),
        "non_digits": _("رقم الهوية الخليجية يتكوّن من أرقام فقط، والرقم المُدخل فيه حروف أو رموز."),
        "length": _(
            "رقم الهوية الخليجية يتكوّن من %(min)s إلى %(max)s رقمًا، وعدد الأرقام المُدخلة %(count)s."
        ),
    },
    "border_number": {
        "required": _("أدخل رقم الحدود."),
        "non_digits": _("رقم الحدود يتكوّن من أرقام فقط، والرقم المُدخل فيه حروف أو رموز."),
        "length": _("رقم الحدود يتكوّن من 10 أرقام، وعدد الأرقام المُدخلة %(count)s."),
    },
    "passport": {
        "required": _("أدخل رقم جواز السفر."),
        "invalid_characters": _(
            "رقم جواز السفر يتكوّن من حروف إنجليزية وأرقام فقط كما هو مكتوب في الجواز."
        ),
        "length": _(
            "رقم جواز السفر يتكوّن من %(min)s إلى %(max)s حرفًا ورقمًا، وطول الرقم المُدخل %(count)s."
        ),
    },
    "none": {
        "reason_required": _("اكتب سبب عدم وجود هوية لدى المستفيد."),
        "number_not_allowed": _(
            "اخترت «بدون هوية» وأدخلت رقمًا: اختر نوع الهوية الصحيح أو امسح الرقم."
        ),
    },
    "invalid_type": _("نوع الهوية غير معروف."),
}


def normalize_digits(text: str) -> str:
    """Turn Arabic-Indic (٠-٩) and Persian (۰-۹) digits into ASCII; drop spaces, dashes and
    invisible format characters (bidi marks U+200E/U+200F/U+061C, embeddings and isolates,
    zero-width spaces and joiners, BOM: every Unicode category Cf character)."""
    text = (text or "").translate(DIGITS_TO_ASCII)
    return "".join(
        ch for ch in text if not (ch.isspace() or ch in _DASHES or unicodedata.category(ch) == "Cf")
    )


def _error(kind: str, code: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[kind][code], code=code, params=params or None)


def _digits(kind: str, value: str) -> str:
    number = normalize_digits(value)
    if not number:
        raise _error(kind, "required")
    if not _ASCII_DIGITS.fullmatch(number):
        raise _error(kind, "non_digits")
    return number


def _validate_luhn_id(kind: str, value: str, first_digit: str, other_digit: str) -> str:
    number = _digits(kind, value)
    if len(number) != 10:
        raise _error(kind, "length", count=len(number))
    if number[0] == other_digit:
        raise _error(kind, "other_type")
    if number[0] != first_digit:
        raise _error(kind, "first_digit", digit=number[0])
    if not luhn.is_valid(number):
        raise _error(kind, "check_digit")
    return number


def validate_national_id(value: str) -> str:
    """Return the ten ASCII digits of a Saudi national ID (starts with 1, Luhn-valid)."""
    return _validate_luhn_id("national_id", value, first_digit="1", other_digit="2")


def validate_iqama(value: str) -> str:
    """Return the ten ASCII digits of an iqama (starts with 2, Luhn-valid)."""
    return _validate_luhn_id("iqama", value, first_digit="2", other_digit="1")


def validate_passport(value: str) -> str:
    """Return the passport number upper-cased: 5 to 20 Latin letters and digits.

    Passport numbers differ by country, so only the shape is checked.
    """
    number = normalize_digits(value)
    if not number:
        raise _error("passport", "required")
    if not _PASSPORT.fullmatch(number):
        raise _error("passport", "invalid_characters")
    if not PASSPORT_MIN_LENGTH <= len(number) <= PASSPORT_MAX_LENGTH:
        raise _error(
            "passport",
            "length",
            min=PASSPORT_MIN_LENGTH,
            max=PASSPORT_MAX_LENGTH,
            count=len(number),
        )
    return number.upper()


def validate_gcc_id(value: str) -> str:
    """Return the digits of an ID card from another Gulf state: 6 to 15 digits.

    The bounds cover every member state's card as far as we know (Bahrain CPR 9 digits,
    Qatar QID 11, Kuwait civil ID 12, UAE Emirates ID 15, Oman civil number up to 9, older
    ones shorter). The country is not recorded, so no per-country check digit is applied.
    """
    number = _digits("gcc_id", value)
    if not GCC_ID_MIN_LENGTH <= len(number) <= GCC_ID_MAX_LENGTH:
        raise _error(
            "gcc_id", "length", min=GCC_ID_MIN_LENGTH, max=GCC_ID_MAX_LENGTH, count=len(number)
        )
    return number


def validate_border_number(value: str) -> str:
    """Return the ten digits of a border number.

    Assumption: border numbers are 10 digits. They are commonly said to start with 3 or 4,
    but no authoritative source confirms it and no check digit is published, so any first
    digit is accepted.
    """
    number = _digits("border_number", value)
    if len(number) != BORDER_NUMBER_LENGTH:
        raise _error("border_number", "length", count=len(number))
    return number


def validate_no_identity(value: str, reason: str) -> str:
    """For a beneficiary without identity: the number must be empty and a reason given.

    Returns "" (the number to store).
    """
    if normalize_digits(value):
        raise _error("none", "number_not_allowed")
    if not (reason or "").strip():
        raise _error("none", "reason_required")
    return ""


_VALIDATORS = {
    IdentityType.NATIONAL_ID: validate_national_id,
    IdentityType.IQAMA: validate_iqama,
    IdentityType.PASSPORT: validate_passport,
    IdentityType.GCC_ID: validate_gcc_id,
    IdentityType.BORDER_NUMBER: validate_border_number,
}


def validate_identity(id_type: str, number: str, reason: str = "") -> str:
    """Validate ``number`` as an identity of ``id_type`` and return the value to store.

    ``reason`` is only read for ``IdentityType.NONE``. Errors carry the codes listed in
    ``MESSAGES``; ``reason_required`` belongs to the reason, ``invalid_type`` to the type,
    every other code to the number.
    """
    if id_type == IdentityType.NONE:
        return validate_no_identity(number, reason)
    validator = _VALIDATORS.get(id_type)
    if validator is None:
        raise ValidationError(MESSAGES["invalid_type"], code="invalid_type")
    return validator(number)


class IdentityNumberField(forms.CharField):
    """A text input for an identity number: left-to-right, no autocomplete or spellcheck."""

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        attrs = super().widget_attrs(widget)
        attrs.update({"dir": "ltr", "autocomplete": "off", "spellcheck": "false"})
        return attrs


# Which form field an error code belongs to; all other codes belong to the number.
_ERROR_FIELD = {"reason_required": "identity_reason", "invalid_type": "identity_type"}


class IdentityFormMixin(forms.Form):
    """Three fields (type, number, reason) validated together.

    Combine with any form, e.g. ``class BeneficiaryForm(IdentityFormMixin, forms.ModelForm)``.
    ``clean()`` stores the normalised number in ``cleaned_data["identity_number"]`` and puts
    each error on the field that caused it: a bad number on ``identity_number``, a missing
    reason on ``identity_reason``. The reason is cleared unless the type is "none".
    """

    identity_type = forms.ChoiceField(label=_("نوع الهوية"), choices=IdentityType.choices)
    identity_number = IdentityNumberField(label=_("رقم الهوية"), required=False, max_length=40)
    identity_reason = forms.CharField(
        label=_("سبب عدم وجود هوية"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        id_type = cleaned.get("identity_type")
        if not id_type or "identity_number" not in cleaned:
            return cleaned
        try:
            cleaned["identity_number"] = validate_identity(
                id_type, cleaned["identity_number"], cleaned.get("identity_reason", "")
            )
        except ValidationError as error:
            for item in error.error_list:
                self.add_error(_ERROR_FIELD.get(item.code, "identity_number"), item)
            return cleaned
        if id_type != IdentityType.NONE:
            cleaned["identity_reason"] = ""
        return cleaned
