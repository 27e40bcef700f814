from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "silah.accounts"
    label = "accounts"
    verbose_name = _("الموظفون والفروع")

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
