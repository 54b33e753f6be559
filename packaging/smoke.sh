#!/usr/bin/env bash
# Headless smoke test of a built XMDesk program (the one-folder PyInstaller build).
#
#   packaging/smoke.sh build/dist/xmdesk/xmdesk
#
# Runs the frozen program itself, never the source tree: --version, demo, info --json,
# selftest (jieba + snownlp from the bundle), the bundled data files and libraries, and the GUI
# starting and quitting on Qt's offscreen platform (plus X11 under xvfb-run when it is installed).
# Each step prints "smoke: <step> ok" (or "skipped: <why>"); the first failure prints what went
# wrong and exits 1. Needs python3 (to read the JSON) and coreutils' timeout.
set -euo pipefail

usage() { echo "usage: $0 BINARY   (e.g. build/dist/xmdesk/xmdesk)" >&2; exit 2; }
[ $# -eq 1 ] || usage
case "$1" in -h|--help) usage ;; esac

if [ ! -f "$1" ] || [ ! -x "$1" ]; then
  echo "smoke: binary FAILED: '$1' is not an executable file (build it with packaging/build.sh)" >&2
  exit 1
fi
BINARY=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
BUNDLE=$(dirname "$BINARY")
# PyInstaller >= 6 puts everything but the program into _internal/ (sys._MEIPASS).
INTERNAL="$BUNDLE/_internal"
[ -d "$INTERNAL" ] || INTERNAL="$BUNDLE"
REPO=$(cd "$(dirname "$0")/.." && pwd)
PY=${PYTHON_FOR_SMOKE:-python3}
STEP_TIMEOUT=${SMOKE_TIMEOUT:-120}
GUI_TIMEOUT=${SMOKE_GUI_TIMEOUT:-60}

