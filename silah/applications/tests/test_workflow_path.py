"""A request along its path, verb by verb (the refusals are in test_workflow_refusals)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from silah.applications import clocks, workflow
from silah.applications import factories as f
from silah.applications.models import Decision, Disbursement, ResearchVisit, State, Transition
from silah.messaging.models import Message

pytestmark = pytest.mark.django_db

MONDAY = "2026-04-06 09:00 +03:00"


def receive(beneficiary, service, officer, **kwargs):
    kwargs.setdefault("ticked", f.everything_present(service))
    return workflow.receive(
        beneficiary=beneficiary, service=service, actor=officer, channel="interview", **kwargs
    )


@time_machine.travel(MONDAY, tick=False)
def test_a_request_with_everything_present_is_complete_at_intake_and_its_clock_runs(
    policy, beneficiary, service, officer
):
    application = receive(beneficiary, service, officer)
    assert application.reference.startswith("REQ-1447-")
    assert application.state == State.COMPLETE
    assert application.completed_on == date(2026, 4, 6)
    # 14 calendar days from Monday 6 April: Monday 20 April.
    assert application.due_on == date(2026, 4, 20)
    assert clocks.answer_clock(application).due_on == date(2026, 4, 20)
    assert application.policy_version == policy
    assert application.deciding_body == "research_committee"
    assert list(application.transitions.values_list("kind", "from_state", "to_state")) == [
        ("state", "", "received"),
        ("state", "received", "complete"),
        ("clock_started", "", ""),
    ]
    message = Message.objects.get(beneficiary=beneficiary)
    assert message.event == "request_complete"
    assert application.reference in message.body
    assert "لجنة البحث" in message.body


@time_machine.travel(MONDAY, tick=False)
def test_a_request_missing_an_item_stays_received_and_tells_what_is_missing(
    policy, beneficiary, service, officer
):
    document_item = service.requirements.get(kind="document")
    ticked = [pk for pk in f.everything_present(service) if pk != document_item.pk]
    application = receive(beneficiary, service, officer, ticked=ticked)
    assert application.state == State.RECEIVED
    assert application.due_on is None
    assert clocks.answer_clock(application) is None
    assert [item.label for item in workflow.missing_items(application)] == ["إثبات الدخل"]
    message = Message.objects.get(beneficiary=beneficiary)
    assert message.event == "request_incomplete"
    assert "إثبات الدخل" in message.body


@time_machine.travel(MONDAY, tick=False)
def test_ticking_the_last_item_then_marking_complete_starts_the_clock(
    policy, beneficiary, service, officer
):
    document_item = service.requirements.get(kind="document")
    ticked = [pk for pk in f.everything_present(service) if pk != document_item.pk]
    application = receive(beneficiary, service, officer, ticked=ticked)
    item = application.checklist.get(kind="document")
    application = workflow.tick_item(item, actor=officer, expected_version=application.row_version)
    item.refresh_from_db()
    assert item.present and item.document.document_type.code == "income_proof"
    application = workflow.mark_complete(
        application, actor=officer, expected_version=application.row_version
    )
    assert application.state == State.COMPLETE
    assert application.due_on == date(2026, 4, 20)
    assert Message.objects.filter(beneficiary=beneficiary, event="request_complete").exists()


def test_the_whole_path_research_review_decision_delivery_close(
    policy, beneficiary, service, officer, manager, researcher
):
    with time_machine.travel(MONDAY, tick=False):
        application = receive(beneficiary, service, officer)
        application = workflow.send_to_research(
            application,
            actor=manager,
            expected_version=application.row_version,
            researcher=researcher,
            planned_on=date(2026, 4, 8),
        )
        assert application.state == State.IN_RESEARCH
        assert application.researcher == researcher
        visit = application.visits.get()
        assert visit.status == ResearchVisit.Status.PLANNED
    with time_machine.travel("2026-04-08 10:00 +03:00", tick=False):
        application = workflow.record_visit(
            application,
            actor=researcher,
            expected_version=application.row_version,
            visited_on=date(2026, 4, 8),
            place="home",
            findings="أسرة من خمسة أفراد في شقة مستأجرة.",
            housing="rented",
            members_count=5,
            income_notes="ضمان اجتماعي فقط",
            needs="سداد الإيجار",
            recommendation="approve",
        )
        application = workflow.submit_research(
            application, actor=researcher, expected_version=application.row_version
        )
        assert application.state == State.IN_REVIEW
    with time_machine.travel("2026-04-12 10:00 +03:00", tick=False):
        application.deciding_body = "management"
        application.save(update_fields=["deciding_body"])
        application = workflow.record_decision(
            application,
            actor=manager,
            expected_version=application.row_version,
            outcome="approve",
        )
        assert application.state == State.APPROVED
        assert application.decision.outcome == Decision.Outcome.APPROVE
        status = clocks.status(application)
        assert status.state == "met"
        application = workflow.start_delivery(
            application, actor=officer, expected_version=application.row_version
        )
        assert application.state == State.IN_DELIVERY
        disbursement = workflow.record_delivery(
            application,
            actor=officer,
            expected_version=application.row_version,
            kind="cash",
            amount=Decimal("1500"),
            receipt="signature",
            receipt_name=beneficiary.full_name,
            receipt_confirmed=True,
        )
        assert disbursement.amount == Decimal("1500.00")
        application.refresh_from_db()
        assert application.state == State.DELIVERED
        application = workflow.close(
            application, actor=officer, expected_version=application.row_version
        )
    assert application.state == State.CLOSED
    states = list(
        application.transitions.filter(kind=Transition.Kind.STATE).values_list(
            "to_state", flat=True
        )
    )
    assert states == [
        "received",
        "complete",
        "in_research",
        "in_review",
        "approved",
        "in_delivery",
        "delivered",
        "closed",
    ]
    events = set(Message.objects.filter(beneficiary=beneficiary).values_list("event", flat=True))
    assert events == {"request_complete", "decision_approved", "delivery_ready"}
    assert Disbursement.objects.count() == 1
