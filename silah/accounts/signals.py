"""Receivers that keep `accounts/access.py`'s cached facts true: whatever changes a user's
permissions, roles or two-factor state increments their `access_version` in the same
transaction. Cache invalidation only; no business rule lives here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save

from silah.accounts.access import bump
from silah.accounts.models import Role, User

CHANGES = {"post_add", "post_remove", "post_clear"}


def _users_of_groups(group_ids: Any) -> list[int]:
    return list(User.objects.filter(groups__in=list(group_ids)).values_list("pk", flat=True))


def _user_m2m_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """User.groups and User.user_permissions, from either side."""
    if not reverse:
        if action in CHANGES:
            bump([instance.pk])
        return
    if action == "pre_clear":  # the group (or permission) loses all its users
        bump(_users_holding(sender, instance))
    elif action in CHANGES and pk_set:
        bump(pk_set)


def _users_holding(sender: Any, instance: Any) -> list[int]:
    if sender is User.groups.through:
        return list(User.objects.filter(groups=instance).values_list("pk", flat=True))
    return list(User.objects.filter(user_permissions=instance).values_list("pk", flat=True))


def _group_permissions_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    """Group.permissions: every member of the group (or of the groups, from the permission's
    side)."""
    if action not in CHANGES and action != "pre_clear":
        return
    if not reverse:
        if action != "pre_clear":
            bump(_users_of_groups([instance.pk]))
        return
    if action == "pre_clear":
        bump(_users_of_groups(Group.objects.filter(permissions=instance).values("pk")))
    elif pk_set:
        bump(_users_of_groups(pk_set))


def _role_saved(sender: Any, instance: Role, **kwargs: Any) -> None:
    """A role's two-factor rule (or anything else of it) changed: its members."""
    bump(_users_of_groups([instance.group_id]))


def _device_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A two-factor device added, confirmed or removed."""
    bump([instance.user_id])


def connect() -> None:
    from django_otp import device_classes

    m2m_changed.connect(_user_m2m_changed, sender=User.groups.through, dispatch_uid="access.groups")
    m2m_changed.connect(
        _user_m2m_changed, sender=User.user_permissions.through, dispatch_uid="access.user_perms"
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid="access.group_perms",
    )
    post_save.connect(_role_saved, sender=Role, dispatch_uid="access.role")
    for model in device_classes():
        uid = f"access.device.{model._meta.label}"
        post_save.connect(_device_changed, sender=model, dispatch_uid=uid + ".save")
        post_delete.connect(_device_changed, sender=model, dispatch_uid=uid + ".delete")
