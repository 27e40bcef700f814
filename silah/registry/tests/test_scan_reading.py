"""The full scan's reading and rules: every living file read once (COPY on PostgreSQL, the ORM
elsewhere) and normalised per distinct value exactly as name by name; the pair rules."""

import datetime as dt

import pyarrow as pa
import pytest

from silah.core.identity import IdentityType
from silah.registry.factories import BeneficiaryFactory, national_id
from silah.registry.merge import merge_beneficiaries
from silah.registry.models import Household, Membership, Relationship
from silah.registry.scan import (
    SCHEMA,
    different_first_names,
    family_part,
    level_label,
    mobile_key,
    name_part,
    normalise,
    read_records,
)


def _raw(**columns) -> pa.Table:
    rows = len(next(iter(columns.values())))
    full = {name: columns.get(name, [None] * rows) for name in SCHEMA.names}
    return pa.table(full, schema=SCHEMA)


def test_normalising_a_column_gives_what_each_value_gives_alone():
    names = ["عبد الله", "عبدالله", "فاطمة", "إبراهيم", "", None, "عبد الله"]
    families = ["الحربي", "حربي", "آل سعود", "", None, "العتيبي", "الحربي"]
    mobiles = ["+966501234567", "0501234567", "٠٥٠١٢٣٤٥٦٧", "123", "", None, "0501234567"]
    table = normalise(
        _raw(
            unique_id=list(range(7)),
            first_name=names,
            family_name=families,
            mobile=mobiles,
            identity_number=["1000000008", "", None, "2", "", "", ""],
            sex=["male", "", None, "female", "male", "male", "male"],
        )
    )
    assert table.schema == SCHEMA
    assert table["first_name"].to_pylist() == [name_part(n) for n in names]
    assert table["family_name"].to_pylist() == [family_part(n) for n in families]
    assert table["mobile"].to_pylist() == [mobile_key(m) for m in mobiles]
    assert table["identity_number"].to_pylist() == ["1000000008", None, None, "2", None, None, None]
    assert table["sex"].to_pylist() == ["male", None, None, "female", "male", "male", "male"]


@pytest.mark.django_db
def test_reading_gives_every_living_file_with_its_current_household(manager):
    head = BeneficiaryFactory(
        first_name="عبد الله",
        family_name="الحربي",
        mobile="+966501234567",
        birth_date=dt.date(1980, 5, 1),
    )
    child = BeneficiaryFactory(
        first_name="فاطمة",
        grandfather_name="",
        identity_type=IdentityType.NONE,
        identity_number="",
        identity_reason="طفلة",
    )
    alone = BeneficiaryFactory(mobile="", birth_date=None)
    merged = BeneficiaryFactory(identity_number=national_id())
    household = Household.objects.create(head=head)
    for person, relationship in ((head, Relationship.HEAD), (child, Relationship.OTHER)):
        Membership.objects.create(
            household=household,
            beneficiary=person,
            relationship=relationship,
            joined_on=dt.date(2025, 1, 1),
        )
    merge_beneficiaries(alone, merged, actor=manager, reason="مكرر")

    rows = {row["unique_id"]: row for row in read_records().to_pylist()}

    assert set(rows) == {head.pk, child.pk, alone.pk}
    assert rows[head.pk] | {"unique_id": 0} == {
        "unique_id": 0,
        "first_name": "عبدالله",
        "father_name": name_part(head.father_name),
        "grandfather_name": name_part(head.grandfather_name),
        "family_name": "حربي",
        "birth_date": dt.date(1980, 5, 1),
        "mobile": "501234567",
        "identity_number": head.identity_number,
        "sex": head.sex,
        "household": household.pk,
    }
    assert rows[child.pk]["first_name"] == name_part("فاطمه")
    assert rows[child.pk]["grandfather_name"] is None
    assert rows[child.pk]["identity_number"] is None
    assert rows[child.pk]["household"] == household.pk
    assert rows[alone.pk]["household"] is None
    assert rows[alone.pk]["birth_date"] is None


def _explained(first_level: str) -> list[dict]:
    return [{"key": "first_name", "level": level_label(first_level), "weight": 0.0}]


def test_first_names_that_differ_beyond_one_slip_are_two_people():
    assert different_first_names(_explained("All other comparisons"))
    assert not different_first_names(_explained("Damerau-Levenshtein distance <= 1"))
    assert not different_first_names(_explained("Exact match on first_name"))
    assert not different_first_names(_explained("first_name is NULL"))


def test_identity_levels_are_labelled_in_arabic():
    assert level_label("identity_number is NULL on both") == "غير مسجل في الملفين"
    assert level_label("identity_number on one file only") == "مسجل في أحد الملفين فقط"
    assert level_label("Damerau-Levenshtein distance <= 1") == "يختلف في حرف واحد"
    assert level_label("Levenshtein distance <= 1") == "يختلف في رقم واحد"


@pytest.mark.django_db
def test_a_destroyed_file_is_not_read(manager):
    from silah.registry.models import DestructionRecord
    from silah.registry.privacy import destroy_beneficiary

    kept = BeneficiaryFactory()
    destroyed = BeneficiaryFactory()
    destroy_beneficiary(
        destroyed, actor=manager, basis=DestructionRecord.Basis.values[0], basis_note="اختبار"
    )

    assert {row["unique_id"] for row in read_records().to_pylist()} == {kept.pk}
