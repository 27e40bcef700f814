"""Receivers that keep the acknowledgement state cached with each user's facts
(`accounts/access.py`) true: an acknowledgement recorded or removed changes its signer's; a
version approved or superseded changes everyone's. Cache invalidation only."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from silah.accounts.access import bump
from silah.policy.models import Acknowledgement, PolicyVersion


def _acknowledgement_changed(sender: Any, instance: Acknowledgement, **kwargs: Any) -> None:
    bump([instance.user_id])


def _version_changed(sender: Any, instance: PolicyVersion, **kwargs: Any) -> None:
    # A draft being edited changes nobody's page; a version in force (or leaving it) does.
    if instance.status != PolicyVersion.Status.DRAFT:
        bump()


def connect() -> None:
    for signal, suffix in ((post_save, "save"), (post_delete, "delete")):
        signal.connect(
            _acknowledgement_changed, sender=Acknowledgement, dispatch_uid=f"access.ack.{suffix}"
        )
        signal.connect(_version_changed, sender=PolicyVersion, dispatch_uid=f"access.ver.{suffix}")
