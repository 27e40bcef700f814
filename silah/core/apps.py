from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

SEEDED_YEARS = range(2025, 2031)


def ensure_calendar(sender: AppConfig, using: str = "default", **kwargs) -> None:
    """The work week and the seeded years' holidays exist after every migrate (and flush).

    The migration 0002 seeds them the first time; this puts them back after a test
    database is flushed, and is a no-op otherwise (a year already seeded is left alone).
    """
    from silah.core.models import CalendarSettings
    from silah.core.services import seed_holidays

    CalendarSettings.load()
    for year in SEEDED_YEARS:
        seed_holidays(year)


class CoreConfig(AppConfig):
    name = "silah.core"
    label = "core"
    verbose_name = _("الأساس")
    role_permissions = {"administrator": ["core.manage_calendar"]}

    def ready(self) -> None:
        from silah.core import cards, tasks

        tasks.register()
        cards.register_navigation()
        post_migrate.connect(ensure_calendar, sender=self, dispatch_uid="silah.core.calendar")
