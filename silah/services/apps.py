from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The public catalogue: no login, and staff who have not yet acknowledged the policy may read
# it too (like the published policy).
PUBLIC_URL_NAMES = ("services:public_catalogue", "services:public_service")


class ServicesConfig(AppConfig):
    name = "silah.services"
    label = "services"
    verbose_name = _("دليل الخدمات")
    role_permissions = {
        "administrator": ["services.manage_catalogue", "services.manage_programmes"],
        "manager": [
            "services.manage_catalogue",
            "services.manage_programmes",
            "services.run_programmes",
        ],
        "relations_officer": ["services.run_programmes"],
    }

    def ready(self) -> None:
        from silah.accounts.roles import RoleCode
        from silah.policy import middleware
        from silah.registry import access, holders
        from silah.services import navigation, people, queries

        middleware.exempt(*PUBLIC_URL_NAMES)
        navigation.register()
        access.register_scope(RoleCode.RELATIONS_OFFICER, queries.programme_participants_scope)
        holders.register(
            holders.Holder(
                key="services:enrollments",
                label=_("البرامج والحضور"),
                order=85,
                merge=people.merge,
                export=people.export,
                destroy=people.destroy,
            )
        )
