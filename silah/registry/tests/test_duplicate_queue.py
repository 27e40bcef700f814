"""The duplicate-review screens: who may use them, compare, merge, different, scan, export."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from python_calamine import CalamineWorkbook

from silah.accounts.factories import UserFactory
from silah.audit.queries import reads_of
from silah.registry.factories import BeneficiaryFactory
from silah.registry.merge import resolve_file_number
from silah.registry.models import (
    DuplicateCandidate,
    DuplicateScan,
    DuplicateSource,
    DuplicateStatus,
    MergeRecord,
)
from silah.registry.views_duplicates import EXPORT_HEADERS

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def candidate():
    a, b = BeneficiaryFactory(import_file="قائمة 2025.xlsx", import_row=14), BeneficiaryFactory()
    first, second = sorted((a, b), key=lambda x: x.pk)
    return DuplicateCandidate.objects.create(
        first=first,
        second=second,
        score=0.987,
        match_weight=9.4,
        source=DuplicateSource.SCAN,
        explanation=[
            {"key": "first_name", "label": "الاسم الأول", "level": "متطابق", "weight": 4.1},
            {"key": "sex", "label": "الجنس", "level": "مختلف", "weight": -3.5},
        ],
    )


@pytest.fixture
def manager_client(manager):
    return client_for(manager)


def urls(candidate) -> list[str]:
    return [
        reverse("registry:duplicates"),
        reverse("registry:duplicate_compare", args=[candidate.pk]),
        reverse("registry:duplicate_merge", args=[candidate.pk]),
        reverse("registry:duplicate_different", args=[candidate.pk]),
        reverse("registry:duplicate_scan_start"),
        reverse("registry:duplicates_export", args=["csv"]),
    ]


@pytest.mark.parametrize(
    "role",
    [
        "relations_officer",
        "social_researcher",
        "liaison_officer",
        "administrator",
        "hr",
        "board_member",
    ],
)
def test_only_the_manager_reaches_the_duplicate_screens(candidate, branch, role):
    user = UserFactory(roles=[role], branches=[branch])
    client = client_for(user)
    for url in urls(candidate):
        assert client.get(url).status_code == 403, url


def test_an_anonymous_visitor_is_sent_to_log_in(candidate):
    response = Client().get(reverse("registry:duplicates"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_queue_lists_open_pairs_by_score(manager_client, candidate):
    lower = DuplicateCandidate.objects.create(
        first=BeneficiaryFactory(), second=BeneficiaryFactory(), score=0.96, source="import"
    )
    DuplicateCandidate.objects.create(
        first=BeneficiaryFactory(),
        second=BeneficiaryFactory(),
        score=0.99,
        source="scan",
        status=DuplicateStatus.DIFFERENT,
    )
    response = manager_client.get(reverse("registry:duplicates"))
    assert list(response.context["page"].object_list) == [candidate, lower]


def test_the_queue_filters_by_source_and_status(manager_client, candidate):
    response = manager_client.get(reverse("registry:duplicates"), {"source": "import"})
    assert list(response.context["page"].object_list) == []
    response = manager_client.get(
        reverse("registry:duplicates"), {"status": "open", "source": "scan"}
    )
    assert list(response.context["page"].object_list) == [candidate]


def test_the_queue_shows_no_names(manager_client, candidate):
    response = manager_client.get(reverse("registry:duplicates"))
    assert candidate.first.file_number in response.content.decode()
    assert candidate.first.first_name not in response.content.decode()


def test_comparing_shows_each_weight_and_logs_both_reads(manager, manager_client, candidate):
    response = manager_client.get(reverse("registry:duplicate_compare", args=[candidate.pk]))
    html = response.content.decode()
    assert "الاسم الأول" in html and "4.1" in html and "-3.5" in html
    assert "قائمة 2025.xlsx" in html
    for beneficiary in (candidate.first, candidate.second):
        assert [(r.user, r.what) for r in reads_of(beneficiary)] == [(manager, "duplicates")]


def test_an_unknown_candidate_is_a_404(manager_client):
    assert manager_client.get(reverse("registry:duplicate_compare", args=[999])).status_code == 404


def test_merging_from_the_screen(manager_client, candidate):
    url = reverse("registry:duplicate_merge", args=[candidate.pk])
    response = manager_client.post(
        url, {"survivor": "second", "reason": "الشخص نفسه", "confirm": "on"}
    )
    assert response.status_code == 302
    assert resolve_file_number(candidate.first.file_number) == candidate.second
    candidate.refresh_from_db()
    assert candidate.status == DuplicateStatus.MERGED


def test_a_merge_without_confirmation_shows_the_error_and_changes_nothing(
    manager_client, candidate
):
    url = reverse("registry:duplicate_merge", args=[candidate.pk])
    response = manager_client.post(url, {"survivor": "first", "reason": "الشخص نفسه"})
    assert response.status_code == 200
    assert "أكّد أن الملفين لشخص واحد" in response.content.decode()
    assert not MergeRecord.objects.exists()


def test_a_refused_merge_shows_the_rule_at_its_field(manager, manager_client, candidate):
    from silah.registry.services import create_household

    create_household(candidate.first, actor=manager)
    create_household(candidate.second, actor=manager)
    url = reverse("registry:duplicate_merge", args=[candidate.pk])
    response = manager_client.post(url, {"survivor": "first", "reason": "x", "confirm": "on"})
    assert response.status_code == 200
    assert "في أسرة مختلفة" in response.content.decode()
    assert not MergeRecord.objects.exists()


def test_marking_different_from_the_screen(manager_client, candidate):
    url = reverse("registry:duplicate_different", args=[candidate.pk])
    response = manager_client.post(url, {"reason": "أختان"})
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert (candidate.status, candidate.decision_reason) == (DuplicateStatus.DIFFERENT, "أختان")


def test_a_decided_pair_cannot_be_decided_again(manager_client, candidate):
    DuplicateCandidate.objects.filter(pk=candidate.pk).update(status=DuplicateStatus.DIFFERENT)
    url = reverse("registry:duplicate_merge", args=[candidate.pk])
    response = manager_client.post(url, {"survivor": "first", "reason": "x", "confirm": "on"})
    assert response.status_code == 302
    assert not MergeRecord.objects.exists()


def test_starting_a_scan_shows_its_progress(manager_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse("registry:duplicate_scan_start"), {})
    scan = DuplicateScan.objects.get()
    assert response["Location"] == reverse("registry:duplicate_scan", args=[scan.pk])
    page = manager_client.get(response["Location"])
    assert page.context["scan"].state == DuplicateScan.State.DONE
    fragment = manager_client.get(response["Location"], headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="scan-progress"')


def test_a_running_scan_polls_until_it_ends(manager, manager_client):
    scan = DuplicateScan.objects.create(started_by=manager, state=DuplicateScan.State.RUNNING)
    html = manager_client.get(reverse("registry:duplicate_scan", args=[scan.pk])).content.decode()
    assert "hx-get" in html
    response = manager_client.post(reverse("registry:duplicate_scan_start"), {})
    assert response.status_code == 200
    assert DuplicateScan.objects.count() == 1


def test_the_csv_export_has_both_numbers_their_sources_and_the_score(manager_client, candidate):
    response = manager_client.get(reverse("registry:duplicates_export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == EXPORT_HEADERS
    first = rows[1]
    assert first[0] == candidate.first.file_number and first[2] == candidate.second.file_number
    sources = {first[1], first[3]}
    assert any("قائمة 2025.xlsx" in s and "14" in s for s in sources)
    assert first[4] == "0.987"


def test_the_excel_export_has_the_same_columns(manager_client, candidate):
    response = manager_client.get(reverse("registry:duplicates_export", args=["xlsx"]))
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    rows = sheet.to_python()
    assert rows[0] == EXPORT_HEADERS
    assert rows[1][0] == candidate.first.file_number
    assert rows[1][4] == pytest.approx(0.987)


def test_an_unknown_export_format_is_a_404(manager_client):
    assert (
        manager_client.get(reverse("registry:duplicates_export", args=["pdf"])).status_code == 404
    )
