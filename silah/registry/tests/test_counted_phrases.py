"""Counted phrases on the registry's screens take the Arabic form of their number
(silah.core.counting): 1, 2, 3–10, 11–99 and 100 each read differently."""

import datetime as dt

import pytest
from django.core.paginator import Paginator

from silah.core.clock import ClockState
from silah.core.errors import DomainError
from silah.registry import retention, validation
from silah.registry.breaches import NoticeStatus
from silah.registry.factories import BeneficiaryFactory
from silah.registry.import_parse import read_table
from silah.registry.models import DuplicateScan, ImportBatch, RetentionRule
from silah.registry.views_documents import _expired_line
from silah.registry.views_list import _files_line, _results_line

COUNTS = (1, 2, 3, 11, 100)
DEADLINE = dt.datetime(2026, 3, 15, 18, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("hours", "late", "left"),
    [
        (1, "متأخر: ساعة واحدة", "باقٍ: ساعة واحدة"),
        (2, "متأخر: ساعتان", "باقٍ: ساعتان"),
        (3, "متأخر: 3 ساعات", "باقٍ: 3 ساعات"),
        (11, "متأخر: 11 ساعة", "باقٍ: 11 ساعة"),
        (100, "متأخر: 100 ساعة", "باقٍ: 100 ساعة"),
    ],
)
def test_the_breach_notice_counts_its_hours_in_arabic(hours, late, left):
    assert NoticeStatus(ClockState.LATE, DEADLINE, hours_late=hours).label == late
    assert NoticeStatus(ClockState.ON_TIME, DEADLINE, hours_left=hours).label == left


def test_a_breach_notice_missed_by_two_hours_says_so_with_the_dual():
    status = NoticeStatus(ClockState.MISSED, DEADLINE, hours_late=2)
    assert status.label == "أُشعرت الهيئة متأخرًا، والتأخير: ساعتان"


def test_the_last_minutes_of_a_breach_notice_read_less_than_an_hour():
    assert NoticeStatus(ClockState.AT_RISK, DEADLINE, hours_left=0).label == "باقٍ: أقل من ساعة"


@pytest.mark.parametrize(
    ("rows", "limit", "text"),
    [
        (2, 1, "في الملف سطران، والحد الأعلى سطر واحد"),
        (3, 2, "في الملف 3 أسطر، والحد الأعلى سطران"),
        (11, 3, "في الملف 11 سطرًا، والحد الأعلى 3 أسطر"),
        (101, 100, "في الملف 101 سطر، والحد الأعلى 100 سطر"),
        (111, 11, "في الملف 111 سطرًا، والحد الأعلى 11 سطرًا"),
    ],
)
def test_a_sheet_with_too_many_rows_counts_them_in_arabic(rows, limit, text):
    data = ("الاسم,رقم الهوية\n" + "أحمد,1000000001\n" * rows).encode()
    with pytest.raises(DomainError) as refused:
        read_table(data, max_rows=limit)
    assert refused.value.message.startswith(text)


@pytest.mark.parametrize(
    ("field", "limit", "text"),
    [
        ("first_name", 60, "60 حرفًا"),
        ("latin_name", 200, "200 حرف"),
        ("identity_reason", 300, "300 حرف"),
        ("street", 120, "120 حرفًا"),
    ],
)
def test_a_field_too_long_states_its_limit_in_arabic(field, limit, text):
    with pytest.raises(DomainError) as refused:
        validation._text(field, "ا" * (limit + 1))
    assert refused.value.message == f"النص أطول من المسموح، والحد الأعلى: {text}."


