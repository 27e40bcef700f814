"""Two-factor login (TOTP through django-otp): who must use it and where to send them.

A member of staff may add an authenticator app (TOTP) on their account page; every role can
be made to require it (`Role.requires_two_factor`, or SILAH_REQUIRE_2FA_FOR_ROLES). With an
authenticator comes a set of backup codes (django-otp's static device), shown once.
`RequireTwoFactorMiddleware` asks `two_factor_redirect` on every request where to send a
user who has not finished logging in.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Q
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django_otp import device_classes, devices_for_user, user_has_device, verify_token
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

from silah.accounts.models import Role, User
from silah.accounts.roles import forced_two_factor_codes

BACKUP_CODE_COUNT = 10
QR_SIZE = 220  # CSS pixels
AUTHENTICATOR_NAME = "authenticator"
BACKUP_NAME = "backup"

# URL names a user may visit before finishing two-factor login.
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:two_factor_verify",
        "set_language",
        "javascript-catalog",
        "healthz",
    }
)

REQUIRED_BY_ROLE = _("أحد أدوارك يلزمه التحقق بخطوتين، فلا يمكن إيقافه.")
NOT_YOURS = _("يوقف كل موظف التحقق بخطوتين لحسابه بنفسه؛ ويعيد مدير النظام ضبطه من شاشة الموظفين.")
QR_LABEL = _("رمز QR لإضافة الحساب إلى تطبيق المصادقة")

ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def normalise_code(code: str) -> str:
    """A code as typed: Arabic-Indic digits become Latin, spaces and dashes go."""
    return "".join(code.translate(ARABIC_DIGITS).split()).replace("-", "").lower()


# Who must use it ---------------------------------------------------------------------------


def two_factor_required(user: User) -> bool:
    """True when one of the user's roles requires two-factor login."""
    if not user.is_authenticated:
        return False
    forced = forced_two_factor_codes()
    return (
        Role.objects.filter(group__user=user)
        .filter(Q(requires_two_factor=True) | Q(code__in=forced))
        .exists()
    )


def has_authenticator(user: User) -> bool:
    """True when the user has a confirmed authenticator (or backup codes)."""
    return user.is_authenticated and user_has_device(user, confirmed=True)


def _is_exempt(request: HttpRequest) -> bool:
    path = request.path_info
    static_url = "/" + settings.STATIC_URL.lstrip("/")
    if path.startswith(static_url):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in EXEMPT_URL_NAMES


def _with_next(url: str, request: HttpRequest) -> str:
    if request.method == "GET":
        return f"{url}?{urlencode({'next': request.get_full_path()})}"
    return url


def two_factor_redirect(request: HttpRequest) -> str | None:
    """The URL a user must visit before anything else, or None.

    - a user with a confirmed authenticator whose session is not verified: the verify page;
    - a user without one whose role requires it: the set-up page;
    - login, logout, the two pages themselves, static files and the language switch are
      always reachable.
    """
    from silah.accounts.access import access_of

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    access = access_of(user)
    if access is None or not (access.has_device or access.two_factor_required):
        return None
    if _is_exempt(request):
        return None
    if access.has_device:
        return _with_next(reverse("accounts:two_factor_verify"), request)
    return _with_next(reverse("accounts:two_factor_setup"), request)


def two_factor_state(user: User) -> tuple[bool, bool]:
    """(has a confirmed authenticator, one of their roles requires one), in one query (kept
    between pages by `accounts/access.py`)."""
    forced = forced_two_factor_codes()
    checks = {
        f"device_{n}": Exists(model.objects.devices_for_user(user, confirmed=True))
        for n, model in enumerate(device_classes())
    }
    checks["required"] = Exists(
        Role.objects.filter(group__user=user).filter(
            Q(requires_two_factor=True) | Q(code__in=forced)
        )
    )
    row = User.objects.filter(pk=user.pk).annotate(**checks).values(*checks).first() or {}
    required = bool(row.pop("required", False))
    return any(row.values()), required


# Setting up --------------------------------------------------------------------------------


def new_secret() -> str:
    """A new random TOTP key, hex-encoded (as django-otp stores it)."""
    return default_key()


def secret_for_humans(key: str) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    text = base64.b32encode(binascii.unhexlify(key)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_device(user: User, key: str) -> TOTPDevice:
    """An unsaved device holding the key being set up (for its otpauth:// URL)."""
    return TOTPDevice(user=user, key=key, name=AUTHENTICATOR_NAME, confirmed=False)


def qr_code_svg(user: User, key: str) -> SafeString:
    """The set-up QR code as inline SVG."""
    image = qrcode.make(
        provisioning_device(user, key).config_url,
        image_factory=qrcode.image.svg.SvgPathFillImage,
    )
    svg = image.to_string(encoding="unicode")
    # A fixed size on screen (the viewBox scales it), and a name for screen readers.
    svg = re.sub(
        r'^<svg width="[^"]*" height="[^"]*"',
        f'<svg width="{QR_SIZE}" height="{QR_SIZE}" role="img" aria-label="{escape(QR_LABEL)}"',
        svg,
        count=1,
    )
    return mark_safe(svg)  # generated by qrcode from our own data; the label is escaped


def code_matches_key(key: str, code: str) -> bool:
    """True when a code from the app matches the key being set up (±1 time step)."""
    code = normalise_code(code)
    if not code.isdigit():
        return False
    device = provisioning_device(User(), key)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return totp.verify(int(code), tolerance=device.tolerance)


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def enable_two_factor(user: User, *, key: str) -> tuple[TOTPDevice, list[str]]:
    """Save the confirmed authenticator and new backup codes; return both.

    The caller has checked a first code with `code_matches_key`.
    """
    TOTPDevice.objects.filter(user=user).delete()
    device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, key=key, confirmed=True)
    return device, _new_backup_codes(user)


@transaction.atomic
def regenerate_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with new ones (the old ones stop working)."""
    return _new_backup_codes(user)


def remove_devices(user: User) -> int:
    """Delete every authenticator and backup code of the user; return how many devices."""
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _details = model.objects.filter(user=user).delete()
        removed += count
    return removed


@transaction.atomic
def disable_two_factor(user: User, *, actor: User) -> int:
    """The user switches off their own two-factor login (not allowed if a role requires it)."""
    if actor.pk != user.pk:
        raise PermissionDenied(NOT_YOURS)
    if two_factor_required(user):
        raise ValidationError(REQUIRED_BY_ROLE)
    return remove_devices(user)


# Logging in --------------------------------------------------------------------------------


def verify_code(user: User, code: str) -> Device | None:
    """The device that accepts this code (an app's code or a backup code), or None.

    Each device throttles wrong codes (django-otp's exponential back-off).
    """
    code = normalise_code(code)
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        if isinstance(device, TOTPDevice) and not code.isdigit():
            continue
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def is_throttled(user: User) -> bool:
    """True when the user's authenticator refuses codes for now after wrong ones."""
    return any(
        not device.verify_is_allowed()[0]
        for device in devices_for_user(user, confirmed=True)
        if isinstance(device, TOTPDevice)
    )


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
