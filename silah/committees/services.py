"""Writes to committees: one function per verb, keyword-only actor.

Each has the same shape: guard (a DomainError in Arabic, at its field) → `transaction.atomic`
and `select_for_update` → save → a history row with the reason (simple_history, through
`annotate_change`) → side effects on commit. A refused action changes nothing.

Who may do what:
- creating and editing committees and their membership: `committees.manage_committees`
  (the manager and the administrator);
- scheduling a meeting: the committee's chair or secretary, or a manager of committees;
- everything inside a meeting (agenda, attendance, recording votes, decisions, closing): the
  committee's active chair or secretary only;
- a member casts their own vote when present, and approves the minutes of a meeting they
  attended.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from silah.audit.history import annotate_change
from silah.committees import notify, queries, subjects
from silah.committees.models import (
    AgendaItem,
    Committee,
    CommitteeKind,
    CommitteeMember,
    Meeting,
    MeetingAttendance,
    MeetingState,
    MemberRole,
    Minutes,
    MinutesApproval,
    Outcome,
    Vote,
    VoteChoice,
)
from silah.core.dates import to_hijri, today
from silah.core.errors import DomainError

# History reasons are stored in Arabic whatever the page's language (they are a record).
REASON_CREATED = "إنشاء لجنة"
REASON_UPDATED = "تعديل بيانات اللجنة"
REASON_MEMBER_ADDED = "إضافة عضو إلى اللجنة"
REASON_MEMBER_REMOVED = "إنهاء عضوية"
REASON_ROLE = "تغيير صفة العضو"
REASON_ROLE_HANDED = "انتقال الصفة إلى عضو آخر"
REASON_SCHEDULED = "جدولة اجتماع"
REASON_HELD = "انعقاد الاجتماع"
REASON_ATTENDANCE = "تسجيل الحضور"
REASON_ADDED = "إدراج في جدول الأعمال"
REASON_REMOVED = "حذف من جدول الأعمال"
REASON_VOTE = "تسجيل صوت"
REASON_CLOSED = "إغلاق الاجتماع واعتماد نص المحضر"
REASON_RESCHEDULED = "تغيير موعد الاجتماع"
REASON_CANCELLED = "إلغاء الاجتماع"
REASON_RELEASED = "إلغاء الاجتماع: يعود الموضوع إلى الانتظار"

MAX_QUORUM = 50

MESSAGES = {
    "permission": _("ليست لديك صلاحية لهذا الإجراء."),
    "not_runner": _("هذا الإجراء لرئيس اللجنة أو أمين سرها."),
    "name_required": _("اكتب اسم اللجنة."),
    "unknown_kind": _("اختر نوع اللجنة من القائمة."),
    "quorum": _("النصاب عدد صحيح من 1 إلى %(max)s."),
    "unknown_role": _("اختر صفة العضو من القائمة."),
    "inactive_user": _("هذا الحساب موقوف ولا يُضاف إلى لجنة."),
    "already_member": _("هذا الموظف عضو في اللجنة أصلًا."),
    "role_taken": _("للجنة %(role)s قائم هو %(name)s: غيّر صفته أولًا."),
    "not_active_member": _("هذه العضوية منتهية."),
    "same_role": _("للعضو هذه الصفة أصلًا."),
    "committee_inactive": _("اللجنة غير قائمة: لا تُجدول لها اجتماعات."),
    "open_meetings": _("للجنة اجتماعات لم تُغلق بعد: أغلقها قبل إيقاف اللجنة."),
    "date_required": _("أدخل تاريخ الاجتماع."),
    "date_out_of_range": _("التاريخ خارج نطاق التقويم."),
    "not_planned": _("الاجتماع ليس مجدولًا: لا يمكن عقده مرة أخرى."),
    "not_held": _("الاجتماع غير منعقد: سجّل انعقاده أولًا."),
    "not_planned_to_change": _(
        "يُغيَّر موعد الاجتماع أو يُلغى قبل انعقاده فقط: هذا الاجتماع %(state)s."
    ),
    "other_year": _(
        "الموعد الجديد في سنة هجرية أخرى (%(year)s) ورقم الاجتماع من سنته: ألغِ هذا الاجتماع "
        "وجدول اجتماعًا جديدًا."
    ),
    "same_date": _("هذا موعد الاجتماع الحالي: اختر تاريخًا آخر أو مكانًا آخر."),
    "cancel_reason_required": _("اكتب سبب الإلغاء: يُحفظ في سجل الاجتماع."),
    "cancelled": _("الاجتماع ملغى: لا يتغير جدول أعماله."),
    "closed": _("الاجتماع مغلق: لا يتغير جدول أعماله ولا قراراته."),
    "not_closed": _("لم يُغلق الاجتماع بعد: يُعتمد المحضر بعد إغلاقه."),
    "unknown_subject": _("هذا النوع من الموضوعات لا يُعرض على اللجان."),
    "already_on_agenda": _(
        "هذا الموضوع مدرج في جدول أعمال الاجتماع %(meeting)s للجنة «%(committee)s» ولم يُبت فيه."
    ),
    "already_on_this_meeting": _("هذا الموضوع مدرج في جدول أعمال هذا الاجتماع أصلًا."),
    "taken": _("أُدرج هذا الموضوع في جدول أعمال للتو: حدّث الصفحة."),
    "not_waiting": _("هذا الموضوع لا ينتظر قرار هذه اللجنة."),
    "has_votes": _("سُجلت أصوات على هذا البند: لا يُحذف، بل يُبت فيه أو يُؤجل."),
    "unknown_member": _("اختر الحاضرين من أعضاء اللجنة."),
    "voted_absent": _("%(name)s صوّت على بند لم يُبت فيه: لا يُسجل غائبًا."),
    "unknown_choice": _("اختر: موافق أو غير موافق أو ممتنع."),
    "not_a_member": _("المصوّت ليس عضوًا في هذه اللجنة."),
    "not_present": _("يصوّت الأعضاء الحاضرون فقط: سجّل حضور العضو أولًا."),
    "already_decided": _("بُت في هذا البند (%(outcome)s) قبل قليل: حدّث الصفحة."),
    "unknown_outcome": _("اختر القرار: موافقة أو رفض أو تأجيل."),
    "reason_required": _("اكتب سبب الرفض أو التأجيل."),
    "no_quorum": _(
        "لم يكتمل النصاب: الحاضرون %(present)s من %(quorum)s لازمين. لا يُتخذ قرار بلا نصاب."
    ),
    "pending_items": _("بنود لم يُبت فيها بعد (%(count)s): قرّر فيها أو أجّلها قبل الإغلاق."),
    "not_attended": _("يعتمد المحضرَ الأعضاءُ الذين حضروا الاجتماع."),
    "already_approved": _("اعتمدت هذا المحضر من قبل."),
}


def _error(code: str, *, field: str | None = None, **params: object) -> DomainError:
    text = str(MESSAGES[code])
    return DomainError(text % params if params else text, field=field)


def _require_manage(actor: AbstractBaseUser) -> None:
    if not queries.manages(actor):
        raise _error("permission")


def _require_runner(committee: Committee, actor: AbstractBaseUser) -> None:
    if not queries.runs(committee, actor):
        raise _error("not_runner")


def _clean_text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _quorum(value: Any) -> int:
    try:
        quorum = int(value)
    except (TypeError, ValueError):
        raise _error("quorum", field="quorum", max=MAX_QUORUM) from None
    if not 1 <= quorum <= MAX_QUORUM:
        raise _error("quorum", field="quorum", max=MAX_QUORUM)
    return quorum


def _lock_committee(committee: Committee) -> Committee:
    return Committee.objects.select_for_update().get(pk=committee.pk)


def _lock_meeting(meeting: Meeting) -> Meeting:
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.committee = Committee.objects.get(pk=locked.committee_id)
    return locked


def _refresh(target: Model, source: Model, fields: Iterable[str]) -> None:
    for name in fields:
        setattr(target, name, getattr(source, name))


# -- committees and members ------------------------------------------------------------------


@transaction.atomic
def create_committee(
    *,
    name: str,
    kind: str,
    quorum: int,
    actor: AbstractBaseUser,
    branch: Any = None,
) -> Committee:
    _require_manage(actor)
    name = _clean_text(name)
    if not name:
        raise _error("name_required", field="name")
    if kind not in CommitteeKind.values:
        raise _error("unknown_kind", field="kind")
    committee = Committee(name=name[:160], kind=kind, quorum=_quorum(quorum), branch=branch)
    annotate_change(committee, reason=REASON_CREATED, actor=actor)
    committee.save()
    return committee


@transaction.atomic
def update_committee(
    committee: Committee,
    *,
    name: str,
    kind: str,
    quorum: int,
    is_active: bool,
    actor: AbstractBaseUser,
    branch: Any = None,
) -> Committee:
    _require_manage(actor)
    name = _clean_text(name)
    if not name:
        raise _error("name_required", field="name")
    if kind not in CommitteeKind.values:
        raise _error("unknown_kind", field="kind")
    quorum = _quorum(quorum)
    locked = _lock_committee(committee)
    if (
        locked.is_active
        and not is_active
        and queries.open_meetings().filter(committee=locked).exists()
    ):
        raise _error("open_meetings", field="is_active")
    locked.name, locked.kind, locked.quorum = name[:160], kind, quorum
    locked.is_active, locked.branch = bool(is_active), branch
    annotate_change(locked, reason=REASON_UPDATED, actor=actor)
    locked.save(update_fields=["name", "kind", "quorum", "is_active", "branch", "updated_at"])
    _refresh(committee, locked, ["name", "kind", "quorum", "is_active", "branch", "updated_at"])
    return committee


@transaction.atomic
def add_member(
    committee: Committee,
    user: AbstractBaseUser,
    *,
    actor: AbstractBaseUser,
    role: str = MemberRole.MEMBER,
    since: dt.date | None = None,
) -> CommitteeMember:
    _require_manage(actor)
    if role not in MemberRole.values:
        raise _error("unknown_role", field="role")
    if not user.is_active:
        raise _error("inactive_user", field="user")
    locked = _lock_committee(committee)
    if locked.members.filter(user=user, is_active=True).exists():
        raise _error("already_member", field="user")
    if role != MemberRole.MEMBER:
        holder = locked.members.filter(role=role, is_active=True).select_related("user").first()
        if holder is not None:
            raise _error("role_taken", field="role", role=MemberRole(role).label, name=holder.name)
    member = CommitteeMember(committee=locked, user=user, role=role, since=since or today())
    annotate_change(member, reason=REASON_MEMBER_ADDED, actor=actor)
    member.save()
    return member


@transaction.atomic
def remove_member(
    member: CommitteeMember, *, actor: AbstractBaseUser, until: dt.date | None = None
) -> CommitteeMember:
    _require_manage(actor)
    _lock_committee(member.committee)
    locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if not locked.is_active:
        raise _error("not_active_member")
    locked.is_active, locked.until = False, until or today()
    annotate_change(locked, reason=REASON_MEMBER_REMOVED, actor=actor)
    locked.save(update_fields=["is_active", "until"])
    _refresh(member, locked, ["is_active", "until"])
    return member


@transaction.atomic
def set_role(member: CommitteeMember, role: str, *, actor: AbstractBaseUser) -> CommitteeMember:
    """Give a member a role; making them chair or secretary hands the role over from whoever
    held it (who stays a member)."""
    _require_manage(actor)
    if role not in MemberRole.values:
        raise _error("unknown_role", field="role")
    committee = _lock_committee(member.committee)
    locked = CommitteeMember.objects.select_for_update().get(pk=member.pk)
    if not locked.is_active:
        raise _error("not_active_member")
    if locked.role == role:
        raise _error("same_role", field="role")
    if role != MemberRole.MEMBER:
        for holder in committee.members.select_for_update().filter(role=role, is_active=True):
            holder.role = MemberRole.MEMBER
            annotate_change(holder, reason=REASON_ROLE_HANDED, actor=actor)
            holder.save(update_fields=["role"])
    locked.role = role
    annotate_change(locked, reason=REASON_ROLE, actor=actor)
    locked.save(update_fields=["role"])
    member.role = role
    return member


# -- meetings --------------------------------------------------------------------------------


@transaction.atomic
def schedule_meeting(
    committee: Committee, *, held_on: dt.date, actor: AbstractBaseUser, place: str = ""
) -> Meeting:
    """A new meeting, numbered next in the committee's Hijri year of `held_on`."""
    if not (queries.runs(committee, actor) or queries.manages(actor)):
        raise _error("not_runner")
    if not isinstance(held_on, dt.date):
        raise _error("date_required", field="held_on")
    try:
        year = to_hijri(held_on).year
    except ValidationError:
        raise _error("date_out_of_range", field="held_on") from None
    locked = _lock_committee(committee)
    if not locked.is_active:
        raise _error("committee_inactive")
    last = locked.meetings.filter(hijri_year=year).aggregate(last=Max("number"))["last"] or 0
    meeting = Meeting(
        committee=locked,
        hijri_year=year,
        number=last + 1,
        held_on=held_on,
        place=_clean_text(place)[:200],
        created_by=actor,
    )
    annotate_change(meeting, reason=REASON_SCHEDULED, actor=actor)
    meeting.save()
    notify.tell_members(meeting, notify.SCHEDULED, actor=actor)
    return meeting


