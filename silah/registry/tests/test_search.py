"""Searching the registry: file number, identity, mobile, and Arabic names with variants."""

import logging

import pytest

from silah.accounts.factories import UserFactory
from silah.registry.access import beneficiaries_for
from silah.registry.factories import national_id, registration_fields
from silah.registry.models import Beneficiary
from silah.registry.search import MatchKind, forget_vocabulary, search_beneficiaries
from silah.registry.search_index import NameKey, NameWord, rebuild_index
from silah.registry.services import register_beneficiary, update_beneficiary

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    forget_vocabulary()
    yield
    forget_vocabulary()


@pytest.fixture
def people(officer, branch):
    """A small registry with common names, so that ranking matters."""

    def add(first, father, grandfather, family, sex="male", mobile="0501234567"):
        return register_beneficiary(
            actor=officer,
            **registration_fields(
                branch=branch,
                first_name=first,
                father_name=father,
                grandfather_name=grandfather,
                family_name=family,
                sex=sex,
                mobile=mobile,
                identity_number=national_id(),
            ),
        )

    return {
        "ahmad": add("أحمد", "محمد", "عبدالله", "الحربي", mobile="0551112233"),
        "ahmad_other": add("أحمد", "محمد", "سعد", "العتيبي"),
        "khalid": add("خالد", "محمد", "عبدالله", "الحربي"),
        "fatima": add("فاطمة", "مصطفى", "علي", "الزهراني", sex="female"),
        "abdullah": add("عبد الله", "ناصر", "فهد", "القحطاني"),
        "abubakr": add("أبو بكر", "صالح", "عمر", "الغامدي"),
        "sara": add("سارة", "خالد", "محمد", "الشمري", sex="female"),
    }


def top(officer, text, n=1):
    return [hit.beneficiary for hit in search_beneficiaries(beneficiaries_for(officer), text)][:n]


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("أحمد محمد عبدالله الحربي", "ahmad"),
        ("احمد محمد عبدالله الحربي", "ahmad"),  # أحمد/احمد
        ("احمد محمد عبد الله الحربي", "ahmad"),  # عبدالله/عبد الله
        ("أحمد محمد الحربي", "ahmad"),  # no grandfather
        ("احمد محمد عبدالله حربي", "ahmad"),  # family name without ال
        ("أحمد محمد عبدالله الحربى", "ahmad"),  # ى/ي
        ("أحمد محمد عبداللة الحربي", "ahmad"),  # ة/ه
        ("أحمد محمد عبدالله الحرب", "ahmad"),  # a letter dropped
        ("أحمد محمد عبدالله الحزبي", "ahmad"),  # a letter replaced
        ("فاطمه مصطفي علي الزهراني", "fatima"),  # ة/ه and ى/ي
        ("عبدالله ناصر القحطاني", "abdullah"),  # stored as "عبد الله"
        ("ابوبكر صالح الغامدي", "abubakr"),  # stored as "أبو بكر"
        ("سارة بنت خالد الشمري", "sara"),  # "بنت" ignored
    ],
)
def test_a_name_with_a_variant_or_typo_finds_the_person_first(officer, people, text, who):
    assert top(officer, text) == [people[who]]


def test_the_exact_name_ranks_above_a_relative_sharing_most_of_it(officer, people):
    hits = search_beneficiaries(beneficiaries_for(officer), "خالد محمد عبدالله الحربي")
    assert [hit.beneficiary for hit in hits[:2]] == [people["khalid"], people["ahmad"]]
    assert hits[0].score > hits[1].score
    assert hits[0].matched_by == MatchKind.NAME


def test_scores_are_between_zero_and_one_and_descending(officer, people):
    hits = search_beneficiaries(beneficiaries_for(officer), "أحمد محمد")
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < score <= 1 for score in scores)
    assert {people["ahmad"], people["ahmad_other"]} <= {hit.beneficiary for hit in hits}


def test_a_name_nobody_has_finds_nobody(officer, people):
    assert search_beneficiaries(beneficiaries_for(officer), "زيد يوسف الدوسري") == []


