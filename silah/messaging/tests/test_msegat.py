"""Msegat against its fake: what is sent, and how each reply code is classified."""

import pytest

from silah.messaging.gateways.base import Channel, Outgoing, PermanentFailure, TemporaryFailure
from silah.messaging.gateways.msegat import MsegatGateway, MsegatSettings
from silah.messaging.tests.fakes import Reply

NUMBER = "+966591234567"
BODY = "طلبك ناقص: صورة الهوية"


@pytest.fixture
def gateway(fake_provider):
    fake_provider.default = Reply(200, {"code": "1", "message": "Success"})
    return MsegatGateway(
        MsegatSettings(
            base_url=fake_provider.base_url,
            user_name="amal",
            api_key="ms-key",
            sender="Amal",
            timeout=0.5,
        )
    )


def outgoing(**overrides):
    fields = {"message_id": "msg-11", "channel": Channel.SMS, "recipient": NUMBER, "body": BODY}
    return Outgoing(**(fields | overrides))


def failure_of(gateway, kind=Exception):
    with pytest.raises(kind) as failure:
        gateway.send(outgoing())
    return failure.value


def test_posts_json_to_sendsms(gateway, fake_provider):
    gateway.send(outgoing())
    [call] = fake_provider.calls
    assert (call.method, call.path) == ("POST", "/gw/sendsms.php")
    assert call.headers["content-type"] == "application/json"
    assert call.json() == {
        "userName": "amal",
        "apiKey": "ms-key",
        "userSender": "Amal",
        "numbers": "966591234567",
        "msg": BODY,
        "msgEncoding": "UTF8",
    }


@pytest.mark.parametrize("code", ["1", "M0000", 1])
def test_success_codes_are_accepted(gateway, fake_provider, code):
    fake_provider.reply(200, {"code": code, "message": "Success"})
    assert gateway.send(outgoing()).accepted


def test_the_id_msegat_returns_is_kept(gateway, fake_provider):
    fake_provider.reply(200, {"code": "1", "message": "Success", "id": 98765})
    assert gateway.send(outgoing()).provider_message_id == "98765"


def test_balance_not_enough_is_temporary_and_alerts_an_operator(gateway, fake_provider):
    fake_provider.reply(200, {"code": "1060", "message": "Balance is not enough"})
    failure = failure_of(gateway, TemporaryFailure)
    assert (failure.code, failure.alert) == ("1060", True)


@pytest.mark.parametrize("code", ["1110", "1120"])
def test_bad_sender_and_bad_number_are_permanent(gateway, fake_provider, code):
    fake_provider.reply(200, {"code": code, "message": "refused"})
    assert failure_of(gateway, PermanentFailure).code == code


def test_a_numeric_error_code_is_read_like_text(gateway, fake_provider):
    fake_provider.reply(200, {"code": 1120, "message": "Mobile numbers is not correct"})
    assert failure_of(gateway, PermanentFailure).code == "1120"


def test_an_unknown_code_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, {"code": "1010", "message": "Variables missing"})
    assert failure_of(gateway, TemporaryFailure).code == "1010"


def test_a_server_error_is_temporary(gateway, fake_provider):
    fake_provider.reply(503, raw=b"<h1>503</h1>")
    assert failure_of(gateway, TemporaryFailure).code == "http_503"


def test_malformed_json_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, raw=b'{"code": "1"')
    assert failure_of(gateway, TemporaryFailure).code == "malformed_reply"


def test_a_reply_without_a_code_is_malformed(gateway, fake_provider):
    fake_provider.reply(200, {"message": "ok"})
    assert failure_of(gateway, TemporaryFailure).code == "malformed_reply"


def test_a_reply_slower_than_the_timeout_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, {"code": "1"}, delay=2)
    assert failure_of(gateway, TemporaryFailure).code == "timeout"


def test_the_log_names_the_message_and_outcome_only(gateway, fake_provider, gateway_log):
    gateway.send(outgoing())
    fake_provider.reply(200, {"code": "1120", "message": "Mobile 966591234567 is not correct"})
    failure = failure_of(gateway, PermanentFailure)
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-11" in text and "accepted" in text and "1120" in text
    assert "591234567" not in text and BODY not in text and "ms-key" not in text
    assert "591234567" not in str(failure)


@pytest.mark.parametrize("status", [401, 403])
def test_refused_credentials_without_a_code_are_permanent_and_alert(gateway, fake_provider, status):
    fake_provider.reply(status, raw=b"Forbidden")
    failure = failure_of(gateway, PermanentFailure)
    assert (failure.code, failure.alert) == (f"http_{status}", True)
