"""silah.audit's tests: install the test-only app that holds a record under history.

Silah has no model of its own that the audit app could test history on, and the tests must
not add history to other apps' models. So `silah.audit.tests.testapp` (with a real
migration) is added to the app registry when pytest collects these tests, before the test
database is created: Django's test database set-up then migrates it like any other app, on
SQLite and on PostgreSQL. Only this one app is added; the other apps' ready() are not run
again (which override_settings(INSTALLED_APPS=...) would do). If settings ever install the
app themselves, this does nothing.
"""

import pytest
from django.apps import AppConfig, apps
from django.contrib.auth.models import Permission

from silah.accounts.factories import UserFactory

TEST_APP = "silah.audit.tests.testapp"


def _install_test_app() -> None:
    if apps.is_installed(TEST_APP):
        return
    config = AppConfig.create(TEST_APP)
    config.apps = apps
    apps.app_configs[config.label] = config
    config.import_models()
    apps.clear_cache()
    config.ready()


_install_test_app()


def _grant(user, *permissions: str):
    """Give user these "app_label.codename" permissions; return it afresh (no perm cache)."""
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def clerk(db):
    """A member of staff with no audit permission."""
    return UserFactory(username="clerk", first_name="خالد", last_name="العتيبي")


@pytest.fixture
def auditor(db):
    """A manager allowed to see audit trails, but not sensitive values."""
    return _grant(
        UserFactory(username="auditor", first_name="نورة", last_name="القحطاني"),
        "audit.view_audit",
    )


@pytest.fixture
def chief_auditor(db):
    """Allowed to see audit trails and the sensitive values in them."""
    return _grant(
        UserFactory(username="chief", first_name="منى", last_name="الشهري"),
        "audit.view_audit",
        "audit.view_sensitive_changes",
    )


@pytest.fixture
def grant(db):
    return _grant
