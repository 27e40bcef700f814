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
