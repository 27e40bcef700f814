"""Searching the registry: by file number, identity number, mobile, or an Arabic name.

`search_beneficiaries(queryset, text)` always searches inside the queryset the caller passes
(normally `access.beneficiaries_for(user)`), so it can never return a file the user may not
open. What the user typed decides which lookups run:

- a file number (BEN-1448-000123, also typed in lower case or with Arabic-Indic digits);
- an identity number (exact, after digit normalisation);
- a Saudi mobile in any format (05…, 5…, 9665…, +966…, 00966…), matched on both mobiles;
- otherwise (or as well, when the text has letters) a name search: the typed words become
  search words (`search_index.search_words`), a word nobody has is snapped to the nearest
  words of the vocabulary (rapidfuzz), the index returns the people sharing the most
  IDF-weighted pairs of words, and the best of them are re-ranked with rapidfuzz.

Design and measurements: docs/search.md. No personal value is ever logged here.
"""

import math
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from silah.core.identity import normalize_digits
from silah.core.phones import normalize_mobile
from silah.registry.models import Beneficiary
from silah.registry.search_index import (
    MAX_WORDS,
    NameKey,
    NameWord,
    pair_key,
    search_words,
)

# Tuning (docs/search.md explains each).
SNAP_CUTOFF = 75  # rapidfuzz ratio a vocabulary word needs to stand for an unknown word
SNAP_ALTERNATIVES = 3  # how many vocabulary words an unknown word may stand for
RARE_WORD = 2  # a known word this rare may be someone's typo: snap it as well
# A known word may itself be a slip for another real word (حم for حمد): its neighbours one
# keyboard slip away (OSA distance 1) stand for it too, at this confidence, at most this many.
NEIGHBOUR_CONFIDENCE = 0.6
NEIGHBOUR_ALTERNATIVES = 4
NEIGHBOUR_MIN_LENGTH = 2  # words shorter than this have no neighbours
NEIGHBOUR_RATIO = 20  # …and only for neighbours this many times commoner (not احمد for محمد)
# Two adjacent letters swapped (فجر for فرج, محمدو for محمود) keep every letter typed: the
# commonest slip that makes another real word. Such a word stands for the swapped word when
# that one is this many times commoner, and a swap answers a stored word this well.
TRANSPOSITION_RATIO = 2
TRANSPOSITION_MAX = 20_000  # …and has at most this many people (حامد is not read as احمد)
TRANSPOSITION_MATCH = 0.95
# A typed word matched out of the order of the name's parts (first, father, grandfather,
# family) counts for this share of its similarity: "يوسف فجر" is not "فجر يوسف".
OUT_OF_ORDER = 0.5
REJOIN_PREFIXES = ("عبد", "ابو")  # a slip in these leaves "عد القادر" as two words
UNIGRAM_MAX = 2000  # a single word is a key only when this few people have it
CANDIDATES = 100  # people the index returns for re-ranking
WIDE_CANDIDATES = 1000  # …or, when all of them tie and none answers well, this many
WIDEN_BELOW = 0.9  # "answers well": a re-ranked score from this up
MIN_SCORE = 0.5  # a name hit below this is not shown
WORD_MATCH = 70  # rapidfuzz ratio below which a typed word counts as not found in a name
VOCABULARY_SECONDS = 300  # how long a process keeps the vocabulary in memory

_FILE_NUMBER = re.compile(r"[A-Z]{2,6}-?\d{4}-?\d{1,7}")
_IDENTITY = re.compile(r"[A-Z0-9]{5,20}")


class MatchKind(models.TextChoices):
    FILE_NUMBER = "file_number", _("رقم الملف")
    IDENTITY_NUMBER = "identity_number", _("رقم الهوية")
    MOBILE = "mobile", _("رقم الجوال")
    NAME = "name", _("الاسم")


@dataclass(frozen=True)
class SearchHit:
    """One person found: how well (0–1) and how (`matched_by`, a MatchKind value)."""

    beneficiary: Beneficiary
    score: float
    matched_by: str

    @property
    def matched_by_label(self) -> str:
        return str(MatchKind(self.matched_by).label)


