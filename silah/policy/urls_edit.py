"""URL patterns of the policy app (editing, comparing, printing and approving the policy)."""

from django.urls import path

from silah.policy import views_edit

urlpatterns: list = [
    path("manage/", views_edit.manage, name="manage"),
    path("manage/organization/", views_edit.organization, name="organization"),
    path("manage/organization/logo/", views_edit.organization_logo, name="organization_logo"),
    path("manage/drafts/new/", views_edit.start_draft, name="start_draft"),
    path("manage/drafts/<int:pk>/", views_edit.draft, name="draft"),
    path("manage/drafts/<int:pk>/sections/", views_edit.edit_sections, name="edit_sections"),
    path("manage/drafts/<int:pk>/rules/<str:group>/", views_edit.edit_rules, name="edit_rules"),
    path("manage/drafts/<int:pk>/tools/<int:file_pk>/", views_edit.tool_file, name="tool_file"),
    path("manage/drafts/<int:pk>/compare/", views_edit.compare, name="compare"),
    path("manage/drafts/<int:pk>/print/", views_edit.print_draft, name="print_draft"),
    path("manage/drafts/<int:pk>/approve/", views_edit.approve, name="approve"),
    path("manage/drafts/<int:pk>/discard/", views_edit.discard, name="discard"),
]
