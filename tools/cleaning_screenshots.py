"""Save the cleaning screenshots (issue 20): an edited cell with the response's history beside the table, the
bulk edit's preview, and a block pasted from Excel (one refused in words, then one written); in Chinese and in
English.

    QT_QPA_PLATFORM=offscreen python tools/cleaning_screenshots.py [--out docs/screenshots]

Pictures go to <out>/cleaning/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shots import demo_area, parse_args, settle, wait_until

SIZE = (1366, 768)
WHERE = "${store} = 'bj_zgc' and ${channel} = '门店'"


def main() -> int:
    args = parse_args(__doc__)
    out = args.out / "cleaning"
    app, window, area = demo_area(out, "data", SIZE)

    from xmdesk.core.fieldwork import cleaning
    from xmdesk.gui.data.cleaning import BulkEditDialog

    assert area.model is not None
    survey = area.model.survey
    for column, value in (("store", "北京王府井店"), ("nps", "9"), ("store", "上海徐家汇店")):
        area.run_edit(cleaning.plan_cell(window.study, survey, 3, column, value))  # as the cell editor does
        wait_until(lambda: not area.model.busy)
    for lang in ("zh", "en"):
        window.set_language(lang)
        settle(app)
        index = area.model.index(2, area.model.column_names().index("store"))
        area.view.setCurrentIndex(index)
        area.view.horizontalScrollBar().setValue(0)
        settle(app)
        window.grab().save(str(out / f"edited_cell_{lang}.png"))
        dialog = area.bulk_edit()
        assert isinstance(dialog, BulkEditDialog)
        dialog.where_edit.setText(WHERE)
        dialog.column.setCurrentIndex(dialog.column.findData("store"))
        dialog.value_edit.setText("北京王府井店")
        dialog.preview_button.click()
        settle(app)
        dialog.grab().save(str(out / f"bulk_preview_{lang}.png"))
        dialog.reject()
        paste_shots(app, window, area, lang, out)
    window.close()
    return 0


def paste_shots(app: Any, window: Any, area: Any, lang: str, out: Path) -> None:
    """Three NPS scores pasted over rows 4-6: first with an 11 (refused, nothing written), then as they should be."""
    from PySide6.QtCore import QItemSelection, QItemSelectionModel
    from PySide6.QtGui import QGuiApplication

    column = area.model.column_names().index("nps")
    block = QItemSelection(area.model.index(3, column), area.model.index(5, column))
    for text, name in (("9\r\n11\r\n7\r\n", "paste_refused"), ("9\r\n10\r\n7\r\n", "pasted_block")):
        area.view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        area.view.setCurrentIndex(area.model.index(3, column))
        area.view.selectionModel().select(block, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        QGuiApplication.clipboard().setText(text)
        area.paste_cells()
        wait_until(lambda: not area.model.busy)
        settle(app)
        window.grab().save(str(out / f"{name}_{lang}.png"))
    area.undo_stack.undo()  # the next language pastes over the same answers
    wait_until(lambda: not area.model.busy)


if __name__ == "__main__":
    raise SystemExit(main())