# Other modules can make more texts lead to a file, e.g. the old file number of a merged
# file (the merge module registers a resolver returning the survivor's pk).
FileNumberResolver = Callable[[str], list[int]]
_file_number_resolvers: list[FileNumberResolver] = []


def register_file_number_resolver(resolver: FileNumberResolver) -> None:
    """Add a function mapping a typed (upper-cased) file number to beneficiary pks."""
    if resolver not in _file_number_resolvers:
        _file_number_resolvers.append(resolver)


# --- the vocabulary --------------------------------------------------------------------


class _Vocabulary:
    """The distinct words of the registry's names, kept in memory for snapping."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.loaded_at = -math.inf
        self.words: list[str] = []
        self.frequency: dict[str, int] = {}
        self.total = 1
        self.neighbours: dict[str, list[str]] = {}

    def current(self) -> "_Vocabulary":
        if time.monotonic() - self.loaded_at > VOCABULARY_SECONDS:
            with self.lock:
                if time.monotonic() - self.loaded_at > VOCABULARY_SECONDS:
                    rows = list(NameWord.objects.values_list("word", "frequency"))
                    self.frequency = dict(rows)
                    self.words = [word for word, _count in rows]
                    self.total = max(sum(self.frequency.values()), 1)
                    self.neighbours = {}
                    self.loaded_at = time.monotonic()
        return self


_vocabulary = _Vocabulary()


def forget_vocabulary() -> None:
    """Make the next search reload the vocabulary (tests; after a rebuild)."""
    _vocabulary.loaded_at = -math.inf


def snap(word: str, *, limit: int = SNAP_ALTERNATIVES) -> list[tuple[str, float]]:
    """The vocabulary words nearest to `word`, each with its similarity (0–1), best first."""
    vocabulary = _vocabulary.current()
    found = process.extract(
        word, vocabulary.words, scorer=fuzz.ratio, limit=limit * 3, score_cutoff=SNAP_CUTOFF
    )
    found.sort(key=lambda item: (-item[1], -vocabulary.frequency.get(item[0], 0), item[0]))
    return [(choice, score / 100) for choice, score, _index in found[:limit]]


def neighbours(word: str, *, limit: int = NEIGHBOUR_ALTERNATIVES) -> list[str]:
    """The vocabulary words one keyboard slip from `word` (a letter replaced, added, dropped
    or two swapped), commonest first; remembered with the vocabulary."""
    vocabulary = _vocabulary.current()
    found = vocabulary.neighbours.get(word)
    if found is None:
        found = []
        if len(word) >= NEIGHBOUR_MIN_LENGTH:
            matches = process.extract(
                word, vocabulary.words, scorer=OSA.distance, score_cutoff=1, limit=None
            )
            found = [choice for choice, _distance, _index in matches if choice != word]
            found.sort(key=lambda choice: (-vocabulary.frequency.get(choice, 0), choice))
        found = found[:NEIGHBOUR_ALTERNATIVES]
        if len(vocabulary.neighbours) < 50_000:
            vocabulary.neighbours[word] = found
    return found[:limit]


def swaps(word: str) -> list[str]:
    """Every word made from `word` by swapping two adjacent, different letters, in order of
    the position swapped ("فجر" → ["جفر", "فرج"])."""
    found: list[str] = []
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            swapped = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
            if swapped not in found:
                found.append(swapped)
    return found


def is_swap(typed: str, stored: str) -> bool:
    """Is `stored` `typed` with two adjacent letters swapped?"""
    if len(typed) != len(stored) or typed == stored:
        return False
    i = 0
    while typed[i] == stored[i]:  # they differ somewhere: equal lengths, not equal
        i += 1
    return (
        i + 1 < len(typed)
        and typed[i] == stored[i + 1]
        and typed[i + 1] == stored[i]
        and typed[i + 2 :] == stored[i + 2 :]
    )


def transpositions(word: str) -> list[str]:
    """The vocabulary words that are `word` with two adjacent letters swapped, commonest
    first."""
    vocabulary = _vocabulary.current()
    found = [swapped for swapped in swaps(word) if vocabulary.frequency.get(swapped)]
    found.sort(key=lambda choice: (-vocabulary.frequency[choice], choice))
    return found


def _pair_similarity(typed: str, stored: str, *, typo: bool = False) -> float:
    """How well a stored word answers a typed one: rapidfuzz `ratio` from WORD_MATCH up; a
    single slip in a short word (فهد/فهذ: ratio 67) still counts, as WORD_MATCH.

    When the typed word is a typo (`typo`: nobody's name, or almost nobody's, has it), two
    adjacent letters swapped count as TRANSPOSITION_MATCH: ratio counts a swap as two slips
    (80 for محمدو/محمود, below the 89 of محمدو/محمد with a letter added), yet a swap keeps
    every letter typed. A real word typed (نوهر, someone's name) is not taken for a swap of
    another (نوره) over its own owners."""
    if typo and is_swap(typed, stored):
        return TRANSPOSITION_MATCH
    ratio = fuzz.ratio(typed, stored, score_cutoff=WORD_MATCH)
    if ratio:
        return ratio / 100
    if len(typed) >= NEIGHBOUR_MIN_LENGTH and OSA.distance(typed, stored, score_cutoff=1) <= 1:
        return WORD_MATCH / 100
    return 0.0


# --- name search -------------------------------------------------------------------------


@dataclass
class NameQuery:
    """A typed name made ready for the index: its words, their stand-ins and the keys."""

    words: list[str]
    # For each typed word: the words it may stand for, with a confidence (1.0: as typed).
    alternatives: list[list[tuple[str, float]]]
    idf: dict[str, float]
    keys: dict[str, float]  # key → weight
    # For each typed word: nobody's name has it, or RARE_WORD people at most (a typo).
    typos: list[bool] = field(default_factory=list)


def _idf(frequency: int, total: int) -> float:
    return math.log(1 + total / (frequency + 1))


def _rejoin(words: list[str], frequency: dict[str, int]) -> list[str]:
    """Join a mistyped "عبد"/"ابو" to the word after it ("عد القادر" → "عبدالقادر").

    search_words joins "عبد ال…" only when "عبد" is spelt right; a slip in it leaves two
    words no one's name has in that form. They are joined when the joined word is a known
    name commoner than the slipped prefix.
    """
    joined: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        replacement = None
        if following and word not in REJOIN_PREFIXES:
            for prefix in REJOIN_PREFIXES:
                if OSA.distance(word, prefix) != 1:
                    continue
                for candidate in (prefix + "ال" + following, prefix + following):
                    if frequency.get(candidate, 0) > frequency.get(word, 0):
                        replacement = candidate
                        break
                if replacement:
                    break
        if replacement:
            joined.append(replacement)
            index += 2
        else:
            joined.append(word)
            index += 1
    return joined


def prepare_name_query(text: str) -> NameQuery:
    """Turn typed text into weighted index keys (pairs of words; rare single words).

    Each typed word stands for itself when someone's name has it; a word nobody (or almost
    nobody) has stands for its nearest vocabulary words (`snap`, `neighbours`); a real word
    also stands, at NEIGHBOUR_CONFIDENCE, for the far commoner words one slip away (a typo that
    made another real word: حم for حمد). A pair key never joins two such slip stand-ins
    (one typo per name is the case served; two would multiply the keys).
    """
    vocabulary = _vocabulary.current()
    words = _rejoin(search_words(text), vocabulary.frequency)[:MAX_WORDS]
    alternatives: list[list[tuple[str, float]]] = []
    slips: set[tuple[int, str]] = set()  # (typed word's position, stand-in) of real words
    frequency: dict[str, int] = {}
    for position, word in enumerate(words):
        # The counts are the in-memory vocabulary's (up to VOCABULARY_SECONDS old); the typed
        # word is always one of its own options, so a name registered meanwhile is found.
        count = vocabulary.frequency.get(word, 0)
        options = [(word, 1.0)] if count else []
        if count <= RARE_WORD:
            # Nobody (or almost nobody) has it: a typo; it stands for its nearest words, a
            # swap of two of its letters first (every letter typed is right).
            options += [(alt, TRANSPOSITION_MATCH) for alt in transpositions(word)[:1]]
            taken = {alt for alt, _score in options}
            options += [(alt, score) for alt, score in snap(word) if alt not in taken]
            taken = {alt for alt, _score in options}
            options += [(alt, WORD_MATCH / 100) for alt in neighbours(word) if alt not in taken]
            options = options[: SNAP_ALTERNATIVES + 2]
            if not count:  # last: its keys find only a name registered meanwhile
                options.append((word, 1.0))
        else:
            # A real word, but perhaps a slip for a commoner real one (حم for حمد), or two
            # letters swapped (فجر for فرج: the swap needs it only twice as common).
            for alt in neighbours(word) + transpositions(word):
                if any(alt == option for option, _score in options):
                    continue
                alt_count = vocabulary.frequency.get(alt, 0)
                if alt_count >= NEIGHBOUR_RATIO * count or (
                    TRANSPOSITION_RATIO * count <= alt_count <= TRANSPOSITION_MAX
                    and is_swap(word, alt)
                ):
                    options.append((alt, NEIGHBOUR_CONFIDENCE))
                    slips.add((position, alt))
        for alt, _score in options:
            frequency.setdefault(alt, vocabulary.frequency.get(alt, 0))
        alternatives.append(options)
    idf = {word: _idf(count, vocabulary.total) for word, count in frequency.items()}
    keys: dict[str, float] = {}

    def add(key: str, weight: float) -> None:
        keys[key] = max(keys.get(key, 0.0), weight)

    for (i, first), (j, second) in combinations(enumerate(alternatives), 2):
        for a, confidence_a in first:
            for b, confidence_b in second:
                if (i, a) in slips and (j, b) in slips:
                    continue
                add(pair_key(a, b), idf[a] * confidence_a + idf[b] * confidence_b)
    for options in alternatives:
        for word, confidence in options:
            if len(words) == 1 or frequency.get(word, 0) <= UNIGRAM_MAX:
                add(word, idf[word] * confidence)
    typos = [vocabulary.frequency.get(word, 0) <= RARE_WORD for word in words]
    return NameQuery(words=words, alternatives=alternatives, idf=idf, keys=keys, typos=typos)


def _is_everyone(queryset: QuerySet[Beneficiary]) -> bool:
    """Does `queryset` hold every file the name index holds? The index keeps live files only
    (merged and destroyed files are unindexed), so the live files are everyone to it and a
    manager's search needs no scoping join."""
    if queryset.model is not Beneficiary:
        return False
    if not queryset.query.where:
        return True
    live = Beneficiary.objects.live().order_by().query
    return str(queryset.order_by().query) == str(live)


