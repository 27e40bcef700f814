"""Settings come from the environment; production refuses unsafe defaults."""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PRODUCTION = {
    "SILAH_ENV": "production",
    "SILAH_SECRET_KEY": "k" * 20 + "-a-long-random-value-for-the-test-only-" + "z" * 20,
    "SILAH_ALLOWED_HOSTS": "silah.example.org",
    "SILAH_SQLITE_PATH": str(Path(tempfile.gettempdir()) / "silah-production-check.sqlite3"),
}


def silah(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("SILAH_") and k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "-m", "silah", *args],
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_every_environment_variable_is_documented():
    settings_source = (ROOT / "silah" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'"((?:SILAH|DATABASE)_[A-Z0-9_]+)"', settings_source))
    assert "SILAH_SECRET_KEY" in names
    documented = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert sorted(n for n in names if f"`{n}`" not in documented) == []


def test_production_settings_pass_the_deploy_check():
    result = silah("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_the_development_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SILAH_SECRET_KEY"}
    result = silah("check", env=env)
    assert result.returncode != 0
    assert "SILAH_SECRET_KEY" in result.stderr


def test_production_refuses_debug():
    result = silah("check", env={**PRODUCTION, "SILAH_DEBUG": "true"})
    assert result.returncode != 0
    assert "SILAH_DEBUG" in result.stderr


def test_a_malformed_boolean_is_refused_with_its_name():
    result = silah("check", env={"SILAH_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "SILAH_DEBUG" in result.stderr
