"""Reads for staff acknowledgements of the policy in force (seed 001: every employee signs).

"Staff" are the active user accounts: everyone who works in Silah acknowledges the version
in force, superusers included. Counts per branch are computed by the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.http import HttpRequest

from silah.accounts.access import access_of, forget
from silah.accounts.models import Branch, User
from silah.policy.models import (
    Acknowledgement,
    AcknowledgementReminder,
    Organization,
    PolicyVersion,
)

NO_BRANCH = "none"  # the filter value for staff who belong to no branch

_STATE_ATTRIBUTE = "_silah_policy_acknowledgement"


@dataclass(frozen=True)
class AcknowledgementState:
    """For one member of staff: the version in force (if any) and whether they acknowledged it."""

    version_id: int | None
    acknowledged: bool

    @property
    def required(self) -> bool:
        """True when there is a version in force that this member has not acknowledged."""
        return self.version_id is not None and not self.acknowledged


NOTHING_REQUIRED = AcknowledgementState(version_id=None, acknowledged=False)


def acknowledgement_state(user) -> AcknowledgementState:
    """One query: the id of the association's version in force and whether `user` signed it."""
    if user is None or not user.is_authenticated:
        return NOTHING_REQUIRED
    organization = Organization.objects.order_by("pk").values("pk")[:1]
    row = (
        PolicyVersion.objects.filter(
            organization_id=Subquery(organization), status=PolicyVersion.Status.APPROVED
        )
        .annotate(
            acknowledged=Exists(
                Acknowledgement.objects.filter(version_id=OuterRef("pk"), user_id=user.pk)
            )
        )
        .values_list("pk", "acknowledged")
        .first()
    )
    if row is None:
        return NOTHING_REQUIRED
    return AcknowledgementState(version_id=row[0], acknowledged=bool(row[1]))


def request_state(request: HttpRequest) -> AcknowledgementState:
    """`acknowledgement_state` for the request's user: kept between pages with the user's
    other facts (`accounts/access.py`), read at most once per request."""
    state = getattr(request, _STATE_ATTRIBUTE, None)
    if state is None:
        access = access_of(getattr(request, "user", None))
        state = (
            NOTHING_REQUIRED
            if access is None
            else AcknowledgementState(
                version_id=access.policy_version_id, acknowledged=access.acknowledged
            )
        )
        setattr(request, _STATE_ATTRIBUTE, state)
    return state


def forget_request_state(request: HttpRequest) -> None:
    """After the member acknowledges, the rest of the request sees the new state."""
    if hasattr(request, _STATE_ATTRIBUTE):
        delattr(request, _STATE_ATTRIBUTE)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        forget(user)


def acknowledgement_of(version: PolicyVersion, user) -> Acknowledgement | None:
    return Acknowledgement.objects.filter(version=version, user=user).first()


def unseen_reminders(version_id: int, user) -> QuerySet[AcknowledgementReminder]:
    """Reminders HR sent `user` for this version that they have not opened yet, newest first."""
    return (
        AcknowledgementReminder.objects.filter(
            version_id=version_id, user=user, seen_at__isnull=True
        )
        .select_related("sent_by")
        .order_by("-sent_at")
    )


def latest_unseen_reminder(version_id: int, user) -> AcknowledgementReminder | None:
    return unseen_reminders(version_id, user).first()


def latest_reminder(version_id: int, user) -> AcknowledgementReminder | None:
    """The last reminder HR sent `user` for this version, seen or not."""
    return (
        AcknowledgementReminder.objects.filter(version_id=version_id, user=user)
        .select_related("sent_by")
        .order_by("-sent_at")
        .first()
    )


# HR: who has acknowledged and who has not ------------------------------------------------


def staff() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def _in_branch(queryset: QuerySet[User], branch: Branch | str | None) -> QuerySet[User]:
    if branch == NO_BRANCH:
        return queryset.filter(branches__isnull=True)
    if isinstance(branch, Branch):
        return queryset.filter(branches=branch)
    return queryset


