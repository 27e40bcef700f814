"""The working calendar, as an administrator sees and corrects it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from silah.core import queries, services
from silah.core.decorators import permission_required
from silah.core.errors import DomainError
from silah.core.forms import add_domain_error
from silah.core.forms_calendar import (
    CalendarSettingsForm,
    HolidayAddForm,
    HolidayCorrectionForm,
    ReasonForm,
)
from silah.core.models import CalendarSettings, Holiday

manage_calendar = permission_required("core.manage_calendar")


@manage_calendar
def holidays(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    year = min(max(year, 1950), 2077)
    return render(
        request,
        "core/calendar/holidays.html",
        {
            "year": year,
            "years": range(today.year - 1, today.year + 4),
            "holidays": queries.holidays_of_year(year),
            "to_confirm": queries.holidays_to_confirm(today=today),
            "changes": queries.recent_changes(),
            "settings_row": CalendarSettings.load(),
        },
    )


@manage_calendar
@require_http_methods(["GET", "POST"])
def holiday_correct(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(Holiday, pk=pk, is_active=True)
    form = HolidayCorrectionForm(
        request.POST or None, initial={"start": holiday.start, "days": holiday.days}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.correct_holiday(
                holiday,
                start=form.cleaned_data["start"],
                days=form.cleaned_data["days"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(
                request, _("صُحّح التاريخ، وسيعاد حساب المواعيد المفتوحة التي تتأثر به.")
            )
            return redirect_to_year(holiday.start.year)
    return render(request, "core/calendar/holiday_correct.html", {"holiday": holiday, "form": form})


@manage_calendar
@require_http_methods(["GET", "POST"])
def holiday_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(Holiday, pk=pk, is_active=True)
    if request.method == "POST":
        try:
            services.confirm_holiday(holiday, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("أُكّد التاريخ."))
        return redirect_to_year(holiday.start.year)
    return render(request, "core/calendar/holiday_confirm.html", {"holiday": holiday})


@manage_calendar
@require_http_methods(["GET", "POST"])
def holiday_add(request: HttpRequest) -> HttpResponse:
    form = HolidayAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            holiday = services.add_holiday(
                kind=data["kind"],
                name=data["name"],
                start=data["start"],
                days=data["days"],
                actor=request.user,
                reason=data["reason"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("أضيفت الإجازة."))
            return redirect_to_year(holiday.start.year)
    return render(request, "core/calendar/holiday_add.html", {"form": form})


@manage_calendar
@require_http_methods(["GET", "POST"])
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = get_object_or_404(Holiday, pk=pk, is_active=True)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.remove_holiday(holiday, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("أُلغيت الإجازة."))
            return redirect_to_year(holiday.start.year)
    return render(request, "core/calendar/holiday_remove.html", {"holiday": holiday, "form": form})


@manage_calendar
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    row = CalendarSettings.load()
    form = CalendarSettingsForm(
        request.POST or None,
        initial={
            "weekend_days": row.weekend_days,
            "eid_compensation": row.eid_compensation,
            "move_to_working_day": row.calendar_deadline_moves_to_working_day,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_calendar_settings(
                weekend_days=form.cleaned_data["weekend_days"],
                eid_compensation=form.cleaned_data["eid_compensation"],
                move_to_working_day=form.cleaned_data["move_to_working_day"],
                actor=request.user,
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("حُفظت إعدادات التقويم."))
            return redirect("core:holidays")
    return render(request, "core/calendar/settings.html", {"form": form})


def redirect_to_year(year: int) -> HttpResponse:
    response = redirect("core:holidays")
    response["Location"] += f"?year={year}"
    return response
