"""Registering a beneficiary: file number, search tokens, duplicates, channel, liaison."""

import datetime as dt
from importlib import import_module

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.policy.factories import PolicyVersionFactory
from silah.registry.factories import BeneficiaryFactory, category, national_id, registration_fields
from silah.registry.models import Beneficiary, Category, LiaisonAssignment, Status
from silah.registry.services import register_beneficiary

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC), tick=False)
def test_file_numbers_run_per_hijri_year(officer, branch):
    first = register_beneficiary(actor=officer, **registration_fields(branch=branch))
    second = register_beneficiary(actor=officer, **registration_fields(branch=branch))
    assert (first.file_number, second.file_number) == ("BEN-1448-000001", "BEN-1448-000002")


def test_a_new_file_is_an_applicant_entered_by_the_actor(officer, branch):
    beneficiary = register_beneficiary(actor=officer, **registration_fields(branch=branch))
    assert (beneficiary.status, beneficiary.entered_by) == (Status.APPLICANT, officer)


def test_the_name_is_stored_normalised_for_search(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer,
        **registration_fields(
            branch=branch,
            first_name="أحمد",
            father_name="عبد الله",
            grandfather_name="",
            family_name="الغامدي",
        ),
    )
    assert beneficiary.name_tokens == ["احمد", "عبدالله", "الغامدي"]
    assert beneficiary.full_name_normalized == "احمد عبدالله الغامدي"


def test_the_same_identity_number_is_refused_naming_the_existing_file(officer, branch):
    existing = BeneficiaryFactory(identity_number="1000000008")
    with pytest.raises(DomainError) as caught:
        register_beneficiary(
            actor=officer, **registration_fields(branch=branch, identity_number="1000000008")
        )
    assert caught.value.field == "identity_number"
    assert existing.file_number in caught.value.message
    assert Beneficiary.objects.count() == 1


def test_the_database_refuses_a_second_person_with_the_same_identity():
    BeneficiaryFactory(identity_number="1000000008")
    with pytest.raises(IntegrityError), transaction.atomic():
        BeneficiaryFactory(identity_number="1000000008")


def test_two_people_without_identity_may_both_be_registered(officer, branch):
    for _ in range(2):
        register_beneficiary(
            actor=officer,
            **registration_fields(
                branch=branch, identity_type="none", identity_number="", identity_reason="لاجئ"
            ),
        )
    assert Beneficiary.objects.count() == 2


def test_the_history_row_of_a_registration_has_its_reason_and_author(officer, branch):
    beneficiary = register_beneficiary(actor=officer, **registration_fields(branch=branch))
    row = beneficiary.history.get()
    assert (row.history_change_reason, row.history_user) == ("تسجيل مستفيد جديد", officer)


def test_a_channel_the_association_did_not_enable_is_refused(officer, branch):
    PolicyVersionFactory(in_force=True, rules={"contact": {"channels": ["sms", "letter"]}})
    with pytest.raises(DomainError) as caught:
        register_beneficiary(
            actor=officer, **registration_fields(branch=branch, preferred_channel="whatsapp")
        )
    assert caught.value.field == "preferred_channel"
    assert "«واتساب» غير مفعّلة" in caught.value.message


def test_a_channel_the_association_enabled_is_accepted(officer, branch):
    PolicyVersionFactory(in_force=True, rules={"contact": {"channels": ["sms", "letter"]}})
    beneficiary = register_beneficiary(
        actor=officer, **registration_fields(branch=branch, preferred_channel="letter", mobile="")
    )
    assert beneficiary.preferred_channel == "letter"


def test_sms_as_the_preferred_channel_needs_a_mobile(officer, branch):
    with pytest.raises(DomainError) as caught:
        register_beneficiary(actor=officer, **registration_fields(branch=branch, mobile=""))
    assert caught.value.field == "preferred_channel"


def test_categories_are_recorded_with_the_disability_type(officer, branch):
    disability = category("disability")
    orphan = category("orphan")
    beneficiary = register_beneficiary(
        actor=officer,
        categories=[(disability, "حركية"), orphan],
        **registration_fields(branch=branch),
    )
    links = {link.category.code: link.detail for link in beneficiary.category_links.all()}
    assert links == {"disability": "حركية", "orphan": ""}


def test_a_type_for_a_category_without_types_is_refused(officer, branch):
    orphan = category("orphan")
    with pytest.raises(DomainError) as caught:
        register_beneficiary(
            actor=officer, categories=[(orphan, "نوع")], **registration_fields(branch=branch)
        )
    assert caught.value.field == "categories"
    assert not Beneficiary.objects.exists()


