"""The domain error every service raises when a rule refuses an action."""

from django.core.exceptions import ValidationError


class DomainError(Exception):
    """A rule refused the action; `message` is for the person who asked, in their language.

    `field` names the form field that caused it, so a view can show it there.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def as_validation_error(self) -> ValidationError:
        if self.field:
            return ValidationError({self.field: self.message})
        return ValidationError(self.message)
