"""Importing beneficiaries and households from a sheet: the preview, then the import.

`analyse(table, mapping, options)` gives every row's outcome before anything is saved:

- ok: the row passes the registry's own validation (`clean_beneficiary_fields`, the form's
  rules) and will become a new file;
- error: one entry per problem (the column's header, why, in Arabic), several per row;
- duplicate: the identity number is an earlier row's of the same file, or an existing file's
  (which number) — never imported, as the form refuses it;
- possible_duplicate: valid, but like an existing file (`silah.registry.duplicates`) or an
  earlier row (same name and birth date): imported, shown so that someone looks.

Households come in the same flat file: rows with the same value in the household column are
one household; the relationship column names its head (exactly one). A household is imported
whole or not at all: an error in one of its rows is reported on the others too. A row that is
an existing file joins the new household (or, if it heads one, the new rows join that one);
a person already in another household is an error, as `add_member` refuses it.

`write(analysis, options, mode=…)` imports, in one transaction, every ok and possible
duplicate row (mode "all" refuses if any row has an error: nothing is written), with the
same result and history as `register_beneficiary`, `create_household` and `add_member`, in
bulk (see docs/import.md).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from silah.accounts.models import Branch
from silah.core.dates import today
from silah.core.errors import DomainError
from silah.core.identity import IdentityType
from silah.core.models import ReferenceSequence
from silah.core.references import hijri_year
from silah.registry import import_bulk
from silah.registry import import_values as cells
from silah.registry.import_parse import (
    IMPORT_FIELDS,
    NameTooLong,
    Table,
    iter_records,
    split_full_name,
)
from silah.registry.models import (
    ADDRESS_FIELDS,
    Beneficiary,
    BeneficiaryCategory,
    Category,
    DuplicateCandidate,
    DuplicateSource,
    DuplicateStatus,
    Household,
    ImportRowStatus,
    LiaisonAssignment,
    Membership,
    Relationship,
    Status,
)
from silah.registry.services import FILE_PREFIX, _names
from silah.registry.validation import NAME_PARTS, clean_beneficiary_fields, enabled_contact_channels

OK = ImportRowStatus.OK
ERROR = ImportRowStatus.ERROR
DUPLICATE = ImportRowStatus.DUPLICATE
POSSIBLE = ImportRowStatus.POSSIBLE_DUPLICATE

MODE_ALL = "all"
MODE_VALID_ONLY = "valid_only"

IMPORT_PERMISSION = "registry.import_beneficiaries"
REGISTER_PERMISSION = "registry.register_beneficiary"
HOUSEHOLD_PERMISSION = "registry.manage_households"

# Fields the services take, beside the name parts, that a column may fill as text.
_TEXT_FIELDS = (
    "latin_name",
    "identity_number",
    "identity_reason",
    "mobile",
    "mobile_2",
    "email",
    *ADDRESS_FIELDS,
)
# When a field has no column of its own, its error is shown at the first of these that has one.
_FALLBACK_COLUMNS = {
    "first_name": ("full_name",),
    "father_name": ("full_name",),
    "grandfather_name": ("full_name",),
    "family_name": ("full_name",),
    "identity_type": ("identity_number",),
    "identity_reason": ("identity_number", "identity_type"),
    "preferred_channel": ("mobile", "email"),
}
# A harmless value put in place of a refused one, so that the row's other fields are checked.
_NEUTRAL: dict[str, Any] = {
    "first_name": "س",
    "father_name": "س",
    "grandfather_name": "",
    "family_name": "س",
    "latin_name": "",
    "nationality": "SA",
    "sex": "male",
    "marital_status": "",
    "birth_date": None,
    # Valid stand-ins, so that a channel needing them does not report a second error.
    "mobile": "0501234567",
    "mobile_2": "",
    "email": "name@example.com",
    "building_number": "",
    "street": "",
    "district": "",
    "city": "",
    "postal_code": "",
    "additional_number": "",
    "unit": "",
    "short_address": "",
}
PROGRESS_EVERY = 2000
BULK_SIZE = 1000


def _reason_imported(file_label: str, row: int) -> str:
    with translation.override("ar"):
        return _("استيراد من الملف «%(file)s»، السطر %(row)s") % {"file": file_label, "row": row}


def _reason_household(file_label: str) -> str:
    with translation.override("ar"):
        return _("إنشاء أسرة باستيراد الملف «%(file)s»") % {"file": file_label}


def _reason_likely(file_label: str, row: int) -> str:
    with translation.override("ar"):
        return _("اقتراح عند استيراد الملف «%(file)s»، السطر %(row)s") % {
            "file": file_label,
            "row": row,
        }


def _reason_member(file_label: str) -> str:
    with translation.override("ar"):
        return _("إضافة عضو إلى الأسرة باستيراد الملف «%(file)s»") % {"file": file_label}


@dataclass(frozen=True)
class Issue:
    """One problem of a row: the column's header as the sheet writes it, and why."""

    column: str
    message: str


