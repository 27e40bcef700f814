"""Administrators manage the working calendar."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="core", model="holiday")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="manage_calendar",
        defaults={"name": "إدارة تقويم العمل والإجازات"},
    )
    for group in Group.objects.filter(role__code="administrator"):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_manage_calendar_permission"),
        ("accounts", "0003_create_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
