"""The structured rules of a policy version: what Silah enforces and the document states.

Every row of the seeds' comparison table (`../shared/seeds/README.md`, "Where they differ")
is a field here. A version stores its rules as JSON validated by `PolicyRules`; presets are
the same structure in TOML files. Nothing here names an association: a difference between
two associations is a difference in these values, never an `if` in code.

Each rule group carries `source_note`: the seed's own wording of the rule, kept beside the
structured value so that the published sentence (generated from the value) can be checked
against what the board approved.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# -- vocabularies (codes in data, Arabic labels on screen) -----------------------------------

INTAKE_CHANNELS = {
    "interview": _("المقابلة الشخصية"),
    "phone": _("الاتصالات الهاتفية"),
    "social_media": _("وسائل التواصل الاجتماعي"),
    "letters": _("الخطابات والمراسلات"),
    "fax": _("الفاكس"),
    "website": _("الموقع الإلكتروني"),
    "email": _("البريد الإلكتروني"),
    "help_request_services": _("خدمات طلب المساعدة"),
    "volunteer_service": _("خدمة التطوع"),
    "branches_offices": _("الفروع والمكاتب"),
    "office_representatives": _("مناديب المكاتب"),
    "web_link": _("الرابط المباشر في الموقع الإلكتروني"),
}

CONTACT_CHANNELS = {
    "sms": _("الرسائل النصية"),
    "whatsapp": _("واتساب"),
    "email": _("البريد الإلكتروني"),
    "letter": _("خطاب مطبوع أو فاكس"),
    "call": _("اتصال هاتفي من الموظف"),
}

TOOL_KINDS = {
    "basic_regulation": _("اللائحة الأساسية"),
    "form": _("نموذج"),
    "guide": _("دليل"),
    "policy": _("سياسة"),
    "instructions": _("تعليمات"),
    "questionnaire": _("استبانة"),
    "other": _("أخرى"),
}

DECIDING_BODIES = {
    "research_committee": _("لجنة البحث"),
    "competent_committee": _("اللجنة المختصة"),
    "management": _("الإدارة"),
    "external_authority": _("الجهة الرسمية المختصة"),
}

REFERRAL_KINDS = {
    "none": _("لا إحالة محددة"),
    "section": _("قسم"),
    "officer": _("موظف مختص"),
    "management": _("الإدارة"),
}

DEADLINE_UNITS = {
    "working": _("أيام عمل"),
    "calendar": _("أيام تقويمية"),
    "none": _("بلا مهلة محددة"),
}

DEADLINE_EVENTS = {
    "complete": _("اكتمال الطلب"),
    "received": pgettext_lazy("the deadline counts from", "استلام الطلب"),
}

ATTENDANCE_RULES = {
    "register_by_procedure": _("التسجيل في البرنامج وفق الإجراءات المعتمدة"),
    "pass_interview": _("اجتياز المقابلة الشخصية إن وجدت"),
    "attend_regularly": _("الالتزام بالحضور والانتظام"),
    "keep_programme_rules": _("الالتزام بأنظمة البرنامج وتعليماته"),
    "fees_announced": _("الإعلان عن الرسوم إن وجدت قبل التسجيل"),
}

COMPENSATION_EVIDENCE = {
    "committee_minutes": _("محضر مؤرخ ومعتمد من لجنة التحقيق والمتابعة يوضح الضرر وحجمه وأسبابه"),
    "final_ruling": _("حكم قضائي أو حكم نهائي من الجهات المعنية بتسوية المنازعات"),
}

COMPLAINT_ROUTES = {
    "web_link": _("الرابط المباشر في الموقع الإلكتروني"),
    "fax": _("الفاكس"),
    "phone": _("الاتصال الهاتفي"),
    "interview": _("المقابلة الشخصية"),
    "email": _("البريد الإلكتروني"),
    "letters": _("الخطابات"),
}

COMPLAINT_BODIES = {
    "": _("غير محدد"),
    "follow_up_committee": _("لجنة المتابعة"),
    "management": _("الإدارة"),
    "liaison_officer": _("ضابط الاتصال"),
}

RELATIONSHIP_COMMITMENTS = {
    "intellectual_property": _("المحافظة على حقوق الملكية الفكرية للمستفيدين"),
    "privacy": _("المحافظة على خصوصية المستفيدين وسرية بياناتهم ومستنداتهم"),
    "rights_when_due": _("تأدية ما للمستفيدين من حقوق عند استحقاقها"),
    "code_of_ethics": _("الالتزام بميثاق أخلاقيات المهنة والسلوك"),
}

SATISFACTION_METHODS = {
    "periodic_questionnaire": _("استبانة قياس الرضا بشكل دوري"),
    "electronic_questionnaire": _("الاستبانات الإلكترونية"),
    "paper_questionnaire": _("الاستبانات الورقية"),
    "field_survey": _("المسح الميداني"),
    "supervisory_visits": _("الزيارات الإشرافية على المكاتب"),
    "interviews": _("المقابلات"),
    "complaints_link_followup": _("متابعة الإدارة العليا لرابط الشكاوى والاستفسارات"),
    "liaison_supervision": _("إشراف الإدارة العليا على ضابط الاتصال"),
}

SECTION_KINDS = {
    "preamble": _("تمهيد"),
    "general_goal": _("الهدف العام"),
    "detailed_goals": _("الأهداف التفصيلية"),
    "approved_practices": _("الممارسات المعتمدة"),
    "scope": _("النطاق"),
    "responsibilities": _("المسؤوليات"),
    "other": _("قسم آخر"),
}

# -- the schema ------------------------------------------------------------------------------

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,39}$")]
Text = Annotated[str, Field(max_length=4000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _known(values: list[str], vocabulary: dict, what: str) -> list[str]:
    unknown = [v for v in values if v not in vocabulary]
    if unknown:
        raise ValueError(f"unknown {what}: {', '.join(unknown)}")
    if len(set(values)) != len(values):
        raise ValueError(f"{what} repeated")
    return values


class CustomChannel(Strict):
    code: Code
    name: Annotated[str, Field(min_length=1, max_length=120)]


class IntakeRules(Strict):
    channels: list[str] = []
    custom_channels: list[CustomChannel] = []  # an association's own, beyond the list
    source_note: Text = ""

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        return _known(value, INTAKE_CHANNELS, "intake channels")

    @model_validator(mode="after")
    def _custom_codes(self) -> IntakeRules:
        clash = {c.code for c in self.custom_channels} & set(INTAKE_CHANNELS)
        if clash:
            raise ValueError(f"custom channel codes clash with built-in ones: {sorted(clash)}")
        return self

    def codes(self) -> list[str]:
        return [*self.channels, *(c.code for c in self.custom_channels)]


class ContactRules(Strict):
    channels: list[str] = ["sms", "call"]

    @field_validator("channels")
    @classmethod
    def _channels(cls, value: list[str]) -> list[str]:
        return _known(value, CONTACT_CHANNELS, "contact channels")


class Tool(Strict):
    """A document the relations officer works with; the file or link is set on screen."""

    name: Annotated[str, Field(min_length=1, max_length=200)]
    kind: str = "other"
    link: Annotated[str, Field(max_length=500)] = ""

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return _known([value], TOOL_KINDS, "tool kind")[0]


class Deadline(Strict):
    length: Annotated[int, Field(ge=1, le=365)] | None = None
    unit: Literal["working", "calendar", "none"] = "none"
    counts_from: Literal["complete", "received"] = "complete"
    source_note: Text = ""

    @model_validator(mode="after")
    def _length_matches_unit(self) -> Deadline:
        if self.unit == "none" and self.length is not None:
            raise ValueError("a deadline of 'none' has no length")
        if self.unit != "none" and self.length is None:
            raise ValueError("a deadline in days needs a length")
        return self


class Decision(Strict):
    body: Literal["research_committee", "competent_committee", "management", "external_authority"]
    scope_note: Text = ""  # e.g. 003: "for requests that need a permit"
    source_note: Text = ""


REFERRAL_MAX_DAYS = 90


class Referral(Strict):
    kind: Literal["none", "section", "officer", "management"] = "none"
    name: Annotated[str, Field(max_length=200)] = ""  # the section or officer, as the policy says
    # The association's own promise (no seed states one): a referral is answered within this
    # many working days of the day it is made; None, no deadline. Versions stored before the
    # field existed read as None.
    answer_within_working_days: Annotated[int, Field(ge=1, le=REFERRAL_MAX_DAYS)] | None = None
    source_note: Text = ""

    @model_validator(mode="after")
    def _named(self) -> Referral:
        if self.kind in ("section", "officer") and not self.name.strip():
            raise ValueError("a referral to a section or an officer names it")
        if self.kind == "none" and self.answer_within_working_days is not None:
            raise ValueError("a referral deadline needs a referral target")
        return self


class Condition(Strict):
    """A typed eligibility condition evaluated by `silah.policy.conditions`."""

    type: Code
    params: dict[str, Any] = {}

    @model_validator(mode="after")
    def _known_type(self) -> Condition:
        from silah.policy.conditions import check_condition_definition

        check_condition_definition(self.type, self.params)
        return self


class Eligibility(Strict):
    conditions: list[Condition] = []
    source_note: Text = ""


class Attendance(Strict):
    rules: list[str] = []
    source_note: Text = ""

    @field_validator("rules")
    @classmethod
    def _rules(cls, value: list[str]) -> list[str]:
        return _known(value, ATTENDANCE_RULES, "attendance rules")


class Compensation(Strict):
    enabled: bool = False
    requires_association_fault: bool = True
    evidence: list[str] = []  # any one of these establishes it
    negotiated_settlement: bool = False
    source_note: Text = ""

    @field_validator("evidence")
    @classmethod
    def _evidence(cls, value: list[str]) -> list[str]:
        return _known(value, COMPENSATION_EVIDENCE, "compensation evidence")

    @model_validator(mode="after")
    def _evidence_when_enabled(self) -> Compensation:
        if self.enabled and not self.evidence:
            raise ValueError("compensation needs at least one kind of evidence")
        return self


class Complaints(Strict):
    routes: list[str] = []
    handled_by: str = ""
    technical_support: bool = False
    amicable_settlement_first: bool = False
    under_approved_rules: bool = False  # 003: "handled under approved rules"
    source_note: Text = ""

    @field_validator("routes")
    @classmethod
    def _routes(cls, value: list[str]) -> list[str]:
        return _known(value, COMPLAINT_ROUTES, "complaint routes")

    @field_validator("handled_by")
    @classmethod
    def _body(cls, value: str) -> str:
        return _known([value], COMPLAINT_BODIES, "complaint body")[0]


class Relationship(Strict):
    commitments: list[str] = []
    source_note: Text = ""

    @field_validator("commitments")
    @classmethod
    def _commitments(cls, value: list[str]) -> list[str]:
        return _known(value, RELATIONSHIP_COMMITMENTS, "commitments")


class Informing(Strict):
    liaison_per_category: bool = False
    liaison_per_field: bool = False
    channels_kept_open: bool = False
    publish_updates: bool = False
    source_note: Text = ""


class Satisfaction(Strict):
    methods: list[str] = []
    stated_as_goal: bool = False  # 000, 002, 004: a goal, no method named
    source_note: Text = ""

    @field_validator("methods")
    @classmethod
    def _methods(cls, value: list[str]) -> list[str]:
        return _known(value, SATISFACTION_METHODS, "satisfaction methods")


class StaffDuties(Strict):
    read_sign_follow: bool = False
    hr_spreads_copy: bool = False
    source_note: Text = ""


class PolicyRules(Strict):
    intake: IntakeRules = IntakeRules()
    contact: ContactRules = ContactRules()
    tools: list[Tool] = []
    deadline: Deadline = Deadline()
    decision: Decision = Decision(body="management")
    referral: Referral = Referral()
    eligibility: Eligibility = Eligibility()
    attendance: Attendance = Attendance()
    compensation: Compensation = Compensation()
    complaints: Complaints = Complaints()
    relationship: Relationship = Relationship()
    informing: Informing = Informing()
    satisfaction: Satisfaction = Satisfaction()
    staff_duties: StaffDuties = StaffDuties()
    review_every_months: Annotated[int, Field(ge=1, le=60)] = 12


# The rule groups in the order the document and the comparison show them.
RULE_GROUPS = {
    "intake": _("قنوات التواصل مع المستفيدين"),
    "contact": _("وسائل إبلاغ المستفيد"),
    "tools": _("الأدوات المتاحة لموظف علاقات المستفيدين"),
    "deadline": _("مدة الرد على الطلب"),
    "decision": _("جهة البت في الطلبات"),
    "referral": _("الإحالة عند عدم وضوح الإجراءات"),
    "eligibility": _("شروط الاستحقاق"),
    "attendance": _("ضوابط حضور البرامج"),
    "compensation": _("تعويض المستفيدين"),
    "complaints": _("استقبال الشكاوى وتسويتها"),
    "relationship": _("بناء العلاقة مع المستفيدين وضمان استمرارها"),
    "informing": _("تزويد المستفيد بالمعلومات"),
    "satisfaction": _("قياس رضا المستفيدين"),
    "staff_duties": _("مسؤوليات العاملين"),
    "review_every_months": _("مراجعة السياسة"),
}


class Section(Strict):
    """A text section of the policy, in the association's own words."""

    kind: str = "other"
    title: Annotated[str, Field(min_length=1, max_length=200)]
    body: Annotated[str, Field(max_length=20000)] = ""  # paragraphs; lines starting "- " are items

    @field_validator("kind")
    @classmethod
    def _kind(cls, value: str) -> str:
        return _known([value], SECTION_KINDS, "section kind")[0]


def parse_rules(data: dict | None) -> PolicyRules:
    """Rules from stored JSON (raises pydantic.ValidationError on bad data)."""
    return PolicyRules.model_validate(data or {})


def parse_sections(data: list | None) -> list[Section]:
    return [Section.model_validate(item) for item in data or []]
