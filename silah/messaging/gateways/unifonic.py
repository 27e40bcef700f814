"""Unifonic SMS: ``POST {base}/rest/SMS/messages`` (form fields), SAUDI.md "SMS and WhatsApp".

The outbox's message id goes as ``CorrelationID``, Unifonic's idempotency key: a retry of a
message Unifonic already has comes back as ER-09 (duplicate), which is success.

| reply | outcome |
|---|---|
| ``success: true`` with ``data.MessageID`` | accepted |
| ER-09 duplicate | accepted (the provider already has it), with its id if it sends one |
| ER-01 no funds | temporary, operator alert |
| ER-02 bad number, ER-08 invalid sender | permanent |
| any other code | temporary (the outbox's retries are bounded: it ends dead, never lost) |
| 401/403 without a code | permanent, operator alert (the AppSid) |
| 5xx without a code, timeout, connection error, a body that is not JSON | temporary |
"""

from dataclasses import dataclass

from silah.messaging.gateways._sms import gateway_number
from silah.messaging.gateways.base import (
    LoggedGateway,
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)
from silah.messaging.gateways.httpapi import KeptClient, post, refuse_unreadable, require_json

PERMANENT = {"ER-02": "bad number", "ER-08": "invalid sender"}
NO_FUNDS = "ER-01"
DUPLICATE = "ER-09"


@dataclass(frozen=True)
class UnifonicSettings:
    base_url: str
    app_sid: str
    sender: str
    timeout: float | None = None


class UnifonicGateway(LoggedGateway):
    name = "unifonic"

    def __init__(self, settings: UnifonicSettings) -> None:
        self.settings = settings
        self._http = KeptClient(settings.timeout, {"Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def _send(self, outgoing: Outgoing) -> SendResult:
        fields = {
            "AppSid": self.settings.app_sid,
            "SenderID": outgoing.sender or self.settings.sender,
            "Recipient": gateway_number(outgoing),
            "Body": outgoing.body,
            "CorrelationID": outgoing.message_id,
        }
        reply = post(
            self._http.get(), self.settings.base_url.rstrip("/") + "/rest/SMS/messages", data=fields
        )
        if reply.data is None:
            refuse_unreadable(reply)
        data = require_json(reply)
        code = str(data.get("errorCode") or "")
        detail = str(data.get("message") or "")
        payload = data.get("data") if isinstance(data.get("data"), dict) else {}
        if data.get("success") is True:
            if not payload.get("MessageID"):
                raise TemporaryFailure("malformed_reply", "success without a MessageID")
            return SendResult(str(payload["MessageID"]))
        if code == DUPLICATE:
            return SendResult(str(payload.get("MessageID") or ""))
        if code in PERMANENT:
            raise PermanentFailure(code, detail or PERMANENT[code])
        if code == NO_FUNDS:
            raise TemporaryFailure(code, detail or "no funds", alert=True)
        if not code:
            refuse_unreadable(reply)
            raise TemporaryFailure(
                "malformed_reply", f"HTTP {reply.status}, no success and no errorCode"
            )
        raise TemporaryFailure(code, detail)
