"""Recording a visit again before it is submitted corrects it: one visit, not two."""

import pytest

from silah.applications import workflow
from silah.applications.models import ResearchVisit
from silah.applications.tests.helpers import advance, receive
from silah.core import dates

pytestmark = pytest.mark.django_db


def _record(application, researcher, **values):
    return workflow.record_visit(
        application,
        actor=researcher,
        expected_version=application.row_version,
        visited_on=dates.today(),
        place="home",
        **values,
    )


def test_recording_a_visit_again_corrects_it_instead_of_adding_a_second(
    policy, beneficiary, service, officer, manager, researcher
):
    application = advance(
        receive(beneficiary, service, officer),
        "in_research",
        officer=officer,
        manager=manager,
        researcher=researcher,
    )
    application = _record(application, researcher, findings="سكن مستأجر", recommendation="approve")
    application = _record(
        application,
        researcher,
        findings="سكن مستأجر، والإيجار متأخر شهرين",
        recommendation="approve",
    )

    visits = ResearchVisit.objects.filter(application=application)
    assert visits.count() == 1
    assert visits.get().findings == "سكن مستأجر، والإيجار متأخر شهرين"
    assert application.transitions.filter(note__startswith="عُدّلت الزيارة").count() == 1
