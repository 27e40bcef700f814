"""Reads the request screens need beside the app's own queries: the clock badge of one
request or of a page of them (a constant number of queries), the actions a user may take on
a request in its state, the messages it sent, the staff a form offers.

The actions mirror the guards of `silah.applications.workflow` so that a screen offers only
what the workflow would accept; the workflow still decides (a refused action shows its
message at the form).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from silah.accounts.access import access_of
from silah.accounts.roles import RoleCode
from silah.applications.models import UNDECIDED_STATES, Application, Referral, ResearchVisit, State
from silah.core import clock as core_clock
from silah.core import dates
from silah.core.models import Clock
from silah.core.workdays import DISPLAY_AGE, get_calendar
from silah.policy.models import PolicyVersion

if TYPE_CHECKING:
    from silah.registry.models import Beneficiary, Household

COMMITTEE_BODIES = ("research_committee", "competent_committee")
RECORDED_BODIES = ("management", "external_authority")
PURPOSE = "answer"

TONES = {
    core_clock.ClockState.ON_TIME: "success",
    core_clock.ClockState.AT_RISK: "warning",
    core_clock.ClockState.LATE: "danger",
    core_clock.ClockState.MET: "success",
    core_clock.ClockState.MISSED: "danger",
    core_clock.ClockState.PAUSED: "secondary",
    core_clock.ClockState.NO_DEADLINE: "light",
}


@dataclass(frozen=True)
class ClockBadge:
    """What a screen says about a request's promise: the label, its colour, the due date."""

    state: str
    label: str
    tone: str
    due_on: date | None = None


def _not_started() -> ClockBadge:
    return ClockBadge(state="not_started", label=_("تبدأ المهلة عند اكتمال الطلب"), tone="light")


def _badge(status: core_clock.ClockStatus | None) -> ClockBadge:
    if status is None:
        return _not_started()
    return ClockBadge(
        state=str(status.state.value),
        label=status.label,
        tone=TONES.get(status.state, "secondary"),
        due_on=status.due_on,
    )


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One request as a list shows it, read as values (a work queue draws 25 a page):
    reference, person, service, branch, state, the promise; for a researcher's queue, the
    visit's status and date."""

    pk: int
    reference: str
    state: str
    due_on: date | None
    name: str
    file_number: str
    service: str
    branch: str
    badge: ClockBadge
    visit_status: str = ""
    visit_planned_on: date | None = None

    @classmethod
    def of(cls, application: Application, badge: ClockBadge) -> QueueRow:
        """The row of a request already read as a model (the file's tab)."""
        person = application.beneficiary
        return cls(
            pk=application.pk,
            reference=application.reference,
            state=application.state,
            due_on=application.due_on,
            name=person.full_name,
            file_number=person.file_number,
            service=application.service.name,
            branch=application.branch.name,
            badge=badge,
        )


# What a row reads, relative to the request.
ROW_VALUES = (
    "pk",
    "reference",
    "state",
    "due_on",
    "beneficiary__file_number",
    "beneficiary__first_name",
    "beneficiary__father_name",
    "beneficiary__grandfather_name",
    "beneficiary__family_name",
    "service__name",
    "branch__name",
    "clock_paused",
)


def queue_rows(rows: QuerySet, *, visits: bool = False) -> list[QueueRow]:
    """The rows of a page of a queue (a sliced queryset of requests, or of research visits
    when `visits`), each with its badge: two queries (the rows with their person, service
    and branch; their clocks), whatever their number, and no model built per row."""
    prefix = "application__" if visits else ""
    names = [f"{prefix}{name}" for name in ROW_VALUES]
    if visits:
        names += ["status", "planned_on"]
    values = list(rows.values_list(*names))
    paused_at = ROW_VALUES.index("clock_paused")
    badges = _badges_of([(row[0], row[paused_at]) for row in values], today=dates.today())
    visit_labels = dict(ResearchVisit.Status.choices)
    found = []
    for row in values:
        (pk, reference, state, due_on, file_number, first, father, grandfather, family) = row[:9]
        service, branch, _paused, *visit = row[9:]  # in ROW_VALUES' order
        status, planned_on = visit if visits else ("", None)
        found.append(
            QueueRow(
                pk=pk,
                reference=reference,
                state=state,
                due_on=due_on,
                name=" ".join(part for part in (first, father, grandfather, family) if part),
                file_number=file_number,
                service=service,
                branch=branch,
                badge=badges[pk],
                visit_status=str(visit_labels.get(status, "")),
                visit_planned_on=planned_on,
            )
        )
    return found


