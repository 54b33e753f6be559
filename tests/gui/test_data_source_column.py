"""The Data area says where each response came from (issue 22): a phone (web), the kiosk, typed in, an import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from xmdesk.core.study.file import Study

TABLE = "responses_retail_cx"


def test_the_source_column_names_web_typed_and_imported_responses(window, demo_path: Path) -> None:
    with Study.open(demo_path, window=False) as study, study.conn:
        study.conn.execute(f"UPDATE {TABLE} SET source = 'web' WHERE id = 1")
        study.conn.execute(f"UPDATE {TABLE} SET source = 'entry' WHERE id = 2")
        study.conn.execute(f"UPDATE {TABLE} SET source = 'import:3' WHERE id = 3")
        study.conn.execute(f"UPDATE {TABLE} SET source = 'kiosk' WHERE id = 4")
    window.open_study(demo_path)
    model = window.study_page.areas["data"].model
    column = model.column_names().index("source")
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Source"
    assert [model.index(row, column).data() for row in range(5)] == ["Phone (web)", "Typed in", "Import", "Kiosk",
                                                                       "demo"]  # the demo's own rows
