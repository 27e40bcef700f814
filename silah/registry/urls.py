"""The registry's screens, under /beneficiaries/ (no personal data in any path or query)."""

from django.urls import path

from silah.registry import views_edit, views_file, views_household, views_list

app_name = "registry"

urlpatterns: list = [
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
]
