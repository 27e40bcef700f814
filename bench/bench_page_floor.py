"""Where a cheap page's time goes: the same signed-in user, through the test client with
DEBUG off and the connection kept (as `bench_applications.py`), CPU time per GET of

- an authenticated view that returns "ok" (session, user, the whole middleware stack);
- the same drawing `base.html` around an empty block (the shell: menu, header, footer);
- a queue page (`/requests/?tab=decision` unless `--url`).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/silah_bench_apps
    flock /tmp/bench.lock .venv/bin/python -m bench.bench_page_floor --runs 400

The two extra views live in this module, served beside Silah's own URLs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

urlpatterns: list = []


def floor_urls() -> list:
    from django.contrib.auth.decorators import login_required
    from django.http import HttpRequest, HttpResponse
    from django.template import engines
    from django.urls import path

    from silah.urls import urlpatterns as silah

    shell = engines["django"].from_string(
        '{% extends "base.html" %}{% block content %}{% endblock %}'
    )

    @login_required
    def bare(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    @login_required
    def shell_only(request: HttpRequest) -> HttpResponse:
        return HttpResponse(shell.render({}, request))

    return [path("floor/bare/", bare), path("floor/shell/", shell_only), *silah]


def serve_as_production() -> None:
    """Set Django up as production serves pages (DEBUG off: no query log, no debug
    templates; each worker keeping its database connection, SILAH_DB_CONN_MAX_AGE's
    production default), for the test client, with Silah's URLs and this module's empty
    pages. Not `setup_test_environment()`: its instrumented template rendering (a copy of
    every context for the test client) would double a page's time."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "silah.settings")
    os.environ.setdefault("SILAH_DEBUG", "0")
    os.environ.setdefault("SILAH_DB_CONN_MAX_AGE", "60")
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's
    module = sys.modules[__name__]
    sys.modules.setdefault("bench.bench_page_floor", module)  # run as a script: one module
    module.urlpatterns[:] = floor_urls()
    settings.ROOT_URLCONF = "bench.bench_page_floor"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=400)
    parser.add_argument("--user", default="manager")
    parser.add_argument("--url", default="/requests/?tab=decision")
    args = parser.parse_args(argv)
    serve_as_production()
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=args.user))
    for url in ("/floor/bare/", "/floor/shell/", args.url):
        for _ in range(10):
            assert client.get(url).status_code == 200, url
        wall, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        print(
            f"{url:32} wall p50 {statistics.median(wall) * 1000:6.2f} ms"
            f" | CPU p50 {statistics.median(cpu) * 1000:6.2f} ms",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
