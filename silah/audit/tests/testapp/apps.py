from django.apps import AppConfig


class AuditTestAppConfig(AppConfig):
    """A test-only app: a record under history for silah.audit's tests (see ../conftest.py)."""

    name = "silah.audit.tests.testapp"
    label = "audit_testapp"
    default_auto_field = "django.db.models.BigAutoField"
