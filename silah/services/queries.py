"""Reads of the catalogue: what is offered, where, under which rules."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Count, Prefetch, Q, QuerySet

from silah.policy.rules import PolicyRules
from silah.services.models import (
    HOLDS_PLACE,
    Attendance,
    Enrollment,
    Programme,
    Requirement,
    Service,
    Session,
)

if TYPE_CHECKING:
    from silah.accounts.models import Branch
    from silah.policy.models import PolicyVersion


class EffectiveRules(NamedTuple):
    """The deciding body and deadline a request for a service follows under a version.

    `unit` is "working", "calendar" or "none"; `length` is None when `unit` is "none";
    `counts_from` is "complete" or "received"."""

    deciding_body: str
    unit: str
    length: int | None
    counts_from: str


def effective_rules(service: Service, version: PolicyVersion | None) -> EffectiveRules:
    """Resolve the service's overrides against the policy version's `deadline` and `decision`.

    - deciding body: the service's when set, else the version's;
    - deadline unit and length go together: the service's unit (and its length) when set,
      else the version's; a unit of "none" has no length;
    - counts from: the service's when set, else the version's (it may be overridden alone).

    With no version (no policy in force) the defaults of an empty policy apply: management
    decides, no deadline."""
    rules = version.parsed_rules() if version is not None else PolicyRules()
    if service.deadline_unit:
        unit = service.deadline_unit
        length = service.deadline_length if unit != "none" else None
    else:
        unit = rules.deadline.unit
        length = rules.deadline.length if unit != "none" else None
    return EffectiveRules(
        deciding_body=service.deciding_body or rules.decision.body,
        unit=unit,
        length=length,
        counts_from=service.deadline_counts_from or rules.deadline.counts_from,
    )


def _with_requirements(services: QuerySet[Service]) -> QuerySet[Service]:
    return services.prefetch_related(
        Prefetch(
            "requirements",
            queryset=Requirement.objects.select_related("document_type").order_by("order", "id"),
        )
    )


def public_services() -> QuerySet[Service]:
    """The public catalogue: active services shown to the public, with their requirements
    and branches."""
    return _with_requirements(Service.objects.active().filter(is_public=True)).prefetch_related(
        "branches"
    )


def public_service(code: str) -> Service | None:
    """One service of the public catalogue by its code, or None."""
    return public_services().filter(code=code).first()


def services_offered_at(branch: Branch) -> QuerySet[Service]:
    """Active services a branch offers, with their requirements (for intake)."""
    return _with_requirements(Service.objects.offered_at(branch))


def catalogue(*, include_inactive: bool = True, search: str = "") -> QuerySet[Service]:
    """The staff catalogue: every service, with how many requirements and programmes."""
    services = Service.objects.all()
    if not include_inactive:
        services = services.active()
    if search:
        services = services.filter(
            Q(name__icontains=search) | Q(code__icontains=search) | Q(name_en__icontains=search)
        )
    return services.annotate(
        requirement_count=Count("requirements", distinct=True),
        programme_count=Count("programmes", distinct=True),
    ).prefetch_related("branches")


def programmes(*, service: Service | None = None, active_only: bool = False) -> QuerySet[Programme]:
    """Programmes with the number of places taken."""
    found = Programme.objects.select_related("service", "branch")
    if service is not None:
        found = found.filter(service=service)
    if active_only:
        found = found.active()
    return found.annotate(
        places_taken=Count(
            "enrollments", filter=Q(enrollments__state__in=HOLDS_PLACE), distinct=True
        ),
        session_count=Count("sessions", distinct=True),
    )


# -- attendance --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRecord:
    """A participant's attendance so far: the rate counts the sessions marked present or
    absent (an excused absence counts neither way); None before any such mark."""

    enrollment: Enrollment
    present: int
    absent: int
    excused: int
    threshold: int

    @property
    def rate(self) -> int | None:
        counted = self.present + self.absent
        if not counted:
            return None
        return round(100 * self.present / counted)

    @property
    def below_threshold(self) -> bool:
        """Policy rule `attend_regularly`: flagged when the rate is under the programme's
        minimum."""
        return self.rate is not None and self.rate < self.threshold


def attendance_of(programme: Programme) -> list[AttendanceRecord]:
    """Each participant holding a place, with their attendance (two queries)."""
    enrollments = (
        programme.enrollments.filter(state__in=HOLDS_PLACE)
        .select_related("beneficiary")
        .annotate(
            present=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.PRESENT)),
            absent=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.ABSENT)),
            excused=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.EXCUSED)),
        )
        .order_by("beneficiary__first_name", "beneficiary__family_name", "pk")
    )
    return [
        AttendanceRecord(
            enrollment=enrollment,
            present=enrollment.present,
            absent=enrollment.absent,
            excused=enrollment.excused,
            threshold=programme.min_attendance_percent,
        )
        for enrollment in enrollments
    ]


def attendance_record(enrollment: Enrollment) -> AttendanceRecord:
    counts = dict(
        enrollment.attendance.values_list("mark").annotate(n=Count("pk")).values_list("mark", "n")
    )
    return AttendanceRecord(
        enrollment=enrollment,
        present=counts.get(Attendance.Mark.PRESENT, 0),
        absent=counts.get(Attendance.Mark.ABSENT, 0),
        excused=counts.get(Attendance.Mark.EXCUSED, 0),
        threshold=enrollment.programme.min_attendance_percent,
    )


def attendance_sheet(session: Session) -> list[tuple[Enrollment, str]]:
    """The participants of a session's programme with the mark recorded ("" for none)."""
    marks = dict(session.attendance.values_list("enrollment_id", "mark"))
    participants = (
        Enrollment.objects.filter(programme_id=session.programme_id, state__in=HOLDS_PLACE)
        .select_related("beneficiary")
        .order_by("beneficiary__first_name", "beneficiary__family_name", "pk")
    )
    return [(enrollment, marks.get(enrollment.pk, "")) for enrollment in participants]


