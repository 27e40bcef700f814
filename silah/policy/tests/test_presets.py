"""The five seed policies as presets: every row of the seeds' comparison table, per seed.

The expected values below are the columns of `../shared/seeds/README.md` ("Where they
differ"); a row the seed does not have ("—") must be the schema's default: nothing invented.
"""

import re
from datetime import date
from pathlib import Path

import pytest

from silah.policy import presets, seed_fidelity
from silah.policy.presets import PresetError, UnknownPreset, load_preset, read_preset_file
from silah.policy.references import render_references, unknown_references
from silah.policy.rules import (
    DECIDING_BODIES,
    Attendance,
    Compensation,
    Complaints,
    Eligibility,
    Informing,
    PolicyRules,
    Relationship,
    StaffDuties,
)
from silah.policy.sentences import referral_target, with_lam

CODES = ["amal_allith", "samtah_coop", "quwayiyah_coop", "ahsa_prisoners", "tabuk_health"]

AMAL_CHANNELS = [
    "interview",
    "phone",
    "social_media",
    "letters",
    "help_request_services",
    "volunteer_service",
    "website",
]

CHANNELS = {
    "amal_allith": AMAL_CHANNELS,
    "samtah_coop": [
        "interview",
        "letters",
        "phone",
        "fax",
        "website",
        "email",
        "volunteer_service",
    ],
    "quwayiyah_coop": [*AMAL_CHANNELS, "office_representatives"],
    "ahsa_prisoners": ["interview", "phone", "social_media", "letters", "website"],
    "tabuk_health": [
        "interview",
        "phone",
        "social_media",
        "letters",
        "volunteer_service",
        "website",
        "branches_offices",
    ],
}

TOOLS = {
    "amal_allith": [
        ("اللائحة الأساسية للجمعية", "basic_regulation"),
        ("استمارة التسجيل في برامج الجمعية وأنشطتها", "form"),
    ],
    "samtah_coop": [
        ("اللائحة الأساسية", "basic_regulation"),
        ("سياسة التعامل مع الشركاء المنفذين والأطراف", "policy"),
        ("سياسة إدارة التطوع", "policy"),
        ("سياسة صرف المساعدات", "policy"),
        ("نموذج طلب خدمة", "form"),
    ],
    "quwayiyah_coop": [
        ("اللائحة الأساسية للجمعية", "basic_regulation"),
        ("دليل خدمات البحث الاجتماعي", "guide"),
        ("دليل سياسة الدعم للمستفيدين", "guide"),
        ("طلب دعم مستفيد", "form"),
        ("سياسات العمل الخيري", "policy"),
        ("التعليمات والأنظمة من الجهات الرسمية", "instructions"),
    ],
    "ahsa_prisoners": [
        ("اللائحة الأساسية للجمعية", "basic_regulation"),
        ("الاستبانات الإلكترونية والورقية", "questionnaire"),
    ],
    "tabuk_health": [
        ("اللائحة الأساسية للجمعية", "basic_regulation"),
        ("دليل خدمات البحث الاجتماعي", "guide"),
    ],
}

DECISION = {
    "amal_allith": ("research_committee", ""),
    "samtah_coop": ("competent_committee", ""),
    "quwayiyah_coop": ("research_committee", ""),
    "ahsa_prisoners": ("external_authority", "الطلبات التي تتطلب تصاريح أو موافقات رسمية"),
    "tabuk_health": ("management", ""),
}

REFERRAL = {
    "amal_allith": ("section", "قسم الشؤون التعليمية / البحث"),
    "samtah_coop": ("none", ""),
    "quwayiyah_coop": ("officer", "مسؤول البحث الاجتماعي"),
    "ahsa_prisoners": ("none", ""),
    "tabuk_health": ("management", ""),
}

DEADLINE = {
    "amal_allith": (14, "calendar", "complete"),
    "samtah_coop": (15, "working", "complete"),
    "quwayiyah_coop": (14, "calendar", "complete"),
    "ahsa_prisoners": (None, "none", "complete"),
    "tabuk_health": (7, "calendar", "complete"),
}

SAMTAH = "samtah_coop"
AHSA = "ahsa_prisoners"

COMPLAINTS = {
    SAMTAH: Complaints(
        routes=["web_link", "fax"],
        handled_by="follow_up_committee",
        technical_support=True,
        amicable_settlement_first=True,
    ),
    AHSA: Complaints(under_approved_rules=True),
}

