"""Switching between Arabic and English, keeping the person on the same page."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Like Django's set_language, but the page is translated from its own language.

    Django translates `next` under the request's active language, which fails when the
    page's URL carries another language's prefix (/en/… while the cookie still says ar).
    """
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if not translation.check_for_language(language):
        return HttpResponseRedirect(next_url)
    page_language = translation.get_language_from_path(next_url) or settings.LANGUAGE_CODE
    with translation.override(page_language):
        next_url = translate_url(next_url, language)
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response
