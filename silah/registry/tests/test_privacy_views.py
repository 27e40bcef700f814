"""The PDPL screens: thin views over the services, scoped by silah.registry.access."""

import pytest
from django.utils import timezone

from silah.accounts.factories import BranchFactory, UserFactory
from silah.registry import privacy
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Beneficiary, Breach, DestructionRecord, PrivacyRequest
from silah.registry.tests.privacy_helpers import make_manager

pytestmark = pytest.mark.django_db
NEW = "/beneficiaries/privacy/requests/new/"


def test_an_officer_records_a_request_found_by_a_posted_file_number(client):
    branch = BranchFactory()
    officer = UserFactory(roles=["relations_officer"], branches=[branch])
    person = BeneficiaryFactory(branch=branch)
    client.force_login(officer)
    found = client.post(NEW, {"file_number": person.file_number.lower()})
    assert person.full_name in found.content.decode()
    response = client.post(
        NEW,
        {
            "beneficiary": person.pk,
            "kind": "access",
            "received_on": timezone.localdate().isoformat(),
            "channel": "phone",
            "verification": "phone_questions",
        },
    )
    created = PrivacyRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/beneficiaries/privacy/requests/{created.pk}/"
    assert (created.beneficiary, created.created_by) == (person, officer)


def test_a_file_of_another_branch_is_not_found(client):
    officer = UserFactory(roles=["relations_officer"], branches=[BranchFactory()])
    person = BeneficiaryFactory()
    client.force_login(officer)
    response = client.post(NEW, {"file_number": person.file_number})
    assert "لا يوجد ملف بهذا الرقم" in response.content.decode()
    tampered = client.post(NEW, {"beneficiary": person.pk, "kind": "access"})
    assert tampered.status_code == 404
    assert PrivacyRequest.objects.count() == 0


def test_a_bad_request_form_shows_errors_and_saves_nothing(client):
    manager = make_manager()
    person = BeneficiaryFactory()
    client.force_login(manager)
    response = client.post(
        NEW,
        {
            "beneficiary": person.pk,
            "kind": "access",
            "received_on": "1445/13/40",
            "channel": "phone",
            "verification": "other",
        },
    )
    assert response.status_code == 200
    assert PrivacyRequest.objects.count() == 0


def _destroy_request(manager, person):
    return privacy.record_request(
        person,
        actor=manager,
        kind=PrivacyRequest.Kind.DESTROY,
        received_on=timezone.localdate(),
        channel=PrivacyRequest.Channel.IN_PERSON,
        verification=PrivacyRequest.Verification.IN_PERSON_ID,
    )


def test_destruction_needs_the_file_number_typed(client):
    manager = make_manager()
    person = BeneficiaryFactory(first_name="وداد")
    request = _destroy_request(manager, person)
    client.force_login(manager)
    url = f"/beneficiaries/privacy/requests/{request.pk}/destroy/"
    wrong = client.post(url, {"confirm_file_number": "BEN-0"})
    assert wrong.status_code == 200
    assert Beneficiary.objects.get(pk=person.pk).first_name == "وداد"
    right = client.post(url, {"confirm_file_number": person.file_number})
    assert right.status_code == 302
    assert Beneficiary.objects.get(pk=person.pk).first_name == ""
    assert DestructionRecord.objects.count() == 1


def test_a_relations_officer_cannot_open_the_destruction_page(client):
    manager = make_manager()
    branch = BranchFactory()
    person = BeneficiaryFactory(branch=branch)
    request = _destroy_request(manager, person)
    client.force_login(UserFactory(roles=["relations_officer"], branches=[branch]))
    assert client.get(f"/beneficiaries/privacy/requests/{request.pk}/destroy/").status_code == 403


def test_answering_through_the_page(client):
    manager = make_manager()
    request = privacy.record_request(
        BeneficiaryFactory(),
        actor=manager,
        kind=PrivacyRequest.Kind.KNOW,
        received_on=timezone.localdate(),
        channel=PrivacyRequest.Channel.LETTER,
        verification=PrivacyRequest.Verification.NAFATH,
    )
    client.force_login(manager)
    url = f"/beneficiaries/privacy/requests/{request.pk}/answer/"
    assert client.post(url, {"text": "   "}).status_code == 200
    assert client.post(url, {"text": "نجمع بياناتك لتقديم الخدمة"}).status_code == 302
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.ANSWERED
    assert client.get(f"/beneficiaries/privacy/requests/{request.pk}/nonsense/").status_code == 404


def test_recording_a_breach_through_the_page_and_bad_input(client):
    client.force_login(make_manager())
    url = "/beneficiaries/privacy/breaches/new/"
    bad = client.post(url, {"discovered_at": "yesterday", "people_affected": "many"})
    assert bad.status_code == 200
    assert Breach.objects.count() == 0
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    good = client.post(
        url,
        {
            "discovered_at": now,
            "description": "رسالة جماعية كشفت أرقام الجوالات",
            "data_categories": ["contact"],
            "people_affected": "120",
        },
    )
    assert good.status_code == 302
    assert Breach.objects.get().people_affected == 120


def test_retention_settings_refuse_a_short_period(client):
    client.force_login(make_manager())
    response = client.post(
        "/beneficiaries/privacy/retention/",
        {"kind": "archived_file", "archived_file-keep_days": "10", "archived_file-enabled": "on"},
    )
    assert response.status_code == 200
    assert "365" in response.content.decode()
