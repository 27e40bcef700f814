#!/usr/bin/env bash
# Sets up Silah's environment in this checkout: uv (from PyPI, in a small bootstrap venv),
# the Python environment from uv.lock, the front-end packages from package-lock.json, and the
# Debian packages Silah needs. Safe to run again. Sourced by run.sh and test.sh.
#   SILAH_SETUP_FOR=run|test  (test also needs Debian's chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
export UV_PYTHON_DOWNLOADS=never
export UV_PROJECT_ENVIRONMENT="$ROOT/.venv"
FOR="${SILAH_SETUP_FOR:-run}"

say() { printf '\033[1m[silah]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[silah]\033[0m %s\n' "$*" >&2; exit 1; }

# 1. A Python >= 3.11 (the system's; uv never downloads one).
PYTHON="${SILAH_PYTHON:-}"
if [ -z "$PYTHON" ]; then
  for candidate in python3 python3.13 python3.12 python3.11; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      PYTHON="$(command -v "$candidate")"; break
    fi
  done
fi
[ -n "$PYTHON" ] || die "Silah needs Python 3.11 or newer: apt-get install python3"

# 2. Debian packages: venv for the bootstrap, Pango and Arabic fonts for PDFs, chromium for
#    browser tests. Installed when we are root; otherwise we say the one line to run.
need=()
# (grep reads all its input, never -q: under pipefail a writer cut short by -q fails the test)
has() { grep -i "$1" >/dev/null 2>&1; }
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
if command -v ldconfig >/dev/null 2>&1; then
  ldconfig -p 2>/dev/null | has 'libpango-1.0.so' || need+=(libpango-1.0-0 libpangoft2-1.0-0)
fi
if command -v fc-list >/dev/null 2>&1; then
  fc-list 2>/dev/null | has 'Noto Naskh Arabic' || need+=(fonts-noto-core)
  fc-list 2>/dev/null | has 'Amiri' || need+=(fonts-hosny-amiri)
else
  need+=(fontconfig fonts-noto-core fonts-hosny-amiri)
fi
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
if [ "$FOR" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    say "Installing Debian packages: ${need[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    die "Please install the system packages first, then run this again:
    sudo apt-get install -y ${need[*]}"
  fi
fi

# 3. uv: the one on PATH, or one from PyPI in .tools/bootstrap.
UV="$(command -v uv || true)"
if [ -z "$UV" ]; then
  UV="$ROOT/.tools/bootstrap/bin/uv"
  if [ ! -x "$UV" ]; then
    say "Installing uv from PyPI into .tools/bootstrap"
    "$PYTHON" -m venv "$ROOT/.tools/bootstrap"
    "$ROOT/.tools/bootstrap/bin/python" -m pip install --quiet --disable-pip-version-check uv
  fi
fi
export UV

# 4. The Python environment, exactly as locked.
say "Python packages (uv sync --frozen)"
"$UV" sync --frozen --quiet --python "$PYTHON" $([ "$FOR" = "run" ] && echo "--no-dev")

# 5. Front-end packages, exactly as locked.
command -v npm >/dev/null 2>&1 || die "Silah needs Node.js and npm: apt-get install nodejs npm"
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.silah-lock; then
  say "Front-end packages (npm ci)"
  npm ci --no-audit --no-fund --silent
  cp package-lock.json node_modules/.silah-lock
fi

export PATH="$ROOT/.venv/bin:$PATH"

# 6. The compiled translations (the .po files are committed, the .mo files are built).
silah compilemessages --ignore=.venv --ignore=node_modules -v 0