@dataclass(frozen=True)
class LikeFile:
    """An existing file a row looks like: its pk, score and the comparisons that matched."""

    pk: int
    score: float
    codes: tuple[str, ...]


@dataclass
class RowOutcome:
    row: int
    status: str = OK
    errors: list[Issue] = field(default_factory=list)
    duplicate_of_row: int | None = None
    duplicate_of_file: str = ""
    candidates: list[str] = field(default_factory=list)  # shown: file numbers, "السطر N"
    like_files: list[LikeFile] = field(default_factory=list)  # for the review queue
    like_rows: list[int] = field(default_factory=list)  # earlier rows with the same name, birth
    values: dict[str, Any] | None = None
    categories: list[tuple[Category, str]] = field(default_factory=list)
    household: str = ""
    relationship: str = ""
    existing_id: int | None = None  # the existing file this row duplicates
    file_number: str = ""  # set once imported
    beneficiary_id: int | None = None

    @property
    def importable(self) -> bool:
        return self.status in (OK, POSSIBLE)

    def add(self, column: str, message: str) -> None:
        self.errors.append(Issue(column, message))
        self.status = ERROR


@dataclass
class HouseholdPlan:
    """What importing one household group does."""

    key: str
    rows: list[RowOutcome]
    head: RowOutcome | None = None
    existing_household_id: int | None = None  # the new rows join this household


@dataclass
class ImportOptions:
    """How a sheet is read: its default branch, default contact channel and name."""

    branch: Branch
    file_label: str
    default_channel: str = ""  # "" chooses per row: SMS when there is a mobile, else letter


@dataclass
class Analysis:
    outcomes: list[RowOutcome]
    households: list[HouseholdPlan]

    def count(self, status: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.status == status)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((OK, ERROR, DUPLICATE, POSSIBLE), 0)
        for outcome in self.outcomes:
            counts[outcome.status] += 1
        return counts

    @property
    def has_errors(self) -> bool:
        return any(outcome.status == ERROR for outcome in self.outcomes)


Progress = Callable[[int, int], None]


def _no_progress(done: int, total: int) -> None:
    return None


# -- Likely duplicates (silah.registry.duplicates, from the search work) ------------------------


def likely_duplicate_files(values: dict[str, Any]) -> list[str]:
    """File numbers of existing files that look like the person in `values` (not the same ID)."""
    from silah.registry.queries_list import duplicate_candidates  # live files only

    return [candidate.beneficiary.file_number for candidate in duplicate_candidates(values)]


# -- One row ----------------------------------------------------------------------------------


