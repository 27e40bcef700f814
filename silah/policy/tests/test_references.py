"""A text section names a rule ("{مدة_الرد}") instead of writing it out, so the published text
follows the rule: change the deadline or the deciding body and the practice step changes too."""

from html import unescape

import pytest
from django.utils import translation
from django.utils.html import strip_tags

from silah.accounts.factories import UserFactory
from silah.policy import services
from silah.policy.document import document_context, document_html
from silah.policy.factories import OrganizationFactory
from silah.policy.models import PolicyVersion
from silah.policy.presets import create_association_from_preset
from silah.policy.references import (
    REFERENCES,
    reference_help,
    render_references,
    unknown_references,
    unknown_references_message,
)
from silah.policy.rules import parse_rules

RULES = parse_rules(
    {
        "deadline": {"length": 14, "unit": "calendar", "counts_from": "complete"},
        "decision": {"body": "research_committee"},
        "referral": {"kind": "officer", "name": "مسؤول البحث الاجتماعي"},
    }
)


def render(text: str, rules=RULES, organization=None) -> str:
    return render_references(text, rules, organization)


# -- what a reference says ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rendered"),
    [
        ("والرد عليه {مدة_الرد}.", "والرد عليه خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب."),
        ("يعرض على {جهة_البت} للدراسة", "يعرض على لجنة البحث للدراسة"),
        ("سيرفع {لجهة_البت} لدراسة طلبه", "سيرفع للجنة البحث لدراسة طلبه"),
        ("يحيله إلى {جهة_الإحالة}", "يحيله إلى مسؤول البحث الاجتماعي"),
        ("إحالته {لجهة_الإحالة} للإجابة", "إحالته لمسؤول البحث الاجتماعي للإجابة"),
        ("طلب {المستفيد}", "طلب المستفيد"),
        ("مع {المستفيدين}", "مع المستفيدين"),
        ("التوضيح {للمستفيد}", "التوضيح للمستفيد"),
        ("خدمة متميزة {للمستفيدين}", "خدمة متميزة للمستفيدين"),
    ],
)
def test_each_reference_says_what_the_rules_say(text, rendered):
    assert render(text) == rendered


def test_every_known_reference_is_tested_above():
    assert list(REFERENCES) == [
        "مدة_الرد",
        "جهة_البت",
        "لجهة_البت",
        "جهة_الإحالة",
        "لجهة_الإحالة",
        "المستفيد",
        "المستفيدين",
        "للمستفيد",
        "للمستفيدين",
    ]


@pytest.mark.parametrize(
    ("deadline", "phrase"),
    [
        ({"length": 15, "unit": "working"}, "خلال 15 يوم عمل من تاريخ اكتمال الطلب"),
        (
            {"length": 10, "unit": "calendar", "counts_from": "received"},
            "خلال 10 أيام من تاريخ استلام الطلب",
        ),
        ({"unit": "none"}, "دون تأخير فور صدور النتيجة"),
    ],
)
def test_the_deadline_reference_follows_the_deadline(deadline, phrase):
    assert render("{مدة_الرد}", parse_rules({"deadline": deadline})) == phrase


@pytest.mark.parametrize(
    ("body", "name", "with_lam"),
    [
        ("research_committee", "لجنة البحث", "للجنة البحث"),
        ("competent_committee", "اللجنة المختصة", "للجنة المختصة"),
        ("management", "الإدارة", "للإدارة"),
        ("external_authority", "الجهة الرسمية المختصة", "للجهة الرسمية المختصة"),
    ],
)
def test_the_deciding_body_reference_follows_the_deciding_body(body, name, with_lam):
    rules = parse_rules({"decision": {"body": body}})
    assert render("{جهة_البت}|{لجهة_البت}", rules) == f"{name}|{with_lam}"


@pytest.mark.parametrize(
    ("referral", "rendered"),
    [
        (
            {"kind": "section", "name": "قسم الشؤون التعليمية / البحث"},
            "لقسم الشؤون التعليمية / البحث",
        ),
        ({"kind": "management"}, "للإدارة"),
        ({"kind": "none"}, "للجهة المختصة في الجمعية"),
    ],
)
def test_the_referral_reference_follows_the_referral(referral, rendered):
    assert render("{لجهة_الإحالة}", parse_rules({"referral": referral})) == rendered


