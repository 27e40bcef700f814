"""The full duplicate scan: splink 5 (DuckDB, in-process) over the whole registry.

Stages (each one updates the DuplicateScan row, which the screen polls):

1. read every living file (merged tombstones excluded) from the database into an Arrow table
   of normalised features: the four name parts, birth date, mobile, identity number, sex and
   current household — `read_records()`;
2. train the model, or load the association's last trained model (`LinkageModel`) — EM is
   never run on the mobile alone (it would learn "same household", not "same person"): the
   training blocks are first name + family name + birth date, mobile + birth date, and the
   full name + mobile (identity numbers are unique in the registry, so no block uses them);
3. predict with blocking rules suited to Arabic names, keep the pairs above the threshold;
4. fill the queue: a DuplicateCandidate per new pair, with each comparison's match weight;
   pairs already decided (different people, merged) are skipped, open ones get the new score.

Relatives are what a scan of Arabic names mostly gets wrong: siblings share the mobile, father,
grandfather and family name, and often one has no ID. What tells them apart is the first name,
sex and birth date, so (after scoring):

- two files of one household are proposed only if the first name agrees (or differs by a
  slip), the birth date agrees (within two days), the sex does not differ and they do not carry
  two identity numbers of one kind (`same_person_in_household`);
- first names that differ beyond a slip, or are two common names one letter apart (حسن/حسين),
  are two people unless the birth date agrees exactly (`different_first_names`);
- a file is proposed as the duplicate of at most one member of another household, the best
  scoring (`best_in_each_household`): a person entered twice matches their own file best,
  their brothers and sisters less.

The household is not a weighted comparison (sharing one is rare between random files, so it
would count *for* a match), and neither is a missing value: splink's null levels weigh 0.
"""

import io
import logging
import math
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from django.db import connection, transaction
from django.utils import timezone
from pyarrow import csv as pa_csv
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

from silah.core.arabic import normalize_arabic
from silah.registry.models import (
    Beneficiary,
    DestructionRecord,
    DuplicateCandidate,
    DuplicateScan,
    DuplicateSource,
    DuplicateStatus,
    LinkageModel,
    Membership,
    MergeRecord,
)

logger = logging.getLogger(__name__)

# A pair is proposed from this match probability up (the queue is reviewed by a person): at
# 1,000,000 synthetic files (seeds 7, 11, 13) 0.08 kept precision ≥ 0.96 with recall ≥ 0.983
# (docs/benchmarks.md has the table for other thresholds).
THRESHOLD = 0.08
READ_CHUNK = 20_000
WRITE_BATCH = 2_000

COLUMNS = [
    "unique_id",
    "first_name",
    "father_name",
    "grandfather_name",
    "family_name",
    "birth_date",
    "mobile",
    "identity_number",
    "sex",
    "household",
]

SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("first_name", pa.string()),
        ("father_name", pa.string()),
        ("grandfather_name", pa.string()),
        ("family_name", pa.string()),
        ("birth_date", pa.date32()),
        ("mobile", pa.string()),
        ("identity_number", pa.string()),
        ("sex", pa.string()),
        ("household", pa.int64()),
    ]
)

