"""Fake providers: real servers on 127.0.0.1, never a mock of the client, never the internet.

``FakeHTTPProvider`` is a ``ThreadingHTTPServer`` on a free port that records every request
(method, path, headers, body) and answers with the next programmed ``Reply``: a JSON body,
raw bytes (malformed JSON), any status, after an optional delay (longer than the client's
timeout to provoke one). Its ``calls`` list is the provider's own log of what it received.

``FakeSMTPServer`` is an aiosmtpd server that records every message and refuses the
recipients it is told to (with a 5xx or a 4xx reply).
"""

import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    def form(self) -> dict[str, str]:
        return {key: values[0] for key, values in parse_qs(self.body.decode()).items()}


@dataclass(frozen=True)
class Reply:
    status: int = 200
    json: Any = None
    raw: bytes | None = None
    delay: float = 0.0

    def content(self) -> bytes:
        if self.raw is not None:
            return self.raw
        return json.dumps(self.json).encode()


@dataclass
class FakeHTTPProvider:
    """A provider on loopback. ``default`` answers when nothing is queued with ``reply``."""

    default: Reply = field(default_factory=Reply)
    calls: list[Call] = field(default_factory=list)
    peers: list[tuple[str, int]] = field(default_factory=list)  # the connection of each call
    keep_alive: bool = False  # HTTP/1.1 with kept-alive connections, as a real provider
    _queued: deque[Reply] = field(default_factory=deque)

    def reply(
        self, status: int = 200, json: Any = None, *, raw: bytes | None = None, delay: float = 0.0
    ) -> None:
        """Queue the answer to the next request."""
        self._queued.append(Reply(status, json, raw, delay))

    def start(self) -> None:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True

            @property
            def protocol_version(self) -> str:
                return "HTTP/1.1" if fake.keep_alive else "HTTP/1.0"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                fake.peers.append(self.client_address)
                fake.calls.append(
                    Call("POST", self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                answer = fake._queued.popleft() if fake._queued else fake.default
                if answer.delay:
                    time.sleep(answer.delay)
                content = answer.content()
                try:
                    self.send_response(answer.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class ReceivedMail:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=policy.default)


class _Recorder:
    def __init__(self) -> None:
        self.messages: list[ReceivedMail] = []
        self.refuse: dict[str, str] = {}
        self.refuse_data: str = ""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refuse_data:
            return self.refuse_data
        self.messages.append(
            ReceivedMail(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 Message accepted for delivery"


class FakeSMTPServer:
    """A real SMTP server (aiosmtpd) on loopback; ``refuse(address, reply)`` refuses one."""

    def __init__(self, credentials: tuple[str, str] | None = None) -> None:
        self._recorder = _Recorder()
        self.port = free_port()
        auth = {}
        if credentials:
            expected = LoginPassword(credentials[0].encode(), credentials[1].encode())

            def authenticator(server, session, envelope, mechanism, auth_data) -> AuthResult:
                return AuthResult(success=auth_data == expected, handled=False)

            auth = {
                "authenticator": authenticator,
                "auth_required": True,
                "auth_require_tls": False,
            }
        self._controller = Controller(self._recorder, hostname="127.0.0.1", port=self.port, **auth)

    @property
    def messages(self) -> list[ReceivedMail]:
        return self._recorder.messages

    def refuse(self, address: str, reply: str = "550 5.1.1 No such user") -> None:
        self._recorder.refuse[address] = reply

    def refuse_data(self, reply: str) -> None:
        """Answer the message's DATA with ``reply`` (e.g. "552 Message too big")."""
        self._recorder.refuse_data = reply

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self._controller.stop()


class SilentServer:
    """Accepts TCP connections and never says a word: a client's read times out."""

    def __init__(self) -> None:
        self._socket = socket.socket()
        self._socket.bind(("127.0.0.1", 0))
        self._socket.listen(8)
        self.port = self._socket.getsockname()[1]

    def stop(self) -> None:
        self._socket.close()
