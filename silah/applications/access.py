"""Who may see which request: the only way screens read requests.

The registry's rules, applied to requests:

- the association's manager: every request;
- relations officers: the requests of their branches;
- social researchers: the requests assigned to them, or on which they have a visit;
- liaison officers: the requests of the beneficiaries they follow (`beneficiaries_for`);
- committee members: the requests on the agendas of their committees' open meetings;
- anyone else: none. A request outside a user's scope is a 404, never a 403.

`register()` (from `AppConfig.ready`) widens the registry's own rule so that a researcher
also opens the file of a beneficiary whose request or visit is assigned to them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from silah.accounts.roles import RoleCode, role_codes
from silah.applications.models import Application, ResearchVisit

User = AbstractBaseUser | AnonymousUser

# Scopes other apps add for a role: a function of the user giving a Q over Application.
_extra_scopes: dict[str, list[Callable[[AbstractBaseUser], Q]]] = {}


def register_scope(role: str, scope: Callable[[AbstractBaseUser], Q]) -> None:
    """Let another app widen which requests holders of `role` see (a committee's agenda)."""
    scopes = _extra_scopes.setdefault(role, [])
    if scope not in scopes:
        scopes.append(scope)


def _researched_by(user: AbstractBaseUser) -> Q:
    return Q(researcher=user) | Q(
        pk__in=ResearchVisit.objects.filter(researcher=user).values("application")
    )


def _on_my_agendas(user: AbstractBaseUser) -> Q:
    from django.contrib.contenttypes.models import ContentType

    from silah.committees.access import items_on_open_agendas

    content_type = ContentType.objects.get_for_model(Application)
    return Q(
        pk__in=items_on_open_agendas(user).filter(content_type=content_type).values("object_id")
    )


def applications_for(user: User) -> QuerySet[Application]:
    """The requests `user` may see (none for anyone without a role that sees them)."""
    roles = role_codes(user)
    everything = Application.objects.all()
    if RoleCode.MANAGER in roles:
        return everything
    scope = Q()
    if RoleCode.RELATIONS_OFFICER in roles:
        scope |= Q(branch__in=user.branches.values("pk"))
    if RoleCode.SOCIAL_RESEARCHER in roles:
        scope |= _researched_by(user)
    if RoleCode.COMMITTEE_MEMBER in roles:
        scope |= _on_my_agendas(user)
    if RoleCode.LIAISON_OFFICER in roles:
        from silah.registry.access import beneficiaries_for

        scope |= Q(beneficiary__in=beneficiaries_for(user).values("pk"))
    for role in roles:
        for extra in _extra_scopes.get(role, ()):
            scope |= extra(user)
    if not scope:
        return everything.none()
    return everything.filter(scope)


def get_application_for(user: User, pk: object) -> Application:
    """The request `pk` if `user` may see it; Http404 otherwise (or if there is none)."""
    try:
        return applications_for(user).select_related("beneficiary", "service", "branch").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def can_see(user: User, application: Application) -> bool:
    return applications_for(user).filter(pk=application.pk).exists()


def researcher_files(user: AbstractBaseUser) -> Q:
    """A Q over registry.Beneficiary: the files of the requests and visits assigned to
    `user` (registered with the registry for the social researcher role)."""
    return Q(pk__in=Application.objects.filter(_researched_by(user)).values("beneficiary"))


def register() -> None:
    from silah.registry.access import register_scope as registry_scope

    registry_scope(RoleCode.SOCIAL_RESEARCHER, researcher_files)
