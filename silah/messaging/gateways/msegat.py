"""Msegat SMS: ``POST {base}/gw/sendsms.php`` with a JSON body, SAUDI.md "SMS and WhatsApp".

The reply's ``code`` decides (it may come as text or as a number):

| code | outcome |
|---|---|
| ``1``, ``M0000`` | accepted (Msegat returns an id only when asked for one; else the id is empty) |
| ``1060`` balance not enough | temporary, operator alert |
| ``1110`` sender, ``1120`` number | permanent |
| 401/403 without a code | permanent, operator alert (the user name or API key) |
| any other code, 5xx, timeout, connection error, not JSON | temporary |

Msegat takes no idempotency key: a retry after a lost reply can send twice.
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

SUCCESS = {"1", "M0000"}
PERMANENT = {"1110": "sender name missing or incorrect", "1120": "mobile number not correct"}
NO_BALANCE = "1060"


@dataclass(frozen=True)
class MsegatSettings:
    base_url: str
    user_name: str
    api_key: str
    sender: str
    timeout: float | None = None


class MsegatGateway(LoggedGateway):
    name = "msegat"

    def __init__(self, settings: MsegatSettings) -> None:
        self.settings = settings
        self._http = KeptClient(settings.timeout, {"Accept": "application/json"})

    def close(self) -> None:
        self._http.close()

    def _send(self, outgoing: Outgoing) -> SendResult:
        payload = {
            "userName": self.settings.user_name,
            "apiKey": self.settings.api_key,
            "userSender": outgoing.sender or self.settings.sender,
            "numbers": gateway_number(outgoing),
            "msg": outgoing.body,
            "msgEncoding": "UTF8",
        }
        reply = post(
            self._http.get(), self.settings.base_url.rstrip("/") + "/gw/sendsms.php", json=payload
        )
        if reply.data is None:
            refuse_unreadable(reply)
        data = require_json(reply)
        code = str(data.get("code") if data.get("code") is not None else "")
        detail = str(data.get("message") or "")
        if code in SUCCESS:
            return SendResult(str(data.get("id") or data.get("reqBulkId") or ""))
        if code in PERMANENT:
            raise PermanentFailure(code, detail or PERMANENT[code])
        if code == NO_BALANCE:
            raise TemporaryFailure(code, detail or "balance not enough", alert=True)
        if not code:
            refuse_unreadable(reply)
            raise TemporaryFailure("malformed_reply", f"HTTP {reply.status}, no code")
        raise TemporaryFailure(code, detail)