COMPENSATION = {
    SAMTAH: Compensation(
        enabled=True,
        requires_association_fault=True,
        evidence=["committee_minutes", "final_ruling"],
        negotiated_settlement=True,
    ),
}

RELATIONSHIP = {
    SAMTAH: Relationship(
        commitments=["intellectual_property", "privacy", "rights_when_due", "code_of_ethics"]
    ),
}

INFORMING = {
    SAMTAH: Informing(
        liaison_per_category=True,
        liaison_per_field=True,
        channels_kept_open=True,
        publish_updates=True,
    ),
}

SATISFACTION = {
    "amal_allith": ([], True),
    "samtah_coop": (
        [
            "periodic_questionnaire",
            "field_survey",
            "supervisory_visits",
            "interviews",
            "complaints_link_followup",
            "liaison_supervision",
        ],
        False,
    ),
    "quwayiyah_coop": ([], True),
    "ahsa_prisoners": (["electronic_questionnaire", "paper_questionnaire"], False),
    "tabuk_health": ([], True),
}

ELIGIBILITY = {AHSA: ["within_scope", "lawful_residence", "registered_beneficiary"]}

ATTENDANCE = {
    AHSA: Attendance(
        rules=[
            "register_by_procedure",
            "pass_interview",
            "attend_regularly",
            "keep_programme_rules",
            "fees_announced",
        ]
    ),
}

STAFF_DUTIES = {SAMTAH: StaffDuties(read_sign_follow=True, hr_spreads_copy=True)}


def rules_of(code: str) -> PolicyRules:
    return load_preset(code).parsed_rules()


def without_note(group) -> dict:
    return group.model_dump(exclude={"source_note"})


# -- every preset loads -----------------------------------------------------------------------


def test_there_is_one_preset_per_seed_in_the_seeds_order():
    infos = presets.list_presets()
    assert [info.code for info in infos] == CODES
    assert [info.seed[:3] for info in infos] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("code", CODES)
def test_every_preset_validates_against_the_policy_rules_schema(code):
    preset = load_preset(code)
    assert PolicyRules.model_validate(preset.rules).model_dump(mode="json") == preset.rules


@pytest.mark.parametrize("code", CODES)
def test_the_preset_file_names_its_own_seed(code):
    info = load_preset(code).info
    assert info.code == code
    assert re.fullmatch(r"00[0-4]_[0-9a-f]{16}\.txt", info.seed)
    assert info.title and info.description


def test_an_unknown_preset_is_refused_with_the_known_ones_listed():
    with pytest.raises(UnknownPreset) as error:
        load_preset("nowhere")
    assert error.value.known == CODES
    assert "amal_allith" in error.value.message


# -- the association --------------------------------------------------------------------------

ORGANIZATIONS = {
    "amal_allith": ("جمعية آمال لذوي الإعاقة بمحافظة الليث", "5597", "ncnp", "", "الليث"),
    "samtah_coop": ("الجمعية التعاونية متعددة الأغراض بصامطة", "81", "hrsd", "", "صامطة"),
    "quwayiyah_coop": ("الجمعية التعاونية متعددة الأغراض بالقويعية", "", "", "", "القويعية"),
    "ahsa_prisoners": ("جمعية العناية بالسجناء بالأحساء", "", "", "", "الأحساء"),
    "tabuk_health": ("الجمعية الخيرية للرعاية الصحية بمنطقة تبوك", "", "", "منطقة تبوك", ""),
}


@pytest.mark.parametrize("code", CODES)
def test_the_association_is_named_and_licensed_exactly_as_its_seed_says(code):
    organization = load_preset(code).organization
    name, licence, authority, region, city = ORGANIZATIONS[code]
    assert organization["name"] == name
    assert organization["licence_number"] == licence
    assert organization["licence_authority"] == authority
    assert (organization["region"], organization["city"]) == (region, city)
    assert organization["name_en"]


def test_the_prisoners_association_keeps_its_own_english_name():
    assert load_preset(AHSA).organization["name_en"] == "Alhasa Prisoners Care Association"


@pytest.mark.parametrize(
    ("code", "term"),
    [
        ("amal_allith", ("المستفيد", "المستفيدين", "beneficiary")),
        ("samtah_coop", ("المستفيد", "المستفيدين", "beneficiary")),
        ("quwayiyah_coop", ("المستخدم", "المستخدمين", "user")),
        ("ahsa_prisoners", ("المستفيد", "المستفيدين", "beneficiary")),
        ("tabuk_health", ("المستفيد", "المستفيدين", "beneficiary")),
    ],
)
def test_the_people_served_are_called_by_the_seeds_word(code, term):
    organization = load_preset(code).organization
    assert (
        organization["beneficiary_term"],
        organization["beneficiary_term_plural"],
        organization["beneficiary_term_en"],
    ) == term