def enrollments_of(programme: Programme) -> QuerySet[Enrollment]:
    return programme.enrollments.select_related("beneficiary").order_by(
        "state", "registered_on", "pk"
    )


def enrollments_of_beneficiary(beneficiary) -> QuerySet[Enrollment]:
    return beneficiary.enrollments.select_related("programme", "programme__service").order_by(
        "-registered_on", "-pk"
    )


# -- what the catalogue says ---------------------------------------------------------------


@dataclass(frozen=True)
class PublishedRules:
    """What the public page and the staff screens say about a service under a version."""

    deciding_body: str
    deadline: str
    overridden: bool  # the service departs from the policy's deciding body or deadline
    conditions: list[str]


def published_rules(service: Service, version: PolicyVersion | None) -> PublishedRules:
    """The deciding body, the deadline as a phrase, and the eligibility conditions as
    sentences (the policy's, then the service's), naming the person by the association's
    word."""
    from silah.policy import conditions as engine
    from silah.policy.rules import DECIDING_BODIES, Deadline
    from silah.policy.sentences import deadline_phrase
    from silah.services.eligibility import conditions_for

    rules = effective_rules(service, version)
    term = version.organization.beneficiary_term if version is not None else engine.DEFAULT_TERM
    deadline = Deadline(
        unit=rules.unit,
        length=rules.length if rules.unit != "none" else None,
        counts_from=rules.counts_from,
    )
    return PublishedRules(
        deciding_body=str(DECIDING_BODIES[rules.deciding_body]),
        deadline=deadline_phrase(deadline),
        overridden=bool(
            service.deciding_body or service.deadline_unit or service.deadline_counts_from
        ),
        conditions=engine.statements(
            conditions_for(service, version=version) if version is not None else service.conditions,
            term=term,
        ),
    )


def open_programmes(service: Service) -> list[Programme]:
    """A service's programmes still open to registration (active, not yet ended), soonest
    first."""
    from silah.core import dates

    today = dates.today()
    return list(
        Programme.objects.active()
        .filter(service=service)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
        .select_related("branch")
        .prefetch_related("sessions")
        .order_by("starts_on", "name")
    )


def programme_participants_scope(user) -> Q:
    """What a relations officer sees beyond their branches' files: the participants (any
    state but withdrawn) of the programmes held at one of their branches, so the officer who
    runs a programme sees everyone on its sheet. A programme held for every branch (no
    branch) widens nothing: each officer sees their own branches' participants."""
    from silah.services.models import EnrollmentState

    participants = (
        Enrollment.objects.filter(programme__branch__in=user.branches.values("pk"))
        .exclude(state=EnrollmentState.WITHDRAWN)
        .values("beneficiary")
    )
    return Q(pk__in=participants)
