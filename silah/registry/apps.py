from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "silah.registry"
    label = "registry"
    verbose_name = _("سجل المستفيدين")
    # Who may see which files is decided by silah.registry.access (by branch, assignment or
    # category); these permissions gate the actions themselves.
    role_permissions = {
        "manager": [
            "registry.view_all_beneficiaries",
            "registry.register_beneficiary",
            "registry.change_beneficiary_status",
            "registry.manage_households",
            "registry.manage_categories",
            "registry.import_beneficiaries",
        ],
        "relations_officer": [
            "registry.register_beneficiary",
            "registry.change_beneficiary_status",
            "registry.manage_households",
            "registry.import_beneficiaries",
        ],
    }

    def ready(self) -> None:
        from silah.registry import import_holders

        import_holders.register()
