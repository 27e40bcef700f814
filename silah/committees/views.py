"""Committees' screens: committees and members (managers), a committee's page, the
secretary's meeting page, and a member's own meetings. Thin: parse, call a service, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from silah.committees import minutes as minutes_pdf
from silah.committees import queries, services
from silah.committees.forms import (
    AttendanceForm,
    CancelMeetingForm,
    CommitteeForm,
    DecisionForm,
    MeetingForm,
    MemberForm,
    RoleForm,
    VoteForm,
    VotesForm,
)
from silah.committees.models import (
    AgendaItem,
    Committee,
    CommitteeMember,
    Meeting,
    MeetingState,
    Minutes,
)
from silah.core.counting import counted
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error

MANAGE = queries.MANAGE

# Nominative, after a colon: "ينتظر قرار اللجنة: 3 موضوعات".
SUBJECTS = {
    "zero": gettext_lazy("لا موضوعات"),
    "one": gettext_lazy("موضوع واحد"),
    "two": gettext_lazy("موضوعان"),
    "few": gettext_lazy("%(count)s موضوعات"),
    "many": gettext_lazy("%(count)s موضوعًا"),
    "other": gettext_lazy("%(count)s موضوع"),
}


def _subjects(count: int) -> str:
    return counted(SUBJECTS, count)


# -- committees (managers) -------------------------------------------------------------------


@permission_required(MANAGE)
def committee_list(request: HttpRequest) -> HttpResponse:
    committees = Committee.objects.select_related("branch")
    return render(request, "committees/list.html", {"committees": committees})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def committee_new(request: HttpRequest) -> HttpResponse:
    form = CommitteeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            committee = services.create_committee(
                name=data["name"],
                kind=data["kind"],
                quorum=data["quorum"],
                branch=data["branch"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("أُنشئت اللجنة: أضف أعضاءها."))
            return redirect("committees:committee", committee.pk)
    return render(request, "committees/edit.html", {"form": form, "committee": None})


@permission_required(MANAGE)
@require_http_methods(["GET", "POST"])
def committee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    initial = {
        "name": committee.name,
        "kind": committee.kind,
        "quorum": committee.quorum,
        "branch": committee.branch,
        "is_active": committee.is_active,
    }
    form = CommitteeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_committee(committee, actor=request.user, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("حُفظت بيانات اللجنة."))
            return redirect("committees:committee", committee.pk)
    return render(request, "committees/edit.html", {"form": form, "committee": committee})


# -- a committee's page ----------------------------------------------------------------------


def _committee_page(
    request: HttpRequest,
    committee: Committee,
    *,
    member_form: MemberForm | None = None,
    meeting_form: MeetingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manages = queries.manages(request.user)
    runs = queries.runs(committee, request.user)
    members = committee.members.select_related("user").order_by("-is_active", "role", "pk")
    context = {
        "committee": committee,
        "members": members,
        "meetings": committee.meetings.order_by("-held_on", "-pk"),
        "manages": manages,
        "runs": runs,
        "member_form": member_form or (MemberForm() if manages else None),
        "meeting_form": meeting_form or (MeetingForm() if manages or runs else None),
        "role_form": RoleForm(),
        "waiting": _subjects(queries.waiting_count(committee)) if runs or manages else "",
    }
    return render(request, "committees/committee.html", context, status=status)


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _committee_page(request, queries.get_committee_for(request.user, pk))


@permission_required(MANAGE)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_object_or_404(Committee, pk=pk)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.add_member(
                committee,
                form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("أُضيف العضو."))
            return redirect("committees:committee", committee.pk)
    return _committee_page(request, committee, member_form=form, status=400)


def _membership(pk: int) -> CommitteeMember:
    return get_object_or_404(CommitteeMember.objects.select_related("committee", "user"), pk=pk)


@permission_required(MANAGE)
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = _membership(pk)
    form = RoleForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("اختر صفة العضو من القائمة."))
        services.set_role(member, form.cleaned_data["role"], actor=request.user)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("تغيّرت صفة العضو."))
    return redirect("committees:committee", member.committee_id)


@permission_required(MANAGE)
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = _membership(pk)
    try:
        services.remove_member(member, actor=request.user)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("انتهت عضوية %(name)s.") % {"name": member.name})
    return redirect("committees:committee", member.committee_id)


@login_required
@require_POST
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    committee = queries.get_committee_for(request.user, pk)
    if not (queries.runs(committee, request.user) or queries.manages(request.user)):
        raise PermissionDenied
    form = MeetingForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.schedule_meeting(
                committee,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("جُدول الاجتماع %(number)s.") % {"number": meeting.reference})
            if queries.runs(committee, request.user):
                return redirect("committees:meeting", meeting.pk)
            return redirect("committees:committee", committee.pk)
    return _committee_page(request, committee, meeting_form=form, status=400)


# -- the secretary's meeting page ------------------------------------------------------------


def _meeting_for_viewer(request: HttpRequest, pk: int) -> Meeting:
    """A meeting its committee's chair or secretary, or a manager of committees, may open;
    404 for a meeting of a committee the user cannot see, 403 for a plain member."""
    meeting = queries.get_meeting_for(request.user, pk)
    if not (queries.runs(meeting.committee, request.user) or queries.manages(request.user)):
        raise PermissionDenied
    return meeting


def _meeting_for_runner(request: HttpRequest, pk: int) -> Meeting:
    meeting = queries.get_meeting_for(request.user, pk)
    if not queries.runs(meeting.committee, request.user):
        raise PermissionDenied
    return meeting


def _meeting_page(
    request: HttpRequest,
    meeting: Meeting,
    *,
    bound: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    """The secretary's page; `bound` replaces a form by the one just posted (with its errors):
    {"attendance": form} or {("decision", item_pk): form} or {("votes", item_pk): form}."""
    bound = bound or {}
    committee = meeting.committee
    runs = queries.runs(committee, request.user)
    active = list(queries.active_members(committee))
    present_ids = set(queries.present_members(meeting).values_list("member_id", flat=True))
    present_users = [m.user for m in active if m.user_id in present_ids]
    rows = queries.agenda_rows(meeting)
    for row in rows:
        pk = row.item.pk
        initial = {f"vote_{vote.member_id}": vote.choice for vote in row.votes}
        row.votes_form = bound.get(("votes", pk)) or VotesForm(
            members=present_users, initial=initial, prefix=f"votes-{pk}"
        )
        row.decision_form = bound.get(("decision", pk)) or DecisionForm(prefix=f"decide-{pk}")
    attendance = bound.get("attendance") or AttendanceForm(
        members=active, initial={"present": [str(pk) for pk in present_ids]}
    )
    context = {
        "meeting": meeting,
        "committee": committee,
        "runs": runs,
        "rows": rows,
        "attendance_form": attendance,
        "attendance": meeting.attendance.select_related("member").order_by("member_id"),
        "present_count": len(present_ids),
        "has_quorum": len(present_ids) >= committee.quorum,
        "waiting": _subjects(queries.waiting_count(committee)) if meeting.is_open else "",
        "minutes": Minutes.objects.filter(meeting=meeting).first(),
        "reschedule_form": bound.get("reschedule")
        or MeetingForm(
            prefix="reschedule", initial={"held_on": meeting.held_on, "place": meeting.place}
        ),
        "cancel_form": bound.get("cancel") or CancelMeetingForm(prefix="cancel"),
        "States": MeetingState,
    }
    return render(request, "committees/meeting.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, _meeting_for_viewer(request, pk))


def _act(request: HttpRequest, meeting: Meeting, action, success: str) -> HttpResponse:
    try:
        action()
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, success)
    return redirect("committees:meeting", meeting.pk)


def _submit(
    request: HttpRequest,
    meeting: Meeting,
    form,
    bound_key,
    action: Callable[[dict], object],
    success: Callable[[], str],
) -> HttpResponse:
    """A form of the secretary's page: valid → the service; a refusal shows at its field and
    the page comes back with the form as posted (400); done → a message and the page."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, success())
            return redirect("committees:meeting", meeting.pk)
    return _meeting_page(request, meeting, bound={bound_key: form}, status=400)


