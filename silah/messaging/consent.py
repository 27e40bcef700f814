"""Consent to awareness and promotional messages, and opting out of them.

The consent records are the registry's (``silah.registry.queries.has_consent`` and
``silah.registry.services.record_opt_out``, PDPL). Messaging asks through these two small
functions only. An opt-out word received by messaging (``Inbound.is_opt_out``) also stops
those messages at once, whatever the registry holds.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from silah.messaging.models import Inbound, MessageClass

logger = logging.getLogger("silah.messaging")

OPT_OUT_WORDS = {"إيقاف", "ايقاف", "الغاء", "إلغاء", "stop", "unsubscribe"}


def is_opt_out_word(text: str) -> bool:
    """True for a reply that is only an opt-out word ("إيقاف", "STOP"), any case or spacing."""
    word = " ".join(text.split()).strip(" .!؟?").casefold()
    return word in OPT_OUT_WORDS


def _registry_has_consent(beneficiary, purpose: str) -> bool:
    try:
        from silah.registry.queries import has_consent
    except ImportError:  # the registry's consent records are not there yet: none is given
        return False
    return bool(has_consent(beneficiary, purpose))


def has_consent(beneficiary, message_class: str) -> bool:
    """May ``beneficiary`` receive a message of ``message_class``? Service: always."""
    if message_class == MessageClass.SERVICE:
        return True
    if Inbound.objects.filter(beneficiary=beneficiary, is_opt_out=True).exists():
        latest_opt_out = (
            Inbound.objects.filter(beneficiary=beneficiary, is_opt_out=True)
            .order_by("-received_at")
            .values_list("received_at", flat=True)
            .first()
        )
        if latest_opt_out and latest_opt_out <= timezone.now():
            return False
    return _registry_has_consent(beneficiary, str(message_class))


def record_opt_out(beneficiary, *, how: str) -> None:
    """Tell the registry the person opted out (when its consent records exist)."""
    try:
        from silah.registry.services import record_opt_out as registry_record_opt_out
    except ImportError:
        logger.info("opt-out kept by messaging only (no registry consent records)")
        return
    registry_record_opt_out(beneficiary, how=how)
