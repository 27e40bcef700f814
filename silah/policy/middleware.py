"""Staff read and acknowledge the policy in force before working (seed 001, المسؤوليات).

`RequireAcknowledgementMiddleware` sends a signed-in member of staff who has not acknowledged
the version in force to the acknowledgement page on their next page, then back where they
were going. It must come after AuthenticationMiddleware and RequireTwoFactorMiddleware in
settings.MIDDLEWARE (logging in and two-factor verification come first).

It costs one query per request (the version in force and whether this user acknowledged it),
cached on the request; anonymous visitors and exempt pages cost none.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from silah.policy import queries_ack

ACKNOWLEDGE_URL_NAME = "policy:acknowledge"

# Pages a member who has not acknowledged may still open.
EXEMPT_URL_NAMES = frozenset(
    {
        ACKNOWLEDGE_URL_NAME,
        # The public policy: reading it is what the member is asked to do.
        "policy:published",
        "policy:published_pdf",
        "policy:version",
        "policy:version_pdf",
        # Logging in and out.
        "accounts:login",
        "accounts:logout",
        "set_language",
        "javascript-catalog",
        "healthz",
    }
)
# Passwords and two-factor login (accounts:password_change, accounts:two_factor_verify, …).
EXEMPT_URL_NAME_PREFIXES = ("accounts:password_", "accounts:two_factor_")

# Public pages of higher apps (the service catalogue…), added from their AppConfig.ready().
_registered_exempt: set[str] = set()


def exempt(*url_names: str) -> None:
    """Let staff who have not acknowledged the policy open these public pages too (a higher
    app calls this from its ready(): this module does not know its URL names)."""
    _registered_exempt.update(url_names)


def _exempt_path(path: str) -> bool:
    for url in (settings.STATIC_URL, getattr(settings, "MEDIA_URL", "")):
        prefix = "/" + (url or "").lstrip("/")
        if prefix != "/" and path.startswith(prefix):
            return True
    return False


def is_exempt(request: HttpRequest) -> bool:
    """True for the pages listed above, static and media files."""
    if _exempt_path(request.path_info):
        return True
    match = getattr(request, "resolver_match", None)
    if match is None:
        return False
    name = match.view_name
    return (
        name in EXEMPT_URL_NAMES
        or name in _registered_exempt
        or name.startswith(EXEMPT_URL_NAME_PREFIXES)
    )


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _page_being_left(request: HttpRequest) -> str:
    """Where to come back after acknowledging: the page asked for (GET), or for htmx the page
    the fragment belongs to (HX-Current-URL, same host only). Empty for other requests."""
    if _is_htmx(request):
        current = urlsplit(request.headers.get("HX-Current-URL", ""))
        if current.netloc and current.netloc != request.get_host():
            return ""
        return current.path + (f"?{current.query}" if current.query else "")
    if request.method == "GET":
        return request.get_full_path()
    return ""


def acknowledgement_url(request: HttpRequest) -> str:
    url = reverse(ACKNOWLEDGE_URL_NAME)
    back = _page_being_left(request)
    if back and back != url:
        return f"{url}?{urlencode({'next': back})}"
    return url


class RequireAcknowledgementMiddleware:
    """Send staff who have not acknowledged the version in force to acknowledge it first."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        # Runs once the URL is resolved: request.resolver_match names the page.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or is_exempt(request):
            return None
        if not queries_ack.request_state(request).required:
            return None
        target = acknowledgement_url(request)
        if _is_htmx(request):
            return HttpResponseClientRedirect(target)
        return redirect(target)