# Arabic names of the comparisons and their levels, for the queue's explanation.
COMPARISON_LABELS = {
    "first_name": "الاسم الأول",
    "father_name": "اسم الأب",
    "grandfather_name": "اسم الجد",
    "family_name": "اسم العائلة",
    "birth_date": "تاريخ الميلاد",
    "identity_number": "رقم الهوية",
    "mobile": "الجوال",
    "sex": "الجنس",
}
_LEVEL_LABELS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"is NULL on both"), "غير مسجل في الملفين"),
    (re.compile(r"on one file only"), "مسجل في أحد الملفين فقط"),
    (re.compile(r"is NULL"), "غير مسجل في أحد الملفين"),
    (re.compile(r"^Exact match"), "متطابق"),
    (re.compile(r"Jaro-Winkler .*>= ?([0-9.]+)"), "متشابه (تشابه ≥ {0})"),
    (re.compile(r"two common names one letter apart"), "اسمان مختلفان متقاربان في الكتابة"),
    (re.compile(r"Damerau-Levenshtein distance <= ?1"), "يختلف في حرف واحد"),
    (re.compile(r"Damerau-Levenshtein distance <= ?2"), "يختلف في حرفين"),
    (re.compile(r"Levenshtein distance <= ?1"), "يختلف في رقم واحد"),
    (re.compile(r"of the same kind, different"), "رقمان مختلفان من نوع واحد"),
    (re.compile(r"difference <= ?2 days"), "الفرق يومان أو أقل"),
    (re.compile(r"difference <= ?1 month"), "الفرق شهر أو أقل"),
    (re.compile(r"difference <= ?1 year"), "الفرق سنة أو أقل"),
    (re.compile(r"difference <= ?10 year"), "الفرق عشر سنوات أو أقل"),
    (re.compile(r"All other"), "مختلف"),
]


def level_label(label_for_charts: str) -> str:
    for pattern, arabic in _LEVEL_LABELS:
        match = pattern.search(label_for_charts)
        if match:
            return arabic.format(*match.groups())
    return label_for_charts


# --- reading ---------------------------------------------------------------------------------


@lru_cache(maxsize=200_000)
def name_part(text: str) -> str | None:
    """A normalised name part without spaces or its article (عبد الله = عبدالله, العنود = عنود,
    الحربي = حربي), None when empty."""
    value = normalize_arabic(text or "").replace(" ", "")
    if value.startswith("ال") and len(value) > 4:
        value = value[2:]
    return value or None


# Family names and given names are normalised alike.
family_part = name_part


def mobile_key(text: str) -> str | None:
    digits = "".join(ch for ch in (text or "") if ch.isdigit())
    return digits[-9:] if len(digits) >= 9 else None


# Raw columns read from the database have the same names and types as the features.
RAW_SCHEMA = SCHEMA


def _map_distinct(column: pa.ChunkedArray | pa.Array, function: Callable[[str], Any]) -> pa.Array:
    """`function` applied to each distinct value of a string column (names and mobiles repeat:
    a million files hold a few thousand names), nulls kept null."""
    encoded = pc.dictionary_encode(column).combine_chunks()
    mapped = pa.array([function(value) for value in encoded.dictionary.to_pylist()], pa.string())
    return pc.take(mapped, encoded.indices)


def _empty_as_null(column: pa.ChunkedArray | pa.Array) -> pa.ChunkedArray | pa.Array:
    return pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)


def normalise(raw: pa.Table) -> pa.Table:
    """The scan's features from raw columns (RAW_SCHEMA): name parts through
    `name_part`/`family_part` and mobiles through `mobile_key`, once per distinct value;
    empty identity numbers and sexes as nulls."""
    raw = raw.cast(RAW_SCHEMA)
    columns = {
        "unique_id": raw["unique_id"],
        "first_name": _map_distinct(raw["first_name"], name_part),
        "father_name": _map_distinct(raw["father_name"], name_part),
        "grandfather_name": _map_distinct(raw["grandfather_name"], name_part),
        "family_name": _map_distinct(raw["family_name"], family_part),
        "birth_date": raw["birth_date"],
        "mobile": _map_distinct(raw["mobile"], mobile_key),
        "identity_number": _empty_as_null(raw["identity_number"]),
        "sex": _empty_as_null(raw["sex"]),
        "household": raw["household"],
    }
    return pa.table(columns, schema=SCHEMA)


def features(rows: Iterable[tuple], households: dict[int, int]) -> pa.Table:
    """Features from (pk, first, father, grandfather, family, birth date, mobile, identity
    number, sex) rows, the household looked up in `households` (pk -> household id)."""
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for row in rows:
        for name, value in zip(COLUMNS, row, strict=False):
            columns[name].append(value)
        columns["household"].append(households.get(row[0]))
    return normalise(pa.table(columns, schema=RAW_SCHEMA))