def candidates_sql(
    query: NameQuery,
    queryset: QuerySet[Beneficiary] | None = None,
    *,
    limit: int = CANDIDATES,
    with_names: bool = False,
) -> tuple[str, list[object]]:
    """The SQL (and its parameters) that returns (beneficiary_id, score) for `query`.

    A join of the weighted keys with the key index, summed per person, best first; when
    `queryset` is a subset of the registry, only the people in it. `with_names` adds each
    person's full_name_normalized as a third column (the re-rank needs it; one round trip).
    """
    rows = ", ".join(["(%s, CAST(%s AS DOUBLE PRECISION))"] * len(query.keys))
    params: list[object] = []
    for key, weight in query.keys.items():
        params += [key, float(weight)]
    table = connection.ops.quote_name(NameKey._meta.db_table)
    scope = ""
    if queryset is not None and not _is_everyone(queryset):
        inner, inner_params = queryset.order_by().values("pk").query.sql_with_params()
        scope = f"WHERE k.beneficiary_id IN ({inner})"
        params += list(inner_params)
    params.append(limit)
    sql = (
        f"WITH q (key, weight) AS (VALUES {rows}) "  # noqa: S608 (placeholders only)
        f"SELECT k.beneficiary_id, SUM(q.weight) AS score "
        f"FROM q JOIN {table} k ON k.key = q.key {scope} "
        f"GROUP BY k.beneficiary_id ORDER BY score DESC, k.beneficiary_id LIMIT %s"
    )
    if with_names:
        people = connection.ops.quote_name(Beneficiary._meta.db_table)
        sql = (
            f"SELECT c.beneficiary_id, c.score, b.full_name_normalized FROM ({sql}) c "  # noqa: S608
            f"JOIN {people} b ON b.id = c.beneficiary_id ORDER BY c.score DESC, c.beneficiary_id"
        )
    return sql, params


