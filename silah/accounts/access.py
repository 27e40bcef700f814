"""What every page asks about its user, remembered between pages.

Every page of a signed-in member of staff needs the same facts about them: their permissions
(the menu and the page's guards), their role codes, their two-factor state (a confirmed
authenticator; a role that requires one) and whether they acknowledged the policy in force.
Read afresh they cost five queries a page, and more time building the queries than the
database spends answering them.

They are kept in the cache (each worker's memory unless CACHES says otherwise) under a key
that carries the user's `access_version`. Whatever could change them increments that number
in the same transaction (`bump`, from the receivers in `accounts/signals.py`): a role given or
taken, a role's permissions or its two-factor rule, a device added or removed, an
acknowledgement, a policy version approved or superseded. The user's row is read on every
page anyway, so the next page in any worker sees the new number and reads the facts again. An
entry also expires after `ACCESS_TTL` seconds, so a change made around these receivers (raw SQL
in a shell) is seen within that time.

The facts are a cache, never an authority: a deactivated user is refused by Django before
they are read (`is_active` is on the row), and `two_factor_required`, `role_codes` and the
acknowledgement screens still read the database where a decision is written.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db.models import F

ACCESS_TTL = 300  # seconds
_ATTRIBUTE = "_silah_access"


@dataclass(frozen=True)
class Access:
    """The facts every page needs about one member of staff."""

    user_permissions: frozenset[str]  # "app_label.codename", given to the user directly
    group_permissions: frozenset[str]  # … through their roles
    roles: frozenset[str]  # role codes
    has_device: bool  # a confirmed authenticator or backup codes
    two_factor_required: bool  # one of their roles requires two-factor login
    policy_version_id: int | None  # the policy version in force
    acknowledged: bool  # … and whether they acknowledged it


def _key(user: AbstractBaseUser) -> str:
    from silah.accounts.roles import forced_two_factor_codes

    forced = ",".join(sorted(forced_two_factor_codes()))
    joined = user.date_joined.timestamp() if user.date_joined else 0
    return (
        f"silah:access:{user.pk}:{joined}:{user.access_version}:{int(user.is_superuser)}:{forced}"
    )


def _read(user: AbstractBaseUser) -> Access:
    from django.contrib.auth.backends import ModelBackend

    from silah.accounts.roles import read_role_codes
    from silah.accounts.twofactor import two_factor_state
    from silah.policy.queries_ack import acknowledgement_state

    backend = ModelBackend()
    has_device, required = two_factor_state(user)
    acknowledgement = acknowledgement_state(user)
    return Access(
        user_permissions=frozenset(backend.get_user_permissions(user)),
        group_permissions=frozenset(backend.get_group_permissions(user)),
        roles=read_role_codes(user),
        has_device=has_device,
        two_factor_required=required,
        policy_version_id=acknowledgement.version_id,
        acknowledged=acknowledgement.acknowledged,
    )


def access_of(user: AbstractBaseUser | AnonymousUser) -> Access | None:
    """The user's facts: from the request's user object, the cache, or the database (then
    kept). None for an anonymous or inactive user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    access = getattr(user, _ATTRIBUTE, None)
    if access is None:
        key = _key(user)
        access = cache.get(key)
        if access is None:
            access = _read(user)
            cache.set(key, access, ACCESS_TTL)
        setattr(user, _ATTRIBUTE, access)
    return access


def prime(user: AbstractBaseUser | AnonymousUser) -> None:
    """Give the request's user object its facts, so `has_perm` and `role_codes` ask no query.

    Django's ModelBackend keeps the permission sets on the user object under these names."""
    access = access_of(user)
    if access is None:
        return
    from silah.accounts.roles import remember_roles

    user._user_perm_cache = set(access.user_permissions)
    user._group_perm_cache = set(access.group_permissions)
    user._perm_cache = {*access.user_permissions, *access.group_permissions}
    remember_roles(user, access.roles)


def forget(user: AbstractBaseUser) -> None:
    """After a change in this request: drop the facts held on the user object and take its
    new `access_version`, so the rest of the request reads them again."""
    from silah.accounts.models import User
    from silah.accounts.roles import forget_roles

    for name in (_ATTRIBUTE, "_user_perm_cache", "_group_perm_cache", "_perm_cache"):
        if hasattr(user, name):
            delattr(user, name)
    forget_roles(user)
    version = User.objects.filter(pk=user.pk).values_list("access_version", flat=True).first()
    if version is not None:
        user.access_version = version


def bump(user_ids: Iterable[int] | None = None) -> None:
    """The facts of these users (all users with None) changed: their next page reads them
    again. Runs in the caller's transaction."""
    from silah.accounts.models import User

    users = User.objects.all()
    if user_ids is not None:
        ids = [pk for pk in user_ids if pk is not None]
        if not ids:
            return
        users = users.filter(pk__in=ids)
    users.update(access_version=F("access_version") + 1)
