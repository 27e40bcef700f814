"""The full duplicate scan: finds planted duplicates, not siblings; fills the queue."""

import datetime as dt
import random

import pytest

from silah.core.errors import DomainError
from silah.core.identity import IdentityType
from silah.registry.factories import BeneficiaryFactory, national_id
from silah.registry.merge import mark_different, merge_beneficiaries
from silah.registry.models import (
    Beneficiary,
    DuplicateCandidate,
    DuplicateScan,
    DuplicateSource,
    DuplicateStatus,
    Household,
    LinkageModel,
    Membership,
    Relationship,
)
from silah.registry.scan import family_part, level_label, mobile_key, name_part, run_scan
from silah.registry.tasks_duplicates import start_scan

pytestmark = pytest.mark.django_db

MALE = ["محمد", "عبدالله", "فهد", "سعد", "خالد", "ناصر", "سلطان", "تركي", "ماجد", "بندر", "فيصل"]
FEMALE = ["نورة", "سارة", "فاطمة", "مها", "هند", "ريم", "لطيفة", "منيرة", "عائشة", "أمل"]
FATHERS = ["عبدالرحمن", "إبراهيم", "صالح", "علي", "حمد", "سليمان", "عبدالعزيز", "يوسف", "منصور"]
FAMILIES = ["الحربي", "العتيبي", "القحطاني", "الغامدي", "الزهراني", "الشهري", "الدوسري", "المطيري"]
VARIANTS = {"عبدالله": "عبد الله", "فاطمة": "فاطمه", "إبراهيم": "ابراهيم", "عائشة": "عايشة"}


def typo(name: str, rng: random.Random) -> str:
    if name in VARIANTS:
        return VARIANTS[name]
    i = rng.randrange(1, len(name))
    return name[:i] + name[i - 1] + name[i:] if rng.random() < 0.5 else name[:i] + name[i + 1 :]


def build_registry(households: int = 60, duplicates: int = 20, seed: int = 7):
    """Households of siblings (same mobile, father, grandfather, family; some without an ID)
    and planted duplicates (a typo or variant, a missing grandfather or ID). Returns the
    planted pairs and the sibling pairs as sets of sorted id pairs."""
    rng = random.Random(seed)
    people, siblings = [], set()
    for _ in range(households):
        father, grandfather = rng.choice(FATHERS), rng.choice(FATHERS)
        family = rng.choice(FAMILIES)
        mobile = f"+9665{rng.randrange(10**7, 10**8)}"
        members = []
        used = set()
        for _ in range(rng.randint(2, 5)):
            sex = rng.choice(["male", "female"])
            first = rng.choice([n for n in (MALE if sex == "male" else FEMALE) if n not in used])
            used.add(first)
            no_id = rng.random() < 0.3
            members.append(
                BeneficiaryFactory(
                    first_name=first,
                    father_name=father,
                    grandfather_name=grandfather,
                    family_name=family,
                    sex=sex,
                    birth_date=dt.date(
                        1980 + rng.randrange(35), rng.randint(1, 12), rng.randint(1, 28)
                    ),
                    mobile=mobile,
                    identity_type=IdentityType.NONE if no_id else IdentityType.NATIONAL_ID,
                    identity_number="" if no_id else national_id(),
                    identity_reason="طفل" if no_id else "",
                )
            )
        household = Household.objects.create(head=members[0])
        for i, member in enumerate(members):
            Membership.objects.create(
                household=household,
                beneficiary=member,
                relationship=Relationship.HEAD if i == 0 else Relationship.OTHER,
                joined_on=dt.date(2025, 1, 1),
            )
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                siblings.add(tuple(sorted((a.pk, b.pk))))
        people.extend(members)
    planted = set()
    for original in rng.sample(people, duplicates):
        changes = {
            "first_name": original.first_name,
            "father_name": original.father_name,
            "grandfather_name": original.grandfather_name,
            "family_name": original.family_name,
        }
        part = rng.choice(list(changes))
        changes[part] = typo(changes[part], rng)
        if rng.random() < 0.3:
            changes["grandfather_name"] = ""
        copy = BeneficiaryFactory(
            **changes,
            sex=original.sex,
            birth_date=original.birth_date,
            mobile=original.mobile if rng.random() < 0.7 else f"+9665{rng.randrange(10**7, 10**8)}",
            identity_type=IdentityType.NONE,
            identity_number="",
            identity_reason="لم تُحضر",
        )
        planted.add(tuple(sorted((original.pk, copy.pk))))
    return planted, siblings


def found_pairs() -> set[tuple[int, int]]:
    return set(DuplicateCandidate.objects.values_list("first_id", "second_id"))


@pytest.fixture
def registry():
    return build_registry()


