from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PolicyConfig(AppConfig):
    name = "silah.policy"
    label = "policy"
    verbose_name = _("السياسة")
    role_permissions = {
        "administrator": [
            "policy.manage_organization",
            "policy.edit_policy",
            "policy.read_policy_drafts",
        ],
        "board_member": ["policy.read_policy_drafts"],
        "manager": ["policy.read_policy_drafts", "policy.view_acknowledgements"],
        "hr": ["policy.view_acknowledgements"],
    }

    def ready(self) -> None:
        from silah.policy import cards_ack, cards_edit, signals

        signals.connect()

        cards_ack.register()
        cards_edit.register()
