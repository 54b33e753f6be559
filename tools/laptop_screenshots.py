"""The laptop walk (issue 18): every area of the demo study and its main dialogs at 1280×800 and 1366×768, in 中文 and
English, written to docs/screenshots/laptop/<size>_<lang>_<area>[_<dialog>].png (256-colour PNGs, offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/laptop_screenshots.py [--sizes 1280x800 1366x768]
        [--languages zh en] [--scaled] [--out docs/screenshots/laptop]

--scaled draws at 125% scaling: QT_SCALE_FACTOR=1.25 on a 1024×640 window, which is 1280×800 physical pixels
(written as 1280x800@125_<lang>_...). The script starts itself again for it, since the factor must be set before
Qt loads. --areas walks only those areas (and their dialogs). Every text a picture shows cut (tests/gui/clipping.py:
a button, label, header or combo narrower than its text, a toolbar spilling into », a form cut or scrolling
sideways) is printed on stderr with the picture's name, so you know what to look for.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from shots import (LAPTOP_SIZES, SCREENSHOTS, grab_message_boxes, isolated_home, main_window, parse_args, save_small,
                   settle, wait_until)

SCALED_NAME, SCALED_LOGICAL = "1280x800@125", (1024, 640)
XLSFORM = "门店NPS回访.xlsx"

Emit = Callable[[str, str, Any], None]
"""(area, dialog or '', widget): save a picture of `widget` for that area/dialog."""


def options(parser: Any) -> None:
    parser.set_defaults(out=SCREENSHOTS / "laptop")
    parser.add_argument("--sizes", nargs="+", default=list(LAPTOP_SIZES), choices=list(LAPTOP_SIZES))
    parser.add_argument("--languages", nargs="+", default=["zh", "en"], choices=["zh", "en"])
    parser.add_argument("--scaled", action="store_true", help="only the 125%% run (1024×640 logical)")
    parser.add_argument("--areas", nargs="+", help="only these areas (all by default)")
    parser.add_argument("--unscaled", action="store_true", help="without the 125%% run")


def prepare(home: Path) -> tuple[Path, Path, Path]:
    """The demo study, a response pack of it (for the merge dialog), a 问卷星 export (for the import wizard) and an
    XLSForm of another survey (for the XLSForm import's result)."""
    from import_screenshots import wjx_export

    from xmdesk.core.fieldwork import entry
    from xmdesk.core.demo import build_demo
    from xmdesk.core.fieldwork.merge import write_pack
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey

    study_path = build_demo(home / "零售门店顾客体验 Demo.xmd", responses_count=300)
    laptop = home / "laptop.xmd"
    shutil.copyfile(study_path, laptop)
    with Study.open(laptop) as study:  # a field laptop typed two visits
        phones = [row[0] for row in study.conn.execute("SELECT phone FROM customers ORDER BY id LIMIT 40")]
        survey = load_survey(study, "retail_cx")
        for nps in (6, 10):
            answers = {"region": 2, "store": 6, "channel": 1, "visit_date": "2026-06-02", "nps": nps, "csat": 4}
            entry.save_response(study, survey, entry.Draft("retail_cx", answers=answers, worker="李娜"))
        pack = write_pack(study, home / "李娜.xmdpack").path
    from xmdesk.core.survey.edits import create_from_template
    from xmdesk.core.survey.xlsform import write_xlsform

    with Study.create(home / "scratch.xmd") as scratch:
        write_xlsform(create_from_template(scratch, "nps", code="nps_visit"), home / XLSFORM)
    return study_path, pack, wjx_export(home / "问卷星_6月.csv", 1, 60, phones, bad=True)


def show_dialog(emit: Emit, area: str, name: str, dialog: Any) -> None:
    dialog.show()
    settle_all()
    emit(area, name, dialog)
    dialog.close()


def settle_all() -> None:
    from PySide6.QtWidgets import QApplication

    settle(QApplication.instance(), 8)  # type: ignore[arg-type]


def surveys(window: Any, emit: Emit, home: Path) -> None:
    area = window.study_page.areas["surveys"]
    designer = area.designer()
    designer.questions.setCurrentRow(0)  # a choice question: its choices table
    settle_all()
    emit("surveys", "choices", window)
    designer.questions.setCurrentRow(designer.questions.count() - 2)
    logic = designer.panel.relevant.edit
    logic.setText("${nps} <= 6 and (${other_text} != ''")  # a problem shown as you type
    settle_all()
    emit("surveys", "logic", window)
    logic.setText("")
    dialog = area.new_survey()
    show_dialog(emit, "surveys", "new", dialog)
    grab_message_boxes(lambda box: emit("surveys", "exported", box))
    area.export_path(str(home / "retail_cx.xlsx"))


def entry(window: Any, emit: Emit, pack: Path) -> None:
    from xmdesk.gui.entry.merge_dialog import MergeDialog

    dialog = MergeDialog(window.study, [str(pack)], window)
    dialog.show()
    dialog.run(apply=False)
    wait_until(lambda: dialog.report is not None)
    emit("entry", "merge", dialog)
    dialog.close()


def importing(window: Any, emit: Emit, table: Path) -> None:
    from xmdesk.gui.importing.wizard import PAGES

    area = window.study_page.areas["import"]
    wizard = area.wizard
    area.open_file(str(table))
    wait_until(lambda: wizard.plan is not None)
    for page in ("preview", "target"):
        wizard.go(PAGES.index(page))
        settle_all()
        emit("import", page, window)
    wizard.target_page.edit_choices(5)  # 性别's choices
    settle_all()
    emit("import", "choices", wizard.target_page.choices_dialog)
    wizard.target_page.choices_dialog.reject()
    wizard.next.click()
    settle_all()
    emit("import", "recode", window)
    wizard.next.click()
    wait_until(lambda: PAGES[wizard.pages.currentIndex()] == "check" and wizard.check_page.check_summary.text() != "")
    emit("import", "check", window)
    wizard.go(0)


def text(window: Any, emit: Emit) -> None:
    from xmdesk.gui.text.codebook_dialog import CodebookDialog

    area = window.study_page.areas["text"]
    wait_until(lambda: area.result is not None, 60_000)
    emit("text", "", window)
    show_dialog(emit, "text", "codebook", CodebookDialog(area.study, area.result.analysis.codebook, window))


def journey(window: Any, emit: Emit) -> None:
    from xmdesk.gui.journey.dialogs import LinkDialog, ThresholdsDialog

    editor = window.study_page.areas["journey"].editor
    editor.view.fit()
    settle_all()
    emit("journey", "", window)
    link = next(item.link for item in editor.scene.journey.items if item.link is not None)
    show_dialog(emit, "journey", "touchpoint", LinkDialog(editor.study, link, window))
    show_dialog(emit, "journey", "colours", ThresholdsDialog(editor.scene.journey, window))


def cases(window: Any, emit: Emit) -> None:
    area = window.study_page.areas["cases"]
    area.board.view.selectRow(0)
    settle_all()
    emit("cases", "", window)
    area.tabs.setCurrentWidget(area.rules)
    area.rules.list.setCurrentItem(area.rules.list.topLevelItem(0))
    settle_all()
    emit("cases", "rules", window)
    area.tabs.setCurrentWidget(area.actions_panel)
    settle_all()
    emit("cases", "actions", window)
    area.tabs.setCurrentIndex(0)


def reports(window: Any, emit: Emit) -> None:
    from xmdesk.gui.reports.data_export import DataExportDialog

    builder = window.study_page.areas["reports"]
    wait_until(lambda: builder.preview_layout.count() > 2, 60_000)  # the preview's pages, built on a worker
    settle_all()
    emit("reports", "", window)
    show_dialog(emit, "reports", "data_export", DataExportDialog(builder.study, window))


def xlsform_import(window: Any, emit: Emit, home: Path) -> None:
    """Last, since it adds a survey to the study (this walk's own copy, so the next walk imports it afresh)."""
    window.study_page.show_area("surveys")
    grab_message_boxes(lambda box: emit("surveys", "xlsform_imported", box))
    window.study_page.areas["surveys"].import_path(str(home / XLSFORM))


def about(window: Any, emit: Emit) -> None:
    from xmdesk.gui.about import show_about

    grab_message_boxes(lambda box: emit("help", "about", box))
    show_about(window)


def walk(window: Any, emit: Emit, home: Path, pack: Path, table: Path, areas: list[str] | None = None) -> None:
    """Every area as first shown, then its main dialogs (areas whose shot needs a job finished wait for it)."""
    from xmdesk.gui.navigation import AREA_KEYS

    special: dict[str, Callable[[], None]] = {
        "surveys": lambda: surveys(window, emit, home), "entry": lambda: entry(window, emit, pack),
        "import": lambda: importing(window, emit, table), "text": lambda: text(window, emit),
        "journey": lambda: journey(window, emit), "cases": lambda: cases(window, emit),
        "reports": lambda: reports(window, emit)}
    for key in AREA_KEYS:
        if areas and key not in areas:
            continue
        window.study_page.show_area(key)
        wait_until(lambda: True)
        settle_all()  # what an area builds on the next turn (the designer's preview) is in the picture
        if key not in ("text", "journey", "cases", "reports"):  # these are shown once their job or selection is in
            emit(key, "", window)
        if key in special:
            special[key]()
    if not areas or "help" in areas:
        about(window, emit)
    if not areas or "surveys" in areas:
        xlsform_import(window, emit, home)


def run(args: Any, scaled: bool) -> list[Path]:
    home = isolated_home()
    from xmdesk.gui.app import make_application

    make_application()
    study_path, pack, table = prepare(home)
    sizes = {SCALED_NAME: SCALED_LOGICAL} if scaled else {name: LAPTOP_SIZES[name] for name in args.sizes}
    from tests.gui.clipping import clipped

    written: list[Path] = []
    for language in args.languages:
        window = main_window(next(iter(sizes.values())), language)
        for size_name, size in sizes.items():
            own = home / f"{language}_{size_name}" / study_path.name  # each walk changes its study (an import)
            own.parent.mkdir()
            shutil.copyfile(study_path, own)
            window.open_study(own)
            window.resize(*size)
            wait_until(lambda: True)
            settle_all()

            def emit(area: str, dialog: str, widget: Any, size_name: str = size_name, language: str = language) -> None:
                name = "_".join(part for part in (size_name, language, area, dialog) if part)
                written.append(save_small(widget, args.out / f"{name}.png"))
                for problem in clipped(widget):  # what to look for in the picture
                    print(f"{name}: {problem}", file=sys.stderr)

            walk(window, emit, home, pack, table, args.areas)
        window.close_study()
        window.close()
        window.deleteLater()  # gone before the next language is applied: a language change reaches live widgets
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return written


def main() -> int:
    args = parse_args(__doc__, options)
    if args.scaled:
        os.environ["QT_SCALE_FACTOR"] = "1.25"
        written = run(args, scaled=True)
    else:
        written = run(args, scaled=False)
        if not args.unscaled:
            only = ["--areas", *args.areas] if args.areas else []
            subprocess.run([sys.executable, __file__, "--scaled", "--out", str(args.out), "--languages", *args.languages,
                            *only], check=True)
    print("\n".join(str(path) for path in written))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
