"""How long an SMS is: its encoding, its length in the encoding's units, and its parts.

SAUDI.md, "SMS and WhatsApp": text made only of the GSM-7 alphabet goes in 160 septets, or
153 per part once it is split; one character outside it (any Arabic letter, any Arabic-Indic
digit) makes the whole message UCS-2: 70 UTF-16 code units, or 67 per part. A character of
the GSM-7 extension table (``{ } [ ] ~ \\ | ^ €`` and form feed) takes two septets (escape and
the character). A part never ends in the middle of an escape pair or a surrogate pair, as
handsets do, so a message can need one part more than its length divided by the part size.
"""

from dataclasses import dataclass
from typing import Literal

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")

GSM7_SINGLE, GSM7_PER_PART = 160, 153
UCS2_SINGLE, UCS2_PER_PART = 70, 67

Encoding = Literal["GSM-7", "UCS-2"]


@dataclass(frozen=True)
class SmsParts:
    """``characters`` counts the encoding's units (septets or UTF-16 code units);
    ``per_part`` is the room of each part: the single-part size when ``parts`` is 1."""

    encoding: Encoding
    characters: int
    parts: int
    per_part: int


def is_gsm7(text: str) -> bool:
    """True when every character of ``text`` is in the GSM-7 basic or extension table."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def _units(text: str, encoding: Encoding) -> list[int]:
    """The width of each character in the encoding's units."""
    if encoding == "GSM-7":
        return [2 if ch in GSM7_EXTENSION else 1 for ch in text]
    return [2 if ord(ch) > 0xFFFF else 1 for ch in text]


def _pack(widths: list[int], room: int) -> int:
    """Parts needed when no character is split between two parts."""
    parts, used = 1, 0
    for width in widths:
        if used + width > room:
            parts, used = parts + 1, 0
        used += width
    return parts


def segments(text: str) -> SmsParts:
    """The encoding, length and number of parts of ``text`` sent as one SMS.

    Empty text has no parts; any other text has at least one.
    """
    encoding: Encoding = "GSM-7" if is_gsm7(text) else "UCS-2"
    single, per_part = (
        (GSM7_SINGLE, GSM7_PER_PART) if encoding == "GSM-7" else (UCS2_SINGLE, UCS2_PER_PART)
    )
    widths = _units(text, encoding)
    characters = sum(widths)
    if characters == 0:
        return SmsParts(encoding, 0, 0, single)
    if characters <= single:
        return SmsParts(encoding, characters, 1, single)
    return SmsParts(encoding, characters, _pack(widths, per_part), per_part)
