"""The duplicate check on save: which files are proposed, and each comparison's weight."""

import datetime as dt

import pytest

from silah.core.identity import IdentityType
from silah.registry import duplicates
from silah.registry.duplicates import RULES, Candidate, likely_duplicates
from silah.registry.factories import national_id, registration_fields
from silah.registry.search import forget_vocabulary
from silah.registry.services import add_member, create_household, register_beneficiary
from silah.registry.validation import clean_beneficiary_fields

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 5, 17)


@pytest.fixture(autouse=True)
def _fresh_vocabulary():
    forget_vocabulary()
    yield
    forget_vocabulary()


def register(officer, branch, **fields):
    return register_beneficiary(actor=officer, **registration_fields(branch=branch, **fields))


def values(branch, **fields):
    return clean_beneficiary_fields(registration_fields(branch=branch, **fields))


def without_identity(**fields):
    return {"identity_type": IdentityType.NONE, "identity_number": "", **fields} | {
        "identity_reason": "لم يحضر الهوية"
    }


def codes(candidates: list[Candidate], beneficiary) -> list[str]:
    return next(c.codes for c in candidates if c.beneficiary == beneficiary)


@pytest.fixture
def ahmad(officer, branch):
    """أحمد محمد عبدالله الحربي, born 1990-05-17, mobile 0501234567."""
    return register(officer, branch, birth_date=BIRTH)


def test_the_same_person_without_an_identity_is_proposed_with_each_weight(ahmad, branch):
    found = likely_duplicates(values(branch, birth_date=BIRTH, **without_identity()))
    assert [c.beneficiary for c in found] == [ahmad]
    assert found[0].reasons == [
        (str(RULES["same_full_name"][0]), 0.5),
        (str(RULES["same_birth_date"][0]), 0.35),
        (str(RULES["shared_mobile"][0]), 0.1),
    ]
    assert found[0].score == 0.95


@pytest.mark.parametrize(
    ("first", "father", "grandfather", "family"),
    [
        ("احمد", "محمد", "عبدالله", "الحربي"),  # أحمد/احمد
        ("أحمد", "محمد", "عبد الله", "الحربي"),  # عبدالله/عبد الله
        ("أَحْمَد", "محمد", "عبدالله", "حربي"),  # diacritics, family name without ال
    ],
)
def test_spelling_variants_are_the_same_full_name(
    ahmad, branch, first, father, grandfather, family
):
    fields = without_identity(
        first_name=first, father_name=father, grandfather_name=grandfather, family_name=family
    )
    found = likely_duplicates(
        values(
            branch,
            birth_date=BIRTH,
            **fields,
        )
    )
    assert codes(found, ahmad) == ["same_full_name", "same_birth_date", "shared_mobile"]


def test_a_typo_in_one_name_part_is_a_similar_name(ahmad, branch):
    fields = without_identity(father_name="محمدد")
    found = likely_duplicates(values(branch, birth_date=BIRTH, **fields))
    assert codes(found, ahmad)[0] == "similar_name"


def test_a_missing_grandfather_is_a_similar_name(ahmad, branch):
    found = likely_duplicates(
        values(branch, birth_date=BIRTH, **without_identity(grandfather_name=""))
    )
    assert codes(found, ahmad) == ["similar_name", "same_birth_date", "shared_mobile"]
    assert found[0].score == pytest.approx(0.85)


def test_ta_marbuta_and_alef_maqsura_variants_are_the_same_name(officer, branch):
    fatima = register(
        officer,
        branch,
        first_name="فاطمة",
        father_name="مصطفى",
        grandfather_name="علي",
        family_name="الزهراني",
        sex="female",
    )
    found = likely_duplicates(
        values(
            branch,
            first_name="فاطمه",
            father_name="مصطفي",
            grandfather_name="علي",
            family_name="الزهراني",
            sex="female",
            **without_identity(),
        )
    )
    assert codes(found, fatima)[0] == "same_full_name"


def test_a_shared_mobile_alone_is_not_a_duplicate(ahmad, branch):
    found = likely_duplicates(
        values(
            branch,
            first_name="سارة",
            father_name="خالد",
            grandfather_name="سعد",
            family_name="العتيبي",
            sex="female",
            **without_identity(),
        )
    )
    assert found == []