def _require_planned(meeting: Meeting) -> None:
    if meeting.state != MeetingState.PLANNED:
        raise _error("not_planned_to_change", state=meeting.get_state_display())


@transaction.atomic
def reschedule_meeting(
    meeting: Meeting,
    *,
    held_on: dt.date,
    actor: AbstractBaseUser,
    place: str | None = None,
) -> Meeting:
    """Move a planned meeting to another day (and place) of the same Hijri year: its number
    and agenda stay; the history keeps the old date."""
    _require_runner(meeting.committee, actor)
    if not isinstance(held_on, dt.date):
        raise _error("date_required", field="held_on")
    try:
        year = to_hijri(held_on).year
    except ValidationError:
        raise _error("date_out_of_range", field="held_on") from None
    locked = _lock_meeting(meeting)
    _require_planned(locked)
    if year != locked.hijri_year:
        raise _error("other_year", field="held_on", year=year)
    place = locked.place if place is None else _clean_text(place)[:200]
    if held_on == locked.held_on and place == locked.place:
        raise _error("same_date", field="held_on")
    locked.held_on, locked.place = held_on, place
    annotate_change(locked, reason=REASON_RESCHEDULED, actor=actor)
    locked.save(update_fields=["held_on", "place"])
    _refresh(meeting, locked, ["held_on", "place"])
    notify.tell_members(locked, notify.MOVED, actor=actor)
    return meeting


