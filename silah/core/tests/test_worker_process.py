"""A task enqueued from a web request is run by a real `silah worker` process."""

import os
import subprocess
import sys
import time

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse

from silah.accounts.factories import UserFactory
from silah.core.models import WorkerPing

DB_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def worker_environment() -> dict[str, str]:
    """The environment a worker needs to reach this test's database."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SILAH_SQLITE_PATH")}
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["SILAH_SQLITE_PATH"] = db["NAME"]
    else:
        host = db.get("HOST") or "127.0.0.1"
        port = db.get("PORT") or 5432
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_from_a_page_is_run_by_the_worker_process(client, settings):
    settings.TASKS = DB_BACKEND
    admin = UserFactory()
    admin.user_permissions.add(Permission.objects.get(codename="manage_calendar"))
    client.force_login(admin)

    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "silah",
            "worker",
            "--max-tasks",
            "1",
            "--interval",
            "0.2",
            "--no-schedule",
        ],
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        response = client.post(reverse("core:worker_check"))
        assert response.status_code == 302
        ping = WorkerPing.objects.get()
        output, _ = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    ping.refresh_from_db()
    assert ping.done_at is not None
    page = client.get(reverse("core:worker_check_status", args=[ping.pk]))
    assert "نفّذ العامل الخلفي المهمة" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_worker_stops_cleanly_on_sigterm(settings):
    settings.TASKS = DB_BACKEND
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "silah",
            "worker",
            "--interval",
            "0.2",
            "--schedule-interval",
            "0.2",
        ],
        env=worker_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        started = ""
        while "started" not in started:  # signals are handled from this line on
            line = worker.stdout.readline()
            if not line:
                break
            started += line
        assert "started" in started
        time.sleep(0.5)
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert "stopped" in output


@pytest.mark.django_db(transaction=True)
def test_two_workers_side_by_side_run_each_task_exactly_once(settings):
    settings.TASKS = DB_BACKEND
    from silah.core.tasks import answer_ping

    pings = [WorkerPing.objects.create() for _ in range(30)]
    for ping in pings:
        answer_ping.enqueue(ping.pk)
    workers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "silah",
                "worker",
                "--batch",
                "--no-schedule",
                "--worker-id",
                f"worker-{n}",
            ],
            env=worker_environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for n in (1, 2)
    ]
    try:
        outputs = [worker.communicate(timeout=120)[0] for worker in workers]
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.kill()
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    from django_tasks_db.models import DBTaskResult

    results = DBTaskResult.objects.all()
    assert results.count() == 30
    assert {result.status for result in results} == {"SUCCESSFUL"}
    assert all(len(result.worker_ids) == 1 for result in results)
    assert WorkerPing.objects.filter(done_at__isnull=True).count() == 0
