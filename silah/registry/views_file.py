"""A beneficiary's file: one page per tab, each read through access.open_file (logged)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from silah.audit.models import VIEW_AUDIT_PERMISSION
from silah.audit.queries import reads_of
from silah.registry import queries_file, queries_history
from silah.registry.access import beneficiaries_for, open_file
from silah.registry.tabs import tabs_for

READS_PER_PAGE = 50


def file_context(request: HttpRequest, beneficiary, current: str) -> dict:
    """What every tab's template needs: the beneficiary and the tabs."""
    return {"beneficiary": beneficiary, "tabs": tabs_for(request, beneficiary, current)}


@login_required
@require_safe
def personal(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="personal")
    context = file_context(request, beneficiary, "personal")
    context.update(
        status_changes=beneficiary.status_changes.select_related("actor")[:20],
        category_links=beneficiary.category_links.select_related("category"),
    )
    return render(request, "registry/file_personal.html", context)


@login_required
@require_safe
def household(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="household")
    context = file_context(request, beneficiary, "household")
    context.update(queries_file.household_view(beneficiary, beneficiaries_for(request.user)))
    return render(request, "registry/file_household.html", context)


@login_required
@require_safe
def history(request: HttpRequest, pk: int) -> HttpResponse:
    beneficiary = open_file(request.user, pk, what="history")
    context = file_context(request, beneficiary, "history")
    context["changes"] = queries_history.file_history(beneficiary, viewer=request.user)
    context["status_changes"] = beneficiary.status_changes.select_related("actor")
    if request.user.has_perm(VIEW_AUDIT_PERMISSION):
        context["reads"] = Paginator(reads_of(beneficiary), READS_PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(request, "registry/file_history.html", context)