@pytest.mark.django_db
def test_the_people_served_are_named_by_the_associations_word():
    organization = OrganizationFactory(
        beneficiary_term="المستخدم", beneficiary_term_plural="المستخدمين"
    )
    rendered = render(
        "{المستفيد}، {المستفيدين}، {للمستفيد}، {للمستفيدين}", organization=organization
    )
    assert rendered == "المستخدم، المستخدمين، للمستخدم، للمستخدمين"


def test_a_typed_name_never_breaks_a_line_or_starts_a_list_item():
    rules = parse_rules({"referral": {"kind": "officer", "name": "مسؤول\n- البحث   الاجتماعي"}})
    assert render("إحالته {لجهة_الإحالة}.", rules) == "إحالته لمسؤول - البحث الاجتماعي."


def test_the_values_are_arabic_whatever_the_page_language():
    with translation.override("en"):
        assert render("{مدة_الرد}") == "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب"


# -- how a reference is written ----------------------------------------------------------------


@pytest.mark.parametrize("written", ["{مدة الرد}", "{ مدة_الرد }", "{مدة  الرد}"])
def test_spaces_in_a_name_count_as_the_underscore(written):
    assert render(written) == "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب"
    assert unknown_references(written) == []


def test_doubled_braces_write_a_brace_itself():
    assert render("{{ملاحظة}} و{{مدة_الرد}}") == "{ملاحظة} و{مدة_الرد}"
    assert unknown_references("{{ملاحظة}} و{{مدة_الرد}}") == []


def test_a_reference_can_sit_between_literal_braces():
    assert render("{{{جهة_البت}}}") == "{لجنة البحث}"


def test_a_brace_that_opens_no_reference_is_kept_as_written():
    text = "البند 3 } من اللائحة، والقوس { وحده"
    assert render(text) == text
    assert unknown_references(text) == []


def test_a_reference_does_not_run_across_lines():
    text = "{مدة\nالرد}"
    assert unknown_references(text) == []
    assert render(text) == text


def test_text_without_references_is_unchanged():
    text = "- التأكد من تقديم المراجع كافة المعلومات المطلوبة.\n\n- تقديم الخدمة اللازمة."
    assert render(text) == text


# -- unknown references ------------------------------------------------------------------------


def test_unknown_references_are_listed_once_each_in_order():
    text = "{مدة} ثم {جهة_البت} ثم {الموعد} ثم {مدة} ثم {}"
    assert unknown_references(text) == ["مدة", "الموعد", ""]


def test_an_unknown_reference_is_shown_as_written_never_an_error():
    assert render("خلال {مدة} من تاريخه") == "خلال {مدة} من تاريخه"


def test_the_refusal_names_the_unknown_reference_and_how_to_write_a_brace():
    message = unknown_references_message(["مدة"])
    assert "«{مدة}»" in message
    assert "{مدة_الرد}" in message
    assert "{{ أو }}" in message


# -- the editing screen's help -----------------------------------------------------------------


def test_the_help_lists_every_reference_with_what_it_says_in_the_version():
    rows = reference_help(RULES)
    assert [row.token for row in rows] == [f"{{{name}}}" for name in REFERENCES]
    assert all(row.description for row in rows)
    values = {row.token: row.value for row in rows}
    assert values["{مدة_الرد}"] == "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب"
    assert values["{لجهة_البت}"] == "للجنة البحث"


def test_the_help_without_rules_has_no_values():
    assert {row.value for row in reference_help()} == {""}


# -- each preset's practice steps follow its rules ---------------------------------------------

NEW_DEADLINE = {"length": 10, "unit": "working", "counts_from": "received"}
NEW_PHRASE = "خلال 10 أيام عمل من تاريخ استلام الطلب"

