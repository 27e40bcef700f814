"""Seed the work week (Friday and Saturday off) and 2025–2030's holidays from `holidays`.

The worker's daily job keeps seeding the coming years; administrators confirm or correct
the estimated Islamic dates when the official announcement comes.
"""

from django.db import migrations

FIRST_YEAR, LAST_YEAR = 2025, 2030


def seed(apps, schema_editor):
    from silah.core.services import HOLIDAY_NAMES, package_base_dates

    CalendarSettings = apps.get_model("core", "CalendarSettings")
    Holiday = apps.get_model("core", "Holiday")
    CalendarSettings.objects.get_or_create(pk=1, defaults={"weekend_days": [4, 5]})
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        if Holiday.objects.filter(source="package", start__year=year).exists():
            continue
        for kind, start, estimated in package_base_dates(year):
            Holiday.objects.create(
                kind=kind,
                name=HOLIDAY_NAMES[kind],
                start=start,
                days=4 if kind in ("eid_al_fitr", "eid_al_adha") else 1,
                status="estimated" if estimated else "confirmed",
                source="package",
            )


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
