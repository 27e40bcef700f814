"""Shared pytest configuration: settings for tests and the browser fixtures' home."""

import pytest


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a user's facts (`accounts/access.py`) kept by
    another test must not answer for a user of this one's database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_working_calendar():
    """Each test's database has its own calendar: never reuse another test's snapshot."""
    from silah.core.workdays import forget_cached_calendar

    forget_cached_calendar()
    yield
    forget_cached_calendar()


@pytest.fixture(autouse=True)
def _arabic_by_default():
    """Every test starts in Arabic: a request to /en/… must not leak English to the next test
    (reverse() follows the thread's active language)."""
    from django.utils import translation

    translation.activate("ar")
    yield
    translation.deactivate()
