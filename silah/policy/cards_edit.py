"""The policy on the dashboard and in the navigation, for whoever reads its drafts
(administrators, board members, managers): the versions due for review."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.core import dashboard, dates, navigation
from silah.policy import queries_edit

READ_POLICY_DRAFTS = "policy.read_policy_drafts"


def review_card(request: HttpRequest) -> dashboard.Card | None:
    """How many approved versions are due for review (within 60 days, or overdue)."""
    if not request.user.has_perm(READ_POLICY_DRAFTS):
        return None
    due = queries_edit.due_for_review()
    today = dates.today()
    items = [
        (
            _("الإصدار رقم %(number)s") % {"number": version.number},
            (
                _("تجاوز موعد مراجعته (%(date)s)")
                if version.next_review_on < today
                else _("تحين مراجعته في %(date)s")
            )
            % {"date": dates.format_dual(version.next_review_on)},
        )
        for version in due
    ]
    return dashboard.Card(
        title=_("إصدارات السياسة المستحقة للمراجعة"),
        value=len(due),
        description=_("الإصدار النافذ إذا حلّ موعد مراجعته خلال %(days)s يومًا أو تجاوزه.")
        % {"days": queries_edit.REVIEW_WINDOW_DAYS},
        url=reverse("policy:manage"),
        tone="warning" if due else "success",
        items=items,
    )


_registered = False


def register() -> None:
    """The dashboard card and the navigation entry (call from PolicyConfig.ready())."""
    global _registered
    if _registered:
        return
    dashboard.register(order=310)(review_card)
    navigation.register(
        navigation.NavItem(
            label=gettext_lazy("السياسة"),
            url_name="policy:manage",
            icon="journal-text",
            order=710,
            permission=READ_POLICY_DRAFTS,
        )
    )
    _registered = True
