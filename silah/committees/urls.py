"""Committees' screens under /committees/."""

from django.urls import path

from silah.committees import views

app_name = "committees"

urlpatterns = [
    path("", views.committee_list, name="list"),
    path("new/", views.committee_new, name="new"),
    path("<int:pk>/", views.committee_detail, name="committee"),
    path("<int:pk>/edit/", views.committee_edit, name="edit"),
    path("<int:pk>/members/add/", views.member_add, name="member_add"),
    path("<int:pk>/meetings/new/", views.meeting_new, name="meeting_new"),
    path("members/<int:pk>/role/", views.member_role, name="member_role"),
    path("members/<int:pk>/remove/", views.member_remove, name="member_remove"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:pk>/hold/", views.meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/reschedule/", views.meeting_reschedule, name="meeting_reschedule"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/agenda/build/", views.agenda_build, name="agenda_build"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/close/", views.meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_download, name="minutes_pdf"),
    path("items/<int:pk>/votes/", views.item_votes, name="item_votes"),
    path("items/<int:pk>/decide/", views.item_decide, name="item_decide"),
    path("items/<int:pk>/remove/", views.item_remove, name="item_remove"),
    path("my/", views.my_meetings, name="my_meetings"),
    path("my/meetings/<int:pk>/", views.my_meeting, name="my_meeting"),
    path("my/meetings/<int:pk>/approve/", views.my_approve, name="my_approve"),
    path("my/items/<int:pk>/vote/", views.my_vote, name="my_vote"),
]
