"""Arabic text normalisation for search and duplicate detection.

``normalize_arabic`` folds the spelling variants people type for the same name into one form;
its output is for comparing and indexing, never for display. Every rule, with an example and
the reason for it, is in docs/arabic-normalisation.md.
"""

import re
import unicodedata

DIGITS_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Letters folded to one form. Hamza on waw/ya is dropped: the same name is written
# "هائل/هايل", "فائز/فايز", "مسؤول/مسئول", and a duplicate check must see them as one.
_LETTERS = {
    # alef with hamza above/below, madda, wasla, and the rarer Persian/Urdu hamza forms
    **dict.fromkeys("أإآٱٲٳٵ", "ا"),
    **dict.fromkeys("ؤٶ", "و"),
    **dict.fromkeys("ئٸ", "ي"),
    "ى": "ي",  # alef maqsura
    # ta marbuta (and the Urdu "goal" form) as plain ha
    **dict.fromkeys("ةۃ", "ه"),
    # Persian/Urdu lookalikes from Persian keyboards
    **dict.fromkeys("کڪ", "ك"),
    "ی": "ي",
    **dict.fromkeys("ۀہۂھە", "ه"),
}
_FOLD = {**str.maketrans(_LETTERS), **DIGITS_TO_ASCII}

_ARABIC_BLOCKS = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)
_PRESENTATION_FORMS = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

TATWEEL = "\u0640"
# Every combining mark in the Arabic blocks: tashkeel (fatha ... sukun, tanween, shadda),
# superscript alef U+0670, hamza above/below as marks, the Quranic annotation marks, plus
# the Quranic small waw and small ya (U+06E5, U+06E6), which are letters only in the mushaf.
ARABIC_MARKS = frozenset(
    chr(c)
    for start, end in _ARABIC_BLOCKS
    for c in range(start, end + 1)
    if unicodedata.category(chr(c)) in ("Mn", "Me")
) | {"\u06e5", "\u06e6"}
# Characters normalize_arabic never outputs (besides format characters, category Cf).
REMOVED = ARABIC_MARKS | {TATWEEL} | set(_LETTERS) | set("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")

_ABD_AL = re.compile(r"(?<!\w)عبد\s+(?=ال)")


def _in(ch: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(start <= ord(ch) <= end for start, end in ranges)


_PRESENTATION = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _unpresent(text: str) -> str:
    """Replace Arabic presentation forms (ligatures, positional forms) by the plain letters."""
    if not _PRESENTATION.search(text):  # the usual case, checked at C speed
        return text
    return "".join(
        unicodedata.normalize("NFKC", ch) if _in(ch, _PRESENTATION_FORMS) else ch for ch in text
    )


def _drop(ch: str) -> bool:
    return ch in ARABIC_MARKS or ch == TATWEEL or unicodedata.category(ch) == "Cf"


def _join_abd_al(text: str) -> str:
    return _ABD_AL.sub("عبد", text)


def normalize_arabic(text: str) -> str:
    """Fold ``text`` for search and duplicate detection (see docs/arabic-normalisation.md).

    Removes diacritics, tatweel and invisible format characters; unifies alef, hamza, ta
    marbuta, alef maqsura and Persian lookalike letters; turns Arabic-Indic digits into ASCII;
    joins "عبد ال…"; collapses whitespace; case-folds Latin. Latin accents are kept (in
    composed form). Idempotent.
    """
    text = unicodedata.normalize("NFC", text)
    text = _unpresent(text).casefold()
    text = "".join(ch for ch in text if not _drop(ch)).translate(_FOLD)
    text = unicodedata.normalize("NFC", text)
    return _join_abd_al(" ".join(text.split()))


def name_tokens(text: str) -> list[str]:
    """The normalised words of a name; punctuation separates words and is dropped."""
    text = normalize_arabic(text)
    text = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    return _join_abd_al(" ".join(text.split())).split()
