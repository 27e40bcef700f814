"""Shared helpers for the requests' tests."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied

from silah.core.errors import DomainError

WATCHED = (
    "applications",
    "committees",
    "core.clock",
    "core.clockevent",
    "core.clockpause",
    "messaging.message",
    "registry.document",
)


def _counts() -> dict[str, int]:
    counts = {}
    for label in WATCHED:
        if "." in label:
            models = [apps.get_model(label)]
        else:
            models = list(apps.get_app_config(label).get_models())
        for model in models:
            counts[model._meta.label] = model.objects.count()
    return counts


def _row(application) -> dict:
    return application.__class__.objects.filter(pk=application.pk).values().get()


@contextmanager
def refused(application=None, *, error=(DomainError, PermissionDenied), match: str | None = None):
    """The block raises `error` and leaves every row of the requests, their clocks and the
    outbox as they were (row counts, and the request's own row)."""
    before = _counts()
    row = _row(application) if application is not None else None
    with pytest.raises(error) as raised:
        yield raised
    if match is not None:
        message = getattr(raised.value, "message", None) or str(raised.value)
        assert match in message, message
    assert _counts() == before
    if application is not None:
        assert _row(application) == row


def receive(beneficiary, service, officer, **kwargs):
    from silah.applications import factories as f
    from silah.applications import workflow

    kwargs.setdefault("ticked", f.everything_present(service))
    kwargs.setdefault("channel", "interview")
    return workflow.receive(beneficiary=beneficiary, service=service, actor=officer, **kwargs)


def advance(application, to: str, *, officer, manager, researcher):
    """Move a complete request on to `to` along the research path (management decides)."""
    from silah.applications import workflow
    from silah.core import dates

    def v():
        return application.row_version

    order = ["in_research", "in_review", "approved", "in_delivery", "delivered"]
    done = order.index(application.state) + 1 if application.state in order else 0
    for step in order[done : order.index(to) + 1]:
        if step == "in_research":
            application = workflow.send_to_research(
                application, actor=manager, expected_version=v(), researcher=researcher
            )
        elif step == "in_review":
            application = workflow.record_visit(
                application,
                actor=researcher,
                expected_version=v(),
                visited_on=dates.today(),
                place="office",
                findings="زيارة",
                recommendation="approve",
            )
            application = workflow.submit_research(
                application, actor=researcher, expected_version=v()
            )
        elif step == "approved":
            application.deciding_body = "management"
            application.save(update_fields=["deciding_body"])
            application = workflow.record_decision(
                application, actor=manager, expected_version=v(), outcome="approve"
            )
        elif step == "in_delivery":
            application = workflow.start_delivery(application, actor=officer, expected_version=v())
        elif step == "delivered":
            workflow.record_delivery(
                application,
                actor=officer,
                expected_version=v(),
                kind="session",
                description="جلسة",
                receipt="signature",
                receipt_name=application.beneficiary.full_name,
                receipt_confirmed=True,
            )
            application.refresh_from_db()
    return application
