"""Benchmark: the full duplicate scan at scale on PostgreSQL, beside splink alone on a file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_dedup \\
        .venv/bin/python -m bench.bench_duplicate_scan --n 1000000

1. (unless the database already holds exactly N files) generate N synthetic files with
   bench.registry_data (planted duplicates included) and write them to the database;
2. end to end, timed: silah.registry.scan.run_scan — read every file from PostgreSQL,
   normalise, train the model, predict, fill the review queue; precision and recall of the
   queue against the planted pairs;
3. splink alone, timed, on the same records: the same features written to a Parquet file
   beforehand (not timed), then read, trained and predicted with the same settings;
   precision and recall again, and the ratio end-to-end / splink alone.

Prints one JSON object with the figures. Needs a database created with a UTF-8 ctype.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silah.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _scores(found: set[tuple], planted: set[tuple]) -> dict[str, float]:
    hits = len(found & planted)
    return {
        "pairs_found": len(found),
        "planted": len(planted),
        "true_positives": hits,
        "precision": round(hits / len(found), 4) if found else 0.0,
        "recall": round(hits / len(planted), 4) if planted else 0.0,
    }


def _feature_rows(people):
    """(id, first, father, grandfather, family, birth, mobile, identity, sex) per Person, the
    id being the person's index (the file is independent of the database)."""
    for index, p in enumerate(people):
        yield (
            index,
            p.first_name,
            p.father_name,
            p.grandfather_name,
            p.family_name,
            p.birth_date,
            p.mobile,
            p.identity_number,
            p.sex,
        )


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--with-name-index",
        action="store_true",
        help="also build the search name index when writing (the scan does not use it)",
    )
    args = parser.parse_args(argv)
    if "postgres" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (UTF-8 ctype).")

    _setup()
    import pyarrow as pa
    import pyarrow.parquet as pq
    from django.db import connection

    from bench.registry_data import generate, write_database
    from silah.accounts.models import User
    from silah.registry import scan as scanning
    from silah.registry.models import Beneficiary, DuplicateCandidate, DuplicateScan

    figures: dict = {
        "n": args.n,
        "seed": args.seed,
        "threshold": scanning.THRESHOLD,
        "load_average_at_start": os.getloadavg()[0],
    }
    started = time.perf_counter()
    registry = generate(args.n, seed=args.seed)
    figures["generate_s"] = round(time.perf_counter() - started, 1)

    if Beneficiary.objects.count() != args.n:
        if Beneficiary.objects.exists():
            sys.exit("The database holds another registry: use an empty database.")
        started = time.perf_counter()
        if args.with_name_index:
            write_database(registry)
        else:
            # Adapter: the scan reads no name index, so building it is skipped here.
            from silah.registry import search_index

            rebuild, search_index.rebuild_index = search_index.rebuild_index, lambda: None
            try:
                write_database(registry)
            finally:
                search_index.rebuild_index = rebuild
        figures["write_database_s"] = round(time.perf_counter() - started, 1)

    # --- end to end -------------------------------------------------------------------------
    DuplicateCandidate.objects.all().delete()
    user, _created = User.objects.get_or_create(username="bench_dedup")
    scan = DuplicateScan.objects.create(started_by=user, retrain=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    started = time.perf_counter()
    scanning.run_scan(scan)
    end_to_end = time.perf_counter() - started
    scan.refresh_from_db()
    pk_of = dict(Beneficiary.objects.values_list("file_number", "pk").iterator(chunk_size=50_000))
    planted_pks = {tuple(sorted((pk_of[a], pk_of[b]))) for a, b in registry.planted_pairs}
    found = set(DuplicateCandidate.objects.values_list("first_id", "second_id"))
    figures["end_to_end"] = {
        "seconds": round(end_to_end, 1),
        "records": scan.records,
        "added_to_queue": scan.added,
        **_scores(found, planted_pks),
    }

    # --- splink alone on a file ---------------------------------------------------------------
    table = scanning.features(_feature_rows(registry.people), {})
    households = pa.array([p.household or None for p in registry.people], pa.int64())
    table = table.set_column(table.schema.get_field_index("household"), "household", households)
    index_of = {p.file_number: i for i, p in enumerate(registry.people)}
    planted_index = {tuple(sorted((index_of[a], index_of[b]))) for a, b in registry.planted_pairs}
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "records.parquet")
        pq.write_table(table, path)
        started = time.perf_counter()
        pairs, _model = scanning.link(path)
        alone = time.perf_counter() - started
    found_alone = {(pair["first"], pair["second"]) for pair in pairs}
    figures["splink_alone"] = {"seconds": round(alone, 1), **_scores(found_alone, planted_index)}
    figures["ratio_end_to_end_to_splink"] = round(end_to_end / alone, 2)
    figures["load_average_at_end"] = os.getloadavg()[0]
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    return figures


if __name__ == "__main__":
    main()
