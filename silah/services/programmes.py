"""Programmes: their sessions, who enrols, and attendance, under the policy's attendance rules
(`rules.attendance.rules`; seed 003 has all five).

An enrolment moves only through the functions here (a small state machine):

    registered ──record_interview(passed)──▶ interviewed ──enroll──▶ enrolled ──complete──▶ completed
        │  └──────────────enroll (no interview)──────────────────────────▲
        └──record_interview(failed) / withdraw──▶ withdrawn ◀──withdraw──┘

Each step is checked (the actor's permission, the current state, its preconditions), writes
an `EnrollmentEvent` (who, when, from, to, why) in the same transaction, and refuses with an
Arabic `DomainError` that leaves nothing changed:

- `fees_announced` (policy): a programme that charges a fee refuses registration and
  enrolment until the fee was announced before that day (`fees_announced_on` earlier than the
  date of registering or enrolling);
- `pass_interview` (policy, "where there is one"): a programme with `interview_required`
  enrols only someone who passed the interview;
- `attend_regularly` (policy): `queries.attendance_of` gives each participant's attendance
  rate and flags those below the programme's `min_attendance_percent`;
- a programme's capacity counts the places taken (enrolled and completed);
- one open or completed enrolment per beneficiary and programme.

`enroll(programme, beneficiary, *, actor, on=None)` is what a request's delivery calls to give
"a programme place": it registers the beneficiary if they were not, and returns the
`Enrollment`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from silah.audit.history import annotate_change
from silah.core import dates
from silah.core.errors import DomainError
from silah.policy.services import version_in_force
from silah.services.models import (
    HOLDS_PLACE,
    Attendance,
    Enrollment,
    EnrollmentEvent,
    EnrollmentState,
    Programme,
    Service,
    Session,
)

MANAGE_PROGRAMMES = "services.manage_programmes"
RUN_PROGRAMMES = "services.run_programmes"

PROGRAMME_KINDS = (Service.Kind.PROGRAMME, Service.Kind.TRAINING)
PROGRAMME_FIELDS = (
    "name",
    "description",
    "starts_on",
    "ends_on",
    "capacity",
    "fee_amount",
    "fees_announced_on",
    "interview_required",
    "rules",
    "min_attendance_percent",
    "branch",
    "is_active",
)
SESSION_FIELDS = ("date", "starts_at", "ends_at", "topic", "place")

# Which state may move to which.
TRANSITIONS: dict[str, frozenset[str]] = {
    EnrollmentState.REGISTERED: frozenset(
        {EnrollmentState.INTERVIEWED, EnrollmentState.ENROLLED, EnrollmentState.WITHDRAWN}
    ),
    EnrollmentState.INTERVIEWED: frozenset({EnrollmentState.ENROLLED, EnrollmentState.WITHDRAWN}),
    EnrollmentState.ENROLLED: frozenset({EnrollmentState.COMPLETED, EnrollmentState.WITHDRAWN}),
    EnrollmentState.WITHDRAWN: frozenset(),
    EnrollmentState.COMPLETED: frozenset(),
}


def _require(actor: AbstractBaseUser, permission: str) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied(_("ليست لديك صلاحية لهذا الإجراء."))


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def attendance_rules() -> list[str]:
    """The attendance rule codes of the policy version in force (empty without one)."""
    version = version_in_force()
    if version is None:
        return []
    return list(version.parsed_rules().attendance.rules)


# -- programmes --------------------------------------------------------------------------------


def _clean_programme(values: dict[str, Any], current: Programme | None = None) -> dict[str, Any]:
    unknown = set(values) - set(PROGRAMME_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a programme: {sorted(unknown)}")
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = _text(cleaned["name"])
        if not cleaned["name"]:
            raise DomainError(_("أدخل اسم البرنامج."), field="name")
    for name in ("description", "rules"):
        if name in cleaned:
            cleaned[name] = str(cleaned[name] or "").strip()
    if "fee_amount" in cleaned:
        try:
            fee = Decimal(str(cleaned["fee_amount"] or 0))
        except InvalidOperation as error:
            raise DomainError(_("أدخل مبلغ الرسوم بالأرقام."), field="fee_amount") from error
        if fee < 0 or fee >= Decimal("10000000"):
            raise DomainError(_("أدخل مبلغ رسوم صحيحًا لا يقل عن صفر."), field="fee_amount")
        cleaned["fee_amount"] = fee.quantize(Decimal("0.01"))
    if cleaned.get("capacity") is not None and cleaned["capacity"] < 1:
        raise DomainError(_("عدد المقاعد مقعد واحد على الأقل، أو اتركه فارغًا."), field="capacity")
    percent = cleaned.get("min_attendance_percent")
    if percent is not None and not 0 <= percent <= 100:
        raise DomainError(_("نسبة الحضور من 0 إلى 100."), field="min_attendance_percent")
    branch = cleaned.get("branch")
    if (
        branch is not None
        and not branch.is_active
        and (current is None or branch != current.branch)
    ):
        raise DomainError(_("لا يقام برنامج في فرع موقوف."), field="branch")

    def value(name: str) -> Any:
        if name in cleaned:
            return cleaned[name]
        return getattr(current, name) if current is not None else None

    starts_on, ends_on = value("starts_on"), value("ends_on")
    if starts_on is None:
        raise DomainError(_("أدخل تاريخ بدء البرنامج."), field="starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise DomainError(_("تاريخ الانتهاء قبل تاريخ البدء."), field="ends_on")
    fee = value("fee_amount") or Decimal("0")
    if not fee and value("fees_announced_on") is not None:
        cleaned["fees_announced_on"] = None  # a free programme announces no fee
    announced = value("fees_announced_on") if fee else None
    if announced is not None and announced > dates.today() and "fees_announced_on" in cleaned:
        raise DomainError(
            _("تاريخ الإعلان عن الرسوم لا يكون في المستقبل: سجّله يوم تعلن الرسوم."),
            field="fees_announced_on",
        )
    return cleaned


def create_programme(service: Service, *, actor: AbstractBaseUser, **fields: Any) -> Programme:
    """A programme of a service of kind programme or training."""
    _require(actor, MANAGE_PROGRAMMES)
    if service.kind not in PROGRAMME_KINDS:
        raise DomainError(
            _("البرامج تتبع خدمة من نوع «برنامج أو نشاط» أو «تدريب»."), field="service"
        )
    values = _clean_programme(fields)
    with transaction.atomic():
        programme = Programme(service=service, **values)
        annotate_change(programme, reason=_("إضافة برنامج"), actor=actor)
        programme.save()
    return programme


def update_programme(programme: Programme, *, actor: AbstractBaseUser, **fields: Any) -> Programme:
    """Change a programme. Its fee does not change once someone holds a place (they enrolled
    knowing the announced fee), and its capacity does not fall below the places taken."""
    _require(actor, MANAGE_PROGRAMMES)
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        values = _clean_programme(fields, current=locked)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if not changed:
            return locked
        taken = locked.enrollments.filter(state__in=HOLDS_PLACE).count()
        if "fee_amount" in changed and taken:
            raise DomainError(_("لا تُغيَّر رسوم برنامج بعد قبول ملتحقين فيه."), field="fee_amount")
        capacity = values.get("capacity", locked.capacity)
        if capacity is not None and capacity < taken:
            raise DomainError(
                _("في البرنامج %(taken)s ملتحقين؛ لا يقل عدد المقاعد عنهم.") % {"taken": taken},
                field="capacity",
            )
        for name in changed:
            setattr(locked, name, values[name])
        annotate_change(locked, reason=_("تعديل برنامج"), actor=actor)
        locked.save(update_fields=[*changed, "updated_at"])
    return locked


# -- sessions ----------------------------------------------------------------------------------


def _clean_session(programme: Programme, values: dict[str, Any], current: Session | None = None):
    unknown = set(values) - set(SESSION_FIELDS)
    if unknown:
        raise TypeError(f"not fields of a session: {sorted(unknown)}")
    cleaned = dict(values)
    if "topic" in cleaned:
        cleaned["topic"] = _text(cleaned["topic"])
        if not cleaned["topic"]:
            raise DomainError(_("أدخل موضوع الجلسة."), field="topic")
    if "place" in cleaned:
        cleaned["place"] = _text(cleaned["place"])

    def value(name: str) -> Any:
        if name in cleaned:
            return cleaned[name]
        return getattr(current, name) if current is not None else None

    day = value("date")
    if day is None:
        raise DomainError(_("أدخل تاريخ الجلسة."), field="date")
    if day < programme.starts_on or (programme.ends_on and day > programme.ends_on):
        raise DomainError(_("تاريخ الجلسة خارج مدة البرنامج."), field="date")
    starts_at, ends_at = value("starts_at"), value("ends_at")
    if starts_at and ends_at and ends_at <= starts_at:
        raise DomainError(_("وقت الانتهاء بعد وقت البدء."), field="ends_at")
    return cleaned


def add_session(programme: Programme, *, actor: AbstractBaseUser, **fields: Any) -> Session:
    _require(actor, MANAGE_PROGRAMMES)
    values = _clean_session(programme, fields)
    with transaction.atomic():
        session = Session(programme=programme, **values)
        annotate_change(session, reason=_("إضافة جلسة"), actor=actor)
        session.save()
    return session


def update_session(session: Session, *, actor: AbstractBaseUser, **fields: Any) -> Session:
    _require(actor, MANAGE_PROGRAMMES)
    with transaction.atomic():
        locked = Session.objects.select_for_update().select_related("programme").get(pk=session.pk)
        values = _clean_session(locked.programme, fields, current=locked)
        changed = [name for name, value in values.items() if getattr(locked, name) != value]
        if changed:
            for name in changed:
                setattr(locked, name, values[name])
            annotate_change(locked, reason=_("تعديل جلسة"), actor=actor)
            locked.save(update_fields=changed)
    return locked


def remove_session(session: Session, *, actor: AbstractBaseUser) -> None:
    """Remove a session nobody's attendance was recorded for."""
    _require(actor, MANAGE_PROGRAMMES)
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.attendance.exists():
            raise DomainError(_("رُصد الحضور في هذه الجلسة فلا تُحذف."), field="session")
        annotate_change(locked, reason=_("حذف جلسة"), actor=actor)
        locked.delete()


