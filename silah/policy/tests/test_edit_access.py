"""Who may open the policy editing screens: administrators edit; board members (and
managers) read drafts and the version in force but change nothing; other staff get 403."""

import pytest
from django.test import Client
from django.urls import reverse

from silah.accounts.factories import UserFactory
from silah.policy import services
from silah.policy.factories import PolicyVersionFactory
from silah.policy.models import Acknowledgement, Organization, PolicyVersion

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def in_force():
    return PolicyVersionFactory(in_force=True)


@pytest.fixture
def admin(in_force):
    user = UserFactory(username="edit_admin", roles=["administrator"])
    Acknowledgement.objects.create(version=in_force, user=user, typed_name="خالد العتيبي")
    return user


@pytest.fixture
def board(in_force):
    user = UserFactory(username="edit_board", roles=["board_member"])
    Acknowledgement.objects.create(version=in_force, user=user, typed_name="عبدالله السبيعي")
    return user


@pytest.fixture
def officer(in_force):
    user = UserFactory(username="edit_officer", roles=["relations_officer"])
    Acknowledgement.objects.create(version=in_force, user=user, typed_name="سارة الحربي")
    return user


@pytest.fixture
def draft(in_force, admin):
    return services.start_draft(in_force.organization, actor=admin)


def _snapshot():
    return sorted(
        PolicyVersion.objects.values_list(
            "pk", "status", "title", "sections", "rules", "resolution_number", "approved_on"
        ),
        key=lambda row: row[0],
    ), list(Organization.objects.values_list("pk", "name", "phone"))


READ_PAGES = [
    ("policy:manage", False),
    ("policy:draft", True),
    ("policy:compare", True),
]
EDIT_PAGES = [
    ("policy:edit_sections", {}),
    ("policy:edit_rules", {"group": "deadline"}),
    ("policy:approve", {}),
    ("policy:discard", {}),
]


@pytest.mark.parametrize("name,needs_pk", READ_PAGES)
def test_a_board_member_reads_the_draft_screens(board, draft, name, needs_pk):
    url = reverse(name, args=[draft.pk]) if needs_pk else reverse(name)
    assert _client(board).get(url).status_code == 200


def test_a_board_member_reads_the_version_in_force(board, in_force):
    response = _client(board).get(reverse("policy:draft", args=[in_force.pk]))
    assert response.status_code == 200
    assert "سجّل اعتماد المجلس" not in response.content.decode()


def test_a_board_member_sees_no_edit_buttons_on_a_draft(board, draft):
    html = _client(board).get(reverse("policy:draft", args=[draft.pk])).content.decode()
    assert reverse("policy:edit_sections", args=[draft.pk]) not in html
    assert reverse("policy:approve", args=[draft.pk]) not in html
    assert reverse("policy:print_draft", args=[draft.pk]) in html


def test_a_board_member_is_not_offered_to_start_a_draft(board, in_force):
    html = _client(board).get(reverse("policy:manage")).content.decode()
    assert reverse("policy:start_draft") not in html


@pytest.mark.parametrize("name,kwargs", EDIT_PAGES)
def test_a_board_member_may_not_open_an_edit_screen(board, draft, name, kwargs):
    url = reverse(name, kwargs={"pk": draft.pk, **kwargs})
    assert _client(board).get(url).status_code == 403


@pytest.mark.parametrize(
    "name,kwargs,data",
    [
        ("policy:edit_rules", {"group": "deadline"}, {"unit": "working", "length": "5"}),
        ("policy:edit_sections", {}, {"title": "عنوان آخر"}),
        (
            "policy:approve",
            {},
            {"resolution_number": "1", "approved_on": "2026/01/31", "confirmed": "yes"},
        ),
        ("policy:discard", {}, {}),
    ],
)
def test_a_board_member_posting_an_edit_is_refused_and_nothing_changes(
    board, draft, name, kwargs, data
):
    before = _snapshot()
    response = _client(board).post(reverse(name, kwargs={"pk": draft.pk, **kwargs}), data)
    assert response.status_code == 403
    assert _snapshot() == before


def test_a_board_member_may_not_start_a_draft(board, in_force):
    before = _snapshot()
    response = _client(board).post(reverse("policy:start_draft"), {"source": "in_force"})
    assert response.status_code == 403
    assert _snapshot() == before


def test_a_board_member_may_not_edit_the_association(board, in_force):
    before = _snapshot()
    url = reverse("policy:organization")
    assert _client(board).get(url).status_code == 403
    assert _client(board).post(url, {"name": "اسم آخر"}).status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize(
    "url",
    [
        lambda d: reverse("policy:manage"),
        lambda d: reverse("policy:organization"),
        lambda d: reverse("policy:draft", args=[d.pk]),
        lambda d: reverse("policy:compare", args=[d.pk]),
        lambda d: reverse("policy:print_draft", args=[d.pk]),
        lambda d: reverse("policy:edit_rules", args=[d.pk, "deadline"]),
    ],
)
def test_staff_without_the_policy_permissions_get_403(officer, draft, url):
    assert _client(officer).get(url(draft)).status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(draft):
    url = reverse("policy:draft", args=[draft.pk])
    response = Client().get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize(
    "name", ["policy:draft", "policy:compare", "policy:edit_sections", "policy:approve"]
)
def test_a_version_that_does_not_exist_is_not_found(admin, name):
    assert _client(admin).get(reverse(name, args=[99999])).status_code == 404


def test_an_unknown_rule_group_is_not_found(admin, draft):
    url = reverse("policy:edit_rules", args=[draft.pk, "no_such_group"])
    assert _client(admin).get(url).status_code == 404
