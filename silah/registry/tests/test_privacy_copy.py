"""The copy (PDPL): a readable export of everything held on the person."""

import json

import pytest
from django.utils import timezone

from silah.audit.models import AccessLog
from silah.core.errors import DomainError
from silah.registry import holders, privacy
from silah.registry.models import PrivacyRequest, PrivacyRequestEvent
from silah.registry.privacy_export import copy_of
from silah.registry.tests.privacy_helpers import (
    CATEGORY_DETAIL,
    RICH,
    STATUS_REASON,
    make_manager,
    rich_person,
)

pytestmark = pytest.mark.django_db


def _copy_request(person, manager, kind=PrivacyRequest.Kind.COPY):
    return privacy.record_request(
        person,
        actor=manager,
        kind=kind,
        received_on=timezone.localdate(),
        channel=PrivacyRequest.Channel.IN_PERSON,
        verification=PrivacyRequest.Verification.IN_PERSON_ID,
    )


def _text(section):
    return json.dumps(section["records"], ensure_ascii=False)


def test_the_copy_has_a_section_for_every_holder_and_each_holds_its_data():
    manager = make_manager()
    rich = rich_person(manager)
    _copy_request(rich.beneficiary, manager)
    sections = {s["key"]: s for s in copy_of(rich.beneficiary)}
    exporting = {h.key for h in holders.holders() if h.export is not None}
    assert set(sections) == exporting
    assert RICH["first_name"] in _text(sections["privacy:beneficiary"])
    assert rich.beneficiary.identity_number in _text(sections["privacy:beneficiary"])
    assert CATEGORY_DETAIL in _text(sections["privacy:categories"])
    assert STATUS_REASON in _text(sections["privacy:status"])
    assert "18,000.00" in _text(sections["privacy:household"])
    assert "2,150.50" in _text(sections["privacy:income"])
    assert "730.00" in _text(sections["privacy:income"])
    assert len(sections["privacy:history"]["records"]) >= 4
    assert len(sections["privacy:read_log"]["records"]) == 2
    assert len(sections["privacy:requests"]["records"]) == 1


def test_the_copy_never_names_other_members_of_the_household():
    from silah.registry import services
    from silah.registry.factories import BeneficiaryFactory
    from silah.registry.models import Relationship

    manager = make_manager()
    rich = rich_person(manager)
    services.add_member(
        rich.household,
        BeneficiaryFactory(first_name="زينبية"),
        relationship=Relationship.DAUGHTER,
        actor=manager,
    )
    assert "زينبية" not in json.dumps(copy_of(rich.beneficiary), ensure_ascii=False)


def test_producing_the_copy_is_an_event_of_the_request(client):
    manager = make_manager()
    rich = rich_person(manager)
    request = _copy_request(rich.beneficiary, manager)
    client.force_login(manager)
    response = client.get(f"/beneficiaries/privacy/requests/{request.pk}/copy/")
    assert response.status_code == 200
    assert RICH["family_name"] in response.content.decode()
    assert request.events.filter(kind=PrivacyRequestEvent.Kind.COPY).count() == 1
    assert AccessLog.objects.filter(what="export", channel="export").count() == 1


def test_the_copy_as_json_is_machine_readable(client):
    manager = make_manager()
    rich = rich_person(manager)
    request = _copy_request(rich.beneficiary, manager)
    client.force_login(manager)
    response = client.get(f"/beneficiaries/privacy/requests/{request.pk}/copy.json")
    data = json.loads(response.content)
    assert data["reference"] == request.reference
    keys = [section["key"] for section in data["sections"]]
    assert "privacy:beneficiary" in keys and "privacy:read_log" in keys


def test_the_copy_as_pdf_is_a_pdf(client):
    manager = make_manager()
    rich = rich_person(manager)
    request = _copy_request(rich.beneficiary, manager)
    client.force_login(manager)
    response = client.get(f"/beneficiaries/privacy/requests/{request.pk}/copy.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_copy_as_pdf_gives_back_abdullah_whole(client):
    from silah.core.tests.pdf_text import pdf_text
    from silah.registry.factories import BeneficiaryFactory

    manager = make_manager()
    person = BeneficiaryFactory(first_name="عبدالله", family_name="العتيبي")
    request = _copy_request(person, manager)
    client.force_login(manager)
    response = client.get(f"/beneficiaries/privacy/requests/{request.pk}/copy.pdf")
    text = pdf_text(response.content)
    assert "عبدالله" in text
    assert "عبداهلل" not in text


def test_a_correction_request_gets_no_copy_and_nothing_is_recorded():
    manager = make_manager()
    rich = rich_person(manager)
    request = _copy_request(rich.beneficiary, manager, kind=PrivacyRequest.Kind.CORRECT)
    events = list(request.events.values())
    with pytest.raises(DomainError):
        privacy.produce_copy(request, actor=manager)
    assert list(request.events.values()) == events
    request.refresh_from_db()
    assert request.status == PrivacyRequest.Status.RECEIVED


def test_a_user_who_cannot_see_the_file_gets_a_404(client):
    from silah.accounts.factories import UserFactory

    manager = make_manager()
    rich = rich_person(manager)
    request = _copy_request(rich.beneficiary, manager)
    officer = UserFactory(roles=["relations_officer"])  # another branch
    client.force_login(officer)
    assert client.get(f"/beneficiaries/privacy/requests/{request.pk}/").status_code == 404
