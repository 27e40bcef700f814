"""One request through its whole path under each of the five presets, with no code that
knows which association it runs for: every difference comes from the preset's rules.

Deadlines are checked against the Saudi calendar core seeds (Friday and Saturday off;
Eid al-Adha 1447: Day of Arafah Tuesday 26 May 2026 to Friday 29 May, compensation day
Sunday 31 May).
"""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from silah.accounts.factories import BranchFactory, UserFactory
from silah.applications import clocks, services, workflow
from silah.applications import factories as f
from silah.applications.models import Decision, Disbursement, State, Transition
from silah.applications.tests.helpers import refused
from silah.committees import services as committees
from silah.committees.factories import held_meeting, seated_committee
from silah.committees.models import CommitteeKind
from silah.core.clock import ClockState
from silah.messaging.models import Message
from silah.policy.models import PolicyVersion
from silah.policy.presets import create_association_from_preset
from silah.policy.services import record_approval
from silah.services import programmes
from silah.services.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def travel(day: str):
    return time_machine.travel(f"{day} 09:00 +03:00", tick=False)


def association(code: str) -> PolicyVersion:
    """The association from the preset, its version in force (a draft preset approved by the
    board on 1 January 2026)."""
    admin = UserFactory(roles=["administrator"])
    _organization, version = create_association_from_preset(code, actor=admin)
    if version.status != PolicyVersion.Status.APPROVED:
        version = record_approval(
            version, actor=admin, resolution_number="2026/1", approved_on=date(2026, 1, 1)
        )
    return version


class Staff:
    def __init__(self) -> None:
        self.branch = BranchFactory()
        self.officer = UserFactory(roles=["relations_officer"], branches=[self.branch])
        self.manager = UserFactory(roles=["manager"])
        self.researcher = UserFactory(roles=["social_researcher"])


def decide_in_committee(kind: str, application, *, outcome: str, reason: str = ""):
    seated = seated_committee(members=2, quorum=3, kind=kind)
    meeting = held_meeting(seated, held_on=date.today())  # noqa: DTZ011 -- travelled date
    [item] = committees.build_agenda(meeting, actor=seated.secretary)
    assert item.object_id == application.pk
    committees.record_votes(
        item,
        choices=dict.fromkeys(seated.everyone, "approve" if outcome == "approved" else "reject"),
        actor=seated.secretary,
    )
    committees.decide_item(item, outcome=outcome, reason=reason, actor=seated.chair)
    application.refresh_from_db()
    return application


def states(application) -> list[str]:
    return list(
        application.transitions.filter(kind=Transition.Kind.STATE).values_list(
            "to_state", flat=True
        )
    )


def events(beneficiary) -> list[str]:
    return list(
        Message.objects.filter(beneficiary=beneficiary)
        .order_by("pk")
        .values_list("event", flat=True)
    )


