"""Letters wait for a print batch; calls wait for the liaison officer to record them."""

import subprocess

import pytest

from silah.accounts.factories import UserFactory
from silah.core.errors import DomainError
from silah.messaging import letters, outbox
from silah.messaging.events import Event
from silah.messaging.models import CallTask, Message, Status

pytestmark = pytest.mark.django_db


def approved(beneficiary, channel):
    return outbox.send(
        event=Event.DECISION_APPROVED,
        beneficiary=beneficiary,
        values={"reference": "REQ-1448-000777", "service": "السلة الغذائية"},
        channel=channel,
    )


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_a_letter_is_rendered_and_waits_for_printing(beneficiary, tmp_path):
    message = approved(beneficiary, "letter")
    outbox.drain()
    message.refresh_from_db()
    assert message.status == Status.AWAITING_STAFF
    assert message.letter.pdf.read().startswith(b"%PDF")
    assert letters.letters_to_print().count() == 1


def test_a_print_batch_prints_every_waiting_letter_and_marks_them_sent(
    beneficiary, tmp_path, settings
):
    from silah.policy.factories import OrganizationFactory

    OrganizationFactory(name="جمعية أمل الليث")
    first = approved(beneficiary, "letter")
    second = approved(beneficiary, "letter")
    outbox.drain()
    clerk = UserFactory(roles=["relations_officer"])
    batch = letters.make_print_batch(actor=clerk)
    assert batch.count == 2
    text = pdf_text(batch.pdf.read(), tmp_path)
    assert "REQ-1448-000777" in text
    assert "الليث" in text
    for message in (first, second):
        message.refresh_from_db()
        assert message.status == Status.SENT
    assert letters.letters_to_print().count() == 0


def test_a_print_batch_with_nothing_to_print_is_refused(db):
    with pytest.raises(DomainError):
        letters.make_print_batch(actor=UserFactory())


def test_the_call_channel_creates_a_call_task_for_the_liaison_officer(beneficiary):
    officer = UserFactory(roles=["liaison_officer"])
    beneficiary.liaison_officer = officer
    beneficiary.save()
    message = approved(beneficiary, "call")
    outbox.drain()
    task = CallTask.objects.get(message=message)
    assert task.officer == officer
    assert "REQ-1448-000777" in task.message.body
    message.refresh_from_db()
    assert message.status == Status.AWAITING_STAFF


def test_recording_the_call_marks_the_message_sent(beneficiary):
    message = approved(beneficiary, "call")
    outbox.drain()
    officer = UserFactory(roles=["liaison_officer"])
    outbox.record_call(CallTask.objects.get(), actor=officer, outcome="أُبلغت بالقبول")
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert CallTask.objects.get().done_by == officer


def test_a_call_without_its_outcome_is_refused_and_nothing_changes(beneficiary):
    approved(beneficiary, "call")
    outbox.drain()
    with pytest.raises(DomainError) as refused:
        outbox.record_call(CallTask.objects.get(), actor=UserFactory(), outcome="  ")
    assert refused.value.field == "outcome"
    assert CallTask.objects.get().done_at is None
    assert Message.objects.get().status == Status.AWAITING_STAFF


def test_a_letter_gives_back_abdullah_whole():
    from silah.core.tests.pdf_text import pdf_text as extracted
    from silah.registry.factories import BeneficiaryFactory

    message = approved(BeneficiaryFactory(first_name="عبدالله", family_name="القرني"), "letter")
    text = extracted(letters.render_letters([message]))
    assert "عبدالله" in text
    assert "عبداهلل" not in text