def name_candidates(
    query: NameQuery, queryset: QuerySet[Beneficiary] | None = None, *, limit: int = CANDIDATES
) -> list[tuple[int, float]]:
    """(beneficiary pk, index score) of the people sharing the most weighted keys."""
    if not query.keys:
        return []
    sql, params = candidates_sql(query, queryset, limit=limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, float(score)) for pk, score in cursor.fetchall()]


def named_candidates(
    query: NameQuery, queryset: QuerySet[Beneficiary] | None = None, *, limit: int = CANDIDATES
) -> list[tuple[int, float, str]]:
    """(pk, index score, full_name_normalized) of the people sharing the most weighted keys."""
    if not query.keys:
        return []
    sql, params = candidates_sql(query, queryset, limit=limit, with_names=True)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pk, float(score), name) for pk, score, name in cursor.fetchall()]


def name_similarity(query: NameQuery, record_words: list[str]) -> float:
    """How well a stored name answers the typed one (0–1), with rapidfuzz.

    Each typed word is matched to a word of the name, one to one, closest pairs first
    (IDF-weighted; below WORD_MATCH it counts as missing), and the whole typed text is compared with the whole name so that
    extra or reordered words cost a little.
    """
    if not query.words or not record_words:
        return 0.0
    # Each word of the name answers one typed word at most ("ناي ناجي" is not answered by
    # one ناجي twice): the closest (typed, stored) pairs are taken first.
    weights = [query.idf.get(options[0][0], 1.0) for options in query.alternatives]
    typos = query.typos or [False] * len(query.words)
    pairs = sorted(
        (
            (similarity, i, j)
            for i, (word, typo) in enumerate(zip(query.words, typos, strict=True))
            for j, stored in enumerate(record_words)
            if (similarity := _pair_similarity(word, stored, typo=typo))
        ),
        key=lambda item: (-item[0], -weights[item[1]], item[1], item[2]),
    )
    typed_done: set[int] = set()
    stored_done: set[int] = set()
    match: dict[int, tuple[int, float]] = {}  # typed word → (stored word, similarity)
    for similarity, i, j in pairs:
        if i not in typed_done and j not in stored_done:
            typed_done.add(i)
            stored_done.add(j)
            match[i] = (j, similarity)
    ordered = sorted(match.items())
    stored_positions = [j for _i, (j, _similarity) in ordered]
    if stored_positions == sorted(stored_positions):  # typed in the name's order: all count
        matched = sum(weights[i] * similarity for i, (_j, similarity) in ordered)
    else:
        in_order = _in_order([(i, j, weights[i] * similarity) for i, (j, similarity) in ordered])
        matched = sum(
            weights[i] * similarity * (1.0 if i in in_order else OUT_OF_ORDER)
            for i, (_j, similarity) in ordered
        )
    total = sum(weights)
    whole = fuzz.ratio(" ".join(query.words), " ".join(record_words)) / 100
    return 0.85 * (matched / total) + 0.15 * whole