def _read_sql() -> str:
    """One query for every living file with its current household (PostgreSQL COPY)."""
    beneficiary = Beneficiary._meta
    membership = Membership._meta
    merge = MergeRecord._meta
    destruction = DestructionRecord._meta
    fields = [
        beneficiary.pk.column,
        *(
            beneficiary.get_field(name).column
            for name in COLUMNS[1:-1]  # the columns between the id and the household
        ),
    ]
    quote = connection.ops.quote_name
    selected = ", ".join(f"b.{quote(column)}" for column in fields)
    member = membership.get_field("beneficiary").column
    left_on = membership.get_field("left_on").column
    household = membership.get_field("household").column
    merged = merge.get_field("merged").column
    destroyed = destruction.get_field("beneficiary").column
    return (
        f"SELECT {selected}, m.{quote(household)} "  # noqa: S608 (names from the models)
        f"FROM {quote(beneficiary.db_table)} b "
        f"LEFT JOIN {quote(membership.db_table)} m "
        f"ON m.{quote(member)} = b.{quote(beneficiary.pk.column)} AND m.{quote(left_on)} IS NULL "
        f"WHERE NOT EXISTS (SELECT 1 FROM {quote(merge.db_table)} r "
        f"WHERE r.{quote(merged)} = b.{quote(beneficiary.pk.column)}) "
        f"AND NOT EXISTS (SELECT 1 FROM {quote(destruction.db_table)} d "
        f"WHERE d.{quote(destroyed)} = b.{quote(beneficiary.pk.column)})"
    )


def _read_postgresql() -> pa.Table:
    """Every living file as raw columns, streamed by COPY … TO STDOUT as CSV into Arrow (the
    ORM's per-row objects would cost more than the linkage itself at a million files)."""
    buffer = io.BytesIO()
    sql = f"COPY ({_read_sql()}) TO STDOUT (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for data in copy:
            buffer.write(data)
    buffer.seek(0)
    if not buffer.getbuffer().nbytes:
        return RAW_SCHEMA.empty_table()
    return pa_csv.read_csv(
        buffer,
        read_options=pa_csv.ReadOptions(column_names=RAW_SCHEMA.names),
        convert_options=pa_csv.ConvertOptions(
            column_types=RAW_SCHEMA,
            strings_can_be_null=True,  # an unquoted empty field is COPY's NULL
            quoted_strings_can_be_null=False,  # "" is an empty string
        ),
    )


def _read_orm() -> pa.Table:
    households = dict(
        Membership.objects.filter(left_on__isnull=True).values_list(
            "beneficiary_id", "household_id"
        )
    )
    rows = (
        Beneficiary.objects.live()
        .order_by()
        .values_list("pk", *COLUMNS[1:-1])
        .iterator(chunk_size=READ_CHUNK)
    )
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for row in rows:
        for name, value in zip(COLUMNS, row, strict=False):
            columns[name].append(value)
        columns["household"].append(households.get(row[0]))
    return pa.table(columns, schema=RAW_SCHEMA)


def read_records() -> pa.Table:
    """Every living file's features as an Arrow table (ids, never shown to anyone): on
    PostgreSQL by COPY, elsewhere through the ORM; normalised once per distinct value."""
    raw = _read_postgresql() if connection.vendor == "postgresql" else _read_orm()
    return normalise(raw)


# --- the model ---------------------------------------------------------------------------------


def blocking_rules() -> list:
    """Candidate pairs: any one of these agreeing. Any three of the four name parts with the
    sex; one name part with the birth date (or a day off); the mobile alone (a household's
    files: a few per mobile, so cheap — the rules above keep siblings out). A slip or variant
    in one part, a missing grandfather, birth date, mobile or ID are all still reached; a slip
    plus a missing grandfather, birth date and another mobile is not (three name parts, one of
    them with a slip, would need a block as large as all the rest)."""
    return [
        block_on("first_name", "father_name", "family_name", "sex"),
        block_on("first_name", "father_name", "grandfather_name", "sex"),
        block_on("first_name", "grandfather_name", "family_name", "sex"),
        block_on("father_name", "grandfather_name", "family_name", "sex"),
        block_on("first_name", "birth_date"),
        block_on("father_name", "birth_date"),
        block_on("family_name", "birth_date"),
        block_on("mobile"),
        # A birth date a day off (a Hijri date converted twice, a day mistyped).
        *(
            f'l."{part}" = r."{part}" AND l."birth_date" {shift} 1 = r."birth_date"'
            for part in ("first_name", "father_name")
            for shift in ("+", "-")
        ),
    ]


