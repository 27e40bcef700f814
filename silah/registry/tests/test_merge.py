"""Merging two files of one person: what moves, what stays, what is refused."""

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.audit.models import AccessLog
from silah.audit.queries import changes_for, reads_of
from silah.audit.services import log_read
from silah.core.errors import DomainError
from silah.core.identity import IdentityType
from silah.registry import holders
from silah.registry.factories import BeneficiaryFactory, category
from silah.registry.merge import (
    mark_different,
    merge_beneficiaries,
    merged_files_of,
    resolve_file_number,
)
from silah.registry.models import (
    Beneficiary,
    DuplicateCandidate,
    DuplicateStatus,
    MergeRecord,
    Relationship,
    Status,
    StatusChange,
)
from silah.registry.services import add_member, change_status, create_household, set_categories

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, list]:
    """Every row of every registry and audit table (history included)."""
    tables = {}
    for label in ("registry", "audit"):
        for model in apps.get_app_config(label).get_models():
            tables[model._meta.label] = sorted(
                (tuple(sorted(row.items())) for row in model._base_manager.values()), key=repr
            )
    return tables


@pytest.fixture
def pair():
    survivor = BeneficiaryFactory(grandfather_name="", mobile="+966501111111")
    merged = BeneficiaryFactory(
        grandfather_name="حسن",
        identity_type=IdentityType.NONE,
        identity_number="",
        identity_reason="لا يحمل هوية",
        mobile="+966502222222",
    )
    return survivor, merged


def test_the_old_file_number_resolves_to_the_survivor(manager, pair):
    survivor, merged = pair
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert resolve_file_number(merged.file_number) == survivor
    assert resolve_file_number(survivor.file_number) == survivor


def test_resolution_follows_a_chain_of_merges(manager):
    a, b, c = BeneficiaryFactory(), BeneficiaryFactory(), BeneficiaryFactory()
    merge_beneficiaries(b, a, actor=manager, reason="مكرر")
    merge_beneficiaries(c, b, actor=manager, reason="مكرر")
    assert resolve_file_number(a.file_number) == c


def test_an_unknown_file_number_resolves_to_nothing():
    assert resolve_file_number("BEN-0000-000000") is None
    assert resolve_file_number("") is None


def test_the_merged_file_stays_as_an_archived_tombstone(manager, pair):
    survivor, merged = pair
    record = merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    merged.refresh_from_db()
    assert merged.status == Status.ARCHIVED
    assert survivor.file_number in merged.status_reason
    assert merged.merge_record == record
    assert (record.survivor, record.merged_file_number, record.actor) == (
        survivor,
        merged.file_number,
        manager,
    )
    assert merged_files_of(survivor) == [record]
    assert StatusChange.objects.filter(beneficiary=merged, to_status=Status.ARCHIVED).exists()


def test_the_survivor_takes_the_merged_files_missing_values(manager, pair):
    survivor, merged = pair
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    survivor.refresh_from_db()
    assert survivor.grandfather_name == "حسن"
    assert "حسن" in survivor.name_tokens
    assert (survivor.mobile, survivor.mobile_2) == ("+966501111111", "+966502222222")


def test_the_survivor_takes_the_identity_number_it_lacked(manager):
    survivor = BeneficiaryFactory(
        identity_type=IdentityType.NONE, identity_number="", identity_reason="لم تُحضر"
    )
    merged = BeneficiaryFactory()
    number = merged.identity_number
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    survivor.refresh_from_db()
    merged.refresh_from_db()
    assert (survivor.identity_number, merged.identity_number) == (number, "")
    assert merged.identity_type == IdentityType.NONE


def test_the_merge_is_in_both_files_history(manager, pair):
    survivor, merged = pair
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert merged.file_number in changes_for(survivor)[0].reason
    assert changes_for(survivor)[0].user == manager
    assert survivor.file_number in changes_for(merged)[0].reason


def test_categories_move_to_the_survivor_once(manager, pair):
    survivor, merged = pair
    set_categories(survivor, [category("orphan")], actor=manager)
    set_categories(merged, [category("orphan"), category("widow")], actor=manager)
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert sorted(survivor.categories.values_list("code", flat=True)) == ["orphan", "widow"]
    assert not merged.category_links.exists()


def test_status_changes_move_to_the_survivor(manager, pair):
    survivor, merged = pair
    change_status(merged, to="active", actor=manager, reason="استوفى الشروط")
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert survivor.status_changes.filter(reason="استوفى الشروط").exists()


def test_the_read_log_of_the_merged_file_is_recorded_on_the_survivor(manager, pair):
    survivor, merged = pair
    reader = UserFactory(roles=["manager"])
    log_read(reader, merged, what="documents")
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert [(r.user, r.what) for r in reads_of(survivor)] == [(reader, "documents")]
    assert reads_of(merged).count() == 1  # the original row is never changed