def test_000_amal_research_committee_two_weeks_with_a_visit_postponed(db):
    version = association("amal_allith")
    staff = Staff()
    beneficiary = f.ready_beneficiary(staff.branch)
    service = f.service_with_checklist(kind="in_kind", name="سلة غذائية")
    with travel("2026-04-06"), refused(match="قناة الاستقبال"):
        workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=staff.officer,
            channel="branches_offices",  # not one of Amal's seven channels
            ticked=f.everything_present(service),
        )
    with travel("2026-04-06"):  # Monday
        application = workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=staff.officer,
            channel="help_request_services",
            ticked=f.everything_present(service),
        )
        assert application.state == State.COMPLETE
        assert application.policy_version == version
        assert application.deciding_body == "research_committee"
        assert application.due_on == date(2026, 4, 20)  # 14 calendar days
        application = workflow.send_to_research(
            application,
            actor=staff.manager,
            expected_version=application.row_version,
            researcher=staff.researcher,
            planned_on=date(2026, 4, 8),
        )
    with travel("2026-04-08"):  # 12 days left when the beneficiary asks to postpone
        application = workflow.postpone_visit(
            application,
            actor=staff.researcher,
            expected_version=application.row_version,
            reason="المستفيدة في المستشفى",
        )
        assert clocks.status(application).state == ClockState.PAUSED
    with travel("2026-04-12"):  # Sunday: the visit; 12 days from today is Friday 24 April
        application = workflow.record_visit(
            application,
            actor=staff.researcher,
            expected_version=application.row_version,
            visited_on=date(2026, 4, 12),
            place="home",
            findings="أسرة من ستة أفراد، العائل متوفى.",
            housing="rented",
            members_count=6,
            needs="سلة غذائية شهرية",
            recommendation="approve",
        )
        # Friday 24 April is the weekend: the calendar-day deadline moves to Sunday 26.
        assert application.due_on == date(2026, 4, 26)
        application = workflow.submit_research(
            application, actor=staff.researcher, expected_version=application.row_version
        )
    with travel("2026-04-23"):
        application = decide_in_committee(CommitteeKind.RESEARCH, application, outcome="approved")
        assert application.state == State.APPROVED
        assert application.decision.body == "research_committee"
        assert clocks.status(application).state == ClockState.MET
        application = workflow.start_delivery(
            application,
            actor=staff.officer,
            expected_version=application.row_version,
            on=date(2026, 4, 26),
            place="مقر الجمعية بالليث",
        )
    with travel("2026-04-26"):
        workflow.record_delivery(
            application,
            actor=staff.officer,
            expected_version=application.row_version,
            kind="in_kind",
            items=[("سلة غذائية", 1, "سلة")],
            receipt="signature",
            receipt_name=beneficiary.full_name,
            receipt_confirmed=True,
        )
        application.refresh_from_db()
        application = workflow.close(
            application, actor=staff.officer, expected_version=application.row_version
        )
    assert states(application) == [
        "received",
        "complete",
        "in_research",
        "in_review",
        "approved",
        "in_delivery",
        "delivered",
        "closed",
    ]
    assert events(beneficiary) == ["request_complete", "decision_approved", "delivery_scheduled"]


def test_001_samtah_competent_committee_15_working_days_across_eid_on_the_agreed_channel(db):
    association("samtah_coop")
    staff = Staff()
    beneficiary = f.ready_beneficiary(staff.branch, preferred_channel="whatsapp")
    service = f.service_with_checklist(needs_research=False)
    document_item = service.requirements.get(kind="document")
    beneficiary.documents.all().delete()
    with travel("2026-05-20"):  # the income proof is missing
        application = workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=staff.officer,
            channel="fax",
            ticked=[pk for pk in f.everything_present(service) if pk != document_item.pk],
        )
        assert application.state == State.RECEIVED
        assert application.due_on is None
    with travel("2026-05-21"):  # Thursday: the proof is brought, the request is complete
        f.document(beneficiary)
        application = workflow.tick_item(
            application.checklist.get(kind="document"),
            actor=staff.officer,
            expected_version=application.row_version,
        )
        application = workflow.mark_complete(
            application, actor=staff.officer, expected_version=application.row_version
        )
        assert application.deciding_body == "competent_committee"
        # 15 working days from completeness: 24, 25 May; Eid 26–29, the weekend and the
        # compensation day 31 May are not counted; 1 June … Wednesday 17 June.
        assert application.due_on == date(2026, 6, 17)
        application = workflow.send_to_review(
            application, actor=staff.officer, expected_version=application.row_version
        )
    with travel("2026-06-16"):
        assert clocks.status(application).state == ClockState.AT_RISK
        application = decide_in_committee(CommitteeKind.COMPETENT, application, outcome="approved")
        assert clocks.status(application).state == ClockState.MET
        application = workflow.start_delivery(
            application, actor=staff.officer, expected_version=application.row_version
        )
        workflow.record_delivery(
            application,
            actor=staff.officer,
            expected_version=application.row_version,
            kind="cash",
            amount=Decimal("2000"),
            receipt="slip",
            receipt_document=f.document(beneficiary, "other"),
        )
        application.refresh_from_db()
        application = workflow.close(
            application, actor=staff.officer, expected_version=application.row_version
        )
    assert application.state == State.CLOSED
    messages = Message.objects.filter(beneficiary=beneficiary).order_by("pk")
    assert [m.event for m in messages] == [
        "request_incomplete",
        "request_complete",
        "decision_approved",
        "delivery_ready",
    ]
    assert {m.channel for m in messages} == {"whatsapp"}
    complete = messages.get(event="request_complete")
    assert "اللجنة المختصة" in complete.body and "يونيو 2026" in complete.body