def _in_order(pairs: list[tuple[int, int, float]]) -> set[int]:
    """Of the (typed position, stored position, value) matches, in typed order, the typed
    positions of the run whose stored positions increase too (the words typed in the name's
    order) and whose values add up to the most; the other matches are out of order."""
    best: list[tuple[float, list[int]]] = []  # best[k]: the best run ending at match k
    for k, (_i, j, value) in enumerate(pairs):
        total, run = 0.0, []
        for m in range(k):
            if pairs[m][1] < j and best[m][0] > total:
                total, run = best[m]
        best.append((total + value, [*run, k]))
    if not best:
        return set()
    _total, run = max(best, key=lambda item: item[0])
    return {pairs[k][0] for k in run}


def search_by_name(
    queryset: QuerySet[Beneficiary], text: str, *, limit: int = 20
) -> list[tuple[int, float]]:
    """(pk, score) of the people in `queryset` whose name answers `text`, best first."""
    query = prepare_name_query(text)
    if not query.words:
        return []
    wanted = max(CANDIDATES, limit)
    found = named_candidates(query, queryset, limit=wanted)
    scored = _rerank(query, found)
    if (
        len(found) == wanted
        and found[-1][1] >= found[0][1] - 1e-9
        and (not scored or scored[0][1] < WIDEN_BELOW)
    ):
        # Every candidate tied on the index and none answers well: the person may be among
        # the tied ones left out. Look further once.
        found = named_candidates(query, queryset, limit=WIDE_CANDIDATES)
        scored = _rerank(query, found)
    return scored[:limit]


