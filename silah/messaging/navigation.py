"""Messaging's entries in the main navigation."""

from django.utils.translation import gettext_lazy as _

from silah.core import navigation


def register() -> None:
    navigation.register(
        navigation.NavItem(
            label=_("قوالب الرسائل"),
            url_name="messaging:templates",
            icon="chat-square-text",
            order=700,
            permission="messaging.manage_templates",
        )
    )
    navigation.register(
        navigation.NavItem(
            label=_("الإعلانات"),
            url_name="messaging:announcements",
            icon="megaphone",
            order=710,
            permission="messaging.send_announcement",
        )
    )
    navigation.register(
        navigation.NavItem(
            label=_("الخطابات والاتصالات"),
            url_name="messaging:work",
            icon="printer",
            order=720,
            permission="messaging.view_messages",
        )
    )
