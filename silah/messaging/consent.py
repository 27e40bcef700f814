"""Consent to awareness and promotional messages, and opting out of them.

The consent records are the registry's (PDPL): ``silah.registry.queries.has_consent`` answers,
``silah.registry.services.record_opt_out`` withdraws. The registry is the one source of truth:
an opt-out word received here withdraws the consent there, and a consent granted again later
(in person, on paper) counts again.
"""

from __future__ import annotations

from silah.messaging.models import MessageClass
from silah.registry import queries as registry_queries
from silah.registry import services as registry_services

OPT_OUT_WORDS = {"إيقاف", "ايقاف", "الغاء", "إلغاء", "stop", "unsubscribe"}

# How the registry records a withdrawal that came as a reply on a channel.
_REPLY_METHOD = {"whatsapp": "whatsapp_reply"}


def is_opt_out_word(text: str) -> bool:
    """True for a reply that is only an opt-out word ("إيقاف", "STOP"), any case or spacing."""
    word = " ".join(text.split()).strip(" .!؟?").casefold()
    return word in OPT_OUT_WORDS


def has_consent(beneficiary, message_class: str) -> bool:
    """May ``beneficiary`` receive a message of ``message_class``? Service: always."""
    if message_class == MessageClass.SERVICE:
        return True
    return registry_queries.has_consent(beneficiary, str(message_class))


def record_opt_out(beneficiary, *, channel: str, word: str) -> None:
    """The person replied with an opt-out word on ``channel``: withdraw in the registry."""
    registry_services.record_opt_out(
        beneficiary, how=_REPLY_METHOD.get(channel, "sms_reply"), note=word.strip()[:20]
    )
