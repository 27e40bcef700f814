"""An administrator starts a draft (from the version in force, a preset or blank), edits its
text sections, reads it back, and may discard it; approved versions stay as approved."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from silah.accounts.factories import UserFactory
from silah.policy import queries_edit
from silah.policy.factories import OrganizationFactory
from silah.policy.models import Acknowledgement, PolicyVersion

pytestmark = pytest.mark.django_db


def _versions():
    return list(PolicyVersion.objects.order_by("pk").values())


def test_the_manage_page_shows_the_version_in_force_and_offers_a_new_draft(client, in_force):
    html = client.get(reverse("policy:manage")).content.decode()
    assert "الإصدار النافذ" in html
    assert "2024/2" in html
    assert reverse("policy:start_draft") in html
    assert 'value="in_force"' in html and 'value="blank"' in html


def test_the_manage_page_offers_the_presets(client, in_force):
    html = client.get(reverse("policy:manage")).content.decode()
    assert 'value="preset:amal_allith"' in html


def test_the_manage_page_flags_a_review_that_is_overdue(client, in_force):
    assert "تجاوز موعد المراجعة" in client.get(reverse("policy:manage")).content.decode()


def test_the_manage_page_asks_for_the_association_first(client):
    html = client.get(reverse("policy:manage")).content.decode()
    assert "لم تُدخل بيانات الجمعية بعد" in html


def test_a_new_draft_from_the_version_in_force_opens_on_its_page(client, in_force):
    response = client.post(reverse("policy:start_draft"), {"source": "in_force"})
    draft = PolicyVersion.objects.get(status="draft")
    assert response.status_code == 302
    assert response["Location"] == reverse("policy:draft", args=[draft.pk])
    assert draft.based_on == in_force
    assert draft.parsed_rules() == in_force.parsed_rules()


def test_a_blank_draft_starts_with_no_sections(client, in_force):
    client.post(reverse("policy:start_draft"), {"source": "blank"})
    draft = PolicyVersion.objects.get(status="draft")
    assert draft.sections == []
    assert draft.parsed_rules().deadline.unit == "none"


def test_a_draft_from_a_preset_takes_its_title_sections_and_rules(client, in_force):
    client.post(reverse("policy:start_draft"), {"source": "preset:samtah_coop"})
    draft = PolicyVersion.objects.get(status="draft")
    assert draft.preset == "samtah_coop"
    assert draft.parsed_rules().deadline.length == 15
    assert draft.parsed_rules().deadline.unit == "working"
    assert draft.sections


def test_an_unknown_source_changes_nothing(client, in_force):
    before = _versions()
    response = client.post(reverse("policy:start_draft"), {"source": "preset:nowhere"})
    assert response.status_code == 302
    assert _versions() == before


def test_a_second_draft_is_refused_with_a_message(client, draft):
    before = _versions()
    response = client.post(reverse("policy:start_draft"), {"source": "blank"}, follow=True)
    assert "توجد مسودة مفتوحة" in response.content.decode()
    assert _versions() == before


def test_a_draft_needs_the_association_first(client):
    response = client.post(reverse("policy:start_draft"), {"source": "blank"})
    assert response["Location"] == reverse("policy:organization")
    assert not PolicyVersion.objects.exists()


def test_starting_a_draft_is_a_post(client, in_force):
    assert client.get(reverse("policy:start_draft")).status_code == 405


def test_the_draft_page_shows_sections_rules_and_published_sentences(client, draft):
    html = client.get(reverse("policy:draft", args=[draft.pk])).content.decode()
    assert "نص التمهيد." in html
    assert "لجنة البحث" in html
    rules = draft.parsed_rules()
    for sentence in queries_edit.sentences_by_group(rules, draft.organization)["deadline"]:
        assert escape(sentence) in html
    assert reverse("policy:edit_rules", args=[draft.pk, "deadline"]) in html
    assert reverse("policy:edit_sections", args=[draft.pk]) in html


def _sections_form(**rows):
    data = {
        "title": "سياسة تنظيم العلاقة مع المستفيدين",
        "sections-TOTAL_FORMS": "2",
        "sections-INITIAL_FORMS": "1",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "1000",
        "sections-0-kind": "preamble",
        "sections-0-title": "تمهيد",
        "sections-0-body": "نص التمهيد.",
        "sections-0-ORDER": "1",
        "sections-1-kind": "other",  # what the browser sends for the blank row
        "sections-1-title": "",
        "sections-1-body": "",
        "sections-1-ORDER": "",
    }
    data.update(rows)
    return data


def test_a_section_is_added_and_put_first(client, draft):
    response = client.post(
        reverse("policy:edit_sections", args=[draft.pk]),
        _sections_form(
            **{
                "sections-1-kind": "general_goal",
                "sections-1-title": "الهدف العام",
                "sections-1-body": "- بند أول\n- بند ثانٍ",
                "sections-1-ORDER": "0",
            }
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert [s["title"] for s in draft.sections] == ["الهدف العام", "تمهيد"]
    assert draft.sections[0]["body"] == "- بند أول\n- بند ثانٍ"


def test_a_section_is_removed(client, draft):
    client.post(
        reverse("policy:edit_sections", args=[draft.pk]),
        _sections_form(**{"sections-0-DELETE": "on"}),
    )
    draft.refresh_from_db()
    assert draft.sections == []


def test_the_title_is_changed_with_the_sections(client, draft):
    client.post(
        reverse("policy:edit_sections", args=[draft.pk]), _sections_form(title="سياسة العلاقة")
    )
    draft.refresh_from_db()
    assert draft.title == "سياسة العلاقة"


def test_a_section_without_a_title_is_refused_at_its_field(client, draft):
    before = _versions()
    response = client.post(
        reverse("policy:edit_sections", args=[draft.pk]), _sections_form(**{"sections-0-title": ""})
    )
    assert response.status_code == 200
    assert "اكتب عنوان القسم." in response.context["formset"].forms[0].errors["title"]
    assert _versions() == before


def test_add_a_section_shows_one_more_blank_row_and_saves_nothing(client, draft):
    before = _versions()
    response = client.post(
        reverse("policy:edit_sections", args=[draft.pk]), {**_sections_form(), "add_row": "1"}
    )
    assert response.status_code == 200
    assert len(response.context["formset"].forms) == 3
    assert _versions() == before


def test_editing_the_sections_of_an_approved_version_is_refused_and_changes_nothing(
    client, in_force
):
    before = _versions()
    url = reverse("policy:edit_sections", args=[in_force.pk])
    response = client.post(url, _sections_form(title="عنوان آخر"), follow=True)
    assert "هذا الإصدار معتمد أو سابق ولا يُعدّل" in response.content.decode()
    assert _versions() == before


def test_the_version_in_force_reads_without_edit_links(client, in_force):
    html = client.get(reverse("policy:draft", args=[in_force.pk])).content.decode()
    assert "هذا الإصدار معتمد ولا يُعدّل" in html
    assert reverse("policy:edit_sections", args=[in_force.pk]) not in html


def test_discarding_asks_first_then_deletes_the_draft(client, draft, in_force):
    url = reverse("policy:discard", args=[draft.pk])
    assert "ستُحذف المسودة" in client.get(url).content.decode()
    assert PolicyVersion.objects.filter(pk=draft.pk).exists()
    response = client.post(url)
    assert response["Location"] == reverse("policy:manage")
    assert not PolicyVersion.objects.filter(pk=draft.pk).exists()
    in_force.refresh_from_db()
    assert in_force.in_force


def test_the_version_in_force_cannot_be_discarded(client, in_force):
    before = _versions()
    response = client.post(reverse("policy:discard", args=[in_force.pk]))
    assert response.status_code == 302
    assert _versions() == before


def test_the_print_button_gives_the_draft_as_a_pdf(client, draft):
    response = client.get(reverse("policy:print_draft", args=[draft.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "draft" in response["Content-Disposition"]


def test_a_board_member_prints_the_draft(draft, in_force):
    board = UserFactory(username="draft_board", roles=["board_member"])
    Acknowledgement.objects.create(version=in_force, user=board, typed_name="عبدالله السبيعي")
    client = Client()
    client.force_login(board)
    response = client.get(reverse("policy:print_draft", args=[draft.pk]))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_an_association_without_versions_shows_an_empty_list(client):
    OrganizationFactory()
    html = client.get(reverse("policy:manage")).content.decode()
    assert "لا إصدارات بعد." in html