# code: (the new deciding body, the step as it reads now, what the step said before)
CHANGED = {
    "amal_allith": (
        "competent_committee",
        "التوضيح للمستفيد بأن طلبه سيرفع للجنة المختصة لدراسة طلبه والرد عليه بشأن قبوله أو "
        f"رفضه {NEW_PHRASE}.",
        ["للجنة البحث", "أسبوعين", "14"],
    ),
    "samtah_coop": (
        "management",
        "التوضيح للمستفيد بأن الطلب يعرض على الإدارة للدراسة",
        ["اللجنة المختصة", "15 يوم عمل", "اكتمال الطلب"],
    ),
    "quwayiyah_coop": (
        "competent_committee",
        "التوضيح للمستفيد بأن طلبه سيرفع للجنة المختصة لدراسة طلبه والرد عليه بشأن قبوله أو "
        f"رفضه {NEW_PHRASE}",
        ["للجنة البحث", "أسبوعين", "14"],
    ),
    "ahsa_prisoners": (
        "management",
        "يتم رفعها للإدارة، وإشعار المستفيد بنتيجة الطلب (قبولاً أو رفضاً) "
        f"{NEW_PHRASE} عبر القنوات المعتمدة.",
        ["الجهة الرسمية المختصة", "فور صدور النتيجة"],
    ),
    "tabuk_health": (
        "research_committee",
        f"التوضيح للمستفيد بأن طلبه سيرفع للجنة البحث لدراسة طلبه والرد عليه {NEW_PHRASE} "
        "ومن ثم تقديم الخدمة المناسبة للعميل",
        ["سيرفع للإدارة", "أسبوع واحد", "7 أيام"],
    ),
}


def plain(html) -> str:
    return " ".join(unescape(strip_tags(str(html))).split())


def practices(version: PolicyVersion) -> str:
    """The document's practice steps (the sections of kind "approved_practices"), as text."""
    titles = {s.title for s in version.parsed_sections() if s.kind == "approved_practices"}
    lines = []
    for part in document_context(version)["parts"]:
        if part.title in titles and not part.generated:
            for block in part.blocks:
                lines += (
                    [plain(item) for item in block.items] if block.is_list else [plain(block.text)]
                )
    return "\n".join(lines)


def preset_draft(code: str) -> PolicyVersion:
    admin = UserFactory(username=f"{code}_admin", roles=["administrator"])
    organization, version = create_association_from_preset(code, actor=admin)
    if not version.is_draft:
        version = services.start_draft(organization, actor=admin)
    return version


def change(version: PolicyVersion, **groups) -> PolicyVersion:
    services.update_draft(version, actor=None, rules={**version.rules, **groups})
    version.refresh_from_db()
    return version


@pytest.mark.django_db
@pytest.mark.parametrize("code", sorted(CHANGED))
def test_a_presets_practice_step_follows_a_changed_deadline_and_deciding_body(code):
    body, step, before = CHANGED[code]
    draft = change(preset_draft(code), deadline=NEW_DEADLINE, decision={"body": body})
    text = practices(draft)
    assert step in text
    assert [old for old in before if old in text] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "step", "before"),
    [
        ("amal_allith", "فعلى الموظف إحالته لمنسق الخدمات للإجابة", "الشؤون التعليمية"),
        ("quwayiyah_coop", "فعلى الموظف إحالته لمنسق الخدمات للإجابة", "البحث الاجتماعي"),
        ("tabuk_health", "فعلى الموظف إحالتها لمنسق الخدمات للإجابة", "إحالتها للإدارة"),
    ],
)
def test_a_presets_practice_step_follows_a_changed_referral(code, step, before):
    draft = change(preset_draft(code), referral={"kind": "officer", "name": "منسق الخدمات"})
    text = practices(draft)
    assert step in text
    assert before not in text


@pytest.mark.django_db
def test_the_page_of_a_changed_preset_no_longer_states_the_old_deadline_anywhere():
    draft = change(preset_draft("amal_allith"), deadline=NEW_DEADLINE)
    text = plain(document_html(draft))
    assert "أسبوعين" not in text
    assert text.count(NEW_PHRASE) == 2  # the rule's own sentence and the practice step


def test_the_help_include_lists_each_reference_and_the_brace_escape():
    from django.template.loader import render_to_string

    html = render_to_string(
        "policy/document/references_help.html", {"references": reference_help(RULES)}
    )
    assert '<th scope="row"><code>{مدة_الرد}</code></th>' in html
    assert "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب" in html
    assert '<code dir="ltr">{{</code> <code dir="ltr">}}</code>' in html
    assert "<caption" in html
