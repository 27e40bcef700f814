"""HR follows who has acknowledged the version in force and who hasn't, per branch, and
reminds them (seed 001: HR spreads the policy to every department)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from silah.accounts.factories import BranchFactory, UserFactory
from silah.core import navigation
from silah.policy import cards_ack, queries_ack, services
from silah.policy.factories import PolicyVersionFactory
from silah.policy.models import AcknowledgementReminder
from silah.policy.tests.test_ack_middleware import with_acknowledgement_middleware

pytestmark = pytest.mark.django_db

PAGE = "/policy/acknowledgements/"
REMIND = "/policy/acknowledgements/remind/"


@pytest.fixture(autouse=True)
def ack_middleware(settings):
    settings.MIDDLEWARE = with_acknowledgement_middleware(list(settings.MIDDLEWARE))


@pytest.fixture
def in_force():
    return PolicyVersionFactory(in_force=True)


@pytest.fixture
def lith():
    return BranchFactory(name="فرع الليث")


@pytest.fixture
def jeddah():
    return BranchFactory(name="فرع جدة")


def _sign(version, user):
    services.acknowledge(version, user=user, typed_name="اسم كامل", confirmed=True)


@pytest.fixture
def hr(in_force, lith):
    """HR works at Al-Lith and, like everyone, has acknowledged the version in force."""
    user = UserFactory(
        username="hr_ack", first_name="نورة", last_name="القحطاني", roles=["hr"], branches=[lith]
    )
    _sign(in_force, user)
    return user


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


@pytest.fixture
def staff(in_force, lith, jeddah):
    """Al-Lith: HR (signed) + two officers; Jeddah: one officer; one officer in no branch."""
    return {
        "lith_1": UserFactory(username="lith1", first_name="أحمد", branches=[lith]),
        "lith_2": UserFactory(username="lith2", first_name="بدر", branches=[lith]),
        "jeddah_1": UserFactory(username="jed1", first_name="جود", branches=[jeddah]),
        "nowhere": UserFactory(username="nobranch", first_name="دانة"),
    }


def _row(counts, branch):
    return next(row for row in counts if row.branch == branch)


# The page -----------------------------------------------------------------------------------


def test_the_page_is_where_the_url_name_points():
    assert reverse("policy:acknowledgements") == PAGE
    assert reverse("policy:remind") == REMIND


def test_hr_sees_staff_and_acknowledgements_per_branch(hr_client, staff, lith, jeddah):
    response = hr_client.get(PAGE)
    assert response.status_code == 200
    counts = response.context["counts"]
    assert (_row(counts, lith).staff, _row(counts, lith).acknowledged) == (3, 1)
    assert (_row(counts, jeddah).staff, _row(counts, jeddah).acknowledged) == (1, 0)
    assert (_row(counts, None).staff, _row(counts, None).acknowledged) == (1, 0)
    assert response.context["totals"].staff == 5
    assert response.context["totals"].acknowledged == 1


def test_the_count_moves_after_an_acknowledgement(hr_client, staff, in_force, jeddah):
    before = _row(hr_client.get(PAGE).context["counts"], jeddah)
    assert before.acknowledged == 0
    _sign(in_force, staff["jeddah_1"])
    after = _row(hr_client.get(PAGE).context["counts"], jeddah)
    assert after.acknowledged == 1
    assert after.remaining == 0


def test_the_page_lists_who_has_with_when_and_who_has_not(hr_client, staff, in_force, hr):
    _sign(in_force, staff["lith_1"])
    response = hr_client.get(PAGE)
    has = list(response.context["who_has"])
    has_not = list(response.context["who_has_not"])
    assert {u.username for u in has} == {"hr_ack", "lith1"}
    assert all(u.acknowledged_at is not None for u in has)
    assert {u.username for u in has_not} == {"lith2", "jed1", "nobranch"}
    html = response.content.decode()
    assert "نورة القحطاني" in html


def test_filtering_by_branch_lists_only_that_branchs_staff(hr_client, staff, jeddah):
    response = hr_client.get(PAGE, {"branch": jeddah.pk})
    assert [u.username for u in response.context["who_has_not"]] == ["jed1"]
    assert list(response.context["who_has"]) == []


def test_filtering_staff_in_no_branch(hr_client, staff):
    response = hr_client.get(PAGE, {"branch": "none"})
    assert [u.username for u in response.context["who_has_not"]] == ["nobranch"]


def test_an_unknown_branch_filter_is_an_arabic_error_at_the_field(hr_client, staff):
    response = hr_client.get(PAGE, {"branch": "9999"})
    assert response.status_code == 200
    assert response.context["form"].errors["branch"] == ["اختر فرعًا من القائمة."]


def test_a_member_of_two_branches_counts_in_each_and_once_in_the_total(
    hr_client, staff, lith, jeddah
):
    staff["jeddah_1"].branches.add(lith)
    response = hr_client.get(PAGE)
    assert _row(response.context["counts"], lith).staff == 4
    assert _row(response.context["counts"], jeddah).staff == 1
    assert response.context["totals"].staff == 5


def test_deactivated_staff_are_not_counted(hr_client, staff, lith):
    staff["lith_2"].is_active = False
    staff["lith_2"].save()
    response = hr_client.get(PAGE)
    assert _row(response.context["counts"], lith).staff == 2
    assert "lith2" not in {u.username for u in response.context["who_has_not"]}


def test_acknowledgements_of_an_earlier_version_do_not_count(hr, staff, in_force, jeddah):
    admin = UserFactory(username="ack_admin2", roles=["administrator"])
    _sign(in_force, staff["jeddah_1"])
    draft = services.start_draft(in_force.organization, actor=admin)
    from datetime import date

    new = services.record_approval(
        draft, actor=admin, resolution_number="2026/3", approved_on=date(2026, 1, 5)
    )
    assert _row(queries_ack.counts_per_branch(new), jeddah).acknowledged == 0
    assert queries_ack.totals(new).acknowledged == 0


def test_counts_per_branch_are_computed_in_the_database(
    in_force, lith, jeddah, django_assert_max_num_queries
):
    for n in range(12):
        user = UserFactory(username=f"many{n}", branches=[lith if n % 2 else jeddah])
        if n % 3 == 0:
            _sign(in_force, user)
    with django_assert_max_num_queries(2):
        counts = queries_ack.counts_per_branch(in_force)
    assert sum(row.acknowledged for row in counts) == 4
    with django_assert_max_num_queries(1):
        assert queries_ack.totals(in_force).staff == 12


def test_a_manager_may_open_the_page(client, in_force, staff):
    manager = UserFactory(username="mgr_ack", roles=["manager"])
    _sign(in_force, manager)
    client.force_login(manager)
    assert client.get(PAGE).status_code == 200


def test_staff_without_the_permission_get_403(client, in_force):
    officer = UserFactory(username="off_ack", roles=["relations_officer"])
    _sign(in_force, officer)
    client.force_login(officer)
    assert client.get(PAGE).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, in_force):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_hr_who_has_not_acknowledged_is_asked_first_like_everyone(client, in_force):
    newcomer = UserFactory(username="hr_new", roles=["hr"])
    client.force_login(newcomer)
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("policy:acknowledge"))


def test_with_no_version_in_force_the_page_says_so(client):
    client.force_login(UserFactory(username="hr_none", roles=["hr"]))
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "لا توجد سياسة نافذة حاليًا" in response.content.decode()


# Reminders ----------------------------------------------------------------------------------


def test_hr_reminds_one_member(hr_client, staff, in_force, hr):
    response = hr_client.post(REMIND, {"user": staff["jeddah_1"].pk})
    assert response.status_code == 302
    reminder = AcknowledgementReminder.objects.get()
    assert (reminder.user, reminder.version, reminder.sent_by) == (staff["jeddah_1"], in_force, hr)
    assert reminder.seen_at is None


def test_hr_reminds_everyone_who_has_not_acknowledged_in_a_branch(hr_client, staff, in_force, lith):
    _sign(in_force, staff["lith_1"])
    hr_client.post(REMIND, {"branch": lith.pk})
    assert set(AcknowledgementReminder.objects.values_list("user__username", flat=True)) == {
        "lith2"
    }


def test_hr_reminds_staff_in_no_branch(hr_client, staff):
    hr_client.post(REMIND, {"branch": "none"})
    assert list(AcknowledgementReminder.objects.values_list("user__username", flat=True)) == [
        "nobranch"
    ]


def test_hr_reminds_everyone_who_has_not_acknowledged(hr_client, staff):
    hr_client.post(REMIND, {"branch": "all"})
    assert AcknowledgementReminder.objects.count() == 4


def test_a_reminder_still_unseen_is_not_sent_twice(hr_client, staff):
    hr_client.post(REMIND, {"user": staff["jeddah_1"].pk})
    response = hr_client.post(REMIND, {"user": staff["jeddah_1"].pk}, follow=True)
    assert AcknowledgementReminder.objects.count() == 1
    assert "لم يُرسل تذكير جديد" in response.content.decode()


def test_after_hr_reminds_the_page_keeps_the_branch_shown(hr_client, staff, jeddah):
    response = hr_client.post(
        REMIND, {"user": staff["jeddah_1"].pk, "shown_branch": str(jeddah.pk)}
    )
    assert response.url == f"{PAGE}?branch={jeddah.pk}"


def test_the_page_shows_when_a_member_was_last_reminded(hr_client, staff):
    hr_client.post(REMIND, {"user": staff["jeddah_1"].pk})
    member = next(u for u in hr_client.get(PAGE).context["who_has_not"] if u.username == "jed1")
    assert member.reminded_at is not None


def test_reminding_a_member_who_acknowledged_is_refused_and_saves_nothing(
    hr_client, staff, in_force
):
    _sign(in_force, staff["jeddah_1"])
    response = hr_client.post(REMIND, {"user": staff["jeddah_1"].pk}, follow=True)
    assert "أقرّ هذا الموظف بالإصدار النافذ من قبل." in response.content.decode()
    assert not AcknowledgementReminder.objects.exists()


def test_a_remind_with_neither_member_nor_branch_is_refused(hr_client, staff):
    response = hr_client.post(REMIND, {}, follow=True)
    assert response.status_code == 200
    assert "اختر موظفًا واحدًا أو فرعًا" in response.content.decode()
    assert not AcknowledgementReminder.objects.exists()


def test_a_remind_with_an_unknown_member_is_refused(hr_client, staff):
    response = hr_client.post(REMIND, {"user": 99999}, follow=True)
    assert response.status_code == 200
    assert not AcknowledgementReminder.objects.exists()


def test_staff_without_the_permission_cannot_remind_and_nothing_is_saved(client, in_force, staff):
    officer = UserFactory(username="off_ack2", roles=["relations_officer"])
    _sign(in_force, officer)
    client.force_login(officer)
    assert client.post(REMIND, {"branch": "all"}).status_code == 403
    assert client.post(REMIND, {"user": staff["jeddah_1"].pk}).status_code == 403
    assert not AcknowledgementReminder.objects.exists()


def test_anonymous_visitors_cannot_remind(client, staff):
    response = client.post(REMIND, {"branch": "all"})
    assert response.status_code == 302
    assert not AcknowledgementReminder.objects.exists()


def test_reminding_is_a_post_only(hr_client, staff):
    assert hr_client.get(REMIND, {"branch": "all"}).status_code == 405
    assert not AcknowledgementReminder.objects.exists()


def test_with_no_version_in_force_nobody_is_reminded(client):
    hr = UserFactory(username="hr_none2", roles=["hr"])
    member = UserFactory(username="someone")
    client.force_login(hr)
    response = client.post(REMIND, {"user": member.pk}, follow=True)
    assert "لا توجد سياسة نافذة حاليًا" in response.content.decode()
    assert not AcknowledgementReminder.objects.exists()


# Dashboard and navigation -------------------------------------------------------------------


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_the_dashboard_card_shows_acknowledged_n_of_m(hr, staff, in_force):
    card = cards_ack.acknowledgement_card(_request(hr))
    assert card.value == "<bdi>1</bdi> من <bdi>5</bdi>"
    assert card.url == PAGE


def test_the_dashboard_card_counts_after_an_acknowledgement(hr, staff, in_force):
    _sign(in_force, staff["nowhere"])
    assert cards_ack.acknowledgement_card(_request(hr)).value == "<bdi>2</bdi> من <bdi>5</bdi>"


def test_no_card_for_staff_without_the_permission(in_force):
    officer = UserFactory(username="off_card", roles=["relations_officer"])
    assert cards_ack.acknowledgement_card(_request(officer)) is None


def test_no_card_without_a_version_in_force():
    hr = UserFactory(username="hr_card", roles=["hr"])
    assert cards_ack.acknowledgement_card(_request(hr)) is None


def test_register_adds_the_card_and_the_navigation_entry_once(hr, in_force):
    cards_ack.register()
    cards_ack.register()
    labels = [item["label"] for item in navigation.items_for(_request(hr))]
    assert labels.count("إقرارات السياسة") == 1
    officer = UserFactory(username="off_nav", roles=["relations_officer"])
    assert "إقرارات السياسة" not in [
        item["label"] for item in navigation.items_for(_request(officer))
    ]


def test_the_dashboard_shows_the_card_to_hr(hr_client, hr, staff):
    cards_ack.register()
    html = hr_client.get("/").content.decode()
    assert "إقرارات الموظفين بالسياسة" in html


texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["", " ", "0", "-1", "all", "none", "١", "x" * 500]),
)


def test_random_text_in_the_reminder_and_the_filter_never_gives_a_500(hr_client, staff):
    @settings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(user=texts, branch=texts, shown_branch=texts)
    def post(user, branch, shown_branch):
        data = {"user": user, "branch": branch, "shown_branch": shown_branch}
        response = hr_client.post(REMIND, data)
        assert response.status_code < 500
        assert hr_client.get(PAGE, {"branch": branch}).status_code < 500

    post()
