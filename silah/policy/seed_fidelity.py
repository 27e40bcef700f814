"""Is each preset faithful to its seed document? Every line of a preset's text sections, the
rules' source notes and the tools' names must stand in the seed text, in order, apart from the
extraction damage the preset repaired and the rule references that stand for the seed's own
wording of a rule.

Run against the seed documents with `silah check_presets_against_seeds DIR` (CI does, with
../shared/seeds); the test suite checks this logic on small texts.
"""

import re
from pathlib import Path

from silah.policy.presets import load_preset

REPAIRS = {
    "samtah_coop": {"ال تتجاوز": "لا تتجاوز", "الخالف": "الخلاف", "العالقة": "العلاقة", "ی": "ي"},
    "quwayiyah_coop": {"في الداء": "في الأداء", "لا جراء": "لإجراء"},
}
# Joined across a page break or restored from scrambled words: checked word by word.
JOINED: dict[str, list[str] | None] = {
    "quwayiyah_coop": ["ابتكار مفاهيم وتقنيات إدارية"],
    "tabuk_health": None,  # every line: the PDF scrambled its word order
}
REFERENCE = re.compile(r"\{[^{}\n]*\}")
# What a reference stands for in the seed: the rule as the seed wrote it, a few words.
SEED_WORDS_OF_A_RULE = r"\S+(?: \S+){0,11}"


def letters(text: str) -> str:
    return " ".join(re.sub(r"[^\u0621-\u064a]+", " ", text).split())


def in_seed(line: str, seed_text: str) -> bool:
    """The line's words are the seed's, in order; each reference to a rule stands for the
    few words the seed wrote there (its own wording of the rule)."""
    pieces = [letters(piece) for piece in REFERENCE.split(line)]
    words: list[str] = []
    for index, piece in enumerate(pieces):
        if index:
            words.append(SEED_WORDS_OF_A_RULE)
        words += [re.escape(word) for word in piece.split()]
    return re.search(" ".join(words), seed_text) is not None


def preset_lines(code: str) -> list[str]:
    preset = load_preset(code)
    lines = [line for s in preset.sections for line in s["body"].splitlines()]
    rules = preset.parsed_rules()
    for group in (
        "intake",
        "deadline",
        "decision",
        "referral",
        "eligibility",
        "attendance",
        "compensation",
        "complaints",
        "relationship",
        "informing",
        "satisfaction",
        "staff_duties",
    ):
        lines += getattr(rules, group).source_note.splitlines()
    lines += [tool.name for tool in rules.tools]
    return [line.removeprefix("- ") for line in lines if letters(line)]


def lines_not_in_seed(code: str, seeds_dir: Path) -> list[str]:
    """The preset's lines that its seed document does not contain."""
    seed = (Path(seeds_dir) / load_preset(code).info.seed).read_text(encoding="utf-8")
    for damaged, repaired in REPAIRS.get(code, {}).items():
        seed = seed.replace(damaged, repaired)
    seed_text = letters(seed)
    seed_words = set(seed_text.split()) | {"بإتقان"}  # 004 cut it in two: "بإتقا" + "ن"
    joined = JOINED.get(code, [])
    missing = []
    for line in preset_lines(code):
        if joined is None or any(line.startswith(start) for start in joined):
            if not set(letters(REFERENCE.sub(" ", line)).split()) <= seed_words:
                missing.append(line)
        elif not in_seed(line, seed_text):
            missing.append(line)
    return missing
