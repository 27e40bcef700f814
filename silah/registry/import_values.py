"""Turning a sheet's cells into the values the registry's services take.

Words people write in sheets («ذكر», «F», «إقامة», «متزوجة», «واتساب», «رب الأسرة», a branch or
a category by its name) become the codes the models store. A word that means nothing known
is a `CellError` with an Arabic message naming what is accepted; the registry's own
validation (`clean_beneficiary_fields`) then checks everything else, so an imported row is
refused for exactly the reasons the form refuses it.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from silah.accounts.models import Branch
from silah.core.arabic import normalize_arabic
from silah.core.dates import parse_date
from silah.core.identity import IdentityType, normalize_digits
from silah.policy.rules import CONTACT_CHANNELS
from silah.registry.import_parse import cell_to_text
from silah.registry.models import Category, MaritalStatus, Relationship, Sex

MESSAGES = {
    "sex": _("اكتب الجنس «ذكر» أو «أنثى»."),
    "marital_status": _("الحالة الاجتماعية غير معروفة: اكتب أعزب أو متزوج أو مطلق أو أرمل."),
    "identity_type": _(
        "نوع الهوية غير معروف: اكتب هوية وطنية أو إقامة أو جواز سفر أو هوية خليجية أو رقم حدود "
        "أو بدون هوية."
    ),
    "nationality": _(
        "الجنسية غير معروفة: اكتب اسمها (سعودي، يمني…) أو رمز الدولة من حرفين مثل SA."
    ),
    "channel": _(
        "وسيلة التواصل غير معروفة: اكتب رسالة نصية أو واتساب أو بريد إلكتروني أو خطاب أو اتصال."
    ),
    "relationship": _(
        "صلة القرابة غير معروفة: اكتب رب الأسرة أو زوج أو زوجة أو ابن أو ابنة أو أب أو أم أو أخ "
        "أو أخت أو أخرى."
    ),
    "relationship_missing": _("اكتب صلة القرابة برب الأسرة لكل فرد من أفراد الأسرة."),
    "category": _("الفئة «%(name)s» ليست في قائمة فئات المستفيدين."),
    "category_type": _("الفئة «%(name)s» ليس لها نوع: احذف ما بين القوسين."),
    "branch": _("الفرع «%(name)s» غير موجود: اكتب اسم الفرع كما هو في النظام."),
    "birth_date_number": _(
        "تاريخ الميلاد رقم وليس تاريخًا: اكتبه مثل 1410/05/20هـ أو 1990/01/15م، "
        "أو اجعل نوع الخلية في Excel «تاريخ»."
    ),
}


# Django's `Choices.values` builds a new list at each call: read them once.
_CODES = {
    "Sex": frozenset(Sex.values),
    "MaritalStatus": frozenset(MaritalStatus.values),
    "IdentityType": frozenset(IdentityType.values),
    "Relationship": frozenset(Relationship.values),
    "channel": frozenset(CONTACT_CHANNELS),
}


class CellError(ValueError):
    """A cell whose value means nothing known; `message` says what is accepted, in Arabic."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return " ".join(normalize_arabic(re.sub(r"[._\-/\\()]+", " ", text)).split())


def _table(pairs: dict[str, list[str]]) -> dict[str, str]:
    return {_key(word): code for code, words in pairs.items() for word in words}


