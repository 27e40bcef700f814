"""Reads for the policy editing screens: the versions at a glance, each rule as people read
it, and what changed between two versions (rule by rule, in the published sentences, and in
the text sections).

Nothing here writes. Rules are read through `PolicyRules` so that a stored value the schema
fills with a default shows the same way on every screen and in the document.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from silah.policy import conditions, presets, queries_ack, services
from silah.policy.models import Organization, PolicyVersion
from silah.policy.rules import (
    ATTENDANCE_RULES,
    COMPENSATION_EVIDENCE,
    COMPLAINT_BODIES,
    COMPLAINT_ROUTES,
    CONTACT_CHANNELS,
    DEADLINE_EVENTS,
    DEADLINE_UNITS,
    DECIDING_BODIES,
    INTAKE_CHANNELS,
    REFERRAL_KINDS,
    RELATIONSHIP_COMMITMENTS,
    RULE_GROUPS,
    SATISFACTION_METHODS,
    SECTION_KINDS,
    TOOL_KINDS,
    PolicyRules,
    Section,
    parse_rules,
    parse_sections,
)
from silah.policy.sentences import ITEM, rule_sentences

# How far ahead a review counts as due (the dashboard and services.versions_due_for_review).
REVIEW_WINDOW_DAYS = 60

SOURCE_NOTE = _("نص السياسة الأصلي لهذه القاعدة")

# The fields of each rule group, in the order the screens show them, with their labels.
# The group "review_every_months" is a number, not a group of fields: its one field is "value".
FIELD_LABELS: dict[str, dict[str, Any]] = {
    "intake": {
        "channels": _("قنوات الاستقبال المفعّلة"),
        "custom_channels": _("قنوات أضافتها الجمعية"),
        "source_note": SOURCE_NOTE,
    },
    "contact": {"channels": _("الوسائل المتاحة لإبلاغ المستفيد")},
    "tools": {"tools": _("الأدوات")},
    "deadline": {
        "length": _("المدة"),
        "unit": _("الوحدة"),
        "counts_from": _("تُحسب من"),
        "source_note": SOURCE_NOTE,
    },
    "decision": {
        "body": _("جهة البت"),
        "scope_note": _("نطاق ما تبت فيه"),
        "source_note": SOURCE_NOTE,
    },
    "referral": {
        "kind": _("نوع الإحالة"),
        "name": _("القسم أو الموظف المحال إليه"),
        "answer_within_working_days": _("مهلة الرد على الإحالة (أيام عمل)"),
        "source_note": SOURCE_NOTE,
    },
    "eligibility": {"conditions": _("الشروط"), "source_note": SOURCE_NOTE},
    "attendance": {"rules": _("الضوابط"), "source_note": SOURCE_NOTE},
    "compensation": {
        "enabled": _("تعوّض الجمعية المستفيد عن الضرر"),
        "requires_association_fault": _("بشرط أن تكون الجمعية سبب الضرر"),
        "evidence": _("ما يثبت الضرر (يكفي أحدها)"),
        "negotiated_settlement": _("التسوية بالتفاوض مع المستفيد"),
        "source_note": SOURCE_NOTE,
    },
    "complaints": {
        "routes": _("طرق تقديم الشكوى"),
        "handled_by": _("الجهة التي تتولى الشكاوى"),
        "technical_support": _("دعم فني لمقدمي الشكاوى"),
        "amicable_settlement_first": _("التسوية الودية أولًا"),
        "under_approved_rules": _("تُعالج الملاحظات والشكاوى وفق ضوابط معتمدة"),
        "source_note": SOURCE_NOTE,
    },
    "relationship": {"commitments": _("التزامات الجمعية"), "source_note": SOURCE_NOTE},
    "informing": {
        "liaison_per_category": _("ضابط اتصال لكل فئة من المستفيدين"),
        "liaison_per_field": _("ضابط اتصال لكل مجال من مجالات الجمعية"),
        "channels_kept_open": _("قنوات التواصل مفتوحة دائمًا"),
        "publish_updates": _("نشر التحديثات عند تغير المعلومات"),
        "source_note": SOURCE_NOTE,
    },
    "satisfaction": {
        "methods": _("طرق القياس"),
        "stated_as_goal": _("القياس مذكور هدفًا دون طريقة محددة"),
        "source_note": SOURCE_NOTE,
    },
    "staff_duties": {
        "read_sign_follow": _("يقرأ كل موظف السياسة ويوقّع عليها ويلتزم بها"),
        "hr_spreads_copy": _("تنشرها الموارد البشرية وتسلّم كل إدارة نسخة منها"),
        "source_note": SOURCE_NOTE,
    },
    "review_every_months": {"value": _("تُراجع السياسة كل (بالأشهر)")},
}

# Fields whose stored codes come from a vocabulary.
VOCABULARIES: dict[tuple[str, str], dict[str, Any]] = {
    ("intake", "channels"): INTAKE_CHANNELS,
    ("contact", "channels"): CONTACT_CHANNELS,
    ("deadline", "unit"): DEADLINE_UNITS,
    ("deadline", "counts_from"): DEADLINE_EVENTS,
    ("decision", "body"): DECIDING_BODIES,
    ("referral", "kind"): REFERRAL_KINDS,
    ("attendance", "rules"): ATTENDANCE_RULES,
    ("compensation", "evidence"): COMPENSATION_EVIDENCE,
    ("complaints", "routes"): COMPLAINT_ROUTES,
    ("complaints", "handled_by"): COMPLAINT_BODIES,
    ("relationship", "commitments"): RELATIONSHIP_COMMITMENTS,
    ("satisfaction", "methods"): SATISFACTION_METHODS,
}

# Free-text fields: a change is shown as an inline difference of the words.
TEXT_FIELDS = {"source_note", "scope_note"}


# -- the versions at a glance ------------------------------------------------------------------


@dataclass(frozen=True)
class Review:
    """Where a version stands against its next-review date."""

    on: date | None
    state: str  # "none", "ok", "due" (within the window), "overdue"

    @property
    def flagged(self) -> bool:
        return self.state in ("due", "overdue")


def review_of(version: PolicyVersion | None, *, today: date | None = None) -> Review:
    if version is None or version.next_review_on is None:
        return Review(None, "none")
    today = today or timezone.localdate()
    if version.next_review_on < today:
        return Review(version.next_review_on, "overdue")
    if version.next_review_on <= today + timedelta(days=REVIEW_WINDOW_DAYS):
        return Review(version.next_review_on, "due")
    return Review(version.next_review_on, "ok")


@dataclass(frozen=True)
class Overview:
    organization: Organization | None
    in_force: PolicyVersion | None
    draft: PolicyVersion | None
    versions: list[PolicyVersion]
    review: Review


def overview(organization: Organization | None) -> Overview:
    if organization is None:
        return Overview(None, None, None, [], Review(None, "none"))
    versions = list(
        organization.policy_versions.select_related("approval_recorded_by", "based_on").order_by(
            "-number"
        )
    )
    in_force = next((v for v in versions if v.in_force), None)
    draft = next((v for v in versions if v.is_draft), None)
    return Overview(organization, in_force, draft, versions, review_of(in_force))


def open_draft(organization: Organization | None) -> PolicyVersion | None:
    if organization is None:
        return None
    return organization.policy_versions.filter(status=PolicyVersion.Status.DRAFT).first()


def staff_to_acknowledge() -> int:
    """How many members of staff will be asked to acknowledge a newly approved version."""
    return queries_ack.staff().count()


def preset_choices() -> list[tuple[str, str]]:
    """(code, name) of each ready preset, in the order of the seeds."""
    return [
        (
            info.code,
            gettext("%(organization)s — %(title)s")
            % {"organization": info.organization_name, "title": info.title},
        )
        for info in presets.list_presets()
    ]


def default_next_review(version: PolicyVersion, approved_on: date) -> date:
    from dateutil.relativedelta import relativedelta

    return approved_on + relativedelta(months=version.parsed_rules().review_every_months)


def version_by_number(organization: Organization, number: int) -> PolicyVersion | None:
    return organization.policy_versions.filter(number=number).first()


def default_comparison_base(version: PolicyVersion) -> PolicyVersion | None:
    """What a version is compared with by default: the version in force, or, for the version
    in force itself (and older ones), the one before it."""
    in_force = services.version_in_force(version.organization)
    if in_force is not None and in_force.pk != version.pk and in_force.number < version.number:
        return in_force
    if version.based_on_id:
        return version.based_on
    return (
        version.organization.policy_versions.filter(number__lt=version.number)
        .order_by("-number")
        .first()
    )


# -- rules as people read them -----------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """A rule's value as shown: one text, or a list of texts."""

    items: tuple[str, ...] = ()
    is_list: bool = False

    @property
    def text(self) -> str:
        return "، ".join(self.items) if self.items else "—"

    @property
    def empty(self) -> bool:
        return not self.items


