"""WhatsApp Business Cloud API: ``POST {base}/{version}/{phone_number_id}/messages``, Bearer.

Inside the 24-hour window (the person wrote to the association in the last 24 hours; the
caller knows and sets ``Outgoing.within_window``) the body goes as a text message. Outside
it only an approved template may go: ``type: "template"``, ``language: {code: "ar"}``, the
body's parameters in order. A message outside the window without a template is refused here
(``template_required``, permanent) before anything is sent.

A success is ``{messages: [{id}]}``; an error is ``{error: {code, message}}``, classified by
code below (Meta's published error codes). Any code not listed is temporary: the outbox's
retries are bounded, so it ends dead, never lost. WhatsApp takes no idempotency key.
"""

from dataclasses import dataclass
from typing import Any

from silah.messaging.gateways._sms import gateway_number
from silah.messaging.gateways.base import (
    LoggedGateway,
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)
from silah.messaging.gateways.httpapi import KeptClient, post, require_json

PERMANENT = {
    100: "invalid parameter",
    131008: "required parameter missing",
    131009: "parameter value not valid",
    131021: "recipient cannot be sender",
    131026: "message undeliverable",
    131047: "re-engagement message: more than 24 hours since the person wrote",
    131050: "the person stopped marketing messages",
    131051: "unsupported message type",
    132000: "template parameter count mismatch",
    132001: "template does not exist",
    132005: "template text too long",
    132007: "template format policy violated",
    132012: "template parameter format mismatch",
    132015: "template paused",
    132016: "template disabled",
}
PERMANENT_ALERT = {
    0: "authentication failed",
    3: "capability or permission missing",
    10: "permission denied",
    190: "access token expired",
    131005: "access denied",
    131031: "business account locked",
}
TEMPORARY_ALERT = {
    368: "temporarily blocked for policy violations",
    131042: "business payment issue",
}
TEMPORARY = {
    1: "unknown API error",
    2: "API service unavailable",
    4: "too many calls",
    80007: "rate limit",
    130429: "rate limit",
    131000: "something went wrong",
    131016: "service unavailable",
    131048: "spam rate limit",
    131056: "too many messages to this person",
    133004: "server temporarily unavailable",
}


@dataclass(frozen=True)
class WhatsAppSettings:
    base_url: str
    phone_number_id: str
    token: str
    version: str = "v21.0"
    timeout: float | None = None


def message_payload(outgoing: Outgoing, to: str) -> dict[str, Any]:
    """The Cloud API's JSON for ``outgoing``: text inside the window, else its template."""
    common = {"messaging_product": "whatsapp", "recipient_type": "individual", "to": to}
    if outgoing.within_window:
        return common | {"type": "text", "text": {"preview_url": False, "body": outgoing.body}}
    if not outgoing.template_name:
        raise PermanentFailure(
            "template_required", "outside the 24-hour window only a template may be sent"
        )
    template: dict[str, Any] = {
        "name": outgoing.template_name,
        "language": {"code": outgoing.template_language},
    }
    if outgoing.template_params:
        parameters = [{"type": "text", "text": value} for value in outgoing.template_params]
        template["components"] = [{"type": "body", "parameters": parameters}]
    return common | {"type": "template", "template": template}


def _failure(code: int, message: str, status: int) -> PermanentFailure | TemporaryFailure:
    if code in PERMANENT:
        return PermanentFailure(str(code), message or PERMANENT[code])
    if code in PERMANENT_ALERT:
        return PermanentFailure(str(code), message or PERMANENT_ALERT[code], alert=True)
    if code in TEMPORARY_ALERT:
        return TemporaryFailure(str(code), message or TEMPORARY_ALERT[code], alert=True)
    if 200 <= code <= 299:  # the range of permission errors
        return PermanentFailure(str(code), message or "permission denied", alert=True)
    return TemporaryFailure(str(code), message or TEMPORARY.get(code, f"HTTP {status}"))


class WhatsAppGateway(LoggedGateway):
    name = "whatsapp"

    def __init__(self, settings: WhatsAppSettings) -> None:
        self.settings = settings
        self._http = KeptClient(
            settings.timeout,
            {"Authorization": f"Bearer {settings.token}", "Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    @property
    def url(self) -> str:
        base = self.settings.base_url.rstrip("/")
        return f"{base}/{self.settings.version}/{self.settings.phone_number_id}/messages"

    def _send(self, outgoing: Outgoing) -> SendResult:
        payload = message_payload(outgoing, gateway_number(outgoing))
        reply = post(self._http.get(), self.url, json=payload)
        if reply.data is None and reply.status >= 500:
            raise TemporaryFailure(f"http_{reply.status}")
        data = require_json(reply)
        error = data.get("error")
        if isinstance(error, dict):
            try:
                code = int(error.get("code"))
            except (TypeError, ValueError):
                raise TemporaryFailure("malformed_reply", "error without a numeric code") from None
            raise _failure(code, str(error.get("message") or ""), reply.status)
        messages = data.get("messages")
        if reply.status != 200 or not isinstance(messages, list) or not messages:
            raise TemporaryFailure("malformed_reply", f"HTTP {reply.status}, no messages")
        first = messages[0]
        if not isinstance(first, dict) or not first.get("id"):
            raise TemporaryFailure("malformed_reply", "a message without an id")
        return SendResult(str(first["id"]))
