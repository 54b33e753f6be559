"""Cleaning in the Data area (issue 20): a cell edited with the editor its question needs, undone and redone, its
history shown; a refused value said in words; the bulk edit applies exactly what it previewed."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit

TABLE = "responses_retail_cx"


def data_area(window, path: Path):  # noqa: ANN001, ANN201
    window.open_study(path)
    return window.study_page.areas["data"]


def stored(window, response_id: int, column: str) -> object:  # noqa: ANN001
    return window.study.conn.execute(f'SELECT "{column}" FROM {TABLE} WHERE id = ?', (response_id,)).fetchone()[0]


def open_editor(area, qtbot, row: int, column: str):  # noqa: ANN001, ANN201
    index = area.model.index(row, area.model.column_names().index(column))
    area.view.scrollTo(index)
    rect = area.view.visualRect(index)
    qtbot.mouseClick(area.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(area.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = area.view.viewport().focusWidget() or area.view.focusWidget()
    assert isinstance(editor, (QComboBox, QLineEdit)), editor
    return editor


def test_edit_a_cell_see_its_history_and_undo_it(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    old = stored(window, 1, "nps")
    new = 0 if old != 0 else 10
    editor = open_editor(area, qtbot, 0, "nps")
    assert isinstance(editor, QComboBox)  # a scale is picked from its points, not typed
    assert [editor.itemData(i) for i in range(editor.count())] == [""] + [str(v) for v in range(11)]
    editor.setCurrentIndex(editor.findData(str(new)))
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    column = area.model.column_names().index("nps")
    assert stored(window, 1, "nps") == new and area.model.index(0, column).data() == str(new)
    history = area.history.tree
    assert area.history.title.text() == "History of response #1"
    assert history.topLevelItem(0).text(2) == "Corrected"
    change = history.topLevelItem(0).child(0)  # the question, and under it on a line of its own its values
    assert change.text(0) == "How likely are you to recommend us to a friend or colleague?"
    assert change.childCount() == 1 and change.child(0).text(0) == f"{old} → {new}"
    assert area.undo_button.defaultAction().text().startswith("Undo Edit #1")
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.undo_button.click()
    assert stored(window, 1, "nps") == old and area.model.index(0, column).data() == str(old)
    assert history.topLevelItem(0).text(2) == "Undone" and history.topLevelItem(0).child(0).child(0).text(0) == f"{new} → {old}"
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.redo_button.click()
    assert stored(window, 1, "nps") == new
    details = [json.loads(d) for (d,) in window.study.conn.execute(
        "SELECT detail FROM audit_log WHERE action = 'clean' AND entity_id = 'retail_cx:1' ORDER BY id")]
    assert [d["changed"]["nps"] for d in details] == [[old, new], [new, old], [old, new]]


def test_a_refused_value_is_said_in_words_and_not_written(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    spend = stored(window, 2, "spend")
    editor = open_editor(area, qtbot, 1, "spend")
    assert isinstance(editor, QLineEdit)
    editor.setText("lots")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits once the editor has seen the key (queued)
    qtbot.waitUntil(lambda: not area.edit_problem.isHidden())
    assert "'lots' is not a number" in area.edit_problem.text()
    assert stored(window, 2, "spend") == spend and area.undo_stack.count() == 0


def test_bulk_edit_applies_what_it_previewed(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    chosen = [i for (i,) in window.study.conn.execute(
        f"SELECT id FROM {TABLE} WHERE deleted = 0 AND store = 7 AND channel = 1 ORDER BY id")]
    area.search_edit.setText("${store} = 'bj_zgc' and ${channel} = '门店'")
    dialog = area.bulk_edit()
    assert dialog.where_edit.text() == area.search_edit.text()
    dialog.column.setCurrentIndex(dialog.column.findData("store"))
    dialog.value_edit.setText("北京王府井店")
    assert not dialog.apply_button.isEnabled()  # nothing is applied unseen
    dialog.preview_button.click()
    assert [int(dialog.table.item(r, 0).text()) for r in range(dialog.table.rowCount())] == chosen
    assert dialog.count.text() == f"{len(chosen)} responses will change"
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        dialog.apply_button.click()
    assert all(stored(window, i, "store") == 6 for i in chosen)
    assert area.undo_stack.count() == 1
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.undo_stack.undo()
    assert all(stored(window, i, "store") == 7 for i in chosen)


def test_exclude_rows_from_analysis_marked_in_the_table_and_undone(window, demo_path: Path, qtbot) -> None:
    from xmdesk.core.analysis.frame import load_frame
    from xmdesk.core.survey.model import load_survey

    area = data_area(window, demo_path)
    survey = load_survey(window.study, "retail_cx")
    area.view.selectRow(0)
    assert area.selected_ids() == [1]
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.set_excluded(area.selected_ids(), "speeder")
    assert area.model.excluded == {1: "speeder"}
    cell = area.model.index(0, 0)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Excluded from analysis: speeder"
    assert cell.data(Qt.ItemDataRole.ForegroundRole) is not None and area.model.index(1, 0).data(
        Qt.ItemDataRole.ForegroundRole) is None
    assert 1 not in load_frame(window.study, survey, ["nps"]).index  # analyses leave it out at once
    assert area.history.tree.topLevelItem(0).text(2) == "Excluded from analysis: speeder"
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.undo_stack.undo()
    assert area.model.excluded == {} and 1 in load_frame(window.study, survey, ["nps"]).index
    assert area.history.tree.topLevelItem(0).text(2) == "Restored to analysis"


def select_block(area, rows: range, columns: list[str]) -> None:  # noqa: ANN001
    from PySide6.QtCore import QItemSelection, QItemSelectionModel

    names = area.model.column_names()
    block = QItemSelection(area.model.index(rows.start, names.index(columns[0])),
                           area.model.index(rows.stop - 1, names.index(columns[-1])))
    area.view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    area.view.setFocus()


def test_paste_a_block_from_excel_is_one_audited_edit_undone_whole(window, demo_path: Path, qtbot) -> None:
    from PySide6.QtGui import QGuiApplication, QKeySequence

    area = data_area(window, demo_path)
    names = area.model.column_names()
    columns = names[names.index("nps"):names.index("nps") + 2]  # nps and the column beside it
    before = {(i, c): stored(window, i, c) for i in (1, 2, 3) for c in columns}
    select_block(area, range(0, 3), columns)
    QGuiApplication.clipboard().setText("3\t\r\n4\t\r\n5\t\r\n")  # Excel's form: CRLF, a last line break
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        qtbot.keySequence(area.view, QKeySequence.StandardKey.Paste)
    assert [stored(window, i, "nps") for i in (1, 2, 3)] == [3, 4, 5]
    assert [stored(window, i, columns[1]) for i in (1, 2, 3)] == [None, None, None]
    assert area.undo_stack.count() == 1
    audit = {entity: json.loads(detail) for entity, detail in window.study.conn.execute(
        "SELECT entity_id, detail FROM audit_log WHERE action = 'clean' ORDER BY id")}
    assert audit == {f"retail_cx:{i}": {"kind": "paste", "changed": {
        c: [before[(i, c)], new] for c, new in zip(columns, (2 + i, None)) if before[(i, c)] != new}}
        for i in (1, 2, 3)}
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.undo_button.click()
    assert {(i, c): stored(window, i, c) for i in (1, 2, 3) for c in columns} == before


def test_a_bad_pasted_value_refuses_the_whole_paste_saying_where(window, demo_path: Path, qtbot) -> None:
    from PySide6.QtGui import QGuiApplication, QKeySequence

    area = data_area(window, demo_path)
    before = [stored(window, i, "nps") for i in (1, 2, 3)]
    select_block(area, range(0, 1), ["nps"])
    QGuiApplication.clipboard().setText("3\n4\n12\n")
    qtbot.keySequence(area.view, QKeySequence.StandardKey.Paste)
    assert not area.edit_problem.isHidden()
    assert area.edit_problem.text().startswith("Nothing was pasted: response 3, column nps:")
    assert [stored(window, i, "nps") for i in (1, 2, 3)] == before and area.undo_stack.count() == 0
    assert window.study.conn.execute("SELECT count(*) FROM audit_log WHERE action = 'clean'").fetchone()[0] == 0


def test_copy_a_block_as_tab_separated_text(window, demo_path: Path, qtbot) -> None:
    from PySide6.QtGui import QGuiApplication, QKeySequence

    area = data_area(window, demo_path)
    names = area.model.column_names()
    columns = names[names.index("nps") - 1:names.index("nps") + 1]
    select_block(area, range(0, 2), columns)
    qtbot.keySequence(area.view, QKeySequence.StandardKey.Copy)
    expected = "".join("\t".join(area.model.index(r, names.index(c)).data() for c in columns) + "\n" for r in (0, 1))
    assert QGuiApplication.clipboard().text() == expected and str(stored(window, 1, "nps")) in expected


def test_a_refused_exclusion_is_said_and_leaves_nothing_to_undo(window, demo_path: Path, qtbot, message_boxes) -> None:
    """The Data area's steps are the one undo command the designer and the journey use: applied before they
    are pushed, so a refused one (a response deleted meanwhile) is said and never reaches the stack."""
    from xmdesk.gui.undo import EditCommand

    area = data_area(window, demo_path)
    area.set_excluded([1, 99999], "speeder")
    assert area.undo_stack.count() == 0 and area.model.excluded == {}
    assert len(message_boxes.texts("critical")) == 1
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.set_excluded([1], "speeder")
    assert area.undo_stack.count() == 1 and isinstance(area.undo_stack.command(0), EditCommand)


def test_an_exclusion_on_the_undo_stack_is_named_in_the_language_chosen_after(window, demo_path: Path,
                                                                              qtbot) -> None:
    """Like a correction, an exclusion's undo step is renamed when the language changes ("Undo 排除 1 份答卷")."""
    from tests.gui.test_language_switch import switch

    area = data_area(window, demo_path)
    with qtbot.waitSignal(area.model.modelReset, timeout=10000):
        area.set_excluded([1], "speeder")
    assert area.undo_stack.undoText() == "Exclude 1 response(s)"
    switch(window, qtbot, "zh")
    assert area.undo_stack.undoText() == "排除 1 份答卷"
    area.undo_stack.undo()
    switch(window, qtbot, "en")
    assert area.undo_stack.redoText() == "Exclude 1 response(s)"