@dataclass(frozen=True)
class Row:
    field: str
    label: str
    value: Value
    is_text: bool = False


@dataclass(frozen=True)
class Run:
    """Consecutive sentences shown together: list items ("ul") or a paragraph ("p")."""

    kind: str
    items: list[Any]


def runs(sentences: list[Any]) -> list[Run]:
    result: list[Run] = []
    for sentence in sentences:
        kind = "ul" if sentence.is_item else "p"
        if kind == "ul" and result and result[-1].kind == "ul":
            result[-1].items.append(sentence)
        else:
            result.append(Run(kind, [sentence]))
    return result


@dataclass(frozen=True)
class Sentence:
    sentence: str

    @property
    def is_item(self) -> bool:
        return self.sentence.startswith(ITEM)

    @property
    def text(self) -> str:
        return self.sentence.removeprefix(ITEM)


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    rows: list[Row]
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def sentence_runs(self) -> list[Run]:
        return runs(self.sentences)


def _label(vocabulary: dict[str, Any], code: str) -> str:
    return str(vocabulary.get(code, code))


def _yes_no(value: bool) -> str:
    return gettext("نعم") if value else gettext("لا")


def _tool_text(tool: dict[str, Any]) -> str:
    kind = _label(TOOL_KINDS, tool.get("kind", "other"))
    if tool.get("link"):
        return gettext("%(name)s (%(kind)s) — %(link)s") % {
            "name": tool["name"],
            "kind": kind,
            "link": tool["link"],
        }
    return gettext("%(name)s (%(kind)s)") % {"name": tool["name"], "kind": kind}


