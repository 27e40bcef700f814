"""Two adjacent letters swapped (فجر for فرج, محمدو for محمود): the swapped words a typed word
stands for (property tests), how well a swap answers a stored word, and the order of the
name's parts in the re-rank."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from silah.registry import search
from silah.registry.search import is_swap, swaps

LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
words = st.text(alphabet=LETTERS, min_size=1, max_size=10)


@given(words)
def test_every_swap_keeps_the_letters_and_moves_two_neighbours(word):
    for swapped in swaps(word):
        assert Counter(swapped) == Counter(word)
        assert swapped != word
        differ = [i for i, (a, b) in enumerate(zip(word, swapped, strict=True)) if a != b]
        assert len(differ) == 2 and differ[1] == differ[0] + 1
        assert OSA.distance(word, swapped) == 1


@given(words)
def test_swaps_are_distinct_and_at_most_one_per_position(word):
    found = swaps(word)
    assert len(found) == len(set(found)) <= max(len(word) - 1, 0)


@given(words)
def test_swapping_back_gives_the_word(word):
    for swapped in swaps(word):
        assert word in swaps(swapped)


@given(words, words)
def test_is_swap_is_exactly_membership_of_swaps(typed, stored):
    assert is_swap(typed, stored) == (stored in swaps(typed))


@given(words, st.integers(min_value=0, max_value=9))
def test_a_swap_of_two_different_neighbours_is_found(word, position):
    if position + 1 < len(word) and word[position] != word[position + 1]:
        swapped = word[:position] + word[position + 1] + word[position] + word[position + 2 :]
        assert swapped in swaps(word)
        assert is_swap(word, swapped) and is_swap(swapped, word)


def test_a_word_of_one_letter_repeated_has_no_swap():
    assert swaps("ممم") == [] and swaps("م") == [] and swaps("") == []


def test_for_a_typo_a_swap_answers_better_than_a_dropped_letter():
    # محمدو is محمود with و and د swapped, and محمد with و added: the swap keeps every letter.
    swapped = search._pair_similarity("محمدو", "محمود", typo=True)
    assert swapped == search.TRANSPOSITION_MATCH
    assert swapped > search._pair_similarity("محمدو", "محمد", typo=True)


def test_a_real_word_typed_is_not_taken_for_a_swap_of_another():
    # نوهر is someone's name: نوره answers it as any one-slip word does, no better.
    assert search._pair_similarity("نوهر", "نوره") < search._pair_similarity("نوهر", "نوهر")
    assert search._pair_similarity("نوهر", "نوره") < search.TRANSPOSITION_MATCH
    assert search._pair_similarity("فجر", "فجر") == 1.0


def _query(words: list[str]) -> search.NameQuery:
    return search.NameQuery(
        words=words,
        alternatives=[[(word, 1.0)] for word in words],
        idf=dict.fromkeys(words, 1.0),
        keys={},
    )


def test_words_typed_in_the_names_order_answer_better_than_the_same_words_swapped():
    query = _query(["يوسف", "فجر", "شمري"])
    in_order = search.name_similarity(query, ["يوسف", "فرج", "مشاري", "شمري"])
    reordered = search.name_similarity(query, ["فجر", "يوسف", "علي", "شمري"])
    assert in_order > reordered


def test_a_name_typed_in_order_loses_nothing_to_the_order_rule():
    query = _query(["احمد", "فهد", "غامدي"])
    assert search.name_similarity(query, ["احمد", "فهد", "محمود", "غامدي"]) > 0.95


def test_the_run_in_order_worth_the_most_is_kept():
    # typed 0→stored 2, 1→0, 2→1, 3→3: either 1, 2, 3 or 0, 3 are in the name's order.
    assert search._in_order([(0, 2, 1.0), (1, 0, 1.0), (2, 1, 1.0), (3, 3, 1.0)]) == {1, 2, 3}
    assert search._in_order([(0, 2, 5.0), (1, 0, 1.0), (2, 1, 1.0), (3, 3, 1.0)]) == {0, 3}
    assert search._in_order([]) == set()


@given(st.lists(st.integers(min_value=0, max_value=5), max_size=6, unique=True))
def test_the_words_kept_in_order_have_increasing_stored_positions(stored):
    pairs = [(i, j, 1.0) for i, j in enumerate(stored)]
    kept = sorted(search._in_order(pairs))
    positions = [stored[i] for i in kept]
    assert positions == sorted(positions)
    assert bool(kept) == bool(stored)
