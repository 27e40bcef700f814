"""The administrator records the board's approval: resolution number, meeting and date in
either calendar, confirmed once the date is shown in both; the draft comes into force, the
previous version is superseded, and the dashboard shows versions due for review."""

from datetime import date

import pytest
from django.test import RequestFactory
from django.urls import reverse

from silah.accounts.factories import UserFactory
from silah.core import navigation
from silah.policy import cards_edit, services
from silah.policy.models import PolicyVersion

pytestmark = pytest.mark.django_db


def _url(version):
    return reverse("policy:approve", args=[version.pk])


def _form(**overrides):
    data = {
        "resolution_number": "2026/1",
        "meeting": "الدورة الأولى، الجلسة الأولى لعام 2026",
        "approved_on": "2026/01/31",
        "next_review_on": "",
    }
    data.update(overrides)
    return data


def _snapshot():
    return list(
        PolicyVersion.objects.order_by("pk").values(
            "pk", "status", "resolution_number", "approved_on", "superseded_on", "next_review_on"
        )
    )


def test_the_approval_page_says_what_will_happen(client, draft, in_force):
    html = client.get(_url(draft)).content.decode()
    assert f"يصبح الإصدار النافذ الآن (رقم <bdi>{in_force.number}</bdi>) سابقًا" in html
    assert "يُطلب من كل موظف قراءة الإصدار الجديد والإقرار به" in html
    assert "بعد 12 شهرًا من تاريخ الاعتماد" in html


def test_the_first_submission_shows_the_date_in_both_calendars_and_saves_nothing(client, draft):
    before = _snapshot()
    response = client.post(_url(draft), _form(approved_on="1445/09/24هـ"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "تأكيد اعتماد المسودة" in html
    assert "رمضان" in html and "أبريل" in html and "2024" in html
    assert 'name="confirmed" value="yes"' in html
    assert _snapshot() == before


def test_confirming_puts_the_draft_in_force_and_supersedes_the_old_version(client, draft, in_force):
    response = client.post(_url(draft), {**_form(), "confirmed": "yes"})
    assert response.status_code == 302
    draft.refresh_from_db()
    in_force.refresh_from_db()
    assert draft.status == PolicyVersion.Status.APPROVED
    assert draft.resolution_number == "2026/1"
    assert draft.meeting == "الدورة الأولى، الجلسة الأولى لعام 2026"
    assert draft.approved_on == date(2026, 1, 31)
    assert draft.next_review_on == date(2027, 1, 31)
    assert in_force.status == PolicyVersion.Status.SUPERSEDED
    assert in_force.superseded_on == date(2026, 1, 31)


def test_an_approval_date_typed_in_hijri_is_stored_as_its_gregorian_date(client, in_force, admin):
    """Seed 000: 24 Ramadan 1445 is 3 April 2024 (its Gregorian date in the seed disagrees)."""
    in_force.approved_on = date(2023, 1, 1)
    in_force.save()
    draft = services.start_draft(in_force.organization, actor=admin)
    client.post(_url(draft), {**_form(approved_on="1445/09/24هـ"), "confirmed": "yes"})
    draft.refresh_from_db()
    assert draft.approved_on == date(2024, 4, 3)


def test_a_next_review_date_given_is_kept(client, draft):
    client.post(_url(draft), {**_form(next_review_on="2028/01/31"), "confirmed": "yes"})
    draft.refresh_from_db()
    assert draft.next_review_on == date(2028, 1, 31)


def test_approving_with_no_resolution_number_is_a_field_error_and_changes_nothing(client, draft):
    before = _snapshot()
    response = client.post(_url(draft), {**_form(resolution_number=" "), "confirmed": "yes"})
    assert response.status_code == 200
    assert response.context["form"].errors["resolution_number"] == ["اكتب رقم قرار مجلس الإدارة."]
    assert _snapshot() == before


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("approved_on", "", "اكتب تاريخ اعتماد المجلس."),
        ("approved_on", "2070/01/01", "لا يكون في المستقبل"),
        ("approved_on", "أمس", ""),
        ("next_review_on", "2025/01/01", "بعد تاريخ الاعتماد"),
    ],
)
def test_a_bad_date_is_shown_at_its_field_and_changes_nothing(client, draft, field, value, message):
    before = _snapshot()
    response = client.post(_url(draft), {**_form(**{field: value}), "confirmed": "yes"})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert _snapshot() == before


def test_a_date_older_than_the_version_in_force_is_refused_by_the_service(client, draft):
    before = _snapshot()
    response = client.post(_url(draft), {**_form(approved_on="2020/01/01"), "confirmed": "yes"})
    assert response.status_code == 200
    assert "أقدم من تاريخ اعتماد الإصدار النافذ" in " ".join(
        response.context["form"].errors["approved_on"]
    )
    assert _snapshot() == before


def test_going_back_from_the_confirmation_keeps_what_was_typed(client, draft):
    before = _snapshot()
    response = client.post(_url(draft), {**_form(), "confirmed": "yes", "edit": "1"})
    assert response.status_code == 200
    assert response.context["form"]["resolution_number"].value() == "2026/1"
    assert "متابعة إلى التأكيد" in response.content.decode()
    assert _snapshot() == before


def test_an_approved_version_cannot_be_approved_again(client, in_force):
    before = _snapshot()
    response = client.post(_url(in_force), {**_form(), "confirmed": "yes"})
    assert response.status_code == 302
    assert _snapshot() == before


# -- the dashboard and the navigation ---------------------------------------------------------


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_review_card_counts_the_versions_due(admin, in_force):
    card = cards_edit.review_card(_request(admin))
    assert card.value == 1  # the factory's version was due on 2025-04-03
    assert card.tone == "warning"
    assert "تجاوز موعد مراجعته" in card.items[0][1]


def test_the_review_card_is_quiet_when_nothing_is_due(admin, in_force):
    in_force.next_review_on = date(2099, 1, 1)
    in_force.save()
    card = cards_edit.review_card(_request(admin))
    assert card.value == 0 and card.tone == "success"


def test_board_members_see_the_review_card_and_other_staff_do_not(in_force):
    board = UserFactory(username="approve_board", roles=["board_member"])
    officer = UserFactory(username="approve_officer", roles=["relations_officer"])
    assert cards_edit.review_card(_request(board)) is not None
    assert cards_edit.review_card(_request(officer)) is None


def test_the_policy_entry_is_in_the_navigation_of_those_who_read_drafts(in_force):
    cards_edit.register()
    cards_edit.register()  # twice is harmless
    board = UserFactory(username="nav_board", roles=["board_member"])
    officer = UserFactory(username="nav_officer", roles=["relations_officer"])
    url = reverse("policy:manage")
    assert url in [item["url"] for item in navigation.items_for(_request(board))]
    assert url not in [item["url"] for item in navigation.items_for(_request(officer))]