@pytest.fixture
def scanned(manager, registry, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        scan = start_scan(actor=manager)  # the immediate task backend runs it on commit
    return registry, scan


def run(scan: DuplicateScan) -> DuplicateScan:
    run_scan(scan)
    scan.refresh_from_db()
    return scan


def test_the_scan_finds_the_planted_duplicates(manager, registry):
    planted, _siblings = registry
    scan = run(DuplicateScan.objects.create(started_by=manager))
    found = found_pairs()
    assert len(planted & found) >= 0.9 * len(planted)
    assert scan.state == DuplicateScan.State.DONE
    assert (scan.progress, scan.added) == (100, len(found))


def test_the_scan_does_not_propose_siblings(manager, registry):
    _planted, siblings = registry
    run(DuplicateScan.objects.create(started_by=manager))
    assert not (found_pairs() & siblings)


def test_the_scan_keeps_its_trained_model_and_reuses_it(manager, registry):
    first = run(DuplicateScan.objects.create(started_by=manager))
    assert LinkageModel.objects.count() == 1
    model = LinkageModel.objects.get()
    assert model.records == Beneficiary.objects.count()
    assert {c["output_column_name"] for c in model.settings["comparisons"]} >= {
        "first_name",
        "identity_number",
        "birth_date",
    }
    second = run(DuplicateScan.objects.create(started_by=manager))
    assert first.model == second.model == model
    retrained = run(DuplicateScan.objects.create(started_by=manager, retrain=True))
    assert retrained.model != model


def test_each_candidate_explains_its_score_without_personal_values(manager, registry):
    run(DuplicateScan.objects.create(started_by=manager))
    candidate = DuplicateCandidate.objects.order_by("-score").first()
    keys = [row["key"] for row in candidate.explanation]
    assert keys == [
        "first_name",
        "father_name",
        "grandfather_name",
        "family_name",
        "birth_date",
        "identity_number",
        "mobile",
        "sex",
    ]
    assert all(isinstance(row["weight"], float) and row["level"] for row in candidate.explanation)
    birth = next(row for row in candidate.explanation if row["key"] == "birth_date")
    assert birth["level"] == "متطابق" and birth["weight"] > 0
    first = Beneficiary.objects.get(pk=candidate.first_id)
    assert first.first_name not in str(candidate.explanation)
    assert candidate.source == DuplicateSource.SCAN


def test_a_pair_marked_different_is_not_proposed_again(manager, registry):
    run(DuplicateScan.objects.create(started_by=manager))
    candidate = DuplicateCandidate.objects.first()
    a, b = candidate.first, candidate.second
    mark_different(a, b, actor=manager, reason="أخوان")
    run(DuplicateScan.objects.create(started_by=manager))
    again = DuplicateCandidate.objects.get(first=a, second=b)
    assert again.status == DuplicateStatus.DIFFERENT


def test_a_merged_file_is_not_proposed_again(manager, registry):
    run(DuplicateScan.objects.create(started_by=manager))
    candidate = DuplicateCandidate.objects.first()
    merge_beneficiaries(candidate.first, candidate.second, actor=manager, reason="مكرر")
    run(DuplicateScan.objects.create(started_by=manager))
    assert not DuplicateCandidate.objects.filter(
        status=DuplicateStatus.OPEN, second=candidate.second
    ).exists()
    assert not DuplicateCandidate.objects.filter(
        status=DuplicateStatus.OPEN, first=candidate.second
    ).exists()


def test_starting_a_scan_runs_it_on_the_worker(scanned):
    _registry, scan = scanned
    scan.refresh_from_db()
    assert scan.state == DuplicateScan.State.DONE
    assert scan.records == Beneficiary.objects.count()


def test_only_one_scan_runs_at_a_time(manager):
    DuplicateScan.objects.create(started_by=manager, state=DuplicateScan.State.RUNNING)
    with pytest.raises(DomainError):
        start_scan(actor=manager)
    assert DuplicateScan.objects.count() == 1


def test_a_scan_of_an_empty_registry_finishes_with_nothing(manager):
    scan = run(DuplicateScan.objects.create(started_by=manager))
    assert (scan.state, scan.records, scan.added) == (DuplicateScan.State.DONE, 0, 0)


def test_name_parts_are_normalised_for_comparison():
    assert name_part("عبد الله") == name_part("عبدالله")
    assert name_part("فاطمة") == name_part("فاطمه")
    assert name_part("") is None
    assert family_part("الحربي") == family_part("حربي")
    assert mobile_key("+966501234567") == mobile_key("0501234567") == "501234567"


def test_level_labels_are_arabic():
    assert level_label("Exact match on first_name") == "متطابق"
    assert level_label("All other comparisons") == "مختلف"
    assert level_label("first_name is NULL") == "غير مسجل في أحد الملفين"


def test_a_model_trained_with_older_comparisons_is_trained_again(manager, registry):
    first = run(DuplicateScan.objects.create(started_by=manager))
    old = first.model.settings
    for comparison in old["comparisons"]:
        for level in comparison["comparison_levels"]:
            level["label_for_charts"] = level.get("label_for_charts", "").replace(
                "on one file only", "is NULL"
            )
    LinkageModel.objects.filter(pk=first.model.pk).update(settings=old)
    second = run(DuplicateScan.objects.create(started_by=manager))
    assert second.model != first.model
    assert LinkageModel.objects.count() == 2
