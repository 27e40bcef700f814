"""What applications asks of the service catalogue, in one place.

The catalogue (`silah.services`) resolves a service's overrides against the policy version
(`services.queries.effective_rules`) and evaluates eligibility
(`services.eligibility.check`). Those two functions are being written beside this app; until
they are on main this module carries a small equivalent, so that every call site in
applications goes through `effective_rules()` and `check_eligibility()` here and switches
over by itself once the catalogue's functions exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from silah.policy.conditions import Result
from silah.policy.rules import PolicyRules

if TYPE_CHECKING:
    from silah.policy.models import PolicyVersion
    from silah.registry.models import Beneficiary
    from silah.services.models import Service


@dataclass(frozen=True)
class EffectiveRules:
    """The deciding body and the answer's deadline for a service under a policy version."""

    deciding_body: str
    unit: str  # "working", "calendar" or "none"
    length: int | None
    counts_from: str  # "complete" or "received"


def effective_rules(service: Service, version: PolicyVersion | None) -> EffectiveRules:
    """The service's overrides resolved against `version`'s deadline and deciding body."""
    try:
        from silah.services.queries import effective_rules as catalogue_rules
    except ImportError:
        catalogue_rules = None
    if catalogue_rules is not None:
        rules = catalogue_rules(service, version)
        return EffectiveRules(
            deciding_body=rules.deciding_body,
            unit=rules.unit,
            length=rules.length,
            counts_from=rules.counts_from,
        )
    policy = version.parsed_rules() if version is not None else PolicyRules()
    if service.deadline_unit:
        unit = service.deadline_unit
        length = service.deadline_length if unit != "none" else None
    else:
        unit = policy.deadline.unit
        length = policy.deadline.length if unit != "none" else None
    return EffectiveRules(
        deciding_body=service.deciding_body or policy.decision.body,
        unit=unit,
        length=length,
        counts_from=service.deadline_counts_from or policy.deadline.counts_from,
    )


def check_eligibility(
    service: Service, beneficiary: Beneficiary, *, version: PolicyVersion | None = None
) -> Result:
    """Whether `beneficiary` may receive `service`; each failed condition explained."""
    try:
        from silah.services.eligibility import check
    except ImportError:
        check = None
    if check is not None:
        return check(service, beneficiary, version=version)
    return _interim_check(service, beneficiary, version)


def _interim_check(
    service: Service, beneficiary: Beneficiary, version: PolicyVersion | None
) -> Result:
    # Until services.eligibility is merged: the same conditions on the facts that need no
    # other table than the file itself.
    from silah.core.identity import IdentityType
    from silah.policy import conditions
    from silah.policy.services import version_in_force
    from silah.registry.models import Beneficiary as BeneficiaryModel

    version = version or version_in_force()
    items = []
    if version is not None:
        items = [c.model_dump(mode="json") for c in version.parsed_rules().eligibility.conditions]
    items += list(service.conditions or [])
    if beneficiary.identity_type in (IdentityType.PASSPORT, IdentityType.BORDER_NUMBER):
        residence: bool | None = False
    elif beneficiary.identity_type in (IdentityType.NATIONAL_ID, IdentityType.GCC_ID):
        residence = True
    else:
        residence = None
    subject = conditions.Subject(
        city=beneficiary.city or "",
        nationality=beneficiary.nationality or "",
        identity_type=beneficiary.identity_type or "",
        residence_valid=residence,
        is_registered=BeneficiaryModel.objects.live().filter(pk=beneficiary.pk).exists(),
    )
    return conditions.evaluate(items, subject)
