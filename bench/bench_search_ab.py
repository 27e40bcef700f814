"""Benchmark: the name search of another version of `search.py` beside this one, interleaved.

    git show REV:silah/registry/search.py > /tmp/search_before.py
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_search
    flock /tmp/bench.lock .venv/bin/python bench/bench_search_ab.py --old /tmp/search_before.py

On a shared machine the load changes between two runs of bench_registry_search.py more than a
change of the search does. This script imports both versions side by side and runs the same
queries (bench_registry_search's, same seed) through each in alternation, `--repeat` times,
keeping each query's fastest time: the load hits both alike. Prints p50/p95/p99 of each, the
hit rates, the per-query time ratio and the queries whose rank changed. Needs the database of
bench_registry_search.py (it does not write one).
"""

import argparse
import importlib.util
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silah.settings")

import django

django.setup()

from bench.bench_registry_search import make_queries, pct  # noqa: E402
from bench.registry_data import generate  # noqa: E402
from silah.registry import search as current  # noqa: E402
from silah.registry.models import Beneficiary  # noqa: E402


def _load(path: str):
    spec = importlib.util.spec_from_file_location("search_other", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="the other version's search.py")
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--lookups", type=int, default=500, help="as given to the benchmark")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    versions = {"old": _load(args.old), "new": current}
    rng = random.Random(args.seed)
    registry = generate(args.people, seed=args.seed)
    people = registry.people
    planted = {number for pair in registry.planted_pairs for number in pair}
    # bench_registry_search draws its lookups from the same generator first: replay them.
    rng.sample([p for p in people if p.identity_number], args.lookups)
    rng.sample([p for p in people if p.mobile], args.lookups)
    queries = make_queries(people, planted, rng, args.queries)
    pks = dict(Beneficiary.objects.values_list("file_number", "pk").iterator(chunk_size=50_000))
    everyone = Beneficiary.objects.all()
    for text, _target, _ambiguous in queries[:50]:  # warm both
        for module in versions.values():
            module.search_beneficiaries(everyone, text)
    times: dict[str, list[float]] = {name: [] for name in versions}
    ranks: dict[str, list[int | None]] = {name: [] for name in versions}
    load_before = os.getloadavg()
    for number, (text, target, _ambiguous) in enumerate(queries):
        order = list(versions.items()) if number % 2 == 0 else list(reversed(versions.items()))
        best = dict.fromkeys(versions, float("inf"))
        for _repeat in range(args.repeat):
            for name, module in order:
                start = time.perf_counter()
                module.search_beneficiaries(everyone, text)
                best[name] = min(best[name], time.perf_counter() - start)
        for name, module in versions.items():
            times[name].append(best[name])
            found = [hit.beneficiary.pk for hit in module.search_beneficiaries(everyone, text)]
            ranks[name].append(found.index(pks[target]) + 1 if pks[target] in found else None)
    load_after = os.getloadavg()
    clear = [i for i, (_t, _target, ambiguous) in enumerate(queries) if not ambiguous]
    for name in versions:
        series = times[name]
        top10 = sum(1 for i in clear if ranks[name][i] and ranks[name][i] <= 10)
        top1 = sum(1 for i in clear if ranks[name][i] == 1)
        print(
            f"{name}: p50 {pct(series, 0.5) * 1000:.1f} ms, p95 {pct(series, 0.95) * 1000:.1f} "
            f"ms, p99 {pct(series, 0.99) * 1000:.1f} ms; top 10 {top10}/{len(clear)}, "
            f"first {top1}/{len(clear)}"
        )
    ratios = sorted(n / o for o, n in zip(times["old"], times["new"], strict=True))
    print(
        f"per query new/old: median {ratios[len(ratios) // 2]:.3f}, "
        f"p90 {ratios[int(len(ratios) * 0.9)]:.3f}"
    )
    for i in clear:
        if ranks["old"][i] != ranks["new"][i]:
            print(f"rank {ranks['old'][i]} -> {ranks['new'][i]}: {queries[i][0]}")
    print(
        f"load {load_before[0]:.1f}/{load_before[1]:.1f}/{load_before[2]:.1f} -> "
        f"{load_after[0]:.1f}/{load_after[1]:.1f}/{load_after[2]:.1f}"
    )


if __name__ == "__main__":
    main()
