"""Letters (the letter and fax channel): a PDF with the association's header, queued for
printing; printing a batch marks its letters sent.

Rendered with WeasyPrint and the policy document's letterhead and URL fetcher (nothing is
fetched from the network).
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from silah.core.dates import format_dual
from silah.core.pdf import write_pdf
from silah.messaging.models import Letter, Message, PrintBatch, Status


def _letterhead() -> dict:
    from silah.policy.document import letterhead
    from silah.policy.models import Organization

    organization = Organization.current()
    if organization is None:
        return {"name": "", "contact": []}
    return letterhead(organization)


def _entry(message: Message) -> dict:
    person = message.beneficiary
    address = ""
    if person is not None:
        address = " ".join(
            part for part in (person.short_address, person.district, person.city) if part
        )
    return {
        "date": format_dual(timezone.localdate(message.created_at)),
        "reference": f"MSG-{message.pk}",
        "name": person.full_name
        if person
        else (message.staff.get_full_name() if message.staff else ""),
        "address": address,
        "subject": message.subject,
        "body": message.body,
    }


def render_letters(messages: list[Message]) -> bytes:
    """One PDF with a letter per message, each on its own page."""
    from silah.policy.document import LocalFetcher

    with translation.override("ar"):
        html = render_to_string(
            "messaging/letters.html",
            {"letterhead": _letterhead(), "letters": [_entry(m) for m in messages]},
        )
    return write_pdf(html, url_fetcher=LocalFetcher())


def queue_for_printing(message: Message, token: str) -> str:
    """Render the claimed ``message`` as a letter and leave it for the next print batch."""
    from silah.messaging.outbox import _finish

    pdf = render_letters([message])
    with transaction.atomic():
        if _finish(message, token, status=Status.AWAITING_STAFF, provider="letter", wait_reason=""):
            letter, created = Letter.objects.get_or_create(message=message)
            if created or not letter.pdf:
                letter.pdf.save(f"letter-{message.pk}.pdf", ContentFile(pdf), save=True)
    return Status.AWAITING_STAFF


def letters_to_print():
    return Letter.objects.filter(batch__isnull=True, message__status=Status.AWAITING_STAFF)


def make_print_batch(*, actor) -> PrintBatch | None:
    """Every letter waiting, in one PDF to print; they are marked sent. None if none waits."""
    from django.utils.translation import gettext as _

    from silah.core.errors import DomainError

    with transaction.atomic():
        letters = list(
            letters_to_print()
            .select_for_update(of=("self",))
            .select_related("message__beneficiary", "message__staff")
        )
        if not letters:
            raise DomainError(_("لا توجد خطابات تنتظر الطباعة."))
        messages = [letter.message for letter in letters]
        batch = PrintBatch.objects.create(created_by=actor, count=len(letters))
        batch.pdf.save(f"print-batch-{batch.pk}.pdf", ContentFile(render_letters(messages)))
        Letter.objects.filter(pk__in=[letter.pk for letter in letters]).update(batch=batch)
        now = timezone.now()
        Message.objects.filter(
            pk__in=[m.pk for m in messages], status=Status.AWAITING_STAFF
        ).update(status=Status.SENT, sent_at=now)
    return batch
