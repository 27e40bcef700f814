"""What messaging holds for a person (``silah.registry.holders``): merge, copy, destruction."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from silah.messaging.models import Inbound, Message


def merge(survivor, merged) -> None:
    Message.objects.filter(beneficiary=merged).update(beneficiary=survivor)
    Inbound.objects.filter(beneficiary=merged).update(beneficiary=survivor)


def export(beneficiary) -> list[dict[str, Any]]:
    rows = [
        {
            _("التاريخ"): timezone.localtime(m.created_at).strftime("%Y-%m-%d %H:%M"),
            _("القناة"): m.get_channel_display(),
            _("الحالة"): m.get_status_display(),
            _("النص"): m.body,
        }
        for m in Message.objects.filter(beneficiary=beneficiary).order_by("created_at")
    ]
    replies = [
        {
            _("التاريخ"): timezone.localtime(r.received_at).strftime("%Y-%m-%d %H:%M"),
            _("القناة"): r.get_channel_display(),
            _("النص"): r.body,
        }
        for r in Inbound.objects.filter(beneficiary=beneficiary).order_by("received_at")
    ]
    return [
        {"title": _("الرسائل المرسلة"), "rows": rows},
        {"title": _("الردود الواردة"), "rows": replies},
    ]


def destroy(beneficiary) -> None:
    Message.objects.filter(beneficiary=beneficiary).delete()
    Inbound.objects.filter(beneficiary=beneficiary).delete()
