"""Which beneficiary files committee members see: those concerned by the subjects on the
agendas of their committees' open (planned or held) meetings.

The subject → beneficiary mapping belongs to each subject kind (`SubjectKind.beneficiary_ids`);
this module unions them. `committee_scope` is registered once for the committee member role
with `silah.registry.access.register_scope` (in `CommitteesConfig.ready`), so a kind
registered later (requests, complaints) is covered without registering anything else.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from silah.committees import subjects
from silah.committees.models import AgendaItem, Committee, MeetingState


def items_on_open_agendas(user: AbstractBaseUser) -> QuerySet[AgendaItem]:
    """Agenda items of the open meetings of the committees `user` is an active member of."""
    return AgendaItem.objects.filter(
        meeting__committee__in=Committee.objects.of_member(user),
        meeting__state__in=[MeetingState.PLANNED, MeetingState.HELD],
    )


def subjects_on_open_agendas(user: AbstractBaseUser, kind: subjects.SubjectKind) -> QuerySet:
    """The records of one kind on `user`'s committees' open agendas."""
    model = apps.get_model(kind.model_label)
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    ids = items_on_open_agendas(user).filter(content_type=content_type).values("object_id")
    return model._default_manager.filter(pk__in=ids)


def committee_scope(user: AbstractBaseUser) -> Q:
    """A Q over Beneficiary: the files concerned by the subjects on `user`'s committees'
    open agendas (an empty Q, adding nothing, when no kind maps to beneficiaries)."""
    scope = Q()
    for kind in subjects.all_kinds():
        if kind.beneficiary_ids is None:
            continue
        try:
            found = subjects_on_open_agendas(user, kind)
        except (LookupError, ValueError):
            continue
        scope |= Q(pk__in=kind.beneficiary_ids(found))
    return scope


def sees_subject(user: AbstractBaseUser, subject) -> bool:
    """True if `subject` is on an open agenda of one of `user`'s committees (for the subject's
    own app, to let a member open it)."""
    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return (
        items_on_open_agendas(user).filter(content_type=content_type, object_id=subject.pk).exists()
    )
