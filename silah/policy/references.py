"""References to rules inside the text sections: "{مدة_الرد}" in a section is the rule's value.

The text sections are the association's own words, but some of their sentences state a rule
(seed 000: "…سيرفع للجنة البحث لدراسة طلبه والرد عليه … خلال مدة لا تقل عن أسبوعين"). Written
out, such a sentence would keep stating the old rule after the deadline or the deciding body
changes. So a section names the rule instead, "سيرفع {لجهة_البت} … {مدة_الرد}", and the
document puts in the phrase generated from the version's rules by silah.policy.sentences, the
same values the rule's own sentence is built from.

Decisions:

- Names are Arabic, words joined by "_" (`مدة_الرد`): the administrator edits Arabic text, and
  an Arabic name reads as part of it. Spaces inside the braces count as "_", and spaces around
  the name are ignored, so "{مدة الرد}" and "{ مدة_الرد }" are the same reference.
- A reference is "{name}" within one line. "{{" and "}}" write a brace itself
  ("{{ملاحظة}}" shows "{ملاحظة}"). A brace that opens no reference on its line (a lone "{",
  a "}" with no "{" before it) is kept as written.
- A section is saved only if every reference in it is known (`unknown_references`, checked
  by services.validate_sections); anything between single braces is a reference, so a typo
  is refused rather than published. Showing never fails: an unknown reference in stored text
  is shown as written.
- The values are whole phrases, never halves of a sentence: the deadline as an adverbial
  phrase that ends a sentence about the request ("خلال أسبوعين (14 يوما) من تاريخ اكتمال
  الطلب"; with no deadline "دون تأخير فور صدور النتيجة"), a body's or a person's name. Each
  name also has a form with the preposition ل attached as Arabic writes it ("{لجهة_البت}" →
  "للجنة البحث", "للإدارة"), because the seeds write "سيرفع للجنة البحث", "إحالتها للإدارة":
  a preset keeps their wording and still follows the rule. Whitespace in a value becomes one
  space, so a value never starts a paragraph or a list item.
- Values are Arabic whatever the active language: the sections are Arabic text.
- Only a section's body is read for references; its title is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.policy.rules import PolicyRules
from silah.policy.sentences import (
    beneficiary_words,
    deadline_phrase,
    deciding_body,
    referral_target,
    with_lam,
)

if TYPE_CHECKING:
    from silah.policy.models import Organization

TEXT_LANGUAGE = "ar"

# "{{", "}}", or "{…}" within a line (group 1: what is between the braces).
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")


@dataclass(frozen=True)
class Reference:
    name: str  # as written between the braces
    description: Any  # lazy Arabic text for the editing screen's help
    value: Callable[[PolicyRules, dict[str, str]], str]  # (rules, beneficiary_words) → phrase

    @property
    def token(self) -> str:
        return "{" + self.name + "}"


_REFERENCES = [
    Reference(
        "مدة_الرد",
        gettext_lazy(
            "مدة الرد على الطلب كما تحددها قاعدة «مدة الرد على الطلب»، عبارة تختم جملة عن "
            "الطلب، مثل: «خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب»، وإذا لم تحدد مدة: "
            "«دون تأخير فور صدور النتيجة»."
        ),
        lambda rules, words: deadline_phrase(rules.deadline),
    ),
    Reference(
        "جهة_البت",
        gettext_lazy(
            "الجهة التي تبت في الطلبات كما تحددها قاعدة «جهة البت في الطلبات»: لجنة البحث، "
            "أو اللجنة المختصة، أو الإدارة، أو الجهة الرسمية المختصة."
        ),
        lambda rules, words: deciding_body(rules.decision),
    ),
    Reference(
        "لجهة_البت",
        gettext_lazy(
            "جهة البت مسبوقة باللام متصلة بها، مثل: «سيرفع للجنة البحث»، «سيرفع للإدارة»."
        ),
        lambda rules, words: with_lam(deciding_body(rules.decision)),
    ),
    Reference(
        "جهة_الإحالة",
        gettext_lazy(
            "من يحال إليه المستفيد إذا لم تكن الإجراءات واضحة له، كما تحدده قاعدة «الإحالة "
            "عند عدم وضوح الإجراءات»: القسم أو الموظف المسمى فيها، أو الإدارة."
        ),
        lambda rules, words: referral_target(rules.referral),
    ),
    Reference(
        "لجهة_الإحالة",
        gettext_lazy(
            "جهة الإحالة مسبوقة باللام متصلة بها، مثل: «إحالته لمسؤول البحث الاجتماعي»، "
            "«إحالته للإدارة»."
        ),
        lambda rules, words: with_lam(referral_target(rules.referral)),
    ),
    Reference(
        "المستفيد",
        gettext_lazy("تسمية الجمعية لمن تخدمه بالمفرد، من بيانات الجمعية: المستفيد، المستخدم…"),
        lambda rules, words: words["beneficiary"],
    ),
    Reference(
        "المستفيدين",
        gettext_lazy("تسمية الجمعية لمن تخدمهم بالجمع: المستفيدين، المستخدمين…"),
        lambda rules, words: words["beneficiaries"],
    ),
    Reference(
        "للمستفيد",
        gettext_lazy("التسمية بالمفرد مسبوقة باللام: للمستفيد، للمستخدم…"),
        lambda rules, words: with_lam(words["beneficiary"]),
    ),
    Reference(
        "للمستفيدين",
        gettext_lazy("التسمية بالجمع مسبوقة باللام: للمستفيدين، للمستخدمين…"),
        lambda rules, words: with_lam(words["beneficiaries"]),
    ),
]

# The known references by name, in the order the help lists them.
REFERENCES: dict[str, Reference] = {reference.name: reference for reference in _REFERENCES}


def _name(between_braces: str) -> str:
    """The reference's name as REFERENCES keys it: spaces around dropped, inner ones "_"."""
    return "_".join(between_braces.split())


