"""The preview under a date field: which date the typed text means, in both calendars."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from silah.core.forms import preview_from_post


@login_required
@require_POST
def date_preview(request: HttpRequest) -> HttpResponse:
    """POST only: a date of birth is personal data and must not travel in a URL."""
    preview = preview_from_post(request.POST)
    return render(request, "core/partials/date_preview.html", {"preview": preview})
