"""The demo association loads with realistic data, and loading it again changes nothing."""

import pytest

from silah.accounts.models import Branch, User
from silah.demo import loader, registry_activity
from silah.policy.models import Acknowledgement, Organization, PolicyVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def login_file(tmp_path, monkeypatch):
    monkeypatch.setattr(loader, "LOGIN_FILE", tmp_path / "demo-login.txt")


def test_the_demo_has_an_association_branches_and_staff_in_every_role():
    login = loader.load_demo()
    assert login.association == "جمعية آمال لذوي الإعاقة بمحافظة الليث"
    assert Branch.objects.count() == 3
    assert User.objects.count() == len(loader.STAFF) + 1  # and the administrator
    assert User.objects.get(username="admin").check_password(login.password)


def test_the_demo_policy_is_in_force_half_acknowledged_with_a_draft_in_progress():
    loader.load_demo()
    organization = Organization.current()
    assert organization.policy_versions.filter(status=PolicyVersion.Status.APPROVED).count() == 1
    assert Acknowledgement.objects.count() == len(loader.ACKNOWLEDGED)
    draft = organization.policy_versions.get(status=PolicyVersion.Status.DRAFT)
    assert draft.parsed_rules().deadline.unit == "working"


def test_the_demo_draft_gives_referrals_three_working_days():
    loader.load_demo()
    draft = Organization.current().policy_versions.get(status=PolicyVersion.Status.DRAFT)
    assert draft.parsed_rules().referral.answer_within_working_days == 3


def test_loading_the_demo_twice_changes_nothing():
    first = loader.load_demo()
    counts = (User.objects.count(), PolicyVersion.objects.count(), Acknowledgement.objects.count())
    second = loader.load_demo()
    assert second.password == first.password
    assert (
        User.objects.count(),
        PolicyVersion.objects.count(),
        Acknowledgement.objects.count(),
    ) == counts


def test_another_preset_can_run_the_demo(monkeypatch):
    monkeypatch.setenv("SILAH_DEMO_PRESET", "ahsa_prisoners")
    login = loader.load_demo()
    assert "السجناء" in login.association


def test_the_demo_has_about_forty_beneficiaries_in_households_with_incomes():
    from silah.core.identity import IdentityType
    from silah.registry.models import Beneficiary, Household

    loader.load_demo()
    assert 35 <= Beneficiary.objects.count() <= 45
    households = Household.objects.all()
    assert households.count() >= 5
    assert all(3 <= h.members_count() <= 6 for h in households)
    assert all(h.incomes.exists() for h in households)
    assert Beneficiary.objects.filter(identity_type=IdentityType.NONE).count() >= 2
    assert Beneficiary.objects.filter(liaison_officer__username="liaison").exists()
    assert Beneficiary.objects.filter(assigned_researcher__username="researcher2").exists()
    assert Beneficiary.objects.filter(city="القنفذة").exists()
    assert (
        Beneficiary.objects.filter(category_links__category__code="disability")
        .exclude(category_links__detail="")
        .exists()
    )


def test_loading_the_demo_twice_adds_no_beneficiary():
    from silah.registry.models import Beneficiary

    loader.load_demo()
    count = Beneficiary.objects.count()
    loader.load_demo()
    assert Beneficiary.objects.count() == count


def _registry_counts() -> tuple:
    from silah.messaging.models import Message
    from silah.registry.models import (
        Attestation,
        Consent,
        Document,
        DuplicateCandidate,
        PrivacyRequest,
    )

    return tuple(
        model.objects.count()
        for model in (Document, Consent, Attestation, PrivacyRequest, DuplicateCandidate, Message)
    )


def test_the_demo_plants_a_duplicate_waiting_in_the_review_queue():
    from silah.registry.models import Beneficiary, DuplicateCandidate, DuplicateSource

    loader.load_demo()
    candidate = DuplicateCandidate.objects.get(source=DuplicateSource.ON_SAVE, status="open")
    names = {candidate.first.first_name, candidate.second.first_name}
    assert names == {"منيرة", "منيره"}
    without_id = Beneficiary.objects.get(first_name="منيره")
    assert without_id.identity_type == "none"
    assert candidate.score >= 0.7


def test_the_demo_has_documents_one_expired_consents_attestations_and_a_request():
    from silah.registry import documents
    from silah.registry.models import Attestation, Consent, Document, PrivacyRequest
    from silah.registry.queries import expired_documents

    loader.load_demo()
    # The registry's own step; the requests' intake adds the papers each service asks for.
    assert Document.objects.filter(note=registry_activity.DEMO_REASON).count() == 3
    assert expired_documents().count() == 1
    for document in Document.objects.all():
        assert documents.read_document(document)[:4] in (b"%PDF", b"\x89PNG")
    assert Consent.objects.filter(granted=False, purpose="awareness").count() == 1
    for first, family in registry_activity.ATTESTED:
        assert Attestation.objects.filter(
            method="screen", beneficiary__first_name=first, beneficiary__family_name=family
        ).exists()
    assert PrivacyRequest.objects.filter(status__in=["received", "in_progress"]).count() == 1


def test_the_demo_messages_wait_in_the_outbox_and_the_worker_sends_them():
    from silah.messaging import outbox
    from silah.messaging.models import Message

    loader.load_demo()
    demo = Message.objects.filter(event="demo")
    assert demo.filter(status="queued").count() == 3
    outbox.drain()
    assert demo.filter(status="sent").count() == 3


def test_loading_the_demo_twice_adds_no_registry_activity():
    loader.load_demo()
    counts = _registry_counts()
    loader.load_demo()
    assert _registry_counts() == counts


def test_the_demo_documents_survive_a_flush_of_the_seeded_document_types():
    from silah.registry.models import Document, DocumentType

    DocumentType.objects.all().delete()  # what a transactional test's flush leaves
    loader.load_demo()
    assert Document.objects.filter(note=registry_activity.DEMO_REASON).count() == 3
