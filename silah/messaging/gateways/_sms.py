"""What the SMS adapters share: the number format providers want."""

from silah.core.phones import to_gateway
from silah.messaging.gateways.base import Outgoing, PermanentFailure


def gateway_number(outgoing: Outgoing) -> str:
    """966NNNNNNNNN (E.164 without the plus); a recipient not in E.164 is a permanent failure."""
    try:
        return to_gateway(outgoing.recipient)
    except ValueError:
        raise PermanentFailure("bad_recipient", "the recipient is not an E.164 number") from None
