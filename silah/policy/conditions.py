"""Eligibility conditions as data, evaluated by one engine that explains each failure.

A policy version stores conditions as `{"type": "...", "params": {...}}` (seed 003: within
the association's scope; lawful residence in Saudi Arabia; a registered beneficiary). Each
type is a small class here: its parameters, how it reads the facts about a person, and the
Arabic sentences that state it and explain a failure. No Python is written per preset.

The facts (`Subject`) come from whoever asks: the registry builds them from a beneficiary's
file, a test builds them by hand.

A statement names the person by the association's word (`term`: المستفيد, المستخدم,
العضو…, its `beneficiary_term`), standing alone as in silah.policy.sentences, and carries no
diacritics (no tanween: "مقيما", "مسجلا"), so it reads back from the PDF as written.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_TERM = "المستفيد"


@dataclass(frozen=True)
class Subject:
    """What the engine knows about a person when it checks a condition."""

    categories: frozenset[str] = frozenset()
    region: str = ""
    city: str = ""
    nationality: str = ""  # ISO 3166 alpha-2, "SA" for Saudi citizens
    identity_type: str = ""  # silah.core.identity.IdentityType
    residence_valid: bool | None = None  # a valid iqama or other lawful status
    is_registered: bool = False
    age: int | None = None
    monthly_income_per_capita: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    condition: str  # the condition stated in a sentence
    passed: bool
    explanation: str = ""  # why it failed, for the officer and the beneficiary


@dataclass(frozen=True)
class Result:
    checks: list[Check]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]


class ConditionType(ABC):
    code: ClassVar[str]
    label: ClassVar[Any]
    params: ClassVar[dict[str, type]] = {}

    def __init__(self, **params: Any) -> None:
        self.p = params

    @abstractmethod
    def statement(self, term: str = DEFAULT_TERM) -> str:
        """The condition as a sentence of the published policy; `term` is the association's
        word for the person ("المستفيد")."""

    @abstractmethod
    def evaluate(self, subject: Subject) -> Check:
        """Whether `subject` meets it, and if not, why."""


_types: dict[str, type[ConditionType]] = {}


def register(cls: type[ConditionType]) -> type[ConditionType]:
    _types[cls.code] = cls
    return cls


def condition_types() -> dict[str, type[ConditionType]]:
    return dict(_types)


def _list(values: list[str]) -> str:
    return _("، ").join(values)


@register
class WithinScope(ConditionType):
    """Seed 003: the person falls within the association's scope (categories and region)."""

    code = "within_scope"
    label = gettext_lazy("ضمن نطاق عمل الجمعية")
    params = {"categories": list, "regions": list}

    def statement(self, term: str = DEFAULT_TERM) -> str:
        parts = []
        if self.p.get("categories"):
            parts.append(_("من فئات: %(values)s") % {"values": _list(self.p["categories"])})
        if self.p.get("regions"):
            parts.append(_("في نطاق: %(values)s") % {"values": _list(self.p["regions"])})
        if not parts:
            return _("أن يكون %(term)s ضمن نطاق عمل الجمعية.") % {"term": term}
        return _("أن يكون %(term)s ضمن نطاق عمل الجمعية (%(details)s).") % {
            "term": term,
            "details": _("؛ ").join(parts),
        }

    def evaluate(self, subject: Subject) -> Check:
        categories = set(self.p.get("categories") or [])
        regions = set(self.p.get("regions") or [])
        if categories and not categories & subject.categories:
            return Check(
                self.statement(),
                False,
                _("ليس من الفئات التي تخدمها الجمعية (%(values)s).")
                % {"values": _list(sorted(categories))},
            )
        if regions and subject.region not in regions and subject.city not in regions:
            return Check(
                self.statement(),
                False,
                _("يقيم خارج نطاق عمل الجمعية (%(values)s).") % {"values": _list(sorted(regions))},
            )
        return Check(self.statement(), True)


@register
class LawfulResidence(ConditionType):
    """Seed 003: a Saudi citizen, or a resident whose stay in the Kingdom is lawful."""

    code = "lawful_residence"
    label = gettext_lazy("الإقامة النظامية في المملكة")

    def statement(self, term: str = DEFAULT_TERM) -> str:
        return _("أن يكون %(term)s مقيما في المملكة العربية السعودية إقامة نظامية.") % {
            "term": term
        }

    def evaluate(self, subject: Subject) -> Check:
        if subject.nationality == "SA" or subject.identity_type == "national_id":
            return Check(self.statement(), True)
        if subject.residence_valid:
            return Check(self.statement(), True)
        if subject.residence_valid is None:
            return Check(self.statement(), False, _("لم يُتحقق من نظامية الإقامة بعد."))
        return Check(self.statement(), False, _("الإقامة غير نظامية أو منتهية."))


