"""Referral when the procedure is unclear, and a manager handing work over."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.applications import factories as f
from silah.applications import services, workflow
from silah.applications.models import Handover, Referral, ResearchVisit, Transition
from silah.applications.tests.helpers import receive, refused
from silah.core.errors import DomainError

pytestmark = pytest.mark.django_db

OFFICER_REFERRAL = {"referral": {"kind": "officer", "name": "مسؤول البحث الاجتماعي"}}


def test_the_officer_refers_to_the_officer_the_policy_names(beneficiary, officer, researcher):
    f.in_force_policy(**OFFICER_REFERRAL)
    referral = services.refer(
        beneficiary, actor=officer, note="لا يعرف أي خدمة تناسبه", target_user=researcher
    )
    assert (referral.target_kind, referral.target_name) == ("officer", "مسؤول البحث الاجتماعي")
    assert referral.is_open
    services.answer_referral(referral, actor=researcher, answer="تناسبه المساعدة العينية")
    referral.refresh_from_db()
    assert not referral.is_open
    assert referral.answered_by == researcher


def test_a_referral_on_a_request_is_in_its_history(beneficiary, service, officer, researcher):
    f.in_force_policy(**OFFICER_REFERRAL)
    application = receive(beneficiary, service, officer, ticked=[])
    services.refer(beneficiary, actor=officer, application=application, note="أي مستند يثبت الدخل؟")
    line = application.transitions.get(kind=Transition.Kind.REFERRAL)
    assert "مسؤول البحث الاجتماعي" in line.note


def test_no_referral_where_the_policy_names_no_one(beneficiary, officer):
    f.in_force_policy(referral={"kind": "none"})
    with refused(match="لا تسمي السياسة"):
        services.refer(beneficiary, actor=officer, note="سؤال")


def test_only_the_person_referred_to_answers(beneficiary, officer, researcher):
    f.in_force_policy(**OFFICER_REFERRAL)
    referral = services.refer(beneficiary, actor=officer, note="سؤال", target_user=researcher)
    other = UserFactory(roles=["social_researcher"])
    with pytest.raises(PermissionDenied):
        services.answer_referral(referral, actor=other, answer="رد")
    referral.refresh_from_db()
    assert referral.is_open


def test_a_referral_is_answered_once(beneficiary, officer, researcher):
    f.in_force_policy(**OFFICER_REFERRAL)
    referral = services.refer(beneficiary, actor=officer, note="سؤال", target_user=researcher)
    services.answer_referral(referral, actor=researcher, answer="رد")
    with pytest.raises(DomainError):
        services.answer_referral(referral, actor=researcher, answer="رد آخر")
    assert Referral.objects.get(pk=referral.pk).answer == "رد"


def test_a_manager_hands_a_researchers_open_work_to_a_colleague(
    policy, beneficiary, service, officer, manager, researcher
):
    application = receive(beneficiary, service, officer)
    application = workflow.send_to_research(
        application, actor=manager, expected_version=application.row_version, researcher=researcher
    )
    colleague = UserFactory(roles=["social_researcher"])
    version = application.row_version
    handover = services.hand_over(researcher, colleague, actor=manager, reason="إجازة سنوية")
    application.refresh_from_db()
    assert application.researcher == colleague
    assert application.row_version == version + 1
    assert application.visits.get().researcher == colleague
    assert handover.counts == {"applications": 1, "visits": 1, "referrals": 0}
    assert application.transitions.filter(kind=Transition.Kind.HANDED_OVER).exists()
    # The colleague now records the visit; the first researcher no longer can.
    with pytest.raises(PermissionDenied):
        workflow.record_visit(
            application,
            actor=researcher,
            expected_version=application.row_version,
            visited_on=date(2026, 1, 1),
            place="home",
            findings="x",
            recommendation="approve",
        )


def test_research_work_is_not_handed_to_someone_who_is_not_a_researcher(
    policy, beneficiary, service, officer, manager, researcher
):
    application = receive(beneficiary, service, officer)
    application = workflow.send_to_research(
        application, actor=manager, expected_version=application.row_version, researcher=researcher
    )
    with refused(application, match="باحثًا"):
        services.hand_over(researcher, officer, actor=manager, reason="إجازة")
    assert not Handover.objects.exists()


def test_only_a_manager_hands_work_over(researcher, officer):
    with pytest.raises(PermissionDenied):
        services.hand_over(researcher, UserFactory(), actor=officer, reason="إجازة")
    assert not ResearchVisit.objects.exists()
