"""Merged tombstones and destroyed shells are not anyone's file any more: they are left out of
the list, search, export, likely duplicates and segments; a merged file's old URL and old file
number lead to the survivor."""

import io

import pytest
from django.test import Client
from python_calamine import CalamineWorkbook

from silah.accounts.factories import UserFactory
from silah.core.identity import IdentityType
from silah.messaging import announcements
from silah.messaging.models import Announcement
from silah.registry import access, importing, privacy, queries_list, services
from silah.registry.factories import registration_fields
from silah.registry.merge import merge_beneficiaries
from silah.registry.models import (
    Beneficiary,
    DestructionRecord,
    DuplicateStatus,
    PrivacyRequest,
    Status,
)
from silah.registry.validation import clean_beneficiary_fields

pytestmark = pytest.mark.django_db

LIST = "/beneficiaries/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def files(manager, branch):
    """A survivor, a file merged into it (no ID, its own mobile), a destroyed file, and an
    unrelated living file; all active in `branch`."""
    survivor = services.register_beneficiary(
        actor=manager,
        **registration_fields(
            first_name="فاطمة",
            father_name="علي",
            grandfather_name="حسن",
            family_name="الزهراني",
            sex="female",
            mobile="0501111111",
            branch=branch,
        ),
    )
    merged = services.register_beneficiary(
        actor=manager,
        reason="اختبار",
        **registration_fields(
            first_name="فاطمه",
            father_name="علي",
            grandfather_name="",
            family_name="الزهراني",
            sex="female",
            identity_type=IdentityType.NONE,
            identity_number="",
            identity_reason="لا تحمل هوية",
            mobile="0502222222",
            mobile_2="0503333333",
            branch=branch,
        ),
    )
    destroyed = services.register_beneficiary(
        actor=manager,
        **registration_fields(first_name="سارة", mobile="0504444444", branch=branch),
    )
    other = services.register_beneficiary(
        actor=manager, **registration_fields(first_name="نورة", mobile="0505555555", branch=branch)
    )
    for person in (survivor, merged, destroyed, other):
        services.change_status(person, to=Status.ACTIVE, reason="مكتمل", actor=manager)
    merge_beneficiaries(survivor, merged, actor=manager, reason="الشخص نفسه")
    privacy.destroy_beneficiary(destroyed, actor=manager, basis=DestructionRecord.Basis.RETENTION)
    for person in (survivor, merged, destroyed, other):
        person.refresh_from_db()
    return {"survivor": survivor, "merged": merged, "destroyed": destroyed, "other": other}


def test_live_leaves_out_merged_and_destroyed_files(files):
    live = set(Beneficiary.objects.live())
    assert live == {files["survivor"], files["other"]}
    assert set(Beneficiary.objects.closed()) == {files["merged"], files["destroyed"]}


def test_the_access_getters_return_live_files_only(manager, files):
    assert set(access.beneficiaries_for(manager)) == {files["survivor"], files["other"]}
    assert set(access.beneficiaries_for(manager, include_closed=True)) == set(files.values())


def test_the_list_shows_neither_tombstones_nor_destroyed_files(manager, files):
    response = client_for(manager).get(LIST)
    shown = {row.pk for row in response.context["rows"]}
    assert shown == {files["survivor"].pk, files["other"].pk}


def test_searching_the_old_file_number_finds_the_survivor(manager, files):
    response = client_for(manager).post(LIST, {"q": files["merged"].file_number})
    assert [row.pk for row in response.context["results"]] == [files["survivor"].pk]


def test_searching_a_tombstones_own_mobile_does_not_find_the_tombstone(manager, files):
    # The tombstone keeps its second mobile; the survivor took only the first (it had one).
    response = client_for(manager).post(LIST, {"q": "0503333333"})
    assert files["merged"].pk not in [row.pk for row in response.context["results"]]


def test_the_export_leaves_out_closed_files(manager, files):
    response = client_for(manager).post("/beneficiaries/export/")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0)
    numbers = {row[0] for row in rows.to_python()[1:]}
    assert numbers == {files["survivor"].file_number, files["other"].file_number}


def test_likely_duplicates_never_propose_a_tombstone(files, branch):
    # Same name as the merged file and its own (not moved) mobile: only the tombstone
    # would match on the mobile.
    values = clean_beneficiary_fields(
        registration_fields(
            first_name="فاطمه",
            father_name="علي",
            grandfather_name="",
            family_name="الزهراني",
            sex="female",
            identity_type=IdentityType.NONE,
            identity_number="",
            identity_reason="لا تحمل هوية",
            mobile="0503333333",
            branch=branch,
        )
    )
    proposed = {c.beneficiary.pk for c in queries_list.duplicate_candidates(values)}
    assert files["merged"].pk not in proposed
    assert files["survivor"].pk in proposed
    assert files["merged"].file_number not in importing.likely_duplicate_files(values)


def test_segments_reach_live_files_only(files):
    reached = set(announcements.segment_queryset(Announcement.Segment.ALL_ACTIVE))
    assert reached == {files["survivor"], files["other"]}


def test_the_old_url_of_a_merged_file_leads_to_the_survivor(manager, files):
    client = client_for(manager)
    merged, survivor = files["merged"].pk, files["survivor"].pk
    response = client.get(f"/beneficiaries/{merged}/")
    assert response.status_code == 302
    assert response["Location"] == f"/beneficiaries/{survivor}/"
    response = client.get(f"/beneficiaries/{merged}/documents/")
    assert response["Location"] == f"/beneficiaries/{survivor}/documents/"
    assert client.get(f"/beneficiaries/{merged}/", follow=True).status_code == 200


def test_the_old_url_is_a_404_for_whoever_may_not_see_the_survivor(files, other_branch):
    outsider = UserFactory(roles=["relations_officer"], branches=[other_branch])
    assert client_for(outsider).get(f"/beneficiaries/{files['merged'].pk}/").status_code == 404


def test_a_post_to_a_merged_file_is_not_redirected(manager, files):
    response = client_for(manager).post(f"/beneficiaries/{files['merged'].pk}/edit/", {})
    assert response.status_code == 404


def test_a_destroyed_file_is_a_404(manager, files):
    assert client_for(manager).get(f"/beneficiaries/{files['destroyed'].pk}/").status_code == 404


def test_the_queue_still_lists_and_compares_the_merged_pair(manager, files):
    client = client_for(manager)
    response = client.get("/beneficiaries/duplicates/", {"status": DuplicateStatus.MERGED})
    candidates = list(response.context["page"].object_list)
    assert len(candidates) == 1
    assert client.get(f"/beneficiaries/duplicates/{candidates[0].pk}/").status_code == 200


def test_the_identity_holder_of_a_merged_file_is_its_survivor(manager, files):
    holder = queries_list.identity_holder(files["survivor"].identity_number)
    assert holder == files["survivor"]


def test_requests_about_a_destroyed_file_stay_listed(manager, files):
    request = PrivacyRequest.objects.create(
        beneficiary=files["destroyed"],
        reference="PDR-1448-000001",
        kind=PrivacyRequest.Kind.DESTROY,
        received_on="2026-01-01",
        channel=PrivacyRequest.Channel.IN_PERSON,
        verification=PrivacyRequest.Verification.IN_PERSON_ID,
        created_by=manager,
        verified_by=manager,
    )
    assert list(privacy.requests_for(manager)) == [request]
