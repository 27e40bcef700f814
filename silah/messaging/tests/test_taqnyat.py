"""Taqnyat against its fake: what is sent, and how each reply is classified."""

import pytest

from silah.messaging.gateways.base import Channel, Outgoing, PermanentFailure, TemporaryFailure
from silah.messaging.gateways.taqnyat import TaqnyatGateway, TaqnyatSettings
from silah.messaging.tests.fakes import Reply

NUMBER = "+966551234567"
BODY = "موعد تسليم المساعدة: الأحد"


def created(accepted="[966551234567,]", rejected="[]"):
    return {
        "statusCode": 201,
        "messageId": 4323412,
        "cost": "0.0700",
        "currency": "SAR",
        "totalCount": 1,
        "msgLength": 1,
        "accepted": accepted,
        "rejected": rejected,
    }


@pytest.fixture
def gateway(fake_provider):
    fake_provider.default = Reply(201, created())
    return TaqnyatGateway(
        TaqnyatSettings(
            base_url=fake_provider.base_url, token="tq-token", sender="Amal", timeout=0.5
        )
    )


def outgoing(**overrides):
    fields = {"message_id": "msg-9", "channel": Channel.SMS, "recipient": NUMBER, "body": BODY}
    return Outgoing(**(fields | overrides))


def failure_of(gateway, kind=Exception):
    with pytest.raises(kind) as failure:
        gateway.send(outgoing())
    return failure.value


def test_accepted_message_returns_taqnyats_message_id(gateway):
    assert gateway.send(outgoing()).provider_message_id == "4323412"


def test_posts_json_with_a_bearer_token(gateway, fake_provider):
    gateway.send(outgoing())
    [call] = fake_provider.calls
    assert (call.method, call.path) == ("POST", "/v1/messages")
    assert call.headers["authorization"] == "Bearer tq-token"
    assert call.headers["content-type"] == "application/json"
    assert call.json() == {"recipients": ["966551234567"], "body": BODY, "sender": "Amal"}


def test_accepted_and_rejected_may_be_real_lists(gateway, fake_provider):
    fake_provider.reply(201, created(accepted=[966551234567], rejected=[]))
    assert gateway.send(outgoing()).accepted


def test_a_rejected_recipient_is_permanent(gateway, fake_provider):
    fake_provider.reply(201, created(accepted="[]", rejected="[966551234567,]"))
    assert failure_of(gateway, PermanentFailure).code == "rejected"


def test_a_bad_request_is_permanent(gateway, fake_provider):
    fake_provider.reply(400, {"statusCode": 400, "message": "Sender name is not active"})
    assert failure_of(gateway, PermanentFailure).code == "http_400"


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_are_permanent_and_alert_an_operator(gateway, fake_provider, status):
    fake_provider.reply(status, {"statusCode": status, "message": "Unauthorized"})
    failure = failure_of(gateway, PermanentFailure)
    assert (failure.code, failure.alert) == (f"http_{status}", True)


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_temporary(gateway, fake_provider, status):
    fake_provider.reply(status, raw=b"Service Unavailable")
    assert failure_of(gateway, TemporaryFailure).code == f"http_{status}"


def test_rate_limiting_is_temporary(gateway, fake_provider):
    fake_provider.reply(429, {"statusCode": 429, "message": "Too many requests"})
    assert failure_of(gateway, TemporaryFailure).code == "http_429"


def test_malformed_json_is_temporary(gateway, fake_provider):
    fake_provider.reply(201, raw=b"statusCode=201")
    assert failure_of(gateway, TemporaryFailure).code == "malformed_reply"


def test_a_reply_slower_than_the_timeout_is_temporary(gateway, fake_provider):
    fake_provider.reply(201, created(), delay=2)
    assert failure_of(gateway, TemporaryFailure).code == "timeout"


def test_the_log_names_the_message_and_outcome_only(gateway, fake_provider, gateway_log):
    gateway.send(outgoing())
    fake_provider.reply(201, created(accepted="[]", rejected="[966551234567,]"))
    failure_of(gateway, PermanentFailure)
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-9" in text and "accepted" in text and "rejected" in text
    assert "551234567" not in text and BODY not in text and "tq-token" not in text
