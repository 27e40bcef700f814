"""The beneficiary list: filters in the query string (ids and codes only), the search box
POSTed (file number, identity number, mobile, name), and the export of the filtered list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from silah.core.counting import FILES, RESULTS, counted
from silah.registry import exporting, queries_list
from silah.registry.access import beneficiaries_for
from silah.registry.forms import FilterForm, SearchForm

PAGE_SIZE = 25
FILTER_NAMES = ("status", "category", "branch", "liaison_officer", "attention", "sort")


def _filter_query(form: FilterForm) -> str:
    """The filters as a query string, for the pages' links (never the search text)."""
    values = {}
    for name, value in form.filters().items():
        values[name] = getattr(value, "pk", value)
    return urlencode(values)


def _scoped(request: HttpRequest, form: FilterForm):
    filters = form.filters()
    queryset = queries_list.filter_beneficiaries(beneficiaries_for(request.user), filters)
    return queryset, filters.get("sort") or queries_list.DEFAULT_SORT


def _results_line(results: list | None) -> str:
    if not results:
        return _("لا نتائج للبحث.")
    return _("نتائج البحث: %(results)s، الأقرب أولًا.") % {"results": counted(RESULTS, len(results))}


def _files_line(page) -> str:
    return f"{counted(FILES, page.paginator.count)}." if page else ""


@login_required
@require_http_methods(["GET", "POST"])
def beneficiary_list(request: HttpRequest) -> HttpResponse:
    """GET: the filtered list, a page at a time. POST: the search's results (at most 20,
    ranked), within the same filters."""
    form = FilterForm(request.GET or None)
    queryset, sort = _scoped(request, form)
    search = SearchForm(request.POST if request.method == "POST" else None)
    results = None
    page = None
    if request.method == "POST" and search.is_valid() and search.cleaned_data["q"].strip():
        hits = queries_list.find_beneficiaries(queryset, search.cleaned_data["q"])
        people = queries_list.with_list_relations(queryset).in_bulk(
            [hit.beneficiary.pk for hit in hits]
        )
        results = []
        for hit in hits:
            if hit.beneficiary.pk in people:
                row = people[hit.beneficiary.pk]
                row.match = hit  # how it was found: shown beside the name
                results.append(row)
    else:
        ordered = queries_list.with_list_relations(queries_list.sort_beneficiaries(queryset, sort))
        page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    can_see = queries_list.sees_files(request.user)
    return render(
        request,
        "registry/list.html",
        {
            "form": form,
            "search": search,
            "results": results,
            "page": page,
            "rows": results if results is not None else (page.object_list if page else []),
            "query": _filter_query(form),
            "filter_values": [
                (name, getattr(value, "pk", value)) for name, value in form.filters().items()
            ],
            "results_line": _results_line(results),
            "files_line": _files_line(page),
            "sees_files": can_see,
            "filtered": bool(form.filters().keys() - {"sort"}),
        },
    )


@login_required
@require_POST
def export(request: HttpRequest) -> HttpResponse:
    """The filtered list (and search, if any) as an Excel workbook; every row is logged as
    read by export. The filters come in the POST body, so nothing personal is in the URL."""
    form = FilterForm(request.POST)
    queryset, sort = _scoped(request, form)
    search = SearchForm(request.POST)
    if search.is_valid() and search.cleaned_data["q"].strip():
        hits = queries_list.find_beneficiaries(queryset, search.cleaned_data["q"])
        queryset = queryset.filter(pk__in=[hit.beneficiary.pk for hit in hits])
    queryset = queries_list.sort_beneficiaries(queryset, sort)
    return exporting.beneficiaries_workbook_response(queryset, reader=request.user)