def test_002_quwayiyah_office_representatives_and_referral_to_the_research_officer(db):
    association("quwayiyah_coop")
    staff = Staff()
    beneficiary = f.ready_beneficiary(staff.branch)
    service = f.service_with_checklist()
    with travel("2026-04-06"):
        referral = services.refer(
            beneficiary,
            actor=staff.officer,
            note="لا يعرف أي خدمات الدعم تناسبه",
            target_user=staff.researcher,
        )
        assert (referral.target_kind, referral.target_name) == (
            "officer",
            "مسؤول البحث الاجتماعي",
        )
        services.answer_referral(
            referral, actor=staff.researcher, answer="تناسبه الإعانة المالية المقطوعة"
        )
        application = workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=staff.officer,
            channel="office_representatives",
            ticked=f.everything_present(service),
        )
        assert application.channel == "office_representatives"
        assert application.due_on == date(2026, 4, 20)
        application = workflow.send_to_research(
            application,
            actor=staff.manager,
            expected_version=application.row_version,
            researcher=staff.researcher,
        )
    with travel("2026-04-09"):
        application = workflow.record_visit(
            application,
            actor=staff.researcher,
            expected_version=application.row_version,
            visited_on=date(2026, 4, 9),
            place="office",
            findings="دخل الأسرة من راتب ثابت يكفي حاجتها.",
            recommendation="reject",
            recommendation_note="الدخل أعلى من حد الاستحقاق",
        )
        application = workflow.submit_research(
            application, actor=staff.researcher, expected_version=application.row_version
        )
    with travel("2026-04-14"):
        application = decide_in_committee(
            CommitteeKind.RESEARCH,
            application,
            outcome="rejected",
            reason="دخل الأسرة أعلى من حد الاستحقاق المعتمد",
        )
        assert application.state == State.REJECTED
        assert application.decision.outcome == Decision.Outcome.REJECT
        application = workflow.close(
            application, actor=staff.officer, expected_version=application.row_version
        )
    assert states(application)[-2:] == ["rejected", "closed"]
    rejected = Message.objects.get(beneficiary=beneficiary, event="decision_rejected")
    assert "دخل الأسرة أعلى من حد الاستحقاق المعتمد" in rejected.body


