"""Update the .ts sources from the GUI code (pyside6-lupdate) and build the .qm files (pyside6-lrelease).

    python tools/build_translations.py            # update .ts and build .qm
    python tools/build_translations.py --check    # exit 1 if a .ts misses strings or has unfinished ones

Translators edit resources/translations/xmdesk_zh_CN.ts (Qt Linguist or by hand), or add
entries to a per-area memory, resources/translations/zh/<area>.json: {"source": "译文"}, or
{"Context|source": "译文"} when one English text needs two translations, or a list of forms
for a %n plural. The memory fills only messages still unfinished in the .ts, so areas
worked on side by side never edit the same file. Runs hold a lock, so two at once queue.
English is the source language, so xmdesk_en.ts holds only plural forms.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "xmdesk" / "gui"
FORMS = ROOT / "ui"  # Qt Designer forms: lupdate reads their texts under the form's <class> as context
TRANSLATIONS = ROOT / "resources" / "translations"
# (file, extra lupdate options): the source language keeps only its plural forms.
MEMORY = TRANSLATIONS / "zh"
CATALOGUES = {"xmdesk_zh_CN.ts": [], "xmdesk_en.ts": ["-pluralonly", "-source-language", "en"]}


def tool(name: str) -> str:
    """The pyside6 tools sit next to the running interpreter in a venv."""
    beside = Path(sys.executable).with_name(name)
    return str(beside) if beside.exists() else name


def source_files() -> list[str]:
    """The GUI's Python modules and the ui/ forms built into its dialogs: both hold visible strings."""
    found = [*SOURCES.rglob("*.py"), *FORMS.glob("*.ui")]
    return sorted(str(path.relative_to(ROOT)) for path in found)


def lupdate(target: Path, options: list[str]) -> None:
    language = ["-target-language", target.stem.split("_", 1)[1]]
    subprocess.run([tool("pyside6-lupdate"), *options, *language, "-no-obsolete", "-locations", "none",
                    *source_files(), "-ts", str(target)], cwd=ROOT, check=True, capture_output=True)


def lrelease(source: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), str(source), "-qm", str(source.with_suffix(".qm"))],
                   cwd=ROOT, check=True, capture_output=True)


def messages(ts_file: Path) -> set[tuple[str, str]]:
    """(context, source) of every live message in a .ts file."""
    tree = ET.parse(ts_file)
    return {(context.findtext("name", ""), message.findtext("source", ""))
            for context in tree.iter("context") for message in context.iter("message")
            if message.find("translation").get("type") not in ("obsolete", "vanished")}


def unfinished(ts_file: Path) -> list[str]:
    tree = ET.parse(ts_file)
    return [message.findtext("source", "") for message in tree.iter("message")
            if message.find("translation").get("type") == "unfinished"]


def memory() -> dict[str, str | list[str]]:
    """Every area's memory merged; a source translated differently by two areas is reported, not guessed."""
    merged: dict[str, str | list[str]] = {}
    for path in sorted(MEMORY.glob("*.json")):
        for source, translation in json.loads(path.read_text(encoding="utf-8")).items():
            if source in merged and merged[source] != translation:
                raise SystemExit(f"{path.name}: {source!r} already has another translation in an earlier file")
            merged[source] = translation
    return merged


def fill_from_memory(ts_file: Path) -> bool:
    """Give unfinished messages their translation from the memory (context-specific entries first);
    True when something was filled."""
    known = memory()
    tree = ET.parse(ts_file)
    changed = False
    for context in tree.iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") != "unfinished":
                continue
            source = message.findtext("source", "")
            found = known.get(f"{name}|{source}", known.get(source))
            if found is None:
                continue
            if message.get("numerus") == "yes":
                for form, text in zip(translation.findall("numerusform"), [found] if isinstance(found, str) else found):
                    form.text = text
            else:
                translation.text = found if isinstance(found, str) else found[0]
            del translation.attrib["type"]
            changed = True
    if changed:
        tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    return changed


def problems() -> list[str]:
    """What a release would lack: strings in the code missing from a .ts, and untranslated strings."""
    found = []
    with tempfile.TemporaryDirectory() as folder:
        for name, options in CATALOGUES.items():
            fresh = Path(folder) / name
            lupdate(fresh, options)
            missing = messages(fresh) - messages(TRANSLATIONS / name)
            found += [f"{name}: not in the .ts (run tools/build_translations.py): {ctx}: {src!r}"
                      for ctx, src in sorted(missing)]
            found += [f"{name}: unfinished: {src!r}" for src in unfinished(TRANSLATIONS / name)]
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report problems instead of updating")
    args = parser.parse_args()
    if args.check:
        found = problems()
        print("\n".join(found) or "translations are complete")
        return 1 if found else 0
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    with open(TRANSLATIONS / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for name, options in CATALOGUES.items():
            lupdate(TRANSLATIONS / name, options)
            if name == "xmdesk_zh_CN.ts" and fill_from_memory(TRANSLATIONS / name):
                lupdate(TRANSLATIONS / name, options)  # back to lupdate's own layout: small diffs
            lrelease(TRANSLATIONS / name)
        for name in CATALOGUES:
            left = unfinished(TRANSLATIONS / name)
            print(f"{name}: {len(messages(TRANSLATIONS / name))} messages, {len(left)} unfinished")
            for source in left:
                print(f"  unfinished: {source!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
