"""Helpers for committees' tests."""

from django.apps import apps


def row_counts() -> dict[str, int]:
    """Rows in every table of the committees app (history tables included): a refused action
    must leave them all as they were."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("committees").get_models()
    }
