"""E-mail over SMTP against a real SMTP server (aiosmtpd) on loopback."""

import pytest

from silah.messaging.gateways.base import Channel, Outgoing, PermanentFailure, TemporaryFailure
from silah.messaging.gateways.email import EmailGateway, SmtpSettings
from silah.messaging.tests.fakes import free_port

ADDRESS = "sara@example.org"
SUBJECT = "تم استلام طلبك"
BODY = "مرحبًا سارة، تم استلام طلبك رقم REQ-1448-000123."


def gateway_for(port, **overrides):
    fields = {
        "host": "127.0.0.1",
        "port": port,
        "from_address": "noreply@amal.org.sa",
        "timeout": 0.5,
    }
    return EmailGateway(SmtpSettings(**(fields | overrides)))


@pytest.fixture
def gateway(fake_smtp):
    return gateway_for(fake_smtp.port)


def outgoing(**overrides):
    fields = {
        "message_id": "msg-31",
        "channel": Channel.EMAIL,
        "recipient": ADDRESS,
        "subject": SUBJECT,
        "body": BODY,
    }
    return Outgoing(**(fields | overrides))


def failure_of(gateway, kind=Exception, **overrides):
    with pytest.raises(kind) as failure:
        gateway.send(outgoing(**overrides))
    return failure.value


def test_the_server_receives_the_message_from_the_association(gateway, fake_smtp):
    gateway.send(outgoing())
    [mail] = fake_smtp.messages
    assert (mail.mail_from, mail.rcpt_tos) == ("noreply@amal.org.sa", [ADDRESS])


def test_arabic_subject_and_body_arrive_intact(gateway, fake_smtp):
    gateway.send(outgoing())
    message = fake_smtp.messages[0].message
    assert message["Subject"] == SUBJECT
    assert message.get_content().strip() == BODY


def test_the_message_id_header_comes_from_the_outbox_id(gateway, fake_smtp):
    result = gateway.send(outgoing(message_id="outbox-42"))
    assert fake_smtp.messages[0].message["Message-ID"] == "<silah.outbox-42@amal.org.sa>"
    assert result.provider_message_id == "<silah.outbox-42@amal.org.sa>"


def test_a_resent_message_carries_the_same_message_id(gateway, fake_smtp):
    gateway.send(outgoing())
    gateway.send(outgoing())
    first, second = (mail.message["Message-ID"] for mail in fake_smtp.messages)
    assert first == second


def test_the_messages_own_sender_overrides_the_default(gateway, fake_smtp):
    gateway.send(outgoing(sender="care@amal.org.sa"))
    assert fake_smtp.messages[0].mail_from == "care@amal.org.sa"


NO_TLS_IN_TESTS = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


@NO_TLS_IN_TESTS
def test_logs_in_with_the_configured_credentials(fake_smtp_with_login):
    gateway = gateway_for(fake_smtp_with_login.port, username="silah", password="smtp-secret")
    gateway.send(outgoing())
    assert len(fake_smtp_with_login.messages) == 1


@NO_TLS_IN_TESTS
def test_refused_credentials_are_permanent_and_alert_an_operator(fake_smtp_with_login):
    gateway = gateway_for(fake_smtp_with_login.port, username="silah", password="wrong")
    failure = failure_of(gateway, PermanentFailure)
    assert (failure.code, failure.alert) == ("smtp_auth", True)
    assert fake_smtp_with_login.messages == []


def test_a_refused_recipient_is_permanent(gateway, fake_smtp):
    fake_smtp.refuse(ADDRESS)
    assert failure_of(gateway, PermanentFailure).code == "recipient_refused"
    assert fake_smtp.messages == []


def test_a_recipient_refused_for_now_is_temporary(gateway, fake_smtp):
    fake_smtp.refuse(ADDRESS, "450 4.2.1 Mailbox busy, try later")
    assert failure_of(gateway, TemporaryFailure).code == "smtp_450"


def test_a_message_refused_with_5xx_is_permanent(gateway, fake_smtp):
    fake_smtp.refuse_data("552 5.3.4 Message too big")
    assert failure_of(gateway, PermanentFailure).code == "smtp_552"


def test_a_message_refused_with_4xx_is_temporary(gateway, fake_smtp):
    fake_smtp.refuse_data("451 4.3.0 Local error, try later")
    assert failure_of(gateway, TemporaryFailure).code == "smtp_451"


def test_an_address_without_at_is_permanent_and_never_sent(gateway, fake_smtp):
    assert failure_of(gateway, PermanentFailure, recipient="sara").code == "bad_recipient"
    assert fake_smtp.messages == []


def test_a_refused_connection_is_temporary():
    assert failure_of(gateway_for(free_port()), TemporaryFailure).code == "connection"


def test_a_server_that_never_answers_times_out(silent_server):
    assert failure_of(gateway_for(silent_server.port), TemporaryFailure).code == "timeout"


def test_the_log_names_the_message_and_outcome_only(gateway, fake_smtp, gateway_log):
    gateway.send(outgoing())
    fake_smtp.refuse(ADDRESS)
    failure = failure_of(gateway, PermanentFailure)
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-31" in text and "accepted" in text and "recipient_refused" in text
    assert ADDRESS not in text and BODY not in text and SUBJECT not in text
    assert ADDRESS not in str(failure)
