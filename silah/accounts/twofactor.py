"""Two-factor login (TOTP through django-otp): who must use it and where to send them."""

from django.http import HttpRequest


def two_factor_redirect(request: HttpRequest) -> str | None:
    """The URL a user must visit before anything else, or None."""
    return None
