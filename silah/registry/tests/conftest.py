import pytest

from silah.accounts.factories import BranchFactory, UserFactory


@pytest.fixture
def branch():
    return BranchFactory(name="فرع الليث")


@pytest.fixture
def other_branch():
    return BranchFactory(name="فرع القنفذة")


@pytest.fixture
def officer(branch):
    """A relations officer working at `branch`."""
    return UserFactory(username="officer", roles=["relations_officer"], branches=[branch])


@pytest.fixture
def manager():
    return UserFactory(username="manager", roles=["manager"])
