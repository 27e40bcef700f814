"""Each structured rule is stated in an Arabic sentence generated from the rule itself."""

import unicodedata

import pytest

from silah.accounts.factories import UserFactory
from silah.policy import conditions, services
from silah.policy.factories import OrganizationFactory, PolicyVersionFactory
from silah.policy.rules import RULE_GROUPS, Deadline, Decision, Referral, parse_rules
from silah.policy.sentences import (
    RuleStatement,
    calendar_days,
    deadline_period,
    deadline_phrase,
    deciding_body,
    every_months,
    referral_target,
    rule_sentences,
    with_lam,
    working_days,
)


def stated(rules: dict, organization=None) -> dict[str, list[str]]:
    return {
        s.key: s.sentences for s in rule_sentences(parse_rules(rules), organization=organization)
    }


def text(rules: dict, key: str, organization=None) -> str:
    return "\n".join(stated(rules, organization)[key])


# -- counted nouns ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (1, "يوم واحد"),
        (2, "يومين"),
        (3, "3 أيام"),
        (10, "10 أيام"),
        (11, "11 يوما"),
        (15, "15 يوما"),
        (99, "99 يوما"),
        (100, "100 يوم"),
        (103, "103 أيام"),
        (111, "111 يوما"),
    ],
)
def test_calendar_days_agree_with_their_number(count, phrase):
    assert calendar_days(count) == phrase


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (1, "يوم عمل واحد"),
        (2, "يومي عمل"),
        (5, "5 أيام عمل"),
        (10, "10 أيام عمل"),
        (15, "15 يوم عمل"),
        (30, "30 يوم عمل"),
        (200, "200 يوم عمل"),
    ],
)
def test_working_days_agree_with_their_number_as_seed_001_writes_them(count, phrase):
    assert working_days(count) == phrase


@pytest.mark.parametrize(
    ("count", "phrase"),
    [
        (7, "أسبوع واحد (7 أيام)"),
        (14, "أسبوعين (14 يوما)"),
        (21, "3 أسابيع (21 يوما)"),
        (20, "20 يوما"),
        (77, "77 يوما"),
    ],
)
def test_calendar_days_in_whole_weeks_are_stated_in_weeks(count, phrase):
    assert deadline_period(count, "calendar") == phrase


def test_working_days_are_never_stated_in_weeks():
    assert deadline_period(14, "working") == "14 يوم عمل"


@pytest.mark.parametrize(
    ("months", "phrase"),
    [(1, "شهر"), (2, "شهرين"), (6, "6 أشهر"), (12, "سنة"), (18, "18 شهرا"), (24, "سنتين")],
)
def test_review_period_agrees_with_its_number(months, phrase):
    assert every_months(months) == phrase


# -- the deadline ------------------------------------------------------------------------------


def test_deadline_in_working_days_from_the_complete_request():
    rules = {"deadline": {"length": 15, "unit": "working", "counts_from": "complete"}}
    assert text(rules, "deadline") == (
        "ترد الجمعية على طلب المستفيد بالقبول أو الرفض خلال 15 يوم عمل من تاريخ اكتمال الطلب."
    )


def test_deadline_in_calendar_days_from_receipt():
    rules = {"deadline": {"length": 10, "unit": "calendar", "counts_from": "received"}}
    assert text(rules, "deadline") == (
        "ترد الجمعية على طلب المستفيد بالقبول أو الرفض خلال 10 أيام من تاريخ استلام الطلب."
    )


def test_two_weeks_reads_like_the_seeds():
    rules = {"deadline": {"length": 14, "unit": "calendar"}}
    assert "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب" in text(rules, "deadline")


def test_no_deadline_means_the_result_is_sent_when_issued():
    sentence = text({"deadline": {"unit": "none"}}, "deadline")
    assert "فور صدورها دون تأخير" in sentence
    assert "خلال" not in sentence


@pytest.mark.django_db
def test_a_drafts_changed_deadline_shows_its_new_sentence():
    in_force = PolicyVersionFactory(in_force=True)
    admin = UserFactory(username="sentences_admin", roles=["administrator"])
    draft = services.start_draft(in_force.organization, actor=admin)
    rules = {**draft.rules, "deadline": {"length": 5, "unit": "working", "counts_from": "complete"}}
    services.update_draft(draft, actor=admin, rules=rules)
    draft.refresh_from_db()

    old = text(in_force.rules, "deadline")
    new = text(draft.rules, "deadline")
    assert "خلال 5 أيام عمل من تاريخ اكتمال الطلب" in new
    assert "أسبوعين" in old
    assert "أسبوعين" not in new


