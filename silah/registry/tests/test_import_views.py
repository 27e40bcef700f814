"""The import screens: upload, mapping, preview (nothing saved), explicit import, report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from silah.accounts.factories import UserFactory
from silah.registry.factories import national_id
from silah.registry.models import Beneficiary, ImportBatch

pytestmark = pytest.mark.django_db


def _sheet(*lines):
    text = "\n".join(["الاسم,رقم الهوية,الجنس,الجوال,ملاحظات", *lines]) + "\n"
    return SimpleUploadedFile("sheet.csv", text.encode("utf-8"), content_type="text/csv")


GOOD = "أحمد محمد علي الحربي,{},ذكر,0501234567,"
BAD = "سعد,1000000000,ذكر,0521234567,"


@pytest.fixture
def logged_in(client, officer):
    client.force_login(officer)
    return client


def _upload_and_map(client, branch, capture, *lines):
    with capture(execute=True):
        response = client.post(
            "/beneficiaries/import/", {"file": _sheet(*lines), "branch": branch.pk}
        )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert batch.status == "mapping"
    with capture(execute=True):
        client.post(
            f"/beneficiaries/import/{batch.pk}/mapping/",
            {
                "column_0": "full_name",
                "column_1": "identity_number",
                "column_2": "sex",
                "column_3": "mobile",
                "column_4": "",
            },
        )
    batch.refresh_from_db()
    return batch


def test_the_preview_shows_each_row_and_saves_nothing(
    logged_in, branch, django_capture_on_commit_callbacks
):
    batch = _upload_and_map(
        logged_in, branch, django_capture_on_commit_callbacks, GOOD.format(national_id()), BAD
    )
    assert (batch.status, batch.ok_rows, batch.error_rows) == ("previewed", 1, 1)
    page = logged_in.get(f"/beneficiaries/import/{batch.pk}/?status=error").content.decode()
    assert "الأسطر السليمة فقط" in page
    assert "رقم الهوية" in page
    assert Beneficiary.objects.count() == 0


def test_import_all_is_refused_while_rows_have_errors(
    logged_in, branch, django_capture_on_commit_callbacks
):
    batch = _upload_and_map(
        logged_in, branch, django_capture_on_commit_callbacks, GOOD.format(national_id()), BAD
    )
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(f"/beneficiaries/import/{batch.pk}/run/", {"mode": "all"})
    batch.refresh_from_db()
    assert batch.status == "previewed"
    assert Beneficiary.objects.count() == 0


def test_valid_only_when_asked_imports_the_good_rows(
    logged_in, branch, django_capture_on_commit_callbacks
):
    batch = _upload_and_map(
        logged_in, branch, django_capture_on_commit_callbacks, GOOD.format(national_id()), BAD
    )
    with django_capture_on_commit_callbacks(execute=True):
        logged_in.post(f"/beneficiaries/import/{batch.pk}/run/", {"mode": "valid_only"})
    batch.refresh_from_db()
    assert (batch.status, batch.imported_rows) == ("imported", 1)
    person = Beneficiary.objects.get()
    report = logged_in.get(f"/beneficiaries/import/{batch.pk}/report.csv").content.decode(
        "utf-8-sig"
    )
    lines = report.splitlines()
    assert lines[0] == "row,status,column,message,duplicate_of,file_number"
    assert lines[1] == f"2,ok,,,,{person.file_number}"
    assert lines[2].startswith("3,error,الاسم,")


def test_an_upload_that_is_not_a_sheet_gets_an_arabic_error(logged_in, branch):
    image = SimpleUploadedFile("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00", content_type="text/csv")
    response = logged_in.post("/beneficiaries/import/", {"file": image, "branch": branch.pk})
    assert response.status_code == 200
    assert "ليس ملف Excel" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_a_batch_is_not_seen_by_another_officer(
    logged_in, client, branch, django_capture_on_commit_callbacks
):
    batch = _upload_and_map(
        logged_in, branch, django_capture_on_commit_callbacks, GOOD.format(national_id())
    )
    other = UserFactory(username="other_officer", roles=["relations_officer"], branches=[branch])
    client.force_login(other)
    assert client.get(f"/beneficiaries/import/{batch.pk}/").status_code == 404


def test_staff_without_the_import_permission_are_refused(client):
    client.force_login(UserFactory(username="researcher", roles=["social_researcher"]))
    assert client.get("/beneficiaries/import/").status_code == 403


def test_the_template_is_an_excel_file_with_recognised_headers(logged_in):
    from silah.registry.import_parse import guess_mapping, read_table

    response = logged_in.get("/beneficiaries/import/template.xlsx")
    table = read_table(response.content)
    assert len(guess_mapping(table.headers)) == len(table.headers)


def test_progress_is_shown_while_the_worker_checks_rows(logged_in, officer, branch):
    batch = ImportBatch.objects.create(
        original_name="big.xlsx",
        uploaded_by=officer,
        branch=branch,
        status="previewing",
        progress_done=2500,
        progress_total=10000,
    )
    page = logged_in.get(f"/beneficiaries/import/{batch.pk}/progress/").content.decode()
    assert 'aria-valuenow="25"' in page
    assert "hx-get" in page
