"""Messaging's screens under /messages/ and the providers' callbacks under /messages/hooks/."""

from django.urls import path

from silah.messaging import views, webhooks

app_name = "messaging"

urlpatterns = [
    path("templates/", views.template_list, name="templates"),
    path("templates/<int:pk>/", views.template_edit, name="template_edit"),
    path("beneficiary/<int:pk>/", views.file_messages, name="file_messages"),
    path("<int:pk>/resend/", views.resend, name="resend"),
    path("work/", views.work, name="work"),
    path("calls/<int:pk>/", views.record_call, name="record_call"),
    path("letters/print/", views.print_batch, name="print_batch"),
    path("letters/batches/<int:pk>/pdf/", views.batch_pdf, name="batch_pdf"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("demo/", views.demo, name="demo"),
    path("hooks/sms/<str:provider>/receipt/", webhooks.sms_receipt, name="sms_receipt"),
    path("hooks/sms/<str:provider>/inbound/", webhooks.sms_inbound, name="sms_inbound"),
    path("hooks/whatsapp/", webhooks.whatsapp, name="whatsapp_hook"),
]
