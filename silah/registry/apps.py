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
            "registry.record_privacy_request",
            "registry.manage_privacy",
            "registry.destroy_personal_data",
            "registry.review_duplicates",
            "registry.import_beneficiaries",
        ],
        "relations_officer": [
            "registry.register_beneficiary",
            "registry.change_beneficiary_status",
            "registry.manage_households",
            "registry.record_consent",
            "registry.manage_documents",
            "registry.record_privacy_request",
            "registry.import_beneficiaries",
        ],
        # Researchers photograph documents on their visits; liaison officers take a
        # beneficiary's withdrawal of consent on the phone.
        "social_researcher": ["registry.manage_documents"],
        "liaison_officer": ["registry.record_consent"],
    }

    def ready(self) -> None:
        from silah.registry import (
            badges,
            cards,
            consent_cards,
            import_holders,
            merge,
            privacy_setup,
            queries_list,
            search,
            tasks_duplicates,
        )

        cards.register()
        consent_cards.register_all()
        privacy_setup.register()
        merge.register_registry_holders()
        tasks_duplicates.register()
        import_holders.register()
        badges.register()
        search.register_file_number_resolver(queries_list.merged_file_number_pks)
