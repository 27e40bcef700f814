"""Badges in a file's header: apps register a function that says what to flag on a file.

    from silah.registry import file_badges

    def needs_attestation(beneficiary) -> file_badges.Badge | None:
        ...
    file_badges.register("attestation", needs_attestation)

A function returns a `Badge` (label, Bootstrap tone) or None; it must not show personal data
beyond what the file page shows anyway.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


@dataclass(frozen=True)
class Badge:
    label: str | Promise
    tone: str = "warning"  # a Bootstrap colour
    icon: str = "exclamation-triangle"


BadgeFunction = Callable[[Any], "Badge | None"]
_functions: dict[str, BadgeFunction] = {}


def register(key: str, function: BadgeFunction) -> None:
    """Add (or replace) the badge function named `key`."""
    _functions[key] = function


def badges_for(beneficiary: Any) -> list[Badge]:
    badges = []
    for _key, function in sorted(_functions.items()):
        badge = function(beneficiary)
        if badge is not None:
            badges.append(badge)
    return badges
