"""Programmes: enrolment under the attendance rules, interviews, capacity, attendance; every
refusal leaves the database as it was."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.core import dates
from silah.core.errors import DomainError
from silah.policy.factories import PolicyVersionFactory
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import MergeRecord
from silah.services import programmes, queries
from silah.services.factories import (
    AttendanceFactory,
    EnrollmentFactory,
    ProgrammeFactory,
    ServiceFactory,
    SessionFactory,
)
from silah.services.models import (
    Attendance,
    Enrollment,
    EnrollmentEvent,
    EnrollmentState,
    Programme,
    Session,
)

pytestmark = pytest.mark.django_db

TODAY = dates.today()


@pytest.fixture
def officer():
    return UserFactory(roles=["relations_officer"])


@pytest.fixture
def manager():
    return UserFactory(roles=["manager"])


def _snapshot():
    return (
        list(Programme.objects.order_by("pk").values()),
        list(Session.objects.order_by("pk").values()),
        list(Enrollment.objects.order_by("pk").values()),
        list(EnrollmentEvent.objects.order_by("pk").values()),
        list(Attendance.objects.order_by("pk").values()),
    )


def _refused(call, *args, field=None, **kwargs):
    before = _snapshot()
    with pytest.raises(DomainError) as refused:
        call(*args, **kwargs)
    assert _snapshot() == before
    if field is not None:
        assert refused.value.field == field
    return refused.value


# -- enrolment under 003's rules -------------------------------------------------------------


def test_003_enrolment_in_a_paid_programme_whose_fee_was_announced(policy_003, officer):
    programme = ProgrammeFactory(paid=True)
    enrollment = programmes.enroll(programme, BeneficiaryFactory(), actor=officer)
    assert enrollment.state == EnrollmentState.ENROLLED
    assert enrollment.enrolled_on == TODAY
    assert [(e.from_state, e.to_state) for e in enrollment.events.all()] == [
        ("", "registered"),
        ("registered", "enrolled"),
    ]


def test_003_a_fee_not_announced_refuses_enrolment(policy_003, officer):
    programme = ProgrammeFactory(fee_amount=Decimal("300"), fees_announced_on=None)
    error = _refused(programmes.enroll, programme, BeneficiaryFactory(), actor=officer)
    assert error.field == "fees_announced_on"
    assert "300" in error.message


def test_003_a_fee_announced_on_the_day_itself_is_not_before_it(policy_003, officer):
    programme = ProgrammeFactory(fee_amount=Decimal("300"), fees_announced_on=TODAY)
    _refused(
        programmes.enroll, programme, BeneficiaryFactory(), actor=officer, field="fees_announced_on"
    )


def test_003_a_fee_not_announced_refuses_registration_too(policy_003, officer):
    programme = ProgrammeFactory(fee_amount=Decimal("300"))
    _refused(
        programmes.register,
        programme,
        BeneficiaryFactory(),
        actor=officer,
        field="fees_announced_on",
    )


def test_a_free_programme_needs_no_announcement(policy_003, officer):
    programme = ProgrammeFactory()
    assert programmes.enroll(programme, BeneficiaryFactory(), actor=officer).holds_place


def test_without_the_policy_rule_an_unannounced_fee_does_not_refuse(db, officer):
    PolicyVersionFactory(in_force=True)  # no attendance rules
    programme = ProgrammeFactory(fee_amount=Decimal("300"))
    assert programmes.enroll(programme, BeneficiaryFactory(), actor=officer).holds_place


def test_003_an_interview_is_required_before_enrolment(policy_003, officer):
    programme = ProgrammeFactory(interview_required=True)
    person = BeneficiaryFactory()
    _refused(programmes.enroll, programme, person, actor=officer, field="interview")
    registration = programmes.register(programme, person, actor=officer)
    _refused(programmes.enroll, programme, person, actor=officer, field="interview")
    programmes.record_interview(registration, actor=officer, passed=True, note="مناسب")
    enrollment = programmes.enroll(programme, person, actor=officer)
    assert enrollment.pk == registration.pk
    assert enrollment.state == EnrollmentState.ENROLLED
    assert enrollment.interviewed_on == TODAY
    assert [e.to_state for e in enrollment.events.all()] == [
        "registered",
        "interviewed",
        "enrolled",
    ]


def test_a_failed_interview_withdraws_with_its_reason(policy_003, officer):
    programme = ProgrammeFactory(interview_required=True)
    registration = programmes.register(programme, BeneficiaryFactory(), actor=officer)
    done = programmes.record_interview(
        registration, actor=officer, passed=False, note="لا يناسب مستواه"
    )
    assert done.state == EnrollmentState.WITHDRAWN
    assert done.end_reason == "لم يجتز المقابلة"
    assert done.interview_note == "لا يناسب مستواه"


def test_a_failed_interview_needs_a_reason(officer):
    programme = ProgrammeFactory(interview_required=True)
    registration = programmes.register(programme, BeneficiaryFactory(), actor=officer)
    _refused(programmes.record_interview, registration, actor=officer, passed=False, field="note")


def test_no_interview_is_recorded_for_a_programme_without_one(officer):
    registration = programmes.register(ProgrammeFactory(), BeneficiaryFactory(), actor=officer)
    _refused(programmes.record_interview, registration, actor=officer, passed=True, field="passed")


def test_an_interview_is_recorded_once(officer):
    registration = programmes.register(
        ProgrammeFactory(interview_required=True), BeneficiaryFactory(), actor=officer
    )
    programmes.record_interview(registration, actor=officer, passed=True)
    _refused(programmes.record_interview, registration, actor=officer, passed=True, field="passed")


def test_a_full_programme_refuses_enrolment(officer):
    programme = ProgrammeFactory(capacity=2)
    EnrollmentFactory.create_batch(2, programme=programme)
    error = _refused(programmes.enroll, programme, BeneficiaryFactory(), actor=officer)
    assert error.field == "capacity"
    assert "(2)" in error.message


def test_completed_participants_still_hold_their_places_withdrawn_do_not(officer):
    programme = ProgrammeFactory(capacity=2)
    EnrollmentFactory(programme=programme, state=EnrollmentState.COMPLETED)
    EnrollmentFactory(programme=programme, state=EnrollmentState.WITHDRAWN)
    assert programmes.enroll(programme, BeneficiaryFactory(), actor=officer).holds_place
    _refused(programmes.enroll, programme, BeneficiaryFactory(), actor=officer, field="capacity")


def test_a_programme_without_capacity_takes_everyone(officer):
    programme = ProgrammeFactory(capacity=None)
    EnrollmentFactory.create_batch(3, programme=programme)
    assert programmes.enroll(programme, BeneficiaryFactory(), actor=officer).holds_place


def test_already_enrolled_is_refused(officer):
    programme = ProgrammeFactory()
    person = BeneficiaryFactory()
    programmes.enroll(programme, person, actor=officer)
    error = _refused(programmes.enroll, programme, person, actor=officer, field="beneficiary")
    assert error.message == "المستفيد ملتحق بهذا البرنامج من قبل."
    _refused(programmes.register, programme, person, actor=officer, field="beneficiary")


def test_a_completed_programme_is_not_taken_again(officer):
    enrollment = EnrollmentFactory(state=EnrollmentState.COMPLETED)
    _refused(programmes.enroll, enrollment.programme, enrollment.beneficiary, actor=officer)


def test_after_withdrawing_one_may_enrol_again(officer):
    programme = ProgrammeFactory()
    person = BeneficiaryFactory()
    first = programmes.enroll(programme, person, actor=officer)
    programmes.withdraw(first, actor=officer, reason="انتقل إلى مدينة أخرى")
    again = programmes.enroll(programme, person, actor=officer)
    assert again.pk != first.pk and again.holds_place


def test_a_programme_that_ended_refuses_enrolment(officer):
    programme = ProgrammeFactory(
        starts_on=TODAY - dt.timedelta(days=30), ends_on=TODAY - dt.timedelta(days=1)
    )
    _refused(programmes.enroll, programme, BeneficiaryFactory(), actor=officer, field="programme")


def test_an_inactive_programme_refuses_enrolment(officer):
    _refused(
        programmes.enroll,
        ProgrammeFactory(is_active=False),
        BeneficiaryFactory(),
        actor=officer,
        field="programme",
    )


def test_a_merged_file_is_not_enrolled(officer):
    merged = BeneficiaryFactory()
    MergeRecord.objects.create(
        merged=merged,
        survivor=BeneficiaryFactory(),
        merged_file_number=merged.file_number,
        reason="مكرر",
        actor=officer,
    )
    _refused(programmes.enroll, ProgrammeFactory(), merged, actor=officer, field="beneficiary")


def test_a_researcher_may_not_enrol():
    researcher = UserFactory(roles=["social_researcher"])
    programme, person = ProgrammeFactory(), BeneficiaryFactory()
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        programmes.enroll(programme, person, actor=researcher)
    assert _snapshot() == before


def test_withdraw_needs_a_reason_and_an_open_enrolment(officer):
    enrollment = EnrollmentFactory()
    _refused(programmes.withdraw, enrollment, actor=officer, reason=" ", field="reason")
    programmes.complete(enrollment, actor=officer)
    _refused(programmes.withdraw, enrollment, actor=officer, reason="سبب", field="state")


def test_only_an_enrolled_participant_completes(officer):
    registration = programmes.register(ProgrammeFactory(), BeneficiaryFactory(), actor=officer)
    _refused(programmes.complete, registration, actor=officer, field="state")


# -- programmes and sessions -----------------------------------------------------------------


def test_a_manager_creates_a_programme_of_a_programme_service(manager):
    service = ServiceFactory(programme_kind=True)
    programme = programmes.create_programme(
        service,
        actor=manager,
        name="دورة الحاسب الآلي",
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=30),
        capacity=15,
        fee_amount="150",
        fees_announced_on=TODAY - dt.timedelta(days=3),
    )
    assert programme.fee_amount == Decimal("150.00")


def test_a_financial_service_has_no_programmes(manager):
    _refused(
        programmes.create_programme,
        ServiceFactory(),
        actor=manager,
        name="برنامج",
        starts_on=TODAY,
        field="service",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"ends_on": TODAY - dt.timedelta(days=1)}, "ends_on"),
        ({"capacity": 0}, "capacity"),
        ({"fee_amount": "-5"}, "fee_amount"),
        ({"fee_amount": "abc"}, "fee_amount"),
        ({"min_attendance_percent": 120}, "min_attendance_percent"),
        (
            {"fee_amount": "100", "fees_announced_on": TODAY + dt.timedelta(days=1)},
            "fees_announced_on",
        ),
    ],
)
def test_a_refused_programme_is_not_created(manager, fields, field):
    service = ServiceFactory(programme_kind=True)
    _refused(
        programmes.create_programme,
        service,
        actor=manager,
        **{"name": "برنامج", "starts_on": TODAY, **fields},
        field=field,
    )


def test_a_free_programme_keeps_no_announcement_date(manager):
    programme = programmes.create_programme(
        ServiceFactory(programme_kind=True),
        actor=manager,
        name="لقاء توعوي",
        starts_on=TODAY,
        fees_announced_on=TODAY,
    )
    assert programme.fees_announced_on is None


def test_the_fee_does_not_change_once_someone_holds_a_place(manager):
    enrollment = EnrollmentFactory()
    _refused(
        programmes.update_programme,
        enrollment.programme,
        actor=manager,
        fee_amount="500",
        field="fee_amount",
    )


def test_capacity_does_not_fall_below_the_places_taken(manager):
    programme = ProgrammeFactory(capacity=5)
    EnrollmentFactory.create_batch(3, programme=programme)
    _refused(programmes.update_programme, programme, actor=manager, capacity=2, field="capacity")
    assert programmes.update_programme(programme, actor=manager, capacity=3).capacity == 3


def test_a_session_falls_within_the_programme(manager):
    programme = ProgrammeFactory()
    session = programmes.add_session(
        programme,
        actor=manager,
        date=programme.starts_on,
        topic="التعريف بالبرنامج",
        place="القاعة",
    )
    assert session.programme == programme
    _refused(
        programmes.add_session,
        programme,
        actor=manager,
        date=programme.starts_on - dt.timedelta(days=1),
        topic="قبل البدء",
        field="date",
    )
    _refused(
        programmes.add_session,
        programme,
        actor=manager,
        date=programme.starts_on,
        topic="x",
        starts_at=dt.time(18),
        ends_at=dt.time(17),
        field="ends_at",
    )


def test_a_session_with_attendance_is_not_removed(manager):
    mark = AttendanceFactory()
    _refused(programmes.remove_session, mark.session, actor=manager, field="session")
    empty = SessionFactory()
    programmes.remove_session(empty, actor=manager)
    assert not Session.objects.filter(pk=empty.pk).exists()


# -- attendance --------------------------------------------------------------------------------


def test_attendance_is_recorded_and_replaced(officer):
    session = SessionFactory()
    one, two = EnrollmentFactory.create_batch(2, programme=session.programme)
    assert (
        programmes.record_attendance(session, {one.pk: "present", two.pk: "absent"}, actor=officer)
        == 2
    )
    assert (
        programmes.record_attendance(session, {one.pk: "present", two.pk: "excused"}, actor=officer)
        == 1
    )
    assert dict(session.attendance.values_list("enrollment_id", "mark")) == {
        one.pk: "present",
        two.pk: "excused",
    }


def test_attendance_of_someone_not_in_the_programme_is_refused(officer):
    session = SessionFactory()
    stranger = EnrollmentFactory()
    registered = EnrollmentFactory(programme=session.programme, state=EnrollmentState.REGISTERED)
    _refused(
        programmes.record_attendance,
        session,
        {stranger.pk: "present"},
        actor=officer,
        field="marks",
    )
    _refused(
        programmes.record_attendance,
        session,
        {registered.pk: "present"},
        actor=officer,
        field="marks",
    )


def test_attendance_is_not_recorded_before_the_session(officer):
    session = SessionFactory(programme=ProgrammeFactory(starts_on=TODAY + dt.timedelta(days=3)))
    enrollment = EnrollmentFactory(programme=session.programme)
    _refused(
        programmes.record_attendance,
        session,
        {enrollment.pk: "present"},
        actor=officer,
        field="marks",
    )


def test_an_unknown_mark_is_refused(officer):
    session = SessionFactory()
    enrollment = EnrollmentFactory(programme=session.programme)
    _refused(
        programmes.record_attendance, session, {enrollment.pk: "late"}, actor=officer, field="marks"
    )


def test_003_attendance_rate_flags_irregular_participants():
    programme = ProgrammeFactory(starts_on=TODAY - dt.timedelta(days=10), min_attendance_percent=75)
    sessions = [
        SessionFactory(programme=programme, date=programme.starts_on + dt.timedelta(days=i))
        for i in range(4)
    ]
    regular, irregular, fresh = EnrollmentFactory.create_batch(3, programme=programme)
    for index, session in enumerate(sessions):
        AttendanceFactory(
            session=session, enrollment=regular, mark="present" if index else "excused"
        )
        AttendanceFactory(
            session=session, enrollment=irregular, mark="present" if index < 2 else "absent"
        )
    records = {record.enrollment.pk: record for record in queries.attendance_of(programme)}
    assert (records[regular.pk].rate, records[regular.pk].below_threshold) == (100, False)
    assert (records[irregular.pk].rate, records[irregular.pk].below_threshold) == (50, True)
    assert (records[fresh.pk].rate, records[fresh.pk].below_threshold) == (None, False)
    assert queries.attendance_record(irregular).rate == 50
