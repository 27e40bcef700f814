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
from silah.committees.factories import CommitteeFactory
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
    committee = CommitteeFactory()
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
        reverse("committees:new"),
        reverse("committees:edit", args=[committee.pk]),
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


def registry_form_pages(manager):
    from silah.registry import services as registry
    from silah.registry.factories import registration_fields

    branch = BranchFactory(name="فرع الليث للاختبار")
    head = registry.register_beneficiary(actor=manager, **registration_fields(branch=branch))
    registry.create_household(head, actor=manager)
    single = registry.register_beneficiary(actor=manager, **registration_fields(branch=branch))
    return [
        reverse("registry:create"),
        reverse("registry:edit", args=[head.pk]),
        reverse("registry:change_status", args=[head.pk]),
        reverse("registry:household_create", args=[single.pk]),
        reverse("registry:member_add", args=[head.pk]),
        reverse("registry:member_register", args=[head.pk]),
        reverse("registry:member_move", args=[single.pk]),
        reverse("registry:housing", args=[head.pk]),
    ]


def test_random_text_in_every_registry_form_never_gives_a_500():
    manager = UserFactory(username="fuzz_manager", roles=["manager"])
    client = Client()
    client.force_login(manager)
    for url in registry_form_pages(manager):
        names = field_names(client, url)
        assert names, url
        member_form = client.get(url).context.get("member_form")
        if member_form is not None:
            names += list(member_form.fields)
        fuzz_form(client, url, names)


def test_random_text_in_the_registry_search_incomes_and_export_never_gives_a_500():
    from silah.registry import services as registry
    from silah.registry.factories import registration_fields

    manager = UserFactory(username="fuzz_manager", roles=["manager"])
    client = Client()
    client.force_login(manager)
    head = registry.register_beneficiary(actor=manager, **registration_fields())
    registry.create_household(head, actor=manager)
    incomes = reverse("registry:incomes", args=[head.pk])

    @SLOW
    @given(text=texts, kind=texts, amount=texts, total=texts)
    def post(text, kind, amount, total):
        for url, data in (
            (reverse("registry:list"), {"q": text}),
            (reverse("registry:list") + "?status=" + "x", {"q": text}),
            (reverse("registry:export"), {"q": text, "status": kind, "category": amount}),
            (
                incomes,
                {
                    "rows-TOTAL_FORMS": total,
                    "rows-INITIAL_FORMS": "0",
                    "rows-0-kind": kind,
                    "rows-0-monthly_amount": amount,
                },
            ),
        ):
            response = client.post(url, data)
            assert response.status_code < 500, (url, data)

    post()