def test_the_liaison_officer_of_the_category_is_assigned(officer, branch):
    liaison = UserFactory(username="liaison", roles=["liaison_officer"])
    orphan = category("orphan")
    LiaisonAssignment.objects.create(category=orphan, officer=liaison)
    beneficiary = register_beneficiary(
        actor=officer, categories=[orphan], **registration_fields(branch=branch)
    )
    assert beneficiary.liaison_officer == liaison


def test_without_an_assignment_no_liaison_officer_is_set(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer,
        categories=[category("widow")],
        **registration_fields(branch=branch),
    )
    assert beneficiary.liaison_officer is None


def test_a_liaison_officer_given_on_registration_is_kept(officer, branch):
    chosen = UserFactory(username="chosen", roles=["liaison_officer"])
    orphan = category("orphan")
    LiaisonAssignment.objects.create(category=orphan, officer=UserFactory(username="other"))
    beneficiary = register_beneficiary(
        actor=officer,
        categories=[orphan],
        **registration_fields(branch=branch, liaison_officer=chosen),
    )
    assert beneficiary.liaison_officer == chosen


def test_someone_without_the_permission_cannot_register(branch):
    hr = UserFactory(username="hr", roles=["hr"])
    with pytest.raises(PermissionDenied):
        register_beneficiary(actor=hr, **registration_fields(branch=branch))
    assert not Beneficiary.objects.exists()


def test_the_common_categories_are_seeded_with_the_sensitive_ones_marked():
    """Migration 0002's seeding, run on an empty table (a flushed test database has none)."""
    from django.apps import apps

    Category.objects.all().delete()
    import_module("silah.registry.migrations.0002_seed_categories").seed(apps, None)
    sensitive = set(Category.objects.filter(sensitive=True).values_list("code", flat=True))
    assert sensitive == {"disability", "prisoner_family", "patient"}
    assert Category.objects.get(code="disability").has_type
    assert Category.objects.count() == 8


def test_a_factory_identity_is_valid():
    from silah.core.identity import validate_national_id

    assert validate_national_id(national_id()) is not None


def test_an_identity_taken_by_a_concurrent_registration_is_still_refused_by_name(
    officer, branch, monkeypatch
):
    """The check passed before the other transaction committed; the constraint catches it."""
    from silah.registry import services

    existing = BeneficiaryFactory(identity_number="1000000008")
    checks = iter([None])
    original = services._refuse_duplicate_identity

    def late_check(values, *, exclude=None):
        if next(checks, "again") is None:
            return None  # the first check ran before `existing` was committed
        return original(values, exclude=exclude)

    monkeypatch.setattr(services, "_refuse_duplicate_identity", late_check)
    with pytest.raises(DomainError) as caught:
        register_beneficiary(
            actor=officer, **registration_fields(branch=branch, identity_number="1000000008")
        )
    assert existing.file_number in caught.value.message
    assert Beneficiary.objects.count() == 1


def test_the_liaison_officer_of_the_associations_field_wins_over_the_general_one(officer, branch):
    from silah.registry.services import choose_liaison_officer

    orphan = category("orphan")
    general = UserFactory(username="general")
    education = UserFactory(username="education")
    LiaisonAssignment.objects.create(category=orphan, officer=general)
    LiaisonAssignment.objects.create(category=orphan, officer=education, field_of_work="تعليمي")
    beneficiary = BeneficiaryFactory(categories=[orphan])
    assert choose_liaison_officer(beneficiary, field_of_work="تعليمي") == education
    assert choose_liaison_officer(beneficiary) == general


def test_an_unknown_field_name_is_a_programming_error(officer, branch):
    with pytest.raises(TypeError):
        register_beneficiary(actor=officer, **registration_fields(branch=branch, shoe_size="42"))


def test_the_history_hides_the_mobile_from_staff_without_the_sensitive_permission(
    officer, branch, manager
):
    from silah.audit.queries import changes_for

    beneficiary = register_beneficiary(actor=officer, **registration_fields(branch=branch))
    for_officer = {f.name: f for f in changes_for(beneficiary, viewer=officer)[0].fields}
    for_manager = {f.name: f for f in changes_for(beneficiary, viewer=manager)[0].fields}
    assert for_officer["mobile"].masked
    assert for_manager["mobile"].new == "+966501234567"
