"""Fixtures of the catalogue's tests: policy versions in force from the seed presets."""

from __future__ import annotations

import pytest

from silah.policy.factories import PolicyVersionFactory
from silah.policy.presets import load_preset


def version_from_preset(code: str):
    """A version in force carrying the preset's rules."""
    return PolicyVersionFactory(in_force=True, rules=load_preset(code).rules)


@pytest.fixture
def policy_003(db):
    """Seed 003 (الأحساء): three eligibility conditions, the attendance rules, no deadline,
    an external authority decides."""
    return version_from_preset("ahsa_prisoners")
