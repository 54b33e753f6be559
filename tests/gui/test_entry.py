"""Data entry driven with key presses only; skip logic and validation on the form; delete and restore;
a killed app keeps every finished response and offers the draft back."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from xmdesk.core.fieldwork import entry
from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey, load_survey
from xmdesk.gui.entry.form import EntryForm

# One whole demo visit, typed: region 1, store 12, channel 1, date, NPS 9, CSAT 4, nine attribute rows
# (0 = not applicable), CES 6, categories 1 and 2, amount, three comments (QTest types ASCII only;
# Chinese arrives through an input method, not key presses).
VISIT_KEYS = ["1", "12", "1", "2026-05-03", "<enter>", "9", "4", *"453443300", "6", "1", "2", "<enter>",
              "128.5", "<enter>", "friendly staff", "<enter>", "long queue", "<enter>", "<enter>"]


def type_keys(keys: list[str]) -> None:
    for key in keys:
        widget = QApplication.focusWidget()
        assert widget is not None
        if key == "<enter>":
            QTest.keyClick(widget, Qt.Key.Key_Return)
        else:
            QTest.keyClicks(widget, key)


def open_entry(window, path: Path):  # type: ignore[no-untyped-def]  # noqa: ANN001
    assert window.open_study(path, entry_only=True)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    return window.study_page.areas["entry"].current


def test_a_visit_typed_with_keys_only(window, demo_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    entry_page = open_entry(window, demo_path)
    page = window.study_page
    assert page.current_area() == "entry"
    assert [page.nav.item(r).isHidden() for r in range(page.nav.count())].count(False) == 1
    entry_page.form.focus_question()
    type_keys(VISIT_KEYS)
    answers = entry_page.form.answers()
    assert answers["store"] == 12 and answers["nps"] == 9 and answers["attr__queue"] == 3
    assert answers["attr__aftersales"] is None and answers["categories__daily"] == 1
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with Study.open(demo_path, read_only=True) as study:
        row = study.conn.execute("SELECT store, nps, ces, spend, improve_text, device_id, source"
                                 " FROM responses_retail_cx WHERE id = 1001").fetchone()
    assert row[:5] == (12, 9, 6, 128.5, "long queue") and row[5] and row[6] == "entry"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert entry_page.form.answers()["nps"] is None and entry_page.draft.response_id is None
    assert entry_page.form.current_question() == "region"


def test_validation_message_appears_on_the_field(window, demo_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    entry_page = open_entry(window, demo_path)
    entry_page.form.focus_question("spend")
    type_keys(["12.345", "<enter>"])
    field = entry_page.form.fields["spend"]
    assert field.problem.isVisible() and "decimal" in field.problem.text()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert entry_page.form.fields["region"].problem.text() == "An answer is required."
    assert entry_page.form.current_question() == "region"  # the cursor goes to the first problem


def test_skip_logic_applies_live(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    with Study.create(tmp_path / "s.xmd") as study:
        survey = create_survey(study, "s", questions=[
            Question("waited", QuestionType.SINGLE, choices=[Choice("yes", 1), Choice("no", 2)]),
            Question("minutes", QuestionType.NUMBER, props={"relevant": "${waited} = 'yes'"}),
            Question("note", QuestionType.TEXT),
        ])
    form = EntryForm(survey)
    qtbot.addWidget(form)
    form.show()
    QTest.qWaitForWindowActive(form)
    assert form.fields["minutes"].isHidden()
    form.focus_question()
    type_keys(["1"])
    assert not form.fields["minutes"].isHidden() and form.current_question() == "minutes"
    type_keys(["15", "<enter>"])
    assert form.current_question() == "note"
    form.set_answers({"waited": 2})
    assert form.fields["minutes"].isHidden() and "minutes" not in form.answers()


def test_delete_and_restore_from_the_list(window, demo_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    entry_page = open_entry(window, demo_path)
    entry_page.form.focus_question()
    type_keys(VISIT_KEYS)
    assert entry_page.save()
    listing = entry_page.list
    listing.table.selectRow(0)
    listing.delete_button.click()
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
        assert responses.count(study.conn, survey) == 1000
    assert listing.rows[0].deleted and listing.restore_button.isEnabled()
    listing.restore_button.click()
    with Study.open(demo_path, read_only=True) as study:
        assert responses.count(study.conn, load_survey(study, "retail_cx")) == 1001
        actions = [a for (a,) in study.conn.execute("SELECT action FROM audit_log WHERE entity = 'response'")]
    assert actions[-2:] == ["delete", "restore"]


KILLED_SESSION = textwrap.dedent("""
    import sys
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from xmdesk.gui.app import create_main_window, make_application
    from tests.gui.test_entry import VISIT_KEYS, type_keys

    app = make_application()
    window = create_main_window()
    window.show()
    window.open_study(sys.argv[1], entry_only=True)
    QTest.qWaitForWindowActive(window)
    page = window.study_page.areas["entry"].current
    page.form.focus_question()
    type_keys(VISIT_KEYS)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_keys(["2", "3"])  # the next visit: region 2, store 3 ...
    QTest.qWait(800)  # ... and a moment for the draft to be saved
    print("TYPED", flush=True)
    app.exec()
