"""The English catalogue: every Arabic message has a checked English translation.

The catalogue is read with a small parser of our own (standard library only), so the
checks do not depend on gettext tools being installed. The .mo files are not committed:
scripts/setup.sh builds them, and this module builds them too when they are missing or
older than the .po file.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.translation.reloader import translation_file_changed

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "silah" / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")

# -- a small .po parser ------------------------------------------------------------------------

ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f"}
KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")\s*$")
QUOTED = re.compile(r'^"(.*)"$')


@dataclass
class Entry:
    line: int
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def translations(self) -> list[tuple[str, str]]:
        """Each translation with the source text it translates (msgstr[0] ↔ msgid, …)."""
        if self.msgid_plural is None:
            return [(self.msgid, self.msgstr)]
        return [
            (self.msgid if n == 0 else self.msgid_plural, text)
            for n, text in sorted(self.msgstr_plural.items())
        ]

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def _unquote(token: str, line: int) -> str:
    match = QUOTED.match(token.strip())
    if match is None:
        raise ValueError(f"line {line}: expected a quoted string, got {token!r}")

    def unescape(escape: re.Match[str]) -> str:
        char = escape.group(1)
        if char not in ESCAPES:
            raise ValueError(f"line {line}: unknown escape \\{char}")
        return ESCAPES[char]

    return re.sub(r"\\(.)", unescape, match.group(1))


def parse_po(text: str) -> list[Entry]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr, msgstr[n], flags.

    Obsolete entries (#~) and previous-message comments (#|) are left out.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    pending_flags: set[str] = set()
    target: tuple[str, int | None] | None = None  # the field continuation lines add to
    seen_msgstr = False

    def finish() -> None:
        nonlocal entry, seen_msgstr, target
        if entry is not None:
            entries.append(entry)
        entry, seen_msgstr, target = None, False, None

    def append(entry: Entry, where: tuple[str, int | None], text: str) -> None:
        name, index = where
        if name == "msgstr_plural":
            entry.msgstr_plural[index] += text
        else:
            setattr(entry, name, (getattr(entry, name) or "") + text)

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#"):
            if seen_msgstr:
                finish()
            if line.startswith("#,"):
                pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith('"'):
            if entry is None or target is None:
                raise ValueError(f"line {number}: a string outside any entry")
            append(entry, target, _unquote(line, number))
            continue
        match = KEYWORD.match(line)
        if match is None:
            raise ValueError(f"line {number}: cannot read {raw!r}")
        keyword, index, token = match.groups()
        value = _unquote(token, number)
        if keyword in ("msgctxt", "msgid") and seen_msgstr:
            finish()
        if entry is None:
            entry = Entry(line=number, flags=pending_flags)
            pending_flags = set()
        if keyword == "msgctxt":
            entry.msgctxt, target = value, ("msgctxt", None)
        elif keyword == "msgid":
            entry.msgid, target = value, ("msgid", None)
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = value, ("msgid_plural", None)
        elif index is not None:
            entry.msgstr_plural[int(index)] = value
            target, seen_msgstr = ("msgstr_plural", int(index)), True
        else:
            entry.msgstr, target, seen_msgstr = value, ("msgstr", None), True
    finish()
    return entries


# -- placeholders ------------------------------------------------------------------------------

NAMED = re.compile(r"%\([^)]+\)[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
POSITIONAL = re.compile(r"%(?!\()[#0\- +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]")
BRACES = re.compile(r"\{[^{}]*\}")


def placeholders(pattern: re.Pattern[str], text: str) -> list[str]:
    """The placeholders of one kind in `text`; "%%", "{{" and "}}" are literal characters."""
    return pattern.findall(text.replace("%%", "").replace("{{", "").replace("}}", ""))


def missing_placeholders(pattern: re.Pattern[str]) -> list[str]:
    problems = []
    for entry in messages():
        for source, translated in entry.translations():
            lost = set(placeholders(pattern, source)) - set(placeholders(pattern, translated))
            if lost:
                problems.append(f"{entry}: {sorted(lost)} missing from {translated!r}")
    return problems


# -- the catalogue -----------------------------------------------------------------------------


def catalogue() -> list[Entry]:
    return parse_po(CATALOGUE.read_text(encoding="utf-8"))


def messages() -> list[Entry]:
    return [entry for entry in catalogue() if not entry.is_header]


@pytest.fixture(scope="module", autouse=True)
def compiled_catalogue():
    """Build the .mo files if they are missing or stale, then forget any cached catalogue."""
    if not COMPILED.exists() or COMPILED.stat().st_mtime < CATALOGUE.stat().st_mtime:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(ROOT)
            call_command(
                "compilemessages",
                locale=["en"],
                ignore_patterns=[".venv", "node_modules", "var", "test-artifacts", ".git"],
                verbosity=0,
            )
    translation_file_changed(None, COMPILED)
    yield


# -- the parser --------------------------------------------------------------------------------

SAMPLE = r"""
# A comment.
#: silah/example.py:1
#, fuzzy, python-format
msgid ""
"first line, "
"second \"line\"\n"
msgstr "translated"