_SEX = _table(
    {
        Sex.MALE: ["ذكر", "ذ", "رجل", "m", "male", "man", "ولد"],
        Sex.FEMALE: [
            "أنثى",
            "انثى",
            "انثي",
            "أنثي",
            "أ",
            "ا",
            "امرأة",
            "f",
            "female",
            "woman",
            "بنت",
        ],
    }
)
_MARITAL = _table(
    {
        MaritalStatus.SINGLE: [
            "أعزب",
            "اعزب",
            "عزباء",
            "عازب",
            "single",
            "غير متزوج",
            "غير متزوجة",
        ],
        MaritalStatus.MARRIED: ["متزوج", "متزوجة", "married"],
        MaritalStatus.DIVORCED: ["مطلق", "مطلقة", "divorced"],
        MaritalStatus.WIDOWED: ["أرمل", "أرملة", "ارمل", "ارملة", "widowed", "widow", "widower"],
    }
)
_IDENTITY = _table(
    {
        IdentityType.NATIONAL_ID: [
            "هوية وطنية",
            "الهوية الوطنية",
            "هوية",
            "وطنية",
            "سجل مدني",
            "بطاقة أحوال",
            "national id",
            "national",
            "nid",
            "national_id",
        ],
        IdentityType.IQAMA: ["إقامة", "اقامة", "هوية مقيم", "iqama", "residence", "resident"],
        IdentityType.PASSPORT: ["جواز", "جواز سفر", "جواز السفر", "passport"],
        IdentityType.GCC_ID: ["هوية خليجية", "خليجية", "gcc", "gcc id", "gcc_id"],
        IdentityType.BORDER_NUMBER: ["رقم حدود", "حدود", "رقم الحدود", "border", "border number"],
        IdentityType.NONE: ["بدون", "بدون هوية", "لا يوجد", "لا توجد", "لا", "none", "no id"],
    }
)
_NATIONALITY = _table(
    {
        "SA": ["سعودي", "سعودية", "السعودية", "المملكة العربية السعودية", "saudi", "ksa"],
        "YE": ["يمني", "يمنية", "اليمن", "yemeni", "yemen"],
        "EG": ["مصري", "مصرية", "مصر", "egyptian", "egypt"],
        "SY": ["سوري", "سورية", "سوريا", "syrian", "syria"],
        "SD": ["سوداني", "سودانية", "السودان", "sudanese", "sudan"],
        "JO": ["أردني", "اردني", "أردنية", "اردنية", "الأردن", "jordanian", "jordan"],
        "PS": ["فلسطيني", "فلسطينية", "فلسطين", "palestinian", "palestine"],
        "IQ": ["عراقي", "عراقية", "العراق", "iraqi", "iraq"],
        "LB": ["لبناني", "لبنانية", "لبنان", "lebanese"],
        "SO": ["صومالي", "صومالية", "الصومال", "somali"],
        "ER": ["إرتيري", "ارتيري", "إريتري", "اريتري", "eritrean"],
        "ET": ["إثيوبي", "اثيوبي", "إثيوبية", "اثيوبية", "ethiopian"],
        "PK": ["باكستاني", "باكستانية", "pakistani"],
        "IN": ["هندي", "هندية", "indian"],
        "BD": ["بنغالي", "بنغلاديشي", "bangladeshi"],
        "ID": ["إندونيسي", "اندونيسي", "إندونيسية", "اندونيسية", "indonesian"],
        "PH": ["فلبيني", "فلبينية", "filipino"],
        "AF": ["أفغاني", "افغاني", "afghan"],
        "MM": ["بورمي", "بورمية", "burmese", "rohingya", "روهينجا"],
        "KW": ["كويتي", "كويتية", "kuwaiti"],
        "AE": ["إماراتي", "اماراتي", "emirati"],
        "BH": ["بحريني", "بحرينية", "bahraini"],
        "QA": ["قطري", "قطرية", "qatari"],
        "OM": ["عماني", "عمانية", "omani"],
        "MA": ["مغربي", "مغربية", "moroccan"],
        "TN": ["تونسي", "تونسية", "tunisian"],
        "DZ": ["جزائري", "جزائرية", "algerian"],
        "LY": ["ليبي", "ليبية", "libyan"],
        "TD": ["تشادي", "تشادية", "chadian"],
        "NG": ["نيجيري", "نيجيرية", "nigerian"],
        "MR": ["موريتاني", "موريتانية", "mauritanian"],
    }
)
_CHANNEL_WORDS: dict[str, list[str]] = {
    "sms": ["رسالة نصية", "رسائل نصية", "رسالة", "نصية", "جوال", "sms", "text"],
    "whatsapp": ["واتساب", "واتس اب", "واتس", "whatsapp", "whats app"],
    "email": ["بريد", "بريد إلكتروني", "البريد الإلكتروني", "ايميل", "إيميل", "email", "e-mail"],
    "letter": ["خطاب", "رسالة ورقية", "بريد عادي", "letter", "post"],
    "call": ["اتصال", "مكالمة", "اتصال هاتفي", "هاتف", "call", "phone call"],
}
_CHANNEL = _table(
    {
        code: [*words, str(CONTACT_CHANNELS[code])]
        for code, words in _CHANNEL_WORDS.items()
        if code in CONTACT_CHANNELS
    }
)
_RELATIONSHIP = _table(
    {
        Relationship.HEAD: [
            "رب الأسرة",
            "رب اسرة",
            "رب الاسره",
            "رب أسرة",
            "ربة الأسرة",
            "ربة أسرة",
            "العائل",
            "عائل",
            "عائل الأسرة",
            "head",
            "household head",
            "head of household",
        ],
        Relationship.SPOUSE: ["زوج", "زوجة", "الزوج", "الزوجة", "spouse", "wife", "husband"],
        Relationship.SON: ["ابن", "الابن", "إبن", "son"],
        Relationship.DAUGHTER: ["ابنة", "بنت", "الابنة", "البنت", "daughter"],
        Relationship.FATHER: ["أب", "اب", "الأب", "والد", "father"],
        Relationship.MOTHER: ["أم", "ام", "الأم", "والدة", "mother"],
        Relationship.BROTHER: ["أخ", "اخ", "الأخ", "brother"],
        Relationship.SISTER: ["أخت", "اخت", "الأخت", "sister"],
        Relationship.OTHER: ["أخرى", "اخرى", "آخر", "قريب", "قريبة", "other", "relative"],
    }
)


