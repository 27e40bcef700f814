"""Reading sheets: headers in Arabic and English, encodings, delimiters, name splitting."""

import datetime as dt
import io

import pytest
import xlsxwriter
from hypothesis import given
from hypothesis import strategies as st

from silah.core.errors import DomainError
from silah.registry import import_values as cells
from silah.registry.import_parse import (
    NameTooLong,
    cell_to_text,
    decode_text,
    guess_mapping,
    read_table,
    recognise_header,
    sniff_delimiter,
    split_full_name,
)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("الاسم", "full_name"),
        ("الاسم الرباعي", "full_name"),
        ("full_name", "full_name"),
        ("Full Name", "full_name"),
        ("الاسم الأول", "first_name"),
        ("الاسم الاول", "first_name"),
        ("رقم الهوية", "identity_number"),
        ("رقم الهويه", "identity_number"),
        ("ID Number", "identity_number"),
        ("السجل المدني", "identity_number"),
        ("نوع الهوية", "identity_type"),
        ("الجوال", "mobile"),
        ("رقم الجوال", "mobile"),
        ("Mobile", "mobile"),
        ("تاريخ الميلاد", "birth_date"),
        ("birth_date", "birth_date"),
        ("الجنس", "sex"),
        ("Gender", "sex"),
        ("المدينة", "city"),
        ("الحي", "district"),
        ("الجنسية", "nationality"),
        ("الحالة الاجتماعية", "marital_status"),
        ("البريد الإلكتروني", "email"),
        ("الفئة", "categories"),
        ("الفرع", "branch"),
        ("الأسرة", "household"),
        ("household", "household"),
        ("صلة القرابة", "relationship"),
        ("Relationship", "relationship"),
    ],
)
def test_common_headers_are_recognised(header, field):
    assert recognise_header(header) == field


def test_an_unknown_header_is_left_to_the_mapping_step():
    assert recognise_header("ملاحظات الباحث") is None
    assert guess_mapping(["الاسم", "ملاحظات", "الجوال"]) == {0: "full_name", 2: "mobile"}


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("محمد عبد الله سعد الحربي", ["محمد", "عبد الله", "سعد", "الحربي"]),
        ("أبو بكر عبد الرحمن علي آل سعود", ["أبو بكر", "عبد الرحمن", "علي", "آل سعود"]),
        ("نور الدين أحمد الشهري", ["نور الدين", "أحمد", "", "الشهري"]),
        ("فهد بن عبدالله بن محمد آل سعود", ["فهد", "عبدالله", "محمد", "آل سعود"]),
        ("عبدالعزيز بن عبدالله بن باز", ["عبدالعزيز", "عبدالله", "", "بن باز"]),
    ],
)
def test_a_one_column_name_is_split_in_four_keeping_compound_names(name, parts):
    split = split_full_name(name)
    assert [
        split["first_name"],
        split["father_name"],
        split["grandfather_name"],
        split["family_name"],
    ] == parts


def test_a_name_of_more_than_four_parts_is_refused_rather_than_cut():
    with pytest.raises(NameTooLong):
        split_full_name("محمد علي حسن سعد فهد الحربي")


_simple = st.sampled_from(["محمد", "أحمد", "سارة", "خالد", "نورة", "علي", "الحربي", "الزهراني"])


@given(st.lists(_simple, min_size=3, max_size=4))
def test_splitting_simple_names_keeps_every_part_in_order(words):
    split = split_full_name(" ".join(words))
    parts = [split[k] for k in ("first_name", "father_name", "grandfather_name", "family_name")]
    assert [p for p in parts if p] == words


@given(st.text(max_size=60))
def test_splitting_any_text_gives_only_words_of_that_text(text):
    try:
        split = split_full_name(text)
    except NameTooLong:
        return
    words = text.split()
    for value in split.values():
        assert all(word in words for word in value.split())
    assert split["first_name"] or not words


@given(st.text(max_size=40))
def test_value_parsers_raise_only_cell_errors(text):
    for convert in (cells.sex, cells.marital_status, cells.identity_type, cells.relationship):
        try:
            convert(text)
        except cells.CellError as error:
            assert error.message


@given(st.text(max_size=40))
def test_birth_date_parser_raises_only_cell_errors(text):
    try:
        value = cells.birth_date(text)
    except cells.CellError as error:
        assert error.message
    else:
        assert value is None or isinstance(value, dt.date)


HEADER_AR = "الاسم;رقم الهوية;الجوال\nأحمد محمد علي الحربي;1000000008;0501234567\n"


@pytest.mark.parametrize(
    "data",
    [
        HEADER_AR.encode("utf-8"),
        b"\xef\xbb\xbf" + HEADER_AR.encode("utf-8"),
        HEADER_AR.encode("cp1256"),
        HEADER_AR.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "windows-1256", "utf-16"],
)
def test_csv_encodings_are_read(data):
    table = read_table(data)
    assert table.headers == ["الاسم", "رقم الهوية", "الجوال"]
    assert table.rows == [(2, ["أحمد محمد علي الحربي", "1000000008", "0501234567"])]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed(delimiter):
    text = f"الاسم{delimiter}الجوال\nأحمد علي{delimiter}0501234567\n"
    assert sniff_delimiter(text) == delimiter


def test_decode_falls_back_to_windows_1256():
    assert decode_text("سارة".encode("cp1256")) == "سارة"


def _xlsx(rows):
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            else:
                sheet.write(r, c, value)
    workbook.close()
    return buffer.getvalue()


def test_an_xlsx_sheet_with_a_title_row_numbers_rows_as_excel_shows_them():
    data = _xlsx(
        [
            ["كشف المستفيدين 1447"],
            ["الاسم", "رقم الهوية", "الجوال", "تاريخ الميلاد"],
            ["أحمد محمد علي الحربي", 1000000008, 501234567, dt.date(1990, 1, 15)],
            [],
            ["سارة محمد علي الحربي", 1000000016, 501234567, "1410/05/20"],
        ]
    )
    table = read_table(data)
    assert table.kind == "xlsx"
    assert table.header_row == 2
    assert [number for number, _row in table.rows] == [3, 5]
    first = table.rows[0][1]
    assert cell_to_text(first[1]) == "1000000008"
    assert cells.birth_date(first[3]) == dt.date(1990, 1, 15)


def test_a_file_that_is_not_a_sheet_is_refused_with_an_arabic_message():
    with pytest.raises(DomainError) as error:
        read_table(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert error.value.field == "file"
    assert "Excel" in error.value.message


def test_a_sheet_without_known_headers_is_refused():
    with pytest.raises(DomainError):
        read_table(b"a,b\n1,2\n")
