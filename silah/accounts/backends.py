from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class UsernameOrEmailBackend(ModelBackend):
    """Staff log in with their username or their e-mail address."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: object,
    ):
        if username is None or password is None:
            return None
        users = get_user_model()._default_manager
        if "@" in username:
            user = users.filter(email__iexact=username.strip()).first()
        else:
            user = users.filter(username__iexact=username.strip()).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal who exists.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