class _RowReader:
    """Reads and checks rows, with what is the same for every row looked up once."""

    def __init__(self, table: Table, mapping: dict[int, str], options: ImportOptions) -> None:
        self.options = options
        self.columns: dict[str, str] = {}
        for index, name in mapping.items():
            if name and name not in self.columns:
                self.columns[name] = table.headers[index] if index < len(table.headers) else ""
        self.lookups = cells.Lookups()
        self.channels = list(enabled_contact_channels())

    def column(self, name: str | None) -> str:
        if name in self.columns:
            return self.columns[name]
        for other in _FALLBACK_COLUMNS.get(name or "", ()):
            if other in self.columns:
                return self.columns[other]
        return ""

    def _default_channel(self, fields: dict[str, Any]) -> str:
        if self.options.default_channel:
            return self.options.default_channel
        if fields.get("mobile") and "sms" in self.channels:
            return "sms"
        if "letter" in self.channels:
            return "letter"
        return self.channels[0] if self.channels else "letter"

    def read(self, number: int, record: dict[str, object]) -> RowOutcome:
        outcome = RowOutcome(row=number)
        fields: dict[str, Any] = dict.fromkeys(NAME_PARTS, "")
        if "full_name" in record:
            try:
                fields.update(split_full_name(cells.text(record["full_name"])))
            except NameTooLong:
                outcome.add(
                    self.column("full_name"),
                    _(
                        "الاسم فيه أكثر من أربعة أجزاء: اكتبه في أعمدة الاسم الأول والأب والجد "
                        "والعائلة."
                    ),
                )
        for part in NAME_PARTS:
            if part in record:
                fields[part] = cells.text(record[part])
        for name in _TEXT_FIELDS:
            fields[name] = cells.text(record.get(name, ""))
        converters = {
            "sex": cells.sex,
            "marital_status": cells.marital_status,
            "nationality": cells.nationality,
            "birth_date": cells.birth_date,
            "identity_type": cells.identity_type,
            "preferred_channel": cells.channel,
        }
        for name, convert in converters.items():
            try:
                fields[name] = convert(record.get(name, ""))
            except cells.CellError as error:
                outcome.add(self.column(name), error.message)
                fields[name] = _NEUTRAL.get(name, "")
        if not fields["identity_type"]:
            fields["identity_type"] = cells.infer_identity_type(fields["identity_number"])
        if not fields["preferred_channel"]:
            fields["preferred_channel"] = self._default_channel(fields)
        try:
            fields["branch"] = self.lookups.branch(record.get("branch", "")) or self.options.branch
        except cells.CellError as error:
            outcome.add(self.column("branch"), error.message)
            fields["branch"] = self.options.branch
        try:
            outcome.categories = self.lookups.categories_of(record.get("categories", ""))
        except cells.CellError as error:
            outcome.add(self.column("categories"), error.message)
        outcome.household = cells.text(record.get("household", ""))
        if outcome.household:
            try:
                outcome.relationship = cells.relationship(record.get("relationship", ""))
            except cells.CellError as error:
                outcome.add(self.column("relationship"), error.message)
            else:
                if not outcome.relationship:
                    outcome.add(
                        self.column("relationship") or self.column("household"),
                        str(cells.MESSAGES["relationship_missing"]),
                    )
        fields["import_file"] = self.options.file_label[:255]
        fields["import_row"] = number
        values = self._validate(fields, outcome)
        if outcome.status == OK:
            outcome.values = values
        return outcome

    def _validate(self, fields: dict[str, Any], outcome: RowOutcome) -> dict[str, Any] | None:
        """Every error of the row: after each, the refused value is replaced and checked again."""
        seen: set[str | None] = set()
        while True:
            try:
                return clean_beneficiary_fields(fields, enabled_channels=self.channels)
            except DomainError as error:
                if error.field in seen:
                    return None
                seen.add(error.field)
                message = error.message
                if error.field in NAME_PARTS and error.field not in self.columns:
                    # One name column: say which part of the name is wrong.
                    message = _("%(part)s: %(message)s") % {
                        "part": IMPORT_FIELDS[error.field],
                        "message": message,
                    }
                outcome.add(self.column(error.field), message)
                self._neutralise(fields, error.field)

    def _neutralise(self, fields: dict[str, Any], name: str | None) -> None:
        if name in ("identity_type", "identity_number", "identity_reason"):
            fields.update(identity_type=IdentityType.NONE, identity_number="", identity_reason="-")
        elif name == "preferred_channel":
            fields["preferred_channel"] = "letter" if "letter" in self.channels else ""
        elif name == "branch":
            fields["branch"] = self.options.branch
        elif name in _NEUTRAL:
            fields[name] = _NEUTRAL[name]


# -- The whole sheet --------------------------------------------------------------------------


def analyse(
    table: Table,
    mapping: dict[int, str],
    options: ImportOptions,
    *,
    progress: Progress = _no_progress,
    look_for_likely: bool = True,
) -> Analysis:
    """Every row's outcome and the households to create; nothing is written."""
    with translation.override("ar"):
        reader = _RowReader(table, mapping, options)
        total = len(table.rows)
        outcomes: list[RowOutcome] = []
        for number, record in iter_records(table, mapping):
            outcomes.append(reader.read(number, record))
            if len(outcomes) % PROGRESS_EVERY == 0:
                progress(len(outcomes), total)
        _mark_duplicates(outcomes, reader)
        households = _plan_households(outcomes, reader)
        if look_for_likely:
            _mark_likely(outcomes)
        progress(total, total)
        return Analysis(outcomes=outcomes, households=households)


