"""Roles and the permissions apps declare for them survive every migrate and flush."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from silah.accounts.setup import declared_grants, sync_roles

pytestmark = pytest.mark.django_db


def test_apps_declare_what_their_permissions_give_to_roles():
    grants = declared_grants()
    assert "core.manage_calendar" in grants["administrator"]
    assert "audit.view_audit" in grants["manager"]


def test_the_manager_may_audit_records():
    manager = Group.objects.get(role__code="manager")
    assert manager.permissions.filter(codename="view_audit").exists()


def test_roles_come_back_after_a_flush():
    call_command("flush", "--noinput", verbosity=0)
    assert Group.objects.filter(role__code="administrator").exists()
    admin = Group.objects.get(role__code="administrator")
    assert admin.permissions.filter(codename="manage_calendar").exists()


def test_syncing_twice_changes_nothing():
    sync_roles()
    before = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    sync_roles()
    after = {
        g.name: set(g.permissions.values_list("codename", flat=True)) for g in Group.objects.all()
    }
    assert before == after
