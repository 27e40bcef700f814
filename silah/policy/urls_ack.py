"""URL patterns of the policy app (staff acknowledgements)."""

from django.urls import path

from silah.policy import views_ack

urlpatterns: list = [
    path("acknowledge/", views_ack.acknowledge, name="acknowledge"),
    path("acknowledgements/", views_ack.acknowledgements, name="acknowledgements"),
    path("acknowledgements/remind/", views_ack.remind, name="remind"),
]
