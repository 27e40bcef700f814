# ruff: noqa: S608 (SQL built from this file's constants and integers only)
"""Synthetic service requests for the work-queue benchmark (issue 7), PostgreSQL only.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_apps
    .venv/bin/silah migrate
    .venv/bin/python bench/applications_data.py --beneficiaries 1000000 --requests 3000000 \
        --registry-from silah_bench_search

What it writes, deterministic by seed, ending today (`silah.core.dates.today()`):

- the demo association (`silah.demo.loader.load_demo`: policy in force, its five catalogue
  services and their criteria, three branches, the demo staff), seven more branches, and per
  branch 8 relations officers and 3 social researchers (no password: the benchmark logs
  them in with `force_login`);
- 1,000,000 beneficiaries: copied by COPY from another benchmark database that already holds
  `bench/registry_data.py`'s registry (`--registry-from`, a minute), or generated with
  `registry_data.generate` and written by COPY (without households and the name index, which
  the queues do not read); each is put in one of the ten branches (id modulo 10);
- 3,000,000 requests received over three Hijri years (1,063 days, volume growing by half over
  the period, Sunday–Thursday busier than the weekend, 08:00–15:00 Riyadh), spread over the
  services (weights 30/30/10/20/10), branches (the headquarters busier), channels and the
  branch's officers. Each request follows the path a real one follows, with random
  durations: complete at intake (60%) or days later; 8% returned for completion once (the
  clock paused meanwhile); routed to research (services that need it) or to the deciding
  body; decided within the 14 days (85%) or late; rejected 20%; approved ones delivered and
  closed; 4% withdrawn; 0.5% forgotten (never decided: the late pile of three years). Its
  state today is where that path stands today.
- per request: the checklist (the service's criteria; the last one missing while the request
  waits for completion), the history (`Transition`: received, complete, clock started,
  research, review, decision, delivery, delivered, closed, returned, withdrawn as they
  happened), the answer's promise clock (`core.Clock`, purpose "answer", with its due date,
  stopped at the decision; a `ClockPause` per return) mirrored on the request (`due_on`,
  `at_risk_on`, `clock_paused`, as `silah.applications.clocks.mirror` does), the research
  visit (planned/postponed while in research, submitted after) and the decision row.

The requests are COPYed (one row each, with the dates of every step) into an unlogged
staging table; the rows of each table are then made by one INSERT … SELECT each, with
triggers off (`session_replication_role = replica`: the data is consistent by construction).
Not written: history (simple-history) rows, clock events, disbursements, outbox messages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RIYADH = ZoneInfo("Asia/Riyadh")
DAYS = 1063  # three Hijri years (3 × 354.37 days)
EXTRA_BRANCHES = [
    ("فرع أضم", "أضم"),
    ("فرع يلملم", "يلملم"),
    ("فرع الغالة", "الغالة"),
    ("فرع بني يزيد", "بني يزيد"),
    ("فرع حفار", "حفار"),
    ("فرع الجائزة", "الجائزة"),
    ("فرع ثريبان", "ثريبان"),
]
BRANCH_WEIGHTS = [3.0, 1.5, 1.0, 1.0, 1.0, 0.8, 0.8, 0.7, 0.6, 0.6]
SERVICE_WEIGHTS = [30, 30, 10, 20, 10]
CHANNEL_WEIGHTS = {
    "interview": 45,
    "phone": 20,
    "website": 15,
    "help_request_services": 8,
    "social_media": 6,
    "letters": 4,
    "volunteer_service": 2,
}
OFFICERS_PER_BRANCH = 8
RESEARCHERS_PER_BRANCH = 3
FIRST = ["نورة", "سارة", "فهد", "خالد", "منيرة", "عبدالله", "هند", "ماجد", "ريم", "سلطان"]
FAMILY = ["الحربي", "الزهراني", "الغامدي", "العتيبي", "الشهري", "القرني", "المالكي", "العمري"]

STAGING = """
CREATE UNLOGGED TABLE bench_requests (
    id bigint PRIMARY KEY, reference varchar(20), beneficiary_id bigint, service_id bigint,
    branch_id bigint, channel varchar(40), received_by_id bigint, received_at timestamptz,
    state varchar(12), deciding_body varchar(30), needs_research boolean, researcher_id bigint,
    completed_on date, due_on date, at_risk_on date, clock_paused boolean, decided_on date,
    clock_length int, clock_unit varchar(10), clock_started_on date, clock_stopped_on date,
    returned_on date, resumed_on date, research_on date, review_on date, outcome varchar(8),
    delivery_on date, delivered_on date, closed_on date, withdrawn_on date,
    visit_status varchar(10), visit_planned_on date
)
"""
STAGING_COLUMNS = [
    part.split()[0] for part in STAGING.split("(", 1)[1].rsplit(")", 1)[0].split(",")
]


def log(message: str, started: float) -> None:
    print(f"[{time.monotonic() - started:7.1f} s] {message}", flush=True)


# -- the association ---------------------------------------------------------------------------


def setup_association():
    """The demo association, ten branches and their staff. Returns (branches, officers by
    branch id, researchers by branch id, services, manager)."""
    from django.contrib.auth.models import Group

    from silah.accounts.models import Branch, User
    from silah.accounts.roles import RoleCode
    from silah.demo.loader import load_demo
    from silah.policy import services as policy_services
    from silah.services.models import Service

    load_demo()
    version = policy_services.version_in_force()
    headquarters = Branch.objects.order_by("pk").first()
    for name, city in EXTRA_BRANCHES:
        Branch.objects.get_or_create(
            name=name, defaults={"kind": Branch.Kind.BRANCH, "city": city, "parent": headquarters}
        )
    branches = list(Branch.objects.order_by("pk"))[:10]
    officer_group = Group.objects.get(role__code=RoleCode.RELATIONS_OFFICER)
    researcher_group = Group.objects.get(role__code=RoleCode.SOCIAL_RESEARCHER)
    officers: dict[int, list[int]] = {}
    researchers: dict[int, list[int]] = {}
    serial = 0
    for index, branch in enumerate(branches):
        for group, count, pool, kind in (
            (officer_group, OFFICERS_PER_BRANCH, officers, "officer"),
            (researcher_group, RESEARCHERS_PER_BRANCH, researchers, "researcher"),
        ):
            for n in range(count):
                serial += 1
                user, created = User.objects.get_or_create(
                    username=f"bench-{kind}-{index + 1}-{n + 1}",
                    defaults={
                        "first_name": FIRST[serial % len(FIRST)],
                        "last_name": FAMILY[serial % len(FAMILY)],
                        "email": f"bench-{kind}-{index + 1}-{n + 1}@example.org",
                    },
                )
                if created:
                    user.set_unusable_password()
                    user.save(update_fields=["password"])
                    user.groups.add(group)
                    user.branches.add(branch)
                pool.setdefault(branch.pk, []).append(user.pk)
                if created:  # the policy in force read and acknowledged, as staff must
                    policy_services.acknowledge(
                        version, user=user, typed_name=user.get_full_name(), confirmed=True
                    )
    services = list(Service.objects.filter(is_active=True).order_by("pk"))[:5]
    for service in services:
        if service.branches.exists():
            service.branches.add(*branches)
    manager = User.objects.get(username="manager")
    return branches, officers, researchers, services, manager


# -- beneficiaries -----------------------------------------------------------------------------


def copy_beneficiaries(source: str, n: int, branch_ids: list[int], offset: int) -> None:
    """COPY the first `n` beneficiaries of database `source` into this one, their ids
    shifted by `offset` (after the demo's own)."""
    import psycopg
    from django.db import connection

    from silah.registry.models import Beneficiary

    table = Beneficiary._meta.db_table
    columns = [f.column for f in Beneficiary._meta.concrete_fields]
    nulls = {"assigned_researcher_id", "entered_by_id", "liaison_officer_id"}
    branches = "ARRAY[" + ",".join(str(pk) for pk in branch_ids) + "]::bigint[]"
    exprs = {
        "id": f"id + {offset}",
        "branch_id": f"({branches})[1 + ((id + {offset}) % {len(branch_ids)})]",
        "file_number": "'B' || file_number",  # apart from the demo's file numbers
    }
    select = ", ".join(
        "NULL" if column in nulls else exprs.get(column, column) for column in columns
    )
    settings = connection.settings_dict
    dsn = f"host={settings['HOST']} port={settings['PORT'] or 5432} user={settings['USER']}"
    with (
        psycopg.connect(f"{dsn} dbname={source}") as src,
        psycopg.connect(f"{dsn} dbname={settings['NAME']}") as dst,
    ):
        with dst.cursor() as out:
            out.execute("SET session_replication_role = replica")
        with (
            src.cursor().copy(
                f"COPY (SELECT {select} FROM {table} ORDER BY id LIMIT {n}) TO STDOUT"
            ) as reader,
            dst.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as writer,
        ):
            for block in reader:
                writer.write(block)
        dst.commit()


def generate_beneficiaries(n: int, seed: int, branch_ids: list[int]) -> None:
    """registry_data's people, COPYed (no households, no name index)."""
    from django.db import connection, transaction

    from bench.registry_data import _beneficiary_rows, _value, generate
    from silah.registry.models import Beneficiary

    registry = generate(n, seed=seed)
    fields_ = [f for f in Beneficiary._meta.concrete_fields if not f.primary_key]
    now = dt.datetime.now(dt.UTC)
    with transaction.atomic(), connection.cursor() as cursor:
        columns = ", ".join(f.column for f in fields_)
        table = Beneficiary._meta.db_table
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in _beneficiary_rows(registry, branch_ids[0], now):
                copy.write_row(tuple(_value(f, row) for f in fields_))
        branches = "ARRAY[" + ",".join(str(pk) for pk in branch_ids) + "]::bigint[]"
        cursor.execute(
            f"UPDATE {table} SET branch_id = ({branches})[1 + (id % {len(branch_ids)})]"
            " WHERE import_file = 'bench/registry_data.py'"
        )


# -- requests ----------------------------------------------------------------------------------


class Path_:
    """The dates of one request's steps (None: not reached by today or never)."""

    __slots__ = (
        "closed",
        "completed",
        "decided",
        "delivered",
        "delivery",
        "outcome",
        "research",
        "resumed",
        "returned",
        "review",
        "withdrawn",
    )

    def __init__(self) -> None:
        for name in self.__slots__:
            setattr(self, name, None)


def plan(rng: random.Random, received: dt.date, needs_research: bool) -> Path_:
    """Where a request received on `received` goes, with every step's date (possibly in the
    future: the state today is read from the dates)."""
    path = Path_()
    d = dt.timedelta
    if rng.random() < 0.6:
        path.completed = received
    else:
        path.completed = received + d(days=min(int(rng.expovariate(1 / 3)) + 1, 30))
    if rng.random() < 0.03:  # withdrawn before completion
        path.withdrawn = received + d(days=rng.randint(1, 20))
        path.completed = None
        return path
    forgotten = rng.random() < 0.005
    pause = 0
    at = path.completed + d(days=rng.randint(0, 2))
    if rng.random() < 0.08:  # returned once for completion, the clock paused meanwhile
        path.returned = path.completed + d(days=rng.randint(1, 5))
        pause = rng.randint(2, 15)
        path.resumed = path.returned + d(days=pause)
        at = path.resumed + d(days=rng.randint(0, 2))
    if needs_research:
        path.research = at
        at = at + d(days=rng.randint(3, 9))
    path.review = at
    if forgotten:
        return path
    if rng.random() < 0.01:  # withdrawn while waiting for the answer
        path.withdrawn = at + d(days=rng.randint(1, 10))
        return path
    if rng.random() < 0.85:  # the promise kept
        decided = max(at + d(days=rng.randint(0, 4)), path.completed + d(days=rng.randint(3, 14)))
        decided = min(decided, path.completed + d(days=14 + pause))
        decided = max(decided, at)
    else:
        decided = path.completed + d(days=14 + pause + min(int(rng.expovariate(1 / 8)) + 1, 90))
        decided = max(decided, at)
    path.decided = decided
    if rng.random() < 0.2:
        path.outcome = "reject"
        path.closed = decided + d(days=rng.randint(1, 20)) if rng.random() < 0.7 else None
        return path
    path.outcome = "approve"
    path.delivery = decided + d(days=rng.randint(0, 7))
    path.delivered = path.delivery + d(days=rng.randint(0, 10))
    if rng.random() < 0.97:
        path.closed = path.delivered + d(days=rng.randint(1, 30))
    return path


def state_on(path: Path_, today: dt.date) -> str:
    def reached(day: dt.date | None) -> bool:
        return day is not None and day <= today

    if reached(path.withdrawn):
        return "withdrawn"
    for name, state in (
        ("closed", "closed"),
        ("delivered", "delivered"),
        ("delivery", "in_delivery"),
    ):
        if reached(getattr(path, name)):
            return state
    if reached(path.decided):
        return "approved" if path.outcome == "approve" else "rejected"
    if reached(path.review):
        return "in_review"
    if reached(path.research):
        return "in_research"
    if reached(path.returned) and not reached(path.resumed):
        return "returned"
    if reached(path.completed):
        return "complete"
    return "received"


def hijri_year_of(day: dt.date, cache: dict) -> int:
    if day not in cache:
        from silah.core.references import hijri_year

        cache[day] = hijri_year(day)
    return cache[day]


def write_requests(
    n: int,
    seed: int,
    today: dt.date,
    branches,
    officers: dict[int, list[int]],
    researchers: dict[int, list[int]],
    services,
    beneficiaries: tuple[int, int],
    started: float,
) -> dict[int, int]:
    """COPY the requests into the staging table; returns the last reference number per
    Hijri year."""
    from django.db import connection

    from silah.applications.catalogue import effective_rules
    from silah.policy.services import version_in_force

    rng = random.Random(seed)
    version = version_in_force()
    rules = {service.pk: effective_rules(service, version) for service in services}
    share = __import__("django.conf").conf.settings.SILAH_AT_RISK_SHARE
    # Received days: weights growing by half over the period, Sunday–Thursday busier.
    days = [today - dt.timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    weights = [
        (1 + 0.5 * i / DAYS) * (1.0 if day.weekday() not in (4, 5) else 0.15)
        for i, day in enumerate(days)
    ]
    total = sum(weights)
    per_day = [math.floor(n * w / total) for w in weights]
    for i in range(n - sum(per_day)):
        per_day[-1 - (i % 30)] += 1
    branch_ids = [b.pk for b in branches]
    channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
    year_cache: dict = {}
    # after the demo's own requests (its activity: ids and this year's reference numbers)
    from silah.applications.models import Application
    from silah.core.models import ReferenceSequence

    last_number: dict[int, int] = dict(
        ReferenceSequence.objects.filter(prefix="REQ").values_list("hijri_year", "last")
    )
    pk = Application.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _add("working", today, 1)  # load the working calendar now, not during the COPY
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_requests")
        cursor.execute(STAGING)
        with cursor.cursor.copy(
            f"COPY bench_requests ({', '.join(STAGING_COLUMNS)}) FROM STDIN"
        ) as copy:
            for day, count in zip(days, per_day, strict=True):
                year = hijri_year_of(day, year_cache)
                opening = dt.datetime.combine(day, dt.time(8), RIYADH)
                seconds = sorted(rng.randrange(7 * 3600) for _ in range(count))
                branch_of = rng.choices(range(10), weights=BRANCH_WEIGHTS, k=count)
                service_of = rng.choices(services, weights=SERVICE_WEIGHTS, k=count)
                channel_of = rng.choices(channels, weights=channel_weights, k=count)
                for second, b, service, channel in zip(
                    seconds, branch_of, service_of, channel_of, strict=True
                ):
                    pk += 1
                    number = last_number.get(year, 0) + 1
                    last_number[year] = number
                    branch_id = branch_ids[b]
                    # a beneficiary of the branch (ids are placed in branches by id % 10)
                    first, count = beneficiaries
                    beneficiary = first + (b - first) % 10 + 10 * rng.randrange(count // 10 - 1)
                    rule = rules[service.pk]
                    path = plan(rng, day, service.needs_research)
                    state = state_on(path, today)
                    row = _row(
                        pk, f"REQ-{year}-{number:06d}", beneficiary, service, branch_id,
                        channel, rng.choice(officers[branch_id]),
                        opening + dt.timedelta(seconds=second), state, rule, path, today,
                        rng, researchers[branch_id], share,
                    )  # fmt: skip
                    copy.write_row(row)
                if day.day == 1 and day.month in (1, 5, 9):
                    log(f"{day}: {pk:,} requests", started)
    return last_number


_CALENDAR: list = []


def _add(unit: str, day: dt.date, n: int) -> dt.date:
    """`n` days after `day`, calendar or working days (core's working calendar)."""
    if unit != "working":
        return day + dt.timedelta(days=n)
    if not _CALENDAR:
        from silah.core.workdays import get_calendar

        _CALENDAR.extend([get_calendar(), {}])
    calendar, cache = _CALENDAR
    if (day, n) not in cache:
        cache[day, n] = calendar.add_working_days(day, n)
    return cache[day, n]


def _row(
    pk, reference, beneficiary, service, branch_id, channel, officer, received_at, state, rule,
    path, today, rng, researchers, share,
):  # fmt: skip
    def seen(day):
        return day if day is not None and day <= today else None

    completed = seen(path.completed)
    decided = seen(path.decided)
    withdrawn = seen(path.withdrawn)
    returned = seen(path.returned)
    resumed = seen(path.resumed)
    unit, length = rule.unit, rule.length
    due = at_risk = started = stopped = None
    paused = False
    if completed and unit != "none":
        started = completed
        pause = (path.resumed - path.returned).days if resumed else 0
        if returned and not resumed:
            pause = (today - returned).days
        due = _add(unit, completed, length + pause)
        stopped = decided or (withdrawn if withdrawn else None)
        paused = bool(returned and not resumed and stopped is None)
        if stopped is None:
            at_risk = _add(unit, due, -math.floor(length * share))
    elif completed:
        started = completed
        stopped = decided or withdrawn
    researcher = None
    visit_status = visit_planned = None
    research = seen(path.research)
    if research and service.needs_research:
        if state == "in_research" and rng.random() < 0.05:
            researcher = None  # not yet assigned: the routing queue
        else:
            researcher = rng.choice(researchers)
            if state == "in_research":
                visit_status = "postponed" if rng.random() < 0.1 else "planned"
                visit_planned = research + dt.timedelta(days=rng.randint(1, 10))
            else:
                visit_status = "submitted"
                visit_planned = research + dt.timedelta(days=rng.randint(1, 5))
    return (
        pk, reference, beneficiary, service.pk, branch_id, channel, officer, received_at,
        state, rule.deciding_body, service.needs_research, researcher, completed, due, at_risk,
        paused, decided, length, unit, started, stopped, returned, resumed, research,
        seen(path.review), path.outcome if decided else None, seen(path.delivery),
        seen(path.delivered), seen(path.closed), withdrawn, visit_status, visit_planned,
    )  # fmt: skip


# -- the rows of each table, from the staging table ----------------------------------------------

TIME = "(({day})::timestamp + time '10:00') AT TIME ZONE 'Asia/Riyadh'"


def _at(day: str) -> str:
    return TIME.format(day=day)


def fill_tables(policy_version_id: int, content_type_id: int, manager_id: int, started: float):
    from django.db import connection

    from silah.core.models import Clock

    offset = Clock.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    statements = [
        (
            "requests",
            f"""
            INSERT INTO applications_application (id, reference, beneficiary_id, service_id,
                branch_id, channel, received_by_id, received_at, state, policy_version_id,
                deciding_body, needs_research, researcher_id, note, completed_on, due_on,
                at_risk_on, clock_paused, decided_on, row_version, created_at, updated_at)
            SELECT id, reference, beneficiary_id, service_id, branch_id, channel, received_by_id,
                received_at, state, {policy_version_id}, deciding_body, needs_research,
                researcher_id, '', completed_on, due_on, at_risk_on, clock_paused, decided_on,
                1, received_at, received_at
            FROM bench_requests ORDER BY id
            """,
        ),
        (
            "checklists",
            """
            INSERT INTO applications_checklistitem (application_id, requirement_id, label, kind,
                document_type_id, mandatory, present, ticked_by_id, ticked_at, "order")
            SELECT r.id, q.id, q.label, q.kind, q.document_type_id, q.is_mandatory,
                NOT (r.state IN ('received', 'returned') AND q.id = last.id),
                CASE WHEN r.state IN ('received', 'returned') AND q.id = last.id THEN NULL
                     ELSE r.received_by_id END,
                CASE WHEN r.state IN ('received', 'returned') AND q.id = last.id THEN NULL
                     ELSE r.received_at END,
                q."order"
            FROM bench_requests r
            JOIN services_requirement q ON q.service_id = r.service_id
            JOIN LATERAL (SELECT max(id) AS id FROM services_requirement
                          WHERE service_id = r.service_id) last ON true
            ORDER BY r.id, q."order", q.id
            """,
        ),
        ("history", _transitions_sql(manager_id)),
        (
            "clocks",
            f"""
            INSERT INTO core_clock (id, content_type_id, object_id, purpose, unit, length,
                started_on, due_on, stopped_on, restarts)
            SELECT id + {offset}, {content_type_id}, id::text, 'answer', clock_unit,
                CASE WHEN clock_unit = 'none' THEN NULL ELSE clock_length END,
                clock_started_on, due_on, clock_stopped_on, 0
            FROM bench_requests WHERE clock_started_on IS NOT NULL ORDER BY id
            """,
        ),
        (
            "clock pauses",
            f"""
            INSERT INTO core_clockpause (clock_id, start, "end")
            SELECT id + {offset}, returned_on, resumed_on FROM bench_requests
            WHERE returned_on IS NOT NULL AND clock_started_on IS NOT NULL ORDER BY id
            """,
        ),
        (
            "visits",
            f"""
            INSERT INTO applications_researchvisit (application_id, researcher_id, status, place,
                planned_on, visited_on, postpone_reason, findings, housing, housing_condition,
                income_notes, needs, recommendation, recommendation_note, submitted_at,
                created_at, postponed_on)
            SELECT id, researcher_id, visit_status,
                CASE WHEN id % 4 = 0 THEN 'office' ELSE 'home' END, visit_planned_on,
                CASE WHEN visit_status = 'submitted' THEN visit_planned_on END,
                CASE WHEN visit_status = 'postponed' THEN 'بطلب المستفيد' ELSE '' END,
                CASE WHEN visit_status = 'submitted' THEN 'زيارة منزلية للأسرة' ELSE '' END,
                CASE WHEN visit_status = 'submitted' THEN 'rented' ELSE '' END, '', '', '',
                CASE WHEN visit_status = 'submitted' THEN
                    CASE WHEN outcome = 'reject' THEN 'reject' ELSE 'approve' END ELSE '' END,
                '', CASE WHEN visit_status = 'submitted' THEN {_at("review_on")} END,
                {_at("research_on")},
                CASE WHEN visit_status = 'postponed' THEN research_on + 1 END
            FROM bench_requests WHERE visit_status IS NOT NULL ORDER BY id
            """,
        ),
        (
            "decisions",
            f"""
            INSERT INTO applications_decision (application_id, outcome, reason, body,
                decided_by_id, decided_on, external_reference, created_at)
            SELECT id, outcome,
                CASE WHEN outcome = 'reject' THEN 'لا تنطبق شروط الخدمة على الأسرة حاليًا'
                     ELSE '' END,
                deciding_body, {manager_id}, decided_on, '', {_at("decided_on")}
            FROM bench_requests WHERE decided_on IS NOT NULL ORDER BY id
            """,
        ),
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for name, sql in statements:
            cursor.execute(sql)
            log(f"{name}: {cursor.rowcount:,} rows", started)
        cursor.execute("SET session_replication_role = DEFAULT")


def _transitions_sql(manager_id: int) -> str:
    """One INSERT of every history line, from a UNION of the steps reached."""
    steps = [
        ("'state'", "''", "'received'", "received_at", "received_by_id", "TRUE"),
        (
            "'state'",
            "'received'",
            "'complete'",
            _at("completed_on"),
            "received_by_id",
            "completed_on IS NOT NULL",
        ),
        (
            "'clock_started'",
            "''",
            "''",
            _at("completed_on") + " + interval '1 second'",
            "received_by_id",
            "clock_started_on IS NOT NULL",
        ),
        (
            "'state'",
            "'complete'",
            "'returned'",
            _at("returned_on"),
            "received_by_id",
            "returned_on IS NOT NULL",
        ),
        (
            "'clock_paused'",
            "''",
            "''",
            _at("returned_on") + " + interval '1 second'",
            "received_by_id",
            "returned_on IS NOT NULL AND clock_started_on IS NOT NULL",
        ),
        (
            "'state'",
            "'returned'",
            "'complete'",
            _at("resumed_on"),
            "received_by_id",
            "resumed_on IS NOT NULL",
        ),
        (
            "'state'",
            "'complete'",
            "'in_research'",
            _at("research_on"),
            "received_by_id",
            "research_on IS NOT NULL",
        ),
        (
            "'researcher'",
            "''",
            "''",
            _at("research_on") + " + interval '1 second'",
            str(manager_id),
            "researcher_id IS NOT NULL",
        ),
        (
            "'state'",
            "CASE WHEN research_on IS NULL THEN 'complete' ELSE 'in_research' END",
            "'in_review'",
            _at("review_on"),
            "COALESCE(researcher_id, received_by_id)",
            "review_on IS NOT NULL",
        ),
        (
            "'state'",
            "'in_review'",
            "CASE WHEN outcome = 'reject' THEN 'rejected' ELSE 'approved' END",
            _at("decided_on"),
            str(manager_id),
            "decided_on IS NOT NULL",
        ),
        (
            "'state'",
            "'approved'",
            "'in_delivery'",
            _at("delivery_on"),
            "received_by_id",
            "delivery_on IS NOT NULL",
        ),
        (
            "'state'",
            "'in_delivery'",
            "'delivered'",
            _at("delivered_on"),
            "received_by_id",
            "delivered_on IS NOT NULL",
        ),
        (
            "'state'",
            "CASE WHEN outcome = 'reject' THEN 'rejected' ELSE 'delivered' END",
            "'closed'",
            _at("closed_on"),
            str(manager_id),
            "closed_on IS NOT NULL",
        ),
        (
            "'state'",
            "''",
            "'withdrawn'",
            _at("withdrawn_on"),
            "received_by_id",
            "withdrawn_on IS NOT NULL",
        ),
    ]
    parts = [
        f"SELECT id, {kind}, {from_}, {to}, {actor}, {at}, '' FROM bench_requests WHERE {where}"
        for kind, from_, to, at, actor, where in steps
    ]
    return (
        "INSERT INTO applications_transition "
        "(application_id, kind, from_state, to_state, actor_id, at, note)\n"
        + "\nUNION ALL\n".join(parts)
    )


def finish(last_number: dict[int, int], started: float) -> None:
    """Sequences after the highest ids, the reference counters, ANALYZE."""
    from django.core.management.color import no_style
    from django.db import connection

    from silah.applications.models import (
        Application,
        ChecklistItem,
        Decision,
        ResearchVisit,
        Transition,
    )
    from silah.core.models import Clock, ClockPause, ReferenceSequence
    from silah.registry.models import Beneficiary

    models = [Application, ChecklistItem, Decision, ResearchVisit, Transition, Clock, ClockPause]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [*models, Beneficiary]):
            cursor.execute(sql)
        cursor.execute("DROP TABLE IF EXISTS bench_requests")
    for year, number in last_number.items():
        ReferenceSequence.objects.update_or_create(
            prefix="REQ", hijri_year=year, defaults={"last": number}
        )
    with connection.cursor() as cursor:
        for model in [*models, Beneficiary]:
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    log("sequences, reference counters, ANALYZE", started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--beneficiaries", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=3_000_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--registry-from",
        default="",
        help="a database holding registry_data's beneficiaries to COPY from (else generate)",
    )
    args = parser.parse_args(argv)

    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silah.settings")
    import django

    django.setup()
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from silah.applications.models import Application
    from silah.core import dates
    from silah.policy.services import version_in_force
    from silah.registry.models import Beneficiary

    if connection.vendor != "postgresql":
        print("PostgreSQL only (COPY).", file=sys.stderr)
        return 2
    if Application.objects.count() > 1000:  # more than the demo's own
        print("This database already holds generated requests; use a fresh one.", file=sys.stderr)
        return 2
    started = time.monotonic()
    today = dates.today()
    branches, officers, researchers, services, manager = setup_association()
    branch_ids = [b.pk for b in branches]
    log(f"association: {len(branches)} branches, {len(services)} services", started)
    offset = Beneficiary.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    if args.registry_from:
        copy_beneficiaries(args.registry_from, args.beneficiaries, branch_ids, offset)
    else:
        generate_beneficiaries(args.beneficiaries, args.seed, branch_ids)
    count = Beneficiary.objects.filter(pk__gt=offset).count()
    log(f"beneficiaries: {count:,} (and {offset} of the demo)", started)
    last = write_requests(
        args.requests, args.seed, today, branches, officers, researchers, services,
        (offset + 1, count), started,
    )  # fmt: skip
    log("staging table written", started)
    fill_tables(
        version_in_force().pk,
        ContentType.objects.get_for_model(Application).pk,
        manager.pk,
        started,
    )
    finish(last, started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
