"""The request page: what it shows, who may open it, the actions it offers in each state,
and each action's form — a bad form or a stale one changes nothing."""

import pytest

from silah.accounts.factories import UserFactory
from silah.applications import factories as f
from silah.applications.models import Application, Referral
from silah.applications.tests.screens.support import unchanged
from silah.registry.factories import BeneficiaryFactory
from silah.registry.tests.documents_helpers import PDF, upload

pytestmark = pytest.mark.django_db


def page(client, application):
    return client.get(f"/requests/{application.pk}/")


def act(client, application, action, **data):
    data.setdefault("row_version", application.row_version)
    return client.post(f"/requests/{application.pk}/{action}/", data)


def _counts():
    return {
        "applications": Application.objects.count(),
        "referrals": Referral.objects.count(),
    }


# -- seeing the page -------------------------------------------------------------------------


def test_the_page_shows_the_reference_the_deciding_body_and_the_due_date(client, world):
    application = world.receive()
    client.force_login(world.officer)
    html = page(client, application).content.decode()
    assert application.reference in html
    assert world.beneficiary.full_name in html
    assert "الإدارة" in html
    assert "باقٍ" in html  # the clock badge
    assert f"/requests/{application.pk}/receipt.pdf" in html


def test_the_history_shows_the_clock_starting(client, world):
    application = world.receive()
    client.force_login(world.officer)
    html = page(client, application).content.decode()
    assert "بدأ احتساب المهلة" in html


def test_an_officer_of_another_branch_gets_404(client, world):
    application = world.receive()
    client.force_login(world.other_officer)
    assert page(client, application).status_code == 404


