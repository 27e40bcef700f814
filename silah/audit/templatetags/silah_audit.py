"""Template helpers of the audit trail: `{% load silah_audit %}`.

{% audit_history_url record as url %}   the record's audit page (for record_links.html)
{% audit_page_url "reads_page" 2 %}     this page's query string with one parameter set
{{ change.at|audit_when }}              when, in both calendars if silah.core has them
"""

import functools
import importlib
import importlib.util
from collections.abc import Callable
from datetime import datetime

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

DATES_LIBRARY = "silah.core.templatetags.silah_dates"


@functools.cache
def _dual_date_filter() -> Callable[..., str] | None:
    """silah.core's `dual_date` filter when it exists; looked up at run time, once."""
    if importlib.util.find_spec(DATES_LIBRARY) is None:
        return None
    return getattr(importlib.import_module(DATES_LIBRARY), "dual_date", None)


@register.filter
def audit_when(value: datetime | None) -> SafeString | str:
    if value is None:
        return "—"
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    dual_date = _dual_date_filter()
    if dual_date is None:
        return date_format(local, "Y-m-d H:i")
    return format_html(
        '{} <bdi dir="ltr">{}</bdi>', dual_date(value, "short"), date_format(local, "H:i")
    )


@register.simple_tag(takes_context=True)
def audit_page_url(context: template.Context, param: str, number: int) -> str:
    """This page's URL with `param` set to `number`, other parameters kept."""
    query = context["request"].GET.copy()
    query[param] = number
    return f"?{query.urlencode()}"


@register.simple_tag
def audit_history_url(record: models.Model) -> str:
    content_type = ContentType.objects.get_for_model(record)
    return reverse(
        "audit:record_history",
        kwargs={
            "app_label": content_type.app_label,
            "model": content_type.model,
            "object_id": str(record.pk),
        },
    )
