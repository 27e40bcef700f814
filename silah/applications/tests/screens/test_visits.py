"""The social researcher's day on a phone: today's visits with the address and a map link,
the structured visit form, postponing (the clock stands still) and submitting."""

import pytest

from silah.applications.models import ResearchVisit
from silah.applications.tests.screens.support import unchanged
from silah.core import dates

pytestmark = pytest.mark.django_db


def post(client, application, action, **data):
    data.setdefault("row_version", application.row_version)
    return client.post(f"/requests/{application.pk}/visit/{action}/", data)


VISIT = {
    "visited_on": "2026/01/05",
    "place": "home",
    "findings": "أسرة من خمسة أفراد في شقة مستأجرة، الأب متوفى.",
    "housing": "rented",
    "members_count": "5",
    "income_notes": "ضمان اجتماعي",
    "needs": "سداد الإيجار",
    "recommendation": "approve",
}


def test_todays_visits_show_the_address_and_a_map_link_without_identifiers(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    html = client.get("/requests/visits/").content.decode()
    assert world.beneficiary.full_name in html
    assert "حي الشاطئ، الليث" in html
    assert "https://maps.google.com/?q=%D8%AD%D9%8A" in html  # حي …
    map_link = html.split("https://maps.google.com/?q=")[1].split('"')[0]
    for identifier in (world.beneficiary.file_number, world.beneficiary.identity_number):
        assert identifier not in map_link
    assert f"/requests/{application.pk}/visit/" in html


def test_a_visit_of_another_researcher_is_not_in_my_day(client, world):
    world.in_research()
    client.force_login(world.other_researcher)
    html = client.get("/requests/visits/").content.decode()
    assert world.beneficiary.full_name not in html


def test_an_officer_may_not_open_the_researchers_pages(client, world):
    application = world.in_research()
    client.force_login(world.officer)
    assert client.get("/requests/visits/").status_code == 403
    assert client.get(f"/requests/{application.pk}/visit/").status_code == 403


def test_another_researcher_gets_404_on_the_visit_form(client, world):
    application = world.in_research()
    client.force_login(world.other_researcher)
    assert client.get(f"/requests/{application.pk}/visit/").status_code == 404


def test_recording_the_visit_then_submitting_it_sends_the_request_to_review(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    data = dict(VISIT, visited_on=dates.today().strftime("%Y/%m/%d"))
    response = post(client, application, "record", **data)
    assert response.status_code == 302
    visit = ResearchVisit.objects.get(application=application)
    assert visit.status == "visited"
    assert visit.members_count == 5
    application.refresh_from_db()
    assert "رفع التوصية" in client.get(f"/requests/{application.pk}/visit/").content.decode()
    response = post(client, application, "submit")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "in_review"


def test_a_visit_without_findings_is_refused_at_its_field_and_nothing_changes(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    data = dict(VISIT, visited_on=dates.today().strftime("%Y/%m/%d"), findings="")
    with unchanged(application):
        response = post(client, application, "record", **data)
    assert response.status_code == 400
    assert 'id="record_findings_error"' in response.content.decode()


def test_a_rejection_recommendation_needs_its_reasons(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    data = dict(VISIT, visited_on=dates.today().strftime("%Y/%m/%d"), recommendation="reject")
    with unchanged(application):
        response = post(client, application, "record", **data)
    assert response.status_code == 400
    assert "اكتب مسوغات التوصية." in response.content.decode()


def test_postponing_the_visit_pauses_the_clock_and_planning_it_again_resumes_it(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    response = post(client, application, "postpone", reason="المستفيدة مسافرة")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.clock_paused
    html = client.get("/requests/visits/").content.decode()
    assert "مؤجلة بطلب المستفيد" in html
    response = post(
        client, application, "plan", planned_on=dates.today().strftime("%Y/%m/%d"), place="home"
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert not application.clock_paused


def test_a_postponed_visit_shows_its_paused_clock_in_the_researchers_queue(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    post(client, application, "postpone", reason="المستفيدة مسافرة")
    html = client.get("/requests/?tab=visits").content.decode()
    assert application.reference in html
    assert "موقوف مؤقتًا" in html
    assert "مؤجلة بطلب المستفيد" in html  # the visit's status under the row


def test_a_postponement_without_a_reason_is_refused(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    with unchanged(application):
        response = post(client, application, "postpone", reason="")
    assert response.status_code == 400
    assert "اكتب سبب التأجيل." in response.content.decode()


def test_a_stale_visit_form_is_refused(client, world):
    application = world.in_research()
    opened_at = application.row_version
    client.force_login(world.researcher)
    post(client, application, "postpone", reason="المستفيدة مسافرة")
    application.refresh_from_db()
    data = dict(VISIT, visited_on=dates.today().strftime("%Y/%m/%d"), row_version=opened_at)
    with unchanged(application):
        response = post(client, application, "record", **data)
    assert response.status_code == 400
    assert "عدّل شخص آخر هذا الطلب" in response.content.decode()


def test_submitting_before_the_visit_is_recorded_is_refused(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    with unchanged(application):
        response = post(client, application, "submit")
    assert response.status_code == 400
    assert "سجّل الزيارة وتوصيتك قبل رفعها." in response.content.decode()


def test_the_visit_page_fits_a_phone_form(client, world):
    application = world.in_research()
    client.force_login(world.researcher)
    html = client.get(f"/requests/{application.pk}/visit/").content.decode()
    for name in ("findings", "housing", "members_count", "income_notes", "needs"):
        assert f'name="{name}"' in html
    assert 'inputmode="numeric"' in html
