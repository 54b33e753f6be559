#!/usr/bin/env bash
# Build the one-folder XMDesk program with PyInstaller, then smoke-test it.
#
#   packaging/build.sh                  build into build/dist/xmdesk/ and run packaging/smoke.sh on it
#   packaging/build.sh --smoke-only     only smoke-test the existing build/dist/xmdesk/xmdesk
#   packaging/build.sh --python PATH    build with this Python instead of .venv/bin/python
#
# The Python is, in this order: --python, $PYTHON, the repository's .venv (created with python3
# if it does not exist yet). XMDesk and PyInstaller are installed into it from pyproject.toml
# (`pip install -e ".[packaging]"`) when they are missing or pyproject.toml changed since the last
# build, so a clean clone builds with no hand-installed tools. Linux: needs binutils (objdump,
# strip), which PyInstaller needs anyway. The full PyInstaller log goes to build/pyinstaller.log.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

SMOKE_ONLY=0
PYTHON_BIN=${PYTHON:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke-only) SMOKE_ONLY=1 ;;
    --python) [ $# -ge 2 ] || usage; PYTHON_BIN=$2; shift ;;
    --python=*) PYTHON_BIN=${1#--python=} ;;
    -h|--help) usage ;;
    *) echo "build.sh: unknown argument '$1'" >&2; usage ;;
  esac
  shift
done

say() { printf 'build.sh: %s\n' "$*" >&2; }
DIST=build/dist
WORK=build/pyi
BUNDLE=$DIST/xmdesk
LOG=build/pyinstaller.log

report_size() {
  local files
  files=$(find "$BUNDLE" -type f | wc -l)
  say "bundle: $BUNDLE  $(du -sh "$BUNDLE" | cut -f1)  ($files files)"
}

if [ "$SMOKE_ONLY" = 1 ]; then
  report_size
  exec packaging/smoke.sh "$BUNDLE/xmdesk"
fi

# -- the build environment ---------------------------------------------------------------------
if [ -z "$PYTHON_BIN" ]; then
  if [ ! -x .venv/bin/python ]; then
    command -v python3 >/dev/null || { say "no python3 found; pass --python PATH"; exit 1; }
    say "creating .venv with $(python3 --version)"
    python3 -m venv .venv
  fi
  PYTHON_BIN=.venv/bin/python
fi
command -v "$PYTHON_BIN" >/dev/null || [ -x "$PYTHON_BIN" ] || { say "'$PYTHON_BIN' is not a Python"; exit 1; }
"$PYTHON_BIN" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
  { say "$PYTHON_BIN is $("$PYTHON_BIN" --version 2>&1); XMDesk needs Python 3.11 or newer"; exit 1; }

# Install when PyInstaller/XMDesk are missing or pyproject.toml changed since the last install.
stamp_dir=$("$PYTHON_BIN" -c 'import sys; print(sys.prefix)')
stamp="$stamp_dir/.xmdesk-packaging-stamp"
wanted="$(sha256sum pyproject.toml | cut -c1-16) $REPO"
ready() {
  "$PYTHON_BIN" - <<'EOF' 2>/dev/null
import importlib.metadata as md, sys
import PyInstaller, xmdesk  # noqa: F401
major, minor = (int(x) for x in md.version("pyinstaller").split(".")[:2])
sys.exit(0 if (6, 3) <= (major, minor) < (7, 0) else 1)
EOF
}
if ! ready || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  say "installing XMDesk with the [packaging] extra into $stamp_dir"
  "$PYTHON_BIN" -m pip install --quiet -e ".[packaging]"
  ready || { say "PyInstaller >=6.3,<7 is still not importable with $PYTHON_BIN"; exit 1; }
  echo "$wanted" >"$stamp"
fi
say "Python $("$PYTHON_BIN" -c 'import platform; print(platform.python_version())'), PyInstaller $("$PYTHON_BIN" -c 'import PyInstaller; print(PyInstaller.__version__)')"

# -- PyInstaller ------------------------------------------------------------------------------
mkdir -p build
# A fixed hash seed makes the module archive's order repeatable from build to build.
export PYTHONHASHSEED=1 QT_QPA_PLATFORM=offscreen
say "running PyInstaller (log: $LOG)"
start=$(date +%s)
if ! "$PYTHON_BIN" -m PyInstaller --noconfirm --clean --distpath "$DIST" --workpath "$WORK" \
    packaging/xmdesk.spec >"$LOG" 2>&1; then
  tail -n 40 "$LOG" >&2
  say "PyInstaller failed after $(( $(date +%s) - start )) s; the whole log is in $LOG"
  exit 1
fi
seconds=$(( $(date +%s) - start ))
# The spec's own notes, and PyInstaller's warnings (the full list is in $WORK/xmdesk/warn-xmdesk.txt).
grep -E "^xmdesk.spec:|WARNING|xmdesk: PySide6" "$LOG" | sed 's/^[0-9]* //' >&2 || true
say "build time: ${seconds} s"
report_size

# -- smoke test -------------------------------------------------------------------------------
packaging/smoke.sh "$BUNDLE/xmdesk"
