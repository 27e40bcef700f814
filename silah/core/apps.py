from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "silah.core"
    label = "core"
    verbose_name = _("الأساس")

    def ready(self) -> None:
        from silah.core import cards, tasks

        tasks.register()
        cards.register_navigation()