# -- the rows of the comparison table ---------------------------------------------------------


@pytest.mark.parametrize("code", CODES)
def test_intake_channels_are_the_seeds_list(code):
    intake = rules_of(code).intake
    assert intake.channels == CHANNELS[code]
    assert intake.custom_channels == []


@pytest.mark.parametrize("code", CODES)
def test_contact_channels_default_to_sms_whatsapp_and_a_call(code):
    # The seeds do not list them: Silah's default, a setting the association changes.
    assert rules_of(code).contact.channels == ["sms", "whatsapp", "call"]


@pytest.mark.parametrize("code", CODES)
def test_the_relations_officers_tools_are_the_seeds_documents(code):
    tools = rules_of(code).tools
    assert [(tool.name, tool.kind) for tool in tools] == TOOLS[code]
    assert all(tool.link == "" for tool in tools)


@pytest.mark.parametrize("code", CODES)
def test_the_body_that_decides_a_request_is_the_seeds(code):
    decision = rules_of(code).decision
    assert (decision.body, decision.scope_note) == DECISION[code]


@pytest.mark.parametrize("code", CODES)
def test_the_referral_when_the_procedure_is_unclear_is_the_seeds(code):
    referral = rules_of(code).referral
    assert (referral.kind, referral.name) == REFERRAL[code]


@pytest.mark.parametrize("code", CODES)
def test_the_answer_deadline_is_the_seeds(code):
    deadline = rules_of(code).deadline
    assert (deadline.length, deadline.unit, deadline.counts_from) == DEADLINE[code]


@pytest.mark.parametrize("code", CODES)
def test_complaint_handling_is_set_only_where_the_seed_has_it(code):
    expected = COMPLAINTS.get(code, Complaints())
    assert without_note(rules_of(code).complaints) == without_note(expected)


@pytest.mark.parametrize("code", CODES)
def test_compensation_is_set_only_where_the_seed_has_it(code):
    expected = COMPENSATION.get(code, Compensation())
    assert without_note(rules_of(code).compensation) == without_note(expected)


@pytest.mark.parametrize("code", CODES)
def test_keeping_the_relationship_is_set_only_where_the_seed_has_it(code):
    expected = RELATIONSHIP.get(code, Relationship())
    assert without_note(rules_of(code).relationship) == without_note(expected)


@pytest.mark.parametrize("code", CODES)
def test_informing_beneficiaries_is_set_only_where_the_seed_has_it(code):
    expected = INFORMING.get(code, Informing())
    assert without_note(rules_of(code).informing) == without_note(expected)


@pytest.mark.parametrize("code", CODES)
def test_measuring_satisfaction_is_the_seeds_methods_or_a_goal(code):
    satisfaction = rules_of(code).satisfaction
    assert (satisfaction.methods, satisfaction.stated_as_goal) == SATISFACTION[code]


@pytest.mark.parametrize("code", CODES)
def test_eligibility_conditions_are_set_only_where_the_seed_has_them(code):
    eligibility = rules_of(code).eligibility
    assert [c.type for c in eligibility.conditions] == ELIGIBILITY.get(code, [])
    if code not in ELIGIBILITY:
        assert without_note(eligibility) == without_note(Eligibility())


def test_the_prisoners_eligibility_conditions_carry_no_invented_parameters():
    conditions = rules_of(AHSA).eligibility.conditions
    assert all(condition.params == {} for condition in conditions)


@pytest.mark.parametrize("code", CODES)
def test_programme_attendance_rules_are_set_only_where_the_seed_has_them(code):
    expected = ATTENDANCE.get(code, Attendance())
    assert without_note(rules_of(code).attendance) == without_note(expected)


@pytest.mark.parametrize("code", CODES)
def test_staff_duties_are_set_only_where_the_seed_has_them(code):
    expected = STAFF_DUTIES.get(code, StaffDuties())
    assert without_note(rules_of(code).staff_duties) == without_note(expected)


@pytest.mark.parametrize("code", CODES)
def test_board_approval_is_carried_only_where_the_seed_records_a_resolution(code):
    approval = load_preset(code).approval
    if code == "amal_allith":
        assert (approval.resolution_number, approval.approved_on) == ("2024/2", date(2024, 4, 3))
    else:
        assert approval is None