def unknown_references(text: str) -> list[str]:
    """The references in `text` that are not known, as written between their braces (each
    once, in order of appearance); [] when all are known."""
    unknown: list[str] = []
    for match in _TOKEN.finditer(text):
        inside = match.group(1)
        if inside is None:  # "{{" or "}}"
            continue
        written = inside.strip()
        if _name(inside) not in REFERENCES and written not in unknown:
            unknown.append(written)
    return unknown


def unknown_references_message(unknown: list[str]) -> str:
    """The refusal for a section that names references that do not exist, in Arabic."""
    return _(
        "لا توجد قاعدة يشار إليها بالاسم %(names)s. الأسماء المتاحة: %(known)s. ولكتابة "
        "القوس نفسه في النص اكتبه مرتين: {{ أو }}."
    ) % {
        "names": _("، ").join(f"«{{{name}}}»" for name in unknown),
        "known": _("، ").join(reference.token for reference in REFERENCES.values()),
    }


def _values(rules: PolicyRules, organization: Organization | None) -> dict[str, str]:
    words = beneficiary_words(organization)
    with translation.override(TEXT_LANGUAGE):
        return {
            name: " ".join(reference.value(rules, words).split())
            for name, reference in REFERENCES.items()
        }


def render_references(
    text: str, rules: PolicyRules, organization: Organization | None = None
) -> str:
    """`text` with each known reference replaced by its phrase from `rules` (and the
    association's word), "{{" and "}}" by a brace; an unknown reference is left as written."""
    if "{" not in text and "}" not in text:
        return text
    values = _values(rules, organization)

    def replace(match: re.Match[str]) -> str:
        inside = match.group(1)
        if inside is None:
            return match.group(0)[0]
        return values.get(_name(inside), match.group(0))

    return _TOKEN.sub(replace, text)


@dataclass(frozen=True)
class ReferenceHelp:
    token: str  # "{مدة_الرد}", as the administrator types it
    description: str
    value: str  # what it says with the given rules ("" without rules)


def reference_help(
    rules: PolicyRules | None = None, organization: Organization | None = None
) -> list[ReferenceHelp]:
    """The known references for the editing screen: how to type each, what it stands for and,
    given a version's rules, what it says in that version."""
    values = _values(rules, organization) if rules is not None else {}
    return [
        ReferenceHelp(reference.token, str(reference.description), values.get(name, ""))
        for name, reference in REFERENCES.items()
    ]
