from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "silah.services"
    label = "services"
    verbose_name = _("دليل الخدمات")
    role_permissions = {
        "administrator": ["services.manage_catalogue"],
        "manager": ["services.manage_catalogue"],
    }