# -- the association's word --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("singular", "plural"),
    [("المستخدم", "المستخدمين"), ("العضو", "الأعضاء")],
)
def test_sentences_use_the_associations_word_for_the_people_it_serves(singular, plural):
    organization = OrganizationFactory(beneficiary_term=singular, beneficiary_term_plural=plural)
    rules = {
        "intake": {"channels": ["interview"]},
        "deadline": {"length": 14, "unit": "calendar"},
        "satisfaction": {"stated_as_goal": True},
    }
    statements = rule_sentences(parse_rules(rules), organization=organization)
    everything = "\n".join(s.title + "\n" + "\n".join(s.sentences) for s in statements)
    assert f"ترد الجمعية على طلب {singular} " in everything
    assert f"قنوات التواصل مع {plural}" in everything
    assert f"قياس رضا {plural} هدف من أهداف هذه السياسة." in everything
    assert "المستفيد" not in everything


def test_without_an_association_the_word_is_beneficiary():
    assert "طلب المستفيد" in text({"deadline": {"length": 3, "unit": "calendar"}}, "deadline")


# -- one test per rule kind --------------------------------------------------------------------


def test_groups_come_in_rule_group_order_and_empty_ones_are_left_out():
    statements = rule_sentences(parse_rules({"contact": {"channels": []}}))
    keys = [s.key for s in statements]
    assert keys == ["deadline", "decision", "review_every_months"]
    assert all(isinstance(s, RuleStatement) for s in statements)
    order = list(RULE_GROUPS)
    assert keys == sorted(keys, key=order.index)


def test_intake_channels_are_listed_one_item_each_with_the_associations_own():
    rules = {
        "intake": {
            "channels": ["interview", "fax"],
            "custom_channels": [{"code": "kiosk", "name": "كشك الخدمة في المول"}],
        }
    }
    sentences = stated(rules)["intake"]
    assert sentences[0].endswith("عبر القنوات الآتية:")
    assert sentences[1:] == ["- المقابلة الشخصية", "- الفاكس", "- كشك الخدمة في المول"]


def test_contact_channels_are_listed():
    sentences = stated({"contact": {"channels": ["whatsapp", "letter"]}})["contact"]
    assert "الوسيلة المتفق عليها" in sentences[0]
    assert sentences[1:] == ["- واتساب", "- خطاب مطبوع أو فاكس"]


def test_tools_are_listed_by_name():
    rules = {"tools": [{"name": "اللائحة الأساسية للجمعية"}, {"name": "نموذج طلب خدمة"}]}
    assert stated(rules)["tools"][1:] == ["- اللائحة الأساسية للجمعية", "- نموذج طلب خدمة"]


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("research_committee", "إلى لجنة البحث"),
        ("competent_committee", "إلى اللجنة المختصة"),
        ("management", "إلى الإدارة"),
        ("external_authority", "إلى الجهة الرسمية المختصة"),
    ],
)
def test_the_deciding_body_is_named(body, words):
    assert words in text({"decision": {"body": body}}, "decision")


def test_the_deciding_bodys_scope_is_stated():
    rules = {
        "decision": {
            "body": "external_authority",
            "scope_note": "الطلبات التي تتطلب تصاريح أو موافقات رسمية",
        }
    }
    assert text(rules, "decision").startswith(
        "ترفع الجمعية الطلبات التي تتطلب تصاريح أو موافقات رسمية إلى الجهة الرسمية المختصة "
        "لدراستها والبت فيها بالقبول أو الرفض"
    )


def test_referral_names_the_officer():
    rules = {"referral": {"kind": "officer", "name": "مسؤول البحث الاجتماعي"}}
    assert "يحيله الموظف إلى مسؤول البحث الاجتماعي" in text(rules, "referral")


def test_referral_to_management_needs_no_name():
    assert "إلى الإدارة" in text({"referral": {"kind": "management"}}, "referral")


def test_no_referral_states_nothing():
    assert "referral" not in stated({"referral": {"kind": "none"}})


@pytest.mark.parametrize(("days", "period"), [(1, "يوم عمل واحد"), (3, "3 أيام عمل")])
def test_a_referral_deadline_is_stated_in_working_days(days, period):
    rules = {"referral": {"kind": "management", "answer_within_working_days": days}}
    assert (
        f"ترد الجهة المحال إليها على الإحالة خلال {period} من تاريخ الإحالة."
        in stated(rules)["referral"]
    )


