"""Administrators see the year's holidays, confirm them, correct them and add closures."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from silah.accounts.factories import UserFactory
from silah.core.models import CalendarSettings, Holiday, HolidayChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(client):
    user = UserFactory(username="calendar_admin")
    user.user_permissions.add(Permission.objects.get(codename="manage_calendar"))
    client.force_login(user)
    return user


@pytest.fixture
def eid_al_adha_2027():
    return Holiday.objects.get(kind="eid_al_adha", start__year=2027)


def test_the_year_page_lists_eids_with_their_compensation_days(client, admin):
    page = client.get(reverse("core:holidays") + "?year=2026").content.decode()
    assert "عيد الفطر" in page
    assert "تعويضي" in page
    assert "1447" in page  # Hijri dates beside the Gregorian ones


def test_staff_without_the_permission_get_403(client):
    client.force_login(UserFactory(username="front_desk"))
    assert client.get(reverse("core:holidays")).status_code == 403


def test_an_unreadable_year_shows_the_current_year(client, admin):
    assert client.get(reverse("core:holidays") + "?year=abc").status_code == 200


def test_confirming_an_estimated_eid_records_who_confirmed_it(client, admin, eid_al_adha_2027):
    response = client.post(reverse("core:holiday_confirm", args=[eid_al_adha_2027.pk]))
    assert response.status_code == 302
    eid_al_adha_2027.refresh_from_db()
    assert eid_al_adha_2027.status == Holiday.Status.CONFIRMED
    assert eid_al_adha_2027.confirmed_by == admin
    assert HolidayChange.objects.get(action="confirmed").actor == admin


def test_correcting_an_eid_in_hijri_records_old_and_new_dates(client, admin, eid_al_adha_2027):
    old_start = eid_al_adha_2027.start
    # The announcement is typed in Hijri: 10 Dhu al-Hijjah 1448 is 16 May 2027.
    response = client.post(
        reverse("core:holiday_correct", args=[eid_al_adha_2027.pk]),
        {"start": "1448/12/10", "days": 4, "reason": "إعلان المحكمة العليا"},
    )
    assert response.status_code == 302
    change = HolidayChange.objects.get(action="corrected")
    assert change.old_start == old_start
    assert change.new_start == date(2027, 5, 16)
    assert change.actor == admin


def test_an_impossible_hijri_date_is_a_field_error_and_changes_nothing(
    client, admin, eid_al_adha_2027
):
    version = CalendarSettings.load().version
    response = client.post(
        reverse("core:holiday_correct", args=[eid_al_adha_2027.pk]),
        {"start": "1448/13/40", "days": 4},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["start"]
    eid_al_adha_2027.refresh_from_db()
    assert eid_al_adha_2027.start == date(2027, 5, 15)
    assert not HolidayChange.objects.exists()
    assert CalendarSettings.load().version == version


def test_an_eid_is_always_four_days(client, admin, eid_al_adha_2027):
    response = client.post(
        reverse("core:holiday_correct", args=[eid_al_adha_2027.pk]),
        {"start": "2027-05-16", "days": 3},
    )
    assert "أربعة أيام" in response.context["form"].errors["days"][0]
    assert not HolidayChange.objects.exists()


def test_adding_a_closure_makes_its_days_off(client, admin):
    response = client.post(
        reverse("core:holiday_add"),
        {"kind": "closure", "name": "الجرد السنوي", "start": "٢٠٢٦/٠٤/٠٥", "days": "2"},
    )
    assert response.status_code == 302
    from silah.core.workdays import get_calendar

    assert not get_calendar().is_working_day(date(2026, 4, 6))


def test_adding_a_holiday_without_a_name_is_a_field_error(client, admin):
    response = client.post(
        reverse("core:holiday_add"),
        {"kind": "closure", "name": "", "start": "2026-04-05", "days": "1"},
    )
    assert response.context["form"].errors["name"]
    assert not Holiday.objects.filter(kind="closure").exists()


def test_an_eid_cannot_be_removed(client, admin, eid_al_adha_2027):
    client.post(reverse("core:holiday_remove", args=[eid_al_adha_2027.pk]), {"reason": "x"})
    eid_al_adha_2027.refresh_from_db()
    assert eid_al_adha_2027.is_active
    assert not HolidayChange.objects.exists()


def test_removing_a_closure_makes_its_days_working_days_again(client, admin):
    from silah.core.services import add_holiday
    from silah.core.workdays import get_calendar

    closure = add_holiday(kind="closure", name="صيانة", start=date(2026, 4, 5), days=1, actor=admin)
    client.post(reverse("core:holiday_remove", args=[closure.pk]), {"reason": "أُلغيت الصيانة"})
    assert get_calendar().is_working_day(date(2026, 4, 5))


def test_the_work_week_can_be_changed(client, admin):
    response = client.post(
        reverse("core:calendar_settings"),
        {"weekend_days": ["4"], "eid_compensation": "before", "move_to_working_day": "on"},
    )
    assert response.status_code == 302
    row = CalendarSettings.load()
    assert row.weekend_days == [4]
    assert row.eid_compensation == "before"


def test_a_work_week_without_a_weekend_is_refused(client, admin):
    response = client.post(reverse("core:calendar_settings"), {"eid_compensation": "after"})
    assert response.context["form"].errors["weekend_days"]
    assert CalendarSettings.load().weekend_days == [4, 5]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(reverse("core:holidays"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
