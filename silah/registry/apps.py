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
            "registry.record_consent",
            "registry.manage_documents",
            "registry.manage_document_types",
        ],
        "relations_officer": [
            "registry.register_beneficiary",
            "registry.change_beneficiary_status",
            "registry.manage_households",
            "registry.record_consent",
            "registry.manage_documents",
        ],
        # Researchers photograph documents on their visits; liaison officers take a
        # beneficiary's withdrawal of consent on the phone.
        "social_researcher": ["registry.manage_documents"],
        "liaison_officer": ["registry.record_consent"],
    }

    def ready(self) -> None:
        from silah.registry import consent_cards

        consent_cards.register_all()