def _badges_of(rows: list[tuple[int, bool]], *, today: date) -> dict[int, ClockBadge]:
    """The badge of each (request pk, paused mirror): one query for their clocks' values."""
    if not rows:
        return {}
    content_type = ContentType.objects.get_for_model(Application)
    clocks = {
        int(object_id): values
        for object_id, *values in Clock.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk, _ in rows], purpose=PURPOSE
        ).values_list("object_id", "unit", "due_on", "stopped_on", "length")
    }
    calendar = get_calendar(max_age=DISPLAY_AGE) if clocks else None
    drawn: dict[core_clock.ClockStatus | None, ClockBadge] = {}  # rows share their statuses
    badges = {}
    for pk, paused in rows:
        clock = clocks.get(pk)
        status = (
            None
            if clock is None
            else core_clock.status_from(*clock, paused=paused, today=today, calendar=calendar)
        )
        if status not in drawn:
            drawn[status] = _badge(status)  # its label is translated once
        badges[pk] = drawn[status]
    return badges


def clock_badge(application: Application, *, today: date | None = None) -> ClockBadge:
    return clock_badges([application], today=today)[application.pk]


def clock_badges(
    applications: Iterable[Application], *, today: date | None = None
) -> dict[int, ClockBadge]:
    """The badge of each request (by pk) in one query for their clocks, whatever the number
    of requests (whether a pause is open is the request's mirror, `clock_paused`)."""
    rows = [(row.pk, row.clock_paused) for row in applications]
    return _badges_of(rows, today=today or dates.today())


def with_badges(applications: Iterable[Application]) -> list[Application]:
    """The requests with `.badge` set on each (for a list's rows)."""
    rows = list(applications)
    badges = clock_badges(rows)
    for row in rows:
        row.badge = badges[row.pk]
    return rows


def referral_badges(referrals: Iterable[Referral], *, today: date | None = None) -> list[Referral]:
    """The referrals with `.badge` set on each: days left, late by N, answered on time or
    late; None for a referral without a deadline. One query for their clocks, whatever their
    number (a referral's clock never pauses)."""
    rows = list(referrals)
    keys = [str(row.pk) for row in rows if row.due_on is not None]
    clocks = {}
    if keys:
        content_type = ContentType.objects.get_for_model(Referral)
        clocks = {
            int(clock.object_id): clock
            for clock in Clock.objects.filter(
                content_type=content_type, object_id__in=keys, purpose=PURPOSE
            )
        }
    today = today or dates.today()
    calendar = get_calendar(max_age=DISPLAY_AGE) if clocks else None
    for row in rows:
        clock = clocks.get(row.pk)
        row.badge = (
            None
            if clock is None
            else _badge(core_clock.status_of(clock, today=today, calendar=calendar, paused=False))
        )
    return rows


def late_referrals(*, today: date | None = None) -> tuple[int, int]:
    """(late, tracked): open referrals past their due date, and open referrals that have
    one, in one query (the manager's dashboard)."""
    counts = Referral.objects.filter(answered_at__isnull=True, due_on__isnull=False).aggregate(
        late=Count("pk", filter=Q(due_on__lt=today or dates.today())), tracked=Count("pk")
    )
    return counts["late"], counts["tracked"]


# -- what a user may do ----------------------------------------------------------------------


def available_actions(user: AbstractBaseUser, application: Application) -> set[str]:
    """The actions `user` may take on `application` in its current state (the forms the
    request page shows). The request is assumed in the user's scope (the page got it from
    `access.get_application_for`)."""
    has = user.has_perm
    receive = has("applications.receive_application")
    assign = has("applications.assign_researcher")
    research = has("applications.conduct_research")
    decide = has("applications.record_decision")
    deliver = has("applications.deliver_service")
    state = application.state
    actions: set[str] = set()
    if state in (State.RECEIVED, State.RETURNED) and receive:
        actions |= {"tick", "complete"}
    if state in (State.COMPLETE, State.IN_RESEARCH, State.IN_REVIEW) and (
        receive or research or decide
    ):
        actions.add("return")
    if state == State.COMPLETE and application.needs_research and (receive or assign):
        actions.add("send_to_research")
    if state == State.COMPLETE and not application.needs_research and receive:
        actions.add("send_to_review")
    if state == State.IN_RESEARCH and assign:
        actions.add("assign")
    if state == State.IN_RESEARCH and (
        assign or (research and application.researcher_id == user.pk)
    ):
        actions.add("research")
    if state == State.IN_REVIEW and decide and application.deciding_body in RECORDED_BODIES:
        actions.add("decide")
    if state == State.APPROVED and deliver:
        actions.add("start_delivery")
    if state == State.IN_DELIVERY and deliver:
        actions.add("deliver")
    if state in (State.DELIVERED, State.REJECTED) and (deliver or decide):
        actions.add("close")
    if state in UNDECIDED_STATES and receive:
        actions.add("withdraw")
    if application.is_open and has("applications.refer_beneficiary") and refers():
        actions.add("refer")
    return actions


