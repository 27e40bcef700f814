"""What the request screens add to the rest of Silah (called from `AppConfig.ready`): the
navigation entries, the beneficiary file's "applications" tab, and the labels of the read
log. (The dashboard card of promises kept and missed is `cards.py`; it links to the late and
at-risk queue.)"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from silah.audit.models import register_read_label
from silah.core import navigation
from silah.registry import tabs


def _researcher_only(request: HttpRequest) -> bool:
    """The researcher's own entry; a manager reaches the visits from the queues."""
    user = request.user
    return user.has_perm("applications.conduct_research") and not user.has_perm(
        "applications.receive_application"
    )


def register() -> None:
    for item in (
        navigation.NavItem(
            label=gettext_lazy("استقبال طلب"),
            url_name="applications:intake",
            icon="person-plus",
            order=200,
            permission="applications.receive_application",
        ),
        navigation.NavItem(
            label=gettext_lazy("الطلبات"),
            url_name="applications:queues",
            icon="list-check",
            order=210,
            permission="applications.view_application",
        ),
        navigation.NavItem(
            label=gettext_lazy("زياراتي"),
            url_name="applications:my_visits",
            icon="geo-alt",
            order=220,
            visible=_researcher_only,
        ),
    ):
        navigation.register(item)
    tabs.register(
        tabs.FileTab(
            key="applications",
            label=gettext_lazy("الطلبات والمساعدات"),
            url_name="applications:file_tab",
            order=30,
            permission="applications.view_application",
        )
    )
    for code, label in (
        ("application", gettext_lazy("طلب خدمة")),
        ("applications", gettext_lazy("الطلبات والمساعدات")),
        ("intake", gettext_lazy("استقبال طلب")),
        ("research_visit", gettext_lazy("زيارة البحث الاجتماعي")),
        ("delivery", gettext_lazy("تسليم المساعدة")),
        ("application_receipt", gettext_lazy("إيصال استلام الطلب")),
        ("application_decision", gettext_lazy("خطاب القرار")),
    ):
        register_read_label(code, label)
