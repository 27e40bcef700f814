"""The work queues: one page, a tab per queue; sorted by deadline; filtered by branch,
service, channel and state; paginated; the same number of queries for 3 rows and for 30.
The manager's handover and the dashboard card."""

from datetime import timedelta

import pytest

from silah.applications import factories as f
from silah.applications.models import Application, Handover, ResearchVisit
from silah.core import dates

pytestmark = pytest.mark.django_db


def many(world, n, **fields):
    """`n` complete requests received today by the officer, each for its own beneficiary,
    then set as `fields` say (the queue's state), with a planned visit when in research."""
    made = []
    for _ in range(n):
        made.append(world.receive(beneficiary=f.ready_beneficiary(world.branch)))
    if fields:
        Application.objects.filter(pk__in=[a.pk for a in made]).update(**fields)
    if fields.get("state") == "in_research":
        ResearchVisit.objects.bulk_create(
            ResearchVisit(
                application=a, researcher=world.researcher, place="home", planned_on=dates.today()
            )
            for a in made
        )
    return made


def _queue_rows(world, tab):
    today = dates.today()
    return {
        "intake": ("officer", {}),
        "completion": ("officer", {"state": "received"}),
        "routing": ("officer", {}),
        "visits": ("researcher", {"state": "in_research", "researcher": world.researcher}),
        "committee": ("manager", {"state": "in_review", "deciding_body": "research_committee"}),
        "decision": ("manager", {"state": "in_review", "deciding_body": "management"}),
        "delivery": ("officer", {"state": "approved", "decided_on": today}),
        "late": (
            "manager",
            {"due_on": today - timedelta(days=3), "at_risk_on": today - timedelta(days=8)},
        ),
    }[tab]


# The queries of one queue page, pinned: the session, the user (their permissions, roles,
# two-factor state, acknowledgement and the policy in force are kept between pages:
# accounts/access.py; the filter's channels, branches and services and, unfiltered, the drawn
# filter form are kept too), the count and the page of rows (as values), their clocks (whether a
# pause is open is the request's own mirror, `clock_paused`); the working calendar's version is checked at most every 10 s for a list's
# badges (core/workdays.DISPLAY_AGE); the session is not saved (the idle clock is written
# once a minute). The committee tab adds its committees and their next meetings (two
# queries, whatever the number of committees).
QUERIES = {
    "intake": 5,
    "completion": 5,
    "routing": 5,
    "visits": 5,
    "committee": 6,
    "decision": 5,
    "delivery": 5,
    "late": 5,
}


@pytest.mark.parametrize("tab", list(QUERIES))
def test_a_queue_page_runs_as_many_queries_for_30_rows_as_for_3(
    client, world, django_assert_num_queries, tab
):
    who, fields = _queue_rows(world, tab)
    user = getattr(world, who)
    many(world, 3, **fields)
    client.force_login(user)
    client.get(f"/requests/?tab={tab}")  # warm the caches (content types, calendar)
    with django_assert_num_queries(QUERIES[tab]):
        response = client.get(f"/requests/?tab={tab}")
    assert response.content.decode().count('class="list-group-item"') == 3
    many(world, 27, **fields)
    with django_assert_num_queries(QUERIES[tab]):
        response = client.get(f"/requests/?tab={tab}")
    assert response.content.decode().count('class="list-group-item"') == 25  # one page


def test_each_row_links_to_its_own_request(client, world):
    made = many(world, 3)
    client.force_login(world.officer)
    html = client.get("/requests/?tab=intake").content.decode()
    for application in made:
        assert f'href="/requests/{application.pk}/"><bdi dir="ltr">{application.reference}<' in html


def test_each_visit_row_links_to_its_own_visit_form(client, world):
    made = many(world, 2, state="in_research", researcher=world.researcher)
    client.force_login(world.researcher)
    html = client.get("/requests/?tab=visits").content.decode()
    for application in made:
        assert f'href="/requests/{application.pk}/visit/"' in html


def test_the_officer_sees_the_tabs_of_their_work_only(client, world):
    client.force_login(world.officer)
    html = client.get("/requests/").content.decode()
    assert "استقبالي اليوم" in html
    assert "بانتظار التسليم" in html
    assert "زياراتي" not in html
    assert "بانتظار القرار" not in html


