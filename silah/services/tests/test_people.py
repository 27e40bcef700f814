"""Enrolments follow a merged file, appear in the person's copy, and lose what is personal
when the person's data is destroyed."""

import pytest

from silah.registry import holders
from silah.registry.factories import BeneficiaryFactory
from silah.services import people
from silah.services.factories import AttendanceFactory, EnrollmentFactory, ProgrammeFactory
from silah.services.models import Enrollment, EnrollmentState

pytestmark = pytest.mark.django_db


def test_the_holder_is_registered():
    assert "services:enrollments" in {holder.key for holder in holders.holders()}


def test_merge_moves_enrolments_and_closes_a_second_place_in_the_same_programme():
    survivor, merged = BeneficiaryFactory(), BeneficiaryFactory()
    shared, other = ProgrammeFactory(), ProgrammeFactory()
    kept = EnrollmentFactory(programme=shared, beneficiary=survivor)
    doubled = EnrollmentFactory(programme=shared, beneficiary=merged)
    moved = EnrollmentFactory(programme=other, beneficiary=merged)
    people.merge(survivor, merged)
    assert set(Enrollment.objects.filter(beneficiary=survivor)) == {kept, doubled, moved}
    doubled.refresh_from_db()
    assert doubled.state == EnrollmentState.WITHDRAWN
    assert doubled.events.last().to_state == EnrollmentState.WITHDRAWN
    moved.refresh_from_db()
    assert moved.state == EnrollmentState.ENROLLED


def test_the_copy_lists_programmes_and_attendance():
    mark = AttendanceFactory()
    [section] = people.export(mark.enrollment.beneficiary)
    [row] = section["rows"]
    assert row["البرنامج"] == mark.session.programme.name
    assert row["الحضور"] == "حضر 1، غاب 0، بعذر 0"


def test_destruction_blanks_notes_and_history_but_keeps_the_place():
    enrollment = EnrollmentFactory(interview_note="ملاحظة شخصية", end_reason="ظرف عائلي")
    assert people.destroy(enrollment.beneficiary) == 1
    enrollment.refresh_from_db()
    assert (enrollment.interview_note, enrollment.end_reason) == ("", "")
    assert not Enrollment.history.filter(id=enrollment.pk).exists()
