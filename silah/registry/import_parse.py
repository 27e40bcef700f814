"""Reading an association's beneficiary sheet: the file, its header row, its columns.

- `read_table(data, name)`: an Excel (.xlsx, .xls, .ods; python-calamine) or CSV file (UTF-8
  with or without BOM, UTF-16 with BOM, Windows-1256 as Arabic Excel saves it; the delimiter
  sniffed) as a `Table`: the header row found, every later row with its number as the
  spreadsheet shows it (the header on row 1 makes the first person row 2).
- `recognise_header(text)`: the field an Arabic or English header means, or None.
- `split_full_name(text)`: a one-column name in its four parts, compound names kept whole.

Nothing here touches the database.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from silah.core.arabic import normalize_arabic
from silah.core.counting import ROWS, counted
from silah.core.errors import DomainError

# -- Fields a column can be mapped to -----------------------------------------------------------

IGNORE = ""  # a column the user chose not to import

# Field key → Arabic label shown in the mapping step and the template.
IMPORT_FIELDS: dict[str, object] = {
    "full_name": _("الاسم الكامل (يُقسم إلى أجزائه)"),
    "first_name": _("الاسم الأول"),
    "father_name": _("اسم الأب"),
    "grandfather_name": _("اسم الجد"),
    "family_name": _("اسم العائلة"),
    "latin_name": _("الاسم بالإنجليزية"),
    "identity_type": _("نوع الهوية"),
    "identity_number": _("رقم الهوية"),
    "identity_reason": _("سبب عدم وجود هوية"),
    "nationality": _("الجنسية"),
    "sex": _("الجنس"),
    "birth_date": _("تاريخ الميلاد"),
    "marital_status": _("الحالة الاجتماعية"),
    "mobile": _("رقم الجوال"),
    "mobile_2": _("رقم جوال آخر"),
    "email": _("البريد الإلكتروني"),
    "preferred_channel": _("وسيلة التواصل المتفق عليها"),
    "building_number": _("رقم المبنى"),
    "street": _("الشارع"),
    "district": _("الحي"),
    "city": _("المدينة"),
    "postal_code": _("الرمز البريدي"),
    "additional_number": _("الرقم الإضافي"),
    "unit": _("رقم الوحدة"),
    "short_address": _("العنوان المختصر"),
    "categories": _("الفئة"),
    "branch": _("الفرع"),
    "household": _("الأسرة (رمز يجمع أفرادها)"),
    "relationship": _("صلة القرابة"),
}

# The header the Excel template uses for each field (and the report shows).
TEMPLATE_HEADERS: dict[str, str] = {
    "full_name": "الاسم",
    "identity_type": "نوع الهوية",
    "identity_number": "رقم الهوية",
    "identity_reason": "سبب عدم وجود هوية",
    "nationality": "الجنسية",
    "sex": "الجنس",
    "birth_date": "تاريخ الميلاد",
    "marital_status": "الحالة الاجتماعية",
    "mobile": "الجوال",
    "mobile_2": "جوال آخر",
    "email": "البريد الإلكتروني",
    "preferred_channel": "وسيلة التواصل",
    "city": "المدينة",
    "district": "الحي",
    "street": "الشارع",
    "building_number": "رقم المبنى",
    "postal_code": "الرمز البريدي",
    "additional_number": "الرقم الإضافي",
    "short_address": "العنوان المختصر",
    "categories": "الفئة",
    "branch": "الفرع",
    "household": "الأسرة",
    "relationship": "صلة القرابة",
    "latin_name": "الاسم بالإنجليزية",
}

_SYNONYMS: dict[str, list[str]] = {
    "full_name": [
        "الاسم",
        "الاسم الكامل",
        "الاسم الرباعي",
        "الاسم الثلاثي",
        "اسم المستفيد",
        "اسم المستفيدة",
        "اسم المستفيد رباعي",
        "اسم المستفيد الرباعي",
        "الاسم رباعي",
        "اسم",
        "name",
        "full name",
        "full_name",
        "fullname",
        "beneficiary name",
        "arabic name",
        "name ar",
        "الاسم بالعربي",
    ],
    "first_name": ["الاسم الأول", "الاسم الاول", "اسم أول", "first name", "first_name", "first"],
    "father_name": ["اسم الأب", "اسم الاب", "الأب", "father", "father name", "father_name"],
    "grandfather_name": [
        "اسم الجد",
        "الجد",
        "grandfather",
        "grandfather name",
        "grandfather_name",
        "grand father",
    ],
    "family_name": [
        "اسم العائلة",
        "العائلة",
        "القبيلة",
        "اسم العائلة أو القبيلة",
        "اللقب",
        "family",
        "family name",
        "family_name",
        "last name",
        "last_name",
        "surname",
    ],
    "latin_name": [
        "الاسم بالإنجليزية",
        "الاسم بالانجليزي",
        "الاسم باللغة الإنجليزية",
        "english name",
        "latin name",
        "name en",
        "latin_name",
    ],
    "identity_type": [
        "نوع الهوية",
        "نوع الإثبات",
        "نوع الاثبات",
        "id type",
        "identity type",
        "identity_type",
    ],
    "identity_number": [
        "رقم الهوية",
        "الهوية",
        "رقم الهوية الوطنية",
        "الهوية الوطنية",
        "رقم الهوية أو الإقامة",
        "رقم الهوية/الإقامة",
        "رقم الإقامة",
        "الإقامة",
        "السجل المدني",
        "رقم السجل المدني",
        "رقم الإثبات",
        "id",
        "id number",
        "id_number",
        "national id",
        "national_id",
        "identity number",
        "identity_number",
        "iqama",
    ],
    "identity_reason": [
        "سبب عدم وجود هوية",
        "سبب عدم وجود الهوية",
        "identity reason",
        "no id reason",
    ],
    "nationality": ["الجنسية", "nationality", "country"],
    "sex": ["الجنس", "النوع", "ذكر أو أنثى", "sex", "gender"],
    "birth_date": [
        "تاريخ الميلاد",
        "الميلاد",
        "تاريخ الولادة",
        "birth date",
        "birth_date",
        "birthdate",
        "date of birth",
        "dob",
    ],
    "marital_status": [
        "الحالة الاجتماعية",
        "الحالة الزوجية",
        "marital status",
        "marital_status",
    ],
    "mobile": [
        "الجوال",
        "رقم الجوال",
        "جوال",
        "الهاتف",
        "رقم الهاتف",
        "الهاتف الجوال",
        "رقم التواصل",
        "التواصل",
        "mobile",
        "mobile number",
        "phone",
        "phone number",
        "cell",
    ],
    "mobile_2": [
        "جوال آخر",
        "جوال اخر",
        "رقم جوال آخر",
        "جوال 2",
        "الجوال 2",
        "mobile 2",
        "mobile_2",
        "other mobile",
    ],
    "email": ["البريد", "البريد الإلكتروني", "الإيميل", "الايميل", "email", "e-mail", "mail"],
    "preferred_channel": [
        "وسيلة التواصل",
        "وسيلة التواصل المتفق عليها",
        "الوسيلة المتفق عليها",
        "preferred channel",
        "channel",
    ],
    "building_number": ["رقم المبنى", "المبنى", "building number", "building"],
    "street": ["الشارع", "اسم الشارع", "street"],
    "district": ["الحي", "اسم الحي", "district", "neighborhood", "neighbourhood"],
    "city": ["المدينة", "المدينة أو المحافظة", "المحافظة", "city"],
    "postal_code": ["الرمز البريدي", "postal code", "zip", "zip code", "postcode"],
    "additional_number": ["الرقم الإضافي", "الرقم الاضافي", "additional number"],
    "unit": ["رقم الوحدة", "الوحدة", "unit"],
    "short_address": ["العنوان المختصر", "short address"],
    "categories": ["الفئة", "الفئات", "فئة المستفيد", "التصنيف", "category", "categories"],
    "branch": ["الفرع", "المكتب", "branch", "office"],
    "household": [
        "الأسرة",
        "الاسرة",
        "رقم الأسرة",
        "رمز الأسرة",
        "رقم ملف الأسرة",
        "العائلة رقم",
        "household",
        "household id",
        "household_id",
        "family id",
        "family_id",
    ],
    "relationship": [
        "صلة القرابة",
        "القرابة",
        "الصلة",
        "صلة القرابة برب الأسرة",
        "relationship",
        "relation",
    ],
}


def _header_key(text: object) -> str:
    """A header folded for comparison: Arabic variants, case, punctuation, leading «ال»."""
    folded = normalize_arabic(str(text or ""))
    folded = re.sub(r"[\s_\-/\\.:()\[\]*#،,]+", " ", folded).strip()
    words = [
        word[2:] if word.startswith("ال") and len(word) > 3 else word for word in folded.split()
    ]
    return " ".join(words)


_HEADER_TABLE: dict[str, str] = {}
for _field, _names in _SYNONYMS.items():
    for _name in _names:
        _HEADER_TABLE.setdefault(_header_key(_name), _field)


def recognise_header(text: object) -> str | None:
    """The import field a column header means (Arabic or English), or None."""
    return _HEADER_TABLE.get(_header_key(text))


def guess_mapping(headers: list[str]) -> dict[int, str]:
    """Column index → field for the recognised headers; a field is taken by its first column."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field_name = recognise_header(header)
        if field_name and field_name not in taken:
            mapping[index] = field_name
            taken.add(field_name)
    return mapping