def identity_comparison() -> cl.CustomComparison:
    """The registry refuses one identity number on two files, so a person entered twice has the
    number on one file at most (or another document's number on each): exactly one file
    without a number is evidence *for* a match, both numbers present and different strong
    evidence against. m is fixed by that rule (nothing can learn it from data where equal
    numbers never occur); u — how often random pairs fall in each level — is measured by
    random sampling, so the weight follows how many files of this association lack an ID.
    Both files without a number says nothing (weight 0)."""
    return cl.CustomComparison(
        output_column_name="identity_number",
        comparison_levels=[
            cll.CustomLevel(
                '"identity_number_l" IS NULL AND "identity_number_r" IS NULL',
                label_for_charts="identity_number is NULL on both",
            ).configure(is_null_level=True),
            cll.CustomLevel(
                '"identity_number_l" IS NULL OR "identity_number_r" IS NULL',
                label_for_charts="identity_number on one file only",
            ).configure(m_probability=0.97, fix_m_probability=True),
            cll.ExactMatchLevel("identity_number").configure(
                m_probability=0.01,
                u_probability=1e-7,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.CustomLevel(
                'length("identity_number_l") = 10 AND length("identity_number_r") = 10 '
                'AND left("identity_number_l", 1) = left("identity_number_r", 1) '
                "AND left(\"identity_number_l\", 1) IN ('1', '2')",
                label_for_charts="identity_number of the same kind, different",
            ).configure(m_probability=0.002, fix_m_probability=True),
            cll.ElseLevel().configure(m_probability=0.018, fix_m_probability=True),
        ],
    )


# A slip makes a spelling that is rare in the registry; two real names one letter apart
# (حسن/حسين, محمد/احمد, عمري/شمري) are both common. The rarer spelling of a one-letter
# difference counts as a slip when it is held by at most SLIP_RARE files, or by at most one
# file in SLIP_RATIO of those holding the other spelling.
SLIP_RATIO = 20
SLIP_RARE = 2
NAME_PARTS = ["first_name", "father_name", "grandfather_name", "family_name"]


def count_column(column: str) -> str:
    """The feature holding how many files share the value of `column` (added by make_linker)."""
    return f"{column}_count"


def name_comparison(column: str) -> cl.CustomComparison:
    """One name part: exact (term-frequency adjusted: a common name is weaker evidence); one
    keyboard slip (Damerau-Levenshtein 1: a letter replaced, dropped, doubled or two swapped)
    to a rare spelling; two common names one letter apart (two people, usually); or
    different. Jaro-Winkler is not used: Arabic compound names share long prefixes (عبدالله,
    عبدالرحمن, عبدالعزيز score above 0.9 with each other) and would look alike."""
    count = count_column(column)
    fewer, more = f'least("{count}_l", "{count}_r")', f'greatest("{count}_l", "{count}_r")'
    left, right = f'"{column}_l"', f'"{column}_r"'

    def within(slips: int) -> str:
        # The article is dropped (name_part), but not when a slip fell on it: الزهراني typed
        # ايزهراني stays ايزهراني beside زهراني, one slip from الزهراني.
        return (
            f"(damerau_levenshtein({left}, {right}) <= {slips} "
            f"OR damerau_levenshtein('ال' || {left}, {right}) <= {slips} "
            f"OR damerau_levenshtein({left}, 'ال' || {right}) <= {slips})"
        )

    rare = f"({fewer} <= {SLIP_RARE} OR {fewer} * {SLIP_RATIO} <= {more})"
    return cl.CustomComparison(
        output_column_name=column,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(tf_adjustment_column=column),
            cll.CustomLevel(
                f"{within(1)} AND {rare}",
                label_for_charts=f"{column}: a slip (Damerau-Levenshtein distance <= 1)",
            ),
            cll.CustomLevel(
                within(1),
                label_for_charts=f"{column}: two common names one letter apart",
            ),
            cll.ElseLevel(),
        ],
    )


