from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "silah.accounts"
    label = "accounts"
    verbose_name = _("الموظفون والفروع")
    role_permissions = {
        "administrator": [
            "accounts.manage_staff",
            "accounts.manage_branches",
            "accounts.manage_roles",
        ],
    }

    def ready(self) -> None:
        from silah.accounts import dashboard
        from silah.core import navigation

        navigation.register(
            navigation.NavItem(
                label=_("الموظفون"),
                url_name="accounts:staff_list",
                icon="people",
                order=910,
                permission="accounts.manage_staff",
            )
        )
        navigation.register(
            navigation.NavItem(
                label=_("الفروع"),
                url_name="accounts:branch_list",
                icon="building",
                order=920,
                permission="accounts.manage_branches",
            )
        )
        navigation.register(
            navigation.NavItem(
                label=_("الأدوار"),
                url_name="accounts:role_list",
                icon="shield-lock",
                order=930,
                permission="accounts.manage_roles",
            )
        )
        dashboard.register_cards()

        from silah.accounts import signals
        from silah.accounts.setup import on_post_migrate

        signals.connect()

        post_migrate.connect(on_post_migrate, dispatch_uid="silah.accounts.roles")