@transaction.atomic
def cancel_meeting(meeting: Meeting, *, actor: AbstractBaseUser, reason: str) -> Meeting:
    """Cancel a planned meeting: its agenda items (none voted on: it was never held) are
    taken off, so their subjects wait for the committee's next meeting again. The number
    is not reused."""
    _require_runner(meeting.committee, actor)
    reason = _clean_text(reason)[:300]
    if not reason:
        raise _error("cancel_reason_required", field="reason")
    locked = _lock_meeting(meeting)
    _require_planned(locked)
    for item in AgendaItem.objects.select_for_update().filter(meeting=locked):
        annotate_change(item, reason=REASON_RELEASED, actor=actor)
        item.delete()
    locked.state, locked.cancel_reason = MeetingState.CANCELLED, reason
    annotate_change(locked, reason=REASON_CANCELLED, actor=actor)
    locked.save(update_fields=["state", "cancel_reason"])
    _refresh(meeting, locked, ["state", "cancel_reason"])
    notify.tell_members(locked, notify.CANCELLED, actor=actor)
    return meeting


@transaction.atomic
def hold_meeting(meeting: Meeting, *, actor: AbstractBaseUser) -> Meeting:
    """The meeting is under way (planned → held): its attendance sheet lists every active
    member, absent until marked present."""
    _require_runner(meeting.committee, actor)
    locked = _lock_meeting(meeting)
    if locked.state != MeetingState.PLANNED:
        raise _error("not_planned")
    locked.state = MeetingState.HELD
    annotate_change(locked, reason=REASON_HELD, actor=actor)
    locked.save(update_fields=["state"])
    _attendance_sheet(locked, actor)
    meeting.state = locked.state
    return meeting


