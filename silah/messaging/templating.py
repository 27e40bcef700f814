"""Template text with named placeholders: ``{reference}``; ``{{`` and ``}}`` are braces.

Checked when a template is saved: a placeholder the event does not have, an empty name or
an unclosed brace is an error, so a message never goes out with a blank in it.
"""

import re

from django.utils.translation import gettext as _

from silah.core.errors import DomainError
from silah.messaging.events import placeholders

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")


def names_in(text: str) -> list[str]:
    """The placeholder names ``text`` uses, in order of first use; raise on a broken brace."""
    names: list[str] = []
    for match in _TOKEN.finditer(text):
        piece = match.group(0)
        if piece in ("{{", "}}"):
            continue
        if piece in ("{", "}"):
            raise DomainError(
                _("قوس غير مكتمل في النص؛ اكتب المتغير هكذا: {reference}، أو {{ لقوس ظاهر."),
                field="body",
            )
        name = match.group(1).strip()
        if not name:
            raise DomainError(_("متغير فارغ {} في النص."), field="body")
        if name not in names:
            names.append(name)
    return names


def check(text: str, event: str, *, field: str = "body") -> list[str]:
    """The names used in ``text``; DomainError at ``field`` if one is not ``event``'s."""
    allowed = {p.name for p in placeholders(event)}
    try:
        used = names_in(text)
    except DomainError as error:
        raise DomainError(error.message, field=field) from None
    unknown = [name for name in used if name not in allowed]
    if unknown:
        raise DomainError(
            _("متغير غير معروف لهذا الحدث: %(names)s. المتاح: %(allowed)s")
            % {
                "names": "، ".join("{" + n + "}" for n in unknown),
                "allowed": "، ".join("{" + p.name + "}" for p in placeholders(event)),
            },
            field=field,
        )
    return used


def fill(text: str, values: dict[str, object]) -> str:
    """``text`` with each placeholder replaced; a missing value is an error, never a blank."""

    def replace(match: re.Match) -> str:
        piece = match.group(0)
        if piece == "{{":
            return "{"
        if piece == "}}":
            return "}"
        if match.group(1) is None:
            raise ValueError("unbalanced brace in a checked template")
        name = match.group(1).strip()
        value = values.get(name)
        if value is None or str(value).strip() == "":
            raise MissingValue(name)
        return str(value)

    return _TOKEN.sub(replace, text)


class MissingValue(KeyError):
    """The caller did not give a value for a placeholder the template uses."""
