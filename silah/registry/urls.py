"""The registry's screens, under /beneficiaries/ (no personal data in any path or query)."""

from django.urls import path

from silah.registry import views_consent, views_documents

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
]
