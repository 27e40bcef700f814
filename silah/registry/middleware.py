"""A merged file's old pages lead to the survivor.

`silah.registry.access` raises `FileMerged` when a page of a merged file is opened and the
user may see the file it was merged into; this middleware answers a GET of one of the file's
pages (its tabs, registered in `silah.registry.tabs`, and the edit page) with a redirect to
the same page of the survivor. Anything else stays a 404.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse

from silah.registry.access import FileMerged
from silah.registry.tabs import file_url_names

EXTRA_FILE_PAGES = frozenset({"registry:edit"})


class MergedFileRedirectMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, FileMerged) or request.method not in ("GET", "HEAD"):
            return None
        match = request.resolver_match
        if match is None or match.kwargs.get("pk") != exception.merged_pk:
            return None
        if match.view_name not in file_url_names() | EXTRA_FILE_PAGES:
            return None
        try:
            url = reverse(match.view_name, kwargs={**match.kwargs, "pk": exception.survivor_pk})
        except NoReverseMatch:
            return None
        return HttpResponseRedirect(url)