def test_staff_without_a_role_that_sees_requests_get_404(client, world):
    application = world.receive()
    hr = UserFactory(roles=["hr"])
    world.acknowledge(hr)
    client.force_login(hr)
    assert page(client, application).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, world):
    application = world.receive()
    response = page(client, application)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_researcher_sees_the_request_assigned_to_them_but_not_others(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    assert page(client, application).status_code == 200
    client.force_login(world.other_researcher)
    assert page(client, application).status_code == 404


# -- the actions offered -------------------------------------------------------------------


def test_the_officer_on_a_complete_request_may_send_it_to_research_not_decide(client, world):
    application = world.receive()
    client.force_login(world.officer)
    html = page(client, application).content.decode()
    assert f"/requests/{application.pk}/send_to_research/" in html
    assert f"/requests/{application.pk}/decide/" not in html
    assert 'name="researcher"' not in html  # assigning is the manager's


def test_the_manager_on_a_request_in_review_may_record_the_decision(client, world):
    application = world.in_review()
    client.force_login(world.manager)
    html = page(client, application).content.decode()
    assert f"/requests/{application.pk}/decide/" in html
    assert f"/requests/{application.pk}/send_to_research/" not in html


def test_a_request_before_a_committee_links_to_its_next_meeting(client, world):
    from silah.committees.factories import MeetingFactory

    application = world.in_review()
    application.deciding_body = "research_committee"
    application.save(update_fields=["deciding_body"])
    meeting = MeetingFactory()
    client.force_login(world.manager)
    html = page(client, application).content.decode()
    assert f"/committees/meetings/{meeting.pk}/" in html
    assert f"/requests/{application.pk}/decide/" not in html


# -- the actions ---------------------------------------------------------------------------


def test_ticking_an_item_and_marking_the_request_complete(client, world):
    reqs = {r.kind: r for r in world.service.requirements.all()}
    application = world.receive(ticked=[reqs["document"].pk, reqs["attestation"].pk])
    assert application.state == "received"
    item = application.checklist.get(requirement=reqs["item"])
    client.force_login(world.officer)
    response = act(client, application, "tick", item=item.pk, present="1")
    assert response.status_code == 302
    application.refresh_from_db()
    response = act(client, application, "complete")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "complete"
    assert application.due_on is not None


def test_a_document_uploaded_on_the_request_page_goes_to_the_file(client, world):
    beneficiary = BeneficiaryFactory(branch=world.branch)
    f.attest(beneficiary)
    reqs = {r.kind: r for r in world.service.requirements.all()}
    application = world.receive(beneficiary=beneficiary, ticked=[reqs["item"].pk])
    item = application.checklist.get(requirement=reqs["document"])
    client.force_login(world.officer)
    response = client.post(
        f"/requests/{application.pk}/tick/",
        {
            "row_version": application.row_version,
            "item": item.pk,
            "present": "1",
            "file": upload("income.pdf", PDF),
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.present and item.document.beneficiary == beneficiary


def test_marking_complete_with_an_item_missing_is_refused_and_changes_nothing(client, world):
    reqs = {r.kind: r for r in world.service.requirements.all()}
    application = world.receive(ticked=[reqs["document"].pk, reqs["attestation"].pk])
    client.force_login(world.officer)
    with unchanged(application):
        response = act(client, application, "complete")
    assert response.status_code == 400
    assert "لا يكتمل الطلب وينقصه: طلب موقّع." in response.content.decode()


def test_a_stale_form_is_refused_with_the_workflows_message(client, world):
    application = world.receive()
    opened_at = application.row_version
    client.force_login(world.manager)
    act(client, application, "send_to_research", researcher=world.researcher.pk, place="home")
    application.refresh_from_db()
    client.force_login(world.officer)
    with unchanged(application):
        response = act(client, application, "withdraw", row_version=opened_at, reason="سافر")
    assert response.status_code == 400
    assert "عدّل شخص آخر هذا الطلب بعد أن فتحته" in response.content.decode()


def test_a_form_without_its_version_is_refused(client, world):
    application = world.receive()
    client.force_login(world.officer)
    with unchanged(application):
        response = client.post(f"/requests/{application.pk}/withdraw/", {"reason": "سافر"})
    assert response.status_code == 400
    assert "أعد فتح الطلب" in response.content.decode()


def test_the_manager_sends_to_research_with_a_researcher(client, world):
    application = world.receive()
    client.force_login(world.manager)
    response = act(
        client, application, "send_to_research", researcher=world.researcher.pk, place="home"
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "in_research"
    assert application.researcher == world.researcher


def test_assigning_needs_a_researcher_at_its_field(client, world):
    application = world.in_research()
    client.force_login(world.manager)
    with unchanged(application):
        response = act(client, application, "assign", place="home")
    assert response.status_code == 400
    assert 'id="assign_researcher_error"' in response.content.decode()


def test_a_researcher_may_not_assign_requests(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    with unchanged(application):
        response = act(
            client, application, "assign", researcher=world.other_researcher.pk, place="home"
        )
    assert response.status_code == 403


def test_recording_the_managements_decision(client, world):
    application = world.in_review()
    client.force_login(world.manager)
    response = act(client, application, "decide", outcome="approve", reason="")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "approved"
    html = page(client, application).content.decode()
    assert f"/requests/{application.pk}/decision.pdf" in html


def test_a_rejection_without_a_reason_is_refused_at_its_field(client, world):
    application = world.in_review()
    client.force_login(world.manager)
    with unchanged(application):
        response = act(client, application, "decide", outcome="reject", reason="")
    assert response.status_code == 400
    assert 'id="decide_reason_error"' in response.content.decode()


def test_an_officer_may_not_record_a_decision(client, world):
    application = world.in_review()
    client.force_login(world.officer)
    with unchanged(application):
        response = act(client, application, "decide", outcome="approve")
    assert response.status_code == 403


def test_returning_for_completion_names_what_is_missing(client, world):
    application = world.receive()
    item = application.checklist.first()
    client.force_login(world.officer)
    response = act(client, application, "return", missing=[item.pk], note="صورة صك الإعالة")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "returned"
    assert application.clock_paused


def test_returning_without_saying_what_is_missing_is_refused(client, world):
    application = world.receive()
    client.force_login(world.officer)
    with unchanged(application):
        response = act(client, application, "return", note="")
    assert response.status_code == 400
    assert "اذكر ما ينقص الطلب" in response.content.decode()


def test_referring_from_the_request(client, world):
    application = world.receive()
    client.force_login(world.officer)
    response = act(client, application, "refer", note="لم يتضح هل تشمله الخدمة")
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.application == application
    assert "أحيل إلى" in page(client, application).content.decode()


def test_a_referral_without_a_note_is_refused(client, world):
    application = world.receive()
    client.force_login(world.officer)
    before = _counts()
    response = act(client, application, "refer", note="")
    assert response.status_code == 400
    assert _counts() == before


def test_starting_delivery_and_closing(client, world):
    application = world.approved()
    client.force_login(world.officer)
    assert act(client, application, "start_delivery", place="مقر الجمعية").status_code == 302
    application.refresh_from_db()
    assert application.state == "in_delivery"
    response = act(client, application, "close")
    assert response.status_code == 400  # not delivered yet
    assert "لا يمكن هذا الإجراء" in response.content.decode()


def test_withdrawing_stops_the_clock(client, world):
    application = world.receive()
    client.force_login(world.officer)
    assert act(client, application, "withdraw", reason="تنازل عن الطلب").status_code == 302
    application.refresh_from_db()
    assert application.state == "withdrawn"


def test_an_unknown_action_is_404(client, world):
    application = world.receive()
    client.force_login(world.officer)
    assert act(client, application, "explode").status_code == 404


def test_the_receipt_pdf(client, world):
    application = world.receive()
    client.force_login(world.officer)
    response = client.get(f"/requests/{application.pk}/receipt.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_no_decision_letter_before_the_decision(client, world):
    application = world.receive()
    client.force_login(world.officer)
    assert client.get(f"/requests/{application.pk}/decision.pdf").status_code == 404
