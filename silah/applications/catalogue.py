"""What applications asks of the service catalogue, in one place: the deciding body and
deadline a service follows under a policy version (`services.queries.effective_rules`), and
whether a beneficiary may receive it (`services.eligibility.check`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from silah.policy.conditions import Result
from silah.services import eligibility
from silah.services.queries import EffectiveRules
from silah.services.queries import effective_rules as _effective_rules

if TYPE_CHECKING:
    from silah.policy.models import PolicyVersion
    from silah.registry.models import Beneficiary
    from silah.services.models import Service

__all__ = ["EffectiveRules", "check_eligibility", "effective_rules"]


def effective_rules(service: Service, version: PolicyVersion | None) -> EffectiveRules:
    """The service's overrides resolved against `version`'s deadline and deciding body."""
    return _effective_rules(service, version)


def check_eligibility(
    service: Service, beneficiary: Beneficiary, *, version: PolicyVersion | None = None
) -> Result:
    """Whether `beneficiary` may receive `service`; each failed condition explained."""
    return eligibility.check(service, beneficiary, version=version)
