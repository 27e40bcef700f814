"""Create Silah's staff roles: a group and a Role row each, with the accounts permissions.

The definitions are frozen here (not imported from the app) so that this migration gives
the same result whatever the code looks like later. Permission rows are created here
because post_migrate, which normally creates them, has not run yet on a fresh database.
"""

from django.db import migrations

# code, Arabic name, English name, order
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

# model, codename, name
PERMISSIONS = [
    ("user", "manage_staff", "إدارة الموظفين"),
    ("branch", "manage_branches", "إدارة الفروع والمكاتب"),
    ("role", "manage_roles", "إدارة الأدوار"),
]

GRANTS = {
    "administrator": ["manage_staff", "manage_branches", "manage_roles"],
}


def create_roles(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    Role = apps.get_model("accounts", "Role")

    permissions = {}
    for model, codename, name in PERMISSIONS:
        content_type, _ = ContentType.objects.get_or_create(app_label="accounts", model=model)
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        permissions[codename] = permission

    for code, name, name_en, order in ROLES:
        group, _ = Group.objects.get_or_create(name=code)
        Role.objects.update_or_create(
            code=code, defaults={"group": group, "name": name, "name_en": name_en, "order": order}
        )
        for codename in GRANTS.get(code, []):
            group.permissions.add(permissions[codename])


def remove_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Role = apps.get_model("accounts", "Role")
    codes = [code for code, *_ in ROLES]
    Role.objects.filter(code__in=codes).delete()
    Group.objects.filter(name__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles_permissions_history"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
