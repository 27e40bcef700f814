"""The published policy: public pages, no login (the association publishes its policy).

The version in force at `policy:published` with its PDF, and every earlier approved version
with its approval. Drafts are never public: their numbers answer 404 like numbers that do
not exist.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from silah.policy import document
from silah.policy.models import Organization, PolicyVersion
from silah.policy.services import version_in_force


def _pdf_response(version: PolicyVersion) -> HttpResponse:
    response = HttpResponse(document.published_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=document.pdf_filename(version)
    )
    return response


def _versions(organization: Organization | None, shown: PolicyVersion | None) -> list[dict]:
    return [
        {"version": v, "summary": document.version_summary(v), "current": v == shown}
        for v in document.public_versions(organization)
    ]


@require_safe
def published(request: HttpRequest) -> HttpResponse:
    """The version in force; a kind page (200) when the association has not published one."""
    organization = Organization.current()
    version = version_in_force(organization)
    if version is None:
        return render(request, "policy/public/not_published.html", {"organization": organization})
    return render(
        request,
        "policy/public/version.html",
        {
            "version": version,
            "organization": organization,
            "document": document.document_html(version),
            "versions": _versions(organization, version),
            "in_force": version,
        },
    )


@require_safe
def published_pdf(request: HttpRequest) -> HttpResponse:
    version = version_in_force(Organization.current())
    if version is None:
        raise Http404
    return _pdf_response(version)


def _public_version_or_404(number: int) -> PolicyVersion:
    version = document.public_version(Organization.current(), number)
    if version is None:
        raise Http404
    return version


@require_safe
def version(request: HttpRequest, number: int) -> HttpResponse:
    """An approved or superseded version by its number, with its approval."""
    shown = _public_version_or_404(number)
    organization = shown.organization
    return render(
        request,
        "policy/public/version.html",
        {
            "version": shown,
            "organization": organization,
            "document": document.document_html(shown),
            "versions": _versions(organization, shown),
            "in_force": version_in_force(organization),
        },
    )


@require_safe
def version_pdf(request: HttpRequest, number: int) -> HttpResponse:
    return _pdf_response(_public_version_or_404(number))
