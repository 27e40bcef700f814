"""The registry's screens, under /beneficiaries/ (no personal data in any path or query)."""

from django.urls import path  # noqa: F401  (the screens add their patterns here)

app_name = "registry"

urlpatterns: list = []
