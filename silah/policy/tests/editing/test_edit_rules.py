"""Each rule group of a draft is edited on its own form; bad input is shown at its field and
saves nothing; the other groups stay as they were."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from silah.policy import services
from silah.policy.models import Acknowledgement, PolicyVersion, ToolDocument
from silah.policy.rules import RULE_GROUPS

pytestmark = pytest.mark.django_db


def _url(draft, group):
    return reverse("policy:edit_rules", args=[draft.pk, group])


def _rows(*rows, initial=0):
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"rows-{index}-{key}": value for key, value in row.items()})
    return data


def _rules(draft):
    draft.refresh_from_db()
    return draft.parsed_rules()


def _snapshot():
    return list(PolicyVersion.objects.order_by("pk").values("pk", "rules", "updated_at"))


@pytest.mark.parametrize("group", list(RULE_GROUPS))
def test_every_rule_group_has_its_form(client, draft, group):
    response = client.get(_url(draft, group))
    assert response.status_code == 200
    assert str(RULE_GROUPS[group]) in response.content.decode()


# -- the deadline ----------------------------------------------------------------------------


def test_the_deadline_becomes_ten_working_days_from_receipt(client, draft):
    response = client.post(
        _url(draft, "deadline"),
        {"unit": "working", "length": "10", "counts_from": "received", "source_note": "نص"},
    )
    assert response.status_code == 302
    deadline = _rules(draft).deadline
    assert (deadline.length, deadline.unit, deadline.counts_from) == (10, "working", "received")
    assert deadline.source_note == "نص"


def test_changing_the_deadline_leaves_the_other_rules_as_they_were(client, draft):
    before = draft.parsed_rules()
    client.post(
        _url(draft, "deadline"), {"unit": "working", "length": "10", "counts_from": "complete"}
    )
    after = _rules(draft)
    assert after.decision == before.decision
    assert after.intake == before.intake


def test_no_deadline_is_allowed(client, draft):
    client.post(_url(draft, "deadline"), {"unit": "none", "length": "", "counts_from": "complete"})
    assert _rules(draft).deadline.unit == "none"
    assert _rules(draft).deadline.length is None


@pytest.mark.parametrize(
    "data,message",
    [
        ({"unit": "working", "length": "0"}, "المدة يوم واحد على الأقل."),
        ({"unit": "working", "length": "400"}, "365"),
        ({"unit": "working", "length": "أسبوعين"}, "بالأرقام"),
        ({"unit": "calendar", "length": ""}, "اكتب عدد الأيام."),
        ({"unit": "none", "length": "5"}, "اترك المدة فارغة"),
    ],
)
def test_a_bad_deadline_is_shown_at_the_length_and_nothing_saved(client, draft, data, message):
    before = _snapshot()
    response = client.post(_url(draft, "deadline"), {"counts_from": "complete", **data})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["length"])
    assert _snapshot() == before


def test_an_unknown_deadline_unit_is_refused(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "deadline"), {"unit": "fortnights", "length": "1", "counts_from": "complete"}
    )
    assert "ليس من الخيارات المتاحة" in " ".join(response.context["form"].errors["unit"])
    assert _snapshot() == before


# -- channels ---------------------------------------------------------------------------------


def test_intake_channels_are_chosen_from_the_list(client, draft):
    client.post(
        _url(draft, "intake"),
        {"channels": ["interview", "fax", "website"], "source_note": "", **_rows()},
    )
    assert _rules(draft).intake.channels == ["interview", "fax", "website"]


def test_an_unknown_channel_code_is_refused_at_the_field(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "intake"), {"channels": ["interview", "pigeon_post"], **_rows()}
    )
    assert response.status_code == 200
    assert "pigeon_post" in " ".join(response.context["form"].errors["channels"])
    assert _snapshot() == before


def test_the_association_adds_its_own_intake_channel(client, draft):
    client.post(
        _url(draft, "intake"),
        {"channels": ["interview"], **_rows({"code": "", "name": "مكتب الخدمة المتنقل"})},
    )
    custom = _rules(draft).intake.custom_channels
    assert [(c.code, c.name) for c in custom] == [("custom_1", "مكتب الخدمة المتنقل")]


def test_a_custom_channel_keeps_its_code_when_renamed(client, draft):
    rules = dict(draft.rules)
    rules["intake"] = {"channels": [], "custom_channels": [{"code": "custom_3", "name": "قديم"}]}
    services.update_draft(draft, actor=None, rules=rules)
    client.post(
        _url(draft, "intake"),
        {
            "channels": [],
            **_rows({"code": "custom_3", "name": "جديد"}, {"code": "", "name": "أخرى"}, initial=1),
        },
    )
    custom = _rules(draft).intake.custom_channels
    assert [(c.code, c.name) for c in custom] == [("custom_3", "جديد"), ("custom_1", "أخرى")]


def test_a_custom_channel_that_repeats_a_listed_one_is_refused(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "intake"), {"channels": [], **_rows({"code": "", "name": "الفاكس"})}
    )
    assert "اخترها من هناك" in str(response.context["formset"].forms[0].errors["name"])
    assert _snapshot() == before


def test_at_least_one_contact_channel(client, draft):
    before = _snapshot()
    response = client.post(_url(draft, "contact"), {})
    assert "واحدة على الأقل" in " ".join(response.context["form"].errors["channels"])
    assert _snapshot() == before


def test_contact_channels_are_saved(client, draft):
    client.post(_url(draft, "contact"), {"channels": ["whatsapp", "email", "sms"]})
    assert _rules(draft).contact.channels == ["sms", "whatsapp", "email"]


def test_channels_already_chosen_keep_their_order_and_new_ones_follow(client, draft):
    rules = dict(draft.rules)
    rules["intake"] = {"channels": ["website", "interview"]}
    services.update_draft(draft, actor=None, rules=rules)
    client.post(_url(draft, "intake"), {"channels": ["interview", "fax", "website"], **_rows()})
    assert _rules(draft).intake.channels == ["website", "interview", "fax"]


def test_adding_a_row_saves_nothing_and_shows_a_blank_row(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "intake"), {"channels": ["fax"], "add_row": "1", **_rows({"name": ""})}
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 2
    assert _snapshot() == before


# -- tools and their files ----------------------------------------------------------------------


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_tool_is_added_with_its_file(client, draft):
    upload = SimpleUploadedFile("form.pdf", _pdf(), content_type="application/pdf")
    response = client.post(
        _url(draft, "tools"),
        _rows(
            {
                "name": "نموذج تسجيل البرامج",
                "kind": "form",
                "link": "",
                "file": upload,
                "ORDER": "1",
            }
        ),
    )
    assert response.status_code == 302
    assert [t.name for t in _rules(draft).tools] == ["نموذج تسجيل البرامج"]
    document = ToolDocument.objects.get(version=draft)
    assert document.tool_name == "نموذج تسجيل البرامج"
    assert document.file.name.endswith(".pdf")
    served = client.get(reverse("policy:tool_file", args=[draft.pk, document.pk]))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"


def test_a_tool_file_that_is_not_a_document_is_refused(client, draft):
    before = _snapshot()
    upload = SimpleUploadedFile(
        "form.pdf", b"MZ\x90\x00 an executable", content_type="application/pdf"
    )
    response = client.post(
        _url(draft, "tools"),
        _rows({"name": "نموذج", "kind": "form", "file": upload, "ORDER": "1"}),
    )
    assert response.status_code == 200
    assert "نوع الملف غير مقبول" in str(response.context["formset"].forms[0].errors["file"])
    assert _snapshot() == before
    assert not ToolDocument.objects.exists()


def test_a_renamed_tool_keeps_its_file_and_a_removed_one_loses_it(client, draft):
    client.post(
        _url(draft, "tools"),
        _rows(
            {
                "name": "أ",
                "kind": "form",
                "file": SimpleUploadedFile("a.pdf", _pdf()),
                "ORDER": "1",
            },
            {
                "name": "ب",
                "kind": "guide",
                "file": SimpleUploadedFile("b.pdf", _pdf()),
                "ORDER": "2",
            },
        ),
    )
    kept = ToolDocument.objects.get(version=draft, tool_name="أ")
    client.post(
        _url(draft, "tools"),
        _rows(
            {"original_name": "أ", "name": "أ٢", "kind": "form", "ORDER": "1"},
            {"original_name": "ب", "name": "ب", "kind": "guide", "ORDER": "2", "DELETE": "on"},
            initial=2,
        ),
    )
    assert [t.name for t in _rules(draft).tools] == ["أ٢"]
    assert list(ToolDocument.objects.filter(version=draft).values_list("pk", "tool_name")) == [
        (kept.pk, "أ٢")
    ]


def test_a_tools_file_is_removed_and_the_tool_stays(client, draft):
    client.post(
        _url(draft, "tools"),
        _rows(
            {"name": "أ", "kind": "form", "file": SimpleUploadedFile("a.pdf", _pdf()), "ORDER": "1"}
        ),
    )
    page = client.get(_url(draft, "tools"))
    assert "remove_file" in page.context["formset"].forms[0].fields
    client.post(
        _url(draft, "tools"),
        _rows(
            {"original_name": "أ", "name": "أ", "kind": "form", "remove_file": "on", "ORDER": "1"},
            initial=1,
        ),
    )
    assert [t.name for t in _rules(draft).tools] == ["أ"]
    assert not ToolDocument.objects.filter(version=draft).exists()


def test_a_tool_without_a_file_offers_no_removal(client, draft):
    page = client.get(_url(draft, "tools"))
    assert "remove_file" not in page.context["formset"].forms[0].fields


def test_a_new_draft_keeps_the_tool_files_of_the_version_in_force(client, draft, admin):
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    client.post(
        _url(draft, "tools"),
        _rows(
            {
                "name": "دليل",
                "kind": "guide",
                "file": SimpleUploadedFile("g.png", png.getvalue()),
                "ORDER": "1",
            }
        ),
    )
    from datetime import date

    services.record_approval(
        draft, actor=admin, resolution_number="9", approved_on=date(2025, 1, 1)
    )
    Acknowledgement.objects.create(version=draft, user=admin, typed_name="خالد العتيبي")
    client.post(reverse("policy:start_draft"), {"source": "in_force"})
    new = PolicyVersion.objects.get(status="draft")
    assert list(new.tool_files.values_list("tool_name", flat=True)) == ["دليل"]


def test_two_tools_with_one_name_are_refused(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "tools"),
        _rows(
            {"name": "دليل", "kind": "guide", "ORDER": "1"},
            {"name": "دليل", "kind": "form", "ORDER": "2"},
        ),
    )
    assert "مكرر" in str(response.context["formset"].forms[1].errors["name"])
    assert _snapshot() == before


# -- eligibility conditions -------------------------------------------------------------------


def _condition(type_, **params):
    row = {
        "type": type_,
        "p_categories": "",
        "p_regions": "",
        "p_min": "",
        "p_max": "",
        "p_amount": "",
    }
    row.update({f"p_{k}": v for k, v in params.items()})
    return row


def test_eligibility_conditions_are_added_with_their_parameters(client, draft):
    response = client.post(
        _url(draft, "eligibility"),
        {
            "source_note": "",
            **_rows(
                {
                    **_condition(
                        "within_scope", categories="أسر السجناء\nالمفرج عنهم", regions="الأحساء"
                    ),
                    "ORDER": "1",
                },
                {**_condition("lawful_residence"), "ORDER": "2"},
                {**_condition("age_between", min="18"), "ORDER": "3"},
            ),
        },
    )
    assert response.status_code == 302
    conditions = _rules(draft).eligibility.conditions
    assert [c.type for c in conditions] == ["within_scope", "lawful_residence", "age_between"]
    assert conditions[0].params == {
        "categories": ["أسر السجناء", "المفرج عنهم"],
        "regions": ["الأحساء"],
    }
    assert conditions[2].params == {"min": 18}


def test_a_parameter_that_does_not_belong_to_the_condition_is_refused(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "eligibility"),
        _rows({**_condition("lawful_residence", amount="3000"), "ORDER": "1"}),
    )
    assert "لا يخص الشرط المختار" in str(response.context["formset"].forms[0].errors["p_amount"])
    assert _snapshot() == before


def test_an_income_condition_needs_its_amount(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "eligibility"), _rows({**_condition("income_per_capita_at_most"), "ORDER": "1"})
    )
    assert "اكتب الحد الأعلى للدخل." in response.context["formset"].forms[0].errors["p_amount"]
    assert _snapshot() == before


def test_an_unknown_condition_type_is_refused(client, draft):
    before = _snapshot()
    response = client.post(
        _url(draft, "eligibility"), _rows({**_condition("is_nice"), "ORDER": "1"})
    )
    assert "ليس من الخيارات المتاحة" in str(response.context["formset"].forms[0].errors["type"])
    assert _snapshot() == before


def test_the_blank_condition_row_adds_nothing(client, draft):
    client.post(_url(draft, "eligibility"), _rows(_condition("")))
    assert _rules(draft).eligibility.conditions == []


def test_a_condition_is_removed(client, draft):
    rules = dict(draft.rules)
    rules["eligibility"] = {"conditions": [{"type": "lawful_residence", "params": {}}]}
    services.update_draft(draft, actor=None, rules=rules)
    client.post(
        _url(draft, "eligibility"),
        _rows({**_condition("lawful_residence"), "ORDER": "1", "DELETE": "on"}, initial=1),
    )
    assert _rules(draft).eligibility.conditions == []


# -- the other groups -------------------------------------------------------------------------


def test_the_deciding_body_and_its_scope(client, draft):
    client.post(
        _url(draft, "decision"),
        {"body": "external_authority", "scope_note": "في الطلبات التي تحتاج إلى تصريح"},
    )
    decision = _rules(draft).decision
    assert (decision.body, decision.scope_note) == (
        "external_authority",
        "في الطلبات التي تحتاج إلى تصريح",
    )


def test_a_referral_to_a_section_names_it(client, draft):
    before = _snapshot()
    response = client.post(_url(draft, "referral"), {"kind": "section", "name": " "})
    assert "اكتب اسم القسم" in " ".join(response.context["form"].errors["name"])
    assert _snapshot() == before
    client.post(_url(draft, "referral"), {"kind": "section", "name": "قسم البحث"})
    assert _rules(draft).referral.name == "قسم البحث"


def test_the_association_gives_referrals_a_deadline_in_working_days(client, draft):
    response = client.post(
        _url(draft, "referral"),
        {"kind": "management", "name": "", "answer_within_working_days": "3"},
    )
    assert response.status_code == 302
    assert _rules(draft).referral.answer_within_working_days == 3


def test_a_referral_deadline_left_blank_is_none(client, draft):
    client.post(
        _url(draft, "referral"),
        {"kind": "management", "name": "", "answer_within_working_days": ""},
    )
    assert _rules(draft).referral.answer_within_working_days is None


@pytest.mark.parametrize(
    "data,message",
    [
        ({"kind": "management", "answer_within_working_days": "0"}, "يوم عمل واحد على الأقل"),
        ({"kind": "management", "answer_within_working_days": "-2"}, "يوم عمل واحد على الأقل"),
        ({"kind": "management", "answer_within_working_days": "ثلاثة"}, "بالأرقام"),
        ({"kind": "management", "answer_within_working_days": "2.5"}, "بالأرقام"),
        ({"kind": "management", "answer_within_working_days": "91"}, "90"),
        ({"kind": "none", "answer_within_working_days": "3"}, "لا إحالة محددة"),
    ],
)
def test_a_bad_referral_deadline_is_shown_at_its_field_and_nothing_saved(
    client, draft, data, message
):
    before = _snapshot()
    response = client.post(_url(draft, "referral"), {"name": "", **data})
    assert response.status_code == 200
    errors = response.context["form"].errors["answer_within_working_days"]
    assert message in " ".join(errors)
    assert 'id="id_answer_within_working_days_error"' in response.content.decode()
    assert _snapshot() == before


def test_compensation_needs_evidence_when_enabled(client, draft):
    before = _snapshot()
    response = client.post(_url(draft, "compensation"), {"enabled": "on"})
    assert "واحدًا على الأقل" in " ".join(response.context["form"].errors["evidence"])
    assert _snapshot() == before
    client.post(
        _url(draft, "compensation"),
        {"enabled": "on", "requires_association_fault": "on", "evidence": ["final_ruling"]},
    )
    compensation = _rules(draft).compensation
    assert compensation.enabled and compensation.evidence == ["final_ruling"]


def test_complaints_attendance_and_the_rest(client, draft):
    client.post(
        _url(draft, "complaints"),
        {
            "routes": ["web_link", "fax"],
            "handled_by": "follow_up_committee",
            "amicable_settlement_first": "on",
        },
    )
    client.post(_url(draft, "attendance"), {"rules": ["attend_regularly"]})
    client.post(_url(draft, "relationship"), {"commitments": ["privacy"]})
    client.post(_url(draft, "informing"), {"liaison_per_category": "on"})
    client.post(_url(draft, "satisfaction"), {"methods": ["field_survey"], "stated_as_goal": ""})
    client.post(_url(draft, "staff_duties"), {"read_sign_follow": "on", "hr_spreads_copy": "on"})
    client.post(_url(draft, "review_every_months"), {"value": "24"})
    rules = _rules(draft)
    assert rules.complaints.routes == ["web_link", "fax"]
    assert rules.complaints.amicable_settlement_first
    assert rules.attendance.rules == ["attend_regularly"]
    assert rules.relationship.commitments == ["privacy"]
    assert rules.informing.liaison_per_category
    assert rules.satisfaction.methods == ["field_survey"]
    assert rules.staff_duties.read_sign_follow and rules.staff_duties.hr_spreads_copy
    assert rules.review_every_months == 24


def test_a_review_period_of_zero_months_is_refused(client, draft):
    before = _snapshot()
    response = client.post(_url(draft, "review_every_months"), {"value": "0"})
    assert "شهر واحد على الأقل." in response.context["form"].errors["value"]
    assert _snapshot() == before


# -- approved versions ------------------------------------------------------------------------


def test_editing_the_rules_of_an_approved_version_is_refused_and_changes_nothing(client, in_force):
    before = _snapshot()
    response = client.post(
        _url(in_force, "deadline"), {"unit": "working", "length": "3", "counts_from": "complete"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("policy:draft", args=[in_force.pk])
    page = client.get(response["Location"]).content.decode()
    assert "هذا الإصدار معتمد أو سابق ولا يُعدّل. لأي تغيير أنشئ مسودة جديدة." in page
    assert _snapshot() == before


def test_a_draft_approved_meanwhile_is_refused_by_the_service_and_changes_nothing(
    client, draft, admin
):
    """The form was opened on a draft; the board's approval was recorded before it was sent."""
    from datetime import date

    services.record_approval(
        draft, actor=admin, resolution_number="5", approved_on=date(2025, 1, 1)
    )
    Acknowledgement.objects.create(version=draft, user=admin, typed_name="خالد العتيبي")
    before = _snapshot()
    response = client.post(
        _url(draft, "deadline"), {"unit": "working", "length": "3", "counts_from": "complete"}
    )
    assert response.status_code == 302
    assert _snapshot() == before


def _office(folder: str) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(f"{folder}/document.xml", "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content,extension",
    [(_pdf(), "pdf"), (_office("word"), "docx"), (_office("xl"), "xlsx")],
)
def test_tool_files_are_recognised_by_their_content(content, extension):
    from silah.policy.services_edit import check_tool_file

    assert check_tool_file(SimpleUploadedFile("whatever.bin", content)) == extension


def test_a_zip_that_is_not_an_office_document_is_refused():
    from silah.core.errors import DomainError
    from silah.policy.services_edit import check_tool_file

    with pytest.raises(DomainError):
        check_tool_file(SimpleUploadedFile("form.docx", _office("other")))
