from django.conf import settings
from django.http import HttpRequest

from silah.core import navigation


def silah(request: HttpRequest) -> dict:
    return {
        "nav_items": navigation.items_for(request) if hasattr(request, "user") else [],
        "SILAH_DEBUG": settings.DEBUG,
    }