def refers() -> bool:
    """Whether the policy in force names someone to refer a beneficiary to."""
    from silah.applications.services import referral_target

    return referral_target()[0] != "none"


# -- people the forms offer ------------------------------------------------------------------


def researchers() -> QuerySet:
    """Active social researchers, by name."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__role__code=RoleCode.SOCIAL_RESEARCHER)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def referral_answerers() -> QuerySet:
    """Active staff whose role answers referrals (the referral's optional named person)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__permissions__codename="answer_referral")
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def colleagues(exclude: AbstractBaseUser | None = None) -> QuerySet:
    """Active staff with a role (the handover's "from" and "to")."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__role__isnull=False)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return users.exclude(pk=exclude.pk) if exclude is not None else users


# -- the messages a request sent -------------------------------------------------------------


def messages_of(application: Application) -> QuerySet:
    """The outbox messages written for this request, newest first."""
    from silah.messaging.models import Message

    return Message.objects.filter(
        subject_ref=f"applications.application:{application.pk}"
    ).order_by("-created_at", "-pk")


def channel_label(application: Application) -> str:
    """The intake channel's name as the policy the request was received under calls it."""
    from silah.applications.workflow import channel_choices

    names = dict(channel_choices(application.policy_version))
    return names.get(application.channel, application.channel)


def committee_of(application: Application) -> dict | None:
    """For a request waiting for a committee: the committee that decides it and its next
    meeting not yet closed, when the committees app is installed."""
    from django.apps import apps

    if application.state != State.IN_REVIEW or application.deciding_body not in COMMITTEE_BODIES:
        return None
    if not apps.is_installed("silah.committees"):
        return {"committee": None, "meeting": None}
    from silah.committees.models import OPEN_STATES, Meeting
    from silah.committees.queries import committee_for_body

    committee = committee_for_body(application.deciding_body)
    meeting = None
    if committee is not None:
        meeting = (
            Meeting.objects.filter(committee=committee)
            .filter(state__in=OPEN_STATES)
            .order_by("held_on", "pk")
            .first()
        )
    return {"committee": committee, "meeting": meeting}


# -- the researcher's visits -------------------------------------------------------------------


def open_visits(user: AbstractBaseUser) -> QuerySet:
    """The visits `user` still has to make (planned or postponed) on requests in research,
    soonest first, the undated ones last."""
    from django.db.models import F

    from silah.applications.models import ResearchVisit

    return (
        ResearchVisit.objects.filter(
            researcher=user,
            status__in=[ResearchVisit.Status.PLANNED, ResearchVisit.Status.POSTPONED],
            application__state=State.IN_RESEARCH,
        )
        .select_related("application__beneficiary", "application__service")
        .order_by(F("planned_on").asc(nulls_last=True), "application__due_on", "pk")
    )


def address_lines(beneficiary: Beneficiary) -> list[str]:
    """The national address as it is written on an envelope (only the parts filled)."""
    first = " ".join(
        part for part in (beneficiary.building_number, beneficiary.street) if part
    ).strip()
    second = "، ".join(part for part in (beneficiary.district, beneficiary.city) if part)
    third = " ".join(
        part
        for part in (
            beneficiary.postal_code,
            beneficiary.additional_number and f"- {beneficiary.additional_number}",
        )
        if part
    )
    lines = [first, second, third]
    if beneficiary.short_address:
        lines.append(beneficiary.short_address)
    return [line for line in lines if line]


def map_url(beneficiary: Beneficiary) -> str:
    """A map search for the district and city (no name, number or other identifier)."""
    from urllib.parse import urlencode

    place = "، ".join(part for part in (beneficiary.district, beneficiary.city) if part)
    if not place:
        return ""
    return "https://maps.google.com/?" + urlencode({"q": place})


# -- referrals, households, committees, promises ---------------------------------------------


def referrals_for(user: AbstractBaseUser) -> QuerySet:
    """The referrals `user` answers or made: addressed to them by name, or to the section
    when their role answers referrals, or made by them; all of them for a manager. The
    soonest due first, then those without a deadline, oldest first."""
    referrals = Referral.objects.select_related(
        "beneficiary", "application", "referred_by", "target_user", "answered_by"
    ).order_by(F("due_on").asc(nulls_last=True), "referred_at", "pk")
    if user.has_perm("applications.hand_over_work"):
        return referrals
    mine = Q(target_user=user) | Q(referred_by=user)
    if user.has_perm("applications.answer_referral"):
        mine |= Q(target_user__isnull=True)
    return referrals.filter(mine)


def current_household(beneficiary: Beneficiary) -> Household | None:
    """The household the beneficiary belongs to now, if any."""
    membership = (
        beneficiary.memberships.filter(left_on__isnull=True).select_related("household").first()
    )
    return membership.household if membership else None


def next_committee_meetings() -> list[dict]:
    """For each deciding body that is a committee: the committee and its next meeting not
    yet closed (the committee queue links to it). Two queries."""
    from django.apps import apps

    if not apps.is_installed("silah.committees"):
        return []
    from silah.committees.queries import committees_for_bodies, next_meetings

    committees: list = []
    for committee in committees_for_bodies(COMMITTEE_BODIES).values():
        if committee is not None and committee not in committees:
            committees.append(committee)
    meetings = next_meetings(committees) if committees else {}
    return [
        {"committee": committee, "meeting": meetings.get(committee.pk)} for committee in committees
    ]


@dataclass(frozen=True)
class PeriodTotals:
    deliveries: int
    cash: object  # Decimal


def period_totals(start: date | None, end: date | None) -> PeriodTotals:
    from decimal import Decimal

    from django.db.models import Count, Sum

    from silah.applications.queries import disbursements_between

    found = disbursements_between(start, end).aggregate(n=Count("pk"), cash=Sum("amount"))
    return PeriodTotals(deliveries=found["n"], cash=found["cash"] or Decimal("0"))


def channels_in_force(user: AbstractBaseUser) -> list[tuple[str, str]]:
    """The intake channels of the policy version in force (for a queue's filter), kept per
    version and language: an approved version's rules never change, and the version in force
    is among the facts every page already has (`accounts/access.py`)."""
    from silah.applications.workflow import channel_choices

    access = access_of(user)
    if access is None or access.policy_version_id is None:
        return channel_choices()
    key = f"silah:channels:{access.policy_version_id}:{get_language()}"
    choices = cache.get(key)
    if choices is None:
        version = PolicyVersion.objects.filter(pk=access.policy_version_id).first()
        choices = channel_choices(version) if version else []
        cache.set(key, choices, 24 * 3600)
    return choices


_filter_lists_version = 0
FILTER_LISTS_TTL = 60  # seconds


def filter_lists() -> dict[str, list[tuple[int, str]]]:
    """The branches and services a queue's filter offers, as (id, name), kept a minute:
    every queue page draws them. A branch or service saved shows in this worker at once
    (`filter_lists_changed`), in the others within the minute."""
    from silah.accounts.models import Branch
    from silah.services.models import Service

    key = f"silah:filter-lists:{_filter_lists_version}"
    lists = cache.get(key)
    if lists is None:
        lists = {
            "branches": list(Branch.objects.order_by("name", "pk").values_list("pk", "name")),
            "services": list(
                Service.objects.order_by("order", "name", "pk").values_list("pk", "name")
            ),
        }
        cache.set(key, lists, FILTER_LISTS_TTL)
    return lists


def filter_lists_version() -> int:
    """Changes, in this process, when a branch or a service is saved or deleted: the queue's
    kept filter form is drawn again (`views_queues._filter_panel`)."""
    return _filter_lists_version


def filter_lists_changed(**kwargs: object) -> None:
    """Receiver of Branch's and Service's post_save and post_delete (cache invalidation)."""
    global _filter_lists_version
    _filter_lists_version += 1
