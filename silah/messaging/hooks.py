"""Callbacks a higher layer registers to learn about its messages (never an import of it).

``on_dead(callback)``: ``callback(message)`` runs after a message is committed dead; the
requests app registers one and looks at ``message.subject_ref`` ("applications.application:12")
to show "not delivered" on the request so a person calls instead.
``on_delivered(callback)``: the same after a message is sent (or a receipt says delivered).
"""

import logging
from collections.abc import Callable

logger = logging.getLogger("silah.messaging")

_dead: list[Callable] = []
_delivered: list[Callable] = []


def on_dead(callback: Callable) -> None:
    if callback not in _dead:
        _dead.append(callback)


def on_delivered(callback: Callable) -> None:
    if callback not in _delivered:
        _delivered.append(callback)


def _run(callbacks: list[Callable], message) -> None:
    for callback in list(callbacks):
        try:
            callback(message)
        except Exception:  # one app's callback must not stop the outbox
            logger.exception("messaging callback failed for message %s", message.pk)


def announce_dead(message) -> None:
    _run(_dead, message)


def announce_delivered(message) -> None:
    _run(_delivered, message)
