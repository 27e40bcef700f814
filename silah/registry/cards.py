"""The registry's navigation entry and dashboard card (counts only, no personal data)."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.audit.models import register_read_label
from silah.core import dashboard, navigation
from silah.registry import queries_list, tabs
from silah.registry.access import beneficiaries_for


def beneficiaries_card(request: HttpRequest) -> dashboard.Card | None:
    if not queries_list.sees_files(request.user):
        return None
    counts = queries_list.list_counts(beneficiaries_for(request.user))
    url = reverse("registry:list")
    return dashboard.Card(
        title=_("ملفات المستفيدين"),
        value=counts["total"],
        description=_("الملفات التي تطّلع عليها."),
        url=url,
        tone="secondary",
        items=[
            (_("متقدمون لم يُبتّ في ملفاتهم"), str(counts["applicants"])),
            (_("ملفات ينقصها شيء"), str(counts["attention"])),
        ],
    )


def register() -> None:
    navigation.register(
        navigation.NavItem(
            label=gettext_lazy("المستفيدون"),
            url_name="registry:list",
            icon="people",
            order=100,
            visible=lambda request: queries_list.sees_files(request.user),
        )
    )
    dashboard.register(order=100)(beneficiaries_card)
    for key, label, url_name, order in (
        ("personal", gettext_lazy("البيانات الشخصية"), "registry:file", 10),
        ("household", gettext_lazy("الأسرة"), "registry:household", 20),
        ("history", gettext_lazy("السجل"), "registry:history", 90),
    ):
        tabs.register(tabs.FileTab(key=key, label=label, url_name=url_name, order=order))
    for code, label in (
        ("personal", gettext_lazy("البيانات الشخصية")),
        ("household", gettext_lazy("الأسرة")),
        ("history", gettext_lazy("سجل التغييرات")),
        ("edit", gettext_lazy("تعديل البيانات")),
        ("status", gettext_lazy("تغيير الحالة")),
        ("household_edit", gettext_lazy("تعديل الأسرة")),
    ):
        register_read_label(code, label)