def _identity_key(outcome: RowOutcome) -> str:
    if outcome.values is None:
        return ""
    return outcome.values["identity_number"]


def _mark_duplicates(outcomes: list[RowOutcome], reader: _RowReader) -> None:
    first_row: dict[str, RowOutcome] = {}
    for outcome in outcomes:
        number = _identity_key(outcome)
        if not number:
            continue
        if number in first_row:
            original = first_row[number]
            outcome.status = DUPLICATE
            outcome.duplicate_of_row = original.row
            if outcome.household and outcome.household != original.household:
                outcome.add(
                    reader.column("household"),
                    _("هذا الشخص مكتوب في السطر %(row)s في أسرة أخرى.") % {"row": original.row},
                )
        else:
            first_row[number] = outcome
    numbers = list(first_row)
    for start in range(0, len(numbers), BULK_SIZE):
        chunk = numbers[start : start + BULK_SIZE]
        existing = Beneficiary.objects.filter(identity_number__in=chunk).values_list(
            "identity_number", "pk", "file_number"
        )
        for number, pk, file_number in existing:
            outcome = first_row[number]
            if outcome.status == ERROR:
                continue
            outcome.status = DUPLICATE
            outcome.duplicate_of_file = file_number
            outcome.existing_id = pk


def _mark_likely(outcomes: list[RowOutcome]) -> None:
    """Hints, not blocks: like an existing file, or an earlier row with the same name and birth."""
    seen: dict[tuple[str, dt.date], int] = {}
    any_files = Beneficiary.objects.exists()
    for outcome in outcomes:
        if outcome.status != OK or outcome.values is None:
            continue
        values = outcome.values
        if not values["identity_number"] and values["birth_date"]:
            key = (_names(values)["full_name_normalized"], values["birth_date"])
            if key in seen:
                outcome.candidates.append(_("السطر %(row)s") % {"row": seen[key]})
                outcome.like_rows.append(seen[key])
            else:
                seen[key] = outcome.row
        if any_files:
            from silah.registry.queries_list import duplicate_candidates  # live files only

            for candidate in duplicate_candidates(values):
                outcome.candidates.append(candidate.beneficiary.file_number)
                outcome.like_files.append(
                    LikeFile(candidate.beneficiary.pk, candidate.score, tuple(candidate.codes))
                )
        if outcome.candidates:
            outcome.status = POSSIBLE


def _plan_households(outcomes: list[RowOutcome], reader: _RowReader) -> list[HouseholdPlan]:
    groups: dict[str, list[RowOutcome]] = defaultdict(list)
    for outcome in outcomes:
        if outcome.household and outcome.duplicate_of_row is None:
            groups[outcome.household].append(outcome)
    if not groups:
        return []
    existing_ids = [o.existing_id for rows in groups.values() for o in rows if o.existing_id]
    current: dict[int, tuple[int, str, str]] = {}  # person → (household, relationship, head file)
    for start in range(0, len(existing_ids), BULK_SIZE):
        for person, household, relationship, head_file in Membership.objects.filter(
            beneficiary_id__in=existing_ids[start : start + BULK_SIZE], left_on__isnull=True
        ).values_list(
            "beneficiary_id", "household_id", "relationship", "household__head__file_number"
        ):
            current[person] = (household, relationship, head_file)
    plans = []
    household_column = reader.column("household")
    relationship_column = reader.column("relationship") or household_column
    for key, rows in groups.items():
        plan = HouseholdPlan(key=key, rows=rows)
        heads = [row for row in rows if row.relationship == Relationship.HEAD]
        if not heads:
            for row in rows:
                row.add(
                    relationship_column,
                    _("الأسرة «%(key)s» ليس لها رب أسرة: اكتب «رب الأسرة» لأحد أفرادها.")
                    % {"key": key},
                )
        elif len(heads) > 1:
            listed = "، ".join(str(row.row) for row in heads)
            for row in heads:
                row.add(
                    relationship_column,
                    _("للأسرة «%(key)s» أكثر من رب أسرة (الأسطر %(rows)s): اختر واحدًا.")
                    % {"key": key, "rows": listed},
                )
        else:
            plan.head = heads[0]
            _check_existing_members(plan, current, household_column)
        _spread_errors(plan)
        plans.append(plan)
    return plans


