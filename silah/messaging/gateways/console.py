"""The development and demo gateway: each message is written out instead of sent.

To standard output by default, or appended to a file (``path``) where a new user can read
what Silah would have sent. It accepts every message and returns a generated id. The
recipient and the body are in the output on purpose (that is what it is for); they are
still never logged.
"""

import sys
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from django.utils.translation import gettext as _

from silah.messaging.gateways.base import LoggedGateway, Outgoing, SendResult

_file_lock = threading.Lock()


@dataclass(frozen=True)
class ConsoleSettings:
    path: Path | str | None = None
    stream: TextIO | None = None  # standard output when neither is given


def render(outgoing: Outgoing, provider_message_id: str) -> str:
    """The message as a readable block: who, how, what."""
    lines = [
        "─" * 60,
        _("رسالة %(id)s عبر %(channel)s (%(message_class)s)")
        % {
            "id": outgoing.message_id,
            "channel": outgoing.channel,
            "message_class": outgoing.message_class,
        },
        _("المعرّف: %(id)s") % {"id": provider_message_id},
        _("إلى: %(recipient)s") % {"recipient": outgoing.recipient},
    ]
    if outgoing.sender:
        lines.append(_("من: %(sender)s") % {"sender": outgoing.sender})
    if outgoing.subject:
        lines.append(_("الموضوع: %(subject)s") % {"subject": outgoing.subject})
    if outgoing.template_name and not outgoing.within_window:
        lines.append(
            _("القالب: %(name)s (%(language)s) بالقيم: %(params)s")
            % {
                "name": outgoing.template_name,
                "language": outgoing.template_language,
                "params": "، ".join(outgoing.template_params),
            }
        )
    lines += ["", outgoing.body, ""]
    return "\n".join(lines) + "\n"


class ConsoleGateway(LoggedGateway):
    name = "console"

    def __init__(self, settings: ConsoleSettings | None = None) -> None:
        self.settings = settings or ConsoleSettings()

    def _send(self, outgoing: Outgoing) -> SendResult:
        provider_message_id = f"console-{uuid.uuid4().hex}"
        text = render(outgoing, provider_message_id)
        if self.settings.path is not None:
            path = Path(self.settings.path)
            path.parent.mkdir(parents=True, exist_ok=True)
            with _file_lock, path.open("a", encoding="utf-8") as file:
                file.write(text)
        else:
            stream = self.settings.stream or sys.stdout
            stream.write(text)
            stream.flush()
        return SendResult(provider_message_id)
