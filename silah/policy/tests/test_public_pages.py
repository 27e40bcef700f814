"""The policy is published: the version in force and earlier approved versions are public, with
their PDFs; drafts never are."""

from datetime import date
from html import unescape

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from silah.accounts.factories import UserFactory
from silah.policy import services
from silah.policy.factories import OrganizationFactory, PolicyVersionFactory
from silah.policy.models import PolicyVersion

pytestmark = pytest.mark.django_db

DEADLINE_14 = "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب."


def text_of(response) -> str:
    return " ".join(unescape(strip_tags(response.content.decode())).split())


@pytest.fixture
def admin():
    return UserFactory(username="public_admin", roles=["administrator"])


@pytest.fixture
def in_force():
    return PolicyVersionFactory(in_force=True)


@pytest.fixture
def superseded(in_force, admin):
    """Version 1 superseded by version 2 (approved 2026-01-31), now in force."""
    draft = services.start_draft(in_force.organization, actor=admin)
    services.record_approval(
        draft, actor=admin, resolution_number="2026/7", approved_on=date(2026, 1, 31)
    )
    in_force.refresh_from_db()
    return in_force


@pytest.fixture
def draft(in_force, admin):
    version = services.start_draft(in_force.organization, actor=admin)
    rules = {**version.rules, "deadline": {"length": 30, "unit": "working"}}
    return services.update_draft(version, actor=admin, rules=rules)


def test_anyone_can_read_the_version_in_force_without_logging_in(client, in_force):
    response = client.get(reverse("policy:published"))
    assert response.status_code == 200
    text = text_of(response)
    assert "جمعية آمال لذوي الإعاقة بمحافظة الليث" in text
    assert "نص التمهيد." in text
    assert DEADLINE_14 in text


def test_the_published_page_links_to_its_pdf(client, in_force):
    response = client.get(reverse("policy:published"))
    assert f'href="{reverse("policy:published_pdf")}"' in response.content.decode()


def test_the_policy_is_at_slash_policy(client, in_force):
    assert reverse("policy:published") == "/policy/"
    assert client.get("/en/policy/").status_code == 200


def test_the_english_page_keeps_the_approved_arabic_document(client, in_force):
    response = client.get("/en/policy/")
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'lang="ar" dir="rtl"' in html
    assert DEADLINE_14 in text_of(response)


def test_before_any_version_is_approved_a_kind_page_says_so(client):
    OrganizationFactory()
    response = client.get(reverse("policy:published"))
    assert response.status_code == 200
    assert "لم تنشر جمعية آمال لذوي الإعاقة بمحافظة الليث سياستها بعد" in text_of(response)
    assert reverse("policy:published_pdf") not in response.content.decode()


def test_without_an_association_the_page_still_answers(client):
    response = client.get(reverse("policy:published"))
    assert response.status_code == 200
    assert "لم تُنشر السياسة بعد" in text_of(response)


def test_no_pdf_before_any_version_is_approved(client):
    OrganizationFactory()
    assert client.get(reverse("policy:published_pdf")).status_code == 404


def test_the_pdf_of_the_version_in_force_is_served_inline_with_an_ascii_name(client, in_force):
    response = client.get(reverse("policy:published_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="silah-policy-v{in_force.number}.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_earlier_versions_are_listed_with_their_approval(client, superseded):
    text = text_of(client.get(reverse("policy:published")))
    assert f"الإصدار رقم {superseded.number} — سابقة" in text
    assert "اعتمدت بقرار مجلس الإدارة رقم 2024/2 بتاريخ" in text
    assert "اعتمدت بقرار مجلس الإدارة رقم 2026/7 بتاريخ" in text


def test_a_superseded_version_stays_reachable_with_its_approval(client, superseded):
    response = client.get(reverse("policy:version", args=[superseded.number]))
    assert response.status_code == 200
    text = text_of(response)
    assert "إصدار سابق لم يعد نافذًا" in text
    assert "اعتمدت بقرار مجلس الإدارة رقم 2024/2 بتاريخ 24 رمضان 1445هـ الموافق 3 أبريل 2024م." in (
        text
    )
    assert "انتهى العمل بهذا الإصدار في" in text
    assert f'href="{reverse("policy:published")}"' in response.content.decode()


def test_a_superseded_versions_pdf_is_served(client, superseded):
    response = client.get(reverse("policy:version_pdf", args=[superseded.number]))
    assert response.status_code == 200
    assert f'filename="silah-policy-v{superseded.number}.pdf"' in response["Content-Disposition"]


def test_the_version_in_force_is_reachable_by_its_number_too(client, in_force):
    response = client.get(reverse("policy:version", args=[in_force.number]))
    assert response.status_code == 200
    assert "إصدار سابق" not in text_of(response)


def test_drafts_are_never_public(client, draft):
    assert draft.status == PolicyVersion.Status.DRAFT
    assert client.get(reverse("policy:version", args=[draft.number])).status_code == 404
    assert client.get(reverse("policy:version_pdf", args=[draft.number])).status_code == 404


def test_a_drafts_changes_do_not_show_on_the_published_page(client, draft):
    text = text_of(client.get(reverse("policy:published")))
    assert "30 يوم عمل" not in text
    assert DEADLINE_14 in text
    assert f"الإصدار رقم {draft.number}" not in text


def test_a_number_that_does_not_exist_is_not_found(client, in_force):
    assert client.get(reverse("policy:version", args=[99])).status_code == 404
    assert client.get(reverse("policy:version_pdf", args=[99])).status_code == 404


def test_the_public_pages_only_answer_reads(client, in_force):
    assert client.post(reverse("policy:published")).status_code == 405
    assert client.post(reverse("policy:published_pdf")).status_code == 405


def test_a_changed_letterhead_is_in_the_next_pdf(client, in_force):
    first = client.get(reverse("policy:published_pdf")).content
    organization = in_force.organization
    organization.name = "جمعية أخرى"
    organization.save()
    second = client.get(reverse("policy:published_pdf")).content
    assert first != second


def test_the_published_page_links_each_tool_that_has_a_link(client, in_force):
    link = "https://amal.example.org/forms/registration"
    in_force.rules = {
        **in_force.rules,
        "tools": [{"name": "استمارة التسجيل في برامج الجمعية", "kind": "form", "link": link}],
    }
    in_force.save()
    html = client.get(reverse("policy:published")).content.decode()
    assert f'<a href="{link}"><bdi dir="ltr">{link}</bdi></a>' in html


def test_the_published_page_states_the_rules_named_in_its_text(client, in_force):
    in_force.sections = [
        {
            "kind": "approved_practices",
            "title": "التعامل مع المستفيد",
            "body": "- سيرفع {لجهة_البت}",
        }
    ]
    in_force.save()
    text = text_of(client.get(reverse("policy:published")))
    assert "سيرفع للجنة البحث" in text
    assert "{لجهة_البت}" not in text
