"""The name index that search and the duplicate check read: keys and a vocabulary.

Every beneficiary's name becomes *search words* (`search_words`: normalised Arabic, compound
prefixes joined, the article and "بن/بنت" dropped) and from them *keys*: each word alone and
each unordered pair of words ("احمد حربي"). `NameKey` holds one row per (key, beneficiary),
its primary key a btree on (key, beneficiary_id), so the database finds the people who share
a word or a pair of words with an index lookup on SQLite and PostgreSQL alike. A pair's
posting list is far shorter than a common word's (محمد is in a quarter of men's names), which
is what keeps a search for a common name fast. `NameWord` is the vocabulary: each distinct
word with the number of people whose name has it (for IDF weights and for snapping a typed
word nobody has to the nearest words someone has).

The services keep both up to date on every write (`index_beneficiary`), inside the write's
transaction; `rebuild_index` (command `rebuild_search_index`) rebuilds them from scratch.
Design and measurements: docs/search.md.
"""

from collections import Counter
from collections.abc import Iterable, Iterator
from itertools import combinations

from django.db import connection, models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from silah.core.arabic import name_tokens
from silah.registry.holders import Holder, register
from silah.registry.models import Beneficiary

MAX_WORDS = 6
MAX_WORD_LENGTH = 60
# Words that join the word after them: "ابو بكر" = "ابوبكر", "عبد ربه" = "عبدربه".
JOINING = frozenset({"ابو", "ابا", "ابي", "عبد", "ال"})
# Words that only link the parts of a name: "محمد بن عبدالله".
LINKS = frozenset({"بن", "بنت"})
ARTICLE = "ال"


def _word(word: str) -> str:
    # "القحطاني" and "قحطاني" are one family name; short words keep ال ("الله" is not a name
    # part on its own, "عبدالله" starts with عبد).
    while word.startswith(ARTICLE) and len(word) >= 5 and word[2:] not in JOINING | LINKS:
        word = word[2:]
    return word[:MAX_WORD_LENGTH]


def _plain(text: str) -> bool:
    return all(ch == " " or ch.isalnum() for ch in text)


def search_words(text: str, *, normalized: bool = False) -> list[str]:
    """The words of a name as the index stores them (same rules for names and queries).

    normalize_arabic + name_tokens (hamza, ة/ه, ى/ي, "عبد ال…" joined), then "ابو/عبد/ال X"
    joined into one word, "بن/بنت" dropped, a leading "ال" dropped from words of 5+ letters.
    `normalized=True` says `text` is already normalize_arabic's output (a stored
    full_name_normalized), which saves normalising it again when it has no punctuation.
    """
    tokens = text.split() if normalized and _plain(text) else name_tokens(text)
    words: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token in LINKS:
            continue
        if token in JOINING and index < len(tokens):
            token += tokens[index]
            index += 1
        words.append(_word(token))
    return words


def pair_key(first: str, second: str) -> str:
    """The key of two words, whichever order they come in."""
    return " ".join(sorted((first, second)))


def name_keys(words: list[str]) -> set[str]:
    """Every word and every unordered pair of words of a name (at most MAX_WORDS words)."""
    words = words[:MAX_WORDS]
    keys = set(words)
    keys.update(pair_key(a, b) for a, b in combinations(words, 2))
    return keys