def test_amals_approval_keeps_the_seeds_two_disagreeing_dates_as_its_source_note():
    note = load_preset("amal_allith").approval.source_note
    assert "٢٠٢٤/٠٣/٠٤م" in note
    assert "١٤٤٥/٠٩/٢٤هـ" in note


def test_the_prisoners_board_meeting_is_kept_as_a_note_awaiting_a_resolution_number():
    preset = load_preset(AHSA)
    assert preset.approval is None
    assert "في دورته الأولى بجلسته رقم (1) لعام 2026" in preset.approval_note
    assert "2026 / 01 / 31" in preset.approval_note


@pytest.mark.parametrize("code", CODES)
def test_every_rule_the_seed_states_keeps_the_seeds_wording(code):
    rules = rules_of(code)
    defaults = PolicyRules()
    for group in (
        "intake",
        "deadline",
        "decision",
        "referral",
        "eligibility",
        "attendance",
        "compensation",
        "complaints",
        "relationship",
        "informing",
        "satisfaction",
        "staff_duties",
    ):
        value = getattr(rules, group)
        if without_note(value) != without_note(getattr(defaults, group)):
            assert value.source_note.strip(), group


def test_the_deadline_source_notes_are_the_seeds_sentences():
    assert "خلال مدة لا تقل عن أسبوعين" in rules_of("amal_allith").deadline.source_note
    assert "بمدة لا تتجاوز (١٥) يوم عمل" in rules_of(SAMTAH).deadline.source_note
    assert "خلال مدة لا تقل عن أسبوعين" in rules_of("quwayiyah_coop").deadline.source_note
    assert "دون تأخير" in rules_of(AHSA).deadline.source_note
    assert "خلال مدة لا تقل عن أسبوع" in rules_of("tabuk_health").deadline.source_note


# -- the text sections ------------------------------------------------------------------------


def section(code: str, title: str) -> str:
    matches = [s["body"] for s in load_preset(code).sections if s["title"] == title]
    assert len(matches) == 1, title
    return matches[0]


@pytest.mark.parametrize("code", CODES)
def test_every_preset_has_a_preamble_and_the_steps_of_dealing_with_a_request(code):
    kinds = [s["kind"] for s in load_preset(code).sections]
    assert kinds[0] == "preamble"
    assert "approved_practices" in kinds


@pytest.mark.parametrize(
    ("code", "title", "phrase"),
    [
        (
            "amal_allith",
            "تمهيد",
            "وتركز جمعية آمال لذوي الإعاقة بمحافظة الليث على صيغة العلاقات مع المستفيدين",
        ),
        ("amal_allith", "التعامل مع المستفيد", "فعلى الموظف إحالته {لجهة_الإحالة} للإجابة"),
        ("amal_allith", "الأهداف التفصيلية", "أداة للتقويم والتطوير لا للعقاب والتشهير"),
        ("samtah_coop", "مقدمة", "تتمثل هذه السياسة بتنظيم العلاقة بين الجمعية والمستفيدين"),
        ("samtah_coop", "النطاق", "ويستثنى من ذلك من تصدر لهم سياسات خاصة وفقاً للأنظمة"),
        ("samtah_coop", "التعامل مع المستفيدين", "وتقديم الضيافة حسب المستطاع"),
        ("samtah_coop", "المسؤوليات", "وتزويد جميع الإدارات والأقسام بنسخة منها"),
        ("quwayiyah_coop", "تمهيد", "تضع الجمعية التعاونية متعددة الأغراض بالقويعية"),
        ("quwayiyah_coop", "التعامل مع المستفيد", "فعلى الموظف إحالته {لجهة_الإحالة} للإجابة"),
        ("quwayiyah_coop", "الأهداف التفصيلية", "من خلال تلمس آراء المستخدمين"),
        ("ahsa_prisoners", "المقدمة", "ويحقق جودة تقديم الخدمات وعدالتها وشفافيتها"),
        ("ahsa_prisoners", "آلية التعامل مع المستفيدين", "(قبولاً أو رفضاً) {مدة_الرد} عبر"),
        (
            "ahsa_prisoners",
            "الممارسات المعتمدة في تقديم خدمات المستفيدين",
            "تطوير الخدمات بناءً على آراء المستفيدين ومقترحاتهم",
        ),
        ("tabuk_health", "التعامل مع المستفيد", "إحالتها {لجهة_الإحالة} للإجابة على تساؤلاته"),
    ],
)
def test_sections_keep_the_seeds_own_wording(code, title, phrase):
    assert phrase in section(code, title)


