from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "silah.applications"
    label = "applications"
    verbose_name = _("طلبات الخدمات")
    role_permissions = {
        "relations_officer": [
            "applications.receive_application",
            "applications.refer_beneficiary",
            "applications.deliver_service",
            "applications.view_application",
        ],
        "social_researcher": [
            "applications.conduct_research",
            "applications.answer_referral",
            "applications.view_application",
        ],
        "manager": [
            "applications.receive_application",
            "applications.assign_researcher",
            "applications.conduct_research",
            "applications.record_decision",
            "applications.deliver_service",
            "applications.hand_over_work",
            "applications.refer_beneficiary",
            "applications.answer_referral",
            "applications.export_disbursements",
            "applications.view_application",
        ],
        "committee_member": ["applications.view_application"],
    }

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from silah.accounts.models import Branch
        from silah.applications import (
            access,
            cards,
            clocks,
            committee,
            people,
            queries_screens,
            screens,
        )
        from silah.registry import holders
        from silah.services.models import Service

        for model in (Branch, Service):
            for signal in (post_save, post_delete):
                signal.connect(
                    queries_screens.filter_lists_changed,
                    sender=model,
                    dispatch_uid=f"queue-filters.{model._meta.label}.{signal is post_save}",
                )
        clocks.register()
        access.register()
        committee.register()
        cards.register()
        screens.register()
        holders.register(
            holders.Holder(
                key="applications",
                label=_("طلبات الخدمات"),
                order=60,
                merge=people.merge,
                export=people.export,
                destroy=people.destroy,
            )
        )
