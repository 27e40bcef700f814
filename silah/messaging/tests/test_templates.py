"""Templates: placeholders checked on save, preview with sample data, defaults shipped."""

import pytest

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.messaging import rendering, services, templating
from silah.messaging.defaults import TEXTS
from silah.messaging.events import Event
from silah.messaging.models import Template

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return UserFactory(username="admin", roles=["administrator"])


def sms_template(event=Event.DECISION_REJECTED, language="ar"):
    return Template.objects.get(event=event, channel="sms", language=language)


def test_every_event_ships_arabic_and_english_templates_on_every_channel():
    for event in Event.values:
        for channel in ("sms", "whatsapp", "email"):
            for language in ("ar", "en"):
                assert Template.objects.filter(
                    event=event, channel=channel, language=language
                ).exists(), (event, channel, language)


def test_shipped_templates_use_only_their_events_placeholders():
    for event, (subject_ar, body_ar, subject_en, body_en) in TEXTS.items():
        for text in (subject_ar, body_ar, subject_en, body_en):
            templating.check(text, event)


def test_unknown_placeholder_is_refused_at_the_body_and_nothing_changes(admin):
    template = sms_template()
    before = template.body
    with pytest.raises(DomainError) as refused:
        services.save_template(template, actor=admin, subject="", body="سبب الرفض: {cause}")
    assert refused.value.field == "body"
    assert "{cause}" in refused.value.message
    template.refresh_from_db()
    assert template.body == before


def test_unclosed_brace_is_refused(admin):
    with pytest.raises(DomainError):
        services.save_template(sms_template(), actor=admin, subject="", body="رقم {reference")


def test_doubled_braces_are_literal_braces():
    assert templating.fill("{{ {reference} }}", {"reference": "R-1"}) == "{ R-1 }"


def test_a_valid_template_is_saved_with_its_author(admin):
    template = services.save_template(
        sms_template(), actor=admin, subject="", body="{name}، رفض طلبك {reference}: {reason}"
    )
    assert template.body.endswith("{reason}")
    assert template.updated_by == admin
    assert template.history.first().history_change_reason == "save_template"


def test_email_template_needs_a_subject(admin):
    template = Template.objects.get(event=Event.TICKET_RECEIVED, channel="email", language="ar")
    with pytest.raises(DomainError) as refused:
        services.save_template(template, actor=admin, subject="", body="{name}")
    assert refused.value.field == "subject"


def test_preview_fills_sample_data_and_counts_sms_parts():
    preview = rendering.preview(Event.DECISION_REJECTED, "", sms_template().body)
    assert "REQ-1448-000123" in preview.body
    assert "{" not in preview.body
    assert preview.encoding == "UCS-2"
    assert preview.characters == len(preview.body)
    assert preview.parts == (1 if preview.characters <= 70 else -(-preview.characters // 67))


def test_a_missing_value_is_an_error_never_a_blank():
    with pytest.raises(templating.MissingValue):
        rendering.render(sms_template(), {"name": "فاطمة", "reference": "R-1"})


def test_english_template_is_used_for_english_and_arabic_is_the_fallback():
    english = rendering.find_template(Event.DEMO, "sms", "en")
    assert english.language == "en"
    Template.objects.filter(event=Event.DEMO, language="en").delete()
    assert rendering.find_template(Event.DEMO, "sms", "en").language == "ar"


def test_a_letter_uses_the_sms_text():
    assert rendering.find_template(Event.DEMO, "letter", "ar").channel == "sms"


def test_seeding_again_never_overwrites_an_edit(admin):
    from silah.messaging.defaults import seed_default_templates

    services.save_template(sms_template(), actor=admin, subject="", body="{name}، {reason}")
    assert seed_default_templates() == 0
    assert sms_template().body == "{name}، {reason}"
