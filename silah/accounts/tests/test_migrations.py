"""The accounts migrations are complete and the roles they create are usable."""

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_models_and_migrations_agree():
    out = StringIO()
    call_command("makemigrations", "accounts", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_accounts_permissions_exist_before_post_migrate_would_make_them():
    from django.contrib.auth.models import Permission

    codenames = set(
        Permission.objects.filter(content_type__app_label="accounts").values_list(
            "codename", flat=True
        )
    )
    assert {"manage_staff", "manage_branches", "manage_roles"} <= codenames


def test_the_data_migration_can_run_twice_without_duplicates():
    from django.apps import apps as global_apps

    from silah.accounts.models import Role

    module = __import__("silah.accounts.migrations.0003_create_roles", fromlist=["create_roles"])
    module.create_roles(global_apps, None)
    assert Role.objects.count() == 8
