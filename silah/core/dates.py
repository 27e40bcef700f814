"""Dates in both calendars: one Gregorian date stored, shown as Hijri (Umm al-Qura) and
Gregorian, typed in either.

Conversion is `hijridate`'s Umm al-Qura table, which covers 1343/01/01–1500/12/30 AH
(1924-08-01 to 2077-11-16). Silah accepts only dates inside that table, so that every date it
stores can be shown in both calendars.

Decisions (see SAUDI.md, "Hijri dates"):

- Digits are ASCII (0–9) in both languages: Saudi staff read both, and ASCII digits keep
  their order and shape in mixed Arabic/Latin text. Typing accepts Arabic-Indic digits too.
- Dates are formatted from per-language patterns (`_PATTERNS`), like Django's locale
  `formats.py`, not from gettext messages: a date format is locale data, it must be right in
  English before anyone translates, and a pattern is one string with named placeholders.
  Messages (errors, help) are gettext strings with Arabic source text.
- Typed numbers are year-first (1445/09/24) or day-first (24/09/1445), never month-first.
  The calendar is the one named ("هـ", "م", "AH", "AD", a month name), else the one the year
  falls in: 1343–1500 Hijri, 1900–2100 Gregorian (Gregorian years before 1924 or after 2077
  then get an error naming the supported range).
- Text with two dates ("2024/03/04م الموافق 1445/09/24هـ", as in seed 000) is accepted only
  if both are the same day; otherwise the error shows what each one means.
- A datetime is reduced to its date in Riyadh.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from hijridate import Gregorian, Hijri

from silah.core.arabic import normalize_arabic

RIYADH = ZoneInfo("Asia/Riyadh")

# The Umm al-Qura table of hijridate.
MIN_DATE = dt.date(1924, 8, 1)
MAX_DATE = dt.date(2077, 11, 16)
HIJRI_YEARS = range(1343, 1501)
GREGORIAN_YEARS = range(MIN_DATE.year, MAX_DATE.year + 1)
# A year without a calendar mark is read as Gregorian in this window (then range-checked).
GREGORIAN_GUESS_YEARS = range(1900, 2101)

Style = Literal["long", "short"]
Lang = Literal["ar", "en"]


class Calendar(StrEnum):
    HIJRI = "hijri"
    GREGORIAN = "gregorian"


MESSAGES = {
    "empty": _("أدخل التاريخ."),
    "unreadable": _(
        "لم نفهم التاريخ. اكتبه مثل 1445/09/24هـ أو 24/09/1445هـ أو 2024/04/03م، "
        "والسنة بأربعة أرقام."
    ),
    "calendar_conflict": _(
        "في التاريخ ما يدل على التقويمين الهجري والميلادي معًا. اكتبه بتقويم واحد."
    ),
    "mismatch": _(
        "التاريخان لا يتفقان: %(first)s يوافق %(first_other)s، و%(second)s يوافق "
        "%(second_other)s. اكتب أحدهما فقط."
    ),
    "year_out_of_range": _(
        "السنة %(year)s خارج المدى المدعوم: اكتب سنة هجرية من 1343 إلى 1500 "
        "أو سنة ميلادية من 1924 إلى 2077."
    ),
    "hijri_year_out_of_range": _("السنة الهجرية %(year)s خارج المدى المدعوم: من 1343 إلى 1500هـ."),
    "gregorian_year_out_of_range": _(
        "السنة الميلادية %(year)s خارج المدى المدعوم: من 1924 إلى 2077م."
    ),
    "date_out_of_range": _(
        "التاريخ %(date)s خارج المدى الذي يمكن تحويله بين التقويمين: "
        "من 1924/08/01م (1343/01/01هـ) إلى 2077/11/16م (1500/12/30هـ)."
    ),
    "invalid_month": _("الشهر %(month)s غير موجود: الأشهر من 1 إلى 12."),
    "invalid_hijri_day": _(
        "لا يوجد يوم %(day)s في شهر %(month_name)s %(year)sهـ: عدد أيام هذا الشهر %(length)s يومًا."
    ),
    "invalid_gregorian_day": _(
        "لا يوجد يوم %(day)s في شهر %(month_name)s %(year)sم: عدد أيام هذا الشهر %(length)s يومًا."
    ),
}


def _error(key: str, code: str, **params: object) -> ValidationError:
    return ValidationError(MESSAGES[key], code=code, params=params or None)


# -- Language and patterns --------------------------------------------------------------------


def _lang(lang: str | None) -> Lang:
    lang = lang or translation.get_language() or "ar"
    return "ar" if lang.lower().startswith("ar") else "en"


# Locale data, not messages: see the module docstring. Named placeholders only.
_PATTERNS: dict[Lang, dict[str, str]] = {
    "ar": {
        "hijri_long": "{day} {month_name} {year}هـ",
        "hijri_short": "{year:04d}/{month:02d}/{day:02d}هـ",
        "gregorian_long": "{day} {month_name} {year}م",
        "gregorian_short": "{year:04d}/{month:02d}/{day:02d}م",
        "dual": "{first} الموافق {second}",
        "weekday": "{weekday} {date}",
    },
    "en": {
        "hijri_long": "{day} {month_name} {year} AH",
        "hijri_short": "{year:04d}/{month:02d}/{day:02d} AH",
        "gregorian_long": "{day} {month_name} {year}",
        "gregorian_short": "{year:04d}/{month:02d}/{day:02d}",
        "dual": "{first} ({second})",
        "weekday": "{weekday}, {date}",
    },
}


# -- Conversion -------------------------------------------------------------------------------


@dataclass(frozen=True)
class HijriDate:
    """A day of the Umm al-Qura calendar."""

    year: int
    month: int
    day: int

    def month_name(self, lang: str | None = None) -> str:
        return Hijri(self.year, self.month, 1).month_name(_lang(lang))

    def month_length(self) -> int:
        return Hijri(self.year, self.month, 1).month_length()

    def to_gregorian(self) -> dt.date:
        return from_hijri(self.year, self.month, self.day)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def local_date(value: dt.date) -> dt.date:
    """The date of `value`; an aware datetime is first converted to Riyadh time."""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(RIYADH)
        return value.date()
    return value


def today() -> dt.date:
    """Today in Riyadh (usable as a field's `max_date`)."""
    return timezone.now().astimezone(RIYADH).date()


def to_hijri(d: dt.date) -> HijriDate:
    """The Umm al-Qura date of `d`; ValidationError (code "out_of_range") outside the table."""
    d = local_date(d)
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError) as e:
        raise _error(
            "date_out_of_range", "out_of_range", date=format_gregorian(d, style="short")
        ) from e
    return HijriDate(h.year, h.month, h.day)


