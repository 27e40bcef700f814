"""One name per account for password-guessing protection (django-axes).

Staff log in with their username or their e-mail, in any case. Axes counts failures per
typed name; without this, "sara", "SARA" and "sara@example.org" would each get their own
five guesses. Set `AXES_USERNAME_CALLABLE = "silah.accounts.lockout.lockout_username"`.
"""

from django.http import HttpRequest

from silah.accounts.models import User


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account's username in lower case, whichever way the person typed it."""
    typed = ""
    if credentials:
        typed = credentials.get("username") or ""
    if not typed and request is not None:
        typed = request.POST.get("username", "") if hasattr(request, "POST") else ""
    typed = str(typed).strip()
    if "@" in typed:
        user = User.objects.filter(email__iexact=typed).only("username").first()
        if user is not None:
            return user.username.lower()
    return typed.lower()