def _condition_texts(items: list[dict[str, Any]]) -> tuple[str, ...]:
    texts = []
    for item in items:
        try:
            texts.append(conditions.build(item["type"], item.get("params", {})).statement())
        except (ValueError, KeyError):
            texts.append(str(item))
    return tuple(texts)


def _value(group: str, name: str, raw: Any) -> Value:
    vocabulary = VOCABULARIES.get((group, name))
    if group == "tools":
        return Value(tuple(_tool_text(tool) for tool in raw), True)
    if group == "eligibility" and name == "conditions":
        return Value(_condition_texts(raw), True)
    if group == "intake" and name == "custom_channels":
        return Value(tuple(item["name"] for item in raw), True)
    if isinstance(raw, list):
        return Value(tuple(_label(vocabulary or {}, code) for code in raw), True)
    if isinstance(raw, bool):
        return Value((_yes_no(raw),))
    if raw is None or raw == "":
        return Value()
    if vocabulary is not None:
        return Value((_label(vocabulary, raw),))
    return Value((str(raw),))


def _group_data(rules: PolicyRules, group: str) -> dict[str, Any]:
    data = rules.model_dump(mode="json")[group]
    if group == "tools":
        return {"tools": data}
    if group == "review_every_months":
        return {"value": data}
    return data


def rule_groups(
    rules: PolicyRules | dict | None, *, sentences: dict[str, list[str]] | None = None
) -> list[Group]:
    """Every rule group, in the document's order, each field with its label and value."""
    if not isinstance(rules, PolicyRules):
        rules = parse_rules(rules)
    groups = []
    for code, title in RULE_GROUPS.items():
        data = _group_data(rules, code)
        rows = [
            Row(name, str(label), _value(code, name, data.get(name)), name in TEXT_FIELDS)
            for name, label in FIELD_LABELS[code].items()
        ]
        stated = [Sentence(text) for text in (sentences or {}).get(code, [])]
        groups.append(Group(code, str(title), rows, stated))
    return groups


