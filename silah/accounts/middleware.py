"""Session rules for staff: idle sessions end; some roles must use two-factor login."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

IDLE_KEY = "silah_last_seen"
IDLE_PRECISION = 60  # seconds
SESSION_ENDED = _("انتهت جلستك لعدم النشاط. سجّل الدخول مرة أخرى.")


def _go(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; an htmx request is told to load the page in full instead of a fragment."""
    if request.headers.get("HX-Request"):
        return HttpResponseClientRedirect(url)
    return redirect(url)


class AccessMiddleware:
    """Give the signed-in user's object the facts every page reads about them (permissions,
    roles, two-factor state, acknowledgement), kept between pages by `accounts/access.py`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from silah.accounts.access import prime

        prime(request.user)
        return self.get_response(request)


class IdleSessionMiddleware:
    """End a staff session after SILAH_IDLE_TIMEOUT_MINUTES without a request.

    Counter computers are shared: a session left open must not serve the next person.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = settings.SILAH_IDLE_TIMEOUT_MINUTES * 60
        if timeout and request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(IDLE_KEY)
            if last_seen is not None and now - last_seen > timeout:
                logout(request)
                if request.method == "GET" and not request.headers.get("HX-Request"):
                    response = redirect_to_login(request.get_full_path())
                else:
                    response = _go(request, resolve_url(settings.LOGIN_URL))
                # This middleware runs before MessageMiddleware, so it stores the message
                # itself (in a cookie: the session has just been emptied).
                storage = default_storage(request)
                storage.add(messages.INFO, SESSION_ENDED)
                storage.update(response)
                return response
            # Written at most once a minute: writing it on every request would save the
            # session (an UPDATE and its commit) on every page for a minute's precision.
            if last_seen is None or now - last_seen >= IDLE_PRECISION:
                request.session[IDLE_KEY] = now
        return self.get_response(request)


class RequireTwoFactorMiddleware:
    """Send staff whose role requires two-factor login to set it up or verify it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from silah.accounts.twofactor import two_factor_redirect

        target = two_factor_redirect(request)
        if target is not None:
            return _go(request, target)
        return self.get_response(request)