def birth_date_comparison() -> cl.CustomComparison:
    """Exact; a day or two apart (a Hijri date converted twice, a day typed wrong); one digit
    typed wrong (Levenshtein 1 on the ISO text); anything else. No "within a month/year"
    level: siblings are born a year or two apart, and such a level would pull them together."""
    return cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.NullLevel("birth_date"),
            cll.ExactMatchLevel("birth_date").configure(
                label_for_charts="Exact match on date of birth"
            ),
            cll.CustomLevel(
                'abs(date_diff(\'day\', "birth_date_l", "birth_date_r")) <= 2',
                label_for_charts="birth_date difference <= 2 days",
            ),
            cll.CustomLevel(
                'levenshtein(CAST("birth_date_l" AS VARCHAR), CAST("birth_date_r" AS VARCHAR)) <= 1',
                label_for_charts="birth_date Levenshtein distance <= 1",
            ).configure(m_probability=0.01),
            cll.ElseLevel(),
        ],
    )


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        probability_two_random_records_match=1e-6,
        comparisons=[
            name_comparison("first_name"),
            name_comparison("father_name"),
            name_comparison("grandfather_name"),
            name_comparison("family_name"),
            birth_date_comparison(),
            identity_comparison(),
            cl.ExactMatch("mobile"),
            cl.ExactMatch("sex").configure(m_probabilities=[0.98, 0.02]),
        ],
        additional_columns_to_retain=["household"],
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=False,
    )


def train(
    linker: Linker, records: int, count_pairs: Callable[[tuple[str, ...]], int] | None = None
) -> None:
    """Estimate the model on this data: λ from two near-certain rules, u by random sampling,
    m by EM on three blocks that between them cover every comparison (never the mobile alone,
    which is shared by a household). Identity numbers are unique in the registry, so no block
    uses them: a duplicate is a file without the number, or with another document's."""
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "father_name", "family_name", "birth_date", "sex")],
        recall=0.6,
    )
    linker.training.estimate_u_using_random_sampling(
        max_pairs=max(1e6, min(5e6, records * 5)), seed=1
    )
    for rule_columns in (
        ("first_name", "family_name", "birth_date"),
        ("mobile", "birth_date"),
        ("first_name", "father_name", "grandfather_name", "family_name", "mobile"),
    ):
        if count_pairs is not None and not count_pairs(rule_columns):
            # A small registry may have no pair in a block: the other blocks still train.
            logger.warning("duplicate scan: a training block had no pairs")
            continue
        linker.training.estimate_parameters_using_expectation_maximisation(
            block_on(*rule_columns), estimate_without_term_frequencies=True
        )


def make_linker(
    table: pa.Table | str, model: dict | None
) -> tuple[Linker, int, Callable[[tuple[str, ...]], int]]:
    """A linker on `table` (an Arrow table, or the path of a Parquet file) in a private
    in-memory DuckDB, the number of records, and a counter of the pairs a block makes."""
    connection = duckdb.connect(":memory:")
    api = DuckDBAPI(connection)
    if isinstance(table, str):
        source = "read_parquet(?)"
        parameters = [table]
    else:
        connection.register("arrow_records", table)
        source, parameters = "arrow_records", []
    # How many files hold each name part's value, for telling a slip from another name.
    counts = ", ".join(
        f'count(*) OVER (PARTITION BY "{part}") AS "{count_column(part)}"' for part in NAME_PARTS
    )
    connection.execute(
        f"CREATE TABLE file_records AS SELECT *, {counts} FROM {source}",  # noqa: S608
        parameters,
    ).fetchall()
    data = api.register("file_records", table_name="beneficiaries")
    records = connection.execute("SELECT count(*) FROM file_records").fetchall()[0][0]
    name = "file_records"

    def count_pairs(columns: tuple[str, ...]) -> int:
        # The column names are this module's constants (COLUMNS), never user input.
        assert set(columns) <= set(COLUMNS)
        keys = ", ".join(f'"{c}"' for c in columns)
        present = " AND ".join(f'"{c}" IS NOT NULL' for c in columns)
        sql = f"SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM {name} WHERE {present} GROUP BY {keys})"  # noqa: S608
        return int(connection.execute(sql).fetchall()[0][0])

    linker = Linker(data, model if model is not None else settings(), log_level=logging.WARNING)
    return linker, records, count_pairs


