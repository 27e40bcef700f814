from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "silah.committees"
    label = "committees"
    verbose_name = _("اللجان")
    role_permissions = {
        "administrator": ["committees.manage_committees"],
        "manager": ["committees.manage_committees"],
        "committee_member": ["committees.attend_meetings"],
    }

    def ready(self) -> None:
        from silah.accounts.roles import RoleCode
        from silah.committees import navigation
        from silah.committees.access import committee_scope
        from silah.registry.access import register_scope

        register_scope(RoleCode.COMMITTEE_MEMBER, committee_scope)
        navigation.register()
