"""effective_rules: a service's overrides resolved against the policy version, every
combination of set and empty."""

from __future__ import annotations

import itertools

import pytest

from silah.policy.factories import PolicyVersionFactory
from silah.services.factories import ServiceFactory
from silah.services.queries import EffectiveRules, effective_rules

pytestmark = pytest.mark.django_db

POLICY_DEADLINES = [
    {"length": 14, "unit": "calendar", "counts_from": "complete"},
    {"length": 15, "unit": "working", "counts_from": "received"},
    {"unit": "none", "counts_from": "complete"},
]
POLICY_BODIES = ["research_committee", "competent_committee", "management", "external_authority"]
# The service's deadline override: (unit, length)
SERVICE_DEADLINES = [("", None), ("none", None), ("working", 5), ("calendar", 30)]
SERVICE_COUNTS_FROM = ["", "complete", "received"]
SERVICE_BODIES = ["", "management", "external_authority"]


def _version(deadline: dict, body: str):
    return PolicyVersionFactory(rules={"deadline": deadline, "decision": {"body": body}})


@pytest.mark.parametrize(
    ("policy_deadline", "policy_body"), list(itertools.product(POLICY_DEADLINES, POLICY_BODIES))
)
def test_every_combination_of_overrides(policy_deadline, policy_body):
    version = _version(policy_deadline, policy_body)
    for (unit, length), counts_from, body in itertools.product(
        SERVICE_DEADLINES, SERVICE_COUNTS_FROM, SERVICE_BODIES
    ):
        service = ServiceFactory.build(
            deadline_unit=unit,
            deadline_length=length,
            deadline_counts_from=counts_from,
            deciding_body=body,
        )
        expected_unit = unit or policy_deadline["unit"]
        expected_length = length if unit else policy_deadline.get("length")
        assert effective_rules(service, version) == EffectiveRules(
            deciding_body=body or policy_body,
            unit=expected_unit,
            length=expected_length if expected_unit != "none" else None,
            counts_from=counts_from or policy_deadline["counts_from"],
        ), (unit, length, counts_from, body)


def test_a_service_following_the_policy_gets_its_rules_unchanged():
    version = _version(
        {"length": 15, "unit": "working", "counts_from": "complete"}, "competent_committee"
    )
    assert effective_rules(ServiceFactory(), version) == (
        "competent_committee",
        "working",
        15,
        "complete",
    )


def test_a_service_without_a_deadline_has_none_under_a_policy_with_one():
    version = _version({"length": 14, "unit": "calendar"}, "research_committee")
    service = ServiceFactory(deadline_unit="none")
    rules = effective_rules(service, version)
    assert (rules.unit, rules.length) == ("none", None)


def test_a_service_with_a_deadline_has_it_under_003s_none(policy_003):
    service = ServiceFactory(deadline_unit="working", deadline_length=10)
    assert effective_rules(service, policy_003) == (
        "external_authority",
        "working",
        10,
        "complete",
    )


def test_without_a_version_management_decides_with_no_deadline():
    assert effective_rules(ServiceFactory.build(), None) == ("management", "none", None, "complete")


def test_the_result_unpacks_as_four_values():
    version = _version({"length": 7, "unit": "calendar"}, "management")
    deciding_body, unit, length, counts_from = effective_rules(ServiceFactory.build(), version)
    assert (deciding_body, unit, length, counts_from) == ("management", "calendar", 7, "complete")
