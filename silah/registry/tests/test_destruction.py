"""Destruction (PDPL): no personal value of the person remains in any table or log."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from silah.accounts.factories import UserFactory
from silah.audit.history import history_manager
from silah.audit.models import AccessLog
from silah.core.errors import DomainError
from silah.registry import privacy, services
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import (
    Beneficiary,
    DestructionRecord,
    Household,
    Membership,
    PrivacyRequest,
    Relationship,
    Status,
)
from silah.registry.tests.privacy_helpers import make_manager, rich_person, tables_containing

pytestmark = pytest.mark.django_db


def _destroy_request(person, manager, **kwargs):
    return privacy.record_request(
        person,
        actor=manager,
        kind=PrivacyRequest.Kind.DESTROY,
        received_on=timezone.localdate(),
        channel=PrivacyRequest.Channel.IN_PERSON,
        verification=PrivacyRequest.Verification.IN_PERSON_ID,
        details=kwargs.pop("details", "تطلب الشمردلي إتلاف بياناتها كلها"),
        **kwargs,
    )


def _with_a_past_member(rich, manager):
    """A child who lived in the person's household and moved to another one."""
    child = BeneficiaryFactory(first_name="سلمان")
    services.add_member(rich.household, child, relationship=Relationship.SON, actor=manager)
    elsewhere = services.create_household(BeneficiaryFactory(), actor=manager)
    services.move_to_household(
        child, elsewhere, relationship=Relationship.SON, actor=manager, reason="انتقل"
    )
    return child


def test_after_destruction_no_table_holds_any_personal_value(caplog):
    caplog.set_level(logging.DEBUG)
    manager = make_manager()
    rich = rich_person(manager, reads_by=[UserFactory(roles=["relations_officer"])])
    _with_a_past_member(rich, manager)
    request = _destroy_request(
        rich.beneficiary,
        manager,
        by_representative=True,
        representative_name="مطلقان ضاحيان الشمردلي",
        representative_relation="والدها",
    )
    assert all(
        tables_containing(v) for v in ["ثامرة", rich.beneficiary.file_number]
    )  # found before

    record = privacy.destroy_personal_data(
        request, actor=manager, confirm_file_number=rich.beneficiary.file_number
    )

    leftovers = {value: tables_containing(value) for value in rich.values}
    leftovers["مطلقان ضاحيان الشمردلي"] = tables_containing("مطلقان ضاحيان الشمردلي")
    assert {value: where for value, where in leftovers.items() if where} == {}
    # The application's own logs, not factory_boy's: its debug lines print memory addresses
    # (0x7f86ef3318a0), in which a short number such as a four-digit value can turn up.
    logged = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("factory"))
    assert [value for value in rich.values if value in logged] == []
    assert record.token.startswith("DEL-")


def test_destruction_is_recorded_without_the_data():
    manager = make_manager()
    rich = rich_person(manager)
    file_number = rich.beneficiary.file_number
    request = _destroy_request(rich.beneficiary, manager)
    record = privacy.destroy_personal_data(request, actor=manager, confirm_file_number=file_number)
    record.refresh_from_db()
    assert record.token != file_number
    assert (record.basis, record.approved_by, record.request) == (
        DestructionRecord.Basis.REQUEST,
        manager,
        request,
    )
    assert record.counts["privacy:beneficiary"] == 1
    assert record.counts["privacy:read_log"] == 2
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.ANSWERED
    assert record.token in request.answer


def test_the_file_is_anonymised_in_place_not_deleted():
    manager = make_manager()
    rich = rich_person(manager)
    request = _destroy_request(rich.beneficiary, manager)
    record = privacy.destroy_personal_data(
        request, actor=manager, confirm_file_number=rich.beneficiary.file_number
    )
    shell = Beneficiary.objects.get(pk=rich.beneficiary.pk)
    assert shell.file_number == record.token
    assert (shell.first_name, shell.family_name, shell.identity_number, shell.mobile) == (
        "",
        "",
        "",
        "",
    )
    assert shell.status == Status.ARCHIVED
    assert shell.destruction == record
    assert not Household.objects.filter(pk=rich.household.pk).exists()
    assert not Membership.objects.filter(beneficiary=shell).exists()
    assert not history_manager(Beneficiary).filter(id=shell.pk).exists()
    assert not AccessLog.objects.filter(object_id=str(shell.pk)).exists()


