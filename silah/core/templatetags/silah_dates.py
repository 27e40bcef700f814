"""Dates in templates, in the active language: `{% load silah_dates %}`.

    {{ beneficiary.birth_date|dual_date }}        24 رمضان 1445هـ الموافق 3 أبريل 2024م
    {{ beneficiary.birth_date|dual_date:"short" }} 1445/09/24هـ الموافق 2024/04/03م
    {{ request.created_at|hijri }}                 24 رمضان 1445هـ (the Riyadh date)
    {{ request.created_at|gregorian:"short" }}     2024/04/03م

`hijri` and `gregorian` give plain text (usable in attributes); `dual_date` gives HTML: a
`<span class="dual-date">` with each run of digits in `<bdi dir="ltr">`. Each accepts a date or
a datetime (its date in Riyadh); None or "" renders "—". Anything else renders nothing, as
Django's `date` filter does. A date outside the Umm al-Qura table (before 1924-08-01 or after
2077-11-16) has no Hijri form: `hijri` renders "—" and `dual_date` the Gregorian date only.
"""

import datetime as dt

from django import template
from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString

from silah.core import dates

register = template.Library()

EMPTY = "—"


def _style(arg: str | None) -> dates.Style:
    return "short" if arg == "short" else "long"


@register.filter
def hijri(value: object, style: str | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if not isinstance(value, dt.date):
        return ""
    try:
        return dates.format_hijri(value, style=_style(style))
    except ValidationError:
        return EMPTY


@register.filter
def gregorian(value: object, style: str | None = None) -> str:
    if value is None or value == "":
        return EMPTY
    if not isinstance(value, dt.date):
        return ""
    return dates.format_gregorian(value, style=_style(style))


@register.filter
def dual_date(value: object, style: str | None = None) -> SafeString | str:
    if value is None or value == "":
        return EMPTY
    if not isinstance(value, dt.date):
        return ""
    return dates.format_dual_html(value, style=_style(style))
