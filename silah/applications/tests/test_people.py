"""What requests hold for a person: merge, the PDPL copy, destruction."""

import pytest

from silah.applications import people
from silah.applications.models import ResearchVisit
from silah.applications.tests.helpers import advance, receive
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


def test_a_merged_files_requests_move_to_the_survivor(policy, beneficiary, service, officer):
    application = receive(beneficiary, service, officer)
    survivor = BeneficiaryFactory(branch=beneficiary.branch)
    people.merge(survivor, beneficiary)
    application.refresh_from_db()
    assert application.beneficiary == survivor


def test_the_copy_lists_the_requests_and_what_was_delivered(
    policy, beneficiary, service, officer, manager, researcher
):
    application = advance(
        receive(beneficiary, service, officer),
        "delivered",
        officer=officer,
        manager=manager,
        researcher=researcher,
    )
    sections = people.export(beneficiary)
    requests, deliveries, visits = (section["rows"] for section in sections)
    assert requests[0]["رقم الطلب"] == application.reference
    assert len(deliveries) == 1 and len(visits) == 1


def test_no_destruction_while_a_request_is_undecided(policy, beneficiary, service, officer):
    receive(beneficiary, service, officer)
    with pytest.raises(DomainError):
        people.destroy(beneficiary)


def test_destruction_erases_the_visits_findings_and_keeps_the_request(
    policy, beneficiary, service, officer, manager, researcher
):
    application = advance(
        receive(beneficiary, service, officer),
        "approved",
        officer=officer,
        manager=manager,
        researcher=researcher,
    )
    people.destroy(beneficiary)
    visit = ResearchVisit.objects.get(application=application)
    assert visit.findings == ""
    assert not ResearchVisit.history.filter(id=visit.pk).exists()
    application.refresh_from_db()
    assert application.state == "approved"