def sentences_by_group(
    rules: PolicyRules | dict | None, organization: Organization | None
) -> dict[str, list[str]]:
    """The published sentences of each rule group (`silah.policy.sentences`), by group key;
    a sentence starting with "- " is an item of the list the previous one introduces."""
    if not isinstance(rules, PolicyRules):
        rules = parse_rules(rules)
    return {
        statement.key: list(statement.sentences)
        for statement in rule_sentences(rules, organization=organization)
    }


@dataclass(frozen=True)
class Block:
    """A paragraph, or a list whose items are the body's lines starting with "- "."""

    kind: str  # "p" or "ul"
    lines: list[str]


def text_blocks(body: str) -> list[Block]:
    blocks: list[Block] = []
    for line in (body or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith(ITEM.strip()) and line[1:2] in (" ", ""):
            item = line[1:].strip()
            if blocks and blocks[-1].kind == "ul":
                blocks[-1].lines.append(item)
            else:
                blocks.append(Block("ul", [item]))
        else:
            blocks.append(Block("p", [line]))
    return blocks


@dataclass(frozen=True)
class ShownSection:
    kind: str
    kind_label: str
    title: str
    blocks: list[Block]


def sections_of(version: PolicyVersion) -> list[ShownSection]:
    return [
        ShownSection(s.kind, _label(SECTION_KINDS, s.kind), s.title, text_blocks(s.body))
        for s in parse_sections(version.sections)
    ]


# -- what changed ------------------------------------------------------------------------------


_TOKENS = re.compile(r"\s+|[^\s]+")


def inline_diff(old: str, new: str) -> SafeString:
    """`new` with the words removed from `old` in <del> and the words added in <ins>, each
    announced by a visually hidden label so that the change is not shown by colour alone."""
    added = escape(gettext("أضيف:"))
    removed = escape(gettext("حُذف:"))
    old_tokens = _TOKENS.findall(old or "")
    new_tokens = _TOKENS.findall(new or "")
    matcher = difflib.SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    parts: list[str] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(new_tokens[j1:j2])))
            continue
        if op in ("delete", "replace"):
            parts.append(
                f'<del><span class="visually-hidden">{removed} </span>'
                f"{escape(''.join(old_tokens[i1:i2]))}</del>"
            )
        if op in ("insert", "replace"):
            parts.append(
                f'<ins><span class="visually-hidden">{added} </span>'
                f"{escape(''.join(new_tokens[j1:j2]))}</ins>"
            )
    return mark_safe("".join(parts))  # every piece escaped above


@dataclass(frozen=True)
class RowChange:
    field: str
    label: str
    old: Value
    new: Value
    is_text: bool = False

    @property
    def changed(self) -> bool:
        return self.old != self.new

    @property
    def added(self) -> list[str]:
        return [item for item in self.new.items if item not in self.old.items]

    @property
    def removed(self) -> list[str]:
        return [item for item in self.old.items if item not in self.new.items]

    @property
    def text_diff(self) -> SafeString:
        return inline_diff(
            self.old.text if self.old.items else "", self.new.text if self.new.items else ""
        )


@dataclass(frozen=True)
class SentenceChange:
    sentence: str
    state: str  # "same", "added", "removed"

    @property
    def is_item(self) -> bool:
        return self.sentence.startswith(ITEM)

    @property
    def text(self) -> str:
        return self.sentence.removeprefix(ITEM)


@dataclass(frozen=True)
class GroupChange:
    code: str
    title: str
    rows: list[RowChange]
    sentences: list[SentenceChange]

    @property
    def changed(self) -> bool:
        return any(row.changed for row in self.rows)

    @property
    def changed_rows(self) -> list[RowChange]:
        return [row for row in self.rows if row.changed]

    @property
    def sentence_runs(self) -> list[Run]:
        return runs(self.sentences)

    @property
    def sentences_changed(self) -> bool:
        return any(s.state != "same" for s in self.sentences)


