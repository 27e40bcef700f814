"""WhatsApp Cloud API against its fake: text in the window, templates outside, error codes."""

import pytest

from silah.messaging.gateways.base import Channel, Outgoing, PermanentFailure, TemporaryFailure
from silah.messaging.gateways.whatsapp import WhatsAppGateway, WhatsAppSettings
from silah.messaging.tests.fakes import Reply

NUMBER = "+966531234567"
BODY = "تمت الموافقة على طلبك"
WAMID = "wamid.HBgLOTY2NTMxMjM0NTY3FQIAERgSQ0Q="


def sent(message_id=WAMID):
    return {
        "messaging_product": "whatsapp",
        "contacts": [{"input": "966531234567", "wa_id": "966531234567"}],
        "messages": [{"id": message_id}],
    }


def error(code, message="error", status=400):
    return status, {"error": {"message": message, "type": "OAuthException", "code": code}}


@pytest.fixture
def gateway(fake_provider):
    fake_provider.default = Reply(200, sent())
    return WhatsAppGateway(
        WhatsAppSettings(
            base_url=fake_provider.base_url,
            phone_number_id="106540352242922",
            token="wa-token",
            version="v21.0",
            timeout=0.5,
        )
    )


def outgoing(**overrides):
    fields = {
        "message_id": "msg-21",
        "channel": Channel.WHATSAPP,
        "recipient": NUMBER,
        "body": BODY,
        "template_name": "decision_approved",
        "template_params": ("سارة", "REQ-1448-000123"),
    }
    return Outgoing(**(fields | overrides))


def failure_of(gateway, kind=Exception, **overrides):
    with pytest.raises(kind) as failure:
        gateway.send(outgoing(**overrides))
    return failure.value


def test_accepted_message_returns_the_wamid(gateway):
    assert gateway.send(outgoing()).provider_message_id == WAMID


def test_posts_to_the_phone_numbers_messages_endpoint_with_a_bearer_token(gateway, fake_provider):
    gateway.send(outgoing())
    [call] = fake_provider.calls
    assert (call.method, call.path) == ("POST", "/v21.0/106540352242922/messages")
    assert call.headers["authorization"] == "Bearer wa-token"
    assert call.headers["content-type"] == "application/json"


def test_inside_the_window_the_body_goes_as_text(gateway, fake_provider):
    gateway.send(outgoing(within_window=True))
    assert fake_provider.calls[0].json() == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "966531234567",
        "type": "text",
        "text": {"preview_url": False, "body": BODY},
    }


def test_outside_the_window_the_approved_template_goes_in_arabic(gateway, fake_provider):
    gateway.send(outgoing(within_window=False))
    assert fake_provider.calls[0].json() == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": "966531234567",
        "type": "template",
        "template": {
            "name": "decision_approved",
            "language": {"code": "ar"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "سارة"},
                        {"type": "text", "text": "REQ-1448-000123"},
                    ],
                }
            ],
        },
    }


def test_a_template_without_parameters_has_no_components(gateway, fake_provider):
    gateway.send(outgoing(template_params=()))
    assert "components" not in fake_provider.calls[0].json()["template"]


def test_outside_the_window_without_a_template_is_refused_before_sending(gateway, fake_provider):
    failure = failure_of(gateway, PermanentFailure, template_name="", within_window=False)
    assert failure.code == "template_required"
    assert fake_provider.calls == []


@pytest.mark.parametrize("code", [131026, 131047, 131051, 132000, 132001, 100])
def test_undeliverable_outside_window_and_template_errors_are_permanent(
    gateway, fake_provider, code
):
    fake_provider.reply(*error(code))
    failure = failure_of(gateway, PermanentFailure)
    assert (failure.code, failure.alert) == (str(code), False)


@pytest.mark.parametrize("code", [190, 10, 200, 131031])
def test_token_and_permission_errors_are_permanent_and_alert_an_operator(
    gateway, fake_provider, code
):
    fake_provider.reply(*error(code, status=401))
    failure = failure_of(gateway, PermanentFailure)
    assert (failure.code, failure.alert) == (str(code), True)


@pytest.mark.parametrize("code", [130429, 131048, 131056, 80007, 4, 131000, 131016, 133004])
def test_rate_limits_and_provider_trouble_are_temporary(gateway, fake_provider, code):
    fake_provider.reply(*error(code, status=429 if code in (130429, 80007, 4) else 500))
    failure = failure_of(gateway, TemporaryFailure)
    assert (failure.code, failure.alert) == (str(code), False)


def test_a_payment_issue_is_temporary_and_alerts_an_operator(gateway, fake_provider):
    fake_provider.reply(*error(131042))
    failure = failure_of(gateway, TemporaryFailure)
    assert (failure.code, failure.alert) == ("131042", True)


def test_an_unknown_error_code_is_temporary(gateway, fake_provider):
    fake_provider.reply(*error(999999))
    assert failure_of(gateway, TemporaryFailure).code == "999999"


def test_a_server_error_without_json_is_temporary(gateway, fake_provider):
    fake_provider.reply(502, raw=b"Bad Gateway")
    assert failure_of(gateway, TemporaryFailure).code == "http_502"


def test_malformed_json_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, raw=b"{'messages': []}")
    assert failure_of(gateway, TemporaryFailure).code == "malformed_reply"


def test_a_reply_without_a_message_id_is_malformed(gateway, fake_provider):
    fake_provider.reply(200, {"messaging_product": "whatsapp", "messages": [{}]})
    assert failure_of(gateway, TemporaryFailure).code == "malformed_reply"


def test_a_reply_slower_than_the_timeout_is_temporary(gateway, fake_provider):
    fake_provider.reply(200, sent(), delay=2)
    assert failure_of(gateway, TemporaryFailure).code == "timeout"


def test_the_log_names_the_message_and_outcome_only(gateway, fake_provider, gateway_log):
    gateway.send(outgoing(within_window=True))
    fake_provider.reply(*error(131026, "Message undeliverable to 966531234567"))
    failure = failure_of(gateway, PermanentFailure)
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-21" in text and "accepted" in text and "131026" in text
    assert "531234567" not in text and BODY not in text and "wa-token" not in text
    assert "531234567" not in str(failure)