# -- enrolment ---------------------------------------------------------------------------------


def _move(
    enrollment: Enrollment,
    to: str,
    *,
    actor: AbstractBaseUser,
    note: str = "",
    fields: Mapping[str, Any] | None = None,
) -> Enrollment:
    """The one place an enrolment's state changes: checks the transition, saves, writes the
    event."""
    before = enrollment.state
    if to not in TRANSITIONS[before]:
        raise DomainError(
            _("لا ينتقل الالتحاق من «%(from)s» إلى «%(to)s».")
            % {"from": EnrollmentState(before).label, "to": EnrollmentState(to).label},
            field="state",
        )
    enrollment.state = to
    for name, value in (fields or {}).items():
        setattr(enrollment, name, value)
    annotate_change(enrollment, reason=note or str(EnrollmentState(to).label), actor=actor)
    enrollment.save(update_fields=["state", *(fields or {}), "updated_at"])
    EnrollmentEvent.objects.create(
        enrollment=enrollment, from_state=before, to_state=to, actor=actor, note=note[:500]
    )
    return enrollment


def _locked_programme(programme: Programme) -> Programme:
    return Programme.objects.select_for_update().select_related("service").get(pk=programme.pk)


def _check_open(programme: Programme, on: dt.date) -> None:
    if not programme.is_active or not programme.service.is_active:
        raise DomainError(_("البرنامج غير متاح للتسجيل."), field="programme")
    if programme.ends_on is not None and on > programme.ends_on:
        raise DomainError(_("انتهى البرنامج فلا يُسجَّل فيه."), field="programme")


