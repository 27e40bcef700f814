"""What changed between a draft and the version in force: rule by rule (old value → new
value, and the published sentence) and in the text, marked for screen readers too."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from silah.policy import conditions, queries_edit, services
from silah.policy.models import Acknowledgement

pytestmark = pytest.mark.django_db


def _set(draft, group, value):
    rules = dict(draft.rules)
    rules[group] = value
    services.update_draft(draft, actor=None, rules=rules)


def _page(client, draft, **params):
    return client.get(reverse("policy:compare", args=[draft.pk]), params).content.decode()


def _deadline_sentence(version):
    rules = version.parsed_rules()
    (sentence,) = queries_edit.sentences_by_group(rules, version.organization)["deadline"]
    return escape(sentence)


def test_a_changed_deadline_shows_as_values_and_as_the_new_sentence(client, draft):
    old_sentence = _deadline_sentence(draft)
    client.post(
        reverse("policy:edit_rules", args=[draft.pk, "deadline"]),
        {"unit": "working", "length": "10", "counts_from": "complete"},
    )
    draft.refresh_from_db()
    new_sentence = _deadline_sentence(draft)
    assert "10 أيام عمل" in new_sentence
    html = _page(client, draft)
    assert "مدة الرد على الطلب" in html
    # the values, with their labels
    assert '<del><span class="visually-hidden">حُذف: </span>14</del>' in html
    assert '<ins><span class="visually-hidden">أضيف: </span>10</ins>' in html
    assert '<del><span class="visually-hidden">حُذف: </span>أيام تقويمية</del>' in html
    assert '<ins><span class="visually-hidden">أضيف: </span>أيام عمل</ins>' in html
    # the published sentences: the old one removed, the new one added
    assert f'<ins><span class="visually-hidden">أضيف: </span>{new_sentence}</ins>' in html
    assert f'<del><span class="visually-hidden">حُذف: </span>{old_sentence}</del>' in html


def test_changed_groups_come_first_and_unchanged_ones_are_collapsed(client, draft):
    _set(draft, "deadline", {"length": 5, "unit": "working"})
    draft.refresh_from_db()
    comparison = queries_edit.compare(draft.based_on, draft)
    assert [g.code for g in comparison.changed_groups] == ["deadline"]
    html = _page(client, draft)
    assert html.index("مدة الرد على الطلب") < html.index("<details")
    assert "القواعد التي لم تتغير" in html


def test_an_added_channel_is_marked_as_added(client, draft):
    _set(draft, "intake", {"channels": ["interview", "phone", "fax"]})
    html = _page(client, draft)
    assert '<ins><span class="visually-hidden">أضيف: </span>الفاكس</ins>' in html


def test_a_removed_condition_is_marked_as_removed(client, in_force, admin):
    rules = dict(in_force.rules)
    rules["eligibility"] = {"conditions": [{"type": "lawful_residence", "params": {}}]}
    in_force.rules = rules
    in_force.save()
    draft = services.start_draft(in_force.organization, actor=admin)
    _set(draft, "eligibility", {"conditions": []})
    html = _page(client, draft)
    (statement,) = conditions.statements([{"type": "lawful_residence", "params": {}}])
    assert f"حُذف: </span>{escape(statement)}" in html


def test_a_changed_section_shows_the_words_added_and_removed(client, draft):
    services.update_draft(
        draft,
        actor=None,
        sections=[{"kind": "preamble", "title": "تمهيد", "body": "نص التمهيد الجديد."}],
    )
    html = _page(client, draft)
    assert '<del><span class="visually-hidden">حُذف: </span>التمهيد.</del>' in html
    assert '<ins><span class="visually-hidden">أضيف: </span>التمهيد الجديد.</ins>' in html
    assert "قسم معدّل" in html


def test_an_added_section_is_shown_whole(client, draft):
    services.update_draft(
        draft,
        actor=None,
        sections=[
            {"kind": "preamble", "title": "تمهيد", "body": "نص التمهيد."},
            {"kind": "scope", "title": "النطاق", "body": "تطبق على جميع الإدارات."},
        ],
    )
    html = _page(client, draft)
    assert "قسم مضاف" in html
    assert "أضيف: </span>تطبق على جميع الإدارات.</ins>" in html


def test_nothing_changed_says_so(client, draft):
    assert "لا فرق بين الإصدارين" in _page(client, draft)


def test_any_two_versions_can_be_compared_by_number(client, draft, in_force, admin):
    from datetime import date

    _set(draft, "deadline", {"length": 5, "unit": "working"})
    services.record_approval(
        draft, actor=admin, resolution_number="7", approved_on=date(2025, 1, 1)
    )
    Acknowledgement.objects.create(version=draft, user=admin, typed_name="خالد العتيبي")
    newest = services.start_draft(in_force.organization, actor=admin)
    html = _page(client, newest, **{"with": in_force.number})
    assert f"من الإصدار <bdi>{in_force.number}</bdi> إلى الإصدار <bdi>{newest.number}</bdi>" in html
    assert "مدة الرد على الطلب" in html


def test_a_version_number_that_does_not_exist_is_not_found(client, draft):
    url = reverse("policy:compare", args=[draft.pk])
    assert client.get(url, {"with": "999"}).status_code == 404
    assert client.get(url, {"with": "abc"}).status_code == 404
    assert client.get(url, {"with": "²"}).status_code == 404
    assert client.get(url, {"with": "9" * 5000}).status_code == 404


def test_the_version_in_force_is_compared_with_the_one_before(client, in_force):
    html = _page(client, in_force)
    assert "لا يوجد إصدار آخر يُقارن به هذا الإصدار." in html


def test_the_inline_difference_escapes_the_text():
    html = queries_edit.inline_diff("<b>قديم</b>", "<script>جديد</script>")
    assert "<script>" not in html and "&lt;script&gt;" in html
