"""A policy version is draft → approved → superseded; approved versions are read-only."""

from datetime import date

import pytest

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.policy import services
from silah.policy.factories import OrganizationFactory, PolicyVersionFactory
from silah.policy.models import Acknowledgement, PolicyVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="policy_admin", roles=["administrator"])


@pytest.fixture
def in_force():
    return PolicyVersionFactory(in_force=True)


def test_a_new_draft_copies_the_version_in_force(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    assert draft.status == PolicyVersion.Status.DRAFT
    assert draft.number == in_force.number + 1
    assert draft.based_on == in_force
    assert draft.parsed_rules().deadline.length == 14


def test_a_blank_draft_starts_from_nothing(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin, blank=True)
    assert draft.sections == []
    assert draft.parsed_rules().deadline.unit == "none"


def test_only_one_draft_at_a_time(in_force, admin):
    services.start_draft(in_force.organization, actor=admin)
    with pytest.raises(DomainError):
        services.start_draft(in_force.organization, actor=admin)
    assert PolicyVersion.objects.filter(status="draft").count() == 1


def test_approving_a_draft_puts_it_in_force_and_supersedes_the_old_one(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    services.record_approval(
        draft, actor=admin, resolution_number="2026/7", approved_on=date(2026, 1, 31)
    )
    in_force.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == PolicyVersion.Status.APPROVED
    assert in_force.status == PolicyVersion.Status.SUPERSEDED
    assert in_force.superseded_on == date(2026, 1, 31)
    assert draft.next_review_on == date(2027, 1, 31)
    assert services.version_in_force(in_force.organization) == draft


def test_approval_without_a_resolution_number_is_refused_and_changes_nothing(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    with pytest.raises(DomainError) as refused:
        services.record_approval(
            draft, actor=admin, resolution_number=" ", approved_on=date(2026, 1, 31)
        )
    assert refused.value.field == "resolution_number"
    draft.refresh_from_db()
    in_force.refresh_from_db()
    assert draft.status == PolicyVersion.Status.DRAFT
    assert in_force.status == PolicyVersion.Status.APPROVED


def test_editing_an_approved_version_is_refused_and_changes_nothing(in_force, admin):
    with pytest.raises(DomainError):
        services.update_draft(in_force, actor=admin, title="عنوان آخر")
    in_force.refresh_from_db()
    assert in_force.title == "سياسة تنظيم العلاقة مع المستفيدين"


def test_a_rule_that_is_not_valid_is_refused_at_its_field(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    bad = {**draft.rules, "deadline": {"length": 0, "unit": "working", "counts_from": "complete"}}
    with pytest.raises(DomainError) as refused:
        services.update_draft(draft, actor=admin, rules=bad)
    assert refused.value.field.startswith("rules.deadline")
    draft.refresh_from_db()
    assert draft.parsed_rules().deadline.length == 14


def test_a_version_stored_before_referral_deadlines_reads_without_one(in_force):
    stored = {**in_force.rules, "referral": {"kind": "management", "name": "", "source_note": ""}}
    PolicyVersion.objects.filter(pk=in_force.pk).update(rules=stored)
    in_force.refresh_from_db()
    assert in_force.parsed_rules().referral.answer_within_working_days is None
    assert "answer_within_working_days" not in in_force.rules["referral"]


@pytest.mark.parametrize("days", [0, -1, "ثلاثة", 91])
def test_a_bad_referral_deadline_is_refused_at_its_field(in_force, admin, days):
    draft = services.start_draft(in_force.organization, actor=admin)
    before = draft.rules
    referral = {"kind": "management", "answer_within_working_days": days}
    with pytest.raises(DomainError) as refused:
        services.update_draft(draft, actor=admin, rules={**draft.rules, "referral": referral})
    assert refused.value.field.startswith("rules.referral.answer_within_working_days")
    draft.refresh_from_db()
    assert draft.rules == before


def test_a_referral_deadline_needs_a_referral_target(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    referral = {"kind": "none", "answer_within_working_days": 3}
    with pytest.raises(DomainError) as refused:
        services.update_draft(draft, actor=admin, rules={**draft.rules, "referral": referral})
    assert refused.value.field.startswith("rules.referral")


def test_changing_a_drafts_deadline_is_saved(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    rules = {
        **draft.rules,
        "deadline": {"length": 15, "unit": "working", "counts_from": "complete"},
    }
    services.update_draft(draft, actor=admin, rules=rules)
    draft.refresh_from_db()
    assert draft.parsed_rules().deadline.unit == "working"


def test_acknowledging_the_version_in_force(in_force):
    clerk = UserFactory(username="clerk")
    ack = services.acknowledge(in_force, user=clerk, typed_name="نورة  الزهراني", confirmed=True)
    assert ack.typed_name == "نورة الزهراني"


def test_acknowledging_a_superseded_version_is_refused_and_changes_nothing(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    services.record_approval(
        draft, actor=admin, resolution_number="9", approved_on=date(2026, 1, 31)
    )
    clerk = UserFactory(username="clerk")
    with pytest.raises(DomainError):
        services.acknowledge(in_force, user=clerk, typed_name="نورة الزهراني", confirmed=True)
    assert not Acknowledgement.objects.exists()


def test_acknowledging_without_a_full_name_is_refused(in_force):
    clerk = UserFactory(username="clerk")
    with pytest.raises(DomainError) as refused:
        services.acknowledge(in_force, user=clerk, typed_name="نورة", confirmed=True)
    assert refused.value.field == "typed_name"
    assert not Acknowledgement.objects.exists()


def test_an_organisation_without_a_policy_has_none_in_force():
    assert services.version_in_force(OrganizationFactory()) is None


# -- rules named in the text sections -----------------------------------------------------------


def test_a_section_naming_a_rule_is_saved_as_written(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    body = "- سيرفع {لجهة_البت} لدراسة طلبه والرد عليه {مدة_الرد}.\n- القوس نفسه: {{ و }}"
    services.update_draft(draft, actor=admin, sections=[{"title": "الممارسات", "body": body}])
    draft.refresh_from_db()
    assert draft.sections[0]["body"] == body


def test_a_section_naming_an_unknown_rule_is_refused_at_its_body_and_changes_nothing(
    in_force, admin
):
    draft = services.start_draft(in_force.organization, actor=admin)
    sections = [
        {"title": "تمهيد", "body": "نص التمهيد."},
        {"title": "الممارسات", "body": "والرد عليه {مدة} عبر {جهة_البت}."},
    ]
    with pytest.raises(DomainError) as refused:
        services.update_draft(draft, actor=admin, sections=sections)
    assert refused.value.field == "sections.1.body"
    assert "«{مدة}»" in refused.value.message
    draft.refresh_from_db()
    assert draft.sections == in_force.sections


def test_a_new_draft_with_an_unknown_rule_in_its_text_is_not_created(in_force, admin):
    with pytest.raises(DomainError) as refused:
        services.start_draft(
            in_force.organization,
            actor=admin,
            sections=[{"title": "تمهيد", "body": "خلال {الموعد}"}],
        )
    assert refused.value.field == "sections.0.body"
    assert PolicyVersion.objects.count() == 1
