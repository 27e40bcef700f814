"""Reference numbers a person can read on the phone: `REQ-1448-000123`.

A prefix per kind of record, the Hijri year, and a sequence that restarts each year. They
are guessable by design: anything public that takes one also asks for a second factor (the
mobile the record was filed with).
"""

import re
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from hijridate import Gregorian

from silah.core.models import ReferenceSequence

PREFIX_PATTERN = re.compile(r"^[A-Z]{2,6}$")
REFERENCE_PATTERN = re.compile(r"^(?P<prefix>[A-Z]{2,6})-(?P<year>1[34]\d\d)-(?P<number>\d{6,})$")


def hijri_year(day: date) -> int:
    return Gregorian(day.year, day.month, day.day).to_hijri().year


def next_reference(prefix: str, *, on: date | None = None) -> str:
    """The next reference for `prefix` in the Hijri year of `on` (today in Riyadh).

    Safe under concurrent creation: the increment is one UPDATE that locks the year's row
    until the surrounding transaction ends, and the year's first number is created under a
    unique constraint (a loser of that race retries the UPDATE).
    """
    if not PREFIX_PATTERN.match(prefix):
        raise ValueError(f"reference prefix must be 2-6 capital letters, not {prefix!r}")
    year = hijri_year(on or timezone.localdate())
    with transaction.atomic():
        for _attempt in range(3):
            rows = ReferenceSequence.objects.filter(prefix=prefix, hijri_year=year)
            if rows.update(last=F("last") + 1):
                number = rows.values_list("last", flat=True).get()
                break
            try:
                with transaction.atomic():
                    ReferenceSequence.objects.create(prefix=prefix, hijri_year=year, last=1)
                number = 1
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - three lost races in a row
            raise RuntimeError("could not allocate a reference number")
    return f"{prefix}-{year}-{number:06d}"


def parse_reference(text: str) -> tuple[str, int, int] | None:
    """(prefix, Hijri year, number) of a typed reference, or None if it is not one.

    Tolerates lower case, spaces and Arabic-Indic digits, as people type them.
    """
    table = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
    cleaned = re.sub(r"\s+", "", text.translate(table)).upper().replace("_", "-")
    match = REFERENCE_PATTERN.match(cleaned)
    if not match:
        return None
    return match["prefix"], int(match["year"]), int(match["number"])
