from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def ensure_default_templates(sender: AppConfig, **kwargs) -> None:
    """The shipped templates exist after every migrate (and every flush of a test database);
    templates an administrator edited are left as they are."""
    from silah.messaging.defaults import seed_default_templates

    seed_default_templates()


class MessagingConfig(AppConfig):
    name = "silah.messaging"
    label = "messaging"
    verbose_name = _("الرسائل")
    role_permissions = {
        "administrator": ["messaging.manage_templates"],
        "manager": [
            "messaging.view_messages",
            "messaging.resend_message",
            "messaging.send_announcement",
            "messaging.print_letters",
        ],
        "relations_officer": [
            "messaging.view_messages",
            "messaging.resend_message",
            "messaging.print_letters",
        ],
        "liaison_officer": ["messaging.view_messages", "messaging.resend_message"],
        "social_researcher": ["messaging.view_messages"],
    }

    def ready(self) -> None:
        from silah.messaging import announcements, people, reminders, tasks
        from silah.policy.services import on_version_approved
        from silah.registry import holders, tabs

        tasks.register()
        reminders.register()
        post_migrate.connect(
            ensure_default_templates, sender=self, dispatch_uid="silah.messaging.templates"
        )
        tabs.register(
            tabs.FileTab(
                key="messages",
                label=_("الرسائل"),
                url_name="messaging:file_messages",
                order=80,
                permission="messaging.view_messages",
            )
        )
        holders.register(
            holders.Holder(
                key="messaging",
                label=_("الرسائل"),
                order=80,
                merge=people.merge,
                export=people.export,
                destroy=people.destroy,
            )
        )
        on_version_approved(announcements.tell_policy_version)
        from silah.messaging import navigation

        navigation.register()