def _signature(model: dict) -> tuple:
    """What decides a model's scores besides its trained probabilities: each comparison's
    levels (condition and label) and the blocking rules."""
    comparisons = tuple(
        (
            comparison["output_column_name"],
            tuple(
                (level.get("sql_condition", ""), level.get("label_for_charts", ""))
                for level in comparison["comparison_levels"]
            ),
        )
        for comparison in model.get("comparisons", [])
    )
    rules = tuple(
        rule["blocking_rule"] if isinstance(rule, dict) else str(rule)
        for rule in model.get("blocking_rules_to_generate_predictions", [])
    )
    return comparisons, rules


def model_is_current(model: dict) -> bool:
    """Whether a stored model has this module's comparisons and blocking rules (a model trained
    by an earlier version is trained again rather than scored with outdated levels)."""
    return _signature(model) == _signature(settings().create_settings_dict("duckdb"))


def level_weights(linker: Linker) -> dict[str, list[tuple[float, str]]]:
    """Each comparison's levels as (match weight, label), the null level (weight 0) first. The
    weights are the linker's own, defaults included for a level EM could not train (a small
    registry): splink 5 keeps them on its settings object, not in the saved model."""
    return {
        comparison.output_column_name: [
            (level._log2_bayes_factor, level.label_for_charts)
            for level in comparison.comparison_levels
        ]
        for comparison in linker._settings_obj.comparisons
    }


def explanation(
    row: dict[str, Any], levels: dict[str, list[tuple[float, str]]]
) -> list[dict[str, Any]]:
    """Each comparison's level and match weight for one pair (the level it fell in, and its
    weight with the term-frequency adjustment for a common or rare name). splink 5 returns
    each comparison's weight (mw_…), not its level: the level is the one with that weight, a
    weight of exactly 0 being a missing value (null levels weigh 0)."""
    result = []
    for key, weights in levels.items():
        base = float(row.get(f"mw_{key}") or 0.0)
        adjustment = float(row.get(f"mw_tf_adj_{key}") or 0.0)
        if base == 0.0 or len(weights) < 2:
            label = weights[0][1] if weights else "is NULL"
        else:
            label = min(weights[1:], key=lambda level: abs(level[0] - base))[1]
        result.append(
            {
                "key": key,
                "label": COMPARISON_LABELS.get(key, key),
                "level": level_label(label),
                "weight": round(base + adjustment, 2),
            }
        )
    return result


SAME = level_label("Exact match")
SLIP = level_label("Damerau-Levenshtein distance <= 1")
OTHER_NAME = level_label("two common names one letter apart")
DIFFERENT = level_label("All other comparisons")
NEAR_DATE = level_label("birth_date difference <= 2 days")
OTHER_NUMBER = level_label("identity_number of the same kind, different")


def _by_key(explained: list[dict[str, Any]]) -> dict[str, str]:
    return {row["key"]: row["level"] for row in explained}


def same_person_in_household(explained: list[dict[str, Any]]) -> bool:
    """Two files in one household are two people (siblings share the mobile, father,
    grandfather and family name; twins the birth date too) unless the first name agrees (or
    differs by a slip), the birth date agrees (within two days), the sex does not differ and
    they do not carry two identity numbers of the same kind."""
    levels = _by_key(explained)
    return (
        levels["first_name"] in (SAME, SLIP)
        and levels["birth_date"] in (SAME, NEAR_DATE)
        and levels["sex"] != DIFFERENT
        and levels["identity_number"] != OTHER_NUMBER
    )


