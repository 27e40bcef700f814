"""Counted phrases on the messaging screens take the Arabic form of their number
(silah.core.counting): print batches, an announcement's recipients, an SMS's length and parts."""

import pytest

from silah.messaging.events import Event
from silah.messaging.models import Announcement, PrintBatch, Template
from silah.messaging.rendering import Preview

FORMS = [
    (1, "خطاب واحد", "مستفيد واحد", "حرف واحد", "جزء واحد"),
    (2, "خطابان", "مستفيدان", "حرفان", "جزآن"),
    (3, "3 خطابات", "3 مستفيدين", "3 أحرف", "3 أجزاء"),
    (11, "11 خطابًا", "11 مستفيدًا", "11 حرفًا", "11 جزءًا"),
    (100, "100 خطاب", "100 مستفيد", "100 حرف", "100 جزء"),
]


@pytest.mark.parametrize(("count", "letters", "beneficiaries", "characters", "parts"), FORMS)
def test_counted_messaging_phrases_take_the_arabic_form_of_their_number(
    count, letters, beneficiaries, characters, parts
):
    assert PrintBatch(count=count).letters_phrase == letters
    assert Announcement(total=count).recipients_phrase == beneficiaries
    preview = Preview("", "", "GSM-7", characters=count, parts=count)
    assert (preview.characters_phrase, preview.parts_phrase) == (characters, parts)


@pytest.mark.django_db
def test_the_template_preview_counts_a_two_part_sms_with_the_dual(client):
    from silah.accounts.factories import UserFactory

    client.force_login(UserFactory(roles=["administrator"]))
    template = Template.objects.get(event=Event.DEMO, channel="sms", language="ar")
    body = "ا" * 100  # 100 UCS-2 units: two parts of 67
    page = client.post(
        f"/messages/templates/{template.pk}/", {"body": body, "preview": "1"}
    ).content.decode()
    assert "طولها 100 حرف، وعدد أجزائها: جزآن." in page
