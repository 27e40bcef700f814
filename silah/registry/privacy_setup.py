"""Wiring of the PDPL part of the registry: holders, dashboard cards, navigation, the job."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.audit.models import register_read_label
from silah.core import dashboard, navigation
from silah.core.clock import ClockState
from silah.core.dates import format_dual
from silah.registry import breaches, privacy, privacy_export, retention


def privacy_requests_card(request: HttpRequest) -> dashboard.Card | None:
    """Data-subject requests late or due soon (the last 20% of their 30 days)."""
    if not request.user.has_perm(privacy.MANAGE):
        return None
    late, at_risk = privacy.open_requests_due(request.user)
    items = [
        (
            row.request.reference,
            f"{row.status.label} — {format_dual(row.status.due_on, style='short')}",
        )
        for row in [*late, *at_risk][:5]
    ]
    return dashboard.Card(
        title=_("طلبات أصحاب البيانات"),
        value=len(late) + len(at_risk),
        description=_("متأخرة: %(late)s، يقترب موعدها: %(soon)s (مهلة الرد 30 يومًا).")
        % {"late": len(late), "soon": len(at_risk)},
        url=reverse("registry:privacy_requests"),
        tone="danger" if late else ("warning" if at_risk else "success"),
        items=items,
    )


def breaches_card(request: HttpRequest) -> dashboard.Card | None:
    """Breaches whose 72-hour notice to the regulator is not done yet."""
    if not request.user.has_perm(privacy.MANAGE):
        return None
    rows = breaches.awaiting_notice(now=timezone.now())
    if not rows:
        return None
    late = [row for row in rows if row[1].state == ClockState.LATE]
    return dashboard.Card(
        title=_("حوادث تنتظر إشعار الهيئة"),
        value=len(rows),
        description=_("يُشعر المنظم خلال 72 ساعة من اكتشاف الحادثة."),
        url=reverse("registry:privacy_breaches"),
        tone="danger" if late else "warning",
        items=[(breach.reference, status.label) for breach, status in rows[:5]],
    )


def register() -> None:
    privacy_export.register_holders()
    retention.register()
    register_read_label("privacy", gettext_lazy("طلب حماية البيانات"))
    dashboard.register(order=300)(privacy_requests_card)
    dashboard.register(order=310)(breaches_card)
    navigation.register(
        navigation.NavItem(
            label=gettext_lazy("حماية البيانات"),
            url_name="registry:privacy_requests",
            icon="shield-lock",
            order=600,
            permission=privacy.RECORD,
        )
    )
