"""The catalogue's screens under /services/: the public catalogue (no login), the staff
catalogue, programmes."""

from django.urls import path

from silah.services import views_catalogue, views_programmes, views_public

app_name = "services"

urlpatterns = [
    # Public: no login, no acknowledgement (apps.PUBLIC_URL_NAMES).
    path("catalogue/", views_public.public_catalogue, name="public_catalogue"),
    path("catalogue/<slug:code>/", views_public.public_service, name="public_service"),
    # Staff catalogue.
    path("", views_catalogue.catalogue, name="catalogue"),
    path("new/", views_catalogue.service_new, name="service_new"),
    path("<int:pk>/", views_catalogue.service_edit, name="service_edit"),
    path("<int:pk>/deactivate/", views_catalogue.service_deactivate, name="service_deactivate"),
    path("<int:pk>/reactivate/", views_catalogue.service_reactivate, name="service_reactivate"),
    # Programmes.
    path("programmes/", views_programmes.programme_list, name="programmes"),
    path("programmes/new/", views_programmes.programme_new, name="programme_new"),
    path("programmes/<int:pk>/", views_programmes.programme_detail, name="programme"),
    path("programmes/<int:pk>/edit/", views_programmes.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/enroll/", views_programmes.programme_enroll, name="enroll"),
    path("programmes/<int:pk>/sessions/", views_programmes.session_new, name="session_new"),
    path("enrollments/<int:pk>/", views_programmes.enrollment_action, name="enrollment_action"),
    path("sessions/<int:pk>/", views_programmes.attendance_sheet, name="attendance"),
    path("sessions/<int:pk>/remove/", views_programmes.session_remove, name="session_remove"),
]
