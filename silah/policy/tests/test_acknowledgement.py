"""Every member of staff reads the version in force and acknowledges it: typed full name and a
confirmation, time-stamped (seed 001, المسؤوليات). A new version asks everyone again."""

from datetime import date

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.accounts.factories import UserFactory
from silah.policy import services, services_ack
from silah.policy.factories import PolicyVersionFactory
from silah.policy.models import Acknowledgement, AcknowledgementReminder
from silah.policy.tests.test_ack_middleware import with_acknowledgement_middleware
from silah.policy.views_ack import reminder_banner

pytestmark = pytest.mark.django_db

ACKNOWLEDGE = "/policy/acknowledge/"
PROFILE = "/accounts/profile/"
DASHBOARD = "/"
FULL_NAME = "سارة الحربي"


@pytest.fixture(autouse=True)
def ack_middleware(settings):
    settings.MIDDLEWARE = with_acknowledgement_middleware(list(settings.MIDDLEWARE))


@pytest.fixture
def in_force():
    return PolicyVersionFactory(
        in_force=True,
        sections=[
            {"kind": "preamble", "title": "تمهيد", "body": "نص التمهيد."},
            {
                "kind": "responsibilities",
                "title": "المسؤوليات",
                "body": "على جميع العاملين الالتزام بها.\n- الاطلاع\n- التوقيع",
            },
        ],
    )


@pytest.fixture
def member():
    return UserFactory(username="ack_member", roles=["relations_officer"])


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def hr():
    return UserFactory(username="ack_hr", first_name="نورة", last_name="القحطاني", roles=["hr"])


def _post(client, shown, **overrides):
    data = {"version": shown.pk, "typed_name": FULL_NAME, "confirmed": "on"}
    data.update(overrides)
    return client.post(ACKNOWLEDGE, {k: v for k, v in data.items() if v is not None})


# Reading and signing ------------------------------------------------------------------------


def test_the_page_shows_the_version_in_force_to_read_and_the_form(in_force, member_client):
    html = member_client.get(ACKNOWLEDGE).content.decode()
    assert in_force.title in html
    assert "نص التمهيد." in html
    assert "التوقيع" in html
    assert 'name="typed_name"' in html
    assert 'name="confirmed"' in html
    assert f'name="version" value="{in_force.pk}"' in html


def test_acknowledging_records_the_typed_name_and_the_time(in_force, member, member_client):
    response = _post(member_client, in_force, typed_name="  سارة   الحربي ")
    assert response.status_code == 302
    acknowledgement = Acknowledgement.objects.get(user=member, version=in_force)
    assert acknowledgement.typed_name == FULL_NAME
    assert acknowledgement.acknowledged_at is not None


def test_after_acknowledging_the_member_lands_on_the_dashboard_without_a_next(
    in_force, member_client
):
    response = _post(member_client, in_force)
    assert response.url == DASHBOARD
    assert member_client.get(DASHBOARD).status_code == 200


def test_after_acknowledging_the_member_goes_on_to_the_page_they_asked_for(in_force, member_client):
    response = _post(member_client, in_force, next=PROFILE)
    assert response.url == PROFILE


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example/", "//evil.example/x", "http://evil.example", "javascript:alert(1)"],
)
def test_a_next_to_another_site_is_ignored(in_force, member_client, next_url):
    response = _post(member_client, in_force, next=next_url)
    assert response.url == DASHBOARD


def test_an_unsafe_next_is_not_carried_into_the_form(in_force, member_client):
    response = member_client.get(ACKNOWLEDGE, {"next": "https://evil.example/"})
    assert response.context["next"] == ""
    assert 'value="https://evil.example/"' not in response.content.decode()


def test_a_missing_name_is_refused_at_the_field_and_nothing_is_saved(in_force, member_client):
    response = _post(member_client, in_force, typed_name="")
    assert response.status_code == 200
    assert response.context["form"].errors["typed_name"] == ["اكتب اسمك الكامل (اسمين على الأقل)."]
    assert not Acknowledgement.objects.exists()


def test_a_single_word_is_not_a_full_name(in_force, member_client):
    response = _post(member_client, in_force, typed_name="سارة")
    assert response.context["form"].errors["typed_name"] == ["اكتب اسمك الكامل (اسمين على الأقل)."]
    assert not Acknowledgement.objects.exists()


def test_an_unchecked_confirmation_is_refused_at_the_field_and_nothing_is_saved(
    in_force, member_client
):
    response = _post(member_client, in_force, confirmed=None)
    assert response.status_code == 200
    assert response.context["form"].errors["confirmed"] == ["أكّد أنك قرأت السياسة وتلتزم بها."]
    assert "أكّد أنك قرأت السياسة وتلتزم بها." in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_both_missing_show_both_errors(in_force, member_client):
    response = _post(member_client, in_force, typed_name="", confirmed=None)
    assert set(response.context["form"].errors) == {"typed_name", "confirmed"}
    assert not Acknowledgement.objects.exists()


def test_a_posted_version_that_does_not_exist_is_refused(in_force, member_client):
    response = _post(member_client, in_force, version=in_force.pk + 999)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not Acknowledgement.objects.exists()