class NameKey(models.Model):
    """One search key (a word or a pair of words) of one beneficiary's name."""

    pk = models.CompositePrimaryKey("key", "beneficiary")
    key = models.CharField(max_length=2 * MAX_WORD_LENGTH + 1)
    beneficiary = models.ForeignKey(
        Beneficiary, on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta:
        verbose_name = _("مفتاح بحث بالاسم")
        verbose_name_plural = _("مفاتيح البحث بالاسم")

    def __str__(self) -> str:
        return f"{self.key} → {self.beneficiary_id}"


class NameWord(models.Model):
    """A word some beneficiary's name has, with the number of people whose name has it."""

    word = models.CharField(max_length=MAX_WORD_LENGTH, primary_key=True)
    frequency = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("كلمة في الأسماء")
        verbose_name_plural = _("كلمات الأسماء")

    def __str__(self) -> str:
        return f"{self.word} ({self.frequency})"


def _bump(words: Iterable[str], delta: int) -> None:
    # One row at a time in sorted order: two writers sharing words lock them in the same
    # order and cannot deadlock.
    words = sorted(set(words))
    if not words:
        return
    if delta > 0:
        NameWord.objects.bulk_create(
            [NameWord(word=word, frequency=0) for word in words], ignore_conflicts=True
        )
    for word in words:
        NameWord.objects.filter(word=word).update(frequency=F("frequency") + delta)
    if delta < 0:
        NameWord.objects.filter(word__in=words, frequency__lte=0).delete()


def _words_of(keys: Iterable[str]) -> set[str]:
    return {key for key in keys if " " not in key}


@transaction.atomic
def index_beneficiary(beneficiary: Beneficiary) -> None:
    """Bring the name index of `beneficiary` up to date with its stored name."""
    wanted = name_keys(search_words(beneficiary.full_name_normalized, normalized=True))
    stored = set(
        NameKey.objects.filter(beneficiary_id=beneficiary.pk).values_list("key", flat=True)
    )
    removed, added = stored - wanted, wanted - stored
    if removed:
        NameKey.objects.filter(beneficiary_id=beneficiary.pk, key__in=removed).delete()
    if added:
        NameKey.objects.bulk_create(
            [NameKey(key=key, beneficiary_id=beneficiary.pk) for key in added]
        )
    _bump(_words_of(removed), -1)
    _bump(_words_of(added), +1)


@transaction.atomic
def unindex_beneficiary(beneficiary: Beneficiary) -> None:
    """Remove `beneficiary` from the name index (merged away or destroyed).

    A word no one else's name has leaves the vocabulary with it, so no trace of a destroyed
    name stays in these tables.
    """
    keys = list(NameKey.objects.filter(beneficiary_id=beneficiary.pk).values_list("key", flat=True))
    NameKey.objects.filter(beneficiary_id=beneficiary.pk).delete()
    _bump(_words_of(keys), -1)


def _batches(batch_size: int) -> Iterator[list[tuple[int, set[str]]]]:
    """Every beneficiary's keys, a batch at a time (by pk, so no cursor stays open)."""
    last = 0
    names = Beneficiary.objects.order_by("pk").values_list("pk", "full_name_normalized")
    while True:
        rows = list(names.filter(pk__gt=last)[:batch_size])
        if not rows:
            return
        last = rows[-1][0]
        yield [(pk, name_keys(search_words(name, normalized=True))) for pk, name in rows]


def _copy_keys(batch: list[tuple[int, set[str]]]) -> None:
    table = connection.ops.quote_name(NameKey._meta.db_table)
    sql = f"COPY {table} (key, beneficiary_id) FROM STDIN"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for pk, keys in batch:
            for key in keys:
                copy.write_row((key, pk))


def rebuild_index(*, batch_size: int = 20_000) -> tuple[int, int]:
    """Rebuild the name index of every beneficiary; return (keys, words) written.

    On PostgreSQL the keys are written with COPY; elsewhere with bulk inserts.
    """
    counts: Counter[str] = Counter()
    written = 0
    with transaction.atomic():
        NameKey.objects.all().delete()
        NameWord.objects.all().delete()
        for batch in _batches(batch_size):
            if connection.vendor == "postgresql":
                _copy_keys(batch)
            else:
                NameKey.objects.bulk_create(
                    [NameKey(key=key, beneficiary_id=pk) for pk, keys in batch for key in keys],
                    batch_size=5000,
                )
            for _pk, keys in batch:
                written += len(keys)
                counts.update(_words_of(keys))
        NameWord.objects.bulk_create(
            [NameWord(word=word, frequency=count) for word, count in counts.items()],
            batch_size=5000,
        )
    return written, len(counts)


register(
    Holder(
        key="registry.name_index",
        label=_("فهرس البحث بالاسم"),
        order=900,
        merge=lambda survivor, merged: unindex_beneficiary(merged),
        export=None,
        destroy=unindex_beneficiary,
    )
)
