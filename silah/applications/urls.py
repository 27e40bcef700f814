"""The request screens under /requests/ (ids in paths, never a personal value)."""

from django.urls import path

from silah.applications import views_field, views_intake, views_queues, views_request

app_name = "applications"

urlpatterns = [
    path("", views_queues.queue_page, name="queues"),
    path("intake/", views_intake.intake, name="intake"),
    path("intake/<int:pk>/", views_intake.intake_submit, name="intake_submit"),
    path("<int:pk>/", views_request.request_page, name="detail"),
    path("<int:pk>/receipt.pdf", views_request.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/decision.pdf", views_request.decision_pdf, name="decision_pdf"),
    path("<int:pk>/deliver/", views_field.deliver, name="deliver"),
    path("<int:pk>/visit/", views_field.visit, name="visit"),
    path("<int:pk>/visit/<slug:action>/", views_field.visit_action, name="visit_action"),
    path("<int:pk>/<slug:action>/", views_request.request_action, name="action"),
    path("visits/", views_field.my_visits, name="my_visits"),
    path("handover/", views_queues.handover, name="handover"),
    path("referrals/", views_queues.referrals, name="referrals"),
    path("referrals/<int:pk>/", views_queues.referral_answer, name="referral_answer"),
    path("beneficiary/<int:pk>/", views_queues.file_tab, name="file_tab"),
    path("beneficiary/<int:pk>/refer/", views_queues.refer_from_file, name="refer_from_file"),
    path("deliveries/", views_queues.deliveries, name="deliveries"),
    path("deliveries/export.xlsx", views_queues.deliveries_export, name="deliveries_export"),
]
