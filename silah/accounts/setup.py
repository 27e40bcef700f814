"""Roles and what each may do, kept in place after every migrate (and every test flush).

Migration 0003 creates the roles the first time. Each app declares what its permissions
give to which role, as `role_permissions` on its AppConfig:

    class CoreConfig(AppConfig):
        role_permissions = {"administrator": ["core.manage_calendar"]}

`sync_roles()` runs on post_migrate once the last app has migrated: it makes sure every role
exists with its group and holds the permissions the apps declare. It only adds; a grant
removed from a declaration is removed by a migration of that app.
"""

from django.apps import AppConfig, apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission

# code, Arabic name, English name, order (as migration 0003 created them)
ROLES = [
    ("relations_officer", "موظف علاقات المستفيدين", "Relations officer", 10),
    ("social_researcher", "الباحث الاجتماعي", "Social researcher", 20),
    ("committee_member", "عضو لجنة", "Committee member", 30),
    ("liaison_officer", "ضابط الاتصال", "Liaison officer", 40),
    ("manager", "المدير التنفيذي", "Manager / executive director", 50),
    ("hr", "الموارد البشرية", "HR", 60),
    ("board_member", "عضو مجلس الإدارة", "Board member", 70),
    ("administrator", "مدير النظام", "Administrator", 80),
]


def declared_grants() -> dict[str, set[str]]:
    """role code → {"app_label.codename", …} gathered from every app's AppConfig."""
    grants: dict[str, set[str]] = {}
    for config in apps.get_app_configs():
        for code, permissions in getattr(config, "role_permissions", {}).items():
            grants.setdefault(code, set()).update(permissions)
    return grants


def sync_roles(verbosity: int = 0) -> None:
    from silah.accounts.models import Role

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=verbosity)
    for code, name, name_en, order in ROLES:
        group, _created = Group.objects.get_or_create(name=code)
        Role.objects.get_or_create(
            code=code, defaults={"group": group, "name": name, "name_en": name_en, "order": order}
        )
    for code, permissions in declared_grants().items():
        group = Group.objects.get(role__code=code)
        for dotted in sorted(permissions):
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


def on_post_migrate(sender: AppConfig, verbosity: int = 0, **kwargs) -> None:
    # Django sends post_migrate only to apps with a models module: wait for the last of those.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if sender is with_models[-1]:
        sync_roles(verbosity=0)
