"""A record chosen by its key: a number too large for the column is an invalid choice."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from silah.accounts.models import Branch
from silah.core.forms import ModelChoiceField, ModelMultipleChoiceField, key_fits

pytestmark = pytest.mark.django_db


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_any_number_a_big_key_holds_fits(number):
    assert key_fits(Branch, None, number)


@given(st.integers(min_value=2**63))
def test_a_number_beyond_a_big_key_does_not_fit(number):
    assert not key_fits(Branch, None, str(number))


def test_groups_have_a_32_bit_key():
    assert key_fits(Group, None, 2**31 - 1)
    assert not key_fits(Group, None, 2**31)


@given(st.text())
def test_text_that_is_not_a_number_is_left_to_django(text):
    try:
        int(text.strip())
    except ValueError:
        assert key_fits(Branch, None, text)


def test_a_huge_key_is_an_invalid_choice_not_an_error():
    field = ModelChoiceField(queryset=Branch.objects.all())
    with pytest.raises(ValidationError) as raised:
        field.clean(str(2**70))
    assert raised.value.code == "invalid_choice"


def test_a_huge_key_among_several_is_an_invalid_choice_not_an_error():
    field = ModelMultipleChoiceField(queryset=Branch.objects.all())
    with pytest.raises(ValidationError) as raised:
        field.clean(["1", str(2**64)])
    assert raised.value.code == "invalid_choice"


def test_a_real_branch_is_still_chosen():
    branch = Branch.objects.create(name="فرع الاختبار")
    assert ModelChoiceField(queryset=Branch.objects.all()).clean(str(branch.pk)) == branch
    assert list(ModelMultipleChoiceField(queryset=Branch.objects.all()).clean([branch.pk])) == [
        branch
    ]
