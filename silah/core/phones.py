"""Saudi mobile numbers: parse what people type, store E.164, hand gateways 9665NNNNNNNN.

See /work/shared/SAUDI.md, "Mobile numbers". Validity comes from ``phonenumbers``
(``is_valid_number`` and the number type), never from ``is_possible_number``, which accepts
unused prefixes such as 052.
"""

import re
from functools import lru_cache

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from silah.core.identity import normalize_digits

SAUDI_COUNTRY_CODE = 966

MESSAGES = {
    "empty": _("أدخل رقم الجوال."),
    "not_a_number": _(
        "رقم الجوال يُكتب بالأرقام فقط، ويُسمح معها بالمسافات والشرطات والأقواس وعلامة +."
    ),
    "not_saudi": _("هذا رقم غير سعودي، والمطلوب هنا رقم سعودي، مثل 0501234567."),
    "not_mobile": _("هذا رقم هاتف ثابت وليس رقم جوال. أدخل رقم جوال."),
    "service_number": _("هذا رقم خدمة (مثل أرقام 800 أو 9200) وليس رقم جوال أو هاتف لشخص."),
    "invalid_prefix": _("لا توجد أرقام جوال سعودية تبدأ بـ %(prefix)s. تأكد من الرقم مع صاحبه."),
    "length": _(
        "رقم الجوال السعودي 10 أرقام تبدأ بـ 05، مثل 0501234567، والرقم المُدخل أرقامه ناقصة أو زائدة."
    ),
    "invalid": _("هذا ليس رقم هاتف صحيحًا. تأكد من الرقم وأعد إدخاله."),
    "not_e164": _(
        "يُحفظ رقم الجوال بالصيغة الدولية الموحدة، مثل +966501234567، والقيمة %(value)s ليست بهذه الصيغة."
    ),
}

_WRITTEN = re.compile(r"\+?[0-9]+")
_SEPARATORS = str.maketrans("", "", "()")
_MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
_LANDLINE_TYPES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _error(code: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _parse(text: str) -> phonenumbers.PhoneNumber:
    if not (text or "").strip():
        raise _error("empty")
    written = normalize_digits(text).translate(_SEPARATORS)
    if not _WRITTEN.fullmatch(written):
        raise _error("not_a_number")
    try:
        return phonenumbers.parse(written, "SA")
    except phonenumbers.NumberParseException:
        raise _error("invalid") from None


def _invalid_saudi(number: phonenumbers.PhoneNumber) -> ValidationError:
    national = str(number.national_number)
    if national.startswith("5"):
        if len(national) != 9:
            return _error("length")
        # 57 is shared: 570-578 and 5790-5798 are mobiles, 5799 is not.
        prefix = national[:4] if national.startswith("579") else national[:2]
        return _error("invalid_prefix", prefix=f"0{prefix}")
    return _error("invalid")


def normalize_phone(text: str, *, allow_landline: bool = False, allow_foreign: bool = False) -> str:
    """Return ``text`` as E.164 (+9665NNNNNNNN) or raise ``ValidationError``.

    By default only Saudi mobiles pass. ``allow_landline`` also accepts fixed lines;
    ``allow_foreign`` also accepts valid numbers of other countries, written with their
    international prefix (+ or 00). A foreign number whose type ``phonenumbers`` cannot tell
    (fixed line or mobile, as in North America) counts as a mobile. Service numbers (800,
    9200, ...) are never accepted.
    """
    number = _parse(text)
    saudi = number.country_code == SAUDI_COUNTRY_CODE
    if not saudi and not allow_foreign:
        raise _error("not_saudi")
    if not phonenumbers.is_valid_number(number):
        raise _invalid_saudi(number) if saudi else _error("invalid")
    kind = phonenumbers.number_type(number)
    if kind not in _MOBILE_TYPES | _LANDLINE_TYPES:
        raise _error("service_number")
    if kind not in _MOBILE_TYPES and not allow_landline:
        raise _error("not_mobile")
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)


@lru_cache(maxsize=4096)  # an import checks the same household mobile row after row
def normalize_mobile(text: str) -> str:
    """Return a Saudi mobile number as E.164 (+9665NNNNNNNN) or raise ``ValidationError``."""
    return normalize_phone(text)


def to_gateway(e164: str) -> str:
    """The form SMS gateways want: E.164 without the plus, e.g. 966501234567."""
    if not _WRITTEN.fullmatch(e164) or not e164.startswith("+"):
        raise ValueError(f"not an E.164 number: {e164!r}")
    return e164[1:]


def validate_e164_mobile(value: str) -> None:
    """Model field validator: ``value`` must already be a Saudi mobile in E.164."""
    if normalize_mobile(value) != value:
        raise _error("not_e164", value=value)


class MobileField(forms.CharField):
    """A form field that cleans what people type into an E.164 Saudi mobile number.

    ``allow_landline`` and ``allow_foreign`` are passed to ``normalize_phone``.
    """

    def __init__(
        self, *, allow_landline: bool = False, allow_foreign: bool = False, **kwargs: object
    ) -> None:
        self.allow_landline = allow_landline
        self.allow_foreign = allow_foreign
        kwargs.setdefault("label", _("رقم الجوال"))
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, str]:
        attrs = super().widget_attrs(widget)
        attrs.update({"inputmode": "tel", "dir": "ltr", "autocomplete": "tel"})
        return attrs

    def to_python(self, value: object) -> str:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return normalize_phone(
            value, allow_landline=self.allow_landline, allow_foreign=self.allow_foreign
        )
