"""The facts every page reads about its user, kept between pages (`accounts/access.py`): read
once, and read again on the next page after anything that changes them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from silah.accounts import access
from silah.accounts.factories import AdministratorFactory, UserFactory, add_authenticator
from silah.accounts.models import Role, User
from silah.accounts.services import set_role_two_factor
from silah.policy.factories import PolicyVersionFactory
from silah.policy.models import Acknowledgement, PolicyVersion

pytestmark = pytest.mark.django_db

QUEUES = "/requests/"
PROFILE = "/accounts/profile/"


def _fresh(user: User) -> User:
    """The user as the next page loads them."""
    return User.objects.get(pk=user.pk)


@pytest.fixture
def officer():
    return UserFactory(roles=["relations_officer"])


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


def test_the_facts_are_read_once_then_kept_for_the_next_page(officer, django_assert_num_queries):
    access.access_of(_fresh(officer))
    again = _fresh(officer)
    with django_assert_num_queries(0):
        access.prime(again)  # as AccessMiddleware does
        facts = access.access_of(again)
        assert again.has_perm("applications.receive_application")
    assert "relations_officer" in facts.roles


def test_a_role_taken_away_is_seen_on_the_next_page(officer, officer_client):
    assert officer_client.get(QUEUES).status_code == 200
    officer.groups.clear()
    assert officer_client.get(QUEUES).status_code == 403


def test_a_role_given_is_seen_on_the_next_page(officer):
    access.access_of(_fresh(officer))
    officer.groups.add(Group.objects.get(role__code="administrator"))
    assert access.access_of(_fresh(officer)).roles >= {"administrator", "relations_officer"}


def test_a_member_added_from_the_group_side_is_seen(officer):
    access.access_of(_fresh(officer))
    Group.objects.get(role__code="manager").user_set.add(officer)
    assert "manager" in access.access_of(_fresh(officer)).roles


def test_a_permission_taken_from_a_role_is_seen_by_its_members(officer):
    assert _fresh(officer).has_perm("applications.receive_application")
    group = Group.objects.get(role__code="relations_officer")
    group.permissions.remove(
        Permission.objects.get(
            codename="receive_application", content_type__app_label="applications"
        )
    )
    assert not _fresh(officer).has_perm("applications.receive_application")


def test_a_role_that_comes_to_require_two_factor_sends_its_members_to_set_it_up(
    officer, officer_client
):
    assert officer_client.get(PROFILE).status_code == 200
    role = Role.objects.get(code="relations_officer")
    set_role_two_factor(role, required=True, actor=AdministratorFactory())
    response = officer_client.get(QUEUES)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/setup/")


def test_an_authenticator_added_elsewhere_asks_for_its_code_on_the_next_page(
    officer, officer_client
):
    assert officer_client.get(QUEUES).status_code == 200
    add_authenticator(officer)
    response = officer_client.get(QUEUES)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-factor/verify/")


def test_a_version_coming_into_force_asks_everyone_to_acknowledge_it(officer, officer_client):
    assert officer_client.get(QUEUES).status_code == 200
    PolicyVersionFactory(in_force=True)
    response = officer_client.get(QUEUES)
    assert response.status_code == 302
    assert "/policy/acknowledge" in response.url


def test_an_acknowledgement_is_seen_on_the_next_page(officer, officer_client):
    version = PolicyVersionFactory(in_force=True)
    assert officer_client.get(QUEUES).status_code == 302
    Acknowledgement.objects.create(version=version, user=officer, typed_name="سارة الحربي")
    assert officer_client.get(QUEUES).status_code == 200


def test_editing_a_draft_changes_nobody_s_facts(officer):
    version = _fresh(officer).access_version
    PolicyVersionFactory(status=PolicyVersion.Status.DRAFT)
    assert _fresh(officer).access_version == version


def test_an_inactive_user_has_no_facts(officer):
    officer.is_active = False
    assert access.access_of(officer) is None
