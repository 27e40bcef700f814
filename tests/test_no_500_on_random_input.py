"""Random text in any field of any form gives a page (a field error or a success), never a 500.

Each form page is found by URL name; its fields are read from the form in the page's
context, so a field added later is fuzzed too.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core.models import Holiday
from silah.core.services import add_holiday

pytestmark = pytest.mark.django_db

texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="٠١٢٣٤٥٦٧٨٩/-. هـم", max_size=15),
    st.sampled_from(["", " ", "0", "-1", "1447/13/40", "29/02/2027", "٢٠٢٦/٠٤/٠٥", "x" * 500]),
)
SLOW = settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture
def admin_client():
    admin = UserFactory(username="fuzz_admin", roles=["administrator"])
    client = Client()
    client.force_login(admin)
    return client, admin


def form_pages(admin):
    eid = Holiday.objects.filter(kind="eid_al_adha").first()
    closure = add_holiday(
        kind="closure", name="صيانة", start=date(2026, 12, 1), days=1, actor=admin
    )
    branch = BranchFactory(name="فرع الاختبار")
    clerk = UserFactory(username="fuzz_clerk", roles=["relations_officer"])
    return [
        reverse("core:holiday_add"),
        reverse("core:holiday_correct", args=[eid.pk]),
        reverse("core:holiday_remove", args=[closure.pk]),
        reverse("core:calendar_settings"),
        reverse("accounts:staff_create"),
        reverse("accounts:staff_edit", args=[clerk.pk]),
        reverse("accounts:branch_create"),
        reverse("accounts:branch_edit", args=[branch.pk]),
        reverse("accounts:role_edit", args=["manager"]),
        reverse("accounts:password_change"),
    ]


def field_names(client, url):
    form = client.get(url).context["form"]
    return list(form.fields)


def test_random_text_in_every_field_never_gives_a_500(admin_client):
    client, admin = admin_client
    for url in form_pages(admin):
        names = field_names(client, url)
        assert names, url
        fuzz_form(client, url, names)


def fuzz_form(client, url, names):
    @SLOW
    @given(data=st.fixed_dictionaries(dict.fromkeys(names, texts)))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)

    post()


@SLOW
@given(username=texts, password=texts)
def test_random_text_at_login_never_gives_a_500(username, password):
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    assert response.status_code < 500


@SLOW
@given(value=texts)
def test_random_text_in_the_date_preview_never_gives_a_500(admin_client, value):
    client, _admin = admin_client
    response = client.post(reverse("core:date_preview"), {"start": value, "field": "start"})
    assert response.status_code < 500