@pytest.mark.django_db
def test_a_retention_period_out_of_range_states_both_limits_in_arabic(manager):
    with pytest.raises(DomainError) as refused:
        retention.set_rule(RetentionRule.Kind.READ_LOG, actor=manager, keep_days=10, enabled=True)
    assert refused.value.message == "أقصر مدة للاحتفاظ: 365 يوما، وأطولها: 36500 يوم."


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (1, "مدة الاحتفاظ بعد الأرشفة: يوم واحد"),
        (2, "مدة الاحتفاظ بعد الأرشفة: يومان"),
        (3, "مدة الاحتفاظ بعد الأرشفة: 3 أيام"),
        (11, "مدة الاحتفاظ بعد الأرشفة: 11 يوما"),
        (1000, "مدة الاحتفاظ بعد الأرشفة: 1000 يوم"),
    ],
)
def test_the_retention_basis_of_a_destruction_counts_its_days(days, text):
    assert retention._retention_note(days) == text


@pytest.mark.parametrize(
    ("count", "files", "pairs"),
    [
        (1, "ملف واحد", "زوج واحد"),
        (2, "ملفان", "زوجان"),
        (3, "3 ملفات", "3 أزواج"),
        (11, "11 ملفًا", "11 زوجًا"),
        (100, "100 ملف", "100 زوج"),
    ],
)
def test_a_finished_duplicate_scan_counts_files_and_pairs_in_arabic(count, files, pairs):
    scan = DuplicateScan(records=count, pairs=count, added=count)
    assert scan.summary == (
        f"اكتمل الفحص. الملفات المفحوصة: {files}. الأزواج المحتمل تكرارها: {pairs}، "
        f"أُضيف منها إلى قائمة المراجعة: {pairs}."
    )


@pytest.mark.parametrize(
    ("count", "files", "households", "rows"),
    [
        (1, "ملف واحد", "أسرة واحدة", "سطر واحد"),
        (2, "ملفان", "أسرتان", "سطران"),
        (3, "3 ملفات", "3 أسر", "3 أسطر"),
        (11, "11 ملفًا", "11 أسرة", "11 سطرًا"),
        (100, "100 ملف", "100 أسرة", "100 سطر"),
    ],
)
def test_an_import_counts_its_rows_files_and_households_in_arabic(count, files, households, rows):
    batch = ImportBatch(total_rows=count, imported_rows=count, households_created=count)
    assert batch.rows_found == rows
    assert batch.import_summary == (
        f"اكتمل الاستيراد. الملفات المنشأة: {files}، والأسر المنشأة: {households}."
    )


def test_an_import_that_created_no_household_says_so_in_words():
    batch = ImportBatch(imported_rows=2, households_created=0)
    assert (
        batch.import_summary == "اكتمل الاستيراد. الملفات المنشأة: ملفان، والأسر المنشأة: لا أسر."
    )


@pytest.mark.parametrize(
    ("count", "files", "results", "documents"),
    [
        (1, "ملف واحد.", "نتائج البحث: نتيجة واحدة، الأقرب أولًا.", None),
        (2, "ملفان.", "نتائج البحث: نتيجتان، الأقرب أولًا.", "وثيقتان"),
        (3, "3 ملفات.", "نتائج البحث: 3 نتائج، الأقرب أولًا.", "3 وثائق"),
        (11, "11 ملفًا.", "نتائج البحث: 11 نتيجة، الأقرب أولًا.", "11 وثيقة"),
        (100, "100 ملف.", "نتائج البحث: 100 نتيجة، الأقرب أولًا.", "100 وثيقة"),
    ],
)
def test_the_list_and_documents_tab_count_in_arabic(count, files, results, documents):
    assert _files_line(Paginator(range(count), 25).get_page(1)) == files
    assert _results_line(list(range(count))) == results
    expected = (
        "وثيقة واحدة انتهت صلاحيتها: اطلب من المستفيد نسخة سارية."
        if documents is None
        else f"وثائق انتهت صلاحيتها: {documents}. اطلب من المستفيد نسخًا سارية."
    )
    assert _expired_line(count) == expected


@pytest.mark.django_db
def test_the_list_page_counts_two_files_with_the_dual(client, officer, branch):
    BeneficiaryFactory.create_batch(2, branch=branch)
    client.force_login(officer)
    page = client.get("/beneficiaries/").content.decode()
    assert "ملفان." in page
