"""Every refused transition leaves the database as it was: no request, checklist, history,
clock or message row added or changed, and the request's own row untouched."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import BranchFactory, UserFactory
from silah.applications import factories as f
from silah.applications import workflow
from silah.applications.models import State
from silah.applications.tests.helpers import advance, receive, refused
from silah.core import dates
from silah.core.errors import DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture
def complete(policy, beneficiary, service, officer):
    return receive(beneficiary, service, officer)


@pytest.fixture
def people(officer, manager, researcher):
    return {"officer": officer, "manager": manager, "researcher": researcher}


def at(application, state, people):
    return advance(application, state, **people)


# -- stale forms -------------------------------------------------------------------------------

STALE_CASES = {
    "mark_complete": (
        "received",
        "officer",
        lambda app, actor, v: workflow.mark_complete(app, actor=actor, expected_version=v),
    ),
    "return_for_completion": (
        "complete",
        "officer",
        lambda app, actor, v: workflow.return_for_completion(
            app, actor=actor, expected_version=v, note="صورة الصك"
        ),
    ),
    "send_to_research": (
        "complete",
        "officer",
        lambda app, actor, v: workflow.send_to_research(app, actor=actor, expected_version=v),
    ),
    "record_visit": (
        "in_research",
        "researcher",
        lambda app, actor, v: workflow.record_visit(
            app,
            actor=actor,
            expected_version=v,
            visited_on=dates.today(),
            place="home",
            findings="x",
            recommendation="approve",
        ),
    ),
    "postpone_visit": (
        "in_research",
        "researcher",
        lambda app, actor, v: workflow.postpone_visit(
            app, actor=actor, expected_version=v, reason="سفر"
        ),
    ),
    "record_decision": (
        "in_review",
        "manager",
        lambda app, actor, v: workflow.record_decision(
            app, actor=actor, expected_version=v, outcome="approve"
        ),
    ),
    "start_delivery": (
        "approved",
        "officer",
        lambda app, actor, v: workflow.start_delivery(app, actor=actor, expected_version=v),
    ),
    "record_delivery": (
        "in_delivery",
        "officer",
        lambda app, actor, v: workflow.record_delivery(
            app,
            actor=actor,
            expected_version=v,
            kind="cash",
            amount=Decimal(100),
            receipt="signature",
            receipt_name=app.beneficiary.full_name,
            receipt_confirmed=True,
        ),
    ),
    "close": (
        "delivered",
        "officer",
        lambda app, actor, v: workflow.close(app, actor=actor, expected_version=v),
    ),
    "withdraw": (
        "complete",
        "officer",
        lambda app, actor, v: workflow.withdraw(app, actor=actor, expected_version=v, reason="x"),
    ),
}


@pytest.mark.parametrize("verb", sorted(STALE_CASES))
def test_a_stale_form_is_refused_and_nothing_changes(verb, policy, beneficiary, service, people):
    state, who, call = STALE_CASES[verb]
    if state == "received":
        application = receive(beneficiary, service, people["officer"], complete_if_ready=False)
    else:
        application = receive(beneficiary, service, people["officer"])
        if state != "complete":
            application = at(application, state, people)
    if verb == "record_decision":
        application.deciding_body = "management"
        application.save(update_fields=["deciding_body"])
    with refused(application, error=DomainError, match="عدّل شخص آخر"):
        call(application, people[who], application.row_version - 1)


def test_a_stale_checklist_tick_is_refused(policy, beneficiary, service, officer):
    application = receive(beneficiary, service, officer, ticked=[])
    item = application.checklist.get(kind="item")
    with refused(application, match="عدّل شخص آخر"):
        workflow.tick_item(item, actor=officer, expected_version=application.row_version - 1)


# -- wrong role --------------------------------------------------------------------------------


def test_a_researcher_cannot_receive_a_request(policy, beneficiary, service, researcher):
    with refused(error=PermissionDenied):
        receive(beneficiary, service, researcher)


def test_an_officer_of_another_branch_cannot_receive_for_this_file(policy, beneficiary, service):
    stranger = f.officer(BranchFactory())
    with refused(error=PermissionDenied):
        receive(beneficiary, service, stranger)


def test_an_officer_cannot_record_a_management_decision(complete, people):
    application = at(complete, "in_review", people)
    application.deciding_body = "management"
    application.save(update_fields=["deciding_body"])
    with refused(application, error=PermissionDenied):
        workflow.record_decision(
            application,
            actor=people["officer"],
            expected_version=application.row_version,
            outcome="approve",
        )


def test_a_committee_member_cannot_mark_a_request_complete(policy, beneficiary, service, officer):
    application = receive(beneficiary, service, officer, complete_if_ready=False)
    member = UserFactory(roles=["committee_member"])
    with refused(application, error=PermissionDenied):
        workflow.mark_complete(application, actor=member, expected_version=application.row_version)


def test_an_officer_of_another_branch_cannot_touch_the_request(
    policy, beneficiary, service, officer
):
    application = receive(beneficiary, service, officer, complete_if_ready=False)
    stranger = f.officer(BranchFactory())
    with refused(application, error=PermissionDenied):
        workflow.mark_complete(
            application, actor=stranger, expected_version=application.row_version
        )


def test_another_researcher_cannot_record_the_visit(complete, people):
    application = at(complete, "in_research", people)
    other = UserFactory(roles=["social_researcher"])
    with refused(application, error=PermissionDenied):
        workflow.record_visit(
            application,
            actor=other,
            expected_version=application.row_version,
            visited_on=dates.today(),
            place="home",
            findings="x",
            recommendation="approve",
        )


def test_an_officer_cannot_assign_a_researcher(complete, officer, researcher):
    with refused(complete, error=PermissionDenied):
        workflow.send_to_research(
            complete, actor=officer, expected_version=complete.row_version, researcher=researcher
        )


def test_assigning_someone_who_is_not_a_researcher_is_refused(complete, manager, officer):
    with refused(complete, match="باحثًا"):
        workflow.send_to_research(
            complete, actor=manager, expected_version=complete.row_version, researcher=officer
        )


def test_a_committee_decision_outside_an_agenda_is_refused(complete, people):
    application = at(complete, "in_review", people)
    with refused(application, error=PermissionDenied):
        workflow.approve(application, actor=people["manager"], agenda_item=None)


# -- preconditions -----------------------------------------------------------------------------


def test_a_request_with_a_missing_item_cannot_become_complete(
    policy, beneficiary, service, officer
):
    document_item = service.requirements.get(kind="document")
    ticked = [pk for pk in f.everything_present(service) if pk != document_item.pk]
    application = receive(beneficiary, service, officer, ticked=ticked)
    with refused(application, match="إثبات الدخل"):
        workflow.mark_complete(application, actor=officer, expected_version=application.row_version)


def test_a_file_changed_since_its_attestation_cannot_become_complete(
    policy, beneficiary, service, officer
):
    application = receive(beneficiary, service, officer, complete_if_ready=False)
    beneficiary.mobile = "+966509999999"
    beneficiary.save(update_fields=["mobile"])
    with refused(application, match="يُقرّ"):
        workflow.mark_complete(application, actor=officer, expected_version=application.row_version)


def test_the_attestation_item_cannot_be_ticked_without_a_current_attestation(
    policy, service, officer, branch
):
    from silah.registry.factories import BeneficiaryFactory

    beneficiary = BeneficiaryFactory(branch=branch)
    application = receive(beneficiary, service, officer, ticked=[])
    item = application.checklist.get(kind="attestation")
    with refused(application, match="الإقرار"):
        workflow.tick_item(item, actor=officer, expected_version=application.row_version)


def test_an_expired_document_does_not_tick_its_item(policy, service, officer, branch):
    from silah.registry.factories import BeneficiaryFactory

    beneficiary = BeneficiaryFactory(branch=branch)
    expired = f.document(beneficiary, expires_on=dates.today() - timedelta(days=3))
    application = receive(beneficiary, service, officer, ticked=[])
    item = application.checklist.get(kind="document")
    with refused(application, match="منتهي"):
        workflow.tick_item(
            item, actor=officer, expected_version=application.row_version, document=expired
        )


def test_an_ineligible_beneficiary_cannot_become_complete(policy, officer, branch):
    service = f.service_with_checklist(conditions=[{"type": "lawful_residence"}])
    visitor = f.ready_beneficiary(
        branch, identity_type="passport", identity_number="A1234567", nationality="YE"
    )
    application = receive(visitor, service, officer)
    assert application.state == State.RECEIVED
    with refused(application, match="شروط الاستحقاق"):
        workflow.mark_complete(application, actor=officer, expected_version=application.row_version)


def test_a_channel_the_policy_does_not_enable_is_refused(policy, beneficiary, service, officer):
    with refused(match="قناة الاستقبال"):
        receive(beneficiary, service, officer, channel="fax")


def test_a_second_open_request_for_the_same_service_is_refused(
    complete, beneficiary, service, officer
):
    with refused(complete, match=complete.reference):
        receive(beneficiary, service, officer)


def test_no_request_is_received_without_a_policy_in_force(beneficiary, service, officer):
    with refused(match="سياسة نافذة"):
        receive(beneficiary, service, officer)


def test_a_service_that_needs_research_cannot_skip_it(complete, officer):
    with refused(complete, match="بحثًا اجتماعيًا"):
        workflow.send_to_review(complete, actor=officer, expected_version=complete.row_version)


def test_returning_without_saying_what_is_missing_is_refused(complete, officer):
    with refused(complete, match="اذكر ما ينقص"):
        workflow.return_for_completion(
            complete, actor=officer, expected_version=complete.row_version
        )


def test_submitting_research_before_the_visit_is_refused(complete, people):
    application = at(complete, "in_research", people)
    with refused(application, match="سجّل الزيارة"):
        workflow.submit_research(
            application, actor=people["researcher"], expected_version=application.row_version
        )


def test_a_rejection_without_a_reason_is_refused(complete, people):
    application = at(complete, "in_review", people)
    application.deciding_body = "management"
    application.save(update_fields=["deciding_body"])
    with refused(application, match="سبب الرفض"):
        workflow.record_decision(
            application,
            actor=people["manager"],
            expected_version=application.row_version,
            outcome="reject",
            reason="  ",
        )


def test_an_external_answer_needs_the_letters_number_and_date(complete, people):
    application = at(complete, "in_review", people)
    application.deciding_body = "external_authority"
    application.save(update_fields=["deciding_body"])
    with refused(application, match="رقم خطاب"):
        workflow.record_decision(
            application,
            actor=people["manager"],
            expected_version=application.row_version,
            outcome="approve",
            external_date=dates.today(),
        )


def test_management_cannot_record_a_committees_decision(complete, people):
    application = at(complete, "in_review", people)
    assert application.deciding_body == "research_committee"
    with refused(application, match="لجنة البحث"):
        workflow.record_decision(
            application,
            actor=people["manager"],
            expected_version=application.row_version,
            outcome="approve",
        )


# -- wrong state -------------------------------------------------------------------------------


def test_delivery_before_approval_is_refused(complete, people):
    application = at(complete, "in_review", people)
    with refused(application, match="لا يمكن هذا الإجراء"):
        workflow.start_delivery(
            application, actor=people["officer"], expected_version=application.row_version
        )


def test_closing_an_approved_request_before_delivery_is_refused(complete, people):
    application = at(complete, "approved", people)
    with refused(application, match="لا يمكن هذا الإجراء"):
        workflow.close(
            application, actor=people["officer"], expected_version=application.row_version
        )


def test_a_decided_request_cannot_be_withdrawn(complete, people):
    application = at(complete, "approved", people)
    with refused(application, match="لا يمكن هذا الإجراء"):
        workflow.withdraw(
            application,
            actor=people["officer"],
            expected_version=application.row_version,
            reason="x",
        )


def test_a_delivery_receipt_with_the_wrong_name_is_refused(complete, people):
    application = at(complete, "in_delivery", people)
    with refused(application, match="اسمه الكامل"):
        workflow.record_delivery(
            application,
            actor=people["officer"],
            expected_version=application.row_version,
            kind="cash",
            amount=Decimal(100),
            receipt="signature",
            receipt_name="شخص آخر",
            receipt_confirmed=True,
        )


def test_in_kind_delivery_without_items_is_refused(complete, people):
    application = at(complete, "in_delivery", people)
    with refused(application, match="الأصناف"):
        workflow.record_delivery(
            application,
            actor=people["officer"],
            expected_version=application.row_version,
            kind="in_kind",
            receipt="signature",
            receipt_name=application.beneficiary.full_name,
            receipt_confirmed=True,
        )


def test_a_checklist_cannot_change_once_complete(complete, officer):
    item = complete.checklist.get(kind="item")
    with refused(complete, match="لا يمكن هذا الإجراء"):
        workflow.untick_item(item, actor=officer, expected_version=complete.row_version)
