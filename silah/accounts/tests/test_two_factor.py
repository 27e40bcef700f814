"""Two-factor login with an authenticator app (TOTP) and backup codes."""

import datetime as dt
from binascii import unhexlify

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from silah.accounts import twofactor
from silah.accounts.factories import PASSWORD, UserFactory, add_authenticator
from silah.accounts.models import Role
from silah.accounts.views import SETUP_KEY

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
BACKUP = reverse("accounts:two_factor_backup_codes")
DISABLE = reverse("accounts:two_factor_disable")
PROFILE = reverse("accounts:profile")
DASHBOARD = reverse("core:dashboard")


def code_for_key(key: str, shift_steps: int = 0) -> str:
    return f"{totp(unhexlify(key), t0=-shift_steps * 30):06d}"


def code_for(device: TOTPDevice) -> str:
    return code_for_key(device.key)


def _wrong(device: TOTPDevice) -> str:
    """A code no nearby time step of the device produces."""
    near = {code_for_key(device.key, shift) for shift in (-1, 0, 1)}
    return next(f"{n:06d}" for n in range(1000000) if f"{n:06d}" not in near)


def _log_in(client: Client, user) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


def _require_for(code: str) -> None:
    Role.objects.filter(code=code).update(requires_two_factor=True)


# two_factor_redirect ---------------------------------------------------------------------


def _request(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = {}
    user.is_verified = lambda: False
    return request


def test_no_redirect_for_anonymous_visitors():
    from django.contrib.auth.models import AnonymousUser

    assert twofactor.two_factor_redirect(_request(AnonymousUser())) is None


def test_no_redirect_for_staff_without_an_authenticator_whose_roles_do_not_require_it():
    user = UserFactory(roles=["manager"])
    assert twofactor.two_factor_redirect(_request(user)) is None


def test_redirect_to_verify_when_an_authenticator_is_not_yet_verified_in_this_session():
    user = UserFactory()
    add_authenticator(user)
    target = twofactor.two_factor_redirect(_request(user, PROFILE))
    assert target == f"{VERIFY}?next=%2Faccounts%2Fprofile%2F"


def test_no_redirect_once_the_session_is_verified():
    user = UserFactory()
    add_authenticator(user)
    request = _request(user)
    user.is_verified = lambda: True
    assert twofactor.two_factor_redirect(request) is None


def test_redirect_to_setup_when_a_role_requires_it_and_there_is_no_authenticator():
    _require_for("manager")
    user = UserFactory(roles=["manager"])
    target = twofactor.two_factor_redirect(_request(user, PROFILE))
    assert target.startswith(SETUP)


def test_redirect_to_setup_when_the_server_setting_requires_it(settings):
    settings.SILAH_REQUIRE_2FA_FOR_ROLES = ["hr"]
    user = UserFactory(roles=["hr"])
    assert twofactor.two_factor_redirect(_request(user)).startswith(SETUP)


def test_a_required_role_with_an_authenticator_goes_to_verify_not_setup():
    _require_for("manager")
    user = UserFactory(roles=["manager"])
    add_authenticator(user)
    assert twofactor.two_factor_redirect(_request(user)).startswith(VERIFY)


def test_an_unconfirmed_authenticator_does_not_count():
    user = UserFactory()
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    assert twofactor.two_factor_redirect(_request(user)) is None


@pytest.mark.parametrize(
    "path",
    [
        reverse("accounts:login"),
        reverse("accounts:logout"),
        SETUP,
        VERIFY,
        "/static/silah/silah.css",
        "/i18n/setlang/",
        "/healthz",
    ],
)
def test_login_logout_two_factor_static_and_language_urls_are_exempt(path):
    _require_for("manager")
    user = UserFactory(roles=["manager"])
    add_authenticator(user)
    assert twofactor.two_factor_redirect(_request(user, path)) is None


def test_backup_codes_page_is_not_exempt():
    user = UserFactory()
    add_authenticator(user)
    assert twofactor.two_factor_redirect(_request(user, BACKUP)).startswith(VERIFY)


# Logging in with an authenticator --------------------------------------------------------


def test_login_with_an_authenticator_asks_for_the_code_before_anything_else(client):
    user = UserFactory()
    add_authenticator(user)
    _log_in(client, user)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_verify_page_is_arabic_and_asks_for_a_one_time_code(client):
    user = UserFactory()
    add_authenticator(user)
    _log_in(client, user)
    html = client.get(VERIFY).content.decode()
    assert "التحقق بخطوتين" in html
    assert 'autocomplete="one-time-code"' in html


def test_the_right_code_verifies_the_session_and_goes_on(client):
    user = UserFactory()
    device = add_authenticator(user)
    _log_in(client, user)
    response = client.post(f"{VERIFY}?next={PROFILE}", {"code": code_for(device)})
    assert response.status_code == 302
    assert response.url == PROFILE
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.get(PROFILE).status_code == 200


def test_a_code_typed_in_arabic_digits_is_accepted(client):
    user = UserFactory()
    device = add_authenticator(user)
    _log_in(client, user)
    arabic = code_for(device).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    client.post(VERIFY, {"code": arabic})
    assert DEVICE_ID_SESSION_KEY in client.session


def test_a_wrong_code_is_refused_with_an_arabic_field_error(client):
    user = UserFactory()
    device = add_authenticator(user)
    _log_in(client, user)
    response = client.post(VERIFY, {"code": _wrong(device)})
    assert response.status_code == 200
    assert "الرمز غير صحيح" in response.content.decode()
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert client.get(DASHBOARD).status_code == 302


def test_an_empty_code_shows_an_arabic_field_error(client):
    user = UserFactory()
    add_authenticator(user)
    _log_in(client, user)
    response = client.post(VERIFY, {"code": ""})
    assert "أدخل الرمز المكوّن من ستة أرقام." in response.content.decode()


def test_codes_right_after_wrong_ones_are_throttled(client):
    user = UserFactory()
    device = add_authenticator(user)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        _log_in(client, user)
        for _ in range(3):
            client.post(VERIFY, {"code": _wrong(device)})
        response = client.post(VERIFY, {"code": code_for(device)})
        assert "أُدخلت رموز خاطئة عدة مرات" in response.content.decode()
        assert DEVICE_ID_SESSION_KEY not in client.session


def test_the_throttle_passes_after_a_while(client):
    user = UserFactory()
    device = add_authenticator(user)
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC), tick=False) as t:
        _log_in(client, user)
        client.post(VERIFY, {"code": _wrong(device)})
        client.post(VERIFY, {"code": _wrong(device)})
        t.shift(dt.timedelta(minutes=1))
        client.post(VERIFY, {"code": code_for(device)})
        assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id