def test_a_referral_without_a_deadline_states_none():
    rules = {"referral": {"kind": "management"}}
    assert "خلال" not in text(rules, "referral")


def test_eligibility_conditions_are_stated_by_the_conditions_engine():
    rules = {
        "eligibility": {
            "conditions": [{"type": "lawful_residence"}, {"type": "registered_beneficiary"}]
        }
    }
    sentences = stated(rules)["eligibility"]
    assert sentences[0] == "يشترط لاستحقاق الخدمة ما يأتي:"
    assert sentences[1] == "- أن يكون المستفيد مقيما في المملكة العربية السعودية إقامة نظامية."
    assert sentences[2] == "- أن يكون المستفيد مسجلا لدى الجمعية ومستفيدا من برامجها."
    assert len(sentences) == 3


ALL_CONDITIONS = [
    {"type": "within_scope", "params": {"categories": ["أسر السجناء"], "regions": ["الأحساء"]}},
    {"type": "within_scope"},
    {"type": "lawful_residence"},
    {"type": "registered_beneficiary"},
    {"type": "age_between", "params": {"min": 18, "max": 60}},
    {"type": "age_between", "params": {"min": 18}},
    {"type": "age_between", "params": {"max": 60}},
    {"type": "income_per_capita_at_most", "params": {"amount": 1500}},
]


def test_eligibility_conditions_name_the_person_by_the_associations_word():
    stated = conditions.statements(ALL_CONDITIONS, term="العضو")
    assert stated[2] == "أن يكون العضو مقيما في المملكة العربية السعودية إقامة نظامية."
    assert stated[3] == "أن يكون العضو مسجلا لدى الجمعية ومستفيدا من برامجها."
    assert stated[4] == "أن يكون عمر العضو بين 18 و60 سنة."
    assert all("المستفيد " not in sentence for sentence in stated)


def test_eligibility_conditions_carry_no_diacritics():
    """Poppler splits a marked word when the PDF is read back (see test_document)."""
    stated = "".join(conditions.statements(ALL_CONDITIONS))
    assert [ch for ch in stated if unicodedata.category(ch) == "Mn"] == []


@pytest.mark.django_db
def test_the_published_eligibility_conditions_use_the_associations_word():
    organization = OrganizationFactory(
        beneficiary_term="المستخدم", beneficiary_term_plural="المستخدمين"
    )
    rules = {"eligibility": {"conditions": [{"type": "registered_beneficiary"}]}}
    assert stated(rules, organization)["eligibility"][1] == (
        "- أن يكون المستخدم مسجلا لدى الجمعية ومستفيدا من برامجها."
    )


def test_attendance_rules_are_listed():
    rules = {"attendance": {"rules": ["pass_interview", "fees_announced"]}}
    sentences = stated(rules)["attendance"]
    assert sentences[1:] == [
        "- اجتياز المقابلة الشخصية إن وجدت",
        "- الإعلان عن الرسوم إن وجدت قبل التسجيل",
    ]


def test_compensation_needs_the_associations_fault_and_evidence():
    rules = {
        "compensation": {
            "enabled": True,
            "evidence": ["committee_minutes", "final_ruling"],
            "negotiated_settlement": True,
        }
    }
    sentences = stated(rules)["compensation"]
    assert "إذا ثبت أنها المتسببة" in sentences[0]
    assert sentences[1].startswith("- محضر مؤرخ")
    assert sentences[2].startswith("- حكم قضائي")
    assert "تتفاوض الجمعية مع المستفيد المتضرر" in sentences[3]


def test_compensation_not_offered_states_nothing():
    assert "compensation" not in stated({"compensation": {"enabled": False}})


def test_complaint_routes_body_and_settlement_are_stated():
    rules = {
        "complaints": {
            "routes": ["web_link", "fax"],
            "handled_by": "follow_up_committee",
            "technical_support": True,
            "amicable_settlement_first": True,
        }
    }
    complaints = text(rules, "complaints")
    assert "- الرابط المباشر في الموقع الإلكتروني\n- الفاكس" in complaints
    assert "عن طريق لجنة المتابعة" in complaints
    assert "الدعم الفني" in complaints
    assert "وديا" in complaints


def test_complaints_under_approved_rules():
    rules = {"complaints": {"under_approved_rules": True}}
    assert "وفق الأنظمة والضوابط المعتمدة" in text(rules, "complaints")


