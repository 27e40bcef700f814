"""What every gateway takes, returns and raises.

A gateway sends one ``Outgoing`` message and returns a ``SendResult``, or raises:

- ``PermanentFailure``: the provider refused this message for good (a bad number, an invalid
  sender, a rejected recipient, a configuration the provider will never accept). The outbox
  does not retry it; the message is dead and a person is told.
- ``TemporaryFailure``: it may go through later (a timeout, a lost connection, a 5xx, a rate
  limit, a reply that could not be read). The outbox retries it with backoff.

Either may carry ``alert=True``: the cause is the association's account, not the message
(no funds or balance, rejected credentials), so an operator must act. "No funds" is
temporary for the message (it goes once the balance is topped up) and raises an alert.

Gateways log the message id, the provider and the outcome, never the body, the number or the
e-mail address: those are personal data (PDPL).
"""

import logging
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

logger = logging.getLogger("silah.messaging.gateways")


class Channel(StrEnum):
    SMS = "sms"
    WHATSAPP = "whatsapp"
    EMAIL = "email"


class MessageClass(StrEnum):
    SERVICE = "service"
    AWARENESS = "awareness"
    PROMOTIONAL = "promotional"


@dataclass(frozen=True)
class Outgoing:
    """One message to one recipient, ready for a gateway.

    ``message_id`` is the outbox's id and the idempotency key sent to providers that accept
    one. ``recipient`` is E.164 (+9665NNNNNNNN) for SMS and WhatsApp, an address for e-mail.
    WhatsApp sends ``body`` as text when ``within_window`` (the person wrote in the last
    24 hours), else the approved template ``template_name`` with ``template_params``.
    """

    message_id: str
    channel: Channel
    recipient: str
    body: str
    sender: str = ""
    subject: str = ""
    message_class: MessageClass = MessageClass.SERVICE
    template_name: str = ""
    template_language: str = "ar"
    template_params: tuple[str, ...] = ()
    within_window: bool = False


@dataclass(frozen=True)
class SendResult:
    provider_message_id: str
    accepted: bool = True


class GatewayFailure(Exception):
    """``code`` is the provider's own code (``ER-02``, ``1120``, ``131026``) or one of
    Silah's (``timeout``, ``connection``, ``malformed_reply``, ``http_503``…)."""

    retry: bool = False

    def __init__(self, code: str, detail: str = "", *, alert: bool = False) -> None:
        self.code = code
        self.detail = redact(detail)
        self.alert = alert
        super().__init__(f"{code}: {self.detail}" if self.detail else code)


class PermanentFailure(GatewayFailure):
    retry = False


class TemporaryFailure(GatewayFailure):
    retry = True


class Gateway(Protocol):
    name: str

    def send(self, outgoing: Outgoing) -> SendResult: ...


class LoggedGateway(ABC):
    """A gateway whose ``send`` logs one line per message: its id and the outcome."""

    name: str

    def send(self, outgoing: Outgoing) -> SendResult:
        try:
            result = self._send(outgoing)
        except GatewayFailure as failure:
            outcome = "temporary failure" if failure.retry else "permanent failure"
            log_outcome(self.name, outgoing, outcome, failure.code)
            raise
        except Exception as exc:  # a bug, not a refusal: logged by its type, never its text
            log_outcome(self.name, outgoing, "error", type(exc).__name__)
            raise
        log_outcome(self.name, outgoing, "accepted")
        return result

    def close(self) -> None:  # noqa: B027 - most gateways keep nothing
        """Let go of what the gateway keeps between messages (a kept-alive connection)."""

    @abstractmethod
    def _send(self, outgoing: Outgoing) -> SendResult:
        """Deliver ``outgoing`` to the provider; raise a ``GatewayFailure`` when it refuses."""


_DIGITS = re.compile(r"\+?\d[\d\s-]{5,}\d")
_ADDRESS = re.compile(r"[^\s@<>]+@[^\s@<>]+")


def redact(text: str) -> str:
    """``text`` without phone numbers and e-mail addresses, for details a provider echoes."""
    return _ADDRESS.sub("[address]", _DIGITS.sub("[number]", text or ""))[:500]


def log_outcome(gateway: str, outgoing: Outgoing, outcome: str, code: str = "") -> None:
    """The only log line a gateway writes: which message, which provider, what happened."""
    level = logging.INFO if outcome == "accepted" else logging.WARNING
    logger.log(
        level,
        "message %s via %s: %s%s",
        outgoing.message_id,
        gateway,
        outcome,
        f" ({code})" if code else "",
    )
