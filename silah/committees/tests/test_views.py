"""The screens, through the test client: who may open what (403/404), the secretary's and a
member's meeting pages, and bad POSTs answered without a 500."""

import datetime as dt

import pytest
from django.urls import reverse

from silah.accounts.factories import UserFactory
from silah.committees import services
from silah.committees.factories import MEETING_DAY, held_meeting, seated_committee
from silah.committees.models import AgendaItem, Committee, Meeting, MinutesApproval, Outcome, Vote
from silah.committees.tests.util import row_counts
from silah.registry.factories import BeneficiaryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seated():
    return seated_committee(members=2, quorum=3, name="لجنة البحث")


@pytest.fixture
def manager():
    return UserFactory(roles=["manager"])


def _client(client, user):
    client.force_login(user)
    return client


# -- committees list and edit ----------------------------------------------------------------


def test_manager_sees_the_committees_list(client, manager, seated):
    response = _client(client, manager).get(reverse("committees:list"))
    assert response.status_code == 200
    assert "لجنة البحث" in response.text


@pytest.mark.parametrize("role", ["committee_member", "relations_officer", "social_researcher"])
def test_others_get_403_on_the_committees_list(client, role):
    response = _client(client, UserFactory(roles=[role])).get(reverse("committees:list"))
    assert response.status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("committees:list"))
    assert response.status_code == 302 and "login" in response.url


def test_manager_creates_a_committee_through_the_form(client, manager):
    response = _client(client, manager).post(
        reverse("committees:new"), {"name": "اللجنة المختصة", "kind": "competent", "quorum": "3"}
    )
    committee = Committee.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("committees:committee", args=[committee.pk])


def test_a_bad_committee_form_shows_its_errors(client, manager):
    response = _client(client, manager).post(
        reverse("committees:new"), {"name": "", "kind": "nope", "quorum": "0"}
    )
    assert response.status_code == 200
    assert "اكتب اسم اللجنة." in response.text
    assert not Committee.objects.exists()


def test_stopping_a_committee_with_an_open_meeting_is_shown_at_the_field(client, manager, seated):
    services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.secretary)
    response = _client(client, manager).post(
        reverse("committees:edit", args=[seated.committee.pk]),
        {"name": "لجنة البحث", "kind": "research", "quorum": "3"},
    )
    assert response.status_code == 200
    assert "اجتماعات لم تُغلق" in response.text
    assert Committee.objects.get(pk=seated.committee.pk).is_active


def test_a_member_cannot_edit_the_committee(client, seated):
    response = _client(client, seated.chair).get(
        reverse("committees:edit", args=[seated.committee.pk])
    )
    assert response.status_code == 403


# -- a committee's page and membership -------------------------------------------------------


def test_a_member_opens_their_committees_page(client, seated):
    response = _client(client, seated.members[0]).get(
        reverse("committees:committee", args=[seated.committee.pk])
    )
    assert response.status_code == 200
    assert "إضافة عضو" not in response.text


def test_a_member_of_another_committee_gets_404(client, seated):
    outsider = seated_committee().members[0]
    response = _client(client, outsider).get(
        reverse("committees:committee", args=[seated.committee.pk])
    )
    assert response.status_code == 404


def test_manager_adds_a_member(client, manager, seated):
    user = UserFactory(roles=["committee_member"])
    response = _client(client, manager).post(
        reverse("committees:member_add", args=[seated.committee.pk]),
        {"user": user.pk, "role": "member"},
    )
    assert response.status_code == 302
    assert seated.committee.members.filter(user=user, is_active=True).exists()


def test_a_second_chair_is_refused_at_the_role_field(client, manager, seated):
    before = row_counts()
    response = _client(client, manager).post(
        reverse("committees:member_add", args=[seated.committee.pk]),
        {"user": UserFactory().pk, "role": "chair"},
    )
    assert response.status_code == 400
    assert "رئيس" in response.text
    assert row_counts() == before


def test_a_member_cannot_add_members(client, seated):
    response = _client(client, seated.chair).post(
        reverse("committees:member_add", args=[seated.committee.pk]),
        {"user": UserFactory().pk, "role": "member"},
    )
    assert response.status_code == 403


