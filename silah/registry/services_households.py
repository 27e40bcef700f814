"""Household writes that the first registry slice did not need: changing the housing."""

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction

from silah.audit.history import annotate_change
from silah.registry.models import Household
from silah.registry.services import _housing, _require

REASON_HOUSING = "تحديث سكن الأسرة"


@transaction.atomic
def set_housing(
    household: Household,
    *,
    housing: str,
    rent_amount: Any = None,
    actor: AbstractBaseUser,
    reason: str = "",
) -> Household:
    """Change a household's housing (owned, rented with its yearly rent, other)."""
    _require(actor, "registry.manage_households")
    housing, rent = _housing(housing, rent_amount)
    locked = Household.objects.select_for_update().get(pk=household.pk)
    if (locked.housing, locked.rent_amount) != (housing, rent):
        locked.housing, locked.rent_amount = housing, rent
        annotate_change(locked, reason=reason or REASON_HOUSING, actor=actor)
        locked.save(update_fields=["housing", "rent_amount"])
    household.housing, household.rent_amount = locked.housing, locked.rent_amount
    return locked