def different_first_names(explained: list[dict[str, Any]]) -> bool:
    """First names that differ by more than one slip, or are two common names one letter apart,
    belong to two people: relatives share the father's, grandfather's and family name and
    often the mobile, which would otherwise outweigh the one part that tells them apart."""
    return _by_key(explained)["first_name"] in (DIFFERENT, OTHER_NAME)


def same_birth_date(explained: list[dict[str, Any]]) -> bool:
    return _by_key(explained)["birth_date"] == SAME


def link(
    table: pa.Table | str,
    *,
    model: dict | None = None,
    threshold: float = THRESHOLD,
    on_stage: Callable[[str, int], None] | None = None,
) -> tuple[list[dict[str, Any]], dict]:
    """Score the pairs of `table`; returns (pairs above `threshold`, the model used).

    Each pair: {"first": id, "second": id (first < second), "score", "match_weight",
    "explanation"}. With no `model` the model is trained on this data first.
    """
    linker, records, count_pairs = make_linker(table, model)
    if model is None:
        if on_stage:
            on_stage("train", 30)
        train(linker, records, count_pairs)
    trained = linker.misc.save_model_to_json()
    if on_stage:
        on_stage("predict", 60)
    predictions = linker.inference.predict(threshold_match_probability=threshold)
    levels = level_weights(linker)
    columns = [
        "unique_id_l",
        "unique_id_r",
        "match_probability",
        "match_weight",
        "household_l",
        "household_r",
        *(f"mw_{key}" for key in levels),
        *(f"mw_tf_adj_{key}" for key in levels),
    ]
    available = set(predictions.as_duckdbpyrelation().columns)
    columns = [c for c in columns if c in available]
    relation = predictions.as_duckdbpyrelation().select(", ".join(f'"{c}"' for c in columns))
    pairs = []
    for values in relation.fetchall():
        row = dict(zip(columns, values, strict=True))
        explained = explanation(row, levels)
        one_household = row["household_l"] is not None and row["household_l"] == row["household_r"]
        if one_household and not same_person_in_household(explained):
            continue
        if different_first_names(explained) and not same_birth_date(explained):
            continue
        first, second = sorted((int(row["unique_id_l"]), int(row["unique_id_r"])))
        households = {
            int(row["unique_id_l"]): row["household_l"],
            int(row["unique_id_r"]): row["household_r"],
        }
        pairs.append(
            {
                "first": first,
                "second": second,
                "score": float(row["match_probability"]),
                "match_weight": float(row["match_weight"]),
                "explanation": explained,
                "households": (households[first], households[second]),
            }
        )
    pairs = best_in_each_household(pairs)
    for pair in pairs:
        del pair["households"]
    return pairs, trained


