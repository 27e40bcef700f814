"""What the catalogue holds for a person (``silah.registry.holders``): their programme
enrolments and attendance, walked by merge, the data-subject copy and destruction."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from silah.services.models import Attendance, Enrollment, EnrollmentEvent, EnrollmentState


def merge(survivor, merged) -> None:
    """Move the merged file's enrolments to the survivor. Where both were in the same
    programme the survivor's stays, and the merged file's is closed as withdrawn (with its
    attendance) so one person holds one place."""
    survivor_programmes = set(
        Enrollment.objects.filter(beneficiary=survivor)
        .exclude(state=EnrollmentState.WITHDRAWN)
        .values_list("programme_id", flat=True)
    )
    for enrollment in Enrollment.objects.filter(beneficiary=merged):
        fields = {"beneficiary": survivor}
        if (
            enrollment.programme_id in survivor_programmes
            and enrollment.state != EnrollmentState.WITHDRAWN
        ):
            EnrollmentEvent.objects.create(
                enrollment=enrollment,
                from_state=enrollment.state,
                to_state=EnrollmentState.WITHDRAWN,
                note=_("دُمج الملف في ملف مسجل في البرنامج نفسه"),
            )
            fields.update(
                state=EnrollmentState.WITHDRAWN,
                end_reason=_("دُمج الملف في ملف مسجل في البرنامج نفسه"),
            )
        Enrollment.objects.filter(pk=enrollment.pk).update(**fields)


def export(beneficiary) -> list[dict[str, Any]]:
    enrollments = (
        Enrollment.objects.filter(beneficiary=beneficiary)
        .select_related("programme")
        .annotate(
            present=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.PRESENT)),
            absent=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.ABSENT)),
            excused=Count("attendance", filter=Q(attendance__mark=Attendance.Mark.EXCUSED)),
        )
        .order_by("registered_on", "pk")
    )
    rows = [
        {
            _("البرنامج"): e.programme.name,
            _("الحالة"): e.get_state_display(),
            _("تاريخ التسجيل"): e.registered_on.isoformat(),
            _("تاريخ القبول"): e.enrolled_on.isoformat() if e.enrolled_on else "",
            _("ملاحظات المقابلة"): e.interview_note,
            _("السبب"): e.end_reason,
            _("الحضور"): _("حضر %(present)s، غاب %(absent)s، بعذر %(excused)s")
            % {"present": e.present, "absent": e.absent, "excused": e.excused},
        }
        for e in enrollments
    ]
    return [{"title": _("البرامج والحضور"), "rows": rows}]


def destroy(beneficiary) -> int:
    """The enrolments stay (the programme's counts and a delivery may point at them) with
    nothing personal left in them: the interview's notes and the reasons are blanked, the
    steps' notes and the change history removed."""
    enrollments = Enrollment.objects.filter(beneficiary=beneficiary)
    pks = list(enrollments.values_list("pk", flat=True))
    enrollments.update(interview_note="", end_reason="")
    EnrollmentEvent.objects.filter(enrollment_id__in=pks).update(note="")
    Enrollment.history.filter(id__in=pks).delete()
    Attendance.history.filter(enrollment_id__in=pks).delete()
    return len(pks)