@dataclass(frozen=True)
class BranchCount:
    branch: Branch | None  # None: staff who belong to no branch
    staff: int
    acknowledged: int

    @property
    def remaining(self) -> int:
        return self.staff - self.acknowledged

    @property
    def key(self) -> str:
        return str(self.branch.pk) if self.branch else NO_BRANCH


def counts_per_branch(version: PolicyVersion) -> list[BranchCount]:
    """Per branch (then staff in no branch): active staff and how many acknowledged `version`.

    A member in two branches counts in each; the totals (`totals`) count them once.
    """
    active = Q(staff__is_active=True)
    signed = Acknowledgement.objects.filter(version=version, user_id=OuterRef("pk"))
    signed_staff = User.objects.filter(is_active=True).filter(Exists(signed)).values("pk")
    branches = (
        Branch.objects.annotate(
            staff_count=Count("staff", filter=active, distinct=True),
            acknowledged_count=Count(
                "staff", filter=active & Q(staff__in=signed_staff), distinct=True
            ),
        )
        .filter(Q(is_active=True) | Q(staff_count__gt=0))
        .order_by("name")
    )
    rows = [
        BranchCount(branch=b, staff=b.staff_count, acknowledged=b.acknowledged_count)
        for b in branches
    ]
    unassigned = (
        staff()
        .filter(branches__isnull=True)
        .aggregate(
            staff_count=Count("pk"),
            acknowledged_count=Count("pk", filter=Q(pk__in=signed_staff)),
        )
    )
    if unassigned["staff_count"]:
        rows.append(
            BranchCount(
                branch=None,
                staff=unassigned["staff_count"],
                acknowledged=unassigned["acknowledged_count"],
            )
        )
    return rows


@dataclass(frozen=True)
class Totals:
    staff: int
    acknowledged: int

    @property
    def remaining(self) -> int:
        return self.staff - self.acknowledged


def totals(version: PolicyVersion, branch: Branch | str | None = None) -> Totals:
    """Active staff (each once) and how many of them acknowledged `version`, in one query."""
    signed = Acknowledgement.objects.filter(version=version, user_id=OuterRef("pk"))
    people = _in_branch(staff(), branch).values("pk").distinct()
    row = User.objects.filter(pk__in=people).aggregate(
        staff_count=Count("pk"),
        acknowledged_count=Count("pk", filter=Q(Exists(signed))),
    )
    return Totals(staff=row["staff_count"], acknowledged=row["acknowledged_count"])


def staff_with_status(version: PolicyVersion, branch: Branch | str | None = None) -> QuerySet[User]:
    """Active staff (optionally of one branch), each with `acknowledged_at`, `typed_name` and
    `reminded_at` (the last reminder for this version) annotated; ordered by name."""
    acknowledgement = Acknowledgement.objects.filter(version=version, user_id=OuterRef("pk"))
    reminder = AcknowledgementReminder.objects.filter(
        version=version, user_id=OuterRef("pk")
    ).order_by("-sent_at")
    people = _in_branch(staff(), branch).values("pk").distinct()
    return (
        User.objects.filter(pk__in=people)
        .annotate(
            acknowledged_at=Subquery(acknowledgement.values("acknowledged_at")[:1]),
            typed_name=Subquery(acknowledgement.values("typed_name")[:1]),
            reminded_at=Subquery(reminder.values("sent_at")[:1]),
        )
        .prefetch_related("branches")
        .order_by("first_name", "last_name", "username")
    )


def who_has(version: PolicyVersion, branch: Branch | str | None = None) -> QuerySet[User]:
    return staff_with_status(version, branch).filter(acknowledged_at__isnull=False)


def who_has_not(version: PolicyVersion, branch: Branch | str | None = None) -> QuerySet[User]:
    return staff_with_status(version, branch).filter(acknowledged_at__isnull=True)


def not_yet_acknowledged(version: PolicyVersion, branch: Branch | str | None = None):
    """The active staff (of a branch, or all) who have not acknowledged `version` (no annotations)."""
    signed = Acknowledgement.objects.filter(version=version, user_id=OuterRef("pk"))
    people = _in_branch(staff(), branch).values("pk").distinct()
    return User.objects.filter(pk__in=people).exclude(Exists(signed))
