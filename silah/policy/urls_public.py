"""URL patterns of the policy app (public pages: no login, the policy is published)."""

from django.urls import path

from silah.policy import views_public

urlpatterns: list = [
    path("", views_public.published, name="published"),
    path("pdf/", views_public.published_pdf, name="published_pdf"),
    path("versions/<int:number>/", views_public.version, name="version"),
    path("versions/<int:number>/pdf/", views_public.version_pdf, name="version_pdf"),
]
