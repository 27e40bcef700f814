"""Who may see which beneficiary's file: the only way views read the registry.

- the association's manager: every file;
- relations officers: the files of their branches (user.branches);
- social researchers: the files assigned to them (`assigned_researcher`), and any a higher
  app adds through `register_scope` (a research visit assigned to them);
- liaison officers: the beneficiaries of the categories they are assigned to, and those whose
  liaison officer they are;
- committee members: what a higher app adds through `register_scope` (the files on their
  committee's agenda);
- administrators, HR and board members: none, unless they also hold one of the roles above.

Anything else is a 404, so that a forgotten check cannot leak a file (nor its existence).

Only live files are returned (`Beneficiary.objects.live()`: not merged into another file, not
destroyed). Screens that must still reach a closed file — the duplicate queue's decided
pairs, data-subject requests answered by destruction — pass `include_closed=True`. Opening a
merged file's page raises `FileMerged` (a 404 carrying the survivor), which
`silah.registry.middleware` turns into a redirect to the survivor's page when the user may
see it.
"""

from collections.abc import Callable

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from silah.accounts.roles import RoleCode, role_codes
from silah.audit.services import log_read
from silah.registry.models import Beneficiary, BeneficiaryCategory


class FileMerged(Http404):
    """The file asked for was merged: `survivor_pk` is the file it now lives in."""

    def __init__(self, merged_pk: int, survivor_pk: int) -> None:
        super().__init__("merged file")
        self.merged_pk = merged_pk
        self.survivor_pk = survivor_pk


# Scopes higher apps add for a role: a function of the user giving a Q over Beneficiary.
_extra_scopes: dict[str, list[Callable[[AbstractBaseUser], Q]]] = {}


def register_scope(role: str, scope: Callable[[AbstractBaseUser], Q]) -> None:
    """Let a higher app widen what holders of `role` see (a researcher's visits, a committee
    member's agenda). Called from the app's `ready()`; the same function twice is one scope."""
    scopes = _extra_scopes.setdefault(role, [])
    if scope not in scopes:
        scopes.append(scope)


def beneficiaries_for(
    user: AbstractBaseUser | AnonymousUser, *, include_closed: bool = False
) -> QuerySet[Beneficiary]:
    """The live beneficiaries `user` may see (none for anyone without a role that sees
    files); with `include_closed`, merged tombstones and destroyed shells in scope too."""
    roles = role_codes(user)
    everyone = Beneficiary.objects.all() if include_closed else Beneficiary.objects.live()
    if RoleCode.MANAGER in roles:
        return everyone
    scope = Q()
    if RoleCode.RELATIONS_OFFICER in roles:
        scope |= Q(branch__in=user.branches.values("pk"))
    if RoleCode.SOCIAL_RESEARCHER in roles:
        scope |= Q(assigned_researcher=user)
    if RoleCode.LIAISON_OFFICER in roles:
        of_my_categories = BeneficiaryCategory.objects.filter(
            category__liaison_assignments__officer=user
        ).values("beneficiary")
        scope |= Q(pk__in=of_my_categories) | Q(liaison_officer=user)
    for role in roles:
        for extra in _extra_scopes.get(role, ()):
            scope |= extra(user)
    if not scope:
        return everyone.none()
    return everyone.filter(scope)


def _survivor_in_scope(user: AbstractBaseUser | AnonymousUser, pk: object) -> int | None:
    """If `pk` is a merged file whose survivor `user` may see, the survivor's pk."""
    from silah.registry.merge import survivor_of  # merge imports the models, not access

    tombstone = Beneficiary.objects.filter(pk=pk, merge_record__isnull=False).first()
    if tombstone is None:
        return None
    survivor = survivor_of(tombstone)
    if survivor.pk == tombstone.pk or not beneficiaries_for(user).filter(pk=survivor.pk).exists():
        return None
    return survivor.pk


def get_beneficiary_for(
    user: AbstractBaseUser | AnonymousUser, pk: object, *, include_closed: bool = False
) -> Beneficiary:
    """The beneficiary `pk` if `user` may see it; Http404 otherwise (or if there is none).

    A merged file raises `FileMerged` (an Http404) naming its survivor if `user` may see it.
    """
    try:
        return beneficiaries_for(user, include_closed=include_closed).get(pk=pk)
    except (Beneficiary.DoesNotExist, ValueError, TypeError):
        pass
    try:
        survivor_pk = None if include_closed else _survivor_in_scope(user, pk)
    except (ValueError, TypeError):
        survivor_pk = None
    if survivor_pk is not None:
        raise FileMerged(int(pk), survivor_pk)
    raise Http404


def open_file(
    user: AbstractBaseUser, pk: object, *, what: str = "file", include_closed: bool = False
) -> Beneficiary:
    """Get a file as `get_beneficiary_for` does, and record the read in the read log."""
    beneficiary = get_beneficiary_for(user, pk, include_closed=include_closed)
    log_read(user, beneficiary, what=what)
    return beneficiary
