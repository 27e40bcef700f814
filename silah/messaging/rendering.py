"""A template filled with a person's values: what goes in the outbox, and the preview."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from silah.core.counting import CHARACTERS, SMS_PARTS, counted
from silah.core.errors import DomainError
from silah.messaging import sms, templating
from silah.messaging.events import sample_values
from silah.messaging.models import Template


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str
    whatsapp_template: str
    params: tuple[str, ...]


def organization_name() -> str:
    from silah.policy.models import Organization

    organization = Organization.current()
    return organization.name if organization and organization.name else _("الجمعية")


def find_template(event: str, channel: str, language: str) -> Template:
    """The template of ``event`` on ``channel``: the person's language, else Arabic; an SMS
    template stands in for a channel that has none (a call, a letter)."""
    for lang in dict.fromkeys([language, "ar"]):
        for chan in dict.fromkeys([channel, "sms"]):
            found = Template.objects.filter(event=event, channel=chan, language=lang).first()
            if found is not None:
                return found
    raise DomainError(_("لا يوجد قالب رسالة لهذا الحدث."), field="event")


def render(template: Template, values: dict[str, object]) -> Rendered:
    """Raise ``templating.MissingValue`` when a value the template uses is not given."""
    if "organization" not in values:
        values = {"organization": organization_name(), **values}
    names = templating.names_in(template.body)
    return Rendered(
        subject=templating.fill(template.subject, values),
        body=templating.fill(template.body, values),
        whatsapp_template=template.whatsapp_template,
        params=tuple(str(values[name]) for name in names),
    )


@dataclass(frozen=True)
class Preview:
    subject: str
    body: str
    encoding: str
    characters: int
    parts: int

    @property
    def characters_phrase(self) -> str:
        """ "160 حرفًا": the SMS's length in its encoding's units."""
        return counted(CHARACTERS, self.characters)

    @property
    def parts_phrase(self) -> str:
        """ "جزآن": the parts the SMS is sent in."""
        return counted(SMS_PARTS, self.parts)


def preview(event: str, subject: str, body: str) -> Preview:
    """The template filled with sample data, and its SMS length and parts."""
    templating.check(subject, event, field="subject")
    templating.check(body, event)
    values = sample_values(event)
    text = templating.fill(body, values)
    parts = sms.segments(text)
    return Preview(
        templating.fill(subject, values), text, parts.encoding, parts.characters, parts.parts
    )
