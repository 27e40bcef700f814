from django.conf import settings
from django.http import HttpRequest

from silah.core import navigation
from silah.core.dates import format_dual_html, today


def silah(request: HttpRequest) -> dict:
    return {
        "nav_items": navigation.items_for(request) if hasattr(request, "user") else [],
        "today_dual": format_dual_html(today(), weekday=True),
        "SILAH_DEBUG": settings.DEBUG,
    }
