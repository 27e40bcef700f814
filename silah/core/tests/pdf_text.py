"""Reading a PDF's text back as someone copying from it gets it, for the PDF tests of every
app: `pdftotext` (poppler), then `squeeze` (see silah/policy/tests/test_document.py for why:
poppler wraps right-to-left lines in bidi controls, spaces out combining marks and breaks
lines), so that a phrase is looked for letter by letter, without spaces."""

from __future__ import annotations

import subprocess
import unicodedata

BIDI_CONTROLS = dict.fromkeys(
    [0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)], None
)


def squeeze(text: str) -> str:
    """Bidi controls, combining marks and whitespace dropped; presentation forms folded."""
    text = unicodedata.normalize("NFKC", text.translate(BIDI_CONTROLS))
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Mn")


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as `pdftotext` extracts it, squeezed."""
    assert pdf.startswith(b"%PDF"), pdf[:20]
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return squeeze(result.stdout.decode("utf-8"))