# -- Splitting a one-column name -----------------------------------------------------------------

# Words that are the first half of a compound given name: «عبد الله», «أبو بكر», «أم كلثوم».
_PREFIXES = frozenset(normalize_arabic(w) for w in ("عبد", "ابو", "أبو", "أبا", "ابا", "أم", "ام"))
# Words that end a compound given name: «نور الدين», «جاد الله», «عبد الرحمن» typed as two.
_SUFFIXES = frozenset(
    normalize_arabic(w) for w in ("الله", "الدين", "الرحمن", "الرحيم", "الإسلام", "الاسلام")
)
# «بن» / «بنت» / «ابن» between the parts of a formal name: not a part themselves.
_CONNECTORS = frozenset(normalize_arabic(w) for w in ("بن", "بنت", "ابن", "ابنة"))
# A family name written with its article apart: «آل سعود», «ال الشيخ».
_FAMILY_ARTICLES = frozenset(normalize_arabic(w) for w in ("آل", "ال"))


class NameTooLong(ValueError):
    """The name has more than four parts once compound names are joined."""


@lru_cache(maxsize=16384)
def _fold(word: str) -> str:
    return normalize_arabic(word)


def name_parts(text: str) -> list[str]:
    """The parts of a written name: compound given names and «آل …» kept whole, «بن» dropped."""
    words = str(text or "").split()
    parts: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        key = _fold(word)
        if key in _CONNECTORS and parts and index + 1 < len(words):
            if index + 2 == len(words) and len(parts) >= 2:
                # «… بن باز» at the end after first and father names: the family name.
                parts.append(f"{word} {words[index + 1]}")
                break
            index += 1
            continue
        if (key in _PREFIXES or key in _FAMILY_ARTICLES) and index + 1 < len(words):
            parts.append(f"{word} {words[index + 1]}")
            index += 2
            continue
        if key in _SUFFIXES and parts and _fold(parts[-1].split()[-1]) not in _SUFFIXES:
            parts[-1] = f"{parts[-1]} {word}"
            index += 1
            continue
        parts.append(word)
        index += 1
    return parts