def _attendance_sheet(meeting: Meeting, actor: AbstractBaseUser) -> dict[int, MeetingAttendance]:
    """meeting's attendance rows by user pk, adding a row (absent) for each active member
    without one."""
    rows = {row.member_id: row for row in meeting.attendance.select_for_update()}
    for user_id in queries.active_members(meeting.committee).values_list("user_id", flat=True):
        if user_id not in rows:
            row = MeetingAttendance(meeting=meeting, member_id=user_id, present=False)
            annotate_change(row, reason=REASON_ATTENDANCE, actor=actor)
            row.save()
            rows[user_id] = row
    return rows


def _pk(value: Any) -> int:
    return int(getattr(value, "pk", value))


@transaction.atomic
def record_attendance(
    meeting: Meeting, *, present: Iterable[Any], actor: AbstractBaseUser
) -> list[MeetingAttendance]:
    """Mark who is present (users or their pks); every other active member is absent."""
    _require_runner(meeting.committee, actor)
    try:
        present_ids = {_pk(value) for value in present}
    except (TypeError, ValueError):
        raise _error("unknown_member", field="present") from None
    locked = _lock_meeting(meeting)
    if locked.state != MeetingState.HELD:
        raise _error("closed" if locked.state == MeetingState.CLOSED else "not_held")
    members = set(queries.active_members(locked.committee).values_list("user_id", flat=True))
    if not present_ids <= members:
        raise _error("unknown_member", field="present")
    voted = (
        Vote.objects.filter(item__meeting=locked, item__outcome=Outcome.PENDING)
        .exclude(member_id__in=present_ids)
        .select_related("member")
        .first()
    )
    if voted is not None:
        name = voted.member.get_full_name() or voted.member.get_username()
        raise _error("voted_absent", field="present", name=name)
    rows = _attendance_sheet(locked, actor)
    for user_id, row in rows.items():
        now_present = user_id in present_ids
        if row.present != now_present:
            row.present = now_present
            annotate_change(row, reason=REASON_ATTENDANCE, actor=actor)
            row.save(update_fields=["present"])
    return list(rows.values())


