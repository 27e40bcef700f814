"""The registry's screens, under /beneficiaries/ (no personal data in any path or query)."""

from django.urls import path

from silah.registry import views_import

app_name = "registry"

urlpatterns: list = [
    path("import/", views_import.upload, name="import_upload"),
    path("import/template.xlsx", views_import.template, name="import_template"),
    path("import/<int:pk>/", views_import.batch, name="import_batch"),
    path("import/<int:pk>/progress/", views_import.progress, name="import_progress"),
    path("import/<int:pk>/mapping/", views_import.mapping, name="import_mapping"),
    path("import/<int:pk>/run/", views_import.run, name="import_run"),
    path("import/<int:pk>/cancel/", views_import.cancel, name="import_cancel"),
    path("import/<int:pk>/report.csv", views_import.report, name="import_report"),
]
