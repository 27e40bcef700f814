"""Random text in any field of any form of the request screens gives a page (a field error,
a refusal or a success), never a 500."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.applications.forms_field import DeliveryForm, PlanVisitForm, PostponeVisitForm, VisitForm
from silah.applications.forms_queues import AnswerReferralForm, FileReferForm, HandoverForm
from silah.applications.views_request import FORMS

pytestmark = pytest.mark.django_db

texts = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "0", "-1", "1", "abc", "1447/13/40", "٢٠٢٦/٠٤/٠٥", "1e9", "x" * 300, "99" * 20]
    ),
)
FEW = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def fuzz(client, url, names):
    @FEW
    @given(data=st.fixed_dictionaries(dict.fromkeys(names, texts)))
    def post(data):
        response = client.post(url, data)
        assert response.status_code < 500, (url, data, response.status_code)

    post()


def _fields(form_class, application, **kwargs):
    return list(form_class(application=application, **kwargs).fields)


def test_the_request_pages_actions(client, world):
    received = world.receive(ticked=[])
    client.force_login(world.manager)
    for action, form_class in FORMS.items():
        fuzz(client, f"/requests/{received.pk}/{action}/", _fields(form_class, received))


def test_the_visit_and_delivery_forms(client, world):
    from silah.applications import factories as f

    in_research = world.in_research()
    in_delivery = world.in_delivery(world.receive(beneficiary=f.ready_beneficiary(world.branch)))
    client.force_login(world.manager)
    for action, form_class in (
        ("plan", PlanVisitForm),
        ("postpone", PostponeVisitForm),
        ("record", VisitForm),
    ):
        fuzz(
            client,
            f"/requests/{in_research.pk}/visit/{action}/",
            _fields(form_class, in_research),
        )
    fuzz(client, f"/requests/{in_delivery.pk}/deliver/", _fields(DeliveryForm, in_delivery))


def test_intake_and_the_other_forms(client, world):
    client.force_login(world.manager)
    requirement_fields = [
        f"item_{r.pk}" for r in world.service.requirements.all() if r.kind != "attestation"
    ]
    fuzz(
        client,
        f"/requests/intake/{world.beneficiary.pk}/",
        ["service", "channel", "note", "typed_name", "confirmed", *requirement_fields],
    )
    fuzz(client, "/requests/intake/", ["q"])
    fuzz(client, "/requests/handover/", list(HandoverForm().fields))
    fuzz(
        client, f"/requests/beneficiary/{world.beneficiary.pk}/refer/", list(FileReferForm().fields)
    )
    from silah.applications import services

    referral = services.refer(world.beneficiary, actor=world.manager, note="سؤال")
    fuzz(client, f"/requests/referrals/{referral.pk}/", list(AnswerReferralForm().fields))


def test_random_query_strings_on_the_lists(client, world):
    client.force_login(world.manager)

    @FEW
    @given(
        params=st.fixed_dictionaries(
            dict.fromkeys(["tab", "branch", "service", "channel", "state", "sort", "page"], texts)
        )
    )
    def get(params):
        for url in ("/requests/", "/requests/deliveries/", "/requests/deliveries/export.xlsx"):
            response = client.get(url, params)
            assert response.status_code < 500, (url, params)
        response = client.get(f"/requests/beneficiary/{world.beneficiary.pk}/", params)
        assert response.status_code < 500

    get()


HUGE = "9" * 30


def test_a_key_too_large_for_its_column_is_an_invalid_choice(client, world):
    received = world.receive()
    client.force_login(world.manager)
    version = received.row_version
    posts = [
        (f"/requests/{received.pk}/send_to_research/", {"researcher": HUGE, "place": "home"}),
        (f"/requests/{received.pk}/refer/", {"note": "سؤال", "target_user": HUGE}),
        ("/requests/handover/", {"from_user": HUGE, "to_user": HUGE, "reason": "إجازة"}),
        (f"/requests/intake/{world.beneficiary.pk}/", {"service": HUGE, "channel": "interview"}),
        (f"/requests/{HUGE}/close/", {}),
    ]
    for url, data in posts:
        response = client.post(url, {"row_version": version, **data})
        assert response.status_code in (302, 400, 404), (url, response.status_code)
    for url in (
        f"/requests/?tab=routing&branch={HUGE}&service={HUGE}",
        f"/requests/intake/?beneficiary={HUGE}",
        f"/requests/handover/?from_user={HUGE}",
        f"/requests/intake/?beneficiary={world.beneficiary.pk}&service={HUGE}",
    ):
        assert client.get(url).status_code in (200, 404), url
