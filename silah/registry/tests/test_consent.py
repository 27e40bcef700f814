"""Consent per purpose: granted and withdrawn as a ledger, and an inbound STOP opts out."""

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Consent
from silah.registry.queries import beneficiaries_with_consent, consent_states, has_consent
from silah.registry.services import grant_consent, record_opt_out, withdraw_consent

pytestmark = pytest.mark.django_db


def test_without_any_answer_there_is_no_consent():
    beneficiary = BeneficiaryFactory()
    assert not has_consent(beneficiary, "service")
    assert not has_consent(beneficiary, "awareness")


def test_a_grant_gives_consent_to_that_purpose_only(officer):
    beneficiary = BeneficiaryFactory()
    grant_consent(beneficiary, "awareness", actor=officer, how="in_person")
    assert has_consent(beneficiary, "awareness")
    assert not has_consent(beneficiary, "promotional")
    assert not has_consent(beneficiary, "service")


def test_a_grant_records_how_when_and_by_whom(officer):
    beneficiary = BeneficiaryFactory()
    row = grant_consent(beneficiary, "service", actor=officer, how="screen", note="  في الفرع ")
    row.refresh_from_db()
    assert (row.granted, row.how, row.actor, row.note) == (True, "screen", officer, "في الفرع")
    assert row.at is not None


def test_a_withdrawal_ends_consent_and_keeps_the_grant_in_the_history(officer):
    beneficiary = BeneficiaryFactory()
    grant_consent(beneficiary, "awareness", actor=officer, how="in_person")
    withdraw_consent(beneficiary, "awareness", actor=officer, how="phone")
    assert not has_consent(beneficiary, "awareness")
    assert list(Consent.objects.filter(beneficiary=beneficiary).values_list("granted", "how")) == [
        (False, "phone"),
        (True, "in_person"),
    ]


def test_consent_can_be_granted_again_after_a_withdrawal(officer):
    beneficiary = BeneficiaryFactory()
    grant_consent(beneficiary, "awareness", actor=officer, how="in_person")
    withdraw_consent(beneficiary, "awareness", actor=officer, how="phone")
    grant_consent(beneficiary, "awareness", actor=officer, how="paper")
    assert has_consent(beneficiary, "awareness")


def test_granting_twice_is_refused_and_writes_nothing(officer):
    beneficiary = BeneficiaryFactory()
    grant_consent(beneficiary, "service", actor=officer, how="in_person")
    with pytest.raises(DomainError) as error:
        grant_consent(beneficiary, "service", actor=officer, how="screen")
    assert error.value.field == "purpose"
    assert "موافق على هذا الغرض أصلًا" in error.value.message
    assert Consent.objects.count() == 1


def test_withdrawing_what_is_already_withdrawn_is_refused(officer):
    beneficiary = BeneficiaryFactory()
    withdraw_consent(beneficiary, "promotional", actor=officer, how="phone")
    with pytest.raises(DomainError):
        withdraw_consent(beneficiary, "promotional", actor=officer, how="phone")
    assert Consent.objects.count() == 1


def test_a_refusal_before_any_grant_is_recorded(officer):
    beneficiary = BeneficiaryFactory()
    withdraw_consent(beneficiary, "promotional", actor=officer, how="in_person")
    assert Consent.objects.get().granted is False


@pytest.mark.parametrize(
    ("purpose", "how", "field"),
    [("marketing", "in_person", "purpose"), ("service", "fax", "how"), ("", "", "purpose")],
)
def test_an_unknown_purpose_or_way_is_refused_at_its_field(officer, purpose, how, field):
    beneficiary = BeneficiaryFactory()
    with pytest.raises(DomainError) as error:
        grant_consent(beneficiary, purpose, actor=officer, how=how)
    assert error.value.field == field
    assert Consent.objects.count() == 0


def test_staff_without_the_permission_cannot_record_consent():
    beneficiary = BeneficiaryFactory()
    hr = UserFactory(roles=["hr"])
    with pytest.raises(PermissionDenied):
        grant_consent(beneficiary, "service", actor=hr, how="in_person")
    assert Consent.objects.count() == 0


def test_a_liaison_officer_may_take_a_withdrawal_on_the_phone():
    beneficiary = BeneficiaryFactory()
    liaison = UserFactory(roles=["liaison_officer"])
    withdraw_consent(beneficiary, "awareness", actor=liaison, how="phone")
    assert Consent.objects.get().actor == liaison


def test_an_opt_out_withdraws_awareness_and_promotional_but_not_service(officer):
    beneficiary = BeneficiaryFactory()
    for purpose in ("service", "awareness", "promotional"):
        grant_consent(beneficiary, purpose, actor=officer, how="in_person")
    rows = record_opt_out(beneficiary, how="sms_reply", note="إيقاف")
    assert sorted(row.purpose for row in rows) == ["awareness", "promotional"]
    assert all(row.actor is None and row.how == "sms_reply" for row in rows)
    assert has_consent(beneficiary, "service")
    assert not has_consent(beneficiary, "awareness")
    assert not has_consent(beneficiary, "promotional")


def test_a_second_opt_out_writes_nothing(officer):
    beneficiary = BeneficiaryFactory()
    grant_consent(beneficiary, "awareness", actor=officer, how="in_person")
    record_opt_out(beneficiary, how="whatsapp_reply")
    assert record_opt_out(beneficiary, how="whatsapp_reply") == []
    assert Consent.objects.filter(granted=False).count() == 2


def test_the_states_show_each_purpose_with_its_latest_answer(officer):
    beneficiary = BeneficiaryFactory()
    grant_consent(beneficiary, "awareness", actor=officer, how="in_person")
    states = {state.purpose: state for state in consent_states(beneficiary)}
    assert list(states) == ["service", "awareness", "promotional"]
    assert states["awareness"].granted and states["awareness"].latest.how == "in_person"
    assert states["service"].latest is None and not states["service"].granted


def test_the_consenting_beneficiaries_are_found_in_one_query(officer, django_assert_num_queries):
    yes, no, never = BeneficiaryFactory(), BeneficiaryFactory(), BeneficiaryFactory()
    grant_consent(yes, "awareness", actor=officer, how="in_person")
    grant_consent(no, "awareness", actor=officer, how="in_person")
    withdraw_consent(no, "awareness", how="sms_reply")
    from silah.registry.models import Beneficiary

    with django_assert_num_queries(1):
        found = list(beneficiaries_with_consent(Beneficiary.objects.all(), "awareness"))
    assert found == [yes]
    assert never not in found


def test_has_consent_rejects_an_unknown_purpose():
    with pytest.raises(ValueError):
        has_consent(BeneficiaryFactory(), "advertising")
