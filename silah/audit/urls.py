from django.urls import path

from silah.audit import views

app_name = "audit"

urlpatterns = [
    path(
        "<str:app_label>/<str:model>/<str:object_id>/",
        views.record_history,
        name="record_history",
    ),
]
