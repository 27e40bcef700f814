"""Staff log in with their username or e-mail address."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from silah.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def _logged_in_as(client, user) -> bool:
    return client.session.get(SESSION_KEY) == str(user.pk)


def test_login_page_is_arabic_with_labelled_fields(client):
    response = client.get(LOGIN)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'lang="ar"' in html and 'dir="rtl"' in html
    assert "اسم المستخدم أو البريد الإلكتروني" in html
    assert 'autocomplete="username"' in html
    assert 'autocomplete="current-password"' in html
    assert 'class="form-control"' in html


def test_staff_log_in_with_their_username(client, password):
    user = UserFactory(username="sara")
    response = _login(client, "sara", password)
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert _logged_in_as(client, user)


def test_username_is_not_case_sensitive(client, password):
    user = UserFactory(username="sara")
    _login(client, "SARA", password)
    assert _logged_in_as(client, user)


def test_staff_log_in_with_their_email(client, password):
    user = UserFactory(username="sara", email="sara@example.org")
    _login(client, "sara@example.org", password)
    assert _logged_in_as(client, user)


def test_email_login_ignores_case_and_spaces(client, password):
    user = UserFactory(username="sara", email="Sara.Harbi@Example.org")
    _login(client, "  sara.harbi@EXAMPLE.ORG ", password)
    assert _logged_in_as(client, user)


def test_wrong_password_is_refused_with_an_arabic_message(client):
    UserFactory(username="sara")
    response = _login(client, "sara", "not the password")
    assert response.status_code == 200
    assert "اسم المستخدم أو كلمة المرور غير صحيحة." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_unknown_user_gets_the_same_message_as_a_wrong_password(client):
    response = _login(client, "nobody", "whatever it is")
    assert "اسم المستخدم أو كلمة المرور غير صحيحة." in response.content.decode()


def test_inactive_staff_cannot_log_in_even_with_the_right_password(client, password):
    UserFactory(username="sara", is_active=False)
    response = _login(client, "sara", password)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session


def test_inactive_staff_cannot_log_in_by_email(client, password):
    UserFactory(username="sara", email="sara@example.org", is_active=False)
    _login(client, "sara@example.org", password)
    assert SESSION_KEY not in client.session


def test_empty_form_shows_arabic_field_errors(client):
    response = client.post(LOGIN, {})
    assert response.status_code == 200
    assert "هذا الحقل مطلوب" in response.content.decode()


def test_login_goes_on_to_the_page_asked_for(client, password):
    UserFactory(username="sara")
    response = client.post(
        LOGIN, {"username": "sara", "password": password, "next": reverse("accounts:profile")}
    )
    assert response.url == reverse("accounts:profile")


def test_login_never_redirects_to_another_site(client, password):
    UserFactory(username="sara")
    response = client.post(
        LOGIN, {"username": "sara", "password": password, "next": "https://evil.example/"}
    )
    assert response.url == reverse("core:dashboard")


def test_deactivated_staff_lose_their_open_session(client):
    user = UserFactory(username="sara")
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


def test_logout_ends_the_session(client):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert SESSION_KEY not in client.session


def test_login_page_links_to_password_reset(client):
    assert reverse("accounts:password_reset") in client.get(LOGIN).content.decode()
