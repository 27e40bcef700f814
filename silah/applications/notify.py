"""The messages a request sends its beneficiary, each through the outbox.

`outbox.send` writes the message in the caller's transaction (a refused or rolled-back
change sends nothing), with an idempotency key per request and event, so a retried action
never tells a person twice. The worker delivers it on the person's agreed channel.
"""

from __future__ import annotations

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from silah.applications.models import Application, ChecklistItem
from silah.core import dates
from silah.messaging import outbox
from silah.messaging.events import Event
from silah.policy.models import Organization
from silah.policy.rules import DECIDING_BODIES


def _read_version(application: Application):
    """The request's policy version when it is the one in force and already read with its
    organization (at intake: no query), else None (the outbox reads what it needs)."""
    if not Application._meta.get_field("policy_version").is_cached(application):
        return None
    version = application.policy_version
    if version is None or version.status != version.Status.APPROVED:
        return None
    if not version._meta.get_field("organization").is_cached(version):
        return None
    return version


def _organization(version) -> str:
    organization = version.organization if version is not None else Organization.current()
    return organization.name if organization and organization.name else _("الجمعية")


def deciding_body_label(code: str) -> str:
    return str(DECIDING_BODIES.get(code, code))


def deadline_text(due_on: date | None) -> str:
    """The due date in both calendars, or what the policy promises without a deadline."""
    if due_on is None:
        return _("فور صدور القرار")
    return dates.format_dual(due_on, "ar")


def missing_text(items: list[ChecklistItem]) -> str:
    return "، ".join(item.label for item in items)


def _send(application: Application, event: str, suffix: str, actor, **values: str) -> None:
    version = _read_version(application)
    with translation.override("ar"):
        outbox.send(
            event=event,
            beneficiary=application.beneficiary,
            channel=outbox.choose_channel(application.beneficiary, version=version),
            values={
                "organization": _organization(version),
                "reference": application.reference,
                "service": application.service.name,
                **values,
            },
            key=f"application:{application.pk}:{suffix}",
            subject_ref=f"applications.application:{application.pk}",
            actor=actor,
        )


def receipt(application: Application, *, actor, missing: list[ChecklistItem]) -> None:
    """At intake: complete (who decides, by when) or what is still missing."""
    with translation.override("ar"):
        if application.state == "complete":
            complete(application, actor=actor)
        elif missing:
            _send(
                application,
                Event.REQUEST_INCOMPLETE,
                "incomplete:0",
                actor,
                missing_items=missing_text(missing),
            )
        else:
            _send(application, Event.REQUEST_RECEIVED, "received", actor)


def complete(application: Application, *, actor) -> None:
    restarts = application.transitions.filter(to_state="complete").count()
    with translation.override("ar"):
        _send(
            application,
            Event.REQUEST_COMPLETE,
            f"complete:{restarts}",
            actor,
            deciding_body=deciding_body_label(application.deciding_body),
            deadline=deadline_text(application.due_on),
        )


def returned(application: Application, *, actor, what: str) -> None:
    count = application.transitions.filter(to_state="returned").count()
    _send(application, Event.REQUEST_RETURNED, f"returned:{count}", actor, missing_items=what)


def decision(application: Application, *, actor, outcome: str, reason: str) -> None:
    if outcome == "approve":
        _send(application, Event.DECISION_APPROVED, "decision", actor)
    else:
        _send(application, Event.DECISION_REJECTED, "decision", actor, reason=reason)


def delivery(application: Application, *, actor, on: date | None, place: str) -> None:
    if on is not None and place:
        with translation.override("ar"):
            when = dates.format_dual(on, "ar")
        _send(application, Event.DELIVERY_SCHEDULED, "delivery", actor, date=when, place=place)
    else:
        _send(application, Event.DELIVERY_READY, "delivery", actor)
