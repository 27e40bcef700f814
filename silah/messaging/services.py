"""Writes of messaging's own screens: templates (the outbox's verbs are in ``outbox``)."""

from django.db import transaction
from django.utils.translation import gettext as _

from silah.audit.history import annotate_change
from silah.core.errors import DomainError
from silah.messaging import templating
from silah.messaging.models import Template


def save_template(
    template: Template, *, actor, subject: str, body: str, whatsapp_template: str = ""
) -> Template:
    """Change a template's text; an unknown placeholder or a broken brace is refused."""
    body = body.strip()
    subject = " ".join(subject.split())
    if not body:
        raise DomainError(_("اكتب نص الرسالة."), field="body")
    templating.check(subject, template.event, field="subject")
    templating.check(body, template.event)
    if template.channel == "email" and not subject:
        raise DomainError(_("اكتب موضوع الرسالة."), field="subject")
    with transaction.atomic():
        locked = Template.objects.select_for_update().get(pk=template.pk)
        locked.subject = subject[:200]
        locked.body = body
        locked.whatsapp_template = whatsapp_template.strip()[:120]
        locked.updated_by = actor
        annotate_change(locked, reason="save_template", actor=actor)
        locked.save()
    return locked
