from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods

from silah.core import dashboard as dashboard_registry
from silah.core import services
from silah.core.decorators import permission_required
from silah.core.models import WorkerPing


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    cards = dashboard_registry.cards_for(request)
    return render(request, "core/dashboard.html", {"cards": cards})


@permission_required("core.manage_calendar")
@require_http_methods(["GET", "POST"])
def worker_check(request: HttpRequest) -> HttpResponse:
    """An administrator checks that the background worker runs: a task goes to it."""
    if request.method == "POST":
        ping = services.request_worker_ping(actor=request.user)
        return redirect("core:worker_check_status", pk=ping.pk)
    return render(request, "core/worker_check.html", {"ping": None})


@permission_required("core.manage_calendar")
@never_cache
def worker_check_status(request: HttpRequest, pk: int) -> HttpResponse:
    ping = get_object_or_404(WorkerPing, pk=pk)
    template = "core/partials/worker_ping.html" if request.htmx else "core/worker_check.html"
    return render(request, template, {"ping": ping})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return HttpResponse(loader.render_to_string(template, {}, request), status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # No request context: the page must render even when the database is down.
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)