def _check_fee_announced(programme: Programme, on: dt.date) -> None:
    """Policy rule `fees_announced`: a fee is announced before anyone registers."""
    if programme.is_free or "fees_announced" not in attendance_rules():
        return
    announced = programme.fees_announced_on
    if announced is None or announced >= on:
        raise DomainError(
            _(
                "لا يُسجَّل في البرنامج قبل الإعلان عن رسومه (%(fee)s ريال): تنص السياسة على "
                "الإعلان عن الرسوم قبل التسجيل، ولم يُعلن عنها قبل هذا اليوم."
            )
            % {"fee": f"{programme.fee_amount.normalize():f}"},
            field="fees_announced_on",
        )


def _check_beneficiary(beneficiary) -> None:
    from silah.registry.models import Beneficiary

    if not Beneficiary.objects.live().filter(pk=beneficiary.pk).exists():
        raise DomainError(_("هذا الملف مغلق (مدموج أو متلف)."), field="beneficiary")


def _existing(programme: Programme, beneficiary) -> Enrollment | None:
    return (
        Enrollment.objects.select_for_update()
        .filter(programme=programme, beneficiary=beneficiary)
        .exclude(state=EnrollmentState.WITHDRAWN)
        .first()
    )


def _already(enrollment: Enrollment) -> DomainError:
    if enrollment.state == EnrollmentState.COMPLETED:
        return DomainError(_("أتم المستفيد هذا البرنامج من قبل."), field="beneficiary")
    if enrollment.state == EnrollmentState.ENROLLED:
        return DomainError(_("المستفيد ملتحق بهذا البرنامج من قبل."), field="beneficiary")
    return DomainError(_("المستفيد مسجل في هذا البرنامج من قبل."), field="beneficiary")


