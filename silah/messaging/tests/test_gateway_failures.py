"""What every gateway raises: permanent or temporary, and never personal data in the detail."""

import pytest

from silah.messaging.gateways.base import (
    Channel,
    LoggedGateway,
    Outgoing,
    PermanentFailure,
    TemporaryFailure,
    redact,
)


def test_a_permanent_failure_is_not_retried():
    assert PermanentFailure("ER-02").retry is False


def test_a_temporary_failure_is_retried():
    assert TemporaryFailure("timeout").retry is True


def test_no_funds_is_temporary_with_an_operator_alert():
    failure = TemporaryFailure("ER-01", "no funds", alert=True)
    assert (failure.retry, failure.alert) == (True, True)


@pytest.mark.parametrize(
    "number", ["966501234567", "+966501234567", "0501234567", "050 123 4567", "050-123-4567"]
)
def test_numbers_a_provider_echoes_are_redacted(number):
    assert redact(f"Invalid recipient {number}.") == "Invalid recipient [number]."


def test_addresses_a_provider_echoes_are_redacted():
    assert redact("550 <sara@example.org>: no such user") == "550 <[address]>: no such user"


def test_the_failure_text_carries_the_redacted_detail_only():
    failure = PermanentFailure("1120", "Mobile 966591234567 is not correct")
    assert "591234567" not in str(failure) and "591234567" not in failure.detail


def test_short_codes_and_ids_are_kept():
    assert redact("ER-02 code 1120 HTTP 503") == "ER-02 code 1120 HTTP 503"


def test_an_unexpected_error_is_logged_by_its_type_only(gateway_log):
    class Broken(LoggedGateway):
        name = "broken"

        def _send(self, outgoing):
            raise ValueError(f"cannot send to {outgoing.recipient}")

    message = Outgoing("msg-51", Channel.SMS, "+966501234567", "نص")
    with pytest.raises(ValueError):
        Broken().send(message)
    text = "\n".join(record.getMessage() for record in gateway_log.records)
    assert "msg-51" in text and "ValueError" in text and "501234567" not in text
