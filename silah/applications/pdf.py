"""The request's printed papers (WeasyPrint, Arabic, the association's letterhead): the
intake receipt handed to the beneficiary, and the decision letter."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from silah.applications import clocks, notify
from silah.applications.models import Application, Decision
from silah.applications.workflow import channel_choices
from silah.core.dates import bdi_digits, format_dual_html
from silah.policy.models import Organization


def _render(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    from silah.policy.document import LocalFetcher

    html = render_to_string(template, context)
    return HTML(string=html, url_fetcher=LocalFetcher()).write_pdf()


def _common(application: Application) -> dict[str, Any]:
    from silah.policy.document import letterhead

    version = application.policy_version
    organization = (version.organization if version else None) or Organization.current()
    beneficiary = application.beneficiary
    return {
        "letterhead": letterhead(organization) if organization else None,
        "organization": organization,
        "application": application,
        "reference": bdi_digits(application.reference),
        "file_number": bdi_digits(beneficiary.file_number),
        "beneficiary_name": beneficiary.full_name,
        "service": application.service.name,
        "received_on": format_dual_html(timezone.localtime(application.received_at).date(), "ar"),
        "printed_on": format_dual_html(timezone.localdate(), "ar"),
        "deciding_body": notify.deciding_body_label(application.deciding_body),
    }


def receipt_pdf(application: Application) -> bytes:
    """The intake receipt: reference, service, date in both calendars, what is missing, the
    deciding body and by when the beneficiary will be answered."""
    with translation.override("ar"):
        context = _common(application)
        missing = [
            item.label for item in application.checklist.filter(present=False, mandatory=True)
        ]
        status = clocks.status(application)
        if application.due_on is not None:
            answer_by = format_dual_html(application.due_on, "ar")
        elif status is not None:
            answer_by = _("لا تحدد السياسة مهلة، ويُبلّغ المستفيد بالنتيجة فور صدورها.")
        else:
            answer_by = _("يبدأ احتساب موعد الرد عند اكتمال الطلب.")
        context |= {
            "state": application.get_state_display(),
            "missing": missing,
            "answer_by": answer_by,
            "channel": dict(channel_choices(application.policy_version)).get(
                application.channel, application.channel
            ),
            "received_by": application.received_by.get_full_name()
            or application.received_by.get_username(),
        }
        return _render("applications/pdf/receipt.html", context)


def decision_letter_pdf(application: Application) -> bytes:
    """The letter telling the beneficiary the decision, with its reason."""
    decision: Decision = application.decision
    with translation.override("ar"):
        context = _common(application) | {
            "decision": decision,
            "approved": decision.outcome == Decision.Outcome.APPROVE,
            "decided_on": format_dual_html(decision.decided_on, "ar"),
            "external_date": format_dual_html(decision.external_date, "ar")
            if decision.external_date
            else "",
            "external_reference": bdi_digits(decision.external_reference)
            if decision.external_reference
            else "",
            "reason_lines": [line for line in decision.reason.splitlines() if line.strip()],
        }
        return _render("applications/pdf/decision_letter.html", context)
