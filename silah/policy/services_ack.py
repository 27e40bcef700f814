"""Writes around staff acknowledgements: HR's reminders and the member opening them.

The acknowledgement itself is `silah.policy.services.acknowledge`. A reminder is shown on
screen (the acknowledgement page and a banner); once the outbox exists it can also go out as
a message.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from silah.accounts.models import Branch, User
from silah.core.errors import DomainError
from silah.policy import queries_ack
from silah.policy.models import Acknowledgement, AcknowledgementReminder, PolicyVersion


def _locked_version_in_force(version: PolicyVersion) -> PolicyVersion:
    version = PolicyVersion.objects.select_for_update().get(pk=version.pk)
    if not version.in_force:
        raise DomainError(_("هذا الإصدار ليس النافذ حاليًا؛ التذكير يكون بالإصدار النافذ."))
    return version


def _send(version: PolicyVersion, people: list[User], actor) -> list[AcknowledgementReminder]:
    """A reminder for each person who has none waiting unseen for this version."""
    waiting = set(
        AcknowledgementReminder.objects.filter(
            version=version, user__in=people, seen_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    return AcknowledgementReminder.objects.bulk_create(
        [
            AcknowledgementReminder(version=version, user=person, sent_by=actor)
            for person in people
            if person.pk not in waiting
        ]
    )


@transaction.atomic
def remind_member(version: PolicyVersion, *, actor, user: User) -> AcknowledgementReminder | None:
    """HR reminds one member of staff to acknowledge the version in force.

    Returns the reminder, or None when one sent earlier is still waiting unseen.
    """
    version = _locked_version_in_force(version)
    if not user.is_active:
        raise DomainError(_("هذا الحساب موقوف؛ لا يُذكَّر."), field="user")
    if Acknowledgement.objects.filter(version=version, user=user).exists():
        raise DomainError(_("أقرّ هذا الموظف بالإصدار النافذ من قبل."), field="user")
    sent = _send(version, [user], actor)
    return sent[0] if sent else None


@transaction.atomic
def remind_branch(
    version: PolicyVersion, *, actor, branch: Branch | str | None
) -> list[AcknowledgementReminder]:
    """HR reminds everyone in a branch (or in no branch: `queries_ack.NO_BRANCH`, or everyone:
    None) who has not acknowledged the version in force. Returns the reminders created."""
    version = _locked_version_in_force(version)
    people = list(queries_ack.not_yet_acknowledged(version, branch))
    return _send(version, people, actor)


def mark_reminders_seen(version_id: int, *, user) -> int:
    """The member opened their acknowledgement page: the reminders waiting for them are seen."""
    return AcknowledgementReminder.objects.filter(
        version_id=version_id, user=user, seen_at__isnull=True
    ).update(seen_at=timezone.now())
