"""The main navigation: apps register entries; each role sees only what it may use."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    order: int
    permission: str | None = None  # "app_label.codename"; None: every signed-in user
    visible: Callable[[HttpRequest], bool] | None = None

    def allowed(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated:
            return False
        if self.permission and not user.has_perm(self.permission):
            return False
        return self.visible is None or self.visible(request)


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if any(existing.url_name == item.url_name for existing in _items):
        return
    _items.append(item)
    _items.sort(key=lambda entry: entry.order)


def items_for(request: HttpRequest) -> list[dict]:
    current = request.path
    entries = []
    for item in _items:
        if item.allowed(request):
            url = reverse(item.url_name)
            active = current == url or (
                url != reverse("core:dashboard") and current.startswith(url)
            )
            entries.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return entries
