"""The HTTP part shared by the provider adapters: explicit timeouts, errors mapped once.

A timeout or a connection error is a ``TemporaryFailure`` (``timeout``, ``connection``);
a reply that is not the JSON object the provider documents is ``malformed_reply``, also
temporary: the provider may or may not have taken the message, and the outbox's retry
carries the idempotency key where the provider accepts one.

A gateway keeps one ``httpx.Client`` (``KeptClient``) for the life of the worker process, so
consecutive messages reuse a kept-alive connection instead of a new TCP (and TLS) handshake
each; ``close()`` ends it when the worker stops (``config.reset()``).
"""

import json
import os
import socket
import ssl
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx

from silah.messaging.gateways.base import PermanentFailure, TemporaryFailure

DEFAULT_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


@dataclass(frozen=True)
class Reply:
    status: int
    data: dict[str, Any] | None  # None when the body is not a JSON object


def post(client: httpx.Client, url: str, **kwargs: Any) -> Reply:
    """POST and read the reply as JSON; network trouble becomes ``TemporaryFailure``."""
    try:
        response = client.post(url, **kwargs)
    except httpx.TimeoutException as exc:
        raise TemporaryFailure("timeout", type(exc).__name__) from None
    except httpx.TransportError as exc:
        raise TemporaryFailure("connection", type(exc).__name__) from None
    except httpx.RequestError as exc:  # a reply that could not be decoded, for one
        raise TemporaryFailure("http_error", type(exc).__name__) from None
    try:
        data = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        data = None
    return Reply(response.status_code, data if isinstance(data, dict) else None)


def require_json(reply: Reply) -> dict[str, Any]:
    if reply.data is None:
        raise TemporaryFailure("malformed_reply", f"HTTP {reply.status}, body is not a JSON object")
    return reply.data


@cache
def _tls() -> ssl.SSLContext:
    """One TLS context per process: loading the CA bundle costs ~50 ms, per client it
    would cost that for every message."""
    return httpx.create_ssl_context()


# Without TCP_NODELAY, a request written in two parts (headers, then body) on a kept-alive
# connection waits for the server's delayed ACK (~40 ms on Linux) before the body goes.
NO_DELAY = [(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)]


def make_client(timeout: float | httpx.Timeout | None, headers: dict[str, str]) -> httpx.Client:
    return httpx.Client(
        transport=httpx.HTTPTransport(verify=_tls(), socket_options=NO_DELAY),
        timeout=DEFAULT_TIMEOUT if timeout is None else timeout,
        headers=headers,
        follow_redirects=False,
    )


def refuse_unreadable(reply: Reply) -> None:
    """A reply with no provider code to go by: 401/403 are the account's credentials
    (permanent, operator alert), a 5xx is the provider's trouble (temporary)."""
    if reply.status in (401, 403):
        raise PermanentFailure(f"http_{reply.status}", "credentials refused", alert=True)
    if reply.status >= 500:
        raise TemporaryFailure(f"http_{reply.status}")


class KeptClient:
    """One ``httpx.Client`` made on first use and kept (keep-alive) until ``close()``.

    Thread-safe (httpx's pool is); a process forked after the client was made gets its own
    rather than sharing the parent's sockets.
    """

    def __init__(self, timeout: float | httpx.Timeout | None, headers: dict[str, str]) -> None:
        self.timeout = timeout
        self.headers = headers
        self._client: httpx.Client | None = None
        self._pid = 0
        self._lock = threading.Lock()

    def get(self) -> httpx.Client:
        client = self._client
        if client is not None and self._pid == os.getpid():
            return client
        with self._lock:
            if self._client is None or self._pid != os.getpid():
                self._client = make_client(self.timeout, self.headers)
                self._pid = os.getpid()
            return self._client

    def close(self) -> None:
        with self._lock:
            client, self._client = self._client, None
            if client is not None and self._pid == os.getpid():
                client.close()
