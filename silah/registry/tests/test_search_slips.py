"""Name search when a typo makes another real word, a part is missing, or عبد is mistyped.

The registry here is small, so the tuning that matters at a million people is scaled down
with monkeypatch: few candidates are re-ranked and none more read on a tie (at 1 M, hundreds of people tie on a common
pair beyond the 100 re-ranked), and a word two people have already counts as a real one.
"""

import pytest

from silah.registry import search
from silah.registry.factories import national_id, registration_fields
from silah.registry.search import forget_vocabulary, search_by_name
from silah.registry.services import register_beneficiary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _scaled_down(monkeypatch):
    monkeypatch.setattr(search, "CANDIDATES", 2)
    monkeypatch.setattr(search, "WIDE_CANDIDATES", 2)  # no second read, but where tested
    monkeypatch.setattr(search, "RARE_WORD", 0)  # a word someone has is a real word
    monkeypatch.setattr(search, "NEIGHBOUR_RATIO", 2)
    forget_vocabulary()
    yield
    forget_vocabulary()


@pytest.fixture
def add(officer, branch):
    def add(first, father, grandfather, family):
        return register_beneficiary(
            actor=officer,
            **registration_fields(
                branch=branch,
                first_name=first,
                father_name=father,
                grandfather_name=grandfather,
                family_name=family,
                identity_number=national_id(),
            ),
        )

    return add


@pytest.fixture
def crowd(add):
    """People sharing "سعد … القحطاني", registered first so they win every tie on the index."""
    return [
        add(first, "سعد", grand, "القحطاني")
        for first, grand in (("خالد", "علي"), ("فيصل", "عمر"), ("ماجد", "صالح"), ("عمر", "زيد"))
    ]


def first_hit(text):
    found = search_by_name(search.Beneficiary.objects.all(), text, limit=2)
    return found[0][0] if found else None


def test_a_typo_that_makes_another_real_word_still_finds_the_person(add, crowd):
    # حم is a real word (someone's name has it) and a slip for حمد, which is commoner.
    add("حم", "فهد", "علي", "العتيبي")
    add("حمد", "علي", "ناصر", "الغامدي")
    add("حمد", "صالح", "سعد", "الشهري")
    intended = add("حمد", "سعد", "ناصر", "القحطاني")
    assert first_hit("حم سعد القحطاني") == intended.pk


def test_the_typed_real_word_ranks_its_own_owner_above_the_slip(add, crowd):
    add("حمد", "علي", "ناصر", "الغامدي")
    add("حمد", "صالح", "سعد", "الشهري")
    slipped = add("حمد", "سعد", "ناصر", "القحطاني")
    owner = add("حم", "سعد", "ناصر", "القحطاني")
    found = [
        pk
        for pk, _score in search_by_name(
            search.Beneficiary.objects.all(), "حم سعد القحطاني", limit=2
        )
    ]
    assert found[:2] == [owner.pk, slipped.pk]


def test_a_query_without_the_grandfather_finds_the_person_among_many_sharing_a_pair(add, crowd):
    intended = add("نايف", "سعد", "مبارك", "القحطاني")
    assert first_hit("نايف سعد القحطانى") == intended.pk


def test_a_query_without_the_grandfather_and_with_a_typo_finds_the_person(add, crowd):
    intended = add("نايف", "سعد", "مبارك", "القحطاني")
    assert first_hit("نايف سعد القحطاتي") == intended.pk


@pytest.mark.parametrize("typed", ["عد الله", "عبدد الله", "عبذ الله"])
def test_a_mistyped_abd_is_joined_to_the_next_word(add, crowd, typed):
    intended = add("عبدالله", "سعد", "مبارك", "القحطاني")
    assert first_hit(f"{typed} سعد القحطاني") == intended.pk


def test_a_real_word_stands_only_for_far_commoner_neighbours(add, monkeypatch):
    # احمد is a name of its own, not a slip for محمد (3 times commoner here, not 4).
    monkeypatch.setattr(search, "NEIGHBOUR_RATIO", 4)
    for first in ("محمد", "محمد", "محمد", "احمد"):
        add(first, "علي", "سعد", "الحربي")
    query = search.prepare_name_query("احمد علي الحربي")
    assert query.alternatives[0] == [("احمد", 1.0)]
    add("محمد", "علي", "سعد", "الحربي")
    forget_vocabulary()
    query = search.prepare_name_query("احمد علي الحربي")
    assert query.alternatives[0] == [("احمد", 1.0), ("محمد", search.NEIGHBOUR_CONFIDENCE)]


