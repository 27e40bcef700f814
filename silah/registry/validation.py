"""Checking a beneficiary's fields before a save: each error is a DomainError at its field.

`clean_beneficiary_fields()` takes what a form, an import row or a test passes to the
services and returns the values to store (normalised digits, E.164 mobiles, upper-case short
address, stripped text), or raises the first error it finds, in Arabic, naming the field.
"""

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch
from silah.core.counting import CHARACTERS, YEARS, counted
from silah.core.dates import today
from silah.core.errors import DomainError
from silah.core.identity import IdentityType, normalize_digits, validate_identity
from silah.core.phones import normalize_mobile
from silah.policy.rules import CONTACT_CHANNELS, ContactRules
from silah.registry.models import Beneficiary, MaritalStatus, Sex

MAX_AGE_YEARS = 130

MESSAGES = {
    "required": _("هذا الحقل مطلوب."),
    "too_long": _("النص أطول من المسموح، والحد الأعلى: %(max)s."),
    "control": _("النص فيه رموز غير مرئية لا يمكن حفظها: امسحه وأعد كتابته."),
    "name_letters": _("الاسم يُكتب بالحروف، والنص المُدخل ليس فيه حروف."),
    "name_one_word": _("كل جزء من الاسم يُكتب في خانته: اكتب هنا اسمًا واحدًا."),
    "choice": _("اختر قيمة من القائمة."),
    "nationality": _("الجنسية تُكتب برمز الدولة من حرفين إنجليزيين، مثل SA."),
    "birth_date_type": _("أدخل تاريخ الميلاد تاريخًا صحيحًا."),
    "birth_date_future": _("تاريخ الميلاد بعد تاريخ اليوم: راجع التاريخ."),
    "birth_date_old": _("تاريخ الميلاد قديم جدًا، والحد الأعلى للعمر: %(years)s. راجع التاريخ."),
    "email": _("أدخل بريدًا إلكترونيًا صحيحًا، مثل name@example.com."),
    "building_number": _("رقم المبنى في العنوان الوطني 4 أرقام."),
    "postal_code": _("الرمز البريدي 5 أرقام."),
    "additional_number": _("الرقم الإضافي في العنوان الوطني 4 أرقام."),
    "short_address": _("العنوان المختصر 4 حروف إنجليزية ثم 4 أرقام، مثل RRRD2929."),
    "channel_unknown": _("اختر وسيلة تواصل من القائمة."),
    "channel_disabled": _(
        "وسيلة التواصل «%(channel)s» غير مفعّلة في سياسة الجمعية: اختر وسيلة من الوسائل المفعّلة."
    ),
    "channel_needs_mobile": _("وسيلة التواصل «%(channel)s» تحتاج رقم جوال: أدخل رقم الجوال."),
    "channel_needs_email": _("وسيلة التواصل «%(channel)s» تحتاج بريدًا إلكترونيًا: أدخله."),
    "branch": _("اختر الفرع."),
    "same_mobiles": _("رقم الجوال الآخر هو نفس رقم الجوال الأول."),
}

# Field: maximum length, for the free text fields.
TEXT_FIELDS = {
    "first_name": 60,
    "father_name": 60,
    "grandfather_name": 60,
    "family_name": 60,
    "latin_name": 200,
    "identity_number": 40,
    "identity_reason": 300,
    "nationality": 2,
    "mobile": 40,
    "mobile_2": 40,
    "email": 254,
    "street": 120,
    "district": 120,
    "city": 80,
    "building_number": 20,
    "postal_code": 20,
    "additional_number": 20,
    "unit": 10,
    "short_address": 20,
    "sex": 10,
    "marital_status": 10,
    "identity_type": 20,
    "preferred_channel": 10,
    "import_file": 255,
}
NAME_PARTS = ("first_name", "father_name", "grandfather_name", "family_name")
REQUIRED_NAME_PARTS = ("first_name", "father_name", "family_name")

# Every field a service accepts for a beneficiary (categories are passed separately).
FIELDS = frozenset(
    {
        *TEXT_FIELDS,
        "birth_date",
        "branch",
        "liaison_officer",
        "assigned_researcher",
        "import_row",
    }
)

_DIGITS = {"building_number": 4, "postal_code": 5, "additional_number": 4}
_SHORT_ADDRESS = re.compile(r"[A-Z]{4}[0-9]{4}")
_COUNTRY = re.compile(r"[A-Z]{2}")
_MOBILE_CHANNELS = {"sms", "whatsapp", "call"}
# Identity codes that belong to the reason or the type rather than the number.
_IDENTITY_ERROR_FIELD = {"reason_required": "identity_reason", "invalid_type": "identity_type"}


def _fail(field: str, code: str, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field=field)