def test_a_garbled_version_field_is_an_error_not_a_crash(in_force, member_client):
    response = _post(member_client, in_force, version="abc")
    assert response.status_code == 200
    assert "هذا الإصدار ليس النافذ حاليًا؛ أقرّ بالإصدار النافذ." in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_acknowledging_twice_is_refused_and_keeps_the_first(in_force, member, member_client):
    _post(member_client, in_force)
    first = Acknowledgement.objects.get()
    response = _post(member_client, in_force, typed_name="سارة محمد الحربي")
    assert response.status_code == 200
    assert Acknowledgement.objects.get() == first
    assert Acknowledgement.objects.get().typed_name == FULL_NAME


def test_a_member_who_acknowledged_sees_when(in_force, member, member_client):
    services.acknowledge(in_force, user=member, typed_name=FULL_NAME, confirmed=True)
    html = member_client.get(ACKNOWLEDGE).content.decode()
    assert "أقررت بالإصدار النافذ" in html
    assert 'name="typed_name"' not in html


def test_with_no_version_in_force_there_is_nothing_to_acknowledge(member_client):
    response = member_client.get(ACKNOWLEDGE)
    assert response.status_code == 200
    assert "لا توجد سياسة نافذة حاليًا" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(in_force, client):
    response = client.get(ACKNOWLEDGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_the_page_works_in_english(in_force, member_client):
    response = member_client.get("/en/policy/acknowledge/")
    assert response.status_code == 200


# A new version, a new acknowledgement -------------------------------------------------------


def _approve_a_new_version(in_force):
    admin = UserFactory(username="ack_admin", roles=["administrator"])
    draft = services.start_draft(in_force.organization, actor=admin)
    return services.record_approval(
        draft, actor=admin, resolution_number="2026/9", approved_on=date(2026, 2, 1)
    )


def test_when_a_new_version_is_approved_everyone_acknowledges_again(
    in_force, member, member_client
):
    services.acknowledge(in_force, user=member, typed_name=FULL_NAME, confirmed=True)
    assert member_client.get(PROFILE).status_code == 200
    new = _approve_a_new_version(in_force)
    response = member_client.get(PROFILE)
    assert response.status_code == 302
    assert response.url.startswith(ACKNOWLEDGE)
    _post(member_client, new)
    assert member_client.get(PROFILE).status_code == 200
    assert Acknowledgement.objects.filter(user=member).count() == 2


def test_acknowledging_the_superseded_version_is_refused_and_nothing_is_saved(
    in_force, member, member_client
):
    member_client.get(ACKNOWLEDGE)  # read the old version
    new = _approve_a_new_version(in_force)  # meanwhile the board approved a new one
    response = _post(member_client, in_force)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "هذا الإصدار ليس النافذ حاليًا؛ أقرّ بالإصدار النافذ."
    ]
    assert not Acknowledgement.objects.exists()
    # The page now offers the version in force.
    assert f'name="version" value="{new.pk}"' in response.content.decode()


# HR's reminder, seen by the member -----------------------------------------------------------


def test_the_reminder_hr_sent_shows_on_the_acknowledgement_page_and_is_then_seen(
    in_force, member, member_client, hr
):
    services_ack.remind_member(in_force, actor=hr, user=member)
    html = member_client.get(ACKNOWLEDGE).content.decode()
    assert "ذكّرك نورة القحطاني" in html
    assert AcknowledgementReminder.objects.get().seen_at is not None


def _banner(user, path=PROFILE, view_name="accounts:profile") -> str:
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = type("Match", (), {"view_name": view_name})()
    context = reminder_banner(request)
    return render_to_string(
        "policy/ack/partials/reminder_banner.html", context, request=request
    ).strip()


def test_an_unseen_reminder_shows_as_a_banner(in_force, member, hr):
    services_ack.remind_member(in_force, actor=hr, user=member)
    html = _banner(member)
    assert "ذكّرك نورة القحطاني" in html
    assert f'href="{ACKNOWLEDGE}?next=' in html


def test_no_banner_without_a_reminder(in_force, member):
    assert _banner(member) == ""


def test_no_banner_once_the_reminder_was_seen(in_force, member, member_client, hr):
    services_ack.remind_member(in_force, actor=hr, user=member)
    member_client.get(ACKNOWLEDGE)
    assert _banner(member) == ""


def test_no_banner_once_the_member_acknowledged(in_force, member, hr):
    services_ack.remind_member(in_force, actor=hr, user=member)
    services.acknowledge(in_force, user=member, typed_name=FULL_NAME, confirmed=True)
    assert _banner(member) == ""


def test_no_banner_on_the_acknowledgement_page_itself(in_force, member, hr):
    services_ack.remind_member(in_force, actor=hr, user=member)
    assert _banner(member, ACKNOWLEDGE, "policy:acknowledge") == ""


def test_the_banner_reads_nothing_when_not_shown(in_force, member, django_assert_num_queries):
    request = RequestFactory().get(PROFILE)
    request.user = member
    with django_assert_num_queries(0):
        reminder_banner(request)


# Random input --------------------------------------------------------------------------------

texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "-1", "on", "https://evil.example/", "/\r\nx", "x" * 500]),
)


def test_random_text_in_every_field_never_gives_a_500(in_force, member_client):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        data=st.fixed_dictionaries(
            {"version": texts, "typed_name": texts, "confirmed": texts, "next": texts}
        )
    )
    def post(data):
        response = member_client.post(ACKNOWLEDGE, data)
        assert response.status_code < 500
        if response.status_code == 302:
            assert response.url in {DASHBOARD, data["next"]}
            assert not response.url.startswith(("http", "//"))
            Acknowledgement.objects.all().delete()

    post()
