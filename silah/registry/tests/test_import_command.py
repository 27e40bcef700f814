"""`silah import-beneficiaries`: the report's format, dry runs, valid-only and exit codes."""

import csv
import io

import pytest
from django.core.management import call_command

from silah.accounts.factories import UserFactory
from silah.registry.factories import national_id
from silah.registry.models import Beneficiary, ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(branch):
    return UserFactory(username="importer", roles=["manager"], branches=[branch])


def _sheet(tmp_path, *lines):
    path = tmp_path / "sheet.csv"
    path.write_text("\n".join(["الاسم,رقم الهوية,الجنس,الجوال", *lines]) + "\n", encoding="utf-8")
    return path


def _call(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("import-beneficiaries", *args, stdout=out, stderr=err)
    except SystemExit as exit_:
        code = exit_.code
    return code, list(csv.reader(io.StringIO(out.getvalue()))), err.getvalue()


GOOD = "أحمد محمد علي الحربي,{},ذكر,0501234567"
BAD = "سعد,1000000000,ذكر,0521234567"


def test_dry_run_reports_every_row_and_saves_nothing(tmp_path, importer):
    number = national_id()
    path = _sheet(tmp_path, GOOD.format(number), GOOD.format(number))
    code, rows, _err = _call(str(path), "--dry-run", "--as", "importer")
    assert code == 0
    assert rows[0] == ["row", "status", "column", "message", "duplicate_of", "file_number"]
    assert rows[1][:2] == ["2", "ok"]
    assert rows[2][:2] == ["3", "duplicate"] and rows[2][4] == "2"
    assert Beneficiary.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_one_line_per_further_error_and_a_non_zero_exit(tmp_path, importer):
    path = _sheet(tmp_path, GOOD.format(national_id()), BAD)
    code, rows, _err = _call(str(path), "--as", "importer")
    assert code == 1
    errors = [row for row in rows[1:] if row[1] == "error"]
    assert [(row[0], row[2]) for row in errors] == [
        ("3", "الاسم"),
        ("3", "الاسم"),
        ("3", "رقم الهوية"),
        ("3", "الجوال"),
    ]
    assert errors[0][3].startswith("اسم الأب")
    assert Beneficiary.objects.count() == 0  # all or none


def test_valid_only_imports_the_good_rows_and_still_exits_non_zero(tmp_path, importer):
    path = _sheet(tmp_path, GOOD.format(national_id()), BAD)
    report = tmp_path / "out.csv"
    code, _rows, _err = _call(
        str(path), "--valid-only", "--report", str(report), "--as", "importer"
    )
    assert code == 1
    rows = list(csv.reader(report.open(encoding="utf-8-sig")))
    person = Beneficiary.objects.get()
    assert rows[1] == ["2", "ok", "", "", "", person.file_number]
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.imported_rows, batch.mode) == ("imported", 1, "valid_only")
    assert person.import_rows.get().batch == batch
    assert not batch.file  # the uploaded copy is deleted once imported


def test_an_import_without_errors_exits_zero(tmp_path, importer):
    path = _sheet(tmp_path, GOOD.format(national_id()))
    code, rows, _err = _call(str(path), "--as", "importer")
    assert code == 0
    assert rows[1][5] == Beneficiary.objects.get().file_number


def test_an_unreadable_file_exits_two(tmp_path, importer):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, _rows, err = _call(str(path), "--as", "importer")
    assert code == 2
    assert "Excel" in err