def test_manager_hands_the_chair_over(client, manager, seated):
    membership = seated.committee.members.get(user=seated.members[0])
    _client(client, manager).post(
        reverse("committees:member_role", args=[membership.pk]), {"role": "chair"}
    )
    membership.refresh_from_db()
    assert membership.role == "chair"


def test_a_bad_role_is_refused_without_a_500(client, manager, seated):
    membership = seated.committee.members.get(user=seated.members[0])
    response = _client(client, manager).post(
        reverse("committees:member_role", args=[membership.pk]), {"role": "king"}
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == "member"


def test_manager_ends_a_membership(client, manager, seated):
    membership = seated.committee.members.get(user=seated.members[0])
    _client(client, manager).post(reverse("committees:member_remove", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active


def test_the_secretary_schedules_a_meeting_in_hijri(client, seated):
    response = _client(client, seated.secretary).post(
        reverse("committees:meeting_new", args=[seated.committee.pk]),
        {"held_on": "1448/02/02", "place": "مقر الجمعية"},
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.held_on == MEETING_DAY and meeting.reference == "1/1448"


def test_an_unreadable_meeting_date_is_shown_at_the_field(client, seated):
    response = _client(client, seated.secretary).post(
        reverse("committees:meeting_new", args=[seated.committee.pk]), {"held_on": "غدًا"}
    )
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_a_plain_member_cannot_schedule(client, seated):
    response = _client(client, seated.members[0]).post(
        reverse("committees:meeting_new", args=[seated.committee.pk]), {"held_on": "1448/02/02"}
    )
    assert response.status_code == 403


# -- the secretary's meeting page ------------------------------------------------------------


def test_the_secretary_runs_a_meeting_from_agenda_to_minutes(client, seated, stand_in):
    file = BeneficiaryFactory()
    meeting = services.schedule_meeting(
        seated.committee, held_on=MEETING_DAY, actor=seated.secretary
    )
    c = _client(client, seated.secretary)
    assert c.get(reverse("committees:meeting", args=[meeting.pk])).status_code == 200
    c.post(reverse("committees:agenda_build", args=[meeting.pk]))
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.subject == file
    c.post(reverse("committees:meeting_hold", args=[meeting.pk]))
    present = [seated.chair.pk, seated.secretary.pk, seated.members[0].pk]
    c.post(reverse("committees:attendance", args=[meeting.pk]), {"present": present})
    page = c.get(reverse("committees:meeting", args=[meeting.pk]))
    assert "النصاب مكتمل" in page.text
    assert "توصية الباحث" in page.text
    c.post(
        reverse("committees:item_votes", args=[item.pk]),
        {f"votes-{item.pk}-vote_{pk}": "approve" for pk in present},
    )
    assert Vote.objects.filter(item=item, choice="approve").count() == 3
    c.post(
        reverse("committees:item_decide", args=[item.pk]), {f"decide-{item.pk}-outcome": "approved"}
    )
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.APPROVED
    c.post(reverse("committees:meeting_close", args=[meeting.pk]))
    assert Meeting.objects.get(pk=meeting.pk).state == "closed"
    pdf = c.get(reverse("committees:minutes_pdf", args=[meeting.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_decision_without_quorum_is_shown_on_the_page(client, seated, stand_in):
    meeting = held_meeting(seated, present=[seated.chair])
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    before = row_counts()
    response = _client(client, seated.secretary).post(
        reverse("committees:item_decide", args=[item.pk]), {f"decide-{item.pk}-outcome": "approved"}
    )
    assert response.status_code == 400
    assert "لم يكتمل النصاب" in response.text
    assert row_counts() == before


def test_a_rejection_without_reason_is_shown_at_the_reason(client, seated, stand_in):
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    response = _client(client, seated.secretary).post(
        reverse("committees:item_decide", args=[item.pk]), {f"decide-{item.pk}-outcome": "rejected"}
    )
    assert response.status_code == 400
    assert f'id="id_decide-{item.pk}-reason_error"' in response.text


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"present": ["x"]},
        {"present": ["999999"]},
    ],
)
def test_bad_attendance_posts_do_not_fail(client, seated, data):
    meeting = held_meeting(seated, present=[])
    before = row_counts()
    response = _client(client, seated.secretary).post(
        reverse("committees:attendance", args=[meeting.pk]), data
    )
    assert response.status_code in (302, 400)
    if data:
        assert row_counts() == before


def test_bad_votes_and_decisions_do_not_fail(client, seated, stand_in):
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    c = _client(client, seated.secretary)
    before = row_counts()
    for url, data in [
        (
            reverse("committees:item_votes", args=[item.pk]),
            {f"votes-{item.pk}-vote_{seated.chair.pk}": "yes"},
        ),
        (reverse("committees:item_decide", args=[item.pk]), {f"decide-{item.pk}-outcome": "x"}),
        (reverse("committees:item_decide", args=[item.pk]), {}),
    ]:
        assert c.post(url, data).status_code == 400
    assert c.post(reverse("committees:item_decide", args=[999999]), {}).status_code == 404
    assert row_counts() == before


def test_a_plain_member_gets_403_on_the_secretarys_page(client, seated):
    meeting = held_meeting(seated)
    c = _client(client, seated.members[0])
    assert c.get(reverse("committees:meeting", args=[meeting.pk])).status_code == 403
    assert c.post(reverse("committees:meeting_close", args=[meeting.pk])).status_code == 403


def test_someone_outside_the_committee_gets_404_on_the_meeting(client, seated):
    meeting = held_meeting(seated)
    c = _client(client, UserFactory(roles=["committee_member"]))
    assert c.get(reverse("committees:meeting", args=[meeting.pk])).status_code == 404
    assert c.get(reverse("committees:my_meeting", args=[meeting.pk])).status_code == 404
    assert c.get(reverse("committees:minutes_pdf", args=[meeting.pk])).status_code == 404


def test_a_manager_reads_the_meeting_page_without_its_controls(client, manager, seated):
    meeting = held_meeting(seated)
    response = _client(client, manager).get(reverse("committees:meeting", args=[meeting.pk]))
    assert response.status_code == 200
    assert "حفظ الحضور" not in response.text


def test_the_minutes_of_an_open_meeting_are_404(client, seated):
    meeting = held_meeting(seated)
    response = _client(client, seated.secretary).get(
        reverse("committees:minutes_pdf", args=[meeting.pk])
    )
    assert response.status_code == 404


# -- a member's own meetings -----------------------------------------------------------------


def test_a_member_lists_their_meetings(client, seated):
    meeting = held_meeting(seated)
    response = _client(client, seated.members[0]).get(reverse("committees:my_meetings"))
    assert response.status_code == 200
    assert meeting.reference in response.text


def test_a_member_votes_and_approves_the_minutes(client, seated, stand_in):
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    member = seated.members[0]
    c = _client(client, member)
    page = c.get(reverse("committees:my_meeting", args=[meeting.pk]))
    assert page.status_code == 200 and "تسجيل صوتي" in page.text
    c.post(
        reverse("committees:my_vote", args=[item.pk]),
        {f"vote-{item.pk}-choice": "reject", f"vote-{item.pk}-note": "الدخل كافٍ"},
    )
    vote = Vote.objects.get(item=item, member=member)
    assert (vote.choice, vote.note) == ("reject", "الدخل كافٍ")
    services.decide_item(item, outcome="rejected", reason="الدخل كافٍ", actor=seated.chair)
    services.close_meeting(meeting, actor=seated.secretary)
    c.post(reverse("committees:my_approve", args=[meeting.pk]))
    assert MinutesApproval.objects.filter(member=member).exists()
    assert "اعتمدت هذا المحضر" in c.get(reverse("committees:my_meeting", args=[meeting.pk])).text


def test_an_absent_member_cannot_vote_through_the_page(client, seated, stand_in):
    meeting = held_meeting(seated, present=[seated.chair, seated.secretary, seated.members[0]])
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    before = row_counts()
    response = _client(client, seated.members[1]).post(
        reverse("committees:my_vote", args=[item.pk]), {f"vote-{item.pk}-choice": "approve"}
    )
    assert response.status_code == 400
    assert row_counts() == before


def test_a_member_cannot_vote_on_another_committees_item(client, seated, stand_in):
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    outsider = seated_committee().members[0]
    response = _client(client, outsider).post(
        reverse("committees:my_vote", args=[item.pk]), {f"vote-{item.pk}-choice": "approve"}
    )
    assert response.status_code == 404


def test_a_bad_vote_post_does_not_fail(client, seated, stand_in):
    meeting = held_meeting(seated)
    item = services.add_to_agenda(meeting, BeneficiaryFactory(), actor=seated.secretary)
    response = _client(client, seated.members[0]).post(
        reverse("committees:my_vote", args=[item.pk]), {f"vote-{item.pk}-choice": "<b>"}
    )
    assert response.status_code == 400
    assert not Vote.objects.exists()


def test_approving_open_minutes_is_refused_with_a_message(client, seated):
    meeting = held_meeting(seated)
    before = row_counts()
    response = _client(client, seated.members[0]).post(
        reverse("committees:my_approve", args=[meeting.pk]), follow=True
    )
    assert response.status_code == 200
    assert "لم يُغلق الاجتماع بعد" in response.text
    assert row_counts() == before


def test_navigation_shows_committees_to_managers_and_meetings_to_members(client, manager, seated):
    page = _client(client, manager).get(reverse("committees:list"))
    assert reverse("committees:list") in page.text
    client.logout()
    page = _client(client, seated.members[0]).get(reverse("committees:my_meetings"))
    assert reverse("committees:my_meetings") in page.text
    assert f'href="{reverse("committees:list")}"' not in page.text


# -- moving or cancelling a planned meeting ----------------------------------------------------


def _scheduled(seated):
    return services.schedule_meeting(seated.committee, held_on=MEETING_DAY, actor=seated.secretary)


def test_the_secretary_moves_a_meeting_from_its_page(client, seated):
    meeting = _scheduled(seated)
    c = _client(client, seated.secretary)
    page = c.get(reverse("committees:meeting", args=[meeting.pk])).text
    assert "تغيير الموعد" in page and "إلغاء الاجتماع" in page
    response = c.post(
        reverse("committees:meeting_reschedule", args=[meeting.pk]),
        {"reschedule-held_on": "1448/02/05", "reschedule-place": "مقر الفرع"},
    )
    meeting.refresh_from_db()
    assert response.status_code == 302
    assert (meeting.held_on, meeting.place) == (
        MEETING_DAY + dt.timedelta(days=3),
        "مقر الفرع",
    )


def test_an_unreadable_new_date_is_shown_at_the_field_and_changes_nothing(client, seated):
    meeting = _scheduled(seated)
    before = row_counts()
    response = _client(client, seated.secretary).post(
        reverse("committees:meeting_reschedule", args=[meeting.pk]), {"reschedule-held_on": "غدًا"}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    meeting.refresh_from_db()
    assert meeting.held_on == MEETING_DAY and row_counts() == before


def test_cancelling_without_a_reason_is_shown_at_the_field(client, seated):
    meeting = _scheduled(seated)
    response = _client(client, seated.secretary).post(
        reverse("committees:meeting_cancel", args=[meeting.pk]), {"cancel-reason": ""}
    )
    assert response.status_code == 400
    assert "اكتب سبب الإلغاء" in response.text
    meeting.refresh_from_db()
    assert meeting.state == "planned"


def test_the_secretary_cancels_a_meeting_and_its_page_says_why(client, seated):
    meeting = _scheduled(seated)
    c = _client(client, seated.secretary)
    response = c.post(
        reverse("committees:meeting_cancel", args=[meeting.pk]),
        {"cancel-reason": "تعذر اكتمال النصاب"},
    )
    assert response.status_code == 302
    page = c.get(reverse("committees:meeting", args=[meeting.pk])).text
    assert "ملغى" in page and "تعذر اكتمال النصاب" in page
    assert "بدء الاجتماع" not in page


def test_a_plain_member_cannot_cancel_a_meeting(client, seated):
    meeting = _scheduled(seated)
    response = _client(client, seated.members[0]).post(
        reverse("committees:meeting_cancel", args=[meeting.pk]), {"cancel-reason": "سبب"}
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.state == "planned"
