"""The registry's screens, under /beneficiaries/ (no personal data in any path or query)."""

from django.urls import path

from silah.registry import views_duplicates

app_name = "registry"

urlpatterns: list = [
    path("duplicates/", views_duplicates.queue, name="duplicates"),
    path("duplicates/<int:pk>/", views_duplicates.compare, name="duplicate_compare"),
    path("duplicates/<int:pk>/merge/", views_duplicates.merge_files, name="duplicate_merge"),
    path(
        "duplicates/<int:pk>/different/",
        views_duplicates.mark_different,
        name="duplicate_different",
    ),
    path("duplicates/scan/", views_duplicates.scan_start, name="duplicate_scan_start"),
    path("duplicates/scan/<int:pk>/", views_duplicates.scan_status, name="duplicate_scan"),
    path("duplicates/export.<str:kind>", views_duplicates.export, name="duplicates_export"),
]