def test_the_household_membership_moves_to_the_survivor(manager, pair):
    survivor, merged = pair
    household = create_household(merged, actor=manager)
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    household.refresh_from_db()
    assert household.head == survivor
    assert survivor.current_membership().household == household
    assert merged.current_membership() is None


def test_two_files_in_one_household_leave_one_membership_and_keep_the_head(manager, pair):
    survivor, merged = pair
    household = create_household(merged, actor=manager)
    add_member(household, survivor, relationship=Relationship.SON, actor=manager)
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    membership = survivor.current_membership()
    assert (membership.household, membership.relationship) == (household, Relationship.HEAD)
    assert household.members_count() == 1


def test_files_in_two_households_are_not_merged_and_nothing_changes(manager, pair):
    survivor, merged = pair
    create_household(survivor, actor=manager)
    create_household(merged, actor=manager)
    before = snapshot()
    with pytest.raises(DomainError) as caught:
        merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert caught.value.field == "survivor"
    assert snapshot() == before


def test_the_researcher_and_liaison_officer_move_when_the_survivor_has_none(manager, pair):
    survivor, merged = pair
    researcher = UserFactory(roles=["social_researcher"])
    Beneficiary.objects.filter(pk=merged.pk).update(assigned_researcher=researcher)
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    survivor.refresh_from_db()
    assert survivor.assigned_researcher == researcher


def test_every_registered_holder_is_walked(manager, pair):
    survivor, merged = pair
    seen = []
    holders.register(
        holders.Holder("test:probe", "probe", 999, merge=lambda s, m: seen.append((s.pk, m.pk)))
    )
    try:
        record = merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    finally:
        holders._holders.pop("test:probe")
    assert seen == [(survivor.pk, merged.pk)]
    assert "test:probe" in record.moved


def test_a_holder_that_fails_undoes_the_whole_merge(manager, pair):
    survivor, merged = pair
    set_categories(merged, [category("widow")], actor=manager)
    before = snapshot()

    def refuse(survivor, merged):
        raise DomainError("لا", field="survivor")

    holders.register(holders.Holder("test:refuse", "refuse", 999, merge=refuse))
    try:
        with pytest.raises(DomainError):
            merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    finally:
        holders._holders.pop("test:refuse")
    assert snapshot() == before


def test_the_pair_is_marked_merged_in_the_queue(manager, pair):
    survivor, merged = pair
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    candidate = DuplicateCandidate.objects.get()
    assert (candidate.status, candidate.decided_by) == (DuplicateStatus.MERGED, manager)


@pytest.mark.parametrize(
    "case",
    ["without_permission", "same_file", "no_reason", "survivor_already_merged", "merged_twice"],
)
def test_a_refused_merge_changes_nothing(manager, pair, case):
    survivor, merged = pair
    actor, reason = manager, "ملف مكرر"
    if case == "without_permission":
        actor = UserFactory(roles=["relations_officer"])
    elif case == "same_file":
        merged = survivor
    elif case == "no_reason":
        reason = "  "
    else:
        third = BeneficiaryFactory()
        if case == "survivor_already_merged":
            merge_beneficiaries(third, survivor, actor=manager, reason="مكرر")
        else:
            merge_beneficiaries(third, merged, actor=manager, reason="مكرر")
    before = snapshot()
    with pytest.raises((DomainError, PermissionDenied)):
        merge_beneficiaries(survivor, merged, actor=actor, reason=reason)
    assert snapshot() == before
    assert MergeRecord.objects.count() == (
        0 if case in ("without_permission", "same_file", "no_reason") else 1
    )


def test_marking_different_records_the_decision(manager, pair):
    a, b = pair
    candidate = mark_different(b, a, actor=manager, reason="أخوان")
    assert (candidate.first_id, candidate.second_id) == tuple(sorted((a.pk, b.pk)))
    assert (candidate.status, candidate.decided_by) == (DuplicateStatus.DIFFERENT, manager)


def test_a_refused_mark_different_changes_nothing(pair):
    a, b = pair
    clerk = UserFactory(roles=["relations_officer"])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        mark_different(a, b, actor=clerk, reason="أخوان")
    assert snapshot() == before


def test_a_different_decision_about_the_merged_file_holds_for_the_survivor(manager, pair):
    survivor, merged = pair
    sibling = BeneficiaryFactory()
    mark_different(merged, sibling, actor=manager, reason="أخوان")
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    pair_ids = tuple(sorted((survivor.pk, sibling.pk)))
    carried = DuplicateCandidate.objects.get(first_id=pair_ids[0], second_id=pair_ids[1])
    assert carried.status == DuplicateStatus.DIFFERENT


def test_access_log_rows_are_never_updated_by_a_merge(manager, pair):
    survivor, merged = pair
    row = log_read(manager, merged)
    merge_beneficiaries(survivor, merged, actor=manager, reason="ملف مكرر")
    assert AccessLog.objects.get(pk=row.pk).object_id == str(merged.pk)
