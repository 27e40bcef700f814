"""Referral: from the request or the file to the policy's target, listed for the target
until answered, answered in a form."""

import pytest

from silah.applications.models import Referral
from silah.applications.tests.screens.support import make_world

pytestmark = pytest.mark.django_db


def refer_from_file(client, world, **data):
    return client.post(f"/requests/beneficiary/{world.beneficiary.pk}/refer/", data)


def test_the_officer_refers_from_the_file(client, world):
    client.force_login(world.officer)
    page = client.get(f"/requests/beneficiary/{world.beneficiary.pk}/").content.decode()
    assert "إحالة المستفيد (دون طلب)" in page
    response = refer_from_file(client, world, note="يسأل عن برنامج التدريب")
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.application is None
    assert referral.target_name == "مسؤول البحث الاجتماعي"


def test_a_referral_without_a_note_is_refused_at_its_field(client, world):
    client.force_login(world.officer)
    response = refer_from_file(client, world, note="")
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    assert Referral.objects.count() == 0


def test_a_researcher_may_not_refer(client, world):
    client.force_login(world.researcher)
    assert refer_from_file(client, world, note="سؤال").status_code == 403


def test_the_file_offers_no_referral_when_the_policy_names_no_target(
    client, db, settings, tmp_path
):
    world = make_world(settings, tmp_path, referral={"kind": "none"})
    client.force_login(world.officer)
    page = client.get(f"/requests/beneficiary/{world.beneficiary.pk}/").content.decode()
    assert "إحالة المستفيد (دون طلب)" not in page


def test_the_target_lists_open_referrals_until_answered(client, world):
    client.force_login(world.officer)
    refer_from_file(client, world, note="يسأل عن برنامج التدريب", target_user=world.researcher.pk)
    referral = Referral.objects.get()
    client.force_login(world.researcher)
    html = client.get("/requests/referrals/").content.decode()
    assert "يسأل عن برنامج التدريب" in html
    assert f"/requests/referrals/{referral.pk}/" in html
    response = client.post(
        f"/requests/referrals/{referral.pk}/", {"answer": "يُسجل في الدورة القادمة"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.answered_by == world.researcher
    html = client.get("/requests/referrals/").content.decode()
    assert "لا إحالات تنتظر الرد." in html
    assert "يُسجل في الدورة القادمة" in html  # answered recently


def test_an_empty_answer_is_refused_and_the_referral_stays_open(client, world):
    client.force_login(world.officer)
    refer_from_file(client, world, note="سؤال", target_user=world.researcher.pk)
    referral = Referral.objects.get()
    client.force_login(world.researcher)
    response = client.post(f"/requests/referrals/{referral.pk}/", {"answer": ""})
    assert response.status_code == 400
    assert "اكتب الرد على الإحالة." in response.content.decode()
    referral.refresh_from_db()
    assert referral.answered_at is None


def test_a_referral_named_to_someone_else_is_404_for_another_researcher(client, world):
    client.force_login(world.officer)
    refer_from_file(client, world, note="سؤال", target_user=world.researcher.pk)
    referral = Referral.objects.get()
    client.force_login(world.other_researcher)
    assert client.get(f"/requests/referrals/{referral.pk}/").status_code == 404
    assert "سؤال" not in client.get("/requests/referrals/").content.decode()


def test_the_officer_who_referred_sees_it_but_may_not_answer(client, world):
    client.force_login(world.officer)
    refer_from_file(client, world, note="سؤال عن الخدمة")
    referral = Referral.objects.get()
    assert "سؤال عن الخدمة" in client.get("/requests/referrals/").content.decode()
    assert client.get(f"/requests/referrals/{referral.pk}/").status_code == 403


def test_staff_who_neither_refer_nor_answer_get_403(client, world):
    client.force_login(world.member)
    assert client.get("/requests/referrals/").status_code == 403


# -- the referral's own deadline ---------------------------------------------------------------

WITHIN_3 = {"kind": "officer", "name": "مسؤول البحث الاجتماعي", "answer_within_working_days": 3}


def _travel(day: str):
    import time_machine

    return time_machine.travel(f"{day} 09:00 +03:00", tick=False)


def test_the_target_sees_a_late_referral_as_late(client, db, settings, tmp_path):
    world = make_world(settings, tmp_path, referral=WITHIN_3)
    client.force_login(world.officer)
    with _travel("2026-04-08"):  # Wednesday: due Monday 13 April
        refer_from_file(client, world, note="سؤال", target_user=world.researcher.pk)
    with _travel("2026-04-12"):
        client.force_login(world.researcher)
        html = client.get("/requests/referrals/").content.decode()
    assert "باقٍ: يوم واحد" in html and "text-bg-success" in html
    with _travel("2026-04-15"):  # the session of a day ago has expired: log in again
        client.force_login(world.researcher)
        html = client.get("/requests/referrals/").content.decode()
    assert "متأخر: يومان" in html and "text-bg-danger" in html


def test_the_request_page_and_the_file_show_the_days_left(client, db, settings, tmp_path):
    world = make_world(settings, tmp_path, referral=WITHIN_3)
    with _travel("2026-04-08"):
        application = world.receive()
        client.force_login(world.officer)
        client.post(
            f"/requests/{application.pk}/refer/",
            {"note": "لم يتضح هل تشمله الخدمة", "row_version": application.row_version},
        )
    assert Referral.objects.get().due_on is not None
    with _travel("2026-04-09"):
        client.force_login(world.officer)
        request_page = client.get(f"/requests/{application.pk}/").content.decode()
        file_tab = client.get(f"/requests/beneficiary/{world.beneficiary.pk}/").content.decode()
    assert "باقٍ: يومان" in request_page
    assert "باقٍ: يومان" in file_tab


def test_no_deadline_is_shown_when_the_policy_sets_none(client, world):
    client.force_login(world.officer)
    refer_from_file(client, world, note="سؤال", target_user=world.researcher.pk)
    client.force_login(world.researcher)
    html = client.get("/requests/referrals/").content.decode()
    assert "سؤال" in html
    assert "باقٍ" not in html and "متأخر" not in html