def test_a_researcher_starts_on_their_visits(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    html = client.get("/requests/").content.decode()
    assert application.reference in html
    assert "نموذج الزيارة" in html


def test_staff_without_a_queue_get_403(client, world):
    from silah.accounts.factories import UserFactory

    hr = UserFactory(roles=["hr"])
    world.acknowledge(hr)
    client.force_login(hr)
    assert client.get("/requests/").status_code == 403


def test_a_request_of_another_branch_never_shows_in_my_queue(client, world):
    application = world.receive()
    client.force_login(world.other_officer)
    html = client.get("/requests/?tab=routing").content.decode()
    assert application.reference not in html


def test_the_queue_sorts_by_deadline_both_ways(client, world):
    soon, later = many(world, 2)
    today = dates.today()
    Application.objects.filter(pk=soon.pk).update(due_on=today + timedelta(days=2))
    Application.objects.filter(pk=later.pk).update(due_on=today + timedelta(days=9))
    client.force_login(world.officer)
    html = client.get("/requests/?tab=routing&sort=deadline").content.decode()
    assert html.index(soon.reference) < html.index(later.reference)
    html = client.get("/requests/?tab=routing&sort=-deadline").content.decode()
    assert html.index(later.reference) < html.index(soon.reference)


def test_the_queue_filters_by_service_channel_and_state(client, world):
    first = world.receive()
    other_service = f.service_with_checklist(name="سلة غذائية")
    second = world.receive(service=other_service, channel="phone")
    client.force_login(world.manager)
    html = client.get(f"/requests/?tab=late&service={other_service.pk}").content.decode()
    assert first.reference not in html
    html = client.get("/requests/?tab=routing").content.decode()  # manager: receive perm
    assert first.reference in html and second.reference in html
    html = client.get("/requests/?tab=routing&channel=phone").content.decode()
    assert first.reference not in html and second.reference in html
    html = client.get(f"/requests/?tab=routing&service={other_service.pk}").content.decode()
    assert first.reference not in html and second.reference in html
    html = client.get("/requests/?tab=routing&state=received").content.decode()
    assert first.reference not in html and second.reference not in html


def test_the_queue_filters_by_branch(client, world):
    here = world.receive()
    client.force_login(world.manager)
    html = client.get(f"/requests/?tab=routing&branch={world.other_branch.pk}").content.decode()
    assert here.reference not in html
    html = client.get(f"/requests/?tab=routing&branch={world.branch.pk}").content.decode()
    assert here.reference in html


def test_a_bad_filter_is_ignored_not_a_500(client, world):
    client.force_login(world.manager)
    response = client.get("/requests/?tab=nope&branch=abc&service=-1&sort=drop&page=x")
    assert response.status_code == 200


def test_the_late_queue_shows_how_late(client, world):
    (application,) = many(world, 1)
    Application.objects.filter(pk=application.pk).update(
        due_on=dates.today() - timedelta(days=3), at_risk_on=dates.today() - timedelta(days=8)
    )
    client.force_login(world.manager)
    html = client.get("/requests/?tab=late").content.decode()
    assert application.reference in html


def test_the_committee_tab_links_to_the_next_meeting(client, world):
    from silah.committees.factories import MeetingFactory

    meeting = MeetingFactory()
    client.force_login(world.manager)
    html = client.get("/requests/?tab=committee").content.decode()
    assert f"/committees/meetings/{meeting.pk}/" in html


# -- the handover ----------------------------------------------------------------------------


def test_the_manager_sees_a_persons_open_work_then_hands_it_over(client, world):
    application = world.in_research()
    client.force_login(world.manager)
    html = client.get(f"/requests/handover/?from_user={world.researcher.pk}").content.decode()
    assert "طلبات في البحث" in html
    response = client.post(
        "/requests/handover/",
        {
            "from_user": world.researcher.pk,
            "to_user": world.other_researcher.pk,
            "reason": "إجازة أمومة",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.researcher == world.other_researcher
    assert Handover.objects.get().counts["applications"] == 1


def test_handing_work_to_someone_who_is_not_a_researcher_is_refused(client, world):
    application = world.in_research()
    client.force_login(world.manager)
    response = client.post(
        "/requests/handover/",
        {"from_user": world.researcher.pk, "to_user": world.officer.pk, "reason": "إجازة"},
    )
    assert response.status_code == 400
    assert "اختر باحثًا اجتماعيًا" in response.content.decode()
    application.refresh_from_db()
    assert application.researcher == world.researcher
    assert Handover.objects.count() == 0


def test_handing_over_without_a_reason_is_refused_at_its_field(client, world):
    client.force_login(world.manager)
    response = client.post(
        "/requests/handover/",
        {"from_user": world.researcher.pk, "to_user": world.other_researcher.pk},
    )
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert Handover.objects.count() == 0


def test_only_a_manager_hands_work_over(client, world):
    client.force_login(world.officer)
    assert client.get("/requests/handover/").status_code == 403


# -- the dashboard -----------------------------------------------------------------------------


def test_the_dashboard_counts_promises_kept_and_missed_and_what_is_late(client, world):
    kept, missed, late = many(world, 3)
    today = dates.today()
    Application.objects.filter(pk=kept.pk).update(
        state="approved", decided_on=today, due_on=today + timedelta(days=1)
    )
    Application.objects.filter(pk=missed.pk).update(
        state="approved", decided_on=today, due_on=today - timedelta(days=1)
    )
    Application.objects.filter(pk=late.pk).update(
        due_on=today - timedelta(days=1), at_risk_on=today - timedelta(days=5)
    )
    client.force_login(world.manager)
    html = client.get("/").content.decode()
    assert "الوفاء بمواعيد الرد هذا الشهر" in html
    assert "/requests/?tab=late" in html  # one click to the late and at-risk queue
    for label in ("في الموعد", "بعد الموعد", "متأخرة لم يُبت فيها"):
        assert f"<li>{label}: <bdi>1</bdi></li>" in html


def test_the_navigation_offers_each_role_its_screens(client, world):
    client.force_login(world.officer)
    html = client.get("/requests/").content.decode()
    assert 'href="/requests/intake/"' in html
    assert 'href="/requests/visits/"' not in html
    client.force_login(world.researcher)
    html = client.get("/requests/").content.decode()
    assert 'href="/requests/visits/"' in html
    assert 'href="/requests/intake/"' not in html


def test_the_filter_panel_opens_only_once_a_filter_is_used(client, world):
    client.force_login(world.officer)
    folded = client.get("/requests/?tab=completion").content.decode()
    opened = client.get("/requests/?tab=completion&state=returned").content.decode()
    assert '<details class="mb-3">' in folded
    assert '<details class="mb-3" open>' in opened


def _option(html: str, field: str, pk: int) -> str:
    """The <option> of this id in the filter's select `field`, or ''."""
    select = html.index(f'name="{field}"')
    start = html.find(f'<option value="{pk}"', select, html.index("</select>", select))
    return "" if start < 0 else html[start : html.index("</option>", start)]


def test_a_service_added_shows_in_the_kept_filter_form_at_once(client, world):
    client.force_login(world.officer)
    client.get("/requests/?tab=completion")  # draws and keeps the unfiltered form
    added = f.service_with_checklist(name="كسوة الشتاء")
    html = client.get("/requests/?tab=completion").content.decode()
    assert "كسوة الشتاء" in _option(html, "service", added.pk)


def test_a_filtered_page_shows_its_choice_selected(client, world):
    client.force_login(world.manager)
    client.get("/requests/?tab=routing")
    html = client.get(f"/requests/?tab=routing&branch={world.other_branch.pk}").content.decode()
    assert "selected" in _option(html, "branch", world.other_branch.pk)
    unfiltered = client.get("/requests/?tab=routing").content.decode()
    assert "selected" not in _option(unfiltered, "branch", world.other_branch.pk)


def test_each_filter_shows_its_own_choice_selected_when_kept(client, world):
    client.force_login(world.manager)
    for branch in (world.branch, world.other_branch, world.branch):
        html = client.get(f"/requests/?tab=routing&branch={branch.pk}").content.decode()
        others = {world.branch.pk, world.other_branch.pk} - {branch.pk}
        assert "selected" in _option(html, "branch", branch.pk)
        assert all("selected" not in _option(html, "branch", pk) for pk in others)


def test_a_branch_id_that_does_not_exist_is_ignored(client, world):
    here = world.receive()
    client.force_login(world.manager)
    html = client.get("/requests/?tab=routing&branch=99999999999999999999").content.decode()
    assert here.reference in html