def test_other_people_are_untouched():
    manager = make_manager()
    rich = rich_person(manager)
    child = _with_a_past_member(rich, manager)
    other_reads = AccessLog.objects.exclude(object_id=str(rich.beneficiary.pk)).count()
    log_child = history_manager(Beneficiary).filter(id=child.pk).count()
    request = _destroy_request(rich.beneficiary, manager)
    privacy.destroy_personal_data(
        request, actor=manager, confirm_file_number=rich.beneficiary.file_number
    )
    child.refresh_from_db()
    assert child.first_name == "سلمان"
    assert child.current_membership() is not None
    assert AccessLog.objects.exclude(object_id=str(rich.beneficiary.pk)).count() == other_reads
    assert history_manager(Beneficiary).filter(id=child.pk).count() == log_child


def _snapshot():
    return (
        list(Beneficiary.objects.order_by("pk").values()),
        list(Membership.objects.order_by("pk").values()),
        list(PrivacyRequest.objects.order_by("pk").values()),
        DestructionRecord.objects.count(),
        AccessLog.objects.count(),
        history_manager(Beneficiary).count(),
    )


def test_a_wrong_file_number_confirmation_changes_nothing():
    manager = make_manager()
    rich = rich_person(manager)
    request = _destroy_request(rich.beneficiary, manager)
    before = _snapshot()
    with pytest.raises(DomainError) as caught:
        privacy.destroy_personal_data(request, actor=manager, confirm_file_number="BEN-1-1")
    assert caught.value.field == "confirm_file_number"
    assert _snapshot() == before


def test_the_head_of_a_household_with_members_is_refused_and_nothing_changes():
    manager = make_manager()
    rich = rich_person(manager)
    services.add_member(
        rich.household, BeneficiaryFactory(), relationship=Relationship.DAUGHTER, actor=manager
    )
    request = _destroy_request(rich.beneficiary, manager)
    before = _snapshot()
    with pytest.raises(DomainError) as caught:
        privacy.destroy_personal_data(
            request, actor=manager, confirm_file_number=rich.beneficiary.file_number
        )
    assert caught.value.field == "beneficiary"
    assert _snapshot() == before
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.RECEIVED


def test_a_request_of_another_kind_cannot_destroy():
    manager = make_manager()
    person = BeneficiaryFactory()
    request = privacy.record_request(
        person,
        actor=manager,
        kind=PrivacyRequest.Kind.COPY,
        received_on=timezone.localdate(),
        channel=PrivacyRequest.Channel.PHONE,
        verification=PrivacyRequest.Verification.NAFATH,
    )
    before = _snapshot()
    with pytest.raises(DomainError):
        privacy.destroy_personal_data(
            request, actor=manager, confirm_file_number=person.file_number
        )
    assert _snapshot() == before


def test_a_relations_officer_cannot_destroy():
    manager = make_manager()
    person = BeneficiaryFactory()
    request = _destroy_request(person, manager)
    officer = UserFactory(roles=["relations_officer"])
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        privacy.destroy_personal_data(
            request, actor=officer, confirm_file_number=person.file_number
        )
    assert _snapshot() == before


def test_a_held_file_is_not_destroyed_on_request():
    from silah.registry import retention

    manager = make_manager()
    person = BeneficiaryFactory(status=Status.ARCHIVED)
    retention.hold_file(person, actor=manager, reason="قضية منظورة في المحكمة")
    request = _destroy_request(person, manager)
    before = _snapshot()
    with pytest.raises(DomainError):
        privacy.destroy_personal_data(
            request, actor=manager, confirm_file_number=person.file_number
        )
    assert _snapshot() == before


def test_a_destroyed_file_takes_no_new_request():
    manager = make_manager()
    person = BeneficiaryFactory()
    request = _destroy_request(person, manager)
    privacy.destroy_personal_data(request, actor=manager, confirm_file_number=person.file_number)
    with pytest.raises(DomainError):
        _destroy_request(person, manager)
    assert PrivacyRequest.objects.count() == 1


def test_the_search_finds_what_a_missing_holder_leaves_behind(monkeypatch):
    """The leftover search can fail: without the history holder, old values stay in history."""
    from dataclasses import replace

    from silah.registry import holders

    registered = dict(holders._holders)
    registered["privacy:history"] = replace(registered["privacy:history"], destroy=None)
    monkeypatch.setattr(holders, "_holders", registered)
    manager = make_manager()
    rich = rich_person(manager)
    request = _destroy_request(rich.beneficiary, manager)
    privacy.destroy_personal_data(
        request, actor=manager, confirm_file_number=rich.beneficiary.file_number
    )
    assert any(t.startswith("registry_historicalbeneficiary.") for t in tables_containing("ثامرة"))
