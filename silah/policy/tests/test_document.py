"""The published policy document (HTML and PDF) is rendered from the version's data alone.

Reading a PDF back: `pdftotext` (poppler, default mode) writes right-to-left lines in logical
order, but wraps them in bidi controls (U+200E/U+200F, U+202A–U+202E, U+2066–U+2069), puts a
space before each Arabic combining mark ("يُرَدّ" comes out as "ُي َر ّد") and breaks sentences
at line ends. So `squeeze` drops the bidi controls and the combining marks, folds presentation
forms (NFKC), and removes all whitespace, on both sides; then a generated sentence must appear
in the extracted text letter for letter, in order. (`-raw` is worse: it gives the words of a
line in visual order, right to left reversed.) Poppler also sometimes puts a mark above a
letter on a line of its own, splitting the word around it: that is why the generated
sentences carry no diacritics (see silah.policy.sentences).
"""

import subprocess
import unicodedata
from datetime import date
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.utils.html import strip_tags

from silah.accounts.factories import UserFactory
from silah.policy import services
from silah.policy.document import (
    LocalFetcher,
    document_context,
    document_html,
    pdf_filename,
    render_pdf,
)
from silah.policy.factories import OrganizationFactory, PolicyVersionFactory
from silah.policy.models import PolicyVersion

pytestmark = pytest.mark.django_db

BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)
DEADLINE_14 = (
    "ترد الجمعية على طلب المستفيد بالقبول أو الرفض خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب."
)
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f80f0000010100005d0b0e7d0000000049454e44ae426082"
)


def squeeze(text: str) -> str:
    text = unicodedata.normalize("NFKC", text.translate(BIDI_CONTROLS))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def page_text(html: str) -> str:
    return " ".join(unescape(strip_tags(html)).split())


def pdf_text(version: PolicyVersion, tmp_path) -> str:
    path = tmp_path / f"policy-{version.number}.pdf"
    path.write_bytes(render_pdf(version))
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
        timeout=60,
    )
    return result.stdout


@pytest.fixture
def admin():
    return UserFactory(username="document_admin", roles=["administrator"])


@pytest.fixture
def in_force():
    return PolicyVersionFactory(
        in_force=True,
        meeting="الثاني لعام 2024م",
        sections=[
            {
                "kind": "preamble",
                "title": "تمهيد",
                "body": "تضع الجمعية هذه السياسة لتنظيم علاقتها.",
            },
            {
                "kind": "detailed_goals",
                "title": "الأهداف التفصيلية",
                "body": "تسعى الجمعية إلى ما يلي:\n- تقدير حاجة المستفيد.\n- تقديم الخدمات المتكاملة.",
            },
            {"kind": "responsibilities", "title": "المسؤوليات", "body": "تطبق على جميع العاملين."},
        ],
    )


# -- HTML --------------------------------------------------------------------------------------


def test_the_page_shows_the_association_the_sections_and_the_deadline_sentence(in_force):
    text = page_text(document_html(in_force))
    assert "جمعية آمال لذوي الإعاقة بمحافظة الليث" in text
    assert "تضع الجمعية هذه السياسة لتنظيم علاقتها." in text
    assert DEADLINE_14 in text


def test_lines_starting_with_a_dash_are_list_items(in_force):
    html = document_html(in_force)
    assert "<li>تقدير حاجة المستفيد.</li>" in html
    assert "<p>تسعى الجمعية إلى ما يلي:</p>" in html


def test_numbers_are_isolated_from_the_right_to_left_text(in_force):
    html = document_html(in_force)
    assert '<bdi dir="ltr">14</bdi>' in html
    assert "<bdi>2024/2</bdi>" in html  # the resolution number, whole


def test_the_document_is_arabic_and_right_to_left_whatever_the_page_language(in_force):
    from django.utils import translation

    with translation.override("en"):
        html = document_html(in_force)
    assert 'lang="ar" dir="rtl"' in html
    assert "جدول المحتويات" in html