""")


def test_killed_app_keeps_responses_and_offers_the_draft(window, demo_path: Path, xmdesk_home: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XMDESK_HOME=str(xmdesk_home), XMDESK_LANG="en")
    root = Path(__file__).resolve().parents[2]
    process = subprocess.Popen([sys.executable, "-c", KILLED_SESSION, str(demo_path)], cwd=root, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.strip() == "TYPED", process.stderr.read() if process.stderr else ""
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    with Study.open(demo_path) as study:
        assert study.integrity() == "ok"
        survey = load_survey(study, "retail_cx")
        assert responses.count(study.conn, survey) == 1001
        (draft,) = entry.drafts(study.conn, "retail_cx")
        assert draft.answers["region"] == 2 and draft.answers["store"] == 3
    reopened = open_entry(window, demo_path)
    assert reopened.banner.isVisible() or not reopened.banner.isHidden()
    assert reopened.form.answers()["store"] == 3 and reopened.draft.response_uuid == draft.response_uuid


def test_a_30_question_mystery_shopping_visit_without_the_mouse(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    """Visit metadata, 30 weighted checklist items (one shown only when relevant), saved, scored."""
    path = tmp_path / "audit.xmd"
    items = [Question(f"c{i}", QuestionType.CHECKLIST, label_zh=f"检查项 {i}", group=f"s{i // 10}",
                      props={"weight": 1 + i % 3}) for i in range(1, 30)]
    items.insert(5, Question("toilet_clean", QuestionType.CHECKLIST, label_zh="洗手间整洁",
                             props={"weight": 2, "relevant": "${c1} = 'yes'"}))
    with Study.create(path) as study:
        create_survey(study, "audit", questions=items)
    entry_page = open_entry(window, path)
    assert entry_page.visit_box.isVisibleTo(entry_page)
    entry_page.worker_edit.setFocus()
    type_keys(["Li Na", "<enter>", "Hangzhou Wulin", "<enter>"])
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(["2026-06-01 15:20", "<enter>", "Li Na", "<enter>"])
    answers = ["1"] * 24 + ["2"] * 4 + ["3"] * 2  # yes, no, not applicable
    type_keys(answers)
    assert len(entry_page.form.shown_codes()) == 30
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    survey = entry_page.survey
    with Study.open(path, read_only=True) as study:
        (response_id,) = study.conn.execute("SELECT id FROM responses_audit").fetchone()
        stored = entry.edit_draft(study.conn, survey, response_id)
        score = study.conn.execute("SELECT compliance FROM entry_visits").fetchone()[0]
    assert stored.worker == "Li Na" and stored.visit == entry.Visit("Hangzhou Wulin", "2026-06-01 15:20", "Li Na")
    expected = entry.compliance(survey, stored.answers).percent
    assert expected is not None and 0 < expected < 100 and score == expected
    assert entry_page.visit_panel.score.text().startswith(f"{expected:.1f}%")


def test_an_unfinished_response_stays_in_the_list_while_another_is_edited(window, demo_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    entry_page = open_entry(window, demo_path)
    entry_page.form.focus_question()
    type_keys(VISIT_KEYS)
    assert entry_page.save()
    saved_id = entry_page.draft.response_id
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    type_keys(["3", "7"])  # a second visit, half typed
    entry_page.tabs.setCurrentIndex(1)
    listing = entry_page.list
    assert len(listing.drafts) == 1 and listing.table.item(0, 5).text() == "unfinished draft"
    listing.select_id(saved_id)
    listing.edit_button.click()
    assert entry_page.draft.response_id == saved_id and entry_page.form.answers()["store"] == 12
    entry_page.tabs.setCurrentIndex(1)
    listing.table.selectRow(0)
    listing.edit_button.click()
    assert entry_page.draft.response_id is None and entry_page.form.answers()["store"] == 7


def test_a_photo_is_stored_in_the_study_with_its_response(window, demo_path: Path, tmp_path: Path, qtbot) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    from PySide6.QtGui import QColor, QImage

    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#1f6feb"))
    photo = tmp_path / "门头.png"
    assert image.save(str(photo))
    entry_page = open_entry(window, demo_path)
    entry_page.photos.add_file(photo)
    assert entry_page.photos.list.count() == 1
    qtbot.waitUntil(lambda: bool(entry.drafts(entry_page.study.conn, "retail_cx")))
    entry_page.form.focus_question()
    type_keys(VISIT_KEYS)
    assert entry_page.save()
    with Study.open(demo_path, read_only=True) as study:
        (stored,) = entry.photos(study.conn, entry_page.draft.response_uuid)
        assert stored.name == "门头.png" and stored.mime == "image/png"
        assert entry.photo_data(study.conn, stored.id) == photo.read_bytes()


def test_the_mystery_shopper_template_typed_with_keys_only(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    """The designer's template: a regex on a question skip logic shows, numbers, notes on two lines."""
    from xmdesk.core.survey.edits import create_from_template

    path = tmp_path / "shop.xmd"
    with Study.create(path) as study:
        create_from_template(study, "mystery_shopper")
    entry_page = open_entry(window, path)
    form = entry_page.form
    QTest.qWait(10)  # the area puts the cursor on the visit's first field once shown
    type_keys(["Hangzhou Wulin", "<enter>", "<enter>", "Li Na", "<enter>"])
    assert form.current_question() == "greet"
    type_keys(["1", "1", "1", "1", "2"])
    assert form.current_question() == "staff_id"  # shown: the uniform had a badge
    type_keys(["sh12", "<enter>"])
    assert form.current_question() == "staff_id" and form.fields["staff_id"].problem.isVisible()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_keys(["SH0123", "<enter>", "1", "1", "1", "1", "1", "7", "<enter>", "clean store"])
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    type_keys(["friendly", "<enter>"])
    assert QApplication.focusWidget() is entry_page.save_button
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    with Study.open(path, read_only=True) as study:
        row = study.conn.execute("SELECT staff_id, wait_minutes, notes, upsell FROM responses_mystery_shop").fetchone()
        score = study.conn.execute("SELECT compliance FROM entry_visits").fetchone()[0]
    assert row == ("SH0123", 7.0, "clean store\nfriendly", 2)
    survey = entry_page.survey
    weights = [float(q.props["weight"]) for q in survey.questions if q.type is QuestionType.CHECKLIST]
    upsell = float(survey.question("upsell").props["weight"])
    assert score == round(100 * (sum(weights) - upsell) / sum(weights), 1)
    assert "pass" in entry_page.visit_panel.score.text()
