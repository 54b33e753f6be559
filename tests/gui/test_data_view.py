"""The data view pages rows in on demand, and sorts and filters like the SQL it stands for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from xmdesk.core.survey.responses import text_columns
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey

TABLE = "responses_retail_cx"


def data_area(window, path: Path):  # noqa: ANN001, ANN201
    window.open_study(path)
    return window.study_page.areas["data"]


def ids_shown(area, count: int) -> list[int]:  # noqa: ANN001
    column = area.model.column_names().index("id")
    return [int(area.model.index(row, column).data()) for row in range(count)]


def test_scroll_to_last_row_reads_only_a_page_or_two(window, demo_path: Path) -> None:
    area = data_area(window, demo_path)
    area.view.viewport().grab()
    area.view.scrollToBottom()
    area.view.viewport().grab()  # paints: the model is asked only for the visible rows
    model = area.model
    last = area.view.rowAt(area.view.viewport().height() - 2)
    assert last == model.rowCount() - 1 == 999
    with Study.open(demo_path, read_only=True) as study:
        (max_id,) = study.conn.execute(f"SELECT max(id) FROM {TABLE}").fetchone()
    assert model.id_at(last) == max_id
    assert model.index(last, 0).data() == str(max_id)
    assert model.pages_loaded <= 2


def test_ctrl_end_jumps_to_the_last_row(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    area.view.setFocus()
    qtbot.keyClick(area.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    area.view.viewport().grab()
    assert area.view.currentIndex().row() == area.model.rowCount() - 1
    assert area.model.pages_loaded <= 2


def test_headers_and_choice_labels(window, demo_path: Path) -> None:
    area = data_area(window, demo_path)
    model, names = area.model, area.model.column_names()
    store = names.index("store")
    assert model.headerData(store, Qt.Orientation.Horizontal) == "Store visited"
    assert model.headerData(store, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole).startswith("store")
    survey = load_survey(window.study, "retail_cx")
    value = window.study.conn.execute(f"SELECT store FROM {TABLE} WHERE id = 1").fetchone()[0]
    expected = next(c for c in survey.question("store").choices if c.value == value).label("en")
    assert model.index(0, store).data() == expected
    categories = [name for name in names if name.startswith("categories__")]
    assert {model.index(row, names.index(categories[0])).data() for row in range(50)} <= {"✓", ""}


def test_sort_by_header_matches_sql(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    column = area.model.column_names().index("nps")
    with qtbot.waitSignal(area.model.modelReset, timeout=5000):
        area.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
        assert area.model.busy and area.count_label.text() == "Sorting and filtering…"
    assert not area.model.busy
    expected = [row[0] for row in window.study.conn.execute(
        f"SELECT id FROM {TABLE} WHERE deleted = 0 ORDER BY nps DESC, id DESC LIMIT 40")]
    assert ids_shown(area, 40) == expected
    assert area.model.rowCount() == 1000


def test_quick_filter_on_enter_and_after_typing(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    columns = text_columns(load_survey(window.study, "retail_cx"))
    where = " OR ".join(f'"{c}" LIKE ?' for c in columns)

    def matching(text: str) -> list[int]:
        rows = window.study.conn.execute(f"SELECT id FROM {TABLE} WHERE deleted = 0 AND ({where}) ORDER BY id",
                                         [f"%{text}%"] * len(columns))
        return [row[0] for row in rows]

    area.search_edit.setText("排队")
    with qtbot.waitSignal(area.model.modelReset, timeout=5000):
        qtbot.keyClick(area.search_edit, Qt.Key.Key_Return)
    expected = matching("排队")
    assert 0 < area.model.rowCount() == len(expected) < 1000
    assert ids_shown(area, len(expected)) == expected
    assert area.count_label.text() == f"{len(expected)} responses match"

    area.search_edit.setText("退款")  # no Enter: applied once typing pauses
    qtbot.waitUntil(lambda: area.model.search == "退款", timeout=3000)
    assert ids_shown(area, area.model.rowCount()) == matching("退款")
    area.search_edit.clear()
    qtbot.waitUntil(lambda: area.model.rowCount() == 1000, timeout=3000)


def test_expression_filter_waits_for_enter_and_says_what_is_wrong(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    area.search_edit.setText("${nps} <= 6 and ${channel} = '门店'")
    qtbot.wait(600)  # longer than the typing pause: an expression is not applied half-typed
    assert area.model.search == ""
    with qtbot.waitSignal(area.model.modelReset, timeout=5000):
        qtbot.keyClick(area.search_edit, Qt.Key.Key_Return)
    expected = [row[0] for row in window.study.conn.execute(
        f"SELECT id FROM {TABLE} WHERE deleted = 0 AND nps <= 6 AND channel = 1 ORDER BY id")]
    assert ids_shown(area, area.model.rowCount()) == expected and 0 < len(expected) < 1000

    area.search_edit.setText("${nps} <= 6 and ${channel} = '网店'")
    qtbot.keyClick(area.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "not a choice of channel" in area.count_label.text(), timeout=5000)
    assert area.model.rowCount() == len(expected)  # the last good filter stays


def test_a_newer_request_supersedes_a_running_one(window, demo_path: Path, qtbot) -> None:
    area = data_area(window, demo_path)
    model = area.model
    model.set_search("排队")
    model.set_search("退款")  # typed on before the first search finished
    qtbot.waitUntil(lambda: not model.busy, timeout=5000)
    assert model.search == "退款"
    values = {model.index(row, model.column_names().index("improve_text")).data()
              + model.index(row, model.column_names().index("like_text")).data()
              + (model.index(row, model.column_names().index("other_text")).data() or "")
              for row in range(model.rowCount())}
    assert values and all("退款" in v for v in values)


def test_timestamps_read_as_minutes_with_their_zone(window, demo_path: Path) -> None:
    area = data_area(window, demo_path)
    model = area.model
    created = model.column_names().index("created_at")
    raw = window.study.conn.execute(f"SELECT created_at FROM {TABLE} WHERE id = 1").fetchone()[0]
    assert raw == "2026-09-12T12:33:00+08:00"
    assert model.index(0, created).data() == "2026-09-12 12:33 +08:00"


def test_whole_numbers_stored_as_real_show_without_a_decimal_point(window, tmp_path: Path) -> None:
    from tests.core.test_import_samples import write_csv
    from xmdesk.core.importing.run import prepare, run_import

    path = tmp_path / "s.xmd"
    with Study.create(path) as study:
        export = write_csv(tmp_path / "orders.csv", [["序号", "金额"], ["1", "12"], ["2", "12.5"]])
        run_import(study, prepare(study, export, new="orders"))
    area = data_area(window, path)
    names = area.model.column_names()
    shown = [[area.model.index(row, names.index(name)).data() for name in ("col1", "col2")] for row in range(2)]
    assert shown == [["1", "12"], ["2", "12.5"]]
