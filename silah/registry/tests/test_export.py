"""The filtered list exported to Excel: the right rows, Arabic headers, dates as dates, and
each exported file recorded in the read log."""

import datetime as dt
import io

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.registry.factories import BeneficiaryFactory, category

pytestmark = pytest.mark.django_db

EXPORT = "/beneficiaries/export/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sheet(response) -> list[list]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    return book.get_sheet_by_index(0).to_python()


def test_the_export_has_the_filtered_rows_with_arabic_headers_and_dates(manager):
    orphan = BeneficiaryFactory(
        categories=[category("orphan")], birth_date=dt.date(2015, 3, 4), mobile="+966501112222"
    )
    BeneficiaryFactory(categories=[category("widow")])
    response = client_for(manager).post(EXPORT, {"category": category("orphan").pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = sheet(response)
    header = rows[0]
    assert header[0] == "رقم الملف" and "تاريخ الميلاد" in header
    assert len(rows) == 2
    row = dict(zip(header, rows[1], strict=False))
    assert row["رقم الملف"] == orphan.file_number
    assert row["رقم الهوية"] == orphan.identity_number  # text, not a number
    assert row["رقم الجوال"] == "+966501112222"
    assert row["تاريخ الميلاد"] in (dt.date(2015, 3, 4), dt.datetime(2015, 3, 4))
    assert row["الفئات"] == "يتيم"


def test_the_export_is_logged_as_a_read_of_each_exported_file(manager):
    exported = [BeneficiaryFactory() for _ in range(3)]
    client_for(manager).post(EXPORT)
    logged = AccessLog.objects.filter(channel="export", what="export")
    assert sorted(int(row.object_id) for row in logged) == sorted(b.pk for b in exported)


def test_the_export_holds_only_the_users_files(officer, branch, other_branch):
    mine = BeneficiaryFactory(branch=branch)
    BeneficiaryFactory(branch=other_branch)
    rows = sheet(client_for(officer).post(EXPORT))
    assert [r[0] for r in rows[1:]] == [mine.file_number]


def test_the_export_of_a_search_holds_its_results(manager):
    wanted = BeneficiaryFactory()
    BeneficiaryFactory()
    rows = sheet(client_for(manager).post(EXPORT, {"q": wanted.identity_number}))
    assert [r[0] for r in rows[1:]] == [wanted.file_number]


def test_hr_exports_an_empty_sheet(branch):
    hr = UserFactory(username="hr", roles=["hr"], branches=[branch])
    BeneficiaryFactory(branch=branch)
    rows = sheet(client_for(hr).post(EXPORT))
    assert len(rows) == 1
    assert not AccessLog.objects.exists()


def test_the_export_is_not_served_by_get(manager):
    assert client_for(manager).get(EXPORT).status_code == 405
