"""E-mail over SMTP, through Django's ``EmailMessage`` and an SMTP connection of our own.

The connection is built from ``SmtpSettings`` (not from Django's ``EMAIL_*`` settings) so
each gateway is configured on its own and tests point it at a local server. The Message-ID
header is derived from the outbox's message id, so a resent message carries the same id and
a receiving system can tell it is the same message; it is also the result's provider id
(SMTP returns none).

| what happens | outcome |
|---|---|
| the server takes the message | accepted |
| the recipient refused with 5xx (no such user) | permanent (``recipient_refused``) |
| the recipient refused with 4xx only (greylisting, mailbox full for now) | temporary |
| authentication refused, the sender refused with 5xx, STARTTLS not offered | permanent, operator alert |
| any other 5xx reply | permanent; any other 4xx reply: temporary |
| connection refused or lost, a timeout | temporary |
"""

import re
import smtplib
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.core.mail.backends.smtp import EmailBackend

from silah.messaging.gateways.base import (
    GatewayFailure,
    LoggedGateway,
    Outgoing,
    PermanentFailure,
    SendResult,
    TemporaryFailure,
)

_UNSAFE_IN_ID = re.compile(r"[^A-Za-z0-9._-]")


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    from_address: str
    port: int = 25
    username: str = ""
    password: str = ""
    use_tls: bool = False
    use_ssl: bool = False
    timeout: float = 10.0


def message_id_header(message_id: str, from_address: str) -> str:
    """``<silah.{message id}@{the sender's domain}>``: the same for every attempt."""
    domain = from_address.rpartition("@")[2] or "silah.localhost"
    return f"<silah.{_UNSAFE_IN_ID.sub('-', message_id)}@{domain}>"


def _by_reply_code(code: int, name: str, *, alert: bool = False) -> GatewayFailure:
    if 400 <= code < 500:
        return TemporaryFailure(f"smtp_{code}", name)
    return PermanentFailure(f"smtp_{code}", name, alert=alert)


def _failure(exc: Exception) -> GatewayFailure:
    """Map what smtplib and the socket raise to a permanent or temporary failure."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _reply in exc.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return TemporaryFailure(f"smtp_{codes[0]}", "recipient refused for now")
        return PermanentFailure("recipient_refused", f"SMTP {codes[0] if codes else ''}")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return PermanentFailure("smtp_auth", f"SMTP {exc.smtp_code}", alert=True)
    if isinstance(exc, smtplib.SMTPConnectError):
        return TemporaryFailure("connection", f"SMTP {exc.smtp_code} on connect")
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return _by_reply_code(exc.smtp_code, "sender refused", alert=True)
    if isinstance(exc, smtplib.SMTPResponseException):
        return _by_reply_code(exc.smtp_code, type(exc).__name__)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return PermanentFailure("smtp_not_supported", str(exc), alert=True)
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return TemporaryFailure("timeout", "SMTP")  # smtplib wraps a read timeout
    return TemporaryFailure("connection", type(exc).__name__)


class EmailGateway(LoggedGateway):
    name = "email"

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings

    def connection(self) -> EmailBackend:
        s = self.settings
        return EmailBackend(
            host=s.host,
            port=s.port,
            username=s.username,
            password=s.password,
            use_tls=s.use_tls,
            use_ssl=s.use_ssl,
            timeout=s.timeout,
            fail_silently=False,
        )

    def _send(self, outgoing: Outgoing) -> SendResult:
        if "@" not in outgoing.recipient.strip("@"):
            raise PermanentFailure("bad_recipient", "the recipient is not an e-mail address")
        from_address = outgoing.sender or self.settings.from_address
        header = message_id_header(outgoing.message_id, from_address)
        message = EmailMessage(
            subject=outgoing.subject,
            body=outgoing.body,
            from_email=from_address,
            to=[outgoing.recipient],
            headers={"Message-ID": header, "Auto-Submitted": "auto-generated"},
            connection=self.connection(),
        )
        try:
            sent = message.send()
        except ValueError:
            raise PermanentFailure("bad_recipient", "the address cannot be encoded") from None
        except (smtplib.SMTPException, OSError) as exc:
            raise _failure(exc) from None
        if sent != 1:
            raise TemporaryFailure("not_sent", "the SMTP connection sent nothing")
        return SendResult(header)
