"""Every field is checked before anything is saved; the error is Arabic and at its field."""

import datetime as dt

import pytest
import time_machine

from silah.core.errors import DomainError
from silah.registry.factories import registration_fields
from silah.registry.models import Beneficiary
from silah.registry.services import register_beneficiary

pytestmark = pytest.mark.django_db


def _refused(actor, **overrides) -> DomainError:
    with pytest.raises(DomainError) as caught:
        register_beneficiary(actor=actor, **registration_fields(**overrides))
    assert not Beneficiary.objects.exists()
    return caught.value


def test_a_national_id_with_a_wrong_check_digit_is_refused_at_the_number(officer, branch):
    error = _refused(officer, branch=branch, identity_number="1000000000")
    assert error.field == "identity_number"
    assert "الرقم الأخير لا يتوافق" in error.message


def test_an_iqama_number_typed_as_a_national_id_says_to_choose_iqama(officer, branch):
    error = _refused(officer, branch=branch, identity_number="2000000006")
    assert error.field == "identity_number"
    assert "«إقامة»" in error.message


def test_arabic_indic_digits_of_an_identity_are_stored_as_ascii(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer, **registration_fields(branch=branch, identity_number="١٠٠٠٠٠٠٠٠٨")
    )
    assert beneficiary.identity_number == "1000000008"


def test_no_identity_without_a_reason_is_refused_at_the_reason(officer, branch):
    error = _refused(officer, branch=branch, identity_type="none", identity_number="")
    assert error.field == "identity_reason"
    assert error.message == "اكتب سبب عدم وجود هوية لدى المستفيد."


def test_no_identity_with_a_reason_is_registered_without_a_number(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer,
        **registration_fields(
            branch=branch,
            identity_type="none",
            identity_number="",
            identity_reason="مولود لم تُستخرج له هوية",
        ),
    )
    assert beneficiary.identity_number == ""


def test_an_unknown_identity_type_is_refused_at_the_type(officer, branch):
    error = _refused(officer, branch=branch, identity_type="driving_licence")
    assert error.field == "identity_type"


def test_a_landline_as_mobile_is_refused_at_the_mobile(officer, branch):
    error = _refused(officer, branch=branch, mobile="0112345678")
    assert error.field == "mobile"
    assert "ليس رقم جوال" in error.message


def test_a_mobile_with_an_unused_prefix_is_refused_at_the_mobile(officer, branch):
    error = _refused(officer, branch=branch, mobile="0521234567")
    assert error.field == "mobile"
    assert "052" in error.message


def test_a_bad_second_mobile_is_refused_at_the_second_mobile(officer, branch):
    error = _refused(officer, branch=branch, mobile_2="12345")
    assert error.field == "mobile_2"


def test_the_mobile_is_stored_in_e164(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer, **registration_fields(branch=branch, mobile="٠٥٠ ١٢٣ ٤٥٦٧")
    )
    assert beneficiary.mobile == "+966501234567"


@time_machine.travel(dt.datetime(2026, 5, 1, 9, tzinfo=dt.UTC), tick=False)
def test_a_birth_date_in_the_future_is_refused_at_the_birth_date(officer, branch):
    error = _refused(officer, branch=branch, birth_date=dt.date(2026, 5, 2))
    assert error.field == "birth_date"
    assert error.message == "تاريخ الميلاد بعد تاريخ اليوم: راجع التاريخ."


def test_a_birth_date_that_is_not_a_date_is_refused_at_the_birth_date(officer, branch):
    error = _refused(officer, branch=branch, birth_date="أمس")
    assert error.field == "birth_date"


@pytest.mark.parametrize("code", ["2345", "123456", "12a45", "٢٣٤٥"])
def test_a_postal_code_that_is_not_five_digits_is_refused(officer, branch, code):
    error = _refused(officer, branch=branch, postal_code=code)
    assert error.field == "postal_code"
    assert error.message == "الرمز البريدي 5 أرقام."


def test_a_building_number_that_is_not_four_digits_is_refused(officer, branch):
    error = _refused(officer, branch=branch, building_number="123")
    assert error.field == "building_number"


def test_an_additional_number_that_is_not_four_digits_is_refused(officer, branch):
    error = _refused(officer, branch=branch, additional_number="12345")
    assert error.field == "additional_number"


@pytest.mark.parametrize("short", ["RRR2929", "RRRD292", "ابجد1234", "RRRD29299"])
def test_a_malformed_short_address_is_refused(officer, branch, short):
    error = _refused(officer, branch=branch, short_address=short)
    assert error.field == "short_address"
    assert "4 حروف إنجليزية ثم 4 أرقام" in error.message


def test_a_well_formed_national_address_is_stored_normalised(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer,
        **registration_fields(
            branch=branch,
            building_number="٨٢٢٨",
            street="طريق الملك فهد",
            district="العليا",
            postal_code="12214",
            additional_number="2121",
            short_address="rrrd 2929",
        ),
    )
    assert (beneficiary.building_number, beneficiary.short_address) == ("8228", "RRRD2929")


@pytest.mark.parametrize("part", ["first_name", "father_name", "family_name"])
def test_a_missing_name_part_is_refused_at_that_part(officer, branch, part):
    error = _refused(officer, branch=branch, **{part: "  "})
    assert error.field == part
    assert error.message == "هذا الحقل مطلوب."


def test_a_missing_grandfather_name_is_allowed(officer, branch):
    beneficiary = register_beneficiary(
        actor=officer, **registration_fields(branch=branch, grandfather_name="")
    )
    assert beneficiary.name_tokens == ["احمد", "محمد", "الحربي"]


def test_a_name_without_letters_is_refused(officer, branch):
    error = _refused(officer, branch=branch, first_name="123")
    assert error.field == "first_name"


def test_a_name_longer_than_its_column_is_refused(officer, branch):
    error = _refused(officer, branch=branch, family_name="ا" * 61)
    assert error.field == "family_name"


def test_a_nul_character_is_refused_rather_than_sent_to_the_database(officer, branch):
    error = _refused(officer, branch=branch, street="شارع\x00")
    assert error.field == "street"


def test_a_bad_email_is_refused_at_the_email(officer, branch):
    error = _refused(officer, branch=branch, email="not-an-email")
    assert error.field == "email"


def test_an_unknown_sex_is_refused_at_the_sex(officer, branch):
    error = _refused(officer, branch=branch, sex="x")
    assert error.field == "sex"


def test_a_nationality_must_be_a_two_letter_code(officer, branch):
    error = _refused(officer, branch=branch, nationality="سعودي")
    assert error.field == "nationality"


def test_a_missing_branch_is_refused_at_the_branch(officer):
    error = _refused(officer, branch=None)
    assert error.field == "branch"