@login_required
@require_POST
def meeting_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_runner(request, pk)
    return _submit(
        request,
        meeting,
        MeetingForm(request.POST, prefix="reschedule"),
        "reschedule",
        lambda data: services.reschedule_meeting(
            meeting, held_on=data["held_on"], place=data["place"], actor=request.user
        ),
        lambda: _("تغيّر موعد الاجتماع %(number)s.") % {"number": meeting.reference},
    )


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_runner(request, pk)
    return _submit(
        request,
        meeting,
        CancelMeetingForm(request.POST, prefix="cancel"),
        "cancel",
        lambda data: services.cancel_meeting(meeting, reason=data["reason"], actor=request.user),
        lambda: (
            _("أُلغي الاجتماع %(number)s، وعادت موضوعاته إلى الانتظار.")
            % {"number": meeting.reference}
        ),
    )


@login_required
@require_POST
def meeting_hold(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_runner(request, pk)
    return _act(
        request,
        meeting,
        lambda: services.hold_meeting(meeting, actor=request.user),
        _("بدأ الاجتماع: سجّل الحضور."),
    )


@login_required
@require_POST
def agenda_build(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_runner(request, pk)
    try:
        added = services.build_agenda(meeting, actor=request.user)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        if added:
            flash.success(
                request,
                _("أُدرج في جدول الأعمال: %(subjects)s.") % {"subjects": _subjects(len(added))},
            )
        else:
            flash.info(request, _("لا موضوعات جديدة تنتظر قرار اللجنة."))
    return redirect("committees:meeting", meeting.pk)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_runner(request, pk)
    return _submit(
        request,
        meeting,
        AttendanceForm(request.POST, members=queries.active_members(meeting.committee)),
        "attendance",
        lambda data: services.record_attendance(
            meeting, present=[int(pk) for pk in data["present"]], actor=request.user
        ),
        lambda: _("سُجّل الحضور."),
    )


def _item_for_runner(request: HttpRequest, pk: int) -> AgendaItem:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)
    _meeting_for_runner(request, item.meeting_id)
    return item


@login_required
@require_POST
def item_votes(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_runner(request, pk)
    meeting = item.meeting
    present = [row.member for row in queries.present_members(meeting).select_related("member")]
    form = VotesForm(request.POST, members=present, prefix=f"votes-{item.pk}")
    return _submit(
        request,
        meeting,
        form,
        ("votes", item.pk),
        lambda _data: services.record_votes(item, choices=form.choices(), actor=request.user),
        lambda: _("سُجّلت الأصوات."),
    )


@login_required
@require_POST
def item_decide(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_runner(request, pk)
    meeting = item.meeting
    return _submit(
        request,
        meeting,
        DecisionForm(request.POST, prefix=f"decide-{item.pk}"),
        ("decision", item.pk),
        lambda data: services.decide_item(
            item, outcome=data["outcome"], reason=data["reason"], actor=request.user
        ),
        lambda: _("سُجّل القرار: %(outcome)s.") % {"outcome": item.get_outcome_display()},
    )


@login_required
@require_POST
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for_runner(request, pk)
    return _act(
        request,
        item.meeting,
        lambda: services.remove_from_agenda(item, actor=request.user),
        _("حُذف البند من جدول الأعمال."),
    )


@login_required
@require_POST
def meeting_close(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_for_runner(request, pk)
    return _act(
        request,
        meeting,
        lambda: services.close_meeting(meeting, actor=request.user),
        _("أُغلق الاجتماع وصار المحضر جاهزًا لاعتماد الأعضاء."),
    )


@login_required
def minutes_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes PDF, for the committee's members and managers of committees."""
    meeting = queries.get_meeting_for(request.user, pk)
    minutes = Minutes.objects.filter(meeting=meeting).first()
    if minutes is None:
        raise Http404
    response = HttpResponse(minutes_pdf.render_minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{minutes_pdf.pdf_filename(minutes)}"'
    return response


# -- a member's own meetings -----------------------------------------------------------------


@login_required
def my_meetings(request: HttpRequest) -> HttpResponse:
    meetings = list(queries.meetings_of_member(request.user)[:100])
    runs = {
        committee.pk
        for committee in Committee.objects.of_member(request.user)
        if queries.runs(committee, request.user)
    }
    return render(request, "committees/my_meetings.html", {"meetings": meetings, "runs": runs})


def _my_meeting(request: HttpRequest, pk: int) -> Meeting:
    try:
        return queries.meetings_of_member(request.user).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def _my_meeting_page(
    request: HttpRequest, meeting: Meeting, *, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    bound = bound or {}
    present = queries.was_present(meeting, request.user)
    rows = queries.agenda_rows(meeting)
    for row in rows:
        mine = next((v for v in row.votes if v.member_id == request.user.pk), None)
        row.my_vote = mine
        initial = {"choice": mine.choice, "note": mine.note} if mine else None
        row.vote_form = bound.get(row.item.pk) or VoteForm(
            initial=initial, prefix=f"vote-{row.item.pk}"
        )
    minutes = Minutes.objects.filter(meeting=meeting).first()
    approved = minutes is not None and minutes.approvals.filter(member=request.user).exists()
    context = {
        "meeting": meeting,
        "committee": meeting.committee,
        "rows": rows,
        "present": present,
        "can_vote": present and meeting.state == MeetingState.HELD,
        "minutes": minutes,
        "approved": approved,
        "can_approve": minutes is not None and present and not approved,
        "runs": queries.runs(meeting.committee, request.user),
    }
    return render(request, "committees/my_meeting.html", context, status=status)


@login_required
def my_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    return _my_meeting_page(request, _my_meeting(request, pk))


@login_required
@require_POST
def my_vote(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting__committee"), pk=pk)
    meeting = _my_meeting(request, item.meeting_id)
    form = VoteForm(request.POST, prefix=f"vote-{item.pk}")
    if form.is_valid():
        try:
            services.cast_vote(
                item,
                member=request.user,
                choice=form.cleaned_data["choice"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            flash.success(request, _("سُجّل صوتك."))
            return redirect("committees:my_meeting", meeting.pk)
    return _my_meeting_page(request, meeting, bound={item.pk: form}, status=400)


@login_required
@require_POST
def my_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _my_meeting(request, pk)
    try:
        services.approve_minutes(meeting, member=request.user)
    except DomainError as error:
        flash.error(request, error.message)
    else:
        flash.success(request, _("سُجّل اعتمادك للمحضر."))
    return redirect("committees:my_meeting", meeting.pk)