@register
class RegisteredBeneficiary(ConditionType):
    """Seed 003: the person is registered as a beneficiary of the association's programmes."""

    code = "registered_beneficiary"
    label = gettext_lazy("مستفيد مسجل لدى الجمعية")

    def statement(self, term: str = DEFAULT_TERM) -> str:
        return _("أن يكون %(term)s مسجلا لدى الجمعية ومستفيدا من برامجها.") % {"term": term}

    def evaluate(self, subject: Subject) -> Check:
        if subject.is_registered:
            return Check(self.statement(), True)
        return Check(self.statement(), False, _("غير مسجل لدى الجمعية بعد."))


@register
class AgeBetween(ConditionType):
    code = "age_between"
    label = gettext_lazy("العمر")
    params = {"min": int, "max": int}

    def statement(self, term: str = DEFAULT_TERM) -> str:
        low, high = self.p.get("min"), self.p.get("max")
        if low is not None and high is not None:
            return _("أن يكون عمر %(term)s بين %(min)s و%(max)s سنة.") % {
                "term": term,
                "min": low,
                "max": high,
            }
        if low is not None:
            return _("ألا يقل عمر %(term)s عن %(min)s سنة.") % {"term": term, "min": low}
        return _("ألا يزيد عمر %(term)s على %(max)s سنة.") % {"term": term, "max": high}

    def evaluate(self, subject: Subject) -> Check:
        if subject.age is None:
            return Check(self.statement(), False, _("تاريخ الميلاد غير مسجل."))
        low, high = self.p.get("min"), self.p.get("max")
        if (low is not None and subject.age < low) or (high is not None and subject.age > high):
            return Check(self.statement(), False, _("العمر %(age)s سنة.") % {"age": subject.age})
        return Check(self.statement(), True)


@register
class IncomeAtMost(ConditionType):
    code = "income_per_capita_at_most"
    label = gettext_lazy("دخل الفرد الشهري")
    params = {"amount": int}

    def statement(self, term: str = DEFAULT_TERM) -> str:
        # The family's income: the person is not named.
        return _("ألا يزيد دخل الفرد الشهري في الأسرة على %(amount)s ريال.") % {
            "amount": self.p["amount"]
        }

    def evaluate(self, subject: Subject) -> Check:
        if subject.monthly_income_per_capita is None:
            return Check(self.statement(), False, _("دخل الأسرة غير مسجل."))
        if subject.monthly_income_per_capita > self.p["amount"]:
            return Check(
                self.statement(),
                False,
                _("دخل الفرد الشهري %(amount)s ريال.")
                % {"amount": round(subject.monthly_income_per_capita)},
            )
        return Check(self.statement(), True)


def check_condition_definition(code: str, params: dict[str, Any]) -> None:
    """Raise ValueError when a stored condition is not one the engine knows how to check."""
    cls = _types.get(code)
    if cls is None:
        raise ValueError(f"unknown condition type {code!r}")
    unknown = set(params) - set(cls.params)
    if unknown:
        raise ValueError(f"condition {code!r} has no parameters {sorted(unknown)}")
    for name, value in params.items():
        expected = cls.params[name]
        if not isinstance(value, expected) or isinstance(value, bool):
            raise ValueError(f"parameter {name!r} of {code!r} must be {expected.__name__}")
    if code == "income_per_capita_at_most" and "amount" not in params:
        raise ValueError("income_per_capita_at_most needs an amount")
    if code == "age_between" and not ({"min", "max"} & set(params)):
        raise ValueError("age_between needs min or max")


def build(code: str, params: dict[str, Any]) -> ConditionType:
    check_condition_definition(code, params)
    return _types[code](**params)


def evaluate(conditions: list[dict[str, Any]], subject: Subject) -> Result:
    """Check each condition on `subject`; the result says which failed and why."""
    return Result(
        [build(item["type"], item.get("params", {})).evaluate(subject) for item in conditions]
    )


def statements(conditions: list[dict[str, Any]], *, term: str = DEFAULT_TERM) -> list[str]:
    """Each condition as a sentence of the published policy, naming the person by `term`."""
    return [build(item["type"], item.get("params", {})).statement(term=term) for item in conditions]