def from_hijri(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of a Hijri date; ValidationError with an Arabic message if the
    year is outside 1343–1500, the month outside 1–12 or the day not in that month."""
    if year not in HIJRI_YEARS:
        raise _error("hijri_year_out_of_range", "out_of_range", year=year)
    if not 1 <= month <= 12:
        raise _error("invalid_month", "invalid_month", month=month)
    length = Hijri(year, month, 1).month_length()
    if not 1 <= day <= length:
        raise _error(
            "invalid_hijri_day",
            "invalid_day",
            day=day,
            month_name=Hijri(year, month, 1).month_name(_lang(None)),
            year=year,
            length=length,
        )
    try:
        g = Hijri(year, month, day).to_gregorian()
    except (OverflowError, ValueError) as e:  # not expected after the checks above
        raise _error("unreadable", "unreadable") from e
    return dt.date(g.year, g.month, g.day)


def _from_gregorian(year: int, month: int, day: int) -> dt.date:
    if year not in GREGORIAN_YEARS:
        raise _error("gregorian_year_out_of_range", "out_of_range", year=year)
    if not 1 <= month <= 12:
        raise _error("invalid_month", "invalid_month", month=month)
    length = _calendar.monthrange(year, month)[1]
    if not 1 <= day <= length:
        raise _error(
            "invalid_gregorian_day",
            "invalid_day",
            day=day,
            month_name=_gregorian_month_name(month, _lang(None)),
            year=year,
            length=length,
        )
    d = dt.date(year, month, day)
    if not MIN_DATE <= d <= MAX_DATE:
        raise _error("date_out_of_range", "out_of_range", date=format_gregorian(d, style="short"))
    return d


def _gregorian_month_name(month: int, lang: Lang) -> str:
    return Gregorian(2000, month, 1).month_name(lang)


# -- Formatting -------------------------------------------------------------------------------


def format_hijri(d: dt.date, lang: str | None = None, *, style: Style = "long") -> str:
    """The Hijri date: Arabic "24 رمضان 1445هـ" (long) or "1445/09/24هـ" (short); English
    "24 Ramadan 1445 AH" or "1445/09/24 AH".

    ValidationError (code "out_of_range") outside the Umm al-Qura table.
    """
    code = _lang(lang)
    h = to_hijri(d)
    return _PATTERNS[code][f"hijri_{style}"].format(
        year=h.year, month=h.month, day=h.day, month_name=h.month_name(code)
    )


def format_gregorian(d: dt.date, lang: str | None = None, *, style: Style = "long") -> str:
    """The Gregorian date: Arabic "3 أبريل 2024م" (long) or "2024/04/03م" (short); English
    "3 April 2024" or "2024/04/03"."""
    code = _lang(lang)
    d = local_date(d)
    return _PATTERNS[code][f"gregorian_{style}"].format(
        year=d.year, month=d.month, day=d.day, month_name=_gregorian_month_name(d.month, code)
    )


def format_date(
    d: dt.date, calendar: Calendar, lang: str | None = None, *, style: Style = "long"
) -> str:
    """`d` in one calendar."""
    if calendar == Calendar.HIJRI:
        return format_hijri(d, lang, style=style)
    return format_gregorian(d, lang, style=style)


def format_dual(
    d: dt.date,
    lang: str | None = None,
    *,
    style: Style = "long",
    first: Calendar = Calendar.HIJRI,
    weekday: bool = False,
) -> str:
    """Both calendars, `first` first.

    Arabic: "24 رمضان 1445هـ الموافق 3 أبريل 2024م" (long), "1445/09/24هـ الموافق
    2024/04/03م" (short). English: "24 Ramadan 1445 AH (3 April 2024)". With `weekday`, the
    day's name comes first ("الأربعاء 24 رمضان …"). A date outside the Umm al-Qura table is
    shown in Gregorian only.
    """
    code = _lang(lang)
    d = local_date(d)
    second = Calendar.GREGORIAN if first == Calendar.HIJRI else Calendar.HIJRI
    patterns = _PATTERNS[code]
    try:
        text = patterns["dual"].format(
            first=format_date(d, first, code, style=style),
            second=format_date(d, second, code, style=style),
        )
    except ValidationError:
        text = format_gregorian(d, code, style=style)
    if weekday:
        text = patterns["weekday"].format(
            weekday=Gregorian(d.year, d.month, d.day).day_name(code), date=text
        )
    return text


_DIGIT_RUN = re.compile(r"([0-9]+(?:[/.\-][0-9]+)*)")


def bdi_digits(text: str) -> SafeString:
    """`text` HTML-escaped, with each run of digits (and the / . - between them) in an
    LTR-isolated `<bdi>`, so right-to-left text never reorders the parts of a date."""
    parts = _DIGIT_RUN.split(text)
    html = "".join(
        f'<bdi dir="ltr">{conditional_escape(part)}</bdi>' if i % 2 else conditional_escape(part)
        for i, part in enumerate(parts)
        if part
    )
    return mark_safe(html)  # every piece is escaped above


def format_dual_html(
    d: dt.date,
    lang: str | None = None,
    *,
    style: Style = "long",
    first: Calendar = Calendar.HIJRI,
    weekday: bool = False,
) -> SafeString:
    """`format_dual` as `<span class="dual-date">` with the digit runs isolated."""
    return _dual_html(local_date(d), _lang(lang), style, first, weekday)


@lru_cache(maxsize=4096)
def _dual_html(d: dt.date, code: str, style: Style, first: Calendar, weekday: bool) -> SafeString:
    """Remembered per date and language: a list draws the same few dates many times."""
    text = format_dual(d, code, style=style, first=first, weekday=weekday)
    return mark_safe(f'<span class="dual-date">{bdi_digits(text)}</span>')  # escaped inside


# -- Parsing ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParsedDate:
    """What `parse_date` understood: the date, and the calendar it was typed in."""

    date: dt.date
    calendar: Calendar

    @property
    def hijri(self) -> HijriDate:
        return to_hijri(self.date)


def _norm(text: str) -> str:
    """Fold Arabic spelling, digits, case; drop apostrophes; hyphens become spaces."""
    text = normalize_arabic(text)
    text = re.sub(r"['’‘`ʼʿʾ]", "", text)
    text = re.sub(r"[\-‐‑‒–—−]", " ", text)
    return " ".join(text.split())


_HIJRI_MONTH_NAMES = {
    1: ["محرم", "Muharram", "Muharam"],
    2: ["صفر", "Safar"],
    3: ["ربيع الأول", "ربيع أول", "Rabi' al-Awwal", "Rabi al-Awal", "Rabi' I"],
    4: ["ربيع الثاني", "ربيع الآخر", "ربيع ثاني", "Rabi' al-Thani", "Rabi' al-Akhir", "Rabi' II"],
    5: [
        "جمادى الأولى",
        "جمادى الأول",
        "جمادى أولى",
        "Jumada al-Ula",
        "Jumada al-Awwal",
        "Jumada I",
    ],
    6: [
        "جمادى الآخرة",
        "جمادى الثانية",
        "جمادى الآخر",
        "جمادى ثاني",
        "Jumada al-Akhirah",
        "Jumada al-Thani",
        "Jumada II",
    ],
    7: ["رجب", "Rajab"],
    8: ["شعبان", "Sha'ban", "Shaban"],
    9: ["رمضان", "Ramadan", "Ramadhan"],
    10: ["شوال", "Shawwal", "Shawal"],
    11: ["ذو القعدة", "ذي القعدة", "Dhu al-Qa'dah", "Dhul Qadah", "Dhu al-Qidah"],
    12: ["ذو الحجة", "ذي الحجة", "Dhu al-Hijjah", "Dhul Hijjah"],
}
_GREGORIAN_MONTH_NAMES = {
    1: ["يناير", "كانون الثاني", "January", "Jan"],
    2: ["فبراير", "شباط", "February", "Feb"],
    3: ["مارس", "آذار", "March", "Mar"],
    4: ["أبريل", "إبريل", "نيسان", "April", "Apr"],
    5: ["مايو", "أيار", "May"],
    6: ["يونيو", "يونيه", "حزيران", "June", "Jun"],
    7: ["يوليو", "يوليه", "تموز", "July", "Jul"],
    8: ["أغسطس", "آب", "August", "Aug"],
    9: ["سبتمبر", "أيلول", "September", "Sep", "Sept"],
    10: ["أكتوبر", "تشرين الأول", "October", "Oct"],
    11: ["نوفمبر", "تشرين الثاني", "November", "Nov"],
    12: ["ديسمبر", "كانون الأول", "December", "Dec"],
}


def _month_table() -> dict[str, tuple[Calendar, int]]:
    table: dict[str, tuple[Calendar, int]] = {}
    for cal, names in (
        (Calendar.HIJRI, _HIJRI_MONTH_NAMES),
        (Calendar.GREGORIAN, _GREGORIAN_MONTH_NAMES),
    ):
        for month, spellings in names.items():
            official = [
                Hijri(1445, month, 1).month_name(code)
                if cal == Calendar.HIJRI
                else _gregorian_month_name(month, code)
                for code in ("ar", "en")
            ]
            for name in [*official, *spellings]:
                table[_norm(name)] = (cal, month)
    return table


_MONTHS = _month_table()
_MARKERS = {
    **{_norm(m): Calendar.HIJRI for m in ("هـ", "هجري", "هجرية", "AH", "hijri")},
    **{_norm(m): Calendar.GREGORIAN for m in ("م", "ميلادي", "ميلادية", "AD", "CE", "gregorian")},
}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NOT_LETTER_NEXT = r"(?![^\W\d_])"
_TOKEN = re.compile(
    rf"(?P<num>[0-9]+)"
    rf"|(?P<month>{_alternation(list(_MONTHS))}){_NOT_LETTER_NEXT}"
    rf"|(?P<marker>{_alternation(list(_MARKERS))}){_NOT_LETTER_NEXT}"
    r"|(?P<sep>[\s/\\.,،؍٫]+)"
)
# Two dates in one text: "… الموافق …" (also "الموافق لـ"), or "… (…)".
_TWO_DATES = re.compile(rf"الموافق(?:\s*ل{_NOT_LETTER_NEXT})?|[()]")
_MAX_LENGTH = 80


def parse_date(text: str) -> ParsedDate:
    """Read a date typed in either calendar.

    Accepts Arabic-Indic digits; / - . and spaces between the parts; year-first
    (1445/09/24) or day-first (24/09/1445); month names ("24 رمضان 1445", "3 April 2024");
    a calendar mark ("هـ", "ه", "م", "AH", "AD"). Without a mark the year decides. Raises
    ValidationError with one of the codes "empty", "unreadable", "calendar_conflict",
    "mismatch", "out_of_range", "invalid_month", "invalid_day".
    """
    if text is None or not str(text).strip():
        raise _error("empty", "empty")
    text = str(text)
    if len(text) > _MAX_LENGTH:
        raise _error("unreadable", "unreadable")
    normalized = _norm(text)
    parts = [p for p in _TWO_DATES.split(normalized) if p.strip()]
    if not parts:
        raise _error("unreadable", "unreadable")
    if len(parts) > 2:
        raise _error("unreadable", "unreadable")
    parsed = [_parse_one(p) for p in parts]
    if len(parsed) == 2 and parsed[0].date != parsed[1].date:
        first, second = parsed
        raise _error(
            "mismatch",
            "mismatch",
            first=format_date(first.date, first.calendar, style="short"),
            first_other=_other_calendar_short(first),
            second=format_date(second.date, second.calendar, style="short"),
            second_other=_other_calendar_short(second),
        )
    return parsed[0]


def _other_calendar_short(p: ParsedDate) -> str:
    other = Calendar.GREGORIAN if p.calendar == Calendar.HIJRI else Calendar.HIJRI
    return format_date(p.date, other, style="short")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise _error("unreadable", "unreadable")
        kind = match.lastgroup or ""
        if kind != "sep":
            tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


def _parse_one(text: str) -> ParsedDate:
    tokens = _tokens(text)
    numbers = [value for kind, value in tokens if kind == "num"]
    months = [_MONTHS[value] for kind, value in tokens if kind == "month"]
    named = {_MARKERS[value] for kind, value in tokens if kind == "marker"}
    named |= {cal for cal, _month in months}

    if len(months) > 1:
        raise _error("unreadable", "unreadable")
    if months:
        if len(numbers) != 2:
            raise _error("unreadable", "unreadable")
        years = [n for n in numbers if len(n) == 4]
        days = [n for n in numbers if len(n) <= 2]
        if len(years) != 1 or len(days) != 1:
            raise _error("unreadable", "unreadable")
        year, month, day = int(years[0]), months[0][1], int(days[0])
    else:
        if len(numbers) != 3:
            raise _error("unreadable", "unreadable")
        a, b, c = numbers
        if len(a) == 4 and len(b) <= 2 and len(c) <= 2:
            year, month, day = int(a), int(b), int(c)
        elif len(c) == 4 and len(a) <= 2 and len(b) <= 2:
            day, month, year = int(a), int(b), int(c)
        else:
            raise _error("unreadable", "unreadable")

    if len(named) > 1:
        raise _error("calendar_conflict", "calendar_conflict")
    if named:
        cal = named.pop()
    elif year in HIJRI_YEARS:
        cal = Calendar.HIJRI
    elif year in GREGORIAN_GUESS_YEARS:
        cal = Calendar.GREGORIAN
    else:
        raise _error("year_out_of_range", "out_of_range", year=year)

    if cal == Calendar.HIJRI:
        return ParsedDate(from_hijri(year, month, day), cal)
    return ParsedDate(_from_gregorian(year, month, day), cal)


BOUND_MESSAGES = {
    "min_date": _("التاريخ %(value)s قبل أقدم تاريخ مقبول هنا، وهو %(limit)s."),
    "max_date": _("التاريخ %(value)s بعد آخر تاريخ مقبول هنا، وهو %(limit)s."),
}


def check_bounds(
    d: dt.date,
    *,
    min_date: dt.date | None = None,
    max_date: dt.date | None = None,
    messages: dict[str, str] | None = None,
) -> None:
    """ValidationError (code "min_date" / "max_date") if `d` is outside the bounds.

    `messages` may replace the default message for either code; it may use %(value)s and
    %(limit)s (each date in both calendars, in the active language).
    """
    if min_date is not None and d < min_date:
        code, limit = "min_date", min_date
    elif max_date is not None and d > max_date:
        code, limit = "max_date", max_date
    else:
        return
    message = (messages or {}).get(code, BOUND_MESSAGES[code])
    raise ValidationError(
        message, code=code, params={"value": format_dual(d), "limit": format_dual(limit)}
    )
