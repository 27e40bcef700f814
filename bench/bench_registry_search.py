"""Benchmark: registry lookups, Arabic name search and the duplicate check on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres -E UTF8 -T template0 --lc-ctype=C.UTF-8 \\
        --lc-collate=C.UTF-8 silah_bench_search
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_search
    .venv/bin/silah migrate
    .venv/bin/python bench/bench_registry_search.py --people 1000000 --seed 7

Generates the registry (bench/registry_data.py) if the database has no beneficiaries, then
measures, with the registry of the same seed in memory to know who each query means:

- lookup by identity number and by mobile (search_beneficiaries, whole function);
- name search: a person's name typed with 3 or 4 parts and one spelling variant or typo;
  the hit rate counts the intended person in the top 10, over the queries whose correctly
  spelt name belongs to one person only (the others are counted and reported as ambiguous);
- the same query's candidate SQL alone, with the candidates' names as the search reads them
  (the ratio of the whole search to its SQL);
- the duplicate check on save (likely_duplicates) for planted duplicates, and whether it
  proposes the original;
- pg_trgm similarity on full_name_normalized (GIN trigram index) as the peer.

Prints a markdown section (the one in docs/benchmarks.md).
"""

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silah.settings")

import django

django.setup()

from django.db import connection  # noqa: E402

from bench.registry_data import Person, generate, typo, variant, write_database  # noqa: E402
from silah.registry.duplicates import likely_duplicates  # noqa: E402
from silah.registry.models import Beneficiary  # noqa: E402
from silah.registry.search import (  # noqa: E402
    candidates_sql,
    prepare_name_query,
    search_beneficiaries,
)
from silah.registry.search_index import search_words  # noqa: E402

PARTS = ("first_name", "father_name", "grandfather_name", "family_name")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