msgctxt "menu"
msgid "%(days)s يوم"
msgid_plural "%(days)s أيام"
msgstr[0] "%(days)s day"
msgstr[1] "%(days)s days"

#~ msgid "old"
#~ msgstr "gone"
"""


def test_the_parser_reads_flags_multiline_strings_and_plurals():
    first, second = parse_po(SAMPLE)
    assert first.flags == {"fuzzy", "python-format"}
    assert first.msgid == 'first line, second "line"\n'
    assert first.msgstr == "translated"
    assert second.msgctxt == "menu"
    assert second.msgid_plural == "%(days)s أيام"
    assert second.msgstr_plural == {0: "%(days)s day", 1: "%(days)s days"}


def test_the_parser_finds_named_positional_and_brace_placeholders():
    text = "%(name)s: %s of %d, {} and {count}; 100%% done, {{ literal }}"
    assert placeholders(NAMED, text) == ["%(name)s"]
    assert placeholders(POSITIONAL, text) == ["%s", "%d"]
    assert placeholders(BRACES, text) == ["{}", "{count}"]


# -- the English catalogue ---------------------------------------------------------------------


def test_the_catalogue_has_messages():
    assert len(messages()) > 100


def test_the_catalogue_is_english_with_two_plural_forms():
    (header,) = [entry for entry in catalogue() if entry.is_header]
    assert "Language: en\n" in header.msgstr
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr


def test_no_entry_is_fuzzy():
    assert [str(entry) for entry in catalogue() if "fuzzy" in entry.flags] == []


def test_every_message_is_translated():
    untranslated = [
        str(entry)
        for entry in messages()
        if entry.msgid_plural is None and not entry.msgstr.strip()
    ]
    assert untranslated == []


def test_every_plural_message_has_both_english_forms():
    incomplete = [
        str(entry)
        for entry in messages()
        if entry.msgid_plural is not None
        and (
            sorted(entry.msgstr_plural) != [0, 1]
            or not all(text.strip() for text in entry.msgstr_plural.values())
        )
    ]
    assert incomplete == []


def test_translations_keep_every_named_placeholder():
    assert missing_placeholders(NAMED) == []


def test_translations_keep_every_positional_placeholder():
    assert missing_placeholders(POSITIONAL) == []


def test_translations_keep_every_brace_placeholder():
    assert missing_placeholders(BRACES) == []


def test_translations_add_no_named_placeholder_the_source_lacks():
    added = []
    for entry in messages():
        known = set(placeholders(NAMED, entry.msgid + (entry.msgid_plural or "")))
        for _source, translated in entry.translations():
            extra = set(placeholders(NAMED, translated)) - known
            if extra:
                added.append(f"{entry}: {sorted(extra)}")
    assert added == []


# -- the compiled catalogue in use -------------------------------------------------------------

# Held in names so that makemessages does not read this module as a source of messages.
LOGIN_TITLE = "تسجيل الدخول"
WORKING_CALENDAR = "تقويم العمل"
ONE_DAY, DAYS = "يوم واحد", "%(days)s أيام"


def test_the_login_title_is_english_under_en():
    with translation.override("en"):
        assert translation.gettext(LOGIN_TITLE) == "Log in"


def test_the_working_calendar_is_english_under_en():
    with translation.override("en"):
        assert translation.gettext(WORKING_CALENDAR) == "Working calendar"


def test_plural_messages_are_english_under_en():
    with translation.override("en"):
        assert translation.ngettext(ONE_DAY, DAYS, 3) % {"days": 3} == "3 days"
