"""Importing: all rows or none, valid rows only when asked, households, source and history."""

import pytest
from django.core.exceptions import PermissionDenied

from silah.accounts.factories import UserFactory
from silah.registry.factories import BeneficiaryFactory, HouseholdFactory, national_id
from silah.registry.import_parse import guess_mapping, read_table
from silah.registry.importing import (
    MODE_VALID_ONLY,
    ImportOptions,
    RowsHaveErrors,
    analyse,
    write,
)
from silah.registry.models import Beneficiary, Household, Membership

pytestmark = pytest.mark.django_db

HEADER = "الاسم,رقم الهوية,الجنس,الجوال,الأسرة,صلة القرابة"


@pytest.fixture
def importer(branch):
    return UserFactory(username="importer", roles=["relations_officer"], branches=[branch])


def _run(lines, branch, actor, mode="all"):
    table = read_table(("\n".join([HEADER, *lines]) + "\n").encode())
    options = ImportOptions(branch, "sheet.csv")
    analysis = analyse(table, guess_mapping(table.headers), options)
    return write(analysis, options, actor=actor, mode=mode)


def _person(name, number, household="", relationship="", sex="ذكر"):
    return f"{name},{number},{sex},0501234567,{household},{relationship}"


def test_all_rows_are_imported_with_their_source_and_history(branch, importer):
    result = _run([_person("أحمد محمد علي الحربي", national_id())], branch, importer)
    person = Beneficiary.objects.get()
    assert result.outcomes[0].file_number == person.file_number
    assert (person.import_file, person.import_row, person.entered_by) == ("sheet.csv", 2, importer)
    record = person.history.get()
    assert record.history_user == importer
    assert "sheet.csv" in record.history_change_reason


def test_with_an_error_nothing_is_imported_in_mode_all(branch, importer):
    with pytest.raises(RowsHaveErrors):
        _run(
            [_person("أحمد محمد علي الحربي", national_id()), _person("سعد", "123")],
            branch,
            importer,
        )
    assert Beneficiary.objects.count() == 0


def test_valid_only_imports_the_good_rows_and_leaves_the_bad(branch, importer):
    result = _run(
        [_person("أحمد محمد علي الحربي", national_id()), _person("سعد", "123")],
        branch,
        importer,
        mode=MODE_VALID_ONLY,
    )
    assert Beneficiary.objects.count() == 1
    assert [o.status for o in result.outcomes] == ["ok", "error"]
    assert result.outcomes[1].file_number == ""


def test_a_household_column_groups_rows_under_their_head(branch, importer):
    _run(
        [
            _person("سالم محمد علي الحربي", national_id(), "A", "رب الأسرة"),
            _person("نورة سالم محمد الحربي", national_id(), "A", "ابنة", sex="أنثى"),
            _person("خالد سالم محمد الحربي", national_id(), "A", "ابن"),
        ],
        branch,
        importer,
    )
    household = Household.objects.get()
    assert household.head.first_name == "سالم"
    assert sorted(household.memberships.values_list("relationship", flat=True)) == [
        "daughter",
        "head",
        "son",
    ]


def test_a_household_without_a_head_is_an_error_on_each_of_its_rows(branch, importer):
    table = read_table(
        (
            "\n".join(
                [
                    HEADER,
                    _person("نورة سالم محمد الحربي", national_id(), "A", "ابنة", sex="أنثى"),
                    _person("خالد سالم محمد الحربي", national_id(), "A", "ابن"),
                ]
            )
            + "\n"
        ).encode()
    )
    analysis = analyse(table, guess_mapping(table.headers), ImportOptions(branch, "s.csv"))
    assert [o.status for o in analysis.outcomes] == ["error", "error"]
    assert all(o.errors[0].column == "صلة القرابة" for o in analysis.outcomes)


def test_a_household_with_two_heads_is_an_error(branch, importer):
    with pytest.raises(RowsHaveErrors):
        _run(
            [
                _person("سالم محمد علي الحربي", national_id(), "A", "رب الأسرة"),
                _person("خالد سالم محمد الحربي", national_id(), "A", "رب الأسرة"),
            ],
            branch,
            importer,
        )
    assert Household.objects.count() == 0


def test_a_household_is_imported_whole_or_not_at_all_with_valid_only(branch, importer):
    result = _run(
        [
            _person("سالم محمد علي الحربي", national_id(), "A", "رب الأسرة"),
            _person("خالد", national_id(), "A", "ابن"),
        ],
        branch,
        importer,
        mode=MODE_VALID_ONLY,
    )
    assert [o.status for o in result.outcomes] == ["error", "error"]
    assert Beneficiary.objects.count() == 0


def test_a_member_already_in_another_household_is_an_error(branch, importer):
    other = HouseholdFactory()
    member = BeneficiaryFactory()
    Membership.objects.create(
        household=other, beneficiary=other.head, relationship="head", joined_on="2026-01-01"
    )
    Membership.objects.create(
        household=other, beneficiary=member, relationship="son", joined_on="2026-01-01"
    )
    with pytest.raises(RowsHaveErrors):
        _run(
            [
                _person("سالم محمد علي الحربي", national_id(), "A", "رب الأسرة"),
                _person("فاطمة علي حسن الزهراني", member.identity_number, "A", "ابنة"),
            ],
            branch,
            importer,
        )
    assert Beneficiary.objects.count() == 2


def test_new_members_join_the_household_their_existing_head_already_has(branch, importer):
    household = HouseholdFactory()
    Membership.objects.create(
        household=household,
        beneficiary=household.head,
        relationship="head",
        joined_on="2026-01-01",
    )
    result = _run(
        [
            _person("فاطمة علي حسن الزهراني", household.head.identity_number, "A", "رب الأسرة"),
            _person("خالد سالم محمد الزهراني", national_id(), "A", "ابن"),
        ],
        branch,
        importer,
    )
    assert [o.status for o in result.outcomes] == ["duplicate", "ok"]
    assert Household.objects.count() == 1
    assert household.memberships.count() == 2


def test_importing_needs_the_import_permission(branch):
    researcher = UserFactory(username="researcher", roles=["social_researcher"])
    with pytest.raises(PermissionDenied):
        _run([_person("أحمد محمد علي الحربي", national_id())], branch, researcher)
    assert Beneficiary.objects.count() == 0
