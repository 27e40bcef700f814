"""Who may see which beneficiary's file: the only way views read the registry.

- the association's manager: every file;
- relations officers: the files of their branches (user.branches);
- social researchers: the files assigned to them (`assigned_researcher`; research visits
  come with issue 7);
- liaison officers: the beneficiaries of the categories they are assigned to, and those whose
  liaison officer they are;
- committee members: none yet (their meeting's agenda comes with issue 7);
- administrators, HR and board members: none, unless they also hold one of the roles above.

Anything else is a 404, so that a forgotten check cannot leak a file (nor its existence).
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from silah.accounts.roles import RoleCode, role_codes
from silah.audit.services import log_read
from silah.registry.models import Beneficiary, BeneficiaryCategory


def beneficiaries_for(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Beneficiary]:
    """The beneficiaries `user` may see (none for anyone without a role that sees files)."""
    roles = role_codes(user)
    everyone = Beneficiary.objects.all()
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
    if not scope:
        return everyone.none()
    return everyone.filter(scope)


def get_beneficiary_for(user: AbstractBaseUser | AnonymousUser, pk: object) -> Beneficiary:
    """The beneficiary `pk` if `user` may see it; Http404 otherwise (or if there is none)."""
    try:
        return beneficiaries_for(user).get(pk=pk)
    except (Beneficiary.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def open_file(user: AbstractBaseUser, pk: object, *, what: str = "file") -> Beneficiary:
    """Get a file as `get_beneficiary_for` does, and record the read in the read log."""
    beneficiary = get_beneficiary_for(user, pk)
    log_read(user, beneficiary, what=what)
    return beneficiary