def clean_key(person: Person, parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple("".join(search_words(getattr(person, part))) for part in parts)


def make_queries(people, planted, rng, count):
    """(text, target file number, ambiguous?) for `count` people not in a planted pair."""
    by4 = Counter(clean_key(p, PARTS) for p in people if p.grandfather_name)
    by3 = Counter(clean_key(p, ("first_name", "father_name", "family_name")) for p in people)
    no_grand = Counter(
        clean_key(p, ("first_name", "father_name", "family_name"))
        for p in people
        if not p.grandfather_name
    )
    queries = []
    while len(queries) < count:
        person = rng.choice(people)
        if person.file_number in planted or not person.grandfather_name:
            continue
        parts = list(PARTS) if rng.random() < 0.5 else ["first_name", "father_name", "family_name"]
        words = [getattr(person, part) for part in parts]
        index = rng.randrange(len(words))
        changed = variant(rng, words[index]) if rng.random() < 0.5 else typo(rng, words[index])
        if changed == words[index]:
            changed = typo(rng, words[index])
        words[index] = changed
        key3 = clean_key(person, ("first_name", "father_name", "family_name"))
        if len(parts) == 4:
            others = by4[clean_key(person, PARTS)] + no_grand[key3] - 1
        else:
            others = by3[key3] - 1
        queries.append((" ".join(words), person.file_number, others > 0))
    return queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--lookups", type=int, default=1000)
    parser.add_argument("--duplicates", type=int, default=1000)
    parser.add_argument("--trgm-queries", type=int, default=300)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("set DATABASE_URL to a PostgreSQL database")
    rng = random.Random(args.seed)
    load_before = os.getloadavg()
    t0, registry = timed(generate, args.people, seed=args.seed)
    print(f"generated {len(registry.people)} people in {t0:.0f} s", file=sys.stderr)
    if not Beneficiary.objects.exists():
        t1, _ = timed(write_database, registry)
        print(f"written to the database in {t1:.0f} s", file=sys.stderr)
    total = Beneficiary.objects.count()
    pks = dict(Beneficiary.objects.values_list("file_number", "pk").iterator(chunk_size=50_000))
    everyone = Beneficiary.objects.all()
    people = registry.people
    planted = {file_number for pair in registry.planted_pairs for file_number in pair}

    # Lookups by identity number and mobile.
    with_id = [p for p in people if p.identity_number]
    with_mobile = [p for p in people if p.mobile]
    id_times, mobile_times = [], []
    for person in rng.sample(with_id, args.lookups):
        seconds, hits = timed(search_beneficiaries, everyone, person.identity_number)
        assert hits and hits[0].beneficiary.file_number == person.file_number
        id_times.append(seconds)
    for person in rng.sample(with_mobile, args.lookups):
        typed = "0" + person.mobile[4:]  # as people type it: 05NNNNNNNN
        seconds, hits = timed(search_beneficiaries, everyone, typed)
        assert any(hit.beneficiary.file_number == person.file_number for hit in hits)
        mobile_times.append(seconds)

    # Name search.
    queries = make_queries(people, planted, rng, args.queries)
    for text, _target, _ambiguous in queries[:50]:  # warm the caches and the vocabulary
        search_beneficiaries(everyone, text)
    name_times, sql_times, ranks = [], [], []
    for text, target, ambiguous in queries:
        seconds, hits = timed(search_beneficiaries, everyone, text)
        name_times.append(seconds)
        found = [hit.beneficiary.pk for hit in hits]
        rank = found.index(pks[target]) + 1 if pks[target] in found else None
        ranks.append((rank, ambiguous))
        sql, params = candidates_sql(prepare_name_query(text), everyone, with_names=True)
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            sql_times.append(time.perf_counter() - start)
    unambiguous = [rank for rank, ambiguous in ranks if not ambiguous]
    top10 = sum(1 for rank in unambiguous if rank and rank <= 10)
    top1 = sum(1 for rank in unambiguous if rank == 1)
    misses = [
        q
        for q, (rank, amb) in zip(queries, ranks, strict=True)
        if not amb and not (rank and rank <= 10)
    ]

    # The duplicate check on save, for planted duplicates (the duplicate's own values).
    by_file = {p.file_number: p for p in people}
    dup_times, dup_found = [], 0
    for original, duplicate in rng.sample(registry.planted_pairs, args.duplicates):
        person = by_file[duplicate]
        values = {
            "first_name": person.first_name,
            "father_name": person.father_name,
            "grandfather_name": person.grandfather_name,
            "family_name": person.family_name,
            "sex": person.sex,
            "birth_date": person.birth_date,
            "identity_type": person.identity_type,
            "identity_number": person.identity_number,
            "mobile": person.mobile,
            "mobile_2": "",
        }
        seconds, candidates = timed(likely_duplicates, values, exclude_pk=pks[duplicate])
        dup_times.append(seconds)
        dup_found += any(c.beneficiary.pk == pks[original] for c in candidates)

    # pg_trgm as the peer.
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        start = time.perf_counter()
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_trgm_full_name ON registry_beneficiary "
            "USING gin (full_name_normalized gin_trgm_ops)"
        )
        trgm_build = time.perf_counter() - start
        cursor.execute("ANALYZE registry_beneficiary")
    trgm_times, trgm_ranks = [], []
    from silah.core.arabic import normalize_arabic

    for text, target, ambiguous in queries[: args.trgm_queries]:
        with connection.cursor() as cursor:
            start = time.perf_counter()
            cursor.execute(
                "SELECT id FROM registry_beneficiary WHERE full_name_normalized %% %s "
                "ORDER BY similarity(full_name_normalized, %s) DESC, id LIMIT 20",
                [normalize_arabic(text)] * 2,
            )
            found = [row[0] for row in cursor.fetchall()]
            trgm_times.append(time.perf_counter() - start)
        if not ambiguous:
            trgm_ranks.append(found.index(pks[target]) + 1 if pks[target] in found else None)

    n_amb = sum(1 for _r, ambiguous in ranks if ambiguous)
    load_after = os.getloadavg()
    print(f"""
## Registry search and duplicate check

Registry: {total:,} beneficiaries ({len(registry.planted_pairs):,} planted duplicates),
seed {args.seed}. Times are for the whole Python function unless "SQL" is said.

| measure | p50 | p95 | p99 | target |
|---|---|---|---|---|
| lookup by identity number ({len(id_times)}) | {ms(pct(id_times, 0.5))} | {ms(pct(id_times, 0.95))} | {ms(pct(id_times, 0.99))} | p95 < 5 ms |
| lookup by mobile, typed 05… ({len(mobile_times)}) | {ms(pct(mobile_times, 0.5))} | {ms(pct(mobile_times, 0.95))} | {ms(pct(mobile_times, 0.99))} | p95 < 5 ms |
| name search ({len(name_times)} queries) | {ms(pct(name_times, 0.5))} | {ms(pct(name_times, 0.95))} | {ms(pct(name_times, 0.99))} | p95 < 30 ms |
| the same queries' candidate SQL alone | {ms(pct(sql_times, 0.5))} | {ms(pct(sql_times, 0.95))} | {ms(pct(sql_times, 0.99))} | |
| duplicate check on save ({len(dup_times)} planted duplicates) | {ms(pct(dup_times, 0.5))} | {ms(pct(dup_times, 0.95))} | {ms(pct(dup_times, 0.99))} | < 50 ms |
| pg_trgm similarity, top 20 ({len(trgm_times)} of the same queries) | {ms(pct(trgm_times, 0.5))} | {ms(pct(trgm_times, 0.95))} | {ms(pct(trgm_times, 0.99))} | (peer) |

- Name search, ratio of the whole search to its SQL: p50 {pct(name_times, 0.5) / pct(sql_times, 0.5):.1f}×,
  p95 {pct(name_times, 0.95) / pct(sql_times, 0.95):.1f}× (the rest is normalisation, snapping, the
  vocabulary lookup, fetching and re-ranking the candidates, loading the hits).
- Hit rate: the intended person in the top 10 for {top10} of {len(unambiguous)} unambiguous queries
  ({top10 / len(unambiguous):.2%}), first for {top1} ({top1 / len(unambiguous):.2%}).
  {n_amb} of {len(queries)} queries were excluded as ambiguous: their correctly spelt name
  (the 3 or 4 parts typed) is also the name of another person in the registry (mostly
  brothers-in-name: common first, father and family names), so no search can tell whom
  the user meant.
- pg_trgm (GIN trigram index built in {trgm_build:.0f} s): the intended person in its top 20 for
  {sum(1 for r in trgm_ranks if r)} of {len(trgm_ranks)} unambiguous queries
  ({sum(1 for r in trgm_ranks if r) / max(len(trgm_ranks), 1):.2%}), top 10 for
  {sum(1 for r in trgm_ranks if r and r <= 10)}.
- Load average (1, 5, 15 min) at the start {load_before[0]:.1f} / {load_before[1]:.1f} /
  {load_before[2]:.1f}, at the end {load_after[0]:.1f} / {load_after[1]:.1f} / {load_after[2]:.1f}.
- Duplicate check: the original proposed for {dup_found} of {len(dup_times)} planted
  duplicates ({dup_found / len(dup_times):.2%}).
""")
    if misses:
        print(f"<!-- {len(misses)} unambiguous misses (not personal data: synthetic) -->")
        for text, target, _ambiguous in misses[:15]:
            print(f"<!-- miss: {text} -> {target} -->")


if __name__ == "__main__":
    main()
