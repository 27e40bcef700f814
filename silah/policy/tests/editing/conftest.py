"""Fixtures shared by the editing-screen tests: an administrator who has acknowledged the
version in force, logged in, with a draft started from it. In their own folder, so that the
other policy tests keep pytest-django's anonymous `client`."""

import pytest
from django.test import Client

from silah.accounts.factories import UserFactory
from silah.policy import services
from silah.policy.factories import PolicyVersionFactory
from silah.policy.models import Acknowledgement


@pytest.fixture
def admin():
    return UserFactory(username="edit_admin", roles=["administrator"])


@pytest.fixture
def in_force(admin):
    version = PolicyVersionFactory(in_force=True)
    Acknowledgement.objects.create(version=version, user=admin, typed_name="خالد العتيبي")
    return version


@pytest.fixture
def client(admin):
    client = Client()
    client.force_login(admin)
    return client


@pytest.fixture
def draft(in_force, admin):
    return services.start_draft(in_force.organization, actor=admin)
