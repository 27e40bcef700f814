"""A file's status moves only along the allowed transitions, each with a reason."""

import pytest

from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Status, StatusChange
from silah.registry.services import change_status

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.APPLICANT, Status.ACTIVE),
        (Status.ACTIVE, Status.SUSPENDED),
        (Status.SUSPENDED, Status.ACTIVE),
        (Status.ACTIVE, Status.ARCHIVED),
        (Status.ARCHIVED, Status.ACTIVE),
    ],
)
def test_an_allowed_transition_changes_the_status(officer, start, to):
    beneficiary = BeneficiaryFactory(status=start)
    change_status(beneficiary, to=to, reason="قرار اللجنة", actor=officer)
    beneficiary.refresh_from_db()
    assert beneficiary.status == to


def test_a_transition_records_who_when_from_to_and_why(officer):
    beneficiary = BeneficiaryFactory(status=Status.ACTIVE)
    change_status(beneficiary, to=Status.SUSPENDED, reason="لم يحدّث بياناته", actor=officer)
    row = StatusChange.objects.get()
    assert (row.actor, row.from_status, row.to_status, row.reason) == (
        officer,
        Status.ACTIVE,
        Status.SUSPENDED,
        "لم يحدّث بياناته",
    )
    assert row.at is not None


def test_the_history_row_of_a_transition_has_the_reason(officer):
    beneficiary = BeneficiaryFactory(status=Status.ACTIVE)
    change_status(beneficiary, to=Status.SUSPENDED, reason="لم يحدّث بياناته", actor=officer)
    assert beneficiary.history.first().history_change_reason == "لم يحدّث بياناته"


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.ARCHIVED, Status.SUSPENDED),
        (Status.APPLICANT, Status.SUSPENDED),
        (Status.ACTIVE, Status.APPLICANT),
    ],
)
def test_a_refused_transition_changes_nothing(officer, start, to):
    beneficiary = BeneficiaryFactory(status=start)
    with pytest.raises(DomainError) as caught:
        change_status(beneficiary, to=to, reason="سبب", actor=officer)
    assert caught.value.field == "to"
    beneficiary.refresh_from_db()
    assert beneficiary.status == start
    assert not StatusChange.objects.exists()


def test_the_refusal_names_both_statuses_in_arabic(officer):
    beneficiary = BeneficiaryFactory(status=Status.ARCHIVED)
    with pytest.raises(DomainError) as caught:
        change_status(beneficiary, to=Status.SUSPENDED, reason="سبب", actor=officer)
    assert caught.value.message == "لا يمكن نقل الملف من حالة «مؤرشف» إلى حالة «موقوف»."


def test_a_transition_without_a_reason_is_refused(officer):
    beneficiary = BeneficiaryFactory(status=Status.ACTIVE)
    with pytest.raises(DomainError) as caught:
        change_status(beneficiary, to=Status.SUSPENDED, reason="", actor=officer)
    assert caught.value.field == "reason"
    assert not StatusChange.objects.exists()


def test_moving_to_the_same_status_is_refused(officer):
    beneficiary = BeneficiaryFactory(status=Status.ACTIVE)
    with pytest.raises(DomainError):
        change_status(beneficiary, to=Status.ACTIVE, reason="سبب", actor=officer)