def _lookup(table: dict[str, str], value: object, code: str, *, codes: frozenset[str]) -> str:
    text = cell_to_text(value).strip()
    if not text:
        return ""
    if text in codes:
        return text
    found = table.get(_key(text))
    if found is None:
        raise CellError(str(MESSAGES[code]))
    return found


def sex(value: object) -> str:
    return _lookup(_SEX, value, "sex", codes=_CODES["Sex"])


def marital_status(value: object) -> str:
    return _lookup(_MARITAL, value, "marital_status", codes=_CODES["MaritalStatus"])


def identity_type(value: object) -> str:
    return _lookup(_IDENTITY, value, "identity_type", codes=_CODES["IdentityType"])


def infer_identity_type(number: str) -> str:
    """The type a bare number most likely is: 1… a national ID, 2… an iqama, none if empty."""
    digits = normalize_digits(number).replace(" ", "")
    if not digits:
        return IdentityType.NONE
    if digits.isdigit() and len(digits) == 10 and digits[0] == "1":
        return IdentityType.NATIONAL_ID
    if digits.isdigit() and len(digits) == 10 and digits[0] == "2":
        return IdentityType.IQAMA
    if digits.isdigit() and len(digits) == 10 and digits[0] in "34":
        return IdentityType.BORDER_NUMBER
    if digits.isdigit():
        return IdentityType.NATIONAL_ID  # the national ID's own check explains what is wrong
    return IdentityType.PASSPORT


def nationality(value: object) -> str:
    text = cell_to_text(value).strip()
    if not text:
        return ""
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    found = _NATIONALITY.get(_key(text))
    if found is None:
        raise CellError(str(MESSAGES["nationality"]))
    return found


def channel(value: object) -> str:
    return _lookup(_CHANNEL, value, "channel", codes=_CODES["channel"])


def relationship(value: object) -> str:
    return _lookup(_RELATIONSHIP, value, "relationship", codes=_CODES["Relationship"])


def birth_date(value: object) -> dt.date | None:
    """A date cell as it is; a text cell in either calendar (silah.core.dates)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(str(MESSAGES["birth_date_number"]))
    text = cell_to_text(value).strip()
    if not text:
        return None
    try:
        return parse_date(text).date
    except ValidationError as error:
        raise CellError(error.messages[0]) from None


def text(value: object) -> str:
    return cell_to_text(value).strip()


class Lookups:
    """The branches and categories, read once for a whole sheet."""

    def __init__(self) -> None:
        self.branches: dict[str, Branch] = {}
        for branch in Branch.objects.filter(is_active=True):
            for name in (branch.name, branch.name_en):
                if name:
                    self.branches.setdefault(_key(name), branch)
        self.categories: dict[str, Category] = {}
        for category in Category.objects.filter(is_active=True):
            for name in (category.name, category.name_en, category.code):
                if name:
                    self.categories.setdefault(_key(name), category)

    def branch(self, value: object) -> Branch | None:
        name = text(value)
        if not name:
            return None
        found = self.branches.get(_key(name))
        if found is None:
            raise CellError(str(MESSAGES["branch"]) % {"name": name})
        return found

    def categories_of(self, value: object) -> list[tuple[Category, str]]:
        """«يتيم، ذوو إعاقة (حركية)» → [(orphan, ""), (disability, "حركية")]."""
        chosen: list[tuple[Category, str]] = []
        for item in re.split(r"[،,;؛+\n]", text(value)):
            item = item.strip()
            if not item:
                continue
            detail = ""
            match = re.fullmatch(r"(.+?)\s*[(:：]\s*(.*?)\s*\)?", item)
            if match:
                item, detail = match.group(1).strip(), match.group(2).strip()
            category = self.categories.get(_key(item))
            if category is None:
                raise CellError(str(MESSAGES["category"]) % {"name": item})
            if detail and not category.has_type:
                raise CellError(str(MESSAGES["category_type"]) % {"name": item})
            chosen.append((category, detail))
        return chosen