# -- the agenda ------------------------------------------------------------------------------


def _open_for_agenda(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CLOSED:
        raise _error("closed")
    if meeting.state == MeetingState.CANCELLED:
        raise _error("cancelled")


def _content_type(model: type[Model] | Model) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def _create_item(
    meeting: Meeting, subject: Model, kind: subjects.SubjectKind, actor: AbstractBaseUser
) -> AgendaItem:
    last = meeting.items.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem(
        meeting=meeting,
        content_type=_content_type(subject),
        object_id=subject.pk,
        order=last + 1,
        summary=str(kind.summary(subject)),
        added_by=actor,
    )
    annotate_change(item, reason=REASON_ADDED, actor=actor)
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError:  # added by someone else since the checks above
        raise _error("taken") from None
    return item


@transaction.atomic
def add_to_agenda(meeting: Meeting, subject: Model, *, actor: AbstractBaseUser) -> AgendaItem:
    """Put one waiting subject on a planned or held meeting's agenda."""
    _require_runner(meeting.committee, actor)
    kind = subjects.kind_for(subject)
    if kind is None or subject.pk is None:
        raise _error("unknown_subject")
    locked = _lock_meeting(meeting)
    _open_for_agenda(locked)
    content_type = _content_type(subject)
    same = AgendaItem.objects.filter(content_type=content_type, object_id=subject.pk)
    if same.filter(meeting=locked).exists():
        raise _error("already_on_this_meeting")
    pending = same.filter(outcome=Outcome.PENDING).select_related("meeting__committee").first()
    if pending is not None:
        raise _error(
            "already_on_agenda",
            meeting=pending.meeting.reference,
            committee=pending.meeting.committee.name,
        )
    if not kind.waiting(locked.committee).filter(pk=subject.pk).exists():
        raise _error("not_waiting")
    return _create_item(locked, subject, kind, actor)


@transaction.atomic
def build_agenda(meeting: Meeting, *, actor: AbstractBaseUser) -> list[AgendaItem]:
    """Add every subject waiting for the committee that is not already on an open agenda
    (nor on this meeting's); returns the items added, in the order the kinds give them."""
    _require_runner(meeting.committee, actor)
    locked = _lock_meeting(meeting)
    _open_for_agenda(locked)
    added = []
    for kind in subjects.all_kinds():
        try:
            model = apps.get_model(kind.model_label)
        except (LookupError, ValueError):
            continue
        content_type = _content_type(model)
        taken = AgendaItem.objects.filter(content_type=content_type).filter(
            Q(outcome=Outcome.PENDING) | Q(meeting=locked)
        )
        waiting = kind.waiting(locked.committee).exclude(pk__in=taken.values("object_id"))
        for subject in waiting:
            added.append(_create_item(locked, subject, kind, actor))
    return added


@transaction.atomic
def remove_from_agenda(item: AgendaItem, *, actor: AbstractBaseUser) -> None:
    """Take a pending item without votes off an open meeting's agenda."""
    _require_runner(item.meeting.committee, actor)
    locked_meeting = _lock_meeting(item.meeting)
    _open_for_agenda(locked_meeting)
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if locked.outcome != Outcome.PENDING:
        raise _error("already_decided", outcome=locked.get_outcome_display())
    if locked.votes.exists():
        raise _error("has_votes")
    annotate_change(locked, reason=REASON_REMOVED, actor=actor)
    locked.delete()


# -- votes and decisions ---------------------------------------------------------------------


def _lock_item(item: AgendaItem) -> AgendaItem:
    locked = AgendaItem.objects.select_for_update().get(pk=item.pk)
    locked.meeting = _lock_meeting(item.meeting)
    return locked


@transaction.atomic
def cast_vote(
    item: AgendaItem,
    *,
    member: AbstractBaseUser,
    choice: str,
    note: str = "",
    actor: AbstractBaseUser | None = None,
) -> Vote:
    """A present member's vote on a pending item (cast again, it replaces theirs). The
    secretary or chair may record it for them (`actor`)."""
    actor = actor or member
    committee = item.meeting.committee
    if actor.pk != member.pk:
        _require_runner(committee, actor)
    if choice not in VoteChoice.values:
        raise _error("unknown_choice", field="choice")
    locked = _lock_item(item)
    if locked.meeting.state != MeetingState.HELD:
        raise _error("closed" if locked.meeting.state == MeetingState.CLOSED else "not_held")
    if locked.outcome != Outcome.PENDING:
        raise _error("already_decided", outcome=locked.get_outcome_display())
    if not queries.is_member(committee, member):
        raise _error("not_a_member")
    if not queries.was_present(locked.meeting, member):
        raise _error("not_present")
    vote = Vote.objects.select_for_update().filter(item=locked, member=member).first()
    if vote is None:
        vote = Vote(item=locked, member=member)
    vote.choice, vote.note, vote.recorded_by = choice, str(note or "").strip(), actor
    annotate_change(vote, reason=REASON_VOTE, actor=actor)
    vote.save()
    return vote


@transaction.atomic
def record_votes(
    item: AgendaItem, *, choices: dict[Any, str], actor: AbstractBaseUser
) -> list[Vote]:
    """The secretary or chair records several members' votes on an item at once (member or
    member pk → choice); all are recorded or none."""
    _require_runner(item.meeting.committee, actor)
    users = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in=[_pk(member) for member in choices])
    }
    votes = []
    for member, choice in choices.items():
        user = users.get(_pk(member))
        if user is None:
            raise _error("not_a_member")
        votes.append(cast_vote(item, member=user, choice=choice, actor=actor))
    return votes