def test_003_ahsa_eligibility_refused_then_an_external_authoritys_answer_without_deadline(db):
    association("ahsa_prisoners")
    staff = Staff()
    service = f.service_with_checklist(kind="programme", name="برنامج تأهيل", needs_research=False)
    programme = ProgrammeFactory(
        service=service,
        paid=True,
        starts_on=date(2026, 4, 12),
        ends_on=date(2026, 6, 30),
    )  # 250 riyals, announced on 5 April
    visitor = f.ready_beneficiary(
        staff.branch, identity_type="passport", identity_number="P1234567", nationality="YE"
    )
    resident = f.ready_beneficiary(staff.branch)
    with travel("2026-04-06"):
        refused_one = workflow.receive(
            beneficiary=visitor,
            service=service,
            actor=staff.officer,
            channel="interview",
            ticked=f.everything_present(service),
        )
        assert refused_one.state == State.RECEIVED  # everything present, but not eligible
        with refused(refused_one, match="إقامة نظامية") as error:
            workflow.mark_complete(
                refused_one, actor=staff.officer, expected_version=refused_one.row_version
            )
        assert "شروط الاستحقاق" in error.value.message
        application = workflow.receive(
            beneficiary=resident,
            service=service,
            actor=staff.officer,
            channel="website",
            ticked=f.everything_present(service),
        )
        assert application.state == State.COMPLETE
        assert application.deciding_body == "external_authority"
        assert application.due_on is None
        assert clocks.status(application).state == ClockState.NO_DEADLINE
        complete = Message.objects.get(beneficiary=resident, event="request_complete")
        assert "فور صدور القرار" in complete.body
        application = workflow.send_to_review(
            application, actor=staff.officer, expected_version=application.row_version
        )
    with travel("2026-05-10"):  # the authority's letter of 7 May arrives
        application = workflow.record_decision(
            application,
            actor=staff.manager,
            expected_version=application.row_version,
            outcome="approve",
            external_reference="1447/55/ت",
            external_date=date(2026, 5, 7),
        )
        decision = application.decision
        assert (decision.body, decision.external_reference) == ("external_authority", "1447/55/ت")
        assert clocks.status(application).state == ClockState.NO_DEADLINE
        application = workflow.start_delivery(
            application, actor=staff.officer, expected_version=application.row_version
        )
        enrollment = programmes.enroll(programme, resident, actor=staff.officer)
        disbursement = workflow.record_delivery(
            application,
            actor=staff.officer,
            expected_version=application.row_version,
            kind="programme_place",
            enrollment=enrollment,
            receipt="signature",
            receipt_name=resident.full_name,
            receipt_confirmed=True,
        )
        assert disbursement.kind == Disbursement.Kind.PROGRAMME_PLACE
        assert disbursement.enrollment.programme.fee_amount == Decimal("250")
        application.refresh_from_db()
        application = workflow.close(
            application, actor=staff.officer, expected_version=application.row_version
        )
    assert application.state == State.CLOSED


def test_004_tabuk_management_decides_within_one_week_received_at_a_branch_office(db):
    association("tabuk_health")
    staff = Staff()
    beneficiary = f.ready_beneficiary(staff.branch)
    service = f.service_with_checklist(kind="health", name="جلسة علاج طبيعي", needs_research=False)
    with travel("2026-05-21"):  # Thursday before the Day of Arafah
        application = workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=staff.officer,
            channel="branches_offices",
            ticked=f.everything_present(service),
        )
        assert application.deciding_body == "management"
        # One week: Thursday 28 May is inside Eid; 29 Eid, 30 Saturday, 31 compensation:
        # Monday 1 June.
        assert application.due_on == date(2026, 6, 1)
        application = workflow.send_to_review(
            application, actor=staff.officer, expected_version=application.row_version
        )
    with travel("2026-06-01"):
        with refused(application, match="صلاحية"):
            workflow.record_decision(
                application,
                actor=staff.officer,
                expected_version=application.row_version,
                outcome="approve",
            )
        application = workflow.record_decision(
            application,
            actor=staff.manager,
            expected_version=application.row_version,
            outcome="approve",
        )
        assert clocks.status(application).state == ClockState.MET
        assert application.decision.body == "management"
        application = workflow.start_delivery(
            application, actor=staff.officer, expected_version=application.row_version
        )
        workflow.record_delivery(
            application,
            actor=staff.officer,
            expected_version=application.row_version,
            kind="session",
            description="جلسة علاج طبيعي في مركز الجمعية",
            receipt="signature",
            receipt_name=beneficiary.full_name,
            receipt_confirmed=True,
        )
        application.refresh_from_db()
        application = workflow.close(
            application, actor=staff.officer, expected_version=application.row_version
        )
    assert application.state == State.CLOSED
    assert application.channel == "branches_offices"
