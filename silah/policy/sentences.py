"""Each structured rule of a policy version stated in Arabic, generated from the rule itself.

The published policy (page and PDF) and the comparison of a draft with the version in force
both read these sentences, so changing a rule changes what the association publishes: a draft
whose deadline goes from 14 calendar days to 10 working days says so in its own words.

Decisions:

- Every sentence is one gettext message with named placeholders. The only values put into a
  placeholder are data (the association's word for the people it serves, a vocabulary label,
  a name typed in the policy) or a counted noun phrase built here ("15 يوم عمل"), never two
  halves of a sentence.
- The association's word (`Organization.beneficiary_term`, e.g. المستفيد / المستخدم / العضو,
  and its plural) is always used standing alone, never with a letter attached to it
  (ل، ب، و), so that any word the association types reads correctly. Sentences are written
  around it ("لدى المستفيد", "مع المستفيدين").
- Counted nouns follow Arabic number agreement (Arabic has six plural categories; a msgid
  with ngettext has two, so the forms are chosen here by `plural_category`). Counts are in
  ASCII digits, as everywhere in Silah (silah.core.dates); the page and the PDF isolate them
  in `<bdi>`. The phrases are genitive because the sentences use them after a preposition
  ("خلال", "كل"):

    =====  ==================  ======================  =============  ==============
    n      calendar days       working days            weeks          months
    =====  ==================  ======================  =============  ==============
    1      يوم واحد            يوم عمل واحد            أسبوع واحد     شهر
    2      يومين               يومي عمل                أسبوعين        شهرين
    3–10   7 أيام              7 أيام عمل              3 أسابيع       6 أشهر
    11–99  15 يوما             15 يوم عمل              —              18 شهرا
    100+   100 يوم             100 يوم عمل             —              —
    =====  ==================  ======================  =============  ==============

  "15 يوم عمل" is seed 001's own wording ("(١٥) يوم عمل"): the counted noun of 11–99 is
  accusative singular, and in the construct "يوم عمل" it loses its tanween, so it is
  written without the alif of "يوما". (The categories follow n % 100, so 103 is "103 أيام".)
- No diacritics (tashkeel, tanween, shadda) in the sentences, as in the seeds: sentences are
  built so that none is needed to read them (active voice: "ترد الجمعية على طلب المستفيد"
  rather than the passive "يُرَدّ على طلب المستفيد"). Poppler (`pdftotext`, and copying from a
  PDF viewer) places a mark above a letter on a line of its own, so a sentence with marks
  cannot be read back from the PDF reliably.
- A deadline in calendar days that is a whole number of weeks is stated in weeks with the
  days beside it, as the seeds count ("خلال أسبوعين (14 يوما)").
- A list (channels, tools, methods…) is a lead sentence ending in a colon followed by one
  item per entry, each starting with "- ": the same convention as the text sections' bodies,
  so the document renders both the same way, and a comparison sees an added or removed item
  as one line (numbers would shift every later line).
- Eligibility conditions are stated by `silah.policy.conditions.statements`, the same engine
  that evaluates them, with the association's word.
- The phrases that the text sections put in place of a reference to a rule
  (`silah.policy.references`: "{مدة_الرد}", "{جهة_البت}"…) are built here too, from the same
  values as the sentences (`deadline_phrase`, `deciding_body`, `referral_target`), so a
  section and the rule's own sentence cannot say two different things. `with_lam` attaches the
  preposition ل as Arabic writes it ("الإدارة" → "للإدارة", "اللجنة المختصة" → "للجنة
  المختصة", "لجنة البحث" → "للجنة البحث"): the seeds' steps say "سيرفع للجنة البحث", and a
  reference keeps their wording. It is the one place a letter is attached to a value; the
  sentences here still never do it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from silah.core.counting import counted
from silah.policy import conditions
from silah.policy.rules import (
    ATTENDANCE_RULES,
    COMPENSATION_EVIDENCE,
    COMPLAINT_BODIES,
    COMPLAINT_ROUTES,
    CONTACT_CHANNELS,
    DECIDING_BODIES,
    INTAKE_CHANNELS,
    RELATIONSHIP_COMMITMENTS,
    RULE_GROUPS,
    SATISFACTION_METHODS,
    Deadline,
    Decision,
    PolicyRules,
    Referral,
)

if TYPE_CHECKING:
    from silah.policy.models import Organization

ITEM = "- "  # a sentence starting with this is an item of the list the previous one introduces

DEFAULT_TERM = conditions.DEFAULT_TERM  # "المستفيد"
DEFAULT_TERM_PLURAL = "المستفيدين"


@dataclass(frozen=True)
class RuleStatement:
    """One rule group stated in sentences: `key` is a key of RULE_GROUPS."""

    key: str
    title: str
    sentences: list[str]


# -- counted nouns ---------------------------------------------------------------------------


# Genitive forms (after خلال, كل). "zero" is never needed: lengths start at 1.
_CALENDAR_DAYS = {
    "one": gettext_lazy("يوم واحد"),
    "two": gettext_lazy("يومين"),
    "few": gettext_lazy("%(count)s أيام"),
    "many": gettext_lazy("%(count)s يوما"),
    "other": gettext_lazy("%(count)s يوم"),
}
_WORKING_DAYS = {
    "one": gettext_lazy("يوم عمل واحد"),
    "two": gettext_lazy("يومي عمل"),
    "few": gettext_lazy("%(count)s أيام عمل"),
    "many": gettext_lazy("%(count)s يوم عمل"),
    "other": gettext_lazy("%(count)s يوم عمل"),
}
_WEEKS = {
    "one": gettext_lazy("أسبوع واحد"),
    "two": gettext_lazy("أسبوعين"),
    "few": gettext_lazy("%(count)s أسابيع"),
}
_EVERY_MONTHS = {
    "one": gettext_lazy("شهر"),
    "two": gettext_lazy("شهرين"),
    "few": gettext_lazy("%(count)s أشهر"),
    "many": gettext_lazy("%(count)s شهرا"),
    "other": gettext_lazy("%(count)s شهر"),
}
_EVERY_YEARS = {
    "one": gettext_lazy("سنة"),
    "two": gettext_lazy("سنتين"),
    "few": gettext_lazy("%(count)s سنوات"),
}


def _counted(forms: dict, count: int) -> str:
    return counted(forms, count)


def calendar_days(count: int) -> str:
    """ "يوم واحد", "يومين", "7 أيام", "14 يوما", "100 يوم" (genitive)."""
    return _counted(_CALENDAR_DAYS, count)


def working_days(count: int) -> str:
    """ "يوم عمل واحد", "يومي عمل", "5 أيام عمل", "15 يوم عمل" (seed 001's wording)."""
    return _counted(_WORKING_DAYS, count)


def deadline_period(length: int, unit: str) -> str:
    """The length of a deadline as a noun phrase: working days, or calendar days (in weeks
    when it is a whole number of them, up to ten weeks: "أسبوعين (14 يوما)")."""
    if unit == "working":
        return working_days(length)
    if length % 7 == 0 and length // 7 <= 10:
        return _("%(weeks)s (%(days)s)") % {
            "weeks": _counted(_WEEKS, length // 7),
            "days": calendar_days(length),
        }
    return calendar_days(length)


def every_months(months: int) -> str:
    """The period after "كل": "شهر", "6 أشهر", "سنة", "سنتين", "18 شهرا"."""
    if months % 12 == 0 and months // 12 <= 10:
        return _counted(_EVERY_YEARS, months // 12)
    return _counted(_EVERY_MONTHS, months)


# -- phrases for the text sections ------------------------------------------------------------


def with_lam(phrase: str) -> str:
    """`phrase` after the preposition ل, written as one word with it: "الإدارة" → "للإدارة",
    "اللجنة المختصة" → "للجنة المختصة" (ل + ال + ل: one lam dropped with the alif),
    "لجنة البحث" → "للجنة البحث", "مسؤول البحث الاجتماعي" → "لمسؤول البحث الاجتماعي"."""
    phrase = phrase.strip()
    if not phrase:
        return ""
    if phrase.startswith("ال"):
        rest = phrase[2:]
        return f"ل{rest}" if rest.startswith("ل") else f"لل{rest}"
    return f"ل{phrase}"


def deadline_phrase(deadline: Deadline) -> str:
    """When the answer comes, as a phrase that ends a sentence about the request:
    "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب", "خلال 15 يوم عمل من تاريخ استلام
    الطلب", or, with no deadline, "دون تأخير فور صدور النتيجة"."""
    if deadline.unit == "none" or deadline.length is None:
        return _("دون تأخير فور صدور النتيجة")
    period = deadline_period(deadline.length, deadline.unit)
    if deadline.counts_from == "received":
        return _("خلال %(period)s من تاريخ استلام الطلب") % {"period": period}
    return _("خلال %(period)s من تاريخ اكتمال الطلب") % {"period": period}


def deciding_body(decision: Decision) -> str:
    """The body that decides requests: "لجنة البحث", "اللجنة المختصة", "الإدارة"…"""
    return str(DECIDING_BODIES[decision.body])


def referral_target(referral: Referral) -> str:
    """Whom a person is referred to when the procedure is unclear: the section or officer the
    policy names, else the management; with no referral set, the competent party in general
    ("الجهة المختصة في الجمعية"), so a text that mentions the referral still reads."""
    if referral.kind == "none":
        return _("الجهة المختصة في الجمعية")
    return referral.name.strip() or _("الإدارة")


# -- titles ------------------------------------------------------------------------------------

# The titles of RULE_GROUPS, with the association's word in place of "المستفيد".
_TITLES = {
    "intake": gettext_lazy("قنوات التواصل مع %(beneficiaries)s"),
    "contact": gettext_lazy("وسائل إبلاغ %(beneficiary)s"),
    "tools": gettext_lazy("الأدوات المتاحة لموظف علاقات %(beneficiaries)s"),
    "deadline": gettext_lazy("مدة الرد على الطلب"),
    "decision": gettext_lazy("جهة البت في الطلبات"),
    "referral": gettext_lazy("الإحالة عند عدم وضوح الإجراءات"),
    "eligibility": gettext_lazy("شروط استحقاق الخدمة"),
    "attendance": gettext_lazy("ضوابط حضور البرامج"),
    "compensation": gettext_lazy("تعويض %(beneficiaries)s"),
    "complaints": gettext_lazy("استقبال الشكاوى والخلافات وتسويتها"),
    "relationship": gettext_lazy("بناء العلاقة مع %(beneficiaries)s وضمان استمرارها"),
    "informing": gettext_lazy("تزويد %(beneficiary)s بالمعلومات الواجبة له"),
    "satisfaction": gettext_lazy("قياس رضا %(beneficiaries)s"),
    "staff_duties": gettext_lazy("مسؤوليات العاملين"),
    "review_every_months": gettext_lazy("مراجعة السياسة"),
}


# -- the rules ---------------------------------------------------------------------------------


def _items(labels: list[str]) -> list[str]:
    return [f"{ITEM}{label}" for label in labels]


def _intake(rules: PolicyRules, words: dict) -> list[str]:
    labels = [str(INTAKE_CHANNELS[c]) for c in rules.intake.channels]
    labels += [c.name for c in rules.intake.custom_channels]
    if not labels:
        return []
    lead = _("تستقبل الجمعية طلبات %(beneficiaries)s واستفساراتهم عبر القنوات الآتية:") % words
    return [lead, *_items(labels)]


def _contact(rules: PolicyRules, words: dict) -> list[str]:
    labels = [str(CONTACT_CHANNELS[c]) for c in rules.contact.channels]
    if not labels:
        return []
    lead = (
        _(
            "تتواصل الجمعية مع %(beneficiary)s وتوافيه بالجديد في طلبه على الوسيلة المتفق "
            "عليها معه من الوسائل الآتية:"
        )
        % words
    )
    return [lead, *_items(labels)]


def _tools(rules: PolicyRules, words: dict) -> list[str]:
    if not rules.tools:
        return []
    lead = (
        _(
            "تتاح لموظف علاقات %(beneficiaries)s الأدوات الآتية للتواصل مع "
            "%(beneficiaries)s وخدمتهم:"
        )
        % words
    )
    return [lead, *_items([tool.name for tool in rules.tools])]


def _deadline(rules: PolicyRules, words: dict) -> list[str]:
    deadline = rules.deadline
    if deadline.unit == "none" or deadline.length is None:
        return [
            _(
                "تبلغ الجمعية %(beneficiary)s بنتيجة طلبه، بالقبول أو الرفض، فور صدورها دون "
                "تأخير، عبر القنوات المعتمدة."
            )
            % words
        ]
    values = {**words, "period": deadline_period(deadline.length, deadline.unit)}
    if deadline.counts_from == "received":
        sentence = _(
            "ترد الجمعية على طلب %(beneficiary)s بالقبول أو الرفض خلال %(period)s من تاريخ "
            "استلام الطلب."
        )
    else:
        sentence = _(
            "ترد الجمعية على طلب %(beneficiary)s بالقبول أو الرفض خلال %(period)s من تاريخ "
            "اكتمال الطلب."
        )
    return [sentence % values]


def _decision(rules: PolicyRules, words: dict) -> list[str]:
    decision = rules.decision
    values = {**words, "body": deciding_body(decision)}
    if decision.scope_note.strip():
        # The scope is a noun phrase naming the requests (seed 003: "الطلبات التي تتطلب
        # تصاريح أو موافقات رسمية").
        values["scope"] = decision.scope_note.strip()
        sentence = _(
            "ترفع الجمعية %(scope)s إلى %(body)s لدراستها والبت فيها بالقبول أو الرفض، "
            "وتوضح ذلك عند تقديم الطلب."
        )
    else:
        sentence = _(
            "ترفع الجمعية طلب %(beneficiary)s إلى %(body)s لدراسته والبت فيه بالقبول أو "
            "الرفض، وتوضح ذلك عند تقديم الطلب."
        )
    return [sentence % values]


def _referral(rules: PolicyRules, words: dict) -> list[str]:
    referral = rules.referral
    if referral.kind == "none":
        return []
    target = referral_target(referral)
    sentences = [
        _(
            "إذا لم تكن الإجراءات واضحة لدى %(beneficiary)s، يحيله الموظف إلى %(target)s "
            "للإجابة عن تساؤلاته وإيضاح الجوانب التنظيمية."
        )
        % {**words, "target": target}
    ]
    if referral.answer_within_working_days is not None:
        sentences.append(
            _("ترد الجهة المحال إليها على الإحالة خلال %(period)s من تاريخ الإحالة.")
            % {"period": working_days(referral.answer_within_working_days)}
        )
    return sentences


def _eligibility(rules: PolicyRules, words: dict) -> list[str]:
    items = rules.eligibility.conditions
    if not items:
        return []
    stated = conditions.statements([item.model_dump() for item in items], term=words["beneficiary"])
    return [_("يشترط لاستحقاق الخدمة ما يأتي:"), *_items(stated)]


def _attendance(rules: PolicyRules, words: dict) -> list[str]:
    if not rules.attendance.rules:
        return []
    lead = _("يلتزم %(beneficiary)s بضوابط حضور البرامج وفق الآتي:") % words
    return [lead, *_items([str(ATTENDANCE_RULES[r]) for r in rules.attendance.rules])]


def _compensation(rules: PolicyRules, words: dict) -> list[str]:
    compensation = rules.compensation
    if not compensation.enabled:
        return []
    if compensation.requires_association_fault:
        lead = _(
            "تعوض الجمعية %(beneficiary)s عن الضرر الذي لحق به إذا ثبت أنها المتسببة في "
            "الخلل وإيقاع الضرر، ويثبت ذلك بأحد الآتي:"
        )
    else:
        lead = _("تعوض الجمعية %(beneficiary)s عن الضرر الذي لحق به إذا ثبت الضرر بأحد الآتي:")
    sentences = [
        lead % words,
        *_items([str(COMPENSATION_EVIDENCE[e]) for e in compensation.evidence]),
    ]
    if compensation.negotiated_settlement:
        sentences.append(
            _("تتفاوض الجمعية مع %(beneficiary)s المتضرر لحل الخلاف والتعويض بما يضمن الحقوق.")
            % words
        )
    return sentences


def _complaints(rules: PolicyRules, words: dict) -> list[str]:
    complaints = rules.complaints
    sentences: list[str] = []
    if complaints.routes:
        sentences.append(_("تستقبل الجمعية شكاوى %(beneficiaries)s وملاحظاتهم عبر الآتي:") % words)
        sentences += _items([str(COMPLAINT_ROUTES[r]) for r in complaints.routes])
    if complaints.handled_by:
        sentences.append(
            _("تعالج الشكاوى بسرعة عن طريق %(body)s.")
            % {"body": str(COMPLAINT_BODIES[complaints.handled_by])}
        )
    if complaints.under_approved_rules:
        sentences.append(
            _(
                "تعنى الجمعية بملاحظات %(beneficiaries)s وشكاواهم، وتبذل الجهود لمعالجتها "
                "وفق الأنظمة والضوابط المعتمدة."
            )
            % words
        )
    if complaints.technical_support:
        sentences.append(
            _(
                "تقدم الجمعية الدعم الفني لحل الإشكالات، وتستقبل الاستفسارات المتعلقة "
                "بالتواصل بينها وبين %(beneficiary)s."
            )
            % words
        )
    if complaints.amicable_settlement_first:
        sentences.append(
            _(
                "تسعى الجمعية إلى حل الخلافات والإشكالات وديا بما يضمن صفاء العلاقة مع "
                "%(beneficiary)s واستمرارها."
            )
            % words
        )
    return sentences


def _relationship(rules: PolicyRules, words: dict) -> list[str]:
    commitments = rules.relationship.commitments
    if not commitments:
        return []
    lead = _("تلتزم الجمعية في علاقتها مع %(beneficiaries)s بما يأتي:") % words
    return [lead, *_items([str(RELATIONSHIP_COMMITMENTS[c]) for c in commitments])]


def _informing(rules: PolicyRules, words: dict) -> list[str]:
    informing = rules.informing
    sentences: list[str] = []
    if informing.liaison_per_category and informing.liaison_per_field:
        liaison = _(
            "تحدد الجمعية ضابط اتصال مع %(beneficiaries)s حسب فئاتهم وحسب مجالات الجمعية، "
            "لاستقبال الاستفسارات والرد عليها."
        )
    elif informing.liaison_per_category:
        liaison = _(
            "تحدد الجمعية ضابط اتصال مع %(beneficiaries)s حسب فئاتهم، لاستقبال الاستفسارات "
            "والرد عليها."
        )
    elif informing.liaison_per_field:
        liaison = _(
            "تحدد الجمعية ضابط اتصال مع %(beneficiaries)s حسب مجالات الجمعية، لاستقبال "
            "الاستفسارات والرد عليها."
        )
    else:
        liaison = ""
    if liaison:
        sentences.append(liaison % words)
    if informing.channels_kept_open:
        sentences.append(
            _(
                "توفر الجمعية قنوات التواصل مع %(beneficiaries)s وتعززها، لاستقبال "
                "استفساراتهم وتزويدهم بالطلبات والمعلومات."
            )
            % words
        )
    if informing.publish_updates:
        sentences.append(
            _(
                "تجري الجمعية التحديثات اللازمة على أي معلومات يطرأ عليها تعديل، وتنشرها عبر "
                "الوسائل المعتمدة في الجمعية."
            )
        )
    return sentences


def _satisfaction(rules: PolicyRules, words: dict) -> list[str]:
    satisfaction = rules.satisfaction
    sentences: list[str] = []
    if satisfaction.stated_as_goal:
        sentences.append(_("قياس رضا %(beneficiaries)s هدف من أهداف هذه السياسة.") % words)
    if satisfaction.methods:
        sentences.append(_("تقيس الجمعية رضا %(beneficiaries)s بالوسائل الآتية:") % words)
        sentences += _items([str(SATISFACTION_METHODS[m]) for m in satisfaction.methods])
    return sentences


def _staff_duties(rules: PolicyRules, words: dict) -> list[str]:
    duties = rules.staff_duties
    sentences: list[str] = []
    if duties.read_sign_follow:
        sentences.append(
            _(
                "على جميع العاملين تحت إدارة الجمعية وإشرافها الاطلاع على هذه السياسة "
                "والتوقيع عليها، والالتزام بما ورد فيها عند أداء واجباتهم ومسؤولياتهم "
                "الوظيفية."
            )
        )
    if duties.hr_spreads_copy:
        sentences.append(
            _(
                "تتولى إدارة الموارد البشرية نشر هذه السياسة والتوعية بها، وتزويد جميع "
                "الإدارات والأقسام بنسخة منها."
            )
        )
    return sentences


def _review(rules: PolicyRules, words: dict) -> list[str]:
    return [
        _("تراجع هذه السياسة كل %(period)s.") % {"period": every_months(rules.review_every_months)}
    ]


_STATERS = {
    "intake": _intake,
    "contact": _contact,
    "tools": _tools,
    "deadline": _deadline,
    "decision": _decision,
    "referral": _referral,
    "eligibility": _eligibility,
    "attendance": _attendance,
    "compensation": _compensation,
    "complaints": _complaints,
    "relationship": _relationship,
    "informing": _informing,
    "satisfaction": _satisfaction,
    "staff_duties": _staff_duties,
    "review_every_months": _review,
}


def beneficiary_words(organization: Organization | None) -> dict[str, str]:
    """The association's word for the people it serves, singular and plural."""
    singular = (organization.beneficiary_term if organization else "").strip()
    plural = (organization.beneficiary_term_plural if organization else "").strip()
    return {
        "beneficiary": singular or DEFAULT_TERM,
        "beneficiaries": plural or DEFAULT_TERM_PLURAL,
    }


def rule_sentences(
    rules: PolicyRules, *, organization: Organization | None = None
) -> list[RuleStatement]:
    """The rules stated in Arabic, one `RuleStatement` per group in RULE_GROUPS order;
    groups with nothing to state (no referral, no compensation…) are left out."""
    words = beneficiary_words(organization)
    statements = []
    for key in RULE_GROUPS:
        sentences = _STATERS[key](rules, words)
        if sentences:
            statements.append(RuleStatement(key, str(_TITLES[key]) % words, sentences))
    return statements
