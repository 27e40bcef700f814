"""Random text in any field of the policy editing forms gives a page (a field error or a
success), never a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.accounts.factories import UserFactory
from silah.policy import services
from silah.policy.factories import PolicyVersionFactory
from silah.policy.models import Acknowledgement
from silah.policy.rules import RULE_GROUPS

pytestmark = pytest.mark.django_db

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩/-. هـم", max_size=15),
    st.sampled_from(["", " ", "0", "-1", "on", "1447/13/40", "interview", "x" * 500]),
)
FUZZ = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def setup():
    admin = UserFactory(username="fuzz_policy_admin", roles=["administrator"])
    in_force = PolicyVersionFactory(in_force=True)
    Acknowledgement.objects.create(version=in_force, user=admin, typed_name="خالد العتيبي")
    draft = services.start_draft(in_force.organization, actor=admin)
    client = Client()
    client.force_login(admin)
    return client, draft


def _names(response):
    names = list(response.context["form"].fields)
    formset = response.context.get("formset")
    if formset is not None:
        names += [f"{formset.prefix}-TOTAL_FORMS", f"{formset.prefix}-INITIAL_FORMS"]
        for form in formset.forms:
            names += [form.add_prefix(name) for name in form.fields]
    return names


def _fuzz(client, url):
    names = _names(client.get(url))
    assert names, url

    @FUZZ
    @given(data=st.fixed_dictionaries(dict.fromkeys(names, texts)))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data)

    post()


@pytest.mark.parametrize("group", list(RULE_GROUPS))
def test_random_text_in_a_rule_group_never_gives_a_500(setup, group):
    client, draft = setup
    _fuzz(client, reverse("policy:edit_rules", args=[draft.pk, group]))


def test_random_text_in_the_sections_never_gives_a_500(setup):
    client, draft = setup
    _fuzz(client, reverse("policy:edit_sections", args=[draft.pk]))


def test_random_text_in_the_association_never_gives_a_500(setup):
    client, _draft = setup
    _fuzz(client, reverse("policy:organization"))


def test_random_text_in_the_approval_never_gives_a_500(setup):
    client, draft = setup
    _fuzz(client, reverse("policy:approve", args=[draft.pk]))


@FUZZ
@given(value=texts)
def test_random_text_in_compare_with_never_gives_a_500(setup, value):
    client, draft = setup
    response = client.get(reverse("policy:compare", args=[draft.pk]), {"with": value})
    assert response.status_code < 500
