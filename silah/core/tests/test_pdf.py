"""Every PDF is written with Silah's print stylesheet: "عبدالله" copies back whole."""

from weasyprint import HTML

from silah.core.pdf import write_pdf
from silah.core.tests.pdf_text import pdf_text

PAGE = """<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8"><style>
@page { @bottom-center { content: "المستفيد: عبدالله"; font-family: "Noto Naskh Arabic"; } }
html { font-family: "Noto Naskh Arabic", serif; }
</style></head><body><h1>سياسة تنظيم العلاقة</h1><p>سلّم عبدالله محمد طلبه.</p></body></html>"""


def test_without_the_stylesheet_naskh_copies_allah_back_wrong():
    # Why the stylesheet exists: the font's "الله" ligature maps back to "اهلل".
    text = pdf_text(HTML(string=PAGE).write_pdf())
    assert "عبداهلل" in text


def test_a_pdf_gives_back_abdullah_whole_in_the_text_and_the_page_margin():
    text = pdf_text(write_pdf(PAGE))
    assert "عبداهلل" not in text
    assert text.count("عبدالله") == 2  # the paragraph and the footer (a margin box)


def test_lam_alef_and_the_joined_script_are_kept():
    text = pdf_text(write_pdf(PAGE))
    assert "سياسةتنظيمالعلاقة" in text