def test_the_table_of_contents_lists_sections_rules_and_the_approval_in_order(in_force):
    context = document_context(in_force)
    titles = [entry["title"] for entry in context["toc"]]
    assert titles[:2] == ["تمهيد", "الأهداف التفصيلية"]
    assert titles.index("مدة الرد على الطلب") < titles.index("المسؤوليات")
    assert titles[-3:] == ["المسؤوليات", "مراجعة السياسة", "اعتماد مجلس الإدارة"]
    anchors = [entry["anchor"] for entry in context["toc"]]
    html = document_html(in_force)
    assert all(f'id="{anchor}"' in html for anchor in anchors)


def test_the_approval_is_stated_in_both_calendars(in_force):
    text = page_text(document_html(in_force))
    assert (
        "اعتمدت بقرار مجلس الإدارة رقم 2024/2 في اجتماعه الثاني لعام 2024م بتاريخ "
        "24 رمضان 1445هـ الموافق 3 أبريل 2024م."
    ) in text
    assert "موعد المراجعة القادمة: 5 شوال 1446هـ الموافق 3 أبريل 2025م." in text


def test_a_superseded_version_says_when_it_stopped_applying(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    services.record_approval(
        draft, actor=admin, resolution_number="2026/7", approved_on=date(2026, 1, 31)
    )
    in_force.refresh_from_db()
    text = page_text(document_html(in_force))
    assert "انتهى العمل بهذا الإصدار في 12 شعبان 1447هـ الموافق 31 يناير 2026م." in text


def test_a_draft_is_marked_as_not_approved(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    text = page_text(document_html(draft))
    assert "مسودة — غير معتمدة" in text
    assert "لم يعتمد مجلس الإدارة هذا الإصدار بعد." in text
    assert "اعتمدت بقرار" not in text


def test_a_drafts_changed_deadline_appears_in_its_page(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    rules = {
        **draft.rules,
        "deadline": {"length": 15, "unit": "working", "counts_from": "complete"},
    }
    services.update_draft(draft, actor=admin, rules=rules)
    draft.refresh_from_db()
    text = page_text(document_html(draft))
    assert "خلال 15 يوم عمل من تاريخ اكتمال الطلب." in text
    assert DEADLINE_14 not in text


def test_the_associations_word_is_used_in_the_document():
    organization = OrganizationFactory(
        beneficiary_term="المستخدم", beneficiary_term_plural="المستخدمين"
    )
    version = PolicyVersionFactory(organization=organization, in_force=True)
    text = page_text(document_html(version))
    assert "ترد الجمعية على طلب المستخدم" in text
    assert "قنوات التواصل مع المستخدمين" in text


def test_the_letterhead_names_the_licence_and_its_authority(in_force):
    text = page_text(document_html(in_force))
    assert "المركز الوطني لتنمية القطاع غير الربحي" in text
    assert "ترخيص رقم 5597" in text


def test_contact_details_are_shown_left_to_right(in_force):
    organization = in_force.organization
    organization.phone = "+966 12 345 6789"
    organization.email = "info@example.org"
    organization.save()
    html = document_html(in_force)
    assert '<bdi dir="ltr">+966 12 345 6789</bdi>' in html
    assert '<bdi dir="ltr">info@example.org</bdi>' in html


def test_the_logo_is_embedded_so_nothing_is_fetched(in_force):
    organization = in_force.organization
    organization.logo.save("logo.png", ContentFile(PNG_1PX))
    html = document_html(in_force)
    assert 'src="data:image/png;base64,' in html
    assert "/media/" not in html


def test_text_typed_in_the_policy_is_escaped():
    version = PolicyVersionFactory(
        sections=[{"kind": "other", "title": "<b>عنوان</b>", "body": "<script>x</script>"}]
    )
    html = document_html(version)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<b>عنوان</b>" not in html


# -- PDF ---------------------------------------------------------------------------------------


def test_the_pdf_contains_the_associations_name_and_the_deadline_sentence(in_force, tmp_path):
    text = squeeze(pdf_text(in_force, tmp_path))
    assert squeeze("جمعية آمال لذوي الإعاقة بمحافظة الليث") in text
    assert squeeze(DEADLINE_14) in text
    assert squeeze("24 رمضان 1445هـ الموافق 3 أبريل 2024م") in text


def test_the_pdfs_headings_read_back_as_written(in_force, tmp_path):
    """The lam-alef of "العلاقة" in the title comes back as "لا", not "ال" (font choice)."""
    text = squeeze(pdf_text(in_force, tmp_path))
    assert squeeze("سياسة تنظيم العلاقة مع المستفيدين") in text
    assert squeeze("اعتماد مجلس الإدارة") in text


def test_the_pdf_gives_back_abdullah_whole(tmp_path):
    # Naskh's common "الله" ligature copies back as "اهلل" unless it is off (silah.core.pdf).
    version = PolicyVersionFactory(
        in_force=True,
        sections=[
            {
                "kind": "preamble",
                "title": "تمهيد",
                "body": "أعدّ هذه السياسة عبدالله بن سعد، مدير الجمعية.",
            }
        ],
    )
    text = squeeze(pdf_text(version, tmp_path))
    assert squeeze("أعدّ هذه السياسة عبدالله بن سعد") in text
    assert "عبداهلل" not in text


def test_the_pdf_is_a4(in_force, tmp_path):
    path = tmp_path / "policy.pdf"
    path.write_bytes(render_pdf(in_force))
    info = subprocess.run(
        ["pdfinfo", str(path)], capture_output=True, check=True, text=True, timeout=60
    ).stdout
    assert "(A4)" in info


def test_a_drafts_pdf_says_draft_and_shows_its_changed_deadline(in_force, admin, tmp_path):
    draft = services.start_draft(in_force.organization, actor=admin)
    rules = {**draft.rules, "deadline": {"length": 3, "unit": "working", "counts_from": "received"}}
    services.update_draft(draft, actor=admin, rules=rules)
    draft.refresh_from_db()
    text = squeeze(pdf_text(draft, tmp_path))
    assert squeeze("مسودة — غير معتمدة") in text
    assert squeeze("خلال 3 أيام عمل من تاريخ استلام الطلب.") in text
    assert squeeze(DEADLINE_14) not in text


def test_the_pdf_file_name_is_ascii(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    assert pdf_filename(in_force) == f"silah-policy-v{in_force.number}.pdf"
    assert pdf_filename(draft) == f"silah-policy-v{draft.number}-draft.pdf"


# -- nothing from the network ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/style.css",
        "https://example.com/logo.png",
        "ftp://example.com/x",
        "file:///etc/passwd",
    ],
)
def test_the_pdf_renderer_fetches_nothing_outside_the_static_and_media_folders(url):
    with pytest.raises(ValueError):
        LocalFetcher().fetch(url)


def test_the_pdf_renderer_reads_data_uris():
    response = LocalFetcher().fetch("data:text/plain;base64,c2lsYWg=")
    assert response.read() == b"silah"


def test_the_renderer_opens_nothing_but_data_uris_even_with_a_remote_base_url(
    in_force, monkeypatch
):
    """WeasyPrint swallows a fetcher's exceptions, so the test records what is opened."""
    import urllib.request

    in_force.organization.logo.save("logo.png", ContentFile(PNG_1PX))
    opened: list[str] = []
    open_url = urllib.request.OpenerDirector.open

    def spy(self, url, *args, **kwargs):
        opened.append(getattr(url, "full_url", url))
        return open_url(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy)
    pdf = render_pdf(in_force, base_url="https://example.com/policy/")
    assert pdf.startswith(b"%PDF")
    assert opened  # the logo, through the renderer's own fetcher
    assert all(url.startswith("data:") for url in opened), opened


# -- the five presets --------------------------------------------------------------------------

PRESET_DEADLINES = {
    "amal_allith": "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب.",
    "samtah_coop": "خلال 15 يوم عمل من تاريخ اكتمال الطلب.",
    "quwayiyah_coop": "خلال أسبوعين (14 يوما) من تاريخ اكتمال الطلب.",
    "ahsa_prisoners": "فور صدورها دون تأخير",
    "tabuk_health": "خلال أسبوع واحد (7 أيام) من تاريخ اكتمال الطلب.",
}


@pytest.mark.parametrize("code", sorted(PRESET_DEADLINES))
def test_each_presets_pdf_names_the_association_and_states_its_deadline(code, tmp_path):
    from silah.policy.presets import create_association_from_preset, preset_codes
    from silah.policy.sentences import rule_sentences

    assert sorted(preset_codes()) == sorted(PRESET_DEADLINES)
    organization, version = create_association_from_preset(code)
    deadline = next(
        s
        for s in rule_sentences(version.parsed_rules(), organization=organization)
        if s.key == "deadline"
    ).sentences[0]
    assert PRESET_DEADLINES[code] in deadline

    html = page_text(document_html(version))
    assert organization.name in html
    assert deadline in html
    text = squeeze(pdf_text(version, tmp_path))
    assert squeeze(organization.name) in text
    assert squeeze(deadline) in text


# -- rules named in the text sections ----------------------------------------------------------


def test_a_section_naming_a_rule_shows_the_rules_value(in_force, admin):
    draft = services.start_draft(in_force.organization, actor=admin)
    body = "ويتم التعامل مع المستفيد:\n- سيرفع طلبه {لجهة_البت} والرد عليه {مدة_الرد}."
    services.update_draft(draft, actor=admin, sections=[{"title": "الممارسات", "body": body}])
    draft.refresh_from_db()
    html = document_html(draft)
    assert (
        '<li>سيرفع طلبه للجنة البحث والرد عليه خلال أسبوعين (<bdi dir="ltr">14</bdi> يوما) '
        "من تاريخ اكتمال الطلب.</li>"
    ) in html
    assert "{" not in page_text(html)


def test_a_drafts_pdf_states_its_changed_deadline_in_the_presets_practice_step(tmp_path):
    from silah.policy.presets import create_association_from_preset

    _organization, draft = create_association_from_preset("samtah_coop")
    rules = {
        **draft.rules,
        "deadline": {"length": 10, "unit": "working", "counts_from": "received"},
    }
    services.update_draft(draft, actor=None, rules=rules)
    draft.refresh_from_db()
    text = squeeze(pdf_text(draft, tmp_path))
    assert squeeze("تحدد المدة للرد على الطلب خلال 10 أيام عمل من تاريخ استلام الطلب.") in text
    assert squeeze("15 يوم عمل") not in text


# -- the relations officer's tools -------------------------------------------------------------

LINK = "https://amal.example.org/docs/regulation.pdf"


@pytest.fixture
def with_tool_links(in_force):
    in_force.rules = {
        **in_force.rules,
        "tools": [
            {"name": "اللائحة الأساسية للجمعية", "kind": "basic_regulation", "link": LINK},
            {"name": "استمارة التسجيل", "kind": "form"},
            {"name": "دليل داخلي", "kind": "guide", "link": "javascript:alert(1)"},
        ],
    }
    in_force.save()
    return in_force


def test_a_tools_link_is_a_link_on_the_page_isolated_left_to_right(with_tool_links):
    html = document_html(with_tool_links)
    assert (
        f'<li>اللائحة الأساسية للجمعية: <a href="{LINK}"><bdi dir="ltr">{LINK}</bdi></a></li>'
    ) in html
    assert "<li>استمارة التسجيل</li>" in html


def test_a_tools_link_that_is_not_a_web_address_is_shown_but_never_linked(with_tool_links):
    html = document_html(with_tool_links)
    assert '<li>دليل داخلي: <bdi dir="ltr">javascript:alert(1)</bdi></li>' in html
    assert 'href="javascript' not in html


def test_a_tools_link_is_text_the_reader_can_copy_in_the_pdf(with_tool_links, tmp_path):
    context = document_context(with_tool_links, for_print=True)
    tools = next(part for part in context["parts"] if part.anchor == "rule-tools")
    assert str(tools.blocks[1].items[0]) == (
        f'اللائحة الأساسية للجمعية: <bdi dir="ltr">{LINK}</bdi>'
    )
    text = pdf_text(with_tool_links, tmp_path)
    assert LINK in text.translate(BIDI_CONTROLS).replace("\n", "")