# -- rules named in the text sections (silah.policy.references) -------------------------------

# The practice step that states each rule, as the seed words it, rendered from the preset's
# own rules: the seed's words around the rule and the rule's value now.
STEPS_WITH_THEIR_RULES = {
    "amal_allith": [
        "التوضيح للمستفيد بأن طلبه سيرفع للجنة البحث لدراسة طلبه والرد عليه بشأن قبوله أو "
        "رفضه خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب.",
        "فعلى الموظف إحالته لقسم الشؤون التعليمية / البحث للإجابة على تساؤلاته",
    ],
    "samtah_coop": [
        "التوضيح للمستفيد بأن الطلب يعرض على اللجنة المختصة للدراسة وسيتم موافاته بالجديد",
        "تحدد المدة للرد على الطلب خلال 15 يوم عمل من تاريخ اكتمال الطلب.",
    ],
    "quwayiyah_coop": [
        "التوضيح للمستفيد بأن طلبه سيرفع للجنة البحث لدراسة طلبه والرد عليه بشأن قبوله أو "
        "رفضه خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب",
        "فعلى الموظف إحالته لمسؤول البحث الاجتماعي للإجابة على تساؤلاته",
    ],
    "ahsa_prisoners": [
        "يتم رفعها للجهة الرسمية المختصة، وإشعار المستفيد بنتيجة الطلب (قبولاً أو رفضاً) دون "
        "تأخير فور صدور النتيجة عبر القنوات المعتمدة.",
    ],
    "tabuk_health": [
        "التوضيح للمستفيد بأن طلبه سيرفع للإدارة لدراسة طلبه والرد عليه خلال أسبوع واحد "
        "(7 أيام) من تاريخ اكتمال الطلب ومن ثم تقديم الخدمة المناسبة للعميل",
        "فعلى الموظف إحالتها للإدارة للإجابة على تساؤلاته",
    ],
}


def rendered_practices(code: str) -> str:
    preset = load_preset(code)
    rules = preset.parsed_rules()
    return "\n".join(
        render_references(s["body"], rules)
        for s in preset.sections
        if s["kind"] == "approved_practices"
    )


@pytest.mark.parametrize("code", CODES)
def test_the_steps_that_state_a_rule_read_with_the_presets_own_rules(code):
    practices = rendered_practices(code)
    for step in STEPS_WITH_THEIR_RULES[code]:
        assert step in practices


@pytest.mark.parametrize("code", CODES)
def test_every_rule_named_in_a_presets_text_exists(code):
    for s in load_preset(code).sections:
        assert unknown_references(s["body"]) == [], s["title"]


def literal_text(code: str) -> str:
    """The preset's section bodies without their references to rules."""
    bodies = " ".join(s["body"] for s in load_preset(code).sections)
    return re.sub(r"\{[^{}\n]*\}", " ", bodies)


# Words that only a written-out deadline would put in a text section.
DEADLINE_WORDS = ["أسبوع", "يوم عمل", "أيام", "يوما", "لا تقل عن", "لا تتجاوز", "متى ما صدرت"]


@pytest.mark.parametrize("code", CODES)
def test_no_presets_text_writes_out_a_deadline_its_rules_govern(code):
    text = literal_text(code)
    assert [word for word in DEADLINE_WORDS if word in text] == []
    assert re.findall(r"[0-9\u0660-\u0669]+", text) == []


@pytest.mark.parametrize("code", CODES)
def test_no_presets_text_names_a_deciding_body_or_referral_target_outside_a_reference(code):
    text = literal_text(code)
    names = [str(body) for body in DECIDING_BODIES.values()]
    referral = load_preset(code).parsed_rules().referral
    if referral.kind != "none":
        names.append(referral_target(referral))
    names += [with_lam(name) for name in names]
    names.append("للجهات المختصة")  # 003's plural wording of its deciding body
    assert [name for name in names if name in text] == []