def test_relationship_commitments_are_listed():
    rules = {"relationship": {"commitments": ["privacy", "code_of_ethics"]}}
    assert stated(rules)["relationship"][1:] == [
        "- المحافظة على خصوصية المستفيدين وسرية بياناتهم ومستنداتهم",
        "- الالتزام بميثاق أخلاقيات المهنة والسلوك",
    ]


def test_informing_names_the_liaison_officer_per_category_and_field():
    rules = {
        "informing": {
            "liaison_per_category": True,
            "liaison_per_field": True,
            "publish_updates": True,
        }
    }
    informing = text(rules, "informing")
    assert "ضابط اتصال مع المستفيدين حسب فئاتهم وحسب مجالات الجمعية" in informing
    assert "التحديثات اللازمة" in informing


def test_satisfaction_as_a_goal():
    assert text({"satisfaction": {"stated_as_goal": True}}, "satisfaction") == (
        "قياس رضا المستفيدين هدف من أهداف هذه السياسة."
    )


def test_satisfaction_methods_are_listed():
    rules = {"satisfaction": {"methods": ["field_survey", "interviews"]}}
    assert stated(rules)["satisfaction"][1:] == ["- المسح الميداني", "- المقابلات"]


def test_staff_duties():
    rules = {"staff_duties": {"read_sign_follow": True, "hr_spreads_copy": True}}
    duties = text(rules, "staff_duties")
    assert "الاطلاع على هذه السياسة والتوقيع عليها" in duties
    assert "إدارة الموارد البشرية" in duties


# -- phrases for references in the text sections ------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "with_the_lam"),
    [
        ("الإدارة", "للإدارة"),
        ("اللجنة المختصة", "للجنة المختصة"),
        ("الجهة الرسمية المختصة", "للجهة الرسمية المختصة"),
        ("لجنة البحث", "للجنة البحث"),
        ("قسم الشؤون التعليمية / البحث", "لقسم الشؤون التعليمية / البحث"),
        ("مسؤول البحث الاجتماعي", "لمسؤول البحث الاجتماعي"),
        ("المستخدمين", "للمستخدمين"),
        ("الأعضاء", "للأعضاء"),
        ("", ""),
    ],
)
def test_the_preposition_lam_is_attached_as_arabic_writes_it(phrase, with_the_lam):
    assert with_lam(phrase) == with_the_lam


@pytest.mark.parametrize(
    ("deadline", "phrase"),
    [
        ({"length": 14, "unit": "calendar"}, "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب"),
        ({"length": 15, "unit": "working"}, "خلال 15 يوم عمل من تاريخ اكتمال الطلب"),
        (
            {"length": 3, "unit": "working", "counts_from": "received"},
            "خلال 3 أيام عمل من تاريخ استلام الطلب",
        ),
        ({"unit": "none"}, "دون تأخير فور صدور النتيجة"),
    ],
)
def test_the_deadline_phrase_states_the_deadline(deadline, phrase):
    assert deadline_phrase(Deadline(**deadline)) == phrase


@pytest.mark.parametrize(
    "deadline",
    [
        {"length": 14, "unit": "calendar"},
        {"length": 15, "unit": "working"},
        {"length": 1, "unit": "working", "counts_from": "received"},
    ],
)
def test_the_deadline_phrase_is_the_one_in_the_rules_own_sentence(deadline):
    assert deadline_phrase(Deadline(**deadline)) in text({"deadline": deadline}, "deadline")


def test_the_deciding_body_is_the_one_the_rules_sentence_names():
    for body in ("research_committee", "competent_committee", "management", "external_authority"):
        name = deciding_body(Decision(body=body))
        assert f"إلى {name} " in text({"decision": {"body": body}}, "decision")


@pytest.mark.parametrize(
    ("referral", "target"),
    [
        ({"kind": "officer", "name": "مسؤول البحث الاجتماعي"}, "مسؤول البحث الاجتماعي"),
        (
            {"kind": "section", "name": "قسم الشؤون التعليمية / البحث"},
            "قسم الشؤون التعليمية / البحث",
        ),
        ({"kind": "management"}, "الإدارة"),
        ({"kind": "none"}, "الجهة المختصة في الجمعية"),
    ],
)
def test_the_referral_target_is_the_one_the_rules_sentence_names(referral, target):
    assert referral_target(Referral(**referral)) == target
    if referral["kind"] != "none":
        assert f"يحيله الموظف إلى {target} " in text({"referral": referral}, "referral")


def test_review_period():
    assert text({"review_every_months": 24}, "review_every_months") == (
        "تراجع هذه السياسة كل سنتين."
    )
