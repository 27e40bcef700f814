"""Password guessing: a username+address pair is locked after five failures, for a while."""

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from silah.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")
START = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def _attempt(client, password, username="sara", ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.fixture
def sara(db):
    return UserFactory(username="sara", email="sara@example.org")


def test_five_wrong_passwords_lock_the_sixth_attempt_out_with_an_arabic_page(client, sara):
    for _ in range(5):
        _attempt(client, "wrong guess")
    response = _attempt(client, "another guess")
    assert response.status_code == 429
    html = response.content.decode()
    assert "توقفنا مؤقتًا عن قبول محاولات الدخول لهذا الحساب" in html
    assert 'lang="ar"' in html


def test_four_wrong_passwords_do_not_lock_the_account(client, sara, password):
    for _ in range(4):
        _attempt(client, "wrong guess")
    response = _attempt(client, password)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(sara.pk)


def test_locked_out_user_is_refused_even_with_the_right_password(client, sara, password):
    for _ in range(5):
        _attempt(client, "wrong guess")
    response = _attempt(client, password)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def test_real_user_gets_in_after_the_cool_off(sara, password):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            _attempt(client, "wrong guess")
        assert _attempt(client, password).status_code == 429
        traveller.shift(dt.timedelta(minutes=16))
        response = _attempt(client, password)
        assert response.status_code == 302
        assert client.session[SESSION_KEY] == str(sara.pk)


def test_still_locked_just_before_the_cool_off_ends(sara, password):
    client = Client()
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(5):
            _attempt(client, "wrong guess")
        traveller.shift(dt.timedelta(minutes=14))
        response = _attempt(client, password)
    assert response.status_code == 429


def test_guesses_from_another_address_do_not_lock_the_real_user_out(sara, password):
    attacker, colleague = Client(), Client()
    for _ in range(6):
        _attempt(attacker, "wrong guess", ip="203.0.113.9")
    assert _attempt(attacker, password, ip="203.0.113.9").status_code == 429
    response = _attempt(colleague, password, ip="10.0.0.1")
    assert response.status_code == 302
    assert colleague.session[SESSION_KEY] == str(sara.pk)


def test_lockout_of_one_user_does_not_lock_another_at_the_same_address(client, sara, password):
    UserFactory(username="noura")
    for _ in range(5):
        _attempt(client, "wrong guess")
    response = _attempt(client, password, username="noura")
    assert response.status_code == 302


def test_a_successful_login_clears_earlier_failures(client, sara, password):
    for _ in range(4):
        _attempt(client, "wrong guess")
    _attempt(client, password)
    assert not AccessAttempt.objects.filter(username="sara").exists()


def test_lockout_page_offers_password_reset(client, sara):
    for _ in range(6):
        response = _attempt(client, "wrong guess")
    assert reverse("accounts:password_reset") in response.content.decode()


@pytest.fixture
def one_name_per_account(settings):
    settings.AXES_USERNAME_CALLABLE = "silah.accounts.lockout.lockout_username"


@pytest.mark.usefixtures("one_name_per_account")
def test_guessing_with_username_case_and_email_counts_against_one_account(client, sara):
    for name in ["sara", "SARA", "Sara", "sara@example.org", "SARA@EXAMPLE.ORG"]:
        _attempt(client, "wrong guess", username=name)
    response = _attempt(client, "another guess", username="sara")
    assert response.status_code == 429


@pytest.mark.usefixtures("one_name_per_account")
def test_one_name_per_account_still_lets_another_address_in(sara, password):
    attacker, colleague = Client(), Client()
    for _ in range(6):
        _attempt(attacker, "wrong guess", username="SARA@example.org", ip="203.0.113.9")
    assert _attempt(colleague, password, username="sara@example.org").status_code == 302
