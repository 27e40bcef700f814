"""Fault injection for the outbox: real worker processes against a real fake SMS gateway.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_outbox \
        .venv/bin/python bench/bench_outbox.py [--scenario outage|kill|two-workers|all|profile]
        [--outage-count 10000] [--kill-count 10000] [--drain-count 100000]

The fake gateway (Unifonic's shape) is a separate process on loopback that appends one line
per accepted call (the CorrelationID: Silah's idempotency key) to its own log. Every figure
below is read from that log, never from Silah's tables: "delivered" is the number of
distinct keys the gateway accepted, "lost" the keys queued that it never accepted,
"duplicated" the accepted calls beyond the first for a key. The gateway does not honour the
idempotency key here (a real Unifonic answers a repeat with ER-09), so a duplicate would show.

Scenarios:

- outage: N messages queued; the gateway answers 503 for 10 minutes of simulated time
  (time-machine moves this process's clock while it runs the delivery passes of that
  period against the real gateway, so each message is refused and backed off as it would
  be); the gateway returns and two real worker processes drain the outbox.
- kill: N messages queued; a worker process is SIGKILLed mid-batch, then a new one is
  started (claims expire after SILAH_OUTBOX_CLAIM_SECONDS, 15 here) and drains the rest.
- two-workers: N messages queued; two worker processes drain them; throughput is measured
  from the gateway's first to last accepted call.
- profile (not part of "all"): N messages drained in this process under cProfile; prints
  the 30 costliest calls (cumulative) and writes var/bench/outbox.prof.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


# -- the fake gateway (runs in its own process: `bench_outbox.py --serve PORT LOG`) ----------


def serve(port: int, log_path: str) -> None:
    lock = threading.Lock()
    state = {"down": False, "refused": 0}
    log = open(log_path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as a real provider's server: no 40 ms delayed ACK

        def _answer(self, status: int, payload: dict) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self.path.startswith("/control/"):
                state["down"] = self.path.endswith("/down")
                self._answer(200, {"down": state["down"], "refused": state["refused"]})
                return
            if state["down"]:
                with lock:
                    state["refused"] += 1
                self._answer(503, {"success": False, "message": "maintenance"})
                return
            fields = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            key = fields.get("CorrelationID", "")
            with lock:
                log.write(f"{time.time():.6f} {key}\n")
            self._answer(
                200,
                {"success": True, "errorCode": "ER-00", "data": {"MessageID": uuid.uuid4().hex}},
            )

        def log_message(self, format, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


class Gateway:
    def __init__(self, workdir: Path) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.log = workdir / f"gateway-{self.port}.log"
        self.log.write_text("")
        self.process = subprocess.Popen(  # noqa: S603
            [PYTHON, __file__, "--serve", str(self.port), str(self.log)], cwd=ROOT
        )
        for _ in range(100):
            try:
                self.control("up")
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the fake gateway did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def control(self, what: str) -> dict:
        request = Request(f"{self.url}/control/{what}", data=b"", method="POST")  # noqa: S310
        with urlopen(request, timeout=5) as reply:  # noqa: S310
            return json.loads(reply.read())

    def accepted(self) -> list[tuple[float, str]]:
        rows = []
        for line in self.log.read_text(encoding="utf-8").splitlines():
            stamp, _, key = line.partition(" ")
            rows.append((float(stamp), key))
        return rows

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


# -- Silah's side ----------------------------------------------------------------------------


def env_for(gateway: Gateway, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "silah.settings",
            "SILAH_SMS_GATEWAY": "unifonic",
            "SILAH_SMS_BASE_URL": gateway.url,
            "SILAH_SMS_APP_SID": "bench",
            "SILAH_LOG_LEVEL": "WARNING",
            "SILAH_OUTBOX_BATCH": "100",
            "SILAH_OUTBOX_CLAIM_SECONDS": "15",
            "SILAH_GATEWAY_TIMEOUT_SECONDS": "5",
        }
    )
    env.update(extra)
    return env


def start_worker(gateway: Gateway, idle_exit: float = 3.0) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [
            str(ROOT / ".venv" / "bin" / "silah"),
            "deliver_messages",
            "--interval",
            "0.2",
            "--exit-when-idle",
            str(idle_exit),
        ],
        cwd=ROOT,
        env=env_for(gateway),
    )


def setup_django(gateway: Gateway) -> None:
    os.environ.update(env_for(gateway))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def queue(count: int) -> list[str]:
    """``count`` queued SMS (service) to 200 beneficiaries, written straight to the outbox."""
    from django.db import connection
    from django.utils import timezone

    from silah.accounts.models import Branch
    from silah.messaging.models import Message
    from silah.registry.models import Beneficiary

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE messaging_message CASCADE")
        else:
            Message.objects.all().delete()
    branch, _ = Branch.objects.get_or_create(name="فرع القياس", defaults={})
    people = list(Beneficiary.objects.filter(file_number__startswith="BENCH-"))
    for n in range(len(people), 200):
        people.append(
            Beneficiary.objects.create(
                file_number=f"BENCH-{n:06d}",
                first_name="قياس",
                father_name="أداء",
                family_name="صلة",
                identity_type="none",
                sex="female",
                mobile=f"+9665{n:08d}",
                preferred_channel="sms",
                branch=branch,
                status="active",
            )
        )
    now = timezone.now()
    run = uuid.uuid4().hex[:8]
    keys = [f"bench-{run}-{n}" for n in range(count)]
    rows = [
        Message(
            idempotency_key=key,
            beneficiary=people[n % len(people)],
            event="demo",
            channel="sms",
            recipient=people[n % len(people)].mobile,
            body="رسالة قياس من صلة",
            next_attempt_at=now,
        )
        for n, key in enumerate(keys)
    ]
    Message.objects.bulk_create(rows, batch_size=5000)
    return keys


def verdict(name: str, keys: list[str], gateway: Gateway, extra: str = "") -> str:
    accepted = [
        key for _stamp, key in gateway.accepted() if key.startswith(keys[0].rsplit("-", 1)[0])
    ]
    counts = Counter(accepted)
    wanted = set(keys)
    delivered = len(wanted & counts.keys())
    lost = len(wanted - counts.keys())
    duplicated = sum(c - 1 for c in counts.values() if c > 1)
    if extra:
        print(f"{name}: {extra}")
    line = f"{name}: delivered {delivered}, lost {lost}, duplicated {duplicated}"
    print(line, flush=True)
    return line


def wait_all(processes: list[subprocess.Popen], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    for process in processes:
        process.wait(timeout=max(1.0, deadline - time.monotonic()))


def outage(gateway: Gateway, count: int) -> str:
    import time_machine
    from django.utils import timezone

    from silah.messaging import config, outbox
    from silah.messaging.models import Message

    keys = queue(count)
    gateway.control("down")
    config.reset()
    # Simulated time: the outage runs from 40 minutes ago to 30 minutes ago, one delivery pass
    # per simulated 30 seconds against the real (down) gateway, so messages are refused and
    # backed off exactly as they would be; at "now" the gateway is back and real workers run.
    start = timezone.now() - timedelta(minutes=40)
    Message.objects.update(next_attempt_at=start)
    began = time.monotonic()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(20):
            outbox.drain()
            clock.shift(timedelta(seconds=30))
    refused = gateway.control("up")["refused"]
    outage_seconds = time.monotonic() - began
    workers = [start_worker(gateway), start_worker(gateway)]
    began = time.monotonic()
    wait_all(workers, timeout=3600)
    drained = time.monotonic() - began
    states = dict(Counter(Message.objects.values_list("status", flat=True)))
    return verdict(
        "outage",
        keys,
        gateway,
        f"{refused} calls refused during 10 simulated minutes ({outage_seconds:.0f} s real); "
        f"drained by 2 workers in {drained:.1f} s; outbox states {states}",
    )


def kill(gateway: Gateway, count: int) -> str:
    from silah.messaging.models import Message

    keys = queue(count)
    prefix = keys[0].rsplit("-", 1)[0]
    victim = start_worker(gateway, idle_exit=30)
    while sum(1 for _s, k in gateway.accepted() if k.startswith(prefix)) < count // 3:
        time.sleep(0.05)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    at_kill = sum(1 for _s, k in gateway.accepted() if k.startswith(prefix))
    sending = Message.objects.filter(status="sending").count()
    restarted = start_worker(gateway, idle_exit=20)  # longer than the 15 s claim expiry
    wait_all([restarted], timeout=3600)
    states = dict(Counter(Message.objects.values_list("status", flat=True)))
    return verdict(
        "kill",
        keys,
        gateway,
        f"SIGKILL after {at_kill} accepted, {sending} left 'sending'; restarted worker "
        f"finished; outbox states {states}",
    )


def two_workers(gateway: Gateway, count: int) -> str:
    from django.db import connection

    keys = queue(count)
    workers = [start_worker(gateway), start_worker(gateway)]
    wait_all(workers, timeout=7200)
    prefix = keys[0].rsplit("-", 1)[0]
    stamps = [s for s, k in gateway.accepted() if k.startswith(prefix)]
    elapsed = max(stamps) - min(stamps) if stamps else 0.0
    rate = len(stamps) / elapsed if elapsed else 0.0
    return verdict(
        "two-workers",
        keys,
        gateway,
        f"{len(stamps)} calls in {elapsed:.1f} s = {rate:.0f} messages/s on {connection.vendor}",
    )


def profile(gateway: Gateway, count: int, workdir: Path) -> str:
    import cProfile
    import pstats

    from silah.messaging import config, outbox

    config.reset()
    keys = queue(count)
    profiler = cProfile.Profile()
    began = time.perf_counter()
    profiler.enable()
    outbox.drain(max_batches=10**6)
    profiler.disable()
    elapsed = time.perf_counter() - began
    out = workdir / "outbox.prof"
    profiler.dump_stats(out)
    pstats.Stats(str(out)).sort_stats("cumulative").print_stats(30)
    return verdict(
        "profile", keys, gateway, f"{count} in {elapsed:.1f} s = {count / elapsed:.0f} messages/s"
    )


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--serve":
        serve(int(sys.argv[2]), sys.argv[3])
        return
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--scenario", default="all", choices=["all", "outage", "kill", "two-workers", "profile"]
    )
    parser.add_argument("--profile-count", type=int, default=2_000)
    parser.add_argument("--outage-count", type=int, default=10_000)
    parser.add_argument("--kill-count", type=int, default=10_000)
    parser.add_argument("--drain-count", type=int, default=100_000)
    args = parser.parse_args()
    workdir = ROOT / "var" / "bench"
    workdir.mkdir(parents=True, exist_ok=True)
    gateway = Gateway(workdir)
    try:
        setup_django(gateway)
        lines = []
        if args.scenario in ("all", "outage"):
            lines.append(outage(gateway, args.outage_count))
        if args.scenario in ("all", "kill"):
            lines.append(kill(gateway, args.kill_count))
        if args.scenario in ("all", "two-workers"):
            lines.append(two_workers(gateway, args.drain_count))
        if args.scenario == "profile":
            lines.append(profile(gateway, args.profile_count, workdir))
    finally:
        gateway.stop()
    print("; ".join(lines))


if __name__ == "__main__":
    main()