def _create_registration(
    programme: Programme, beneficiary, *, actor: AbstractBaseUser, on: dt.date
) -> Enrollment:
    enrollment = Enrollment(
        programme=programme, beneficiary=beneficiary, registered_on=on, registered_by=actor
    )
    annotate_change(enrollment, reason=_("تسجيل في برنامج"), actor=actor)
    try:
        with transaction.atomic():
            enrollment.save()
    except IntegrityError as error:  # registered meanwhile by someone else
        raise DomainError(
            _("المستفيد مسجل في هذا البرنامج من قبل."), field="beneficiary"
        ) from error
    EnrollmentEvent.objects.create(
        enrollment=enrollment, from_state="", to_state=EnrollmentState.REGISTERED, actor=actor
    )
    return enrollment


def register(
    programme: Programme, beneficiary, *, actor: AbstractBaseUser, on: dt.date | None = None
) -> Enrollment:
    """Register a beneficiary for a programme (before an interview, or before enrolling)."""
    _require(actor, RUN_PROGRAMMES)
    on = on or dates.today()
    with transaction.atomic():
        locked = _locked_programme(programme)
        _check_open(locked, on)
        _check_beneficiary(beneficiary)
        existing = _existing(locked, beneficiary)
        if existing is not None:
            raise _already(existing)
        _check_fee_announced(locked, on)
        return _create_registration(locked, beneficiary, actor=actor, on=on)


def record_interview(
    enrollment: Enrollment,
    *,
    actor: AbstractBaseUser,
    passed: bool,
    note: str = "",
    on: dt.date | None = None,
) -> Enrollment:
    """The interview's outcome: passed → interviewed (may enrol); not passed → withdrawn."""
    _require(actor, RUN_PROGRAMMES)
    on = on or dates.today()
    note = _text(note)
    with transaction.atomic():
        locked = (
            Enrollment.objects.select_for_update().select_related("programme").get(pk=enrollment.pk)
        )
        if not locked.programme.interview_required:
            raise DomainError(_("لا يشترط هذا البرنامج مقابلة شخصية."), field="passed")
        if locked.state != EnrollmentState.REGISTERED:
            raise DomainError(_("تُجرى المقابلة لمن هو مسجل ولم يُقابَل بعد."), field="passed")
        if not passed and not note:
            raise DomainError(_("اكتب سبب عدم اجتياز المقابلة."), field="note")
        if passed:
            return _move(
                locked,
                EnrollmentState.INTERVIEWED,
                actor=actor,
                note=note,
                fields={"interviewed_on": on, "interview_note": note},
            )
        return _move(
            locked,
            EnrollmentState.WITHDRAWN,
            actor=actor,
            note=_("لم يجتز المقابلة: %(note)s") % {"note": note},
            fields={
                "interviewed_on": on,
                "interview_note": note,
                "ended_on": on,
                "end_reason": _("لم يجتز المقابلة"),
            },
        )