def _sentence_changes(old: list[str], new: list[str]) -> list[SentenceChange]:
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    changes: list[SentenceChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(SentenceChange(text, "same") for text in new[j1:j2])
            continue
        changes.extend(SentenceChange(text, "removed") for text in old[i1:i2])
        changes.extend(SentenceChange(text, "added") for text in new[j1:j2])
    return changes


@dataclass(frozen=True)
class SectionChange:
    state: str  # "same", "changed", "added", "removed"
    title: str
    kind: str
    old_title: str
    body_html: SafeString
    title_html: SafeString


def _section_keys(sections: list[Section]) -> list[str]:
    counts: dict[str, int] = {}
    for section in sections:
        counts[section.kind] = counts.get(section.kind, 0) + 1
    return [
        f"kind:{s.kind}" if s.kind != "other" and counts[s.kind] == 1 else f"title:{s.title}"
        for s in sections
    ]


def _pair(old: Section, new: Section) -> SectionChange:
    same = old.title == new.title and old.body == new.body and old.kind == new.kind
    return SectionChange(
        state="same" if same else "changed",
        title=new.title,
        kind=new.kind,
        old_title=old.title,
        body_html=inline_diff(old.body, new.body),
        title_html=inline_diff(old.title, new.title),
    )


def section_changes(old: list[Section], new: list[Section]) -> list[SectionChange]:
    """The text sections paired by kind (or title), each with an inline word difference."""
    matcher = difflib.SequenceMatcher(None, _section_keys(old), _section_keys(new), autojunk=False)
    changes: list[SectionChange] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            changes.extend(_pair(o, n) for o, n in zip(old[i1:i2], new[j1:j2], strict=True))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        paired = min(len(olds), len(news)) if op == "replace" else 0
        changes.extend(_pair(o, n) for o, n in zip(olds[:paired], news[:paired], strict=True))
        changes.extend(
            SectionChange(
                "removed", s.title, s.kind, s.title, inline_diff(s.body, ""), escape(s.title)
            )
            for s in olds[paired:]
        )
        changes.extend(
            SectionChange("added", s.title, s.kind, "", inline_diff("", s.body), escape(s.title))
            for s in news[paired:]
        )
    return changes


@dataclass(frozen=True)
class Comparison:
    before: PolicyVersion
    after: PolicyVersion
    groups: list[GroupChange]
    sections: list[SectionChange]

    @property
    def title_changed(self) -> bool:
        return self.before.title != self.after.title

    @property
    def changed_groups(self) -> list[GroupChange]:
        return [g for g in self.groups if g.changed]

    @property
    def unchanged_groups(self) -> list[GroupChange]:
        return [g for g in self.groups if not g.changed]

    @property
    def changed_sections(self) -> list[SectionChange]:
        return [s for s in self.sections if s.state != "same"]

    @property
    def unchanged_sections(self) -> list[SectionChange]:
        return [s for s in self.sections if s.state == "same"]

    @property
    def nothing_changed(self) -> bool:
        return not (self.changed_groups or self.changed_sections or self.title_changed)


def compare(before: PolicyVersion, after: PolicyVersion) -> Comparison:
    """What changed from `before` to `after`: rule by rule (values and sentences) and in the
    text sections."""
    organization = after.organization
    old_rules, new_rules = before.parsed_rules(), after.parsed_rules()
    old_sentences = sentences_by_group(old_rules, organization)
    new_sentences = sentences_by_group(new_rules, organization)
    old_groups = {g.code: g for g in rule_groups(old_rules)}
    groups = []
    for group in rule_groups(new_rules):
        old = old_groups[group.code]
        rows = [
            RowChange(row.field, row.label, old_row.value, row.value, row.is_text)
            for row, old_row in zip(group.rows, old.rows, strict=True)
        ]
        groups.append(
            GroupChange(
                group.code,
                group.title,
                rows,
                _sentence_changes(
                    old_sentences.get(group.code, []), new_sentences.get(group.code, [])
                ),
            )
        )
    return Comparison(
        before=before,
        after=after,
        groups=groups,
        sections=section_changes(before.parsed_sections(), after.parsed_sections()),
    )


# -- the dashboard -----------------------------------------------------------------------------


def due_for_review(*, today: date | None = None) -> list[PolicyVersion]:
    return list(
        services.versions_due_for_review(today=today, within_days=REVIEW_WINDOW_DAYS)
        .select_related("organization")
        .order_by("next_review_on")
    )
