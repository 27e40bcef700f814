"""The intake screen at the counter: find the beneficiary, pick the service, tick the
checklist (a document uploaded inline), take the attestation, submit."""

import pytest

from silah.applications import factories as f
from silah.applications.models import Application
from silah.audit.models import AccessLog
from silah.messaging.models import Message
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Attestation, Document
from silah.registry.tests.documents_helpers import PDF, upload

pytestmark = pytest.mark.django_db

INTAKE = "/requests/intake/"


def _requirements(service):
    return {r.kind: r for r in service.requirements.all()}


def _post(world, beneficiary=None, **overrides):
    beneficiary = beneficiary or world.beneficiary
    reqs = _requirements(world.service)
    data = {
        "service": world.service.pk,
        "channel": "interview",
        f"item_{reqs['item'].pk}": "on",
        f"item_{reqs['document'].pk}": "on",
        "note": "",
    }
    data.update(overrides)
    return f"{INTAKE}{beneficiary.pk}/", {k: v for k, v in data.items() if v is not None}


def test_the_officer_finds_the_beneficiary_by_file_number(client, world):
    client.force_login(world.officer)
    response = client.post(INTAKE, {"q": world.beneficiary.file_number})
    html = response.content.decode()
    assert response.status_code == 200
    assert world.beneficiary.full_name in html
    assert f"?beneficiary={world.beneficiary.pk}" in html


def test_the_search_never_finds_a_file_of_another_branch(client, world):
    client.force_login(world.other_officer)
    response = client.post(INTAKE, {"q": world.beneficiary.file_number})
    assert world.beneficiary.full_name not in response.content.decode()


def test_choosing_the_beneficiary_shows_the_services_of_their_branch_and_logs_the_read(
    client, world
):
    elsewhere = f.ServiceFactory(name="خدمة فرع آخر")
    elsewhere.branches.add(world.other_branch)
    client.force_login(world.officer)
    response = client.get(f"{INTAKE}?beneficiary={world.beneficiary.pk}")
    html = response.content.decode()
    assert world.service.name in html
    assert "خدمة فرع آخر" not in html
    assert AccessLog.objects.filter(user=world.officer, what="intake").exists()


def test_the_service_shows_its_checklist_deciding_body_and_deadline(client, world):
    client.force_login(world.officer)
    response = client.get(f"{INTAKE}?beneficiary={world.beneficiary.pk}&service={world.service.pk}")
    html = response.content.decode()
    assert "طلب موقّع" in html
    assert "إثبات الدخل" in html
    assert "الإدارة" in html
    assert "مهلة الرد" in html