def enroll(
    programme: Programme, beneficiary, *, actor: AbstractBaseUser, on: dt.date | None = None
) -> Enrollment:
    """Give the beneficiary a place in the programme and return the enrolment.

    Registers them first if they were not. Refused, with nothing changed: the programme is
    closed or over, the file is closed, already enrolled (or completed), a fee not announced
    before `on` (policy `fees_announced`), an interview required and not passed, no place
    left."""
    _require(actor, RUN_PROGRAMMES)
    on = on or dates.today()
    with transaction.atomic():
        locked = _locked_programme(programme)
        _check_open(locked, on)
        _check_beneficiary(beneficiary)
        existing = _existing(locked, beneficiary)
        if existing is not None and existing.state not in (
            EnrollmentState.REGISTERED,
            EnrollmentState.INTERVIEWED,
        ):
            raise _already(existing)
        _check_fee_announced(locked, on)
        interviewed = existing is not None and existing.state == EnrollmentState.INTERVIEWED
        if locked.interview_required and not interviewed:
            raise DomainError(
                _("يشترط البرنامج اجتياز المقابلة الشخصية قبل القبول، ولم تُسجَّل مقابلة ناجحة."),
                field="interview",
            )
        taken = locked.enrollments.filter(state__in=HOLDS_PLACE).count()
        if locked.capacity is not None and taken >= locked.capacity:
            raise DomainError(
                _("اكتمل عدد المقاعد في البرنامج (%(capacity)s).") % {"capacity": locked.capacity},
                field="capacity",
            )
        enrollment = existing or _create_registration(locked, beneficiary, actor=actor, on=on)
        return _move(
            enrollment,
            EnrollmentState.ENROLLED,
            actor=actor,
            fields={"enrolled_on": on},
        )


def withdraw(
    enrollment: Enrollment, *, actor: AbstractBaseUser, reason: str, on: dt.date | None = None
) -> Enrollment:
    """The beneficiary leaves the programme (or is withdrawn), with the reason."""
    _require(actor, RUN_PROGRAMMES)
    reason = _text(reason)
    if not reason:
        raise DomainError(_("اكتب سبب الانسحاب."), field="reason")
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        return _move(
            locked,
            EnrollmentState.WITHDRAWN,
            actor=actor,
            note=reason,
            fields={"ended_on": on or dates.today(), "end_reason": reason[:500]},
        )


def complete(
    enrollment: Enrollment, *, actor: AbstractBaseUser, on: dt.date | None = None
) -> Enrollment:
    """The participant completed the programme."""
    _require(actor, RUN_PROGRAMMES)
    with transaction.atomic():
        locked = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        return _move(
            locked, EnrollmentState.COMPLETED, actor=actor, fields={"ended_on": on or dates.today()}
        )


# -- attendance --------------------------------------------------------------------------------


def record_attendance(
    session: Session, marks: Mapping[int, str], *, actor: AbstractBaseUser
) -> int:
    """Record each participant's mark at a session (`{enrollment pk: "present" | "absent" |
    "excused"}`); a mark given again replaces the earlier one. Returns how many changed."""
    _require(actor, RUN_PROGRAMMES)
    if not marks:
        raise DomainError(_("لم يُرصد حضور أحد."), field="marks")
    unknown_marks = {mark for mark in marks.values() if mark not in Attendance.Mark.values}
    if unknown_marks:
        raise DomainError(_("اختر حاضر أو غائب أو غائب بعذر."), field="marks")
    with transaction.atomic():
        locked = Session.objects.select_for_update().get(pk=session.pk)
        if locked.date > dates.today():
            raise DomainError(_("لا يُرصد الحضور قبل موعد الجلسة."), field="marks")
        participants = {
            enrollment.pk: enrollment
            for enrollment in Enrollment.objects.filter(
                programme_id=locked.programme_id, pk__in=list(marks), state__in=HOLDS_PLACE
            )
        }
        if set(marks) - set(participants):
            raise DomainError(_("أحد المسجلين في الكشف ليس ملتحقًا بهذا البرنامج."), field="marks")
        existing = {a.enrollment_id: a for a in locked.attendance.select_for_update()}
        changed = 0
        for pk, mark in marks.items():
            record = existing.get(pk)
            if record is None:
                record = Attendance(session=locked, enrollment=participants[pk], mark=mark)
            elif record.mark == mark:
                continue
            record.mark = mark
            record.recorded_by = actor
            annotate_change(record, reason=_("رصد الحضور"), actor=actor)
            record.save()
            changed += 1
    return changed
