"""The registry's screens, under /beneficiaries/ (no personal data in any path or query)."""

from django.urls import path

from silah.registry import (
    views_consent,
    views_documents,
    views_duplicates,
    views_edit,
    views_file,
    views_household,
    views_import,
    views_list,
    views_privacy,
)

app_name = "registry"

urlpatterns: list = [
    # Documents: the URL of a file carries the beneficiary's pk and the document's own UUID.
    path("<int:pk>/documents/", views_documents.documents, name="documents"),
    path("<int:pk>/documents/<uuid:uid>/", views_documents.document_file, name="document_file"),
    path(
        "<int:pk>/documents/<uuid:uid>/replace/",
        views_documents.document_replace,
        name="document_replace",
    ),
    path(
        "<int:pk>/documents/<uuid:uid>/delete/",
        views_documents.document_delete,
        name="document_delete",
    ),
    # Consent and the data-correctness attestation.
    path("<int:pk>/consent/", views_consent.consent, name="consent"),
    path("<int:pk>/consent/change/", views_consent.consent_change, name="consent_change"),
    path("<int:pk>/consent/attest/", views_consent.attest_on_screen, name="attest_on_screen"),
    path("<int:pk>/consent/attest/paper/", views_consent.attest_on_paper, name="attest_on_paper"),
    path(
        "<int:pk>/consent/attestation.pdf",
        views_consent.attestation_form_pdf,
        name="attestation_pdf",
    ),
    # Personal data protection (PDPL): views_privacy.
    path("privacy/requests/", views_privacy.request_list, name="privacy_requests"),
    path("privacy/requests/new/", views_privacy.request_new, name="privacy_request_new"),
    path("privacy/requests/<int:pk>/", views_privacy.request_detail, name="privacy_request"),
    path(
        "privacy/requests/<int:pk>/start/",
        views_privacy.request_start,
        name="privacy_request_start",
    ),
    path("privacy/requests/<int:pk>/copy/", views_privacy.request_copy, name="privacy_copy"),
    path(
        "privacy/requests/<int:pk>/copy.pdf",
        views_privacy.request_copy,
        {"fmt": "pdf"},
        name="privacy_copy_pdf",
    ),
    path(
        "privacy/requests/<int:pk>/copy.json",
        views_privacy.request_copy,
        {"fmt": "json"},
        name="privacy_copy_json",
    ),
    path(
        "privacy/requests/<int:pk>/destroy/",
        views_privacy.request_destroy,
        name="privacy_destroy",
    ),
    path(
        "privacy/requests/<int:pk>/<slug:action>/",
        views_privacy.request_action,
        name="privacy_request_action",
    ),
    path("privacy/retention/", views_privacy.retention_page, name="privacy_retention"),
    path("privacy/retention/hold/", views_privacy.retention_hold, name="privacy_hold"),
    path(
        "privacy/retention/holds/<int:pk>/release/",
        views_privacy.retention_release,
        name="privacy_release",
    ),
    path("privacy/breaches/", views_privacy.breach_list, name="privacy_breaches"),
    path("privacy/breaches/new/", views_privacy.breach_new, name="privacy_breach_new"),
    path("privacy/breaches/<int:pk>/", views_privacy.breach_detail, name="privacy_breach"),
    path(
        "privacy/breaches/<int:pk>/notify/<slug:who>/",
        views_privacy.breach_notify,
        name="privacy_breach_notify",
    ),
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
    path("", views_list.beneficiary_list, name="list"),
    path("export/", views_list.export, name="export"),
    path("new/", views_edit.create, name="create"),
    path("<int:pk>/", views_file.personal, name="file"),
    path("<int:pk>/household/", views_file.household, name="household"),
    path("<int:pk>/history/", views_file.history, name="history"),
    path("<int:pk>/edit/", views_edit.edit, name="edit"),
    path("<int:pk>/status/", views_edit.change_status, name="change_status"),
    path("<int:pk>/household/new/", views_household.create_household, name="household_create"),
    path("<int:pk>/household/members/add/", views_household.add_member, name="member_add"),
    path(
        "<int:pk>/household/members/new/",
        views_household.register_member,
        name="member_register",
    ),
    path("<int:pk>/household/move/", views_household.move, name="member_move"),
    path("<int:pk>/household/housing/", views_household.housing, name="housing"),
    path("<int:pk>/household/incomes/", views_household.incomes, name="incomes"),
    path("<int:pk>/household/obligations/", views_household.obligations, name="obligations"),
    path("import/", views_import.upload, name="import_upload"),
    path("import/template.xlsx", views_import.template, name="import_template"),
    path("import/<int:pk>/", views_import.batch, name="import_batch"),
    path("import/<int:pk>/progress/", views_import.progress, name="import_progress"),
    path("import/<int:pk>/mapping/", views_import.mapping, name="import_mapping"),
    path("import/<int:pk>/run/", views_import.run, name="import_run"),
    path("import/<int:pk>/cancel/", views_import.cancel, name="import_cancel"),
    path("import/<int:pk>/report.csv", views_import.report, name="import_report"),
]
