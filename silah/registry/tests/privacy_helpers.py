"""A person with every kind of data the registry holds, for the PDPL tests."""

import datetime as dt
import json
from dataclasses import dataclass

from django.db import connection

from silah.accounts.factories import BranchFactory, UserFactory
from silah.audit.services import log_read
from silah.core.arabic import normalize_arabic
from silah.core.identity import IdentityType
from silah.registry import services
from silah.registry.factories import category, national_id, registration_fields
from silah.registry.models import Beneficiary, Household, MaritalStatus, Sex, Status

# Values that appear nowhere else in a test database (long enough not to occur by chance).
RICH = {
    "first_name": "ثامرة",
    "father_name": "مطلقان",
    "grandfather_name": "ضاحيان",
    "family_name": "الشمردلي",
    "latin_name": "Thamirah Shamardali",
    "mobile": "0551234987",
    "mobile_2": "0561239876",
    "email": "thamirah.shm@example.sa",
    "building_number": "7421",
    "street": "شارع الزعفرانة الغربي",
    "district": "حي السنابلية الشرقي",
    "city": "الحويطاتية",
    "postal_code": "21947",
    "additional_number": "3318",
    "unit": "وحدة47",
    "short_address": "RHMA4821",
}
STATUS_REASON = "تأخرت المستفيدة في تحديث تقرير الإعاقة الحركية"
CATEGORY_DETAIL = "شلل دماغي تشنجي"
EDIT_REASON = "تصحيح بطلب المستفيدة الشمردلي"


@dataclass
class Rich:
    beneficiary: Beneficiary
    household: Household
    values: list[str]  # every personal value, as typed and as stored


def rich_person(actor, *, reads_by=None) -> Rich:
    """Register a person with every field set, edit them several times, give them a
    household with a member, incomes and obligations, categories, status changes and reads."""
    branch = BranchFactory(name="فرع الاختبار")
    number = national_id()
    fields = registration_fields(
        **RICH,
        identity_type=IdentityType.NATIONAL_ID,
        identity_number=number,
        sex=Sex.FEMALE,
        birth_date=dt.date(1987, 3, 14),
        marital_status=MaritalStatus.WIDOWED,
        preferred_channel="sms",
        branch=branch,
    )
    person = services.register_beneficiary(
        actor=actor, categories=[(category("disability"), CATEGORY_DETAIL)], **fields
    )
    services.update_beneficiary(person, actor=actor, reason=EDIT_REASON, city="الحويطاتية القديمة")
    services.update_beneficiary(person, actor=actor, reason=EDIT_REASON, city=RICH["city"])
    services.update_beneficiary(
        person, actor=actor, reason=EDIT_REASON, marital_status=MaritalStatus.DIVORCED
    )
    services.set_categories(
        person,
        [(category("disability"), CATEGORY_DETAIL), category("widow")],
        actor=actor,
        reason=EDIT_REASON,
    )
    services.change_status(person, to=Status.ACTIVE, reason=STATUS_REASON, actor=actor)
    services.change_status(person, to=Status.SUSPENDED, reason=STATUS_REASON, actor=actor)
    services.change_status(person, to=Status.ACTIVE, reason="استكملت التقرير", actor=actor)
    household = services.create_household(
        person, actor=actor, housing=Household.Housing.RENTED, rent_amount="18000"
    )
    services.set_incomes(household, [("social_security", "2150.50")], actor=actor)
    services.set_obligations(household, [("loan", "730")], actor=actor)
    for reader in [actor, *(reads_by or [])]:
        log_read(reader, person)
        log_read(reader, person, what="contact")
    person.refresh_from_db()
    values = list(RICH.values())
    values += [
        number,
        person.mobile,  # E.164
        person.mobile_2,
        "1987-03-14",
        STATUS_REASON,
        CATEGORY_DETAIL,
        EDIT_REASON,
        "الحويطاتية القديمة",
        person.file_number,
        person.full_name,
        person.full_name_normalized,
    ]
    values += [normalize_arabic(v) for v in RICH.values()]
    return Rich(person, household, sorted(set(values)))


def _forms(value: str) -> list[str]:
    """The value as a text column or a JSON document may store it."""
    return sorted({value, json.dumps(value)[1:-1]})


def tables_containing(value: str) -> list[str]:
    """Every table.column of the database (all tables, all columns, cast to text) in which
    `value` occurs: as a substring for long values, as the whole value for short ones
    (four or five digits occur by chance in hashes and random tokens)."""
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            for column in columns:
                as_text = f"CAST({quote(column)} AS TEXT)"
                for form in _forms(value):
                    if len(form) <= 5:
                        sql, param = f"{as_text} = %s", form
                    else:
                        sql, param = f"{as_text} LIKE %s", f"%{form}%"
                    query = f"SELECT 1 FROM {quote(table)} WHERE {sql} LIMIT 1"  # noqa: S608 (names from introspection)
                    cursor.execute(query, [param])
                    if cursor.fetchone():
                        found.append(f"{table}.{column}")
    return found


def make_manager(**kwargs):
    return UserFactory(roles=["manager"], **kwargs)
