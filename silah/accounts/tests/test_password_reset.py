"""Staff who forgot their password set a new one through a link sent by e-mail."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from silah.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = reverse("accounts:password_reset")
NEW_PASSWORD = "a new and long passphrase 2026"


def _link_in(message) -> str:
    match = re.search(r"https?://[^/\s]+(/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_reset_page_is_arabic_with_an_email_field(client):
    response = client.get(RESET)
    html = response.content.decode()
    assert response.status_code == 200
    assert "استعادة كلمة المرور" in html
    assert 'autocomplete="email"' in html
    assert 'class="form-control"' in html


def test_reset_sends_an_arabic_email_with_a_link(client, mailoutbox):
    UserFactory(username="sara", email="sara@example.org")
    response = client.post(RESET, {"email": "sara@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["sara@example.org"]
    assert message.subject == "صلة: استعادة كلمة المرور"
    assert "طلب أحدهم تعيين كلمة مرور جديدة لحسابك في صلة" in message.body
    assert "اسم المستخدم: sara" in message.body
    assert "/accounts/password/reset/" in _link_in(message)


def test_reset_finds_the_address_in_any_case(client, mailoutbox):
    UserFactory(username="sara", email="Sara.Harbi@Example.org")
    client.post(RESET, {"email": "SARA.HARBI@example.ORG"})
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["Sara.Harbi@Example.org"]


def test_unknown_address_looks_the_same_and_sends_nothing(client, mailoutbox):
    UserFactory(username="sara", email="sara@example.org")
    known = client.post(RESET, {"email": "sara@example.org"})
    unknown = client.post(RESET, {"email": "nobody@example.org"})
    assert unknown.status_code == known.status_code == 302
    assert unknown.url == known.url
    assert len(mailoutbox) == 1


def test_done_page_does_not_say_whether_the_address_exists(client):
    html = client.get(reverse("accounts:password_reset_done")).content.decode()
    assert "إن كان البريد الذي أدخلته مسجّلًا" in html


def test_inactive_staff_get_no_reset_email(client, mailoutbox):
    UserFactory(username="sara", email="sara@example.org", is_active=False)
    client.post(RESET, {"email": "sara@example.org"})
    assert mailoutbox == []


def test_staff_without_a_password_yet_can_use_reset(client, mailoutbox):
    user = UserFactory(username="sara", email="sara@example.org")
    user.set_unusable_password()
    user.save()
    client.post(RESET, {"email": "sara@example.org"})
    assert len(mailoutbox) == 1


def test_invalid_address_shows_an_arabic_field_error(client, mailoutbox):
    response = client.post(RESET, {"email": "not an address"})
    assert response.status_code == 200
    assert "أدخل بريدًا إلكترونيًا صحيحًا" in response.content.decode()
    assert mailoutbox == []


def test_link_sets_a_new_password_that_logs_in(client, mailoutbox, password):
    user = UserFactory(username="sara", email="sara@example.org")
    client.post(RESET, {"email": "sara@example.org"})
    form_page = client.get(_link_in(mailoutbox[0]), follow=True)
    assert "تعيين كلمة مرور جديدة" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.url == reverse("accounts:password_reset_complete")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert not user.check_password(password)
    client.post(reverse("accounts:login"), {"username": "sara", "password": NEW_PASSWORD})
    assert client.session[SESSION_KEY] == str(user.pk)


def test_link_works_only_once(client, mailoutbox):
    UserFactory(username="sara", email="sara@example.org")
    client.post(RESET, {"email": "sara@example.org"})
    link = _link_in(mailoutbox[0])
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    again = client.get(link, follow=True)
    assert "هذا الرابط غير صالح" in again.content.decode()


def test_mismatched_new_passwords_show_an_arabic_error_and_change_nothing(
    client, mailoutbox, password
):
    user = UserFactory(username="sara", email="sara@example.org")
    client.post(RESET, {"email": "sara@example.org"})
    set_url = client.get(_link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": NEW_PASSWORD, "new_password2": "something else"}
    )
    assert response.status_code == 200
    assert "حقلا كلمة المرور غير متطابقين" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_setting_a_new_password_lifts_a_lockout(client, mailoutbox):
    UserFactory(username="sara", email="sara@example.org")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "sara", "password": "wrong"})
    assert AccessAttempt.objects.filter(username="sara").exists()
    client.post(RESET, {"email": "sara@example.org"})
    set_url = client.get(_link_in(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert not AccessAttempt.objects.filter(username="sara").exists()
    response = client.post(
        reverse("accounts:login"), {"username": "sara", "password": NEW_PASSWORD}
    )
    assert response.status_code == 302


def test_password_change_page_uses_bootstrap_and_autocomplete(client):
    client.force_login(UserFactory())
    html = client.get(reverse("accounts:password_change")).content.decode()
    assert 'autocomplete="current-password"' in html
    assert 'autocomplete="new-password"' in html
    assert 'class="form-control"' in html