ok() { echo "smoke: $1 ok${2:+ ($2)}"; : >"$tmp/out"; : >"$tmp/err"; }
skip() { echo "smoke: $1 skipped: $2"; }
fail() {
  local step=$1; shift
  echo "smoke: $step FAILED: $*" >&2
  if [ -s "$tmp/out" ]; then echo "--- stdout ---" >&2; tail -n 30 "$tmp/out" >&2; fi
  if [ -s "$tmp/err" ]; then echo "--- stderr ---" >&2; tail -n 30 "$tmp/err" >&2; fi
  exit 1
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/xmdesk-smoke.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# A throw-away home: settings, device id, demo study, and jieba's cache (it goes to $TMPDIR).
export XMDESK_HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" TMPDIR="$tmp"
export QT_QPA_PLATFORM=offscreen
unset XMDESK_EXIT_AFTER_SHOWN XMDESK_LANG
mkdir -p "$XMDESK_HOME"

# run STEP SECONDS ARGS...: the program with stdout/stderr captured to $tmp/out and $tmp/err.
run() {
  local step=$1 seconds=$2; shift 2
  local status=0
  timeout "$seconds" "$BINARY" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$status" -eq 124 ]; then fail "$step" "'xmdesk $*' did not finish within ${seconds} s"; fi
  if [ "$status" -ne 0 ]; then fail "$step" "'xmdesk $*' exited with $status"; fi
}

# -- the program ------------------------------------------------------------------------------
ok binary "$BINARY"

run version "$STEP_TIMEOUT" --version
version_line=$(head -n 1 "$tmp/out")
[[ "$version_line" =~ ^xmdesk\ [0-9]+\.[0-9]+ ]] || fail version "expected 'xmdesk X.Y.Z', got '$version_line'"
if [ -f "$REPO/xmdesk/__init__.py" ]; then
  source_version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$REPO/xmdesk/__init__.py")
  if [ -n "$source_version" ] && [ "$version_line" != "xmdesk $source_version" ]; then
    fail version "the bundle says '$version_line' but the source tree is $source_version: a stale build?"
  fi
fi
ok version "$version_line"

# -- CLI on a demo study ----------------------------------------------------------------------
demo="$tmp/demo.xmd"
run demo "$STEP_TIMEOUT" demo "$demo" --responses 500
[ -s "$demo" ] || fail demo "exit 0 but $demo was not written"
ok demo "$(du -h "$demo" | cut -f1) study"

run info "$STEP_TIMEOUT" info "$demo" --json
"$PY" - "$tmp/out" <<'EOF' >"$tmp/check" 2>&1 || { cat "$tmp/check" >&2; fail info "the JSON is not what was expected"; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
problems = []
if "schema_version" not in data:
    problems.append("no schema_version")
if data.get("integrity") != "ok":
    problems.append(f"integrity is {data.get('integrity')!r}, not 'ok'")
surveys = data.get("surveys") or []
if not surveys or surveys[0].get("responses") != 500:
    problems.append(f"surveys[0].responses is {surveys[0].get('responses') if surveys else 'missing'}, not 500")
if problems:
    sys.exit("info --json: " + "; ".join(problems))
print(f"schema {data['schema_version']}, integrity ok, {surveys[0]['responses']} responses")
EOF
ok info "$(cat "$tmp/check")"

# -- bundled data files -----------------------------------------------------------------------
missing=()
for path in \
  resources resources/icons/xmdesk.svg resources/themes/light.qss \
  resources/translations/xmdesk_zh_CN.qm resources/translations/xmdesk_en.qm ui \
  jieba/dict.txt jieba/analyse/idf.txt \
  jieba/finalseg/prob_emit.p jieba/finalseg/prob_start.p jieba/finalseg/prob_trans.p \
  jieba/posseg/char_state_tab.p jieba/posseg/prob_emit.p jieba/posseg/prob_start.p jieba/posseg/prob_trans.p \
  snownlp/sentiment/sentiment.marshal.3 snownlp/seg/seg.marshal.3 snownlp/tag/tag.marshal.3 \
  snownlp/normal/stopwords.txt snownlp/normal/pinyin.txt \
  PySide6/Qt/translations/qtbase_zh_CN.qm \
  PySide6/Qt/plugins/platforms/libqoffscreen.so PySide6/Qt/plugins/platforms/libqxcb.so \
  PySide6/Qt/plugins/platforms/libqminimal.so PySide6/Qt/plugins/imageformats/libqsvg.so \
  PySide6/Qt/plugins/imageformats/libqjpeg.so PySide6/Qt/plugins/iconengines/libqsvgicon.so; do
  [ -e "$INTERNAL/$path" ] || missing+=("$path")
done
# Every Qt Designer form of the repository: a dialog built from a missing one would not open (xmdesk/gui/forms.py).
for form in "$REPO"/ui/*.ui; do
  [ -e "$INTERNAL/ui/$(basename "$form")" ] || missing+=("ui/$(basename "$form")")
done
[ ${#missing[@]} -eq 0 ] || fail data-files "missing from $INTERNAL: ${missing[*]}"
ok data-files "resources, ui forms, jieba dictionaries, snownlp models, Qt plugins and qtbase_zh_CN"

# Every bundled library must find its dependencies (in the bundle or on this system). The
# bootloader puts the bundle on LD_LIBRARY_PATH, so ldd gets it too. Only the CUPS print plugin
# may miss libcups, which is deliberately left to the host (see xmdesk.spec).
: >"$tmp/ldd"
while IFS= read -r -d '' lib; do
  unresolved=$(LD_LIBRARY_PATH="$INTERNAL${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ldd "$lib" 2>/dev/null |
               awk '/not found/ {print $1}' | tr '\n' ' ')
  [ -z "$unresolved" ] || echo "${lib#"$INTERNAL"/}: $unresolved" >>"$tmp/ldd"
done < <(find "$INTERNAL" -type f \( -name '*.so' -o -name '*.so.*' \) -print0)
if grep -v "libcupsprintersupport" "$tmp/ldd" >/dev/null; then
  fail libraries "unresolved dependencies: $(grep -v libcupsprintersupport "$tmp/ldd")"
fi
if [ -s "$tmp/ldd" ]; then
  ok libraries "printing to printers needs libcups2 on this machine"
else
  ok libraries "all resolve"
fi

# -- jieba and snownlp working from the bundle ------------------------------------------------
run help "$STEP_TIMEOUT" --help  # a help text argparse cannot format once hid the selftest step below
ok help
if "$BINARY" --help 2>/dev/null | grep -qw selftest; then
  run selftest "$STEP_TIMEOUT" selftest
  "$PY" - "$tmp/out" <<'EOF' >"$tmp/check" 2>&1 || { cat "$tmp/check" >&2; fail selftest "jieba or snownlp did not work from the bundle"; }
import json, sys
with open(sys.argv[1], encoding="utf-8") as f:
    data = json.load(f)
words, score = data.get("jieba"), data.get("snownlp")
if not isinstance(words, list) or len(words) < 3 or "".join(words).count("收银台") != 1:
    sys.exit(f"jieba segmentation looks wrong: {words!r}")
if not isinstance(score, (int, float)) or not 0.5 < score <= 1:
    sys.exit(f"snownlp sentiment of a positive sentence is {score!r}, expected > 0.5")
print(f"jieba {len(words)} words, snownlp {score}")
EOF
  ok selftest "$(cat "$tmp/check")"
else
  skip selftest "this build has no 'xmdesk selftest' command; only the data files were checked"
fi

# -- every reader and writer that pulls in a library of its own ------------------------------
# A library the analysis misses (or its data files: python-pptx's and python-docx's templates,
# pyreadstat, calamine) fails here, not at a user's. Each file must exist and not be empty.
written() { [ -s "$1" ] || fail "$2" "exit 0 but $1 is empty or missing"; }
for format in pdf pptx xlsx docx html; do
  run "report-$format" "$STEP_TIMEOUT" report "$demo" --default -o "$tmp/report.$format"
  written "$tmp/report.$format" "report-$format"
done
ok reports "pdf, pptx, xlsx, docx, html"
for format in csv xlsx sav; do
  run "export-$format" "$STEP_TIMEOUT" export "$demo" --survey retail_cx --format "$format" -o "$tmp/data.$format"
  written "$tmp/data.$format" "export-$format"
done
ok exports "csv, xlsx, sav"
run journey "$STEP_TIMEOUT" journey export "$demo" --journey 零售门店购物旅程 -o "$tmp/journey.png"
written "$tmp/journey.png" journey
run stats "$STEP_TIMEOUT" stats "$demo" --survey retail_cx --metric nps --question nps --by region --json
grep -q '"groups"' "$tmp/out" || fail stats "no groups in the JSON"
run text "$STEP_TIMEOUT" text "$demo" --survey retail_cx --question improve_text --json
run alerts "$STEP_TIMEOUT" alerts "$demo" --run --json
run xlsform "$STEP_TIMEOUT" xlsform export "$demo" --survey retail_cx -o "$tmp/form.xlsx"
written "$tmp/form.xlsx" xlsform
run import "$STEP_TIMEOUT" import "$demo" "$tmp/data.xlsx" --new reimported --json
grep -q '"imported": 500' "$tmp/out" || fail import "the exported workbook did not import 500 responses"
ok features "journey png, stats, text, alerts, xlsform, import of the exported xlsx"

# -- the GUI, headless ------------------------------------------------------------------------
gui() {
  local step=$1; shift
  local status=0
  XMDESK_EXIT_AFTER_SHOWN=1 timeout "$GUI_TIMEOUT" "$@" >"$tmp/out" 2>"$tmp/err" || status=$?
  if [ "$status" -eq 124 ]; then
    fail "$step" "the window did not quit within ${GUI_TIMEOUT} s; does this build honour XMDESK_EXIT_AFTER_SHOWN (xmdesk/gui/app.py)?"
  fi
  [ "$status" -eq 0 ] || fail "$step" "'xmdesk open' exited with $status"
  grep -q "^XMDESK_SHOWN " "$tmp/out" || fail "$step" "exit 0 but no 'XMDESK_SHOWN' line: was the window ever shown?"
}
gui gui-offscreen "$BINARY" open "$demo"
ok gui-offscreen "window shown and closed"

if command -v xvfb-run >/dev/null 2>&1; then
  QT_QPA_PLATFORM=xcb gui gui-xcb xvfb-run -a "$BINARY" open "$demo"
  ok gui-xcb "under xvfb-run"
else
  skip gui-xcb "xvfb-run is not installed"
fi

echo "smoke: all passed ($BINARY)"