def test_when_every_candidate_ties_and_none_answers_well_more_are_read(add, monkeypatch):
    others = [add(first, "سعد", "علي", "القحطاني") for first in ("خالد", "فيصل", "ماجد")]
    intended = add("نايف", "سعد", "علي", "القحطاني")
    everyone = search.Beneficiary.objects.all()
    calls = []
    named = search.named_candidates

    def spy(query, queryset=None, *, limit):
        calls.append(limit)
        return named(query, queryset, limit=limit)

    monkeypatch.setattr(search, "named_candidates", spy)
    monkeypatch.setattr(search, "WIDE_CANDIDATES", 50)
    # نايف's own pairs put the intended person ahead on the index: no second read.
    found = search_by_name(everyone, "نايف سعد القحطاني", limit=2)
    assert found[0][0] == intended.pk
    assert calls == [2]
    # زيد is nobody's word: the four tie on "سعد قحطاني" and none answers well.
    calls.clear()
    found = search_by_name(everyone, "زيد سعد القحطاني", limit=2)
    assert calls == [2, search.WIDE_CANDIDATES]
    assert {pk for pk, _score in found} <= {person.pk for person in [*others, intended]}


def test_one_stored_word_does_not_answer_two_typed_words(add):
    # "ناي" (a slip for نايف) is close to ناجي too; ناجي already answers the typed ناجي.
    query = search.prepare_name_query("ناي ناجي المقرن")
    intended = search.name_similarity(query, ["نايف", "ناجي", "عبدالرحمن", "مقرن"])
    other = search.name_similarity(query, ["نوف", "ياسر", "ناجي", "مقرن"])
    assert intended > other


def test_a_managers_live_scope_searches_the_whole_index_without_a_scoping_join(db):
    from silah.accounts.factories import UserFactory
    from silah.registry.access import beneficiaries_for
    from silah.registry.search import _is_everyone

    manager = UserFactory(roles=["manager"])
    officer = UserFactory(roles=["relations_officer"])
    assert _is_everyone(beneficiaries_for(manager))
    assert not _is_everyone(beneficiaries_for(officer))


def test_two_swapped_letters_that_make_another_real_name_still_find_the_person(add, monkeypatch):
    # فجر (typed) is a real name, فرج (meant) only twice as common: a swap needs no more.
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "NEIGHBOUR_RATIO", 20)
    for first in ("فرج", "فرج"):
        add(first, "سالم", "علي", "العنزي")
    women = [add("فجر", "يوسف", grand, "الشمري") for grand in ("علي", "سعد")]
    intended = add("يوسف", "فرج", "مشاري", "الشمري")
    found = [
        pk for pk, _score in search_by_name(search.Beneficiary.objects.all(), "يوسف فجر الشمري")
    ]
    assert found[0] == intended.pk  # يوسف typed first: her son's name, not فجر بنت يوسف
    assert set(found[1:3]) == {woman.pk for woman in women}


def test_a_real_word_stands_for_its_swap_only_when_that_is_commoner(add, monkeypatch):
    monkeypatch.setattr(search, "NEIGHBOUR_RATIO", 20)  # other slips need 20 times
    add("فرج", "سالم", "علي", "العنزي")
    add("فجر", "يوسف", "علي", "الشمري")
    query = search.prepare_name_query("فجر يوسف الشمري")
    assert query.alternatives[0] == [("فجر", 1.0)]  # as common as فرج, not twice
    add("فرج", "سعد", "علي", "العنزي")
    forget_vocabulary()
    query = search.prepare_name_query("فجر يوسف الشمري")
    assert query.alternatives[0] == [("فجر", 1.0), ("فرج", search.NEIGHBOUR_CONFIDENCE)]


def test_a_word_nobody_has_that_is_a_swap_finds_the_swapped_name_first(add, crowd, monkeypatch):
    # محمدو is محمود with two letters swapped, and محمد with a letter added: many people
    # called محمد answer it with one letter fewer; the swap keeps every letter typed.
    monkeypatch.setattr(search, "CANDIDATES", 10)
    for _ in range(3):
        add("احمد", "فهد", "محمد", "الغامدي")
    intended = add("احمد", "فهد", "محمود", "الغامدي")
    query = search.prepare_name_query("أحمد فهد محمدو الغامدي")
    assert query.alternatives[2][0] == ("محمود", search.TRANSPOSITION_MATCH)
    assert first_hit("أحمد فهد محمدو الغامدي") == intended.pk


def test_a_real_word_typed_ranks_its_owner_above_the_owners_of_its_swap(add, monkeypatch):
    # نوهر is someone's name (a register's own slip); نوره, its swap, is commoner. The query
    # has a slip elsewhere (زيد for زايد): the owner of نوهر still answers best.
    monkeypatch.setattr(search, "CANDIDATES", 5)
    others = [add("نوره", father, "زيد", "الشمري") for father in ("ناصر", "فالح", "محمد")]
    intended = add("نوهر", "زايد", "عبدالكريم", "الشمري")
    found = [
        pk for pk, _score in search_by_name(search.Beneficiary.objects.all(), "نوهر زيد الشمري")
    ]
    assert found[0] == intended.pk
    assert set(found[1:4]) == {person.pk for person in others}
