import pytest

from silah.accounts.factories import BranchFactory, UserFactory
from silah.applications import factories as f


@pytest.fixture
def policy(db):
    return f.in_force_policy()


@pytest.fixture
def branch(db):
    return BranchFactory()


@pytest.fixture
def officer(branch):
    return UserFactory(roles=["relations_officer"], branches=[branch])


@pytest.fixture
def manager(db):
    return UserFactory(roles=["manager"])


@pytest.fixture
def researcher(db):
    return UserFactory(roles=["social_researcher"])


@pytest.fixture
def service(db):
    return f.service_with_checklist()


@pytest.fixture
def beneficiary(branch):
    return f.ready_beneficiary(branch)