@pytest.mark.parametrize(
    "typed",
    ["0551112233", "551112233", "+966551112233", "966551112233", "055 111 2233", "٠٥٥١١١٢٢٣٣"],
)
def test_a_mobile_in_any_saudi_format_finds_its_owner(officer, people, typed):
    hits = search_beneficiaries(beneficiaries_for(officer), typed)
    assert [(hit.beneficiary, hit.matched_by, hit.score) for hit in hits] == [
        (people["ahmad"], MatchKind.MOBILE, 1.0)
    ]


def test_a_shared_household_mobile_finds_every_member(officer, people):
    hits = search_beneficiaries(beneficiaries_for(officer), "0501234567")
    assert len(hits) == 6


def test_an_identity_number_finds_its_owner(officer, people):
    number = people["fatima"].identity_number
    arabic_digits = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for typed in (number, arabic_digits, f" {number} "):
        hits = search_beneficiaries(beneficiaries_for(officer), typed)
        assert [(h.beneficiary, h.matched_by) for h in hits] == [
            (people["fatima"], MatchKind.IDENTITY_NUMBER)
        ]


def test_a_file_number_finds_its_file_however_typed(officer, people):
    number = people["sara"].file_number  # BEN-1448-00000N
    for typed in (number, number.lower(), number.replace("-", ""), number.replace("00000", "")):
        hits = search_beneficiaries(beneficiaries_for(officer), typed)
        assert [(h.beneficiary, h.matched_by) for h in hits] == [
            (people["sara"], MatchKind.FILE_NUMBER)
        ], typed


def test_search_never_returns_a_file_outside_the_callers_queryset(officer, people, other_branch):
    stranger = UserFactory(roles=["relations_officer"], branches=[other_branch])
    for text in ("أحمد محمد عبدالله الحربي", "0551112233", people["ahmad"].file_number):
        assert search_beneficiaries(beneficiaries_for(stranger), text) == []


def test_a_restricted_queryset_still_finds_its_own_people(officer, people):
    only_women = Beneficiary.objects.filter(sex="female")
    hits = search_beneficiaries(only_women, "فاطمة مصطفى الزهراني")
    assert [hit.beneficiary for hit in hits] == [people["fatima"]]


def test_renaming_a_beneficiary_updates_the_index(officer, people):
    update_beneficiary(people["sara"], actor=officer, reason="تصحيح الاسم", first_name="نورة")
    forget_vocabulary()
    assert top(officer, "نورة خالد محمد الشمري") == [people["sara"]]
    keys = set(NameKey.objects.filter(beneficiary=people["sara"]).values_list("key", flat=True))
    assert "نوره" in keys
    assert not any("ساره" in key for key in keys)
    assert not NameWord.objects.filter(word="ساره").exists()


def test_the_vocabulary_counts_the_people_whose_name_has_each_word(people):
    assert NameWord.objects.get(word="محمد").frequency == 4
    assert NameWord.objects.get(word="حربي").frequency == 2


def test_a_rebuild_gives_the_same_index_as_the_writes(people):
    before = set(NameKey.objects.values_list("key", "beneficiary_id"))
    words = set(NameWord.objects.values_list("word", "frequency"))
    rebuild_index(batch_size=3)
    assert set(NameKey.objects.values_list("key", "beneficiary_id")) == before
    assert set(NameWord.objects.values_list("word", "frequency")) == words


def test_empty_or_blank_text_finds_nothing(officer, people):
    assert search_beneficiaries(beneficiaries_for(officer), "  ") == []
    assert search_beneficiaries(beneficiaries_for(officer), "؟!") == []


def test_no_personal_value_reaches_the_logs(officer, people, caplog):
    caplog.set_level(logging.DEBUG)
    for text in ("أحمد محمد عبدالله الحربي", "0551112233", people["fatima"].identity_number):
        search_beneficiaries(beneficiaries_for(officer), text)
    logged = " ".join(record.getMessage() for record in caplog.records)
    for value in ("الحربي", "حربي", "551112233", people["fatima"].identity_number):
        assert value not in logged


def test_the_rebuild_command_restores_a_lost_index(officer, people):
    from django.core.management import call_command

    NameKey.objects.all().delete()
    NameWord.objects.all().delete()
    call_command("rebuild_search_index", batch_size=2)
    assert top(officer, "احمد محمد عبدالله الحربي") == [people["ahmad"]]
