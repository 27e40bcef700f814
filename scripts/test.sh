#!/usr/bin/env bash
# Sets up Silah and runs the whole test suite, browser tests included, on SQLite
# (or on the database DATABASE_URL names). Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SILAH_SETUP_FOR=test source scripts/setup.sh

say "Lint (ruff)"
ruff check .
ruff format --check . >/dev/null || { ruff format --check .; exit 1; }
say "Translations and migrations are up to date"
silah makemigrations --check --dry-run >/dev/null || { silah makemigrations --check --dry-run; exit 1; }
say "Tests (pytest)"
pytest -n "${SILAH_TEST_WORKERS:-2}" --dist loadfile "$@"
