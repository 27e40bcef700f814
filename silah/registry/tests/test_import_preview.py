"""The preview: every row's outcome (ok, error with row and column, duplicate) before saving."""

import pytest

from silah.registry.factories import BeneficiaryFactory, national_id
from silah.registry.import_parse import guess_mapping, read_table
from silah.registry.importing import ImportOptions, analyse
from silah.registry.models import Beneficiary

pytestmark = pytest.mark.django_db


def _csv(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _analyse(data: bytes, branch):
    table = read_table(data)
    return analyse(table, guess_mapping(table.headers), ImportOptions(branch, "test.csv"))


def test_a_valid_row_is_ok_and_nothing_is_saved(branch):
    number = national_id()
    result = _analyse(
        _csv("الاسم,رقم الهوية,الجنس,الجوال", f"أحمد محمد عبد الله الحربي,{number},ذكر,0501234567"),
        branch,
    )
    [row] = result.outcomes
    assert (row.row, row.status, row.errors) == (2, "ok", [])
    assert row.values["first_name"] == "أحمد"
    assert row.values["grandfather_name"] == "عبد الله"
    assert row.values["identity_type"] == "national_id"
    assert row.values["mobile"] == "+966501234567"
    assert Beneficiary.objects.count() == 0


def test_each_error_is_reported_with_its_row_and_column(branch):
    result = _analyse(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال",
            f"أحمد محمد عبد الله الحربي,{national_id()},ذكر,0501234567",
            "سارة علي الزهراني,1000000000,أنثى,0521234567",
        ),
        branch,
    )
    row = result.outcomes[1]
    assert row.row == 3
    assert row.status == "error"
    columns = [issue.column for issue in row.errors]
    assert columns == ["رقم الهوية", "الجوال"]
    assert "الرقم الأخير" in row.errors[0].message


def test_an_identity_number_twice_in_the_file_is_a_duplicate_of_the_earlier_row(branch):
    number = national_id()
    result = _analyse(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال",
            f"أحمد محمد علي الحربي,{number},ذكر,0501234567",
            f"أحمد محمد علي الحربي,{number},ذكر,0501234567",
        ),
        branch,
    )
    first, second = result.outcomes
    assert first.status == "ok"
    assert (second.status, second.duplicate_of_row) == ("duplicate", 2)


def test_an_existing_identity_number_is_a_duplicate_of_that_file(branch):
    existing = BeneficiaryFactory()
    result = _analyse(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال",
            f"فاطمة علي حسن الزهراني,{existing.identity_number},أنثى,0501234567",
        ),
        branch,
    )
    [row] = result.outcomes
    assert (row.status, row.duplicate_of_file) == ("duplicate", existing.file_number)


def test_several_errors_of_one_row_are_all_reported(branch):
    result = _analyse(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال,تاريخ الميلاد,البريد",
            f"سعد,{national_id()},غير معروف,0521234567,1499/13/40,not-an-email",
        ),
        branch,
    )
    [row] = result.outcomes
    columns = [issue.column for issue in row.errors]
    assert row.status == "error"
    assert set(columns) == {"الاسم", "الجنس", "الجوال", "تاريخ الميلاد", "البريد"}
    assert all(issue.message for issue in row.errors)


def test_hijri_and_gregorian_birth_dates_are_read(branch):
    result = _analyse(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال,تاريخ الميلاد",
            f"أحمد محمد علي الحربي,{national_id()},ذكر,0501234567,1410/05/20هـ",
            f"سارة محمد علي الحربي,{national_id()},F,0501234567,15/01/1990",
        ),
        branch,
    )
    first, second = result.outcomes
    assert first.values["birth_date"].year == 1989
    assert str(second.values["birth_date"]) == "1990-01-15"
    assert second.values["sex"] == "female"


def test_a_row_without_identity_needs_the_reason_as_the_form_does(branch):
    result = _analyse(
        _csv("الاسم,رقم الهوية,الجنس,الجوال", "أحمد محمد علي الحربي,,ذكر,0501234567"), branch
    )
    [row] = result.outcomes
    assert row.status == "error"
    assert [issue.column for issue in row.errors] == ["رقم الهوية"]


def test_same_name_and_birth_date_without_ids_is_a_possible_duplicate(branch):
    line = "أحمد محمد علي الحربي,بدون,لا يملك هوية,ذكر,0501234567,1990/01/15"
    result = _analyse(
        _csv("الاسم,نوع الهوية,سبب عدم وجود هوية,الجنس,الجوال,تاريخ الميلاد", line, line),
        branch,
    )
    first, second = result.outcomes
    assert first.status == "ok"
    assert second.status == "possible_duplicate"
    assert second.candidates == ["السطر 2"]


def test_unknown_branch_and_category_are_errors_at_their_columns(branch):
    result = _analyse(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال,الفرع,الفئة",
            f"أحمد محمد علي الحربي,{national_id()},ذكر,0501234567,فرع المريخ,فئة خيالية",
        ),
        branch,
    )
    [row] = result.outcomes
    assert [issue.column for issue in row.errors] == ["الفرع", "الفئة"]


def test_progress_is_reported_as_rows_are_checked(branch, monkeypatch):
    from silah.registry import importing

    monkeypatch.setattr(importing, "PROGRESS_EVERY", 1)
    seen = []
    table = read_table(
        _csv(
            "الاسم,رقم الهوية,الجنس,الجوال",
            *[f"أحمد محمد علي الحربي,{national_id()},ذكر,0501234567" for _ in range(3)],
        )
    )
    analyse(
        table,
        guess_mapping(table.headers),
        ImportOptions(branch, "t.csv"),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen[:3] == [(1, 3), (2, 3), (3, 3)]