def test_htmx_gets_only_the_request_part(client, world):
    client.force_login(world.officer)
    response = client.get(
        f"{INTAKE}?beneficiary={world.beneficiary.pk}&service={world.service.pk}",
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="intake-request">')
    assert "<html" not in html


def test_a_beneficiary_of_another_branch_is_not_found(client, world):
    client.force_login(world.other_officer)
    response = client.get(f"{INTAKE}?beneficiary={world.beneficiary.pk}")
    assert response.status_code == 404


def test_a_researcher_may_not_open_the_intake_screen(client, world):
    client.force_login(world.researcher)
    assert client.get(INTAKE).status_code == 403


def test_intake_records_a_complete_request_and_tells_the_beneficiary(client, world):
    client.force_login(world.officer)
    url, data = _post(world)
    response = client.post(url, data)
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/requests/{application.pk}/"
    assert application.state == "complete"
    assert application.channel == "interview"
    assert application.due_on is not None
    message = Message.objects.get(subject_ref=f"applications.application:{application.pk}")
    assert application.reference in message.body
    page = client.get(response["Location"]).content.decode()
    assert application.reference in page
    assert message.body.splitlines()[0] in page
    assert "طباعة إيصال الاستلام" in page


def test_intake_with_an_item_missing_says_what_is_missing(client, world):
    client.force_login(world.officer)
    reqs = _requirements(world.service)
    url, data = _post(world, **{f"item_{reqs['item'].pk}": None})
    response = client.post(url, data, follow=True)
    application = Application.objects.get()
    assert application.state == "received"
    assert "وينقصه: طلب موقّع" in response.content.decode()


def test_a_document_brought_now_is_uploaded_to_the_file_and_ticked(client, world):
    beneficiary = BeneficiaryFactory(branch=world.branch)
    f.attest(beneficiary)
    reqs = _requirements(world.service)
    client.force_login(world.officer)
    url, data = _post(world, beneficiary, **{f"file_{reqs['document'].pk}": upload("i.pdf", PDF)})
    response = client.post(url, data)
    assert response.status_code == 302
    document = Document.objects.get(beneficiary=beneficiary)
    item = Application.objects.get().checklist.get(requirement=reqs["document"])
    assert item.present and item.document == document


def test_a_ticked_document_that_is_not_on_file_asks_for_it_and_records_nothing(client, world):
    beneficiary = BeneficiaryFactory(branch=world.branch)
    reqs = _requirements(world.service)
    client.force_login(world.officer)
    url, data = _post(world, beneficiary)
    response = client.post(url, data)
    assert response.status_code == 400
    assert "لا يوجد في الملف مستند «إثبات الدخل»" in response.content.decode()
    assert Application.objects.count() == 0
    assert f"file_{reqs['document'].pk}" in response.content.decode()


def test_the_attestation_taken_on_screen_completes_the_request(client, world):
    beneficiary = BeneficiaryFactory(branch=world.branch)
    f.document(beneficiary)
    client.force_login(world.officer)
    page = client.get(f"{INTAKE}?beneficiary={beneficiary.pk}&service={world.service.pk}")
    assert "إقرار المستفيد بصحة بياناته" in page.content.decode()
    url, data = _post(world, beneficiary, typed_name=beneficiary.full_name, confirmed="on")
    response = client.post(url, data)
    assert response.status_code == 302
    assert Attestation.objects.filter(beneficiary=beneficiary).count() == 1
    assert Application.objects.get().state == "complete"


def test_a_wrong_name_for_the_attestation_is_refused_at_its_field_and_nothing_is_kept(
    client, world
):
    beneficiary = BeneficiaryFactory(branch=world.branch)
    f.document(beneficiary)
    client.force_login(world.officer)
    url, data = _post(world, beneficiary, typed_name="اسم آخر تماما", confirmed="on")
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'id="id_typed_name_error"' in response.content.decode()
    assert Attestation.objects.filter(beneficiary=beneficiary).count() == 0
    assert Application.objects.count() == 0


def test_a_form_without_the_channel_is_refused_at_its_field(client, world):
    client.force_login(world.officer)
    url, data = _post(world, channel="")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "اختر قناة الاستقبال." in response.content.decode()
    assert Application.objects.count() == 0
    assert Message.objects.count() == 0


def test_a_channel_the_policy_does_not_enable_is_refused(client, world):
    client.force_login(world.officer)
    url, data = _post(world, channel="fax")
    response = client.post(url, data)
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_a_second_open_request_for_the_same_service_is_refused_with_its_reference(client, world):
    first = world.receive()
    client.force_login(world.officer)
    url, data = _post(world)
    response = client.post(url, data)
    assert response.status_code == 400
    assert first.reference in response.content.decode()
    assert Application.objects.count() == 1


def test_registering_a_new_beneficiary_comes_back_to_intake_with_them(client, world):
    from silah.registry.factories import registration_fields

    client.force_login(world.officer)
    page = client.get(INTAKE).content.decode()
    assert "/beneficiaries/new/?next=%2Frequests%2Fintake%2F" in page
    fields = registration_fields(branch=world.branch, first_name="مريم", family_name="العتيبي")
    fields["branch"] = world.branch.pk
    fields["confirm_different"] = "on"
    response = client.post("/beneficiaries/new/?next=/requests/intake/", fields)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"].startswith("/requests/intake/?beneficiary=")


def test_registering_with_a_foreign_next_goes_to_the_file(client, world):
    from silah.registry.factories import registration_fields

    client.force_login(world.officer)
    fields = registration_fields(branch=world.branch, first_name="مريم", family_name="العتيبي")
    fields["branch"] = world.branch.pk
    fields["confirm_different"] = "on"
    response = client.post("/beneficiaries/new/?next=https://evil.example/", fields)
    assert response.status_code == 302
    assert response["Location"].startswith("/beneficiaries/")
