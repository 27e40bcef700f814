"""Sessions on shared counter computers end after SILAH_IDLE_TIMEOUT_MINUTES idle."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from silah.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
PROFILE = reverse("accounts:profile")
LOGIN = reverse("accounts:login")


@pytest.fixture
def idle_30(settings):
    settings.SILAH_IDLE_TIMEOUT_MINUTES = 30


@pytest.mark.usefixtures("idle_30")
def test_after_31_idle_minutes_the_next_request_lands_on_login_with_an_arabic_message(client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(UserFactory())
        assert client.get(PROFILE).status_code == 200
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(PROFILE, follow=True)
        assert response.redirect_chain[0][0].startswith(LOGIN)
        html = response.content.decode()
        assert "انتهت جلستك لعدم النشاط. سجّل الدخول مرة أخرى." in html
        assert SESSION_KEY not in client.session


@pytest.mark.usefixtures("idle_30")
def test_the_login_page_then_leads_back_to_the_page_asked_for(client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(UserFactory())
        client.get(PROFILE)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(PROFILE)
        assert response.url == f"{LOGIN}?next={PROFILE}"


@pytest.mark.usefixtures("idle_30")
def test_activity_within_the_window_keeps_the_session(client):
    with time_machine.travel(START, tick=False) as traveller:
        user = UserFactory()
        client.force_login(user)
        client.get(PROFILE)
        for _ in range(4):
            traveller.shift(dt.timedelta(minutes=20))
            assert client.get(PROFILE).status_code == 200
        assert client.session[SESSION_KEY] == str(user.pk)


@pytest.mark.usefixtures("idle_30")
def test_exactly_thirty_idle_minutes_still_keep_the_session(client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(UserFactory())
        client.get(PROFILE)
        traveller.shift(dt.timedelta(minutes=30))
        assert client.get(PROFILE).status_code == 200


def test_zero_disables_the_idle_timeout(client, settings):
    settings.SILAH_IDLE_TIMEOUT_MINUTES = 0
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(UserFactory())
        client.get(PROFILE)
        traveller.shift(dt.timedelta(hours=5))
        assert client.get(PROFILE).status_code == 200


@pytest.mark.usefixtures("idle_30")
def test_an_idle_htmx_request_is_told_to_load_the_login_page(client):
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(UserFactory())
        client.get(PROFILE)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.get(PROFILE, headers={"HX-Request": "true"})
        assert response["HX-Redirect"] == LOGIN


@pytest.mark.usefixtures("idle_30")
def test_an_idle_post_changes_nothing(client):
    user = UserFactory(first_name="سارة")
    with time_machine.travel(START, tick=False) as traveller:
        client.force_login(user)
        client.get(PROFILE)
        traveller.shift(dt.timedelta(minutes=31))
        response = client.post(
            reverse("accounts:password_change"),
            {
                "old_password": "correct horse battery staple",
                "new_password1": "another long passphrase 9",
                "new_password2": "another long passphrase 9",
            },
        )
        assert response.status_code == 302
        assert response.url == LOGIN
    user.refresh_from_db()
    assert user.check_password("correct horse battery staple")