def test_a_sibling_with_the_same_father_and_mobile_is_not_proposed(ahmad, branch):
    sibling = values(
        branch, first_name="خالد", birth_date=dt.date(1994, 1, 3), **without_identity()
    )
    assert likely_duplicates(sibling) == []
    other = duplicates.compare(sibling, ahmad)
    assert other == ["same_family", "different_birth_date", "shared_mobile"]


def test_a_different_sex_counts_against(ahmad, branch):
    found = likely_duplicates(values(branch, sex="female", **without_identity()))
    assert found == []
    assert "different_sex" in duplicates.compare(values(branch, sex="female"), ahmad)


def test_a_different_birth_date_counts_against_the_same_name(ahmad, branch):
    found = likely_duplicates(values(branch, birth_date=dt.date(2001, 2, 3), **without_identity()))
    assert found == []


def test_a_day_and_month_swapped_birth_date_still_counts_a_little(ahmad, branch):
    swapped = dt.date(1990, 5, 17).replace(month=5, day=17)
    found = likely_duplicates(
        values(branch, birth_date=swapped.replace(day=18), **without_identity())
    )
    assert codes(found, ahmad) == ["same_full_name", "same_birth_year", "shared_mobile"]


def test_the_same_identity_number_is_proposed_with_full_weight(ahmad, branch):
    found = likely_duplicates(
        values(branch, identity_number=ahmad.identity_number, first_name="زيد")
    )
    assert found[0].beneficiary == ahmad
    assert (str(RULES["same_identity"][0]), 1.0) in found[0].reasons
    assert found[0].score == 1.0


def test_two_different_identity_numbers_count_against(ahmad, branch):
    other = values(branch, birth_date=BIRTH, identity_number=national_id())
    assert "different_identity" in duplicates.compare(other, ahmad)
    assert likely_duplicates(other) == []


def test_a_member_of_the_same_household_counts_against(officer, branch, ahmad):
    brother = register(
        officer, branch, first_name="احمد", birth_date=BIRTH, identity_number=national_id()
    )
    household = create_household(ahmad, actor=officer)
    add_member(household, brother, relationship="brother", actor=officer)
    found = duplicates.compare(
        values(branch, birth_date=BIRTH, **without_identity()),
        brother,
        household=household.pk,
        other_household=household.pk,
    )
    assert "same_household" in found


def test_an_edited_file_in_a_household_is_not_proposed_its_household_member(officer, branch, ahmad):
    twin = register(officer, branch, first_name="احمد", birth_date=BIRTH, **without_identity())
    household = create_household(ahmad, actor=officer)
    add_member(household, twin, relationship="brother", actor=officer)
    edited = values(branch, birth_date=BIRTH, identity_number=ahmad.identity_number)
    found = likely_duplicates(edited, exclude_pk=ahmad.pk)
    assert codes(found, twin) == [
        "same_full_name",
        "same_birth_date",
        "shared_mobile",
        "same_household",
    ]
    assert found[0].score == pytest.approx(0.95 - 0.4)


def test_a_file_is_never_its_own_duplicate(ahmad, branch):
    mine = values(branch, birth_date=BIRTH, identity_number=ahmad.identity_number)
    assert likely_duplicates(mine, exclude_pk=ahmad.pk) == []


def test_the_best_candidates_come_first_and_the_limit_holds(officer, branch, ahmad):
    register(officer, branch, grandfather_name="", birth_date=BIRTH, identity_number=national_id())
    register(officer, branch, birth_date=dt.date(1990, 7, 1), identity_number=national_id())
    found = likely_duplicates(values(branch, birth_date=BIRTH, **without_identity()))
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert found[0].beneficiary == ahmad
    assert (
        len(likely_duplicates(values(branch, birth_date=BIRTH, **without_identity()), limit=1)) == 1
    )


def test_the_check_runs_the_same_few_queries_however_big_the_registry(
    officer, branch, ahmad, django_assert_max_num_queries
):
    for first in ["سعد", "خالد", "فهد", "ناصر", "بندر"]:
        register(officer, branch, first_name=first, identity_number=national_id())
    with django_assert_max_num_queries(8):
        likely_duplicates(values(branch, birth_date=BIRTH, **without_identity()))
