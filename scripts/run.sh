#!/usr/bin/env bash
# Sets up Silah and runs it on SQLite with a demo association:
# the web server on http://127.0.0.1:8000 and the background worker beside it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SILAH_SETUP_FOR=run source scripts/setup.sh

# The address printed with the login and in links: the port served below.
export SILAH_SITE_URL="${SILAH_SITE_URL:-http://127.0.0.1:${SILAH_PORT:-8000}}"
mkdir -p var
silah migrate --noinput
silah load_demo

say "Starting the background worker (log: var/worker.log)"
silah worker >var/worker.log 2>&1 &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM

say "Silah is on http://127.0.0.1:${SILAH_PORT:-8000}/  (Ctrl+C stops it)"
silah runserver "127.0.0.1:${SILAH_PORT:-8000}" --noreload
