"""Screenshots of data entry in Chinese on the demo survey: the form, a draft kept while an import writes, a
validation message, this laptop's responses and a merge report with a conflict and two refused responses.
Writes docs/screenshots/entry_*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/entry_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import shutil
import threading

from shots import isolated_home, main_window, parse_args


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home(None)  # also puts the repository on sys.path, for tests.gui
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from tests.gui.test_entry import VISIT_KEYS, type_keys
    from xmdesk.core.fieldwork import entry
    from xmdesk.core.demo import build_demo
    from xmdesk.core.fieldwork.merge import write_pack
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import load_survey
    from xmdesk.gui.app import make_application
    from xmdesk.gui.entry.merge_dialog import MergeDialog

    app = make_application()
    study_path = build_demo(home / "门店暗访.xmd", responses_count=300)
    window = main_window((1280, 820))
    window.open_study(study_path, entry_only=True)
    QTest.qWaitForWindowActive(window)
    page = window.study_page.areas["entry"].current
    page.worker_edit.setText("王芳")
    for visit in range(3):
        page.form.focus_question()
        type_keys(VISIT_KEYS)
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page.form.focus_question()
    type_keys(["1", "12", "1", "2026-05-03", "<enter>", "9", "4", "45"])
    QTest.qWait(400)
    window.grab().save(str(args.out / "entry_form_zh.png"))

    # Another write holds the study's writer (an import): the autosave does not wait, it keeps the draft.
    from xmdesk.core.study.changes import Changes

    holding, free = threading.Event(), threading.Event()

    def hold_the_writer() -> None:
        with window.study.transaction(Changes.of("study")):  # type: ignore[union-attr]
            holding.set()
            free.wait(30)

    writer = threading.Thread(target=hold_the_writer)
    writer.start()
    holding.wait(30)
    type_keys(["3"])
    QTest.qWait(500)
    window.grab().save(str(args.out / "entry_draft_kept_zh.png"))
    free.set()
    writer.join()
    QTest.qWait(500)  # the next tick saves it

    page.form.focus_question("spend")
    type_keys(["-5", "<enter>"])
    page.save()
    page.form.focus_question("spend")
    QTest.qWait(100)
    window.grab().save(str(args.out / "entry_validation_zh.png"))

    page.list.table.selectRow(1)
    page.list.delete_button.click()
    page.tabs.setCurrentIndex(1)
    QTest.qWait(100)
    window.grab().save(str(args.out / "entry_responses_zh.png"))

    # A field laptop typed two visits and edited one response the lead also corrected.
    window.close_study()
    laptop = home / "laptop.xmd"
    shutil.copyfile(study_path, laptop)
    with Study.open(laptop) as study:
        survey = load_survey(study, "retail_cx")
        for nps in (6, 10):
            answers = {"region": 2, "store": 6, "channel": 1, "visit_date": "2026-06-02", "nps": nps, "csat": 4}
            entry.save_response(study, survey, entry.Draft("retail_cx", answers=answers, worker="李娜"))
        draft = entry.edit_draft(study.conn, survey, 301)
        draft.answers.update(nps=3, csat=2)
        entry.save_response(study, survey, draft)
        # Two more visits that a broken script changed behind the form (an NPS of 99, a region the survey
        # lacks): the merge refuses them with their reasons.
        for nps in (7, 8):
            entry.save_response(study, survey, entry.Draft("retail_cx", answers=dict(answers, nps=nps), worker="李娜"))
        study.conn.execute("UPDATE responses_retail_cx SET nps = 99 WHERE id = (SELECT max(id) - 1 FROM responses_retail_cx)")
        study.conn.execute("UPDATE responses_retail_cx SET region = 42 WHERE id = (SELECT max(id) FROM responses_retail_cx)")
        pack = write_pack(study, home / "李娜.xmdpack").path
    with Study.open(study_path) as study:
        survey = load_survey(study, "retail_cx")
        draft = entry.edit_draft(study.conn, survey, 301)
        draft.answers.update(nps=8)
        entry.save_response(study, survey, draft)
    window.open_study(study_path)
    dialog = MergeDialog(window.study, [pack], window)  # type: ignore[arg-type]
    dialog.show()
    dialog.run(apply=False)
    while dialog.report is None:
        QTest.qWait(50)
    QTest.qWait(200)
    dialog.grab().save(str(args.out / "entry_merge_zh.png"))
    dialog.close()

    # A mystery-shopping visit on the designer's template: visit metadata first, weighted items in sections,
    # the score and the pass mark as they are answered.
    from xmdesk.core.survey.edits import create_from_template

    checklist = home / "暗访清单.xmd"
    with Study.create(checklist, title="门店暗访 2026") as study:
        create_from_template(study, "mystery_shopper")
    window.open_study(checklist, entry_only=True)
    window.activateWindow()
    QTest.qWaitForWindowActive(window)
    page = window.study_page.areas["entry"].current
    page.worker_edit.setText("王芳")
    page.start_typing()
    page.visit_panel.store.setText("杭州武林店")
    page.visit_panel.shopper.setText("李娜")
    page.form.focus_question()
    type_keys(["1", "1", "1", "2", "1", "<enter>", "1", "1", "2", "1"])
    QTest.qWait(400)
    window.grab().save(str(args.out / "entry_checklist_zh.png"))
    window.close()
    app.quit()
    print("wrote", *sorted(p.name for p in args.out.glob("entry_*.png")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