@transaction.atomic
def decide_item(
    item: AgendaItem, *, outcome: str, actor: AbstractBaseUser, reason: str = ""
) -> AgendaItem:
    """The committee's decision on an item, recorded by its chair or secretary with quorum
    present. An approval or a rejection is passed to the subject's kind (`on_decided`) in
    the same transaction: if it refuses, nothing is saved. A deferral leaves the subject
    waiting for the next meeting."""
    if outcome not in (Outcome.APPROVED, Outcome.REJECTED, Outcome.DEFERRED):
        raise _error("unknown_outcome", field="outcome")
    reason = str(reason or "").strip()
    if outcome != Outcome.APPROVED and not reason:
        raise _error("reason_required", field="reason")
    _require_runner(item.meeting.committee, actor)
    locked = _lock_item(item)
    if locked.outcome != Outcome.PENDING:
        raise _error("already_decided", outcome=locked.get_outcome_display())
    meeting = locked.meeting
    if meeting.state != MeetingState.HELD:
        raise _error("closed" if meeting.state == MeetingState.CLOSED else "not_held")
    present = queries.present_count(meeting)
    if present < meeting.committee.quorum:
        raise _error("no_quorum", present=present, quorum=meeting.committee.quorum)
    kind = subjects.kind_for(locked.content_type)
    if kind is None and outcome != Outcome.DEFERRED:
        raise _error("unknown_subject")
    locked.outcome, locked.reason = outcome, reason
    locked.decided_at, locked.decided_by = timezone.now(), actor
    annotate_change(locked, reason=reason or str(Outcome(outcome).label), actor=actor)
    locked.save(update_fields=["outcome", "reason", "decided_at", "decided_by"])
    if outcome != Outcome.DEFERRED:
        kind.on_decided(locked, actor)
    _refresh(item, locked, ["outcome", "reason", "decided_at", "decided_by"])
    return item


