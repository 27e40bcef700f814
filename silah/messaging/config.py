"""Which gateway sends each contact channel, from settings (docs/configuration.md).

``SILAH_SMS_GATEWAY`` (console, unifonic, taqnyat, msegat), ``SILAH_WHATSAPP_GATEWAY``
(console, cloud) and ``SILAH_MESSAGE_EMAIL_GATEWAY`` (console, smtp). The console gateway
writes to ``SILAH_MESSAGES_FILE`` (``var/messages.log``) where a new user reads what Silah
would have sent. Letters and calls have no gateway: the outbox makes a letter to print or a
call task.
"""

import atexit
import threading
from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from silah.messaging.gateways.base import Gateway
from silah.messaging.gateways.console import ConsoleGateway, ConsoleSettings
from silah.messaging.gateways.email import EmailGateway, SmtpSettings
from silah.messaging.gateways.msegat import MsegatGateway, MsegatSettings
from silah.messaging.gateways.taqnyat import TaqnyatGateway, TaqnyatSettings
from silah.messaging.gateways.unifonic import UnifonicGateway, UnifonicSettings
from silah.messaging.gateways.whatsapp import WhatsAppGateway, WhatsAppSettings

SMS_BASE_URLS = {
    "unifonic": "https://el.cloud.unifonic.com",
    "taqnyat": "https://api.taqnyat.sa",
    "msegat": "https://www.msegat.com",
}


def _console() -> ConsoleGateway:
    return ConsoleGateway(ConsoleSettings(path=settings.SILAH_MESSAGES_FILE or None))


def _sms() -> Gateway:
    kind = settings.SILAH_SMS_GATEWAY
    base = settings.SILAH_SMS_BASE_URL or SMS_BASE_URLS.get(kind, "")
    timeout = settings.SILAH_GATEWAY_TIMEOUT
    sender = settings.SILAH_SMS_SENDER
    if kind == "console":
        return _console()
    if kind == "unifonic":
        return UnifonicGateway(
            UnifonicSettings(base, settings.SILAH_SMS_APP_SID, sender, timeout=timeout)
        )
    if kind == "taqnyat":
        return TaqnyatGateway(
            TaqnyatSettings(base, settings.SILAH_SMS_TOKEN, sender, timeout=timeout)
        )
    if kind == "msegat":
        return MsegatGateway(
            MsegatSettings(
                base, settings.SILAH_SMS_USER, settings.SILAH_SMS_API_KEY, sender, timeout=timeout
            )
        )
    raise ImproperlyConfigured(f"SILAH_SMS_GATEWAY: unknown gateway {kind!r}")


def _whatsapp() -> Gateway:
    kind = settings.SILAH_WHATSAPP_GATEWAY
    if kind == "console":
        return _console()
    if kind == "cloud":
        return WhatsAppGateway(
            WhatsAppSettings(
                base_url=settings.SILAH_WHATSAPP_BASE_URL,
                phone_number_id=settings.SILAH_WHATSAPP_PHONE_NUMBER_ID,
                token=settings.SILAH_WHATSAPP_TOKEN,
                timeout=settings.SILAH_GATEWAY_TIMEOUT,
            )
        )
    raise ImproperlyConfigured(f"SILAH_WHATSAPP_GATEWAY: unknown gateway {kind!r}")


def _email() -> Gateway:
    kind = settings.SILAH_MESSAGE_EMAIL_GATEWAY
    if kind == "console":
        return _console()
    if kind == "smtp":
        return EmailGateway(
            SmtpSettings(
                host=settings.EMAIL_HOST,
                port=settings.EMAIL_PORT,
                from_address=settings.DEFAULT_FROM_EMAIL,
                username=settings.EMAIL_HOST_USER,
                password=settings.EMAIL_HOST_PASSWORD,
                use_tls=settings.EMAIL_USE_TLS,
                timeout=settings.SILAH_GATEWAY_TIMEOUT or 10.0,
            )
        )
    raise ImproperlyConfigured(f"SILAH_MESSAGE_EMAIL_GATEWAY: unknown gateway {kind!r}")


_BUILDERS = {"sms": _sms, "whatsapp": _whatsapp, "email": _email}


_built: dict[str, Gateway] = {}
_lock = threading.Lock()


def gateway_for(channel: str) -> Gateway:
    """The gateway that sends ``channel``, built once per process and kept with its
    connection (``reset()`` closes them: when a worker stops, and in tests)."""
    gateway = _built.get(channel)
    if gateway is not None:
        return gateway
    try:
        builder = _BUILDERS[channel]
    except KeyError:
        raise ImproperlyConfigured(f"no gateway sends the channel {channel!r}") from None
    with _lock:
        if channel not in _built:
            _built[channel] = builder()
        return _built[channel]


def reset() -> None:
    """Close every gateway built so far; the next message builds them again from settings."""
    with _lock:
        gateways = list(_built.values())
        _built.clear()
    for gateway in gateways:
        close = getattr(gateway, "close", None)
        if close is not None:
            close()


atexit.register(reset)


@dataclass(frozen=True)
class Window:
    start: time
    end: time

    def contains(self, moment: time) -> bool:
        return self.start <= moment < self.end


def _hhmm(name: str, value: str) -> time:
    try:
        hours, minutes = value.split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ImproperlyConfigured(f"{name} must look like 09:00, not {value!r}") from None


def sending_window() -> Window:
    """The hours (Asia/Riyadh) when awareness and promotional messages may go."""
    return Window(
        _hhmm("SILAH_MESSAGE_WINDOW_START", settings.SILAH_MESSAGE_WINDOW_START),
        _hhmm("SILAH_MESSAGE_WINDOW_END", settings.SILAH_MESSAGE_WINDOW_END),
    )


def promotional_sender() -> str:
    """The registered sender name of promotional SMS: the sender with "-AD"."""
    base = settings.SILAH_SMS_SENDER
    return base if base.endswith("-AD") else f"{base}-AD"
