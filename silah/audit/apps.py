from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "silah.audit"
    label = "audit"
    verbose_name = _("التدقيق")
    # The association's manager sees who changed and who read a file (issue 3, 5).
    role_permissions = {"manager": ["audit.view_audit", "audit.view_sensitive_changes"]}
