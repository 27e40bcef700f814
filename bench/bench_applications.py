"""The work queues and intake at the size of issue 7, on PostgreSQL.

Run against a database filled by `bench/applications_data.py` (1,000,000 beneficiaries,
3,000,000 requests), alone under the benchmark lock:

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_apps
    flock /tmp/bench.lock .venv/bin/python bench/bench_applications.py --runs 200 --intakes 200

For each work-queue page (`/requests/?tab=…`, with its default sort and a few filters) as the
role that works it: p50/p95 over `--runs` GETs through Django's test client (the whole
request: middleware, session, permissions, the queries, the template; without the test
environment's instrumented rendering; DEBUG off and the connection kept, as production
serves), after 3 warm-up GETs; then the SQL the page ran (captured with
`CaptureQueriesContext` on one more GET), replayed statement by statement on a separate
psycopg connection `--runs` times after 3 warm-up replays, and the ratio of the page's p95 to
the SQL's p95. The number of statements of each page is printed
beside it. Then `--intakes` intakes through `workflow.receive` (request, checklist, history
line, clock when complete, outbox message; one transaction, committed) in this process.
`uptime`'s load is printed before and after each measure.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load() -> str:
    """The load averages (1, 5, 15 minutes) as `uptime` prints them."""
    out = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout  # noqa: S607
    return out.rsplit("load average:", 1)[-1].strip()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


# The pages: (label, user, query string, target p95 in seconds).
def pages(users: dict, services: list, branches: list) -> list[tuple[str, object, str, float]]:
    officer, researcher, manager = users["officer"], users["researcher"], users["manager"]
    food, money, health = services[1].pk, services[0].pk, services[3].pk
    second = branches[1].pk
    return [
        ("intake today (officer)", officer, "tab=intake", 0.150),
        ("intake today, channel=interview", officer, "tab=intake&channel=interview", 0.150),
        ("waiting for completion (officer)", officer, "tab=completion", 0.150),
        ("waiting for completion, state=returned", officer, "tab=completion&state=returned", 0.150),
        ("waiting for completion, service", officer, f"tab=completion&service={food}", 0.150),
        ("waiting for routing (officer)", officer, "tab=routing", 0.150),
        ("my research visits (researcher)", researcher, "tab=visits", 0.150),
        ("my research visits, service", researcher, f"tab=visits&service={money}", 0.150),
        ("next committee agenda (manager)", manager, "tab=committee", 0.150),
        ("next committee agenda, branch", manager, f"tab=committee&branch={second}", 0.150),
        ("waiting for decision (manager)", manager, "tab=decision", 0.150),
        ("waiting for delivery (officer)", officer, "tab=delivery", 0.150),
        ("waiting for delivery, service", officer, f"tab=delivery&service={food}", 0.150),
        ("waiting for delivery, newest first", officer, "tab=delivery&sort=-received", 0.150),
        ("late and at risk (manager, all branches)", manager, "tab=late", 0.200),
        ("late and at risk, branch", manager, f"tab=late&branch={second}", 0.200),
        ("late and at risk, service", manager, f"tab=late&service={health}", 0.200),
        ("late and at risk, furthest due first", manager, "tab=late&sort=-deadline", 0.200),
        ("late and at risk (officer, own branch)", officer, "tab=late", 0.200),
        # Not queues, for reading the ratios above: what every page pays (the session, the
        # user, the middleware, the menu and the base template) on a page with nothing else
        # (`bench_page_floor.py`'s empty page), and a small real page.
        ("not a queue: an empty page in base.html", manager, "/floor/shell/", 0.150),
        ("not a queue: the account page (manager)", manager, "/accounts/profile/", 0.150),
    ]


WARM_UP = 3  # GETs of a page, and replays of its SQL, before either is timed


def time_page(client, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code} {response.get('Location', '')}")
    return times


def capture(client, url: str) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return [query["sql"] for query in captured.captured_queries]


DECLARE = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR (WITH(OUT)? HOLD )?FOR ', re.I)


def time_sql(raw, statements: list[str], runs: int) -> list[float]:
    """The page's statements one after the other, as a page runs them, `runs` times."""
    replay = [
        DECLARE.sub("", s)  # a server-side cursor's query, run as is (fetched whole)
        for s in statements
        if not s.upper().startswith(("SAVEPOINT", "RELEASE"))
    ]
    times = []
    for run in range(runs + WARM_UP):
        start = time.perf_counter()
        with raw.cursor() as cursor:
            for sql in replay:
                cursor.execute(sql.replace("%", "%%"))
                if cursor.description:
                    cursor.fetchall()
        raw.commit()
        if run >= WARM_UP:  # warmed up as the page is
            times.append(time.perf_counter() - start)
    return times