def _check_existing_members(
    plan: HouseholdPlan, current: dict[int, tuple[int, str, str]], column: str
) -> None:
    head = plan.head
    assert head is not None
    if head.existing_id and head.existing_id in current:
        household, relationship, head_file = current[head.existing_id]
        if relationship == Relationship.HEAD:
            plan.existing_household_id = household
        else:
            head.add(
                column,
                _("هذا الشخص عضو حاليًا في أسرة رب أسرتها صاحب الملف %(file)s.")
                % {"file": head_file},
            )
    for row in plan.rows:
        if row is head or not row.existing_id or row.existing_id not in current:
            continue
        household, _relationship, head_file = current[row.existing_id]
        if household != plan.existing_household_id:
            row.add(
                column,
                _(
                    "هذا الشخص عضو حاليًا في أسرة رب أسرتها صاحب الملف %(file)s: انقله منها "
                    "من ملفه بدل استيراده في أسرة أخرى."
                )
                % {"file": head_file},
            )


def _spread_errors(plan: HouseholdPlan) -> None:
    failed = [row.row for row in plan.rows if row.status == ERROR]
    if not failed:
        return
    listed = "، ".join(str(number) for number in failed)
    for row in plan.rows:
        if row.status != ERROR:
            row.add(
                "",
                _("لا تُستورد أسرته «%(key)s» لأن فيها أسطرًا بها أخطاء (%(rows)s).")
                % {"key": plan.key, "rows": listed},
            )


# -- Writing ----------------------------------------------------------------------------------


def check_permissions(actor: AbstractBaseUser, *, households: bool) -> None:
    with translation.override("ar"):
        message = _("ليست لديك صلاحية لهذا الإجراء.")
    if not actor.has_perm(REGISTER_PERMISSION) or not actor.has_perm(IMPORT_PERMISSION):
        raise PermissionDenied(message)
    if households and not actor.has_perm(HOUSEHOLD_PERMISSION):
        raise PermissionDenied(message)


class RowsHaveErrors(DomainError):
    """Mode "all" and some rows have errors: nothing was imported."""


def _allocate_file_numbers(count: int) -> list[str]:
    """`count` consecutive file numbers, as `next_reference` gives them one by one."""
    if not count:
        return []
    year = hijri_year(timezone.localdate())
    for _attempt in range(3):
        rows = ReferenceSequence.objects.filter(prefix=FILE_PREFIX, hijri_year=year)
        if rows.update(last=F("last") + count):
            last = rows.values_list("last", flat=True).get()
            break
        try:
            with transaction.atomic():
                ReferenceSequence.objects.create(prefix=FILE_PREFIX, hijri_year=year, last=count)
            last = count
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - three lost races in a row
        raise RuntimeError("could not allocate file numbers")
    return [f"{FILE_PREFIX}-{year}-{number:06d}" for number in range(last - count + 1, last + 1)]


class _LiaisonChooser:
    """`services.choose_liaison_officer` for many people: the assignments read once."""

    def __init__(self) -> None:
        self.by_category: dict[int, tuple[tuple[int, str], Any]] = {}
        assignments = (
            LiaisonAssignment.objects.filter(field_of_work="", officer__is_active=True)
            .select_related("officer", "category")
            .order_by("category__order", "category__code", "pk")
        )
        for assignment in assignments:
            category = assignment.category
            self.by_category.setdefault(
                category.pk, ((category.order, category.code), assignment.officer)
            )

    def choose(self, categories: Iterable[tuple[Category, str]]) -> Any:
        found = [self.by_category[c.pk] for c, _detail in categories if c.pk in self.by_category]
        return min(found, key=lambda item: item[0])[1] if found else None


def _refuse_taken_identities(importing: list[RowOutcome]) -> None:
    """Inside the import's transaction: an ID registered since the preview is now a duplicate."""
    by_number = {o.values["identity_number"]: o for o in importing if o.values["identity_number"]}
    numbers = list(by_number)
    for start in range(0, len(numbers), BULK_SIZE):
        taken = Beneficiary.objects.filter(
            identity_number__in=numbers[start : start + BULK_SIZE]
        ).values_list("identity_number", "file_number")
        for number, file_number in taken:
            outcome = by_number[number]
            outcome.status = DUPLICATE
            outcome.duplicate_of_file = file_number