# -- closing and minutes ---------------------------------------------------------------------


@transaction.atomic
def close_meeting(meeting: Meeting, *, actor: AbstractBaseUser) -> Minutes:
    """Close a held meeting whose every item is decided or deferred; its minutes are frozen
    (`Minutes.snapshot`) for the members to approve."""
    from silah.committees.minutes import fingerprint_of, snapshot_of

    _require_runner(meeting.committee, actor)
    locked = _lock_meeting(meeting)
    if locked.state != MeetingState.HELD:
        raise _error("closed" if locked.state == MeetingState.CLOSED else "not_held")
    pending = queries.pending_items(locked).count()
    if pending:
        raise _error("pending_items", count=pending)
    locked.state, locked.closed_at = MeetingState.CLOSED, timezone.now()
    annotate_change(locked, reason=REASON_CLOSED, actor=actor)
    locked.save(update_fields=["state", "closed_at"])
    snapshot = snapshot_of(locked)
    minutes = Minutes.objects.create(
        meeting=locked, snapshot=snapshot, fingerprint=fingerprint_of(snapshot), created_by=actor
    )
    notify.ask_for_approval(minutes, actor=actor)
    meeting.state, meeting.closed_at = locked.state, locked.closed_at
    return minutes


@transaction.atomic
def approve_minutes(meeting: Meeting, *, member: AbstractBaseUser) -> MinutesApproval:
    """A member who attended approves the closed meeting's minutes (once). The approval that
    completes them (every member present has approved) tells the committee's secretary."""
    locked = _lock_meeting(meeting)
    if locked.state != MeetingState.CLOSED:
        raise _error("not_closed")
    if not queries.was_present(locked, member):
        raise _error("not_attended")
    minutes = Minutes.objects.select_for_update().get(meeting=locked)
    minutes.meeting = locked
    if minutes.approvals.filter(member=member).exists():
        raise _error("already_approved")
    approval = MinutesApproval.objects.create(
        minutes=minutes, member=member, fingerprint=minutes.fingerprint
    )
    if queries.fully_approved(minutes):
        notify.tell_fully_approved(minutes, approvals=minutes.approvals.count(), actor=member)
    return approval