def split_full_name(text: str) -> dict[str, str]:
    """The four name fields of a name written in one cell.

    Two parts are the first and family names, three first, father and family, four all four.
    More than four raise NameTooLong (a part would be lost: the user writes it in four columns).
    """
    parts = name_parts(text)
    names = {"first_name": "", "father_name": "", "grandfather_name": "", "family_name": ""}
    if len(parts) > 4:
        raise NameTooLong(text)
    if len(parts) == 1:
        names["first_name"] = parts[0]
    elif len(parts) == 2:
        names["first_name"], names["family_name"] = parts
    elif len(parts) == 3:
        names["first_name"], names["father_name"], names["family_name"] = parts
    elif len(parts) == 4:
        (
            names["first_name"],
            names["father_name"],
            names["grandfather_name"],
            names["family_name"],
        ) = parts
    return names


# -- Reading the file ---------------------------------------------------------------------------

MESSAGES = {
    "empty": _("الملف فارغ: لا يوجد فيه أي سطر."),
    "unreadable": _(
        "تعذرت قراءة الملف. ارفع ملف Excel (xlsx أو xls أو ods) أو ملف CSV كما حفظه البرنامج."
    ),
    "encrypted": _("الملف محمي بكلمة مرور: احفظه بلا كلمة مرور ثم ارفعه."),
    "no_header": _(
        "لم نجد سطر العناوين: يجب أن يكون في أحد الأسطر العشرة الأولى عنوانان معروفان على الأقل، "
        "مثل «الاسم» و«رقم الهوية»."
    ),
    "too_many_rows": _("في الملف %(count)s، والحد الأعلى %(max)s: قسّمه إلى ملفات أصغر."),
    "no_rows": _("لا توجد أسطر بيانات تحت سطر العناوين."),
}