def _text(field: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        value = str(value)
    if any(unicodedata.category(ch) == "Cc" and not ch.isspace() for ch in value):
        raise _fail(field, "control")
    value = " ".join(value.split())
    if len(value) > TEXT_FIELDS[field]:
        raise _fail(field, "too_long", max=counted(CHARACTERS, TEXT_FIELDS[field]))
    return value


def _choice(field: str, value: str, choices: list[str], *, required: bool = True) -> str:
    if not value and not required:
        return ""
    if value not in choices:
        raise _fail(field, "choice")
    return value


def _name(field: str, value: str, *, required: bool) -> str:
    if not value:
        if required:
            raise _fail(field, "required")
        return ""
    if not any(unicodedata.category(ch).startswith("L") for ch in value):
        raise _fail(field, "name_letters")
    return value


def _birth_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise _fail("birth_date", "birth_date_type")
    now = today()
    if value > now:
        raise _fail("birth_date", "birth_date_future")
    if value.year < now.year - MAX_AGE_YEARS:
        raise _fail("birth_date", "birth_date_old", years=counted(YEARS, MAX_AGE_YEARS))
    return value


def _identity(values: dict[str, Any]) -> None:
    try:
        values["identity_number"] = validate_identity(
            values["identity_type"], values["identity_number"], values["identity_reason"]
        )
    except ValidationError as error:
        item = error.error_list[0]
        message = item.message % item.params if item.params else item.message
        field = _IDENTITY_ERROR_FIELD.get(item.code, "identity_number")
        raise DomainError(str(message), field=field) from None
    if values["identity_type"] != IdentityType.NONE:
        values["identity_reason"] = ""


def _mobile(field: str, value: str) -> str:
    if not value:
        return ""
    try:
        return normalize_mobile(value)
    except ValidationError as error:
        item = error.error_list[0]
        message = item.message % item.params if item.params else item.message
        raise DomainError(str(message), field=field) from None


def _address(values: dict[str, Any]) -> None:
    for field, length in _DIGITS.items():
        number = normalize_digits(values[field])
        if number and not (number.isascii() and number.isdigit() and len(number) == length):
            raise _fail(field, field)
        values[field] = number
    short = normalize_digits(values["short_address"]).upper()
    if short and not _SHORT_ADDRESS.fullmatch(short):
        raise _fail("short_address", "short_address")
    values["short_address"] = short


def enabled_contact_channels(version: Any = None) -> list[str]:
    """The contact channels of the policy version in force (the default ones if none is);
    `version`: the version in force when the caller has already read it."""
    from silah.policy.services import version_in_force

    version = version or version_in_force()
    if version is None:
        return list(ContactRules().channels)
    return list(version.parsed_rules().contact.channels)


def _channel(values: dict[str, Any], enabled: Collection[str] | None = None) -> None:
    channel = values["preferred_channel"]
    if channel not in CONTACT_CHANNELS:
        raise _fail("preferred_channel", "channel_unknown")
    label = CONTACT_CHANNELS[channel]  # made text only for a message
    if channel not in (enabled if enabled is not None else enabled_contact_channels()):
        raise _fail("preferred_channel", "channel_disabled", channel=str(label))
    if channel in _MOBILE_CHANNELS and not values["mobile"]:
        raise _fail("preferred_channel", "channel_needs_mobile", channel=str(label))
    if channel == "email" and not values["email"]:
        raise _fail("preferred_channel", "channel_needs_email", channel=str(label))


def clean_beneficiary_fields(
    fields: Mapping[str, Any], *, enabled_channels: Collection[str] | None = None
) -> dict[str, Any]:
    """The values to store for a beneficiary, or the first DomainError, at its field.

    `fields` holds every field of `FIELDS` that the record will have (a missing text field
    counts as empty). Unknown names are a programming error (TypeError). `enabled_channels`
    (the policy's contact channels) may be given by a caller checking many rows at once, so
    that the policy is not read again for each.
    """
    unknown = set(fields) - FIELDS
    if unknown:
        raise TypeError(f"unknown beneficiary fields: {sorted(unknown)}")
    values: dict[str, Any] = {name: _text(name, fields.get(name)) for name in TEXT_FIELDS}
    for part in NAME_PARTS:
        values[part] = _name(part, values[part], required=part in REQUIRED_NAME_PARTS)
    values["identity_type"] = _choice("identity_type", values["identity_type"], IdentityType.values)
    _identity(values)
    nationality = values["nationality"].upper() or "SA"
    if not _COUNTRY.fullmatch(nationality):
        raise _fail("nationality", "nationality")
    values["nationality"] = nationality
    values["sex"] = _choice("sex", values["sex"], Sex.values)
    values["marital_status"] = _choice(
        "marital_status", values["marital_status"], MaritalStatus.values, required=False
    )
    values["birth_date"] = _birth_date(fields.get("birth_date"))
    values["mobile"] = _mobile("mobile", values["mobile"])
    values["mobile_2"] = _mobile("mobile_2", values["mobile_2"])
    if values["mobile_2"] and values["mobile_2"] == values["mobile"]:
        raise _fail("mobile_2", "same_mobiles")
    if values["email"]:
        try:
            validate_email(values["email"])
        except ValidationError:
            raise _fail("email", "email") from None
        if len(values["email"]) > Beneficiary._meta.get_field("email").max_length:
            raise _fail(
                "email",
                "too_long",
                max=counted(CHARACTERS, Beneficiary._meta.get_field("email").max_length),
            )
    _address(values)
    _channel(values, enabled_channels)
    branch = fields.get("branch")
    if not isinstance(branch, Branch) or branch.pk is None:
        raise _fail("branch", "branch")
    values["branch"] = branch
    for name in ("liaison_officer", "assigned_researcher", "import_row"):
        values[name] = fields.get(name)
    return values
