from django.urls import path

from silah.core import views, views_calendar, views_dates

app_name = "core"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("dates/preview/", views_dates.date_preview, name="date_preview"),
    path("worker/check/", views.worker_check, name="worker_check"),
    path("worker/check/<int:pk>/", views.worker_check_status, name="worker_check_status"),
    path("calendar/", views_calendar.holidays, name="holidays"),
    path("calendar/settings/", views_calendar.calendar_settings, name="calendar_settings"),
    path("calendar/holidays/add/", views_calendar.holiday_add, name="holiday_add"),
    path(
        "calendar/holidays/<int:pk>/correct/",
        views_calendar.holiday_correct,
        name="holiday_correct",
    ),
    path(
        "calendar/holidays/<int:pk>/confirm/",
        views_calendar.holiday_confirm,
        name="holiday_confirm",
    ),
    path(
        "calendar/holidays/<int:pk>/remove/", views_calendar.holiday_remove, name="holiday_remove"
    ),
]
