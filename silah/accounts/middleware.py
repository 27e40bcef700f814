"""Session rules for staff: idle sessions end; some roles must use two-factor login."""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

IDLE_KEY = "silah_last_seen"


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
                messages.info(request, _("انتهت جلستك لعدم النشاط. سجّل الدخول مرة أخرى."))
                return redirect(settings.LOGIN_URL)
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
            return redirect(target)
        return self.get_response(request)
