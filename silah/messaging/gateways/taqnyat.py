"""Taqnyat SMS: ``POST {base}/v1/messages`` with a Bearer token and a JSON body.

Reply ``201 {statusCode, messageId, accepted, rejected}``; ``accepted`` and ``rejected`` are
lists of numbers (Taqnyat writes them as a list or as the text ``"[9665…,]"``; both are read).
Taqnyat takes no idempotency key: a retry after a lost reply can send twice.

| reply | outcome |
|---|---|
| 200/201 with ``messageId``, the number not in ``rejected`` | accepted |
| the number in ``rejected`` | permanent (``rejected``) |
| 400 (the request refused: sender, number, body) | permanent |
| 401, 403 (token or account) | permanent, operator alert |
| 429, 5xx, any other status, timeout, connection error, not JSON | temporary |
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


@dataclass(frozen=True)
class TaqnyatSettings:
    base_url: str
    token: str
    sender: str
    timeout: float | None = None


def _numbers(value: Any) -> set[str]:
    if isinstance(value, list):
        return {str(item) for item in value}
    if isinstance(value, str):
        return {item.strip() for item in value.strip("[]").split(",") if item.strip()}
    return set()


class TaqnyatGateway(LoggedGateway):
    name = "taqnyat"

    def __init__(self, settings: TaqnyatSettings) -> None:
        self.settings = settings
        self._http = KeptClient(
            settings.timeout,
            {"Authorization": f"Bearer {settings.token}", "Accept": "application/json"},
        )

    def close(self) -> None:
        self._http.close()

    def _send(self, outgoing: Outgoing) -> SendResult:
        number = gateway_number(outgoing)
        payload = {
            "recipients": [number],
            "body": outgoing.body,
            "sender": outgoing.sender or self.settings.sender,
        }
        reply = post(
            self._http.get(), self.settings.base_url.rstrip("/") + "/v1/messages", json=payload
        )
        if reply.status in (401, 403):
            raise PermanentFailure(f"http_{reply.status}", self._message(reply.data), alert=True)
        if reply.status == 400:
            raise PermanentFailure("http_400", self._message(reply.data))
        if reply.status not in (200, 201):
            raise TemporaryFailure(f"http_{reply.status}", self._message(reply.data))
        data = require_json(reply)
        if number in _numbers(data.get("rejected")):
            raise PermanentFailure("rejected", "the recipient was rejected")
        if not data.get("messageId"):
            raise TemporaryFailure("malformed_reply", "no messageId")
        return SendResult(str(data["messageId"]))

    @staticmethod
    def _message(data: dict[str, Any] | None) -> str:
        return str((data or {}).get("message") or "")
