"""The common beneficiary categories; an association edits, hides or adds its own."""

from django.db import migrations

# code, Arabic name, English name, sensitive (PDPL), has a type, order
CATEGORIES = [
    ("disability", "شخص ذو إعاقة", "Person with a disability", True, True, 10),
    ("orphan", "يتيم", "Orphan", False, False, 20),
    ("widow", "أرملة", "Widow", False, False, 30),
    ("divorcee", "مطلقة", "Divorcee", False, False, 40),
    ("prisoner_family", "أسرة سجين", "Prisoner's family", True, False, 50),
    ("patient", "مريض", "Patient", True, False, 60),
    ("elderly", "مسن", "Elderly", False, False, 70),
    ("low_income", "ذو دخل محدود", "Low income", False, False, 80),
]


def seed(apps, schema_editor):
    Category = apps.get_model("registry", "Category")
    for code, name, name_en, sensitive, has_type, order in CATEGORIES:
        Category.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "sensitive": sensitive,
                "has_type": has_type,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    Category = apps.get_model("registry", "Category")
    Category.objects.filter(code__in=[row[0] for row in CATEGORIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