HEADER_SEARCH_ROWS = 10


class Kind:
    XLSX = "xlsx"
    XLS = "xls"
    ODS = "ods"
    CSV = "csv"


def _fail(code: str, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field="file")


def sniff_kind(data: bytes) -> str | None:
    """The kind of a spreadsheet by its content (never by its name), or None."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    return Kind.XLSX
                if "mimetype" in names and b"spreadsheet" in archive.read("mimetype"):
                    return Kind.ODS
        except zipfile.BadZipFile:
            return None
        return None
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return Kind.XLS
    if _looks_like_text(data[:65536]):
        return Kind.CSV
    return None


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)):
        return True
    return b"\x00" not in head


def decode_text(data: bytes) -> str:
    """Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1256."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1256", errors="replace")


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: comma, semicolon, tab or bar (Arabic Excel often uses ;)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    sample = "\n".join(lines)
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = lines[0] if lines else ""
        counts = {d: first.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


@dataclass
class Table:
    """A sheet's header row and person rows; numbers are the spreadsheet's (1-based)."""

    headers: list[str]
    header_row: int
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    kind: str = Kind.CSV


def _raw_rows(data: bytes, kind: str) -> list[list[object]]:
    if kind == Kind.CSV:
        text = decode_text(data)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        return [list(row) for row in reader]
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index in range(len(workbook.sheet_names)):
            rows = workbook.get_sheet_by_index(index).to_python(skip_empty_area=False)
            if any(any(_cell_text(cell) for cell in row) for row in rows):
                return rows
        return []
    except PasswordError:
        raise _fail("encrypted") from None
    except Exception:  # calamine raises many kinds for a broken file
        raise _fail("unreadable") from None


def _cell_text(value: object) -> str:
    return cell_to_text(value).strip()


_SPACES = {
    code: " "
    for code in range(0x80, 0x3000 + 1)
    if unicodedata.category(chr(code)) == "Zs" and code != 0x20
}


def cell_to_text(value: object) -> str:
    """A cell as text: whole numbers without «.0» (IDs and mobiles typed as numbers)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    # Non-breaking and other Unicode spaces from copied web pages count as spaces.
    return str(value).translate(_SPACES)


def _find_header(rows: list[list[object]]) -> int:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        recognised = {recognise_header(cell) for cell in row if _cell_text(cell)}
        recognised.discard(None)
        if len(recognised) >= 2:
            return index
    raise _fail("no_header")


def read_table(data: bytes, *, max_rows: int = 200_000) -> Table:
    """The header and rows of the first non-empty sheet (or the CSV text) in `data`."""
    if not data:
        raise _fail("empty")
    kind = sniff_kind(data)
    if kind is None:
        raise _fail("unreadable")
    try:
        rows = _raw_rows(data, kind)
    except (csv.Error, UnicodeError):
        raise _fail("unreadable") from None
    if not rows:
        raise _fail("empty")
    header_index = _find_header(rows)
    width = len(rows[header_index])
    headers = [_cell_text(cell) for cell in rows[header_index]]
    while headers and not headers[-1]:
        headers.pop()
    body: list[tuple[int, list[object]]] = []
    for index in range(header_index + 1, len(rows)):
        row = list(rows[index])
        if not any(_cell_text(cell) for cell in row):
            continue
        if len(row) < width:
            row.extend([""] * (width - len(row)))
        body.append((index + 1, row))
    if len(body) > max_rows:
        raise _fail("too_many_rows", count=counted(ROWS, len(body)), max=counted(ROWS, max_rows))
    if not body:
        raise _fail("no_rows")
    return Table(headers=headers, header_row=header_index + 1, rows=body, kind=kind)


def iter_records(table: Table, mapping: dict[int, str]) -> Iterator[tuple[int, dict[str, object]]]:
    """(row number, {field: cell}) for each row, by the column → field mapping."""
    used = [(index, name) for index, name in mapping.items() if name]
    for number, row in table.rows:
        yield number, {name: row[index] if index < len(row) else "" for index, name in used}
