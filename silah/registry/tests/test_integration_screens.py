"""How the registry's parts meet on the screens: overridden likely duplicates reach the review
queue, the file header's badges, and the links between the queue, the import and the files."""

import pytest
from django.test import Client

from silah.registry import services
from silah.registry.badges import attestation_badge, duplicate_badge, expired_documents_badge
from silah.registry.duplicates_on_save import record_overridden
from silah.registry.factories import BeneficiaryFactory, registration_fields
from silah.registry.merge import mark_different
from silah.registry.models import (
    Beneficiary,
    DuplicateCandidate,
    DuplicateSource,
    DuplicateStatus,
    ImportBatch,
    ImportRow,
    ImportRowStatus,
)
from silah.registry.queries_list import duplicate_candidates
from silah.registry.tests.test_views_edit import NEW, WITHOUT_ID, form_data
from silah.registry.validation import clean_beneficiary_fields

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def existing(officer, branch):
    return services.register_beneficiary(
        actor=officer, **registration_fields(branch=branch, mobile="0561234567")
    )


def test_an_overridden_likely_duplicate_waits_in_the_queue(officer, branch, existing):
    data = form_data(branch, **WITHOUT_ID, mobile="0561234567", confirm_different="on")
    assert client_for(officer).post(NEW, data).status_code == 302
    new = Beneficiary.objects.exclude(pk=existing.pk).get()
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.first_id, candidate.second_id) == (existing.pk, new.pk)
    assert candidate.source == DuplicateSource.ON_SAVE
    assert candidate.status == DuplicateStatus.OPEN
    assert candidate.score > 0
    keys = {row["key"] for row in candidate.explanation}
    assert "same_full_name" in keys
    # The explanation holds rule labels and weights, never a personal value.
    assert "0561234567" not in str(candidate.explanation)
    assert existing.first_name not in str(candidate.explanation)


def test_a_pair_marked_different_is_not_proposed_again_on_save(officer, branch, manager):
    first = services.register_beneficiary(
        actor=officer, **registration_fields(branch=branch, mobile="0561234567")
    )
    data = form_data(branch, **WITHOUT_ID, mobile="0561234567", confirm_different="on")
    client_for(officer).post(NEW, data)
    second = Beneficiary.objects.exclude(pk=first.pk).get()
    mark_different(first, second, actor=manager, reason="توأمان")
    values = {**registration_fields(branch=branch, mobile="0561234567"), **WITHOUT_ID}
    found = duplicate_candidates(clean_beneficiary_fields(values), exclude_pk=second.pk)
    assert record_overridden(second, found, actor=officer) == []
    assert DuplicateCandidate.objects.get().status == DuplicateStatus.DIFFERENT


def test_no_candidate_is_written_when_none_was_shown(officer, branch):
    data = form_data(branch)
    assert client_for(officer).post(NEW, data).status_code == 302
    assert not DuplicateCandidate.objects.exists()


def test_the_file_header_flags_a_file_waiting_in_the_queue(officer, branch, existing):
    data = form_data(branch, **WITHOUT_ID, mobile="0561234567", confirm_different="on")
    client_for(officer).post(NEW, data)
    assert duplicate_badge(existing) is not None
    page = client_for(officer).get(f"/beneficiaries/{existing.pk}/").content.decode()
    assert "ملف مكرر محتمل بانتظار المراجعة" in page


def test_the_file_header_says_a_file_needs_attestation(officer, branch, existing):
    assert attestation_badge(existing) is not None
    assert duplicate_badge(existing) is None
    assert expired_documents_badge(existing) is None
    page = client_for(officer).get(f"/beneficiaries/{existing.pk}/").content.decode()
    assert "يحتاج إقرارًا" in page


def test_the_compare_page_links_to_both_files(manager, branch, existing, officer):
    data = form_data(branch, **WITHOUT_ID, mobile="0561234567", confirm_different="on")
    client_for(officer).post(NEW, data)
    candidate = DuplicateCandidate.objects.get()
    page = client_for(manager).get(f"/beneficiaries/duplicates/{candidate.pk}/").content.decode()
    assert f'href="/beneficiaries/{candidate.first_id}/"' in page
    assert f'href="/beneficiaries/{candidate.second_id}/"' in page


def test_the_import_result_links_to_the_created_files(officer, branch):
    created = BeneficiaryFactory(branch=branch)
    batch = ImportBatch.objects.create(
        uploaded_by=officer,
        branch=branch,
        original_name="list.xlsx",
        status=ImportBatch.Status.IMPORTED,
    )
    ImportRow.objects.create(
        batch=batch,
        row=2,
        status=ImportRowStatus.OK,
        beneficiary=created,
        file_number=created.file_number,
    )
    page = client_for(officer).get(f"/beneficiaries/import/{batch.pk}/").content.decode()
    assert f'href="/beneficiaries/{created.pk}/"' in page
