"""Reads of requests: the work queues, a request's history, kept and missed promises, and
the aid delivered per beneficiary and household.

Every queue starts from `access.applications_for(user)` so that a queue never shows a
request its reader may not see, and sorts by the stored due date (`Application.due_on`,
mirrored from the clock), the requests without a deadline last.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from silah.applications.access import applications_for
from silah.applications.models import (
    UNDECIDED_STATES,
    Application,
    Disbursement,
    DisbursementItem,
    Referral,
    ResearchVisit,
    State,
    Transition,
)
from silah.core import dates


def _today(today: date | None) -> date:
    return today or dates.today()


def by_deadline(applications: QuerySet[Application]) -> QuerySet[Application]:
    """Soonest due first, no deadline last, then oldest first."""
    return applications.order_by(F("due_on").asc(nulls_last=True), "received_at", "pk")


def for_list(applications: QuerySet[Application]) -> QuerySet[Application]:
    """What a queue row shows, in one query."""
    return applications.select_related("beneficiary", "service", "branch", "researcher")


def filtered(
    applications: QuerySet[Application],
    *,
    branch: int | None = None,
    service: int | None = None,
    channel: str | None = None,
    state: str | None = None,
    deciding_body: str | None = None,
) -> QuerySet[Application]:
    """The queue filters: by branch, service, intake channel, state and deciding body."""
    if branch:
        applications = applications.filter(branch_id=branch)
    if service:
        applications = applications.filter(service_id=service)
    if channel:
        applications = applications.filter(channel=channel)
    if state:
        applications = applications.filter(state=state)
    if deciding_body:
        applications = applications.filter(deciding_body=deciding_body)
    return applications


# -- the queues --------------------------------------------------------------------------------


def intake_today(user: AbstractBaseUser, *, today: date | None = None) -> QuerySet[Application]:
    """The requests `user` received today (the relations officer's day)."""
    day = _today(today)
    # A range on the column, not `received_at__date` (a cast the index cannot serve).
    start = timezone.make_aware(datetime.combine(day, time.min))
    return (
        applications_for(user)
        .filter(received_by=user, received_at__gte=start, received_at__lt=start + timedelta(days=1))
        .order_by("-received_at", "-pk")
    )


def waiting_for_completion(user: AbstractBaseUser) -> QuerySet[Application]:
    """Received but incomplete, or returned for completion."""
    return by_deadline(applications_for(user).filter(state__in=[State.RECEIVED, State.RETURNED]))


def waiting_for_routing(user: AbstractBaseUser) -> QuerySet[Application]:
    """Complete requests not yet sent to research or review, and requests in research with
    no researcher yet."""
    return by_deadline(
        applications_for(user).filter(
            Q(state=State.COMPLETE) | Q(state=State.IN_RESEARCH, researcher__isnull=True)
        )
    )


def my_visits(user: AbstractBaseUser) -> QuerySet[ResearchVisit]:
    """The researcher's visits to make (planned or postponed), soonest first."""
    return (
        ResearchVisit.objects.filter(
            researcher=user,
            status__in=[ResearchVisit.Status.PLANNED, ResearchVisit.Status.POSTPONED],
            application__state=State.IN_RESEARCH,
        )
        .select_related("application", "application__beneficiary", "application__service")
        .order_by(
            F("planned_on").asc(nulls_last=True), F("application__due_on").asc(nulls_last=True)
        )
    )


def in_research(user: AbstractBaseUser) -> QuerySet[Application]:
    return by_deadline(applications_for(user).filter(state=State.IN_RESEARCH))


def in_review(user: AbstractBaseUser, *, deciding_body: str | None = None) -> QuerySet[Application]:
    """Waiting for the deciding body (a committee's next agenda, management, an authority)."""
    return by_deadline(
        filtered(applications_for(user).filter(state=State.IN_REVIEW), deciding_body=deciding_body)
    )


def waiting_for_delivery(user: AbstractBaseUser) -> QuerySet[Application]:
    return (
        applications_for(user)
        .filter(state__in=[State.APPROVED, State.IN_DELIVERY])
        .order_by("decided_on", "pk")
    )


def late(user: AbstractBaseUser, *, today: date | None = None) -> QuerySet[Application]:
    """Undecided requests past their due date (a paused clock is not late)."""
    return by_deadline(
        applications_for(user).filter(
            state__in=UNDECIDED_STATES, clock_paused=False, due_on__lt=_today(today)
        )
    )


def at_risk(user: AbstractBaseUser, *, today: date | None = None) -> QuerySet[Application]:
    """Undecided requests in the last part of their time (not yet late)."""
    day = _today(today)
    return by_deadline(
        applications_for(user).filter(
            state__in=UNDECIDED_STATES, clock_paused=False, at_risk_on__lte=day, due_on__gte=day
        )
    )


def late_or_at_risk(user: AbstractBaseUser, *, today: date | None = None) -> QuerySet[Application]:
    day = _today(today)
    return by_deadline(
        applications_for(user).filter(
            state__in=UNDECIDED_STATES, clock_paused=False, at_risk_on__lte=day
        )
    )


def open_referrals(user: AbstractBaseUser) -> QuerySet[Referral]:
    """Referrals waiting for an answer addressed to `user` (or to anyone, for a manager)."""
    referrals = Referral.objects.filter(answered_at__isnull=True).select_related(
        "beneficiary", "application", "referred_by", "target_user"
    )
    if not user.has_perm("applications.hand_over_work"):
        referrals = referrals.filter(Q(target_user=user) | Q(referred_by=user))
    return referrals.order_by("referred_at", "pk")


# -- one request -------------------------------------------------------------------------------


def history(application: Application) -> QuerySet[Transition]:
    """The request's history, oldest first."""
    return application.transitions.select_related("actor").order_by("at", "pk")


def applications_of(user: AbstractBaseUser, beneficiary) -> QuerySet[Application]:
    """A beneficiary's requests that `user` may see (the file's requests tab)."""
    return for_list(applications_for(user).filter(beneficiary=beneficiary)).order_by(
        "-received_at", "-pk"
    )


# -- promises kept -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Promises:
    met: int
    missed: int
    open_late: int

    @property
    def decided(self) -> int:
        return self.met + self.missed


def promises(start: date, end: date, *, today: date | None = None) -> Promises:
    """Requests decided between `start` and `end` on or before their due date (met) or after
    it (missed), and the undecided ones late today (the dashboard's month)."""
    decided = Application.objects.filter(decided_on__range=(start, end), due_on__isnull=False)
    counts = decided.aggregate(
        met=Count("pk", filter=Q(decided_on__lte=F("due_on"))),
        missed=Count("pk", filter=Q(decided_on__gt=F("due_on"))),
    )
    open_late = Application.objects.filter(
        state__in=UNDECIDED_STATES, clock_paused=False, due_on__lt=_today(today)
    ).count()
    return Promises(met=counts["met"], missed=counts["missed"], open_late=open_late)


# -- aid delivered -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AidTotals:
    cash: Decimal
    deliveries: int
    items: list[tuple[str, str, Decimal]] = field(default_factory=list)  # name, unit, quantity
    by_kind: dict[str, int] = field(default_factory=dict)


def _totals(disbursements: QuerySet[Disbursement]) -> AidTotals:
    summary = disbursements.aggregate(cash=Sum("amount"), deliveries=Count("pk"))
    by_kind = dict(
        disbursements.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    items = (
        DisbursementItem.objects.filter(disbursement__in=disbursements.values("pk"))
        .values_list("name", "unit")
        .annotate(total=Sum("quantity"))
        .order_by("name", "unit")
    )
    return AidTotals(
        cash=summary["cash"] or Decimal("0"),
        deliveries=summary["deliveries"],
        items=[(name, unit, total) for name, unit, total in items],
        by_kind=by_kind,
    )


def disbursements_between(
    start: date | None = None, end: date | None = None
) -> QuerySet[Disbursement]:
    disbursements = Disbursement.objects.all()
    if start:
        disbursements = disbursements.filter(delivered_on__gte=start)
    if end:
        disbursements = disbursements.filter(delivered_on__lte=end)
    return disbursements


def totals_for_beneficiary(
    beneficiary, *, start: date | None = None, end: date | None = None
) -> AidTotals:
    """What was delivered on the beneficiary's own requests between `start` and `end`."""
    return _totals(disbursements_between(start, end).filter(application__beneficiary=beneficiary))


def totals_for_household(
    household, *, start: date | None = None, end: date | None = None
) -> AidTotals:
    """What was delivered to the household's members while they were members: a delivery
    counts when its date falls inside the person's membership (joined_on … left_on)."""
    memberships = household.memberships.all()
    within = Q()
    for membership in memberships:
        span = Q(
            application__beneficiary_id=membership.beneficiary_id,
            delivered_on__gte=membership.joined_on,
        )
        if membership.left_on is not None:
            span &= Q(delivered_on__lte=membership.left_on)
        within |= span
    if not within:
        return _totals(Disbursement.objects.none())
    return _totals(disbursements_between(start, end).filter(within))
