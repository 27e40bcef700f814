"""Reads for the file's tabs (the beneficiary already opened through access.open_file)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from silah.registry.models import Beneficiary, Household, Membership


def household_view(beneficiary: Beneficiary, visible: QuerySet[Beneficiary]) -> dict[str, Any]:
    """The person's current household, its members (each linked only if `visible` holds
    them), money, and the person's past memberships (moves between households)."""
    membership = beneficiary.current_membership()
    past = (
        Membership.objects.filter(beneficiary=beneficiary, left_on__isnull=False)
        .select_related("household__head")
        .order_by("-left_on", "-pk")
    )
    context: dict[str, Any] = {"membership": membership, "past_memberships": past}
    if membership is None:
        return context
    household: Household = membership.household
    members = list(
        household.memberships.filter(left_on__isnull=True)
        .select_related("beneficiary")
        .order_by("joined_on", "pk")
    )
    visible_ids = set(
        visible.filter(pk__in=[m.beneficiary_id for m in members]).values_list("pk", flat=True)
    )
    former = (
        household.memberships.filter(left_on__isnull=False)
        .select_related("beneficiary")
        .order_by("-left_on", "-pk")
    )
    monthly_income = household.monthly_income()
    obligations = list(household.obligations.all())
    monthly_obligations = sum((row.monthly_amount for row in obligations), start=0)
    context.update(
        household=household,
        members=[(m, m.beneficiary_id in visible_ids) for m in members],
        former_members=[(m, visible.filter(pk=m.beneficiary_id).exists()) for m in former],
        incomes=list(household.incomes.all()),
        obligations=obligations,
        monthly_income=monthly_income,
        monthly_obligations=monthly_obligations,
        per_capita_income=household.per_capita_income(),
        dependants=max(len(members) - 1, 0),
        head_visible=household.head_id in visible_ids
        or visible.filter(pk=household.head_id).exists(),
    )
    return context
