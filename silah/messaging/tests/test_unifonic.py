"""Unifonic against its fake: what is sent, and how each reply is classified."""

import pytest

from silah.messaging.gateways.base import (
    Channel,
    Outgoing,
    PermanentFailure,
    TemporaryFailure,
)
from silah.messaging.gateways.unifonic import UnifonicGateway, UnifonicSettings
from silah.messaging.tests.fakes import Reply, free_port

NUMBER = "+966501234567"
BODY = "تم استلام طلبك رقم REQ-1448-000123"


def success(message_id="41000000001"):
    return {
        "success": True,
        "message": "",
        "errorCode": "ER-00",
        "data": {"MessageID": message_id, "Status": "Queued", "NumberOfUnits": 1},
    }


def error(code, message="error"):
    return {"success": False, "message": message, "errorCode": code, "data": None}


@pytest.fixture
def gateway(fake_provider):
    fake_provider.default = Reply(200, success())
    return UnifonicGateway(
        UnifonicSettings(
            base_url=fake_provider.base_url, app_sid="app-sid-1", sender="Amal", timeout=0.5
        )
    )


def outgoing(**overrides):
    fields = {"message_id": "msg-7", "channel": Channel.SMS, "recipient": NUMBER, "body": BODY}
    return Outgoing(**(fields | overrides))


def test_accepted_message_returns_unifonics_message_id(gateway):
    assert gateway.send(outgoing()).provider_message_id == "41000000001"


def test_posts_the_form_fields_to_the_messages_endpoint(gateway, fake_provider):
    gateway.send(outgoing())
    [call] = fake_provider.calls
    assert (call.method, call.path) == ("POST", "/rest/SMS/messages")
    assert call.headers["content-type"] == "application/x-www-form-urlencoded"
    assert call.form() == {
        "AppSid": "app-sid-1",
        "SenderID": "Amal",
        "Recipient": "966501234567",
        "Body": BODY,
        "CorrelationID": "msg-7",
    }


def test_the_message_id_is_the_correlation_id(gateway, fake_provider):
    gateway.send(outgoing(message_id="outbox-123"))
    assert fake_provider.calls[0].form()["CorrelationID"] == "outbox-123"


def test_the_messages_own_sender_overrides_the_default(gateway, fake_provider):
    gateway.send(outgoing(sender="Amal-AD"))
    assert fake_provider.calls[0].form()["SenderID"] == "Amal-AD"


def test_a_duplicate_is_accepted_with_the_id_unifonic_already_has(gateway, fake_provider):
    fake_provider.reply(200, error("ER-09", "Duplicate") | {"data": {"MessageID": "41000000001"}})
    result = gateway.send(outgoing())
    assert (result.accepted, result.provider_message_id) == (True, "41000000001")


def test_a_duplicate_without_an_id_is_still_accepted(gateway, fake_provider):
    fake_provider.reply(200, error("ER-09", "Duplicate"))
    assert gateway.send(outgoing()).accepted


@pytest.mark.parametrize("code", ["ER-02", "ER-08"])
def test_bad_number_and_invalid_sender_are_permanent(gateway, fake_provider, code):
    fake_provider.reply(400, error(code))
    with pytest.raises(PermanentFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == code


def test_no_funds_is_temporary_and_alerts_an_operator(gateway, fake_provider):
    fake_provider.reply(200, error("ER-01", "Insufficient balance"))
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert (failure.value.code, failure.value.alert) == ("ER-01", True)


def test_an_unknown_error_code_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, error("ER-77"))
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == "ER-77"


def test_a_server_error_is_temporary(gateway, fake_provider):
    fake_provider.reply(500, raw=b"<html>Internal Server Error</html>")
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == "http_500"


def test_malformed_json_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, raw=b'{"success": tru')
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == "malformed_reply"


def test_success_without_a_message_id_is_malformed(gateway, fake_provider):
    fake_provider.reply(200, {"success": True, "message": "", "errorCode": "ER-00", "data": {}})
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == "malformed_reply"


def test_a_reply_slower_than_the_timeout_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, success(), delay=2)
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == "timeout"


def test_a_refused_connection_is_temporary():
    gateway = UnifonicGateway(
        UnifonicSettings(base_url=f"http://127.0.0.1:{free_port()}", app_sid="x", sender="Amal")
    )
    with pytest.raises(TemporaryFailure) as failure:
        gateway.send(outgoing())
    assert failure.value.code == "connection"


def test_a_recipient_not_in_e164_is_permanent_and_never_sent(gateway, fake_provider):
    with pytest.raises(PermanentFailure) as failure:
        gateway.send(outgoing(recipient="0501234567"))
    assert failure.value.code == "bad_recipient"
    assert fake_provider.calls == []


def test_the_log_names_the_message_and_outcome_only(gateway, fake_provider, gateway_log):
    gateway.send(outgoing())
    fake_provider.reply(400, error("ER-02", "Invalid recipient 966501234567"))
    with pytest.raises(PermanentFailure) as failure:
        gateway.send(outgoing())
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-7" in text and "accepted" in text and "ER-02" in text
    assert "501234567" not in text and BODY not in text
    assert "501234567" not in str(failure.value)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_without_a_code_are_permanent_and_alert(gateway, fake_provider, status):
    fake_provider.reply(status, {"message": "Unauthorized"})
    with pytest.raises(PermanentFailure) as failure:
        gateway.send(outgoing())
    assert (failure.value.code, failure.value.alert) == (f"http_{status}", True)
