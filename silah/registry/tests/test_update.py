"""Changing a beneficiary's data: checked again, with a reason in the history."""

import pytest

from silah.core.errors import DomainError
from silah.registry.factories import BeneficiaryFactory, category, registration_fields
from silah.registry.services import register_beneficiary, update_beneficiary

pytestmark = pytest.mark.django_db


@pytest.fixture
def beneficiary(officer, branch):
    return register_beneficiary(actor=officer, **registration_fields(branch=branch))


def test_a_change_is_saved_with_its_reason(officer, beneficiary):
    update_beneficiary(beneficiary, actor=officer, reason="تصحيح الحي", district="الروضة")
    beneficiary.refresh_from_db()
    assert beneficiary.district == "الروضة"
    assert beneficiary.history.first().history_change_reason == "تصحيح الحي"


def test_a_change_of_name_recomputes_the_search_tokens(officer, beneficiary):
    update_beneficiary(beneficiary, actor=officer, reason="تصحيح الاسم", first_name="إبراهيم")
    beneficiary.refresh_from_db()
    assert beneficiary.name_tokens[0] == "ابراهيم"


def test_a_change_without_a_reason_is_refused(officer, beneficiary):
    with pytest.raises(DomainError) as caught:
        update_beneficiary(beneficiary, actor=officer, reason=" ", district="الروضة")
    assert caught.value.field == "reason"


def test_a_bad_value_in_a_change_saves_nothing(officer, beneficiary):
    with pytest.raises(DomainError):
        update_beneficiary(beneficiary, actor=officer, reason="تعديل", postal_code="1")
    beneficiary.refresh_from_db()
    assert beneficiary.postal_code == ""
    assert beneficiary.history.count() == 1


def test_taking_another_persons_identity_number_is_refused(officer, beneficiary):
    other = BeneficiaryFactory(identity_number="1000000008")
    with pytest.raises(DomainError) as caught:
        update_beneficiary(beneficiary, actor=officer, reason="تعديل", identity_number="1000000008")
    assert other.file_number in caught.value.message


def test_saving_ones_own_identity_number_again_is_not_a_duplicate(officer, beneficiary):
    update_beneficiary(
        beneficiary, actor=officer, reason="تعديل", identity_number=beneficiary.identity_number
    )


def test_replacing_categories_removes_the_old_and_records_the_new(officer, beneficiary):
    from silah.registry.services import set_categories

    set_categories(beneficiary, [category("orphan")], actor=officer)
    set_categories(beneficiary, [(category("disability"), "بصرية")], actor=officer)
    assert list(beneficiary.category_links.values_list("category__code", "detail")) == [
        ("disability", "بصرية")
    ]
