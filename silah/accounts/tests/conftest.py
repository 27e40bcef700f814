import pytest
from django.test import Client

from silah.accounts.factories import PASSWORD, AdministratorFactory, UserFactory
from silah.accounts.models import User


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def administrator(db) -> User:
    return AdministratorFactory(username="admin", first_name="خالد", last_name="العتيبي")


@pytest.fixture
def admin_client(administrator: User) -> Client:
    client = Client()
    client.force_login(administrator)
    return client


@pytest.fixture
def officer(db) -> User:
    return UserFactory(username="sara", email="sara@example.org", roles=["relations_officer"])


@pytest.fixture
def officer_client(officer: User) -> Client:
    client = Client()
    client.force_login(officer)
    return client
