"""Receipts and replies from providers: verified, recorded, opt-out, the WhatsApp window."""

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from silah.messaging import config, outbox
from silah.messaging.events import Event
from silah.messaging.models import Inbound, Message, Status
from silah.messaging.tests.fakes import Reply

pytestmark = pytest.mark.django_db

SECRET = "s3cret-shared"
APP_SECRET = "meta-app-secret"


@pytest.fixture(autouse=True)
def secrets(settings):
    settings.SILAH_SMS_WEBHOOK_SECRET = SECRET
    settings.SILAH_WHATSAPP_APP_SECRET = APP_SECRET
    settings.SILAH_WHATSAPP_VERIFY_TOKEN = "verify-me"


def sent(beneficiary, unifonic):
    message = outbox.send(
        event=Event.REQUEST_RECEIVED,
        beneficiary=beneficiary,
        values={"reference": "R-1", "service": "سلة"},
        key="application:1:received",
    )
    outbox.drain()
    message.refresh_from_db()
    return message


def test_a_receipt_marks_the_message_delivered(client, beneficiary, unifonic):
    message = sent(beneficiary, unifonic)
    response = client.post(
        "/messages/hooks/sms/unifonic/receipt/",
        {"MessageID": "u-1", "Status": "DELIVRD"},
        headers={"X-Silah-Secret": SECRET},
    )
    assert response.status_code == 200
    message.refresh_from_db()
    assert message.status == Status.DELIVERED


def test_a_receipt_finds_the_message_by_its_correlation_id(client, beneficiary, unifonic):
    message = sent(beneficiary, unifonic)
    client.post(
        "/messages/hooks/sms/unifonic/receipt/",
        {"CorrelationID": "application:1:received", "status": "undelivered", "secret": SECRET},
    )
    message.refresh_from_db()
    assert message.status == Status.DEAD


def test_a_receipt_without_the_secret_is_refused_and_changes_nothing(client, beneficiary, unifonic):
    message = sent(beneficiary, unifonic)
    response = client.post(
        "/messages/hooks/sms/unifonic/receipt/",
        {"MessageID": "u-1", "Status": "DELIVRD"},
        headers={"X-Silah-Secret": "wrong"},
    )
    assert response.status_code == 403
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_no_secret_configured_refuses_every_callback(client, settings, beneficiary):
    settings.SILAH_SMS_WEBHOOK_SECRET = ""
    response = client.post(
        "/messages/hooks/sms/taqnyat/inbound/", {"from": "966501234567", "body": "x", "secret": ""}
    )
    assert response.status_code == 403
    assert not Inbound.objects.exists()


def test_malformed_json_is_a_400_not_a_500(client):
    response = client.post(
        "/messages/hooks/sms/msegat/receipt/", b"{not json", content_type="application/json"
    )
    assert response.status_code == 400


def test_a_reply_is_recorded_on_the_persons_file(client, beneficiary):
    response = client.post(
        "/messages/hooks/sms/taqnyat/inbound/",
        json.dumps({"from": "966501234567", "body": "شكرًا لكم", "secret": SECRET}),
        content_type="application/json",
    )
    assert response.status_code == 200
    [reply] = Inbound.objects.all()
    assert (reply.beneficiary, reply.body, reply.is_opt_out) == (beneficiary, "شكرًا لكم", False)


@pytest.mark.parametrize("word", ["إيقاف", " STOP ", "stop", "ايقاف"])
def test_an_opt_out_word_is_recorded_as_an_opt_out(client, beneficiary, word):
    client.post(
        "/messages/hooks/sms/unifonic/inbound/",
        {"from": "966501234567", "body": word, "secret": SECRET},
    )
    assert Inbound.objects.get().is_opt_out


def test_a_sentence_containing_stop_is_not_an_opt_out(client, beneficiary):
    client.post(
        "/messages/hooks/sms/unifonic/inbound/",
        {"from": "966501234567", "body": "متى يتوقف الصرف؟ stop", "secret": SECRET},
    )
    assert not Inbound.objects.get().is_opt_out


def whatsapp_post(client, payload, secret=APP_SECRET):
    body = json.dumps(payload).encode()
    signature = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return client.post(
        "/messages/hooks/whatsapp/",
        body,
        content_type="application/json",
        headers={"X-Hub-Signature-256": signature},
    )