def best_in_each_household(pairs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A file is proposed as the duplicate of at most one member of another household: the
    best-scoring one (ties all kept). A person entered twice matches their own file best;
    their brothers and sisters share the father, grandfather, family name and mobile and would
    otherwise be proposed beside them. Each pair carries "households": (first's, second's)."""
    best: dict[tuple[int, int], float] = {}
    for pair in pairs:
        for file, other_household in _file_and_other_household(pair):
            key = (file, other_household)
            best[key] = max(best.get(key, -math.inf), pair["match_weight"])
    return [
        pair
        for pair in pairs
        if all(
            pair["match_weight"] >= best[(file, other_household)]
            for file, other_household in _file_and_other_household(pair)
        )
    ]


def _file_and_other_household(pair: dict[str, Any]) -> list[tuple[int, int]]:
    """(file, the other file's household) for each side whose partner is in a household the
    file itself is not in."""
    first_household, second_household = pair["households"]
    result = []
    if second_household is not None and second_household != first_household:
        result.append((pair["first"], second_household))
    if first_household is not None and first_household != second_household:
        result.append((pair["second"], first_household))
    return result


# --- filling the queue -----------------------------------------------------------------------


def fill_queue(pairs: list[dict[str, Any]], *, scan: DuplicateScan | None = None) -> int:
    """Add new pairs to the review queue; refresh the score of open ones; skip decided ones.

    Pairs involving a merged file are skipped too. Returns how many pairs were added."""
    existing = {
        (first, second): (pk, status)
        for pk, first, second, status in DuplicateCandidate.objects.values_list(
            "pk", "first_id", "second_id", "status"
        ).iterator(chunk_size=10_000)
    }
    merged = set(Beneficiary.objects.closed().values_list("pk", flat=True))
    new, refreshed = [], []
    for pair in pairs:
        key = (pair["first"], pair["second"])
        if key[0] in merged or key[1] in merged:
            continue
        found = existing.get(key)
        if found is None:
            new.append(
                DuplicateCandidate(
                    first_id=key[0],
                    second_id=key[1],
                    score=pair["score"],
                    match_weight=pair["match_weight"],
                    explanation=pair["explanation"],
                    source=DuplicateSource.SCAN,
                    scan=scan,
                )
            )
            existing[key] = (None, DuplicateStatus.OPEN)
        elif found[1] == DuplicateStatus.OPEN and found[0] is not None:
            refreshed.append(
                DuplicateCandidate(
                    pk=found[0],
                    score=pair["score"],
                    match_weight=pair["match_weight"],
                    explanation=pair["explanation"],
                )
            )
    with transaction.atomic():
        # The queue is a work list; its decisions (not these proposals) go to history.
        DuplicateCandidate.objects.bulk_create(new, batch_size=WRITE_BATCH, ignore_conflicts=True)
        DuplicateCandidate.objects.bulk_update(
            refreshed, ["score", "match_weight", "explanation"], batch_size=WRITE_BATCH
        )
    return len(new)


# --- the whole scan ----------------------------------------------------------------------------


def _update(scan: DuplicateScan, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(scan, name, value)
    DuplicateScan.objects.filter(pk=scan.pk).update(**fields)


STAGES = {
    "read": "قراءة الملفات",
    "train": "تدريب النموذج",
    "predict": "مقارنة الملفات",
    "fill": "تعبئة قائمة المراجعة",
    "done": "اكتمل",
}


def run_scan(scan: DuplicateScan, *, threshold: float = THRESHOLD) -> DuplicateScan:
    """Run `scan` to the end, recording progress; a failure is recorded, then re-raised."""
    _update(
        scan,
        state=DuplicateScan.State.RUNNING,
        started_at=timezone.now(),
        progress=5,
        stage=STAGES["read"],
    )
    try:
        table = read_records()
        _update(scan, records=table.num_rows, progress=25)
        if table.num_rows < 2:
            _update(
                scan,
                state=DuplicateScan.State.DONE,
                progress=100,
                stage=STAGES["done"],
                finished_at=timezone.now(),
            )
            return scan
        current = None if scan.retrain else LinkageModel.objects.first()
        if current is not None and not model_is_current(current.settings):
            current = None  # trained before the comparisons changed: train again

        def on_stage(stage: str, progress: int) -> None:
            _update(scan, stage=STAGES[stage], progress=progress)

        pairs, trained = link(
            table,
            model=current.settings if current else None,
            threshold=threshold,
            on_stage=on_stage,
        )
        if current is None:
            current = LinkageModel.objects.create(
                records=table.num_rows, splink_version=splink.__version__, settings=trained
            )
        _update(scan, model=current, pairs=len(pairs), stage=STAGES["fill"], progress=85)
        added = fill_queue(pairs, scan=scan)
        _update(
            scan,
            added=added,
            state=DuplicateScan.State.DONE,
            progress=100,
            stage=STAGES["done"],
            finished_at=timezone.now(),
        )
    except Exception as error:
        logger.exception("duplicate scan %s failed", scan.pk)
        _update(
            scan,
            state=DuplicateScan.State.FAILED,
            error=type(error).__name__,
            finished_at=timezone.now(),
        )
        raise
    return scan