def write(
    analysis: Analysis,
    options: ImportOptions,
    *,
    actor: AbstractBaseUser,
    mode: str = MODE_ALL,
    progress: Progress = _no_progress,
) -> Analysis:
    """Import the analysed rows in one transaction; returns the analysis with file numbers.

    Mode "all" raises RowsHaveErrors (and writes nothing) if any row has an error; mode
    "valid_only" imports the ok and possible-duplicate rows and leaves the others.
    """
    check_permissions(actor, households=bool(analysis.households))
    with translation.override("ar"):
        if mode == MODE_ALL and analysis.has_errors:
            raise RowsHaveErrors(
                _("في الملف أسطر بها أخطاء، فلم يُستورد شيء: صحّحها أو استورد الأسطر السليمة فقط."),
                field="mode",
            )
        with transaction.atomic():
            importing = [o for o in analysis.outcomes if o.importable]
            _refuse_taken_identities(importing)
            importing = [o for o in importing if o.importable]
            people = _create_beneficiaries(importing, options, actor, progress)
            _create_households(analysis.households, options, actor)
            _queue_likely_duplicates(importing, people, options, actor)
    return analysis


def _create_beneficiaries(
    importing: list[RowOutcome], options: ImportOptions, actor: Any, progress: Progress
) -> list[Beneficiary]:
    numbers = _allocate_file_numbers(len(importing))
    chooser = _LiaisonChooser()
    people = []
    for outcome, file_number in zip(importing, numbers, strict=True):
        values = outcome.values
        person = Beneficiary(
            **values,
            **_names(values),
            file_number=file_number,
            entered_by=actor,
            status=Status.APPLICANT,
        )
        if person.liaison_officer is None:
            person.liaison_officer = chooser.choose(outcome.categories)
        person._change_reason = _reason_imported(options.file_label, outcome.row)
        person._history_user = actor
        people.append(person)
    total = len(people)
    for start in range(0, total, BULK_SIZE * 5):
        chunk = people[start : start + BULK_SIZE * 5]
        import_bulk.insert_with_history(
            Beneficiary, chunk, actor=actor, reasons=[p._change_reason for p in chunk]
        )
        progress(min(start + BULK_SIZE * 5, total), total)
    links = []
    for outcome, person in zip(importing, people, strict=True):
        outcome.beneficiary_id = person.pk
        outcome.file_number = person.file_number
        for category, detail in outcome.categories:
            link = BeneficiaryCategory(beneficiary=person, category=category, detail=detail)
            link._change_reason = _reason_imported(options.file_label, outcome.row)
            links.append(link)
    import_bulk.insert_with_history(
        BeneficiaryCategory, links, actor=actor, reasons=[link._change_reason for link in links]
    )
    return people


