"""The public catalogue: no login. What each service offers, who may ask, what to bring, who
decides and by when — so a beneficiary comes with everything. Inactive and unlisted services
answer 404 like codes that do not exist."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from silah.policy.models import Organization
from silah.policy.services import version_in_force
from silah.services import queries


@require_safe
def public_catalogue(request: HttpRequest) -> HttpResponse:
    organization = Organization.current()
    return render(
        request,
        "services/public/catalogue.html",
        {"organization": organization, "services": list(queries.public_services())},
    )


@require_safe
def public_service(request: HttpRequest, code: str) -> HttpResponse:
    service = queries.public_service(code)
    if service is None:
        raise Http404
    organization = Organization.current()
    version = version_in_force(organization)
    return render(
        request,
        "services/public/service.html",
        {
            "organization": organization,
            "service": service,
            "rules": queries.published_rules(service, version),
            "programmes": queries.open_programmes(service),
        },
    )
