"""Whatever text is typed into the registration's text fields, the answer is a DomainError
at a field or a saved record, never another exception."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.core.errors import DomainError
from silah.registry.factories import registration_fields
from silah.registry.models import Beneficiary
from silah.registry.services import register_beneficiary
from silah.registry.validation import FIELDS, TEXT_FIELDS

pytestmark = pytest.mark.django_db

_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80
) | st.sampled_from(["", " ", "٠٥٠١٢٣٤٥٦٧", "1000000008", "RRRD2929", "\x00", "sms", "none"])


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(field=st.sampled_from(sorted(TEXT_FIELDS)), value=_TEXT)
def test_random_text_in_any_field_gives_a_domain_error_or_a_record(officer, branch, field, value):
    fields = registration_fields(branch=branch, **{field: value})
    before = Beneficiary.objects.count()
    try:
        register_beneficiary(actor=officer, **fields)
    except DomainError as error:
        assert error.field
        assert error.message
        assert Beneficiary.objects.count() == before


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=st.fixed_dictionaries(dict.fromkeys(("first_name", "mobile", "email"), _TEXT)))
def test_random_text_in_several_fields_at_once_never_crashes(officer, branch, values):
    try:
        register_beneficiary(actor=officer, **registration_fields(branch=branch, **values))
    except DomainError as error:
        assert error.field in FIELDS | {"preferred_channel", "identity_reason"}
