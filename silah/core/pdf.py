"""What every PDF Silah prints has in common (WeasyPrint).

Every Arabic PDF — the policy document, the attestation form, letters, the PDPL copy, a
request's receipt and decision letter, a committee's minutes — is written by `write_pdf`,
which adds Silah's print stylesheet (`PRINT_CSS`) to the document's own CSS:

- Common ligatures are off. Noto Naskh Arabic draws "الله" as one glyph (a common ligature,
  OpenType `liga`) whose text maps back to "اهلل", so "عبدالله" copied or extracted from the
  PDF read "عبداهلل". Lam-alef is a required ligature (`rlig`), not a common one: it stays,
  and so does the joined script. The rule is on the root element so that the page's margin
  boxes (a running footer with the beneficiary's name, the reference), which inherit from
  the root, get it too.

The stylesheet is given as a user stylesheet: a template that sets a property itself wins.
"""

from __future__ import annotations

from typing import Any

PRINT_CSS = """
html { font-variant-ligatures: no-common-ligatures; }
"""


def write_pdf(html: str, *, url_fetcher: Any = None, base_url: str | None = None) -> bytes:
    """`html` rendered to PDF bytes with Silah's print stylesheet. Pass the policy document's
    `LocalFetcher` as `url_fetcher` so that nothing is fetched from the network."""
    from weasyprint import CSS, HTML

    options: dict[str, Any] = {"string": html, "base_url": base_url}
    if url_fetcher is not None:
        options["url_fetcher"] = url_fetcher
    return HTML(**options).write_pdf(stylesheets=[CSS(string=PRINT_CSS)])