def test_tabuks_scrambled_lines_are_restored_to_their_natural_order():
    preamble = section("tabuk_health", "تمهيد")
    assert (
        "وذلك لتحقيق ما يكفل حقوق الجمعية وكافة هذه الأطراف. "
        "وتشكل أنظمة العمل والعقود المصدر الأساسي في تحديد حقوق"
    ) in preamble
    assert "وتركز الجمعية الخيرية للرعاية الصحية بمنطقة تبوك على صيغة العلاقات" in preamble
    goal = section("tabuk_health", "الهدف العام")
    assert goal.startswith("تقديم خدمة متميزة للمستفيدين من كافة الشرائح بإتقان وسرعة")
    goals = section("tabuk_health", "الأهداف التفصيلية")
    assert goals.startswith(
        "- تقدير حاجة المستفيد وكافة الفئات المستفيدة في الجمعية من خلال تسهيل الإجراءات"
    )
    assert "- التركيز على عملية قياس رضا المستفيد كوسيلة لرفع جودة الخدمة المقدمة" in goals


DAMAGE = ["العالقة", "الخالف", "ال تتجاوز", "مختل ف", "في الداء", "لا جراء", "ی", "•", "بإتقا "]


@pytest.mark.parametrize("code", CODES)
def test_no_text_extraction_damage_is_left(code):
    preset = load_preset(code)
    text = " ".join([s["title"] + " " + s["body"] for s in preset.sections] + [str(preset.rules)])
    assert [damage for damage in DAMAGE if damage in text] == []


# -- the seed texts themselves ----------------------------------------------------------------
# The check against the seed documents lives in silah/policy/seed_fidelity.py and runs in CI
# (`silah check_presets_against_seeds ../shared/seeds`); here its logic is tested on small texts.


def test_a_preset_line_found_in_its_seed_passes():
    seed = "التوضيح للمستفيد بأن طلبه سيرفع للجنة البحث لدراسة طلبه خلال مدة لا تقل عن أسبوعين."
    line = "التوضيح للمستفيد بأن طلبه سيرفع {لجهة_البت} لدراسة طلبه {مدة_الرد}."
    assert seed_fidelity.in_seed(line, seed_fidelity.letters(seed))


def test_a_preset_line_the_seed_does_not_have_is_reported():
    seed = "استقبال المستفيد بلباقة واحترام."
    assert not seed_fidelity.in_seed("استقبال المستفيد بسرعة فائقة.", seed_fidelity.letters(seed))


def test_the_seed_check_names_every_line_that_is_not_in_the_seed(tmp_path):
    code = "amal_allith"
    seed = tmp_path / load_preset(code).info.seed
    seed.write_text("نص لا علاقة له بالسياسة", encoding="utf-8")
    missing = seed_fidelity.lines_not_in_seed(code, tmp_path)
    assert missing
    assert all(isinstance(line, str) and line for line in missing)


# -- a bad file -------------------------------------------------------------------------------


def write_bad_copy(tmp_path: Path, old: str, new: str, name: str = "amal_allith") -> Path:
    source = (presets.PRESETS_DIR / "amal_allith.toml").read_text(encoding="utf-8")
    assert old in source
    path = tmp_path / f"{name}.toml"
    path.write_text(source.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_bad_rule_in_a_preset_file_names_the_file_and_the_rule(tmp_path):
    path = write_bad_copy(tmp_path, "length = 14", "length = 0")
    with pytest.raises(PresetError) as error:
        read_preset_file(path)
    assert str(error.value).startswith("amal_allith.toml: ")
    assert "rules.deadline.length" in str(error.value)


def test_an_unknown_channel_in_a_preset_file_is_refused(tmp_path):
    path = write_bad_copy(tmp_path, '"help_request_services",', '"carrier_pigeon",')
    with pytest.raises(PresetError, match=r"rules\.intake\.channels.*carrier_pigeon"):
        read_preset_file(path)


def test_a_preset_file_that_is_not_toml_is_refused_with_its_name(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text("[preset\ncode = ", encoding="utf-8")
    with pytest.raises(PresetError, match=r"^broken\.toml: cannot be read as TOML"):
        read_preset_file(path)


def test_a_preset_files_code_must_be_its_file_name(tmp_path):
    path = write_bad_copy(tmp_path, 'code = "amal_allith"', 'code = "amal_other"', name="amal")
    with pytest.raises(PresetError, match=r"^amal\.toml: preset\.code"):
        read_preset_file(path)


def test_an_unknown_key_in_a_preset_file_is_refused(tmp_path):
    path = write_bad_copy(tmp_path, 'city = "الليث"', 'city = "الليث"\nmotto = "x"')
    with pytest.raises(PresetError, match=r"organization\.motto"):
        read_preset_file(path)
