#!/usr/bin/env bash
# XMDesk's two entry points on a fresh Debian/Ubuntu machine with Python 3.11+:
#   ./run.sh app    set everything up, then open the app on the bundled demo study
#   ./run.sh test   set everything up, then run the layer check and the whole test suite
# "Set up" = the system libraries Qt needs (installed when we are root or have
# passwordless sudo, otherwise listed with the command to run), a virtual
# environment in .venv, and the project installed into it from pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")"

MODE="${1:-}"
shift || true
case "$MODE" in
  app|test) ;;
  *) echo "usage: ./run.sh app|test [extra arguments for the app or pytest]" >&2; exit 2 ;;
esac

say() { printf '\033[1mrun.sh:\033[0m %s\n' "$*" >&2; }

# Qt's runtime libraries (what the xcb platform plugin and QtGui load), a CJK font so Chinese is drawn,
# Xvfb for screenshots on a machine without a screen, venv support for Python.
SYSTEM_PACKAGES=(
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 fonts-noto-cjk xvfb xauth
)
# The test mode also drives the survey server's phone form in a real browser (Selenium + Debian's
# Chromium and its driver; nothing that downloads a browser of its own).
TEST_PACKAGES=(chromium chromium-driver)

find_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3 python3.13 python3.12 python3.11; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

install_system_packages() {
  local missing=("$@")
  if [ "$(id -u)" = 0 ]; then
    say "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    say "installing system packages with sudo: ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "these system packages are missing: ${missing[*]}"
    say "install them once with:  sudo apt-get install ${missing[*]}"
    exit 1
  fi
}

check_system() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "not a Debian/Ubuntu system: make sure Qt's libraries (EGL, xkbcommon, fontconfig, xcb-cursor)"
    say "and a CJK font (Noto Sans CJK) are installed; continuing."
    return 0
  fi
  local wanted=("${SYSTEM_PACKAGES[@]}") missing=() pkg
  if [ "$MODE" = test ]; then
    wanted+=("${TEST_PACKAGES[@]}")
  fi
  local python_minor
  python_minor=$("$PYTHON_BIN" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  if ! "$PYTHON_BIN" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    wanted+=("python${python_minor}-venv")
  fi
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    install_system_packages "${missing[@]}"
  fi
}

setup_venv() {
  local extras="$1" stamp wanted
  if [ ! -x .venv/bin/python ]; then
    say "creating .venv with $("$PYTHON_BIN" --version)"
    "$PYTHON_BIN" -m venv .venv
  fi
  wanted="$extras $(sha256sum pyproject.toml | cut -c1-16)"
  stamp=".venv/.xmdesk-setup${extras:-[base]}"
  if [ ! -f "$stamp" ] || ! grep -qxF "$wanted" "$stamp"; then
    say "installing XMDesk and its dependencies into .venv (first run takes a few minutes)"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".$extras"
    echo "$wanted" > "$stamp"
  fi
}

PYTHON_BIN=$(find_python) || {
  say "Python 3.11 or newer is needed: sudo apt-get install python3 python3-venv (or set PYTHON=/path/to/python3.11)"
  exit 1
}
check_system

if [ "$MODE" = app ]; then
  setup_venv ""
  exec .venv/bin/xmdesk open --demo "$@"
fi

setup_venv "[test]"
export QT_QPA_PLATFORM=offscreen QT_SCALE_FACTOR=1
say "checking the layer rule (import-linter)"
.venv/bin/lint-imports --no-cache >/dev/null || { .venv/bin/lint-imports --no-cache; exit 1; }
say "type-checking the package (mypy)"
.venv/bin/mypy >/dev/null || { .venv/bin/mypy; exit 1; }
say "looking for dead code (vulture, as pyproject's [tool.vulture] says; tools/vulture_whitelist.py names the used)"
.venv/bin/vulture || { say "remove the code above that nothing uses, or name it with why in tools/vulture_whitelist.py"; exit 1; }
say "checking the translations are complete and up to date"
.venv/bin/python tools/build_translations.py --check
say "running the test suite"
exec .venv/bin/python -m pytest -n 2 --dist loadfile -q "$@"