def _queue_likely_duplicates(
    importing: list[RowOutcome], people: list[Beneficiary], options: ImportOptions, actor: Any
) -> None:
    """Every imported row that looked like an existing file or an earlier row goes to the
    duplicate review queue (source "import") with that file, as an overridden candidate on
    the registration screen does (`duplicates_on_save`). A file merged or destroyed since the
    preview is left out; a pair found twice keeps its higher score."""
    from silah.registry.duplicates import compare, score
    from silah.registry.duplicates_on_save import explanation

    person_of_row = {outcome.row: person for outcome, person in zip(importing, people, strict=True)}
    existing = {like.pk for outcome in importing for like in outcome.like_files}
    live = set()
    for chunk in _chunks(sorted(existing), BULK_SIZE):
        live.update(Beneficiary.objects.live().filter(pk__in=chunk).values_list("pk", flat=True))
    pairs: dict[tuple[int, int], tuple[float, tuple[str, ...], int]] = {}

    def keep(one: int, other: int, found: float, codes: tuple[str, ...], row: int) -> None:
        key = (min(one, other), max(one, other))
        if key not in pairs or pairs[key][0] < found:
            pairs[key] = (found, codes, row)

    for outcome, person in zip(importing, people, strict=True):
        for like in outcome.like_files:
            if like.pk in live:
                keep(person.pk, like.pk, like.score, like.codes, outcome.row)
        for row in outcome.like_rows:
            earlier = person_of_row.get(row)
            if earlier is None:
                continue  # the earlier row was not imported
            codes = tuple(compare(outcome.values, earlier))
            keep(person.pk, earlier.pk, score(list(codes)), codes, outcome.row)
    if not pairs:
        return
    rows, reasons = [], []
    for (first, second), (found, codes, row) in pairs.items():
        rows.append(
            DuplicateCandidate(
                first_id=first,
                second_id=second,
                score=found,
                explanation=explanation(codes),
                source=DuplicateSource.IMPORT,
                status=DuplicateStatus.OPEN,
            )
        )
        reasons.append(_reason_likely(options.file_label, row))
    import_bulk.insert_with_history(DuplicateCandidate, rows, actor=actor, reasons=reasons)


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _create_households(plans: list[HouseholdPlan], options: ImportOptions, actor: Any) -> None:
    created: list[tuple[HouseholdPlan, Household]] = []
    for plan in plans:
        head = plan.head
        if head is None or any(row.status == ERROR for row in plan.rows):
            continue
        if plan.existing_household_id is None:
            head_id = head.beneficiary_id or head.existing_id
            if head_id is None:
                continue
            household = Household(head_id=head_id, housing=Household.Housing.OTHER)
            household._change_reason = _reason_household(options.file_label)
            created.append((plan, household))
    households = [household for _plan, household in created]
    import_bulk.insert_with_history(
        Household, households, actor=actor, reasons=[h._change_reason for h in households]
    )
    household_of = {id(plan): household.pk for plan, household in created}
    existing = [row.existing_id for plan in plans for row in plan.rows if row.existing_id]
    in_a_household = (
        set(
            Membership.objects.filter(
                beneficiary_id__in=existing, left_on__isnull=True
            ).values_list("beneficiary_id", flat=True)
        )
        if existing
        else set()
    )
    joined_on = today()
    memberships = []
    for plan in plans:
        target = plan.existing_household_id or household_of.get(id(plan))
        if target is None:
            continue
        for row in plan.rows:
            person = row.beneficiary_id or row.existing_id
            if person is None or (row.beneficiary_id is None and person in in_a_household):
                continue  # not imported, or already in this household (checked in the preview)
            is_head = row is plan.head
            membership = Membership(
                household_id=target,
                beneficiary_id=person,
                relationship=Relationship.HEAD if is_head else row.relationship,
                joined_on=joined_on,
            )
            membership._change_reason = (
                _reason_household(options.file_label)
                if is_head
                else _reason_member(options.file_label)
            )
            memberships.append(membership)
    import_bulk.insert_with_history(
        Membership, memberships, actor=actor, reasons=[m._change_reason for m in memberships]
    )
    for plan, _household in created:
        plan.created = True  # type: ignore[attr-defined]


def households_created(analysis: Analysis) -> int:
    return sum(1 for plan in analysis.households if getattr(plan, "created", False))


# -- The report -------------------------------------------------------------------------------

REPORT_COLUMNS = ["row", "status", "column", "message", "duplicate_of", "file_number"]


def _duplicate_message(outcome: RowOutcome) -> str:
    if outcome.duplicate_of_row is not None:
        return _("رقم الهوية نفسه في السطر %(row)s من الملف.") % {"row": outcome.duplicate_of_row}
    return _("رقم الهوية هذا مسجل للمستفيد صاحب الملف %(file)s.") % {
        "file": outcome.duplicate_of_file
    }


def report_rows(outcomes: Iterable[RowOutcome]) -> Iterable[list[str]]:
    """The report's lines: one per row, and one more per further error of that row."""
    with translation.override("ar"):
        for outcome in outcomes:
            duplicate_of = ""
            if outcome.duplicate_of_row is not None:
                duplicate_of = str(outcome.duplicate_of_row)
            elif outcome.duplicate_of_file:
                duplicate_of = outcome.duplicate_of_file
            elif outcome.candidates:
                duplicate_of = outcome.candidates[0]
            if outcome.status == ERROR:
                for issue in outcome.errors:
                    yield [
                        str(outcome.row),
                        ERROR,
                        issue.column,
                        issue.message,
                        duplicate_of,
                        "",
                    ]
                continue
            message = ""
            if outcome.status == DUPLICATE:
                message = _duplicate_message(outcome)
            elif outcome.status == POSSIBLE:
                message = _("يشبه: %(list)s") % {"list": "، ".join(outcome.candidates)}
            yield [str(outcome.row), outcome.status, "", message, duplicate_of, outcome.file_number]
