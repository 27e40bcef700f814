"""The beneficiary list: scoped to the user, filtered by GET parameters that carry no personal
data, searched by POST."""

import re

import pytest
from django.test import Client

from silah.accounts.factories import UserFactory
from silah.core.identity import IdentityType
from silah.registry import services
from silah.registry.factories import BeneficiaryFactory, category, registration_fields

pytestmark = pytest.mark.django_db

LIST = "/beneficiaries/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def file_numbers(response) -> set[str]:
    return {row.file_number for row in response.context["rows"]}


def test_a_relations_officer_lists_only_their_branch(officer, branch, other_branch):
    mine = BeneficiaryFactory(branch=branch)
    BeneficiaryFactory(branch=other_branch)
    assert file_numbers(client_for(officer).get(LIST)) == {mine.file_number}


@pytest.mark.parametrize("role", ["hr", "administrator", "board_member"])
def test_roles_without_personal_data_get_an_empty_list(role, branch):
    user = UserFactory(username=role, roles=[role], branches=[branch])
    beneficiary = BeneficiaryFactory(branch=branch)
    response = client_for(user).get(LIST)
    assert response.status_code == 200
    assert file_numbers(response) == set()
    assert beneficiary.full_name not in response.content.decode()


def test_filter_by_status_category_and_attention(manager):
    orphan = BeneficiaryFactory(categories=[category("orphan")], status="active")
    BeneficiaryFactory(categories=[category("widow")], status="active")
    no_id = BeneficiaryFactory(
        identity_type=IdentityType.NONE, identity_number="", identity_reason="مولود حديثًا"
    )
    client = client_for(manager)
    assert file_numbers(client.get(LIST, {"category": category("orphan").pk})) == {
        orphan.file_number
    }
    assert len(file_numbers(client.get(LIST, {"status": "active"}))) == 2
    assert file_numbers(client.get(LIST, {"attention": "no_identity"})) == {no_id.file_number}


def test_filter_by_liaison_officer_and_branch(manager, branch):
    liaison = UserFactory(username="liaison", roles=["liaison_officer"])
    followed = BeneficiaryFactory(liaison_officer=liaison, branch=branch)
    BeneficiaryFactory()
    client = client_for(manager)
    assert file_numbers(client.get(LIST, {"liaison_officer": liaison.pk})) == {followed.file_number}
    assert file_numbers(client.get(LIST, {"branch": branch.pk})) == {followed.file_number}


def test_a_bad_filter_value_is_ignored_not_an_error(manager):
    BeneficiaryFactory()
    response = client_for(manager).get(LIST, {"status": "nonsense", "category": "x", "page": "z"})
    assert response.status_code == 200
    assert len(file_numbers(response)) == 1


def test_search_by_identity_number_mobile_file_number_and_name_is_posted(manager):
    target = services.register_beneficiary(
        actor=manager,
        **registration_fields(first_name="عبدالرحمن", family_name="الشهري", mobile="0551112233"),
    )
    services.register_beneficiary(actor=manager, **registration_fields(mobile="0559998877"))
    client = client_for(manager)
    for text in (
        target.identity_number,
        "055 111 2233",
        target.file_number,
        "عبد الرحمن محمد الشهري",
    ):
        response = client.post(LIST, {"q": text})
        assert [row.file_number for row in response.context["rows"]][:1] == [target.file_number], (
            text
        )


def test_search_stays_within_the_users_scope(officer, other_branch):
    elsewhere = BeneficiaryFactory(branch=other_branch)
    response = client_for(officer).post(LIST, {"q": elsewhere.identity_number})
    assert file_numbers(response) == set()


def test_the_list_is_paginated_and_sorted(manager):
    for _ in range(30):
        BeneficiaryFactory()
    client = client_for(manager)
    first = client.get(LIST, {"sort": "file"})
    second = client.get(LIST, {"sort": "file", "page": 2})
    numbers = [row.file_number for row in first.context["rows"]] + [
        row.file_number for row in second.context["rows"]
    ]
    assert len(numbers) == 30
    assert numbers == sorted(numbers)


def test_no_url_the_list_generates_carries_personal_data(manager):
    liaison = UserFactory(username="liaison", roles=["liaison_officer"])
    people = [BeneficiaryFactory(liaison_officer=liaison) for _ in range(30)]
    client = client_for(manager)
    pages = [
        client.get(LIST, {"sort": "name", "attention": "any"}),
        client.post(LIST + "?status=applicant", {"q": people[0].identity_number}),
        client.post(LIST, {"q": "فاطمة"}),
    ]
    for response in pages:
        html = response.content.decode()
        for link in re.findall(r'(?:href|action|hx-post|hx-get)="([^"]*)"', html):
            for person in people:
                assert person.identity_number not in link, link
            assert "966" not in link and "فاطمة" not in link, link


def test_the_search_box_posts_and_never_uses_the_query_string(manager):
    html = client_for(manager).get(LIST).content.decode()
    form = re.search(r'<form method="(\w+)"[^>]*role="search"', html)
    assert form.group(1) == "post"


def test_the_navigation_shows_beneficiaries_to_roles_that_see_files_only(officer, branch):
    hr = UserFactory(username="hr", roles=["hr"], branches=[branch])
    assert 'href="/beneficiaries/"' in client_for(officer).get("/").content.decode()
    assert 'href="/beneficiaries/"' not in client_for(hr).get("/").content.decode()


def test_the_dashboard_card_counts_the_users_files_without_naming_anyone(
    officer, branch, other_branch
):
    BeneficiaryFactory(branch=branch)
    BeneficiaryFactory(
        branch=branch, identity_type=IdentityType.NONE, identity_number="", identity_reason="س"
    )
    BeneficiaryFactory(branch=other_branch)
    response = client_for(officer).get("/")
    card = next(c for c in response.context["cards"] if c.url == LIST)
    assert card.value == 2
    assert dict(card.items)["ملفات ينقصها شيء"] == "2"
    assert "فاطمة" not in response.content.decode()
