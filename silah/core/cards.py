"""The core app's dashboard cards and navigation entries."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.core import dashboard, navigation, queries
from silah.core.dates import format_dual
from silah.core.models import WorkerPing


@dashboard.register(order=900)
def holidays_to_confirm(request: HttpRequest) -> dashboard.Card | None:
    if not request.user.has_perm("core.manage_calendar"):
        return None
    pending = list(queries.holidays_to_confirm(today=timezone.localdate())[:3])
    count = queries.holidays_to_confirm(today=timezone.localdate()).count()
    return dashboard.Card(
        title=_("إجازات تنتظر التأكيد"),
        value=count,
        description=_("تواريخ تقديرية تؤكَّد أو تصحَّح عند الإعلان الرسمي."),
        url=reverse("core:holidays"),
        tone="warning" if count else "success",
        items=[(h.display_name, format_dual(h.start)) for h in pending],
    )


@dashboard.register(order=910)
def worker_status(request: HttpRequest) -> dashboard.Card | None:
    if not request.user.has_perm("core.manage_calendar"):
        return None
    last = WorkerPing.objects.filter(done_at__isnull=False).first()
    return dashboard.Card(
        title=_("العامل الخلفي"),
        value=_("يعمل") if last else _("لم يُفحص بعد"),
        description=(
            _("آخر فحص ناجح: %(when)s")
            % {"when": timezone.localtime(last.done_at).strftime("%Y-%m-%d %H:%M")}
            if last
            else _("افحص أن المهام الخلفية تُنفّذ.")
        ),
        url=reverse("core:worker_check"),
        tone="success" if last else "secondary",
    )


def register_navigation() -> None:
    navigation.register(
        navigation.NavItem(
            label=gettext_lazy("الرئيسية"), url_name="core:dashboard", icon="house", order=0
        )
    )
    navigation.register(
        navigation.NavItem(
            label=gettext_lazy("تقويم العمل"),
            url_name="core:holidays",
            icon="calendar3",
            order=800,
            permission="core.manage_calendar",
        )
    )
