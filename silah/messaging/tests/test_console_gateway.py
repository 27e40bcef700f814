"""The console/file gateway: what a developer or a demo user sees instead of a sent message."""

import io

import pytest

from silah.messaging.gateways.base import Channel, MessageClass, Outgoing
from silah.messaging.gateways.console import ConsoleGateway, ConsoleSettings

BODY = "تم استلام طلبك رقم REQ-1448-000123"


def outgoing(**overrides):
    fields = {
        "message_id": "msg-41",
        "channel": Channel.SMS,
        "recipient": "+966501234567",
        "body": BODY,
        "sender": "Amal",
    }
    return Outgoing(**(fields | overrides))


def test_writes_the_message_to_standard_output_by_default(capsys):
    ConsoleGateway().send(outgoing())
    out = capsys.readouterr().out
    assert "msg-41" in out and "+966501234567" in out and "Amal" in out and BODY in out


def test_accepts_with_a_generated_id_that_is_in_the_output():
    stream = io.StringIO()
    result = ConsoleGateway(ConsoleSettings(stream=stream)).send(outgoing())
    assert result.accepted and result.provider_message_id.startswith("console-")
    assert result.provider_message_id in stream.getvalue()


def test_each_message_gets_its_own_id():
    gateway = ConsoleGateway(ConsoleSettings(stream=io.StringIO()))
    first, second = gateway.send(outgoing()), gateway.send(outgoing())
    assert first.provider_message_id != second.provider_message_id


def test_appends_every_message_to_the_file(tmp_path):
    path = tmp_path / "outbox" / "messages.txt"
    gateway = ConsoleGateway(ConsoleSettings(path=path))
    gateway.send(outgoing(message_id="msg-1"))
    gateway.send(outgoing(message_id="msg-2", channel=Channel.EMAIL, subject="طلبك"))
    text = path.read_text(encoding="utf-8")
    assert text.index("msg-1") < text.index("msg-2")
    assert "طلبك" in text and text.count(BODY) == 2


def test_a_template_outside_the_window_shows_its_name_and_values():
    stream = io.StringIO()
    ConsoleGateway(ConsoleSettings(stream=stream)).send(
        outgoing(
            channel=Channel.WHATSAPP,
            template_name="decision_approved",
            template_params=("سارة", "REQ-1448-000123"),
        )
    )
    assert "decision_approved" in stream.getvalue() and "سارة" in stream.getvalue()


def test_shows_the_message_class():
    stream = io.StringIO()
    ConsoleGateway(ConsoleSettings(stream=stream)).send(
        outgoing(message_class=MessageClass.PROMOTIONAL)
    )
    assert "promotional" in stream.getvalue()


@pytest.mark.parametrize("channel", list(Channel))
def test_accepts_every_channel(channel):
    assert (
        ConsoleGateway(ConsoleSettings(stream=io.StringIO()))
        .send(outgoing(channel=channel))
        .accepted
    )


def test_the_log_names_the_message_and_outcome_only(gateway_log):
    ConsoleGateway(ConsoleSettings(stream=io.StringIO())).send(outgoing())
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-41" in text and "accepted" in text
    assert "501234567" not in text and BODY not in text
