"""The factories other apps' tests use make valid rows."""

import pytest

from silah.services.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProgrammeFactory,
    RequirementFactory,
    ServiceFactory,
)
from silah.services.models import Requirement, Service

pytestmark = pytest.mark.django_db


def test_a_service_with_requirements_of_each_kind():
    service = ServiceFactory(requirements=2)
    RequirementFactory(service=service, document=True)
    RequirementFactory(service=service, attestation=True)
    kinds = list(service.requirements.values_list("kind", flat=True))
    assert kinds.count(Requirement.Kind.ITEM) == 2
    assert Requirement.Kind.DOCUMENT in kinds and Requirement.Kind.ATTESTATION in kinds


def test_a_paid_programme_announced_its_fee_before_it_starts():
    programme = ProgrammeFactory(paid=True)
    assert programme.service.kind == Service.Kind.PROGRAMME
    assert programme.fees_announced_on < programme.starts_on
    assert not programme.is_free


def test_attendance_belongs_to_an_enrolment_of_the_sessions_programme():
    mark = AttendanceFactory()
    assert mark.enrollment.programme == mark.session.programme
    assert EnrollmentFactory().holds_place