def test_a_backup_code_logs_in_once(client):
    user = UserFactory()
    device = add_authenticator(user)
    _device, codes = twofactor.enable_two_factor(user, key=device.key)
    _log_in(client, user)
    response = client.post(VERIFY, {"code": codes[0].upper()}, follow=True)
    assert "دخلت برمز احتياطي" in response.content.decode()
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    other = Client()
    _log_in(other, user)
    other.post(VERIFY, {"code": codes[0]})
    assert DEVICE_ID_SESSION_KEY not in other.session


def test_verify_never_redirects_to_another_site(client):
    user = UserFactory()
    device = add_authenticator(user)
    _log_in(client, user)
    response = client.post(f"{VERIFY}?next=https://evil.example/", {"code": code_for(device)})
    assert response.url == DASHBOARD


# Setting up ------------------------------------------------------------------------------


def test_setup_page_shows_a_qr_code_and_the_secret_for_manual_entry(client):
    client.force_login(UserFactory())
    response = client.get(SETUP)
    html = response.content.decode()
    key = client.session[SETUP_KEY]
    assert "<svg" in html and 'role="img"' in html
    assert twofactor.secret_for_humans(key) in html
    assert 'autocomplete="one-time-code"' in html


def test_visiting_setup_saves_no_device(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    assert not TOTPDevice.objects.filter(user=user).exists()


def test_the_first_code_confirms_the_authenticator_and_shows_backup_codes_once(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    key = client.session[SETUP_KEY]
    response = client.post(SETUP, {"code": code_for_key(key)})
    assert response.url == BACKUP
    device = TOTPDevice.objects.get(user=user)
    assert device.confirmed and device.key == key
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    page = client.get(BACKUP).content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(codes) == twofactor.BACKUP_CODE_COUNT
    assert all(code in page for code in codes)
    again = client.get(BACKUP).content.decode()
    assert not any(code in again for code in codes)


def test_a_wrong_first_code_saves_nothing(client):
    user = UserFactory()
    client.force_login(user)
    client.get(SETUP)
    key = client.session[SETUP_KEY]
    wrong = f"{(int(code_for_key(key)) + 500000) % 1000000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "الرمز غير صحيح" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()


def test_setup_keeps_the_same_key_across_a_failed_attempt(client):
    client.force_login(UserFactory())
    client.get(SETUP)
    key = client.session[SETUP_KEY]
    client.post(SETUP, {"code": "abc"})
    assert client.session[SETUP_KEY] == key


def test_required_role_is_sent_to_setup_and_can_work_after_it(client):
    _require_for("manager")
    user = UserFactory(roles=["manager"])
    _log_in(client, user)
    response = client.get(DASHBOARD)
    assert response.url.startswith(SETUP)
    client.get(response.url)
    key = client.session[SETUP_KEY]
    client.post(response.url, {"code": code_for_key(key)})
    assert client.get(DASHBOARD).status_code == 200


def test_an_unverified_session_cannot_replace_the_authenticator(client):
    user = UserFactory()
    device = add_authenticator(user)
    _log_in(client, user)
    response = client.get(SETUP)
    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=user) == device


def test_an_unverified_session_cannot_make_new_backup_codes(client):
    user = UserFactory()
    device = add_authenticator(user)
    twofactor.enable_two_factor(user, key=device.key)
    before = set(StaticToken.objects.values_list("token", flat=True))
    _log_in(client, user)
    response = client.post(BACKUP)
    assert response.url.startswith(VERIFY)
    assert set(StaticToken.objects.values_list("token", flat=True)) == before


def test_new_backup_codes_replace_the_old_ones(client):
    user = UserFactory()
    device, old = twofactor.enable_two_factor(user, key=twofactor.new_secret())
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    client.post(BACKUP)
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == twofactor.BACKUP_CODE_COUNT
    assert not new & set(old)


# Disabling -------------------------------------------------------------------------------


def _verified_client(user) -> Client:
    device = TOTPDevice.objects.filter(user=user).first() or add_authenticator(user)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def test_disable_with_the_password_removes_authenticator_and_backup_codes():
    user = UserFactory()
    twofactor.enable_two_factor(user, key=twofactor.new_secret())
    client = _verified_client(user)
    response = client.post(DISABLE, {"password": PASSWORD})
    assert response.url == PROFILE
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()


def test_disable_with_a_wrong_password_changes_nothing():
    user = UserFactory()
    twofactor.enable_two_factor(user, key=twofactor.new_secret())
    client = _verified_client(user)
    response = client.post(DISABLE, {"password": "not mine"})
    assert response.status_code == 200
    assert "كلمة المرور غير صحيحة." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_disable_is_refused_when_a_role_requires_two_factor():
    _require_for("manager")
    user = UserFactory(roles=["manager"])
    twofactor.enable_two_factor(user, key=twofactor.new_secret())
    client = _verified_client(user)
    response = client.post(DISABLE, {"password": PASSWORD})
    assert response.status_code == 200
    assert "أحد أدوارك يلزمه التحقق بخطوتين" in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()


def test_disable_from_an_unverified_session_is_refused(client):
    user = UserFactory()
    add_authenticator(user)
    _log_in(client, user)
    response = client.post(DISABLE, {"password": PASSWORD})
    assert response.url.startswith(VERIFY)
    assert TOTPDevice.objects.filter(user=user).exists()


def test_one_member_cannot_disable_anothers_two_factor():
    from django.core.exceptions import PermissionDenied

    owner, other = UserFactory(), UserFactory()
    add_authenticator(owner)
    with pytest.raises(PermissionDenied):
        twofactor.disable_two_factor(owner, actor=other)
    assert TOTPDevice.objects.filter(user=owner).exists()


# The account page ------------------------------------------------------------------------


def test_profile_shows_two_factor_off_with_a_link_to_set_it_up(client):
    client.force_login(UserFactory())
    html = client.get(PROFILE).content.decode()
    assert "غير مفعّل" in html
    assert SETUP in html


def test_profile_shows_two_factor_on_with_backup_codes_and_disable_links():
    user = UserFactory()
    twofactor.enable_two_factor(user, key=twofactor.new_secret())
    html = _verified_client(user).get(PROFILE).content.decode()
    assert "مفعّل: تطلب صلة عند الدخول رمزًا" in html
    assert BACKUP in html and DISABLE in html


def test_setup_code_may_be_one_step_late():
    key = twofactor.new_secret()
    late = f"{totp(unhexlify(key), t0=30):06d}"
    assert twofactor.code_matches_key(key, late)
    assert not twofactor.code_matches_key(key, "12ab56")


def test_qr_code_is_inline_svg_of_the_otpauth_url():
    user = UserFactory(username="sara")
    svg = twofactor.qr_code_svg(user, twofactor.new_secret())
    assert svg.startswith("<svg") and "aria-label" in svg


def test_qr_code_has_a_fixed_size_on_screen():
    svg = twofactor.qr_code_svg(UserFactory(), twofactor.new_secret())
    assert svg.startswith(f'<svg width="{twofactor.QR_SIZE}" height="{twofactor.QR_SIZE}"')
    assert "viewBox" in svg


def test_an_htmx_request_is_told_to_load_the_verify_page_in_full(client):
    user = UserFactory()
    add_authenticator(user)
    _log_in(client, user)
    response = client.get(PROFILE, headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(VERIFY)
