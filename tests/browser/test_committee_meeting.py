"""A committee meeting on phone-sized screens: the secretary builds the agenda from the waiting
subjects, starts the meeting, records attendance and the votes, decides, closes; a member
votes on their own page and approves the minutes. No page scrolls sideways at 360 px.

The subject is a stand-in kind (the registry's Beneficiary), registered for this test only:
requests register their own kind from the applications app.
"""

import pytest
from django.db.models import QuerySet

from silah.committees import subjects
from silah.committees.factories import MEETING_DAY, seated_committee
from silah.committees.models import AgendaItem, MeetingState, MinutesApproval, Outcome, Vote
from silah.committees.services import schedule_meeting
from silah.registry.factories import BeneficiaryFactory
from silah.registry.models import Beneficiary
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def stand_in_kind():
    saved = subjects.snapshot()

    def waiting(committee) -> QuerySet:
        decided = AgendaItem.objects.exclude(outcome__in=["pending", "deferred"])
        return Beneficiary.objects.exclude(pk__in=decided.values("object_id")).order_by("pk")

    subjects.register(
        subjects.SubjectKind(
            model_label="registry.beneficiary",
            label="طلب",
            waiting=waiting,
            summary=lambda file: f"مساعدة مالية — {file.full_name}",
            url=lambda file: "",
            on_decided=lambda item, actor: None,
            research_summary=lambda file: "توصية الباحثة: مساعدة شهرية لستة أشهر",
        )
    )
    yield
    subjects.restore(saved)


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_meeting_from_agenda_to_approved_minutes_on_a_phone(browser, live_server, stand_in_kind):
    seated = seated_committee(members=1, quorum=3, name="لجنة البحث")
    secretary, member = seated.secretary, seated.members[0]
    for user, username, first_name in (
        (seated.chair, "abdullah", "عبدالله"),
        (secretary, "hind", "هند"),
        (member, "salem", "سالم"),
    ):
        user.username, user.first_name = username, first_name
        user.save()
    file = BeneficiaryFactory()
    meeting = schedule_meeting(
        seated.committee, held_on=MEETING_DAY, place="مقر الجمعية", actor=secretary
    )
    url = f"{live_server.url}/committees/meetings/{meeting.pk}/"

    def phone():
        return browser.new_context(
            viewport={"width": 360, "height": 740}, locale="ar-SA", is_mobile=True, has_touch=True
        )

    context = phone()
    page = context.new_page()
    log_in(page, live_server, "hind")
    page.goto(url)
    assert fits(page)
    page.get_by_role("button", name="أدرج الموضوعات المنتظرة في جدول الأعمال").click()
    page.wait_for_load_state("networkidle")
    assert file.full_name in page.content() and "توصية الباحثة" in page.content()
    page.get_by_role("button", name="بدء الاجتماع").click()
    page.wait_for_load_state("networkidle")
    for person in seated.everyone:
        page.get_by_label(person.get_full_name(), exact=True).check()
    page.get_by_role("button", name="حفظ الحضور").click()
    page.wait_for_load_state("networkidle")
    assert "النصاب مكتمل" in page.content()
    assert fits(page), "the held meeting page scrolls sideways at 360 px"
    screenshot(page, "committee-meeting-360")
    item = AgendaItem.objects.get(meeting=meeting)
    for user in (seated.chair, secretary):
        page.locator(f"select[name='votes-{item.pk}-vote_{user.pk}']").select_option("approve")
    page.get_by_role("button", name="حفظ الأصوات").click()
    page.wait_for_load_state("networkidle")

    member_context = phone()
    member_page = member_context.new_page()
    log_in(member_page, live_server, "salem")
    member_page.goto(f"{live_server.url}/committees/my/meetings/{meeting.pk}/")
    assert fits(member_page)
    member_page.get_by_label("ممتنع").check()
    member_page.get_by_role("button", name="تسجيل صوتي").click()
    member_page.wait_for_load_state("networkidle")
    assert Vote.objects.filter(item=item).count() == 3

    page.goto(url)
    page.get_by_label("موافقة").check()
    page.get_by_role("button", name="تسجيل القرار").click()
    page.wait_for_load_state("networkidle")
    assert AgendaItem.objects.get(pk=item.pk).outcome == Outcome.APPROVED
    page.get_by_role("button", name="إغلاق الاجتماع وإعداد المحضر").click()
    page.wait_for_load_state("networkidle")
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.CLOSED
    assert fits(page)

    member_page.goto(f"{live_server.url}/committees/my/meetings/{meeting.pk}/")
    member_page.get_by_role("button", name="أعتمد المحضر").click()
    member_page.wait_for_load_state("networkidle")
    assert MinutesApproval.objects.filter(member=member, minutes__meeting=meeting).exists()
    assert fits(member_page)
    screenshot(member_page, "committee-member-360")
    pdf = member_page.request.get(f"{live_server.url}/committees/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    member_context.close()
    context.close()
