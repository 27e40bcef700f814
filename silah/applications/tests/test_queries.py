"""The queues, who sees which request, kept promises, and aid totals."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.http import Http404

from silah.accounts.factories import BranchFactory, UserFactory
from silah.applications import access, queries, workflow
from silah.applications import factories as f
from silah.applications.tests.helpers import advance, receive
from silah.registry.access import beneficiaries_for
from silah.registry.factories import HouseholdFactory
from silah.registry.models import Membership

pytestmark = pytest.mark.django_db


def test_an_officer_sees_the_requests_of_their_branches_only(policy, beneficiary, service, officer):
    application = receive(beneficiary, service, officer)
    stranger = f.officer(BranchFactory())
    assert access.can_see(officer, application)
    assert not access.can_see(stranger, application)
    with pytest.raises(Http404):
        access.get_application_for(stranger, application.pk)
    with pytest.raises(Http404):
        access.get_application_for(officer, "not-a-number")


def test_a_researcher_sees_the_request_and_the_file_assigned_to_them(
    policy, beneficiary, service, officer, manager, researcher
):
    application = receive(beneficiary, service, officer)
    assert not access.can_see(researcher, application)
    assert not beneficiaries_for(researcher).filter(pk=beneficiary.pk).exists()
    workflow.send_to_research(
        application, actor=manager, expected_version=application.row_version, researcher=researcher
    )
    assert access.can_see(researcher, application)
    assert beneficiaries_for(researcher).filter(pk=beneficiary.pk).exists()


def test_roles_without_requests_see_none(policy, beneficiary, service, officer):
    receive(beneficiary, service, officer)
    assert not access.applications_for(UserFactory(roles=["hr"])).exists()
    assert not access.applications_for(UserFactory()).exists()


def test_the_queues_follow_the_request(policy, beneficiary, service, officer, manager, researcher):
    with time_machine.travel("2026-04-06 09:00 +03:00", tick=False):
        application = receive(beneficiary, service, officer, ticked=[])
        assert list(queries.intake_today(officer)) == [application]
        assert list(queries.waiting_for_completion(officer)) == [application]
        application = receive(
            beneficiary, f.service_with_checklist(), officer
        )  # a second, complete one
        assert application in queries.waiting_for_routing(officer)
        application = workflow.send_to_research(
            application,
            actor=manager,
            expected_version=application.row_version,
            researcher=researcher,
        )
        assert [visit.application for visit in queries.my_visits(researcher)] == [application]
        application = advance(
            application, "in_review", officer=officer, manager=manager, researcher=researcher
        )
        assert list(queries.in_review(manager, deciding_body="research_committee")) == [application]
        assert not queries.my_visits(researcher).exists()


def test_late_and_at_risk_lists(policy, beneficiary, service, officer):
    with time_machine.travel("2026-04-06 09:00 +03:00", tick=False):
        application = receive(beneficiary, service, officer)  # due Monday 20 April
    assert application.at_risk_on == date(2026, 4, 18)  # 14 × 20% = 2 days before
    assert not queries.at_risk(officer, today=date(2026, 4, 17)).exists()
    assert list(queries.at_risk(officer, today=date(2026, 4, 18))) == [application]
    assert not queries.late(officer, today=date(2026, 4, 20)).exists()
    assert list(queries.late(officer, today=date(2026, 4, 21))) == [application]
    assert list(queries.late_or_at_risk(officer, today=date(2026, 4, 21))) == [application]


def test_promises_kept_and_missed_in_a_month(
    policy, beneficiary, service, officer, manager, researcher
):
    with time_machine.travel("2026-04-06 09:00 +03:00", tick=False):
        application = receive(beneficiary, service, officer)
        advance(application, "approved", officer=officer, manager=manager, researcher=researcher)
    result = queries.promises(date(2026, 4, 1), date(2026, 4, 30), today=date(2026, 4, 30))
    assert (result.met, result.missed, result.open_late) == (1, 0, 0)


def test_aid_totals_per_beneficiary_and_household(
    policy, branch, service, officer, manager, researcher
):
    from silah.registry.factories import BeneficiaryFactory

    head = BeneficiaryFactory(branch=branch)
    spouse = BeneficiaryFactory(branch=branch, first_name="نورة")
    household = HouseholdFactory(head=head)
    Membership.objects.create(
        household=household, beneficiary=head, relationship="head", joined_on=date(2020, 1, 1)
    )
    Membership.objects.create(
        household=household, beneficiary=spouse, relationship="spouse", joined_on=date(2020, 1, 1)
    )
    for person in (head, spouse):  # attested after joining: the household is attested data
        f.document(person)
        f.attest(person)
    for person, amount in ((head, "1000"), (spouse, "500")):
        application = advance(
            receive(person, service, officer),
            "in_delivery",
            officer=officer,
            manager=manager,
            researcher=researcher,
        )
        workflow.record_delivery(
            application,
            actor=officer,
            expected_version=application.row_version,
            kind="cash",
            amount=Decimal(amount),
            receipt="signature",
            receipt_name=person.full_name,
            receipt_confirmed=True,
        )
    assert queries.totals_for_beneficiary(head).cash == Decimal("1000.00")
    totals = queries.totals_for_household(household)
    assert totals.cash == Decimal("1500.00")
    assert totals.deliveries == 2
    assert (
        queries.totals_for_household(household, start=date(2000, 1, 1), end=date(2001, 1, 1)).cash
        == 0
    )


def test_the_month_of_a_day():
    from silah.applications.cards import month_of

    assert month_of(date(2026, 2, 14)) == (date(2026, 2, 1), date(2026, 2, 28))
    assert month_of(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_the_manager_sees_the_promises_card_and_an_officer_does_not(rf, manager, officer):
    from silah.applications.cards import promises_card

    request = rf.get("/")
    request.user = manager
    card = promises_card(request)
    assert card is not None and card.items[0][1] == "0"
    request.user = officer
    assert promises_card(request) is None
