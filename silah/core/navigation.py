"""The main navigation: apps register entries; each role sees only what it may use."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import get_script_prefix, reverse
from django.utils.functional import Promise
from django.utils.translation import get_language


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


@lru_cache(maxsize=256)
def _reverse(url_name: str, language: str | None, prefix: str) -> str:
    return reverse(url_name)


@receiver(setting_changed)
def _forget_urls(*, setting: str, **kwargs: object) -> None:
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()


def _url(url_name: str) -> str:
    """The entry's address, reversed once per language and script prefix (every page shows
    the menu)."""
    return _reverse(url_name, get_language(), get_script_prefix())


def items_for(request: HttpRequest) -> list[dict]:
    current = request.path
    dashboard = _url("core:dashboard")
    entries = []
    for item in _items:
        if item.allowed(request):
            url = _url(item.url_name)
            active = current == url or (url != dashboard and current.startswith(url))
            entries.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return entries