def whatsapp_reply(text, when):
    return {
        "entry": [
            {
                "changes": [
                    {
                        "value": {
                            "messages": [
                                {
                                    "from": "966501234567",
                                    "id": f"wamid.{when.timestamp()}",
                                    "timestamp": str(int(when.timestamp())),
                                    "type": "text",
                                    "text": {"body": text},
                                }
                            ]
                        }
                    }
                ]
            }
        ]
    }


def test_whatsapp_webhook_verification_answers_the_challenge(client):
    response = client.get(
        "/messages/hooks/whatsapp/",
        {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "42"},
    )
    assert response.content == b"42"


def test_whatsapp_call_with_a_bad_signature_is_refused(client, beneficiary):
    now = datetime.now(UTC)
    response = whatsapp_post(client, whatsapp_reply("مرحبا", now), secret="not-the-secret")
    assert response.status_code == 403
    assert not Inbound.objects.exists()


@pytest.fixture
def whatsapp(fake_provider, settings, beneficiary):
    beneficiary.preferred_channel = "whatsapp"
    beneficiary.save()
    fake_provider.default = Reply(200, {"messages": [{"id": "wamid.out"}]})
    settings.SILAH_WHATSAPP_GATEWAY = "cloud"
    settings.SILAH_WHATSAPP_BASE_URL = fake_provider.base_url
    settings.SILAH_WHATSAPP_PHONE_NUMBER_ID = "123"
    settings.SILAH_WHATSAPP_TOKEN = "t"
    config.reset()
    return fake_provider


def send_whatsapp(beneficiary, key):
    from silah.messaging.models import Template

    Template.objects.filter(event=Event.REQUEST_RECEIVED, channel="whatsapp").update(
        whatsapp_template="request_received"
    )
    return outbox.send(
        event=Event.REQUEST_RECEIVED,
        beneficiary=beneficiary,
        values={"reference": "R-9", "service": "سلة"},
        key=key,
        channel="whatsapp",
    )


def test_whatsapp_sends_free_text_within_24_hours_of_the_persons_last_message(
    client, beneficiary, whatsapp, settings
):
    now = datetime.now(UTC)
    assert whatsapp_post(client, whatsapp_reply("أريد الاستفسار", now)).status_code == 200
    send_whatsapp(beneficiary, "k1")
    outbox.drain()
    assert whatsapp.calls[-1].json()["type"] == "text"


def test_whatsapp_sends_the_approved_template_after_24_hours(client, beneficiary, whatsapp):
    long_ago = datetime.now(UTC) - timedelta(hours=25)
    whatsapp_post(client, whatsapp_reply("أريد الاستفسار", long_ago))
    send_whatsapp(beneficiary, "k2")
    outbox.drain()
    payload = whatsapp.calls[-1].json()
    assert payload["type"] == "template"
    assert payload["template"]["name"] == "request_received"
    params = [p["text"] for p in payload["template"]["components"][0]["parameters"]]
    assert "R-9" in params


def test_whatsapp_delivery_status_marks_the_message_delivered(client, beneficiary, whatsapp):
    with time_machine.travel(datetime.now(UTC)):
        message = send_whatsapp(beneficiary, "k3")
        outbox.drain()
    status = {
        "entry": [
            {"changes": [{"value": {"statuses": [{"id": "wamid.out", "status": "delivered"}]}}]}
        ]
    }
    whatsapp_post(client, status)
    message.refresh_from_db()
    assert message.status == Status.DELIVERED
    assert Message.objects.count() == 1


def test_a_reply_from_a_shared_mobile_goes_to_the_member_last_written_to(db):
    from silah.messaging.inbound import find_beneficiary
    from silah.registry.factories import BeneficiaryFactory

    mother = BeneficiaryFactory(mobile="+966501112233")
    son = BeneficiaryFactory(mobile="+966501112233")
    assert find_beneficiary("966501112233") == mother
    outbox.send(event="demo", beneficiary=son, values={})
    assert find_beneficiary("966501112233") == son


def test_a_reply_never_lands_on_a_merged_file(db):
    from silah.accounts.factories import UserFactory
    from silah.messaging.inbound import find_beneficiary
    from silah.registry.factories import BeneficiaryFactory
    from silah.registry.merge import merge_beneficiaries

    merged = BeneficiaryFactory(mobile="+966501112244")
    survivor = BeneficiaryFactory(mobile="+966501112244")
    merge_beneficiaries(survivor, merged, actor=UserFactory(roles=["manager"]), reason="ملف مكرر")
    assert find_beneficiary("966501112244") == survivor