def bench_pages(args, users, services, branches) -> list[dict]:
    import psycopg
    from django.db import connection
    from django.test import Client

    settings = connection.settings_dict
    raw = psycopg.connect(
        f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']} "
        f"dbname={settings['NAME']}"
    )
    clients = {}
    results = []
    for label, user, query, target in pages(users, services, branches):
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        client = clients[user.pk]
        url = query if query.startswith("/") else f"/requests/?{query}"
        before = load()
        time_page(client, url, WARM_UP)
        page = time_page(client, url, args.runs)
        statements = capture(client, url)
        sql = time_sql(raw, statements, args.runs)
        after = load()
        row = {
            "label": label,
            "url": url,
            "queries": len(statements),
            "p50": statistics.median(page),
            "p95": percentile(page, 95),
            "sql_p50": statistics.median(sql),
            "sql_p95": percentile(sql, 95),
            "target": target,
            "load": f"{before} → {after}",
        }
        row["ratio"] = row["p95"] / row["sql_p95"]
        results.append(row)
        print(
            f"{label:44} q={row['queries']:2} page p50 {ms(row['p50']):>6} p95 {ms(row['p95']):>6}"
            f" ms | SQL p50 {ms(row['sql_p50']):>6} p95 {ms(row['sql_p95']):>6} ms"
            f" | ×{row['ratio']:.2f} | target {ms(target)} "
            f"{'ok' if row['p95'] < target and row['ratio'] <= 3 else 'MISSED'} | load {row['load']}",
            flush=True,
        )
        if args.show_sql:
            for sql in statements:
                print("    ", sql[:2000])
    raw.close()
    return results


def bench_intake(args, officer, services) -> dict:
    from silah.applications import workflow
    from silah.applications.models import UNDECIDED_STATES, Application
    from silah.registry.models import Beneficiary
    from silah.services.models import Requirement

    rng = random.Random(args.seed)
    service = services[1]  # the monthly food basket: the commonest request
    branch = officer.branches.order_by("pk").first()
    items = list(
        service.requirements.filter(kind=Requirement.Kind.ITEM).values_list("pk", flat=True)
    )
    ids = list(
        Beneficiary.objects.filter(branch=branch)
        .exclude(
            pk__in=Application.objects.filter(service=service, state__in=UNDECIDED_STATES).values(
                "beneficiary"
            )
        )
        .values_list("pk", flat=True)[:50_000]
    )
    chosen = rng.sample(ids, args.intakes + 10)
    times = []
    before = load()
    for pk in chosen:
        beneficiary = Beneficiary.objects.get(pk=pk)
        start = time.perf_counter()
        workflow.receive(
            beneficiary=beneficiary,
            service=service,
            actor=officer,
            channel="interview",
            branch=branch,
            ticked=items,
        )
        times.append(time.perf_counter() - start)
    times = times[10:]  # the first ten warm the caches
    after = load()
    result = {
        "n": len(times),
        "p50": statistics.median(times),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "load": f"{before} → {after}",
    }
    print(
        f"intake (workflow.receive) ×{result['n']}: p50 {ms(result['p50'])} p95 "
        f"{ms(result['p95'])} p99 {ms(result['p99'])} ms | target p95 30 ms "
        f"{'ok' if result['p95'] < 0.030 else 'MISSED'} | load {result['load']}",
        flush=True,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--intakes", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", default="", help="run the pages whose label contains this")
    parser.add_argument("--show-sql", action="store_true")
    parser.add_argument("--no-intake", action="store_true")
    args = parser.parse_args(argv)

    from bench.bench_page_floor import serve_as_production

    serve_as_production()  # with an empty page in base.html beside Silah's
    from silah.accounts.models import Branch, User
    from silah.applications.models import Application
    from silah.registry.models import Beneficiary
    from silah.services.models import Service

    users = {
        "officer": User.objects.get(username="bench-officer-1-1"),
        "researcher": User.objects.get(username="bench-researcher-1-1"),
        "manager": User.objects.get(username="manager"),
    }
    services = list(Service.objects.filter(is_active=True).order_by("pk"))[:5]
    branches = list(Branch.objects.order_by("pk"))[:10]
    print(
        f"{Beneficiary.objects.count():,} beneficiaries, {Application.objects.count():,} "
        f"requests; runs {args.runs}; load {load()}",
        flush=True,
    )
    global pages
    if args.only:
        every = pages
        pages = lambda *a: [p for p in every(*a) if args.only in p[0]]  # noqa: E731
    bench_pages(args, users, services, branches)
    if not args.no_intake:
        bench_intake(args, users["officer"], services)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
