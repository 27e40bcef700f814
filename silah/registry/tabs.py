"""The tabs of a beneficiary's file page: each app registers the tab it shows.

A tab is a page of its own (`url_name` takes the beneficiary's pk), so each works without
JavaScript and each read is logged by the view that serves it.
"""

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class FileTab:
    key: str
    label: str | Promise
    url_name: str
    order: int = 100
    permission: str | None = None  # "app_label.codename"; None: whoever may open the file


_tabs: dict[str, FileTab] = {}


def register(tab: FileTab) -> None:
    _tabs[tab.key] = tab


def tabs_for(request: HttpRequest, beneficiary, current: str) -> list[dict]:
    """The tabs `request.user` may use on `beneficiary`'s file, `current` marked active."""
    entries = []
    for tab in sorted(_tabs.values(), key=lambda item: (item.order, item.key)):
        if tab.permission and not request.user.has_perm(tab.permission):
            continue
        entries.append(
            {
                "key": tab.key,
                "label": tab.label,
                "url": reverse(tab.url_name, args=[beneficiary.pk]),
                "active": tab.key == current,
            }
        )
    return entries


def file_url_names() -> frozenset[str]:
    """The URL names of the registered tabs (each takes the beneficiary's pk)."""
    return frozenset(tab.url_name for tab in _tabs.values())