def _rerank(query: NameQuery, found: list[tuple[int, float, str]]) -> list[tuple[int, float]]:
    scored = [
        (pk, round(name_similarity(query, search_words(name, normalized=True)), 4))
        for pk, _score, name in found
    ]
    scored = [item for item in scored if item[1] >= MIN_SCORE]
    scored.sort(key=lambda item: (-item[1], item[0]))
    return scored


# --- exact lookups ---------------------------------------------------------------------


def _compact(text: str) -> str:
    return normalize_digits(text).upper().replace(" ", "").replace("\u200f", "")


def _file_number_pks(queryset: QuerySet[Beneficiary], text: str) -> list[int]:
    compact = _compact(text)
    if not _FILE_NUMBER.fullmatch(compact):
        return []
    letters = re.match(r"[A-Z]+", compact).group()
    digits = re.sub(r"\D", "", compact)
    number = f"{letters}-{digits[:4]}-{int(digits[4:]):06d}" if len(digits) > 4 else compact
    pks = list(queryset.filter(file_number=number).values_list("pk", flat=True))
    for resolver in _file_number_resolvers:
        extra = resolver(number)
        if extra:
            pks += list(queryset.filter(pk__in=extra).values_list("pk", flat=True))
    return pks


def _identity_pks(queryset: QuerySet[Beneficiary], text: str) -> list[int]:
    compact = _compact(text).replace("-", "")
    if not _IDENTITY.fullmatch(compact) or not any(ch.isdigit() for ch in compact):
        return []
    # Any type: the number has its own index (registry_ben_identity_number).
    return list(
        queryset.filter(identity_number=compact).order_by("pk").values_list("pk", flat=True)
    )


def _mobile_pks(queryset: QuerySet[Beneficiary], text: str) -> list[int]:
    if not any(ch.isdigit() for ch in normalize_digits(text)):
        return []
    try:
        mobile = normalize_mobile(text)
    except ValidationError:
        return []
    return list(
        queryset.filter(Q(mobile=mobile) | Q(mobile_2=mobile))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def search_beneficiaries(
    queryset: QuerySet[Beneficiary], text: str, *, limit: int = 20
) -> list[SearchHit]:
    """The people of `queryset` that `text` designates, best first (at most `limit`).

    Exact matches (file number, identity number, mobile) come first with score 1.0; then,
    if the text has letters, the name search's hits with their similarity.
    """
    text = (text or "").strip()[:200]
    if not text:
        return []
    found: dict[int, tuple[float, str]] = {}
    for kind, lookup in (
        (MatchKind.FILE_NUMBER, _file_number_pks),
        (MatchKind.IDENTITY_NUMBER, _identity_pks),
        (MatchKind.MOBILE, _mobile_pks),
    ):
        for pk in lookup(queryset, text):
            found.setdefault(pk, (1.0, kind.value))
    if any(ch.isalpha() for ch in text) and not found:
        for pk, score in search_by_name(queryset, text, limit=limit):
            found.setdefault(pk, (score, MatchKind.NAME.value))
    ranked = sorted(found.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
    people = queryset.in_bulk([pk for pk, _hit in ranked])
    return [
        SearchHit(beneficiary=people[pk], score=score, matched_by=kind)
        for pk, (score, kind) in ranked
        if pk in people
    ]
