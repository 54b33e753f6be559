"""Opening studies in the main window: counts, areas, bad files, read-only, recent files, drops."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog

from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, create_survey
from xmdesk.gui.about import versions
from xmdesk.gui.navigation import AREA_KEYS
from xmdesk.gui.settings import Settings


def test_open_study_shows_title_and_count(window, demo_path: Path) -> None:
    assert window.open_study(demo_path)
    assert window.study_page.current_area() == "data"
    assert "1000 responses" in window.count_label.text()
    assert "1000 responses" in window.study_page.facts_label.text()
    assert window.windowTitle().startswith("零售门店顾客体验 Demo")
    assert str(demo_path) in window.path_label.text()


def test_counts_catch_up_after_responses_arrive(window, demo_path: Path) -> None:
    from xmdesk.core.survey import responses
    from xmdesk.core.survey.model import load_survey

    assert window.open_study(demo_path)
    responses.add_response(window.study, load_survey(window.study, "retail_cx"), {"nps": 9})
    window.study_page.show_area("entry")
    assert "1001 responses" in window.study_page.facts_label.text()
    assert "1001 responses" in window.count_label.text()


def test_every_area_opens(window, demo_path: Path) -> None:
    window.open_study(demo_path)
    page = window.study_page
    for key in AREA_KEYS:
        page.show_area(key)
        assert page.stack.currentWidget() is page.areas[key]
    surveys = page.areas["surveys"]  # the designer
    assert surveys.current_survey().code == "retail_cx"
    assert surveys.designer().questions.count() == 13
    journey = page.areas["journey"].editor
    assert journey.journey_combo.currentText() == "零售门店购物旅程"
    assert [stage.name for stage in journey.scene.journey.stages] == ["认知", "考虑", "购买", "使用", "忠诚"]
    assert len(journey.scene.scores.cards) == 11 and "11 linked touchpoints" in journey.status.text()
    assert page.areas["cases"].board.model.rowCount() > 0  # the demo's default rules opened cases
    imports = page.areas["import"].tree
    assert (imports.topLevelItem(0).text(0), imports.topLevelItem(0).text(1)) == ("Customers", "750 rows")
    assert "orders" in imports.topLevelItem(1).text(0)


def test_close_study_returns_to_welcome_and_releases_it(window, demo_path: Path) -> None:
    window.open_study(demo_path)
    window.close_action.trigger()
    assert window.study is None
    assert window.pages.currentWidget() is window.welcome
    with Study.open(demo_path) as again:
        assert not again.read_only


def test_empty_and_random_files_show_the_core_message(window, tmp_path: Path, message_boxes) -> None:
    empty = tmp_path / "empty.xmd"
    empty.write_bytes(b"")
    noise = tmp_path / "noise.xmd"
    noise.write_bytes(os.urandom(4096))
    assert not window.open_study(empty)
    assert not window.open_study(noise)
    assert message_boxes.texts("critical") == [messages.text("study.empty_file", path=empty),
                                               messages.text("study.not_sqlite", path=noise)]
    assert window.pages.currentWidget() is window.welcome
    assert empty.read_bytes() == b""


def test_study_held_elsewhere_opens_read_only(window, demo_path: Path, message_boxes) -> None:
    with Study.open(demo_path) as holder:
        assert not holder.read_only
        window.open_study(demo_path)
        assert window.study.read_only
        assert window.windowTitle().endswith("[read-only]")
        assert window.study_page.badge.isVisibleTo(window)
        assert message_boxes.texts("warning") == [window.study.warning]
        assert window.statusBar().currentMessage() == window.study.warning
        window.close_study()


def test_recent_files_remembered_greyed_and_forgotten(window, demo_path: Path) -> None:
    window.open_study(demo_path)
    window.close_study()
    assert Settings().recent_files() == [str(demo_path.resolve())]
    recent = window.welcome.recent_list
    assert recent.count() == 1 and recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    recent.itemActivated.emit(recent.item(0))
    assert window.study is not None
    window.close_study()
    demo_path.unlink()
    window._refresh_recent()
    assert not recent.item(0).flags() & Qt.ItemFlag.ItemIsEnabled
    assert window.welcome.forget_button.isVisibleTo(window)
    window.welcome.forget_button.click()
    assert recent.count() == 0
    assert Settings().recent_files() == []


def test_dropping_a_study_opens_it(window, demo_path: Path) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(demo_path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert window.study is not None and window.study.path == demo_path


def test_open_demo_builds_it_on_a_worker(window, qtbot, xmdesk_home: Path) -> None:
    with qtbot.waitSignal(window.sig_study_changed, timeout=30_000):
        window.open_demo()
    assert window.study.path == xmdesk_home / "demo.xmd"
    assert window.study_page.response_count == 1000


def test_about_lists_versions_without_importing_them(window, message_boxes) -> None:
    found = versions()
    assert found["XMDesk"] and found["Qt"].startswith("6.") and found["pandas"] != "-"
    window.about_action.trigger()
    (text,) = message_boxes.texts("about")
    assert all(version in text for version in found.values())


def test_startup_imports_no_heavy_module(demo_path: Path) -> None:
    script = (
        "import sys\n"
        "from xmdesk.gui.app import create_main_window, make_application\n"
        "app = make_application()\n"
        f"window = create_main_window()\nwindow.open_study({str(demo_path)!r})\nwindow.show()\n"
        "app.processEvents()\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'sqlite_utils', 'pyqtgraph', 'jieba') if m in sys.modules))\n"
        "window.close()\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_new_study_from_the_file_dialog(window, tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "新研究"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    window.new_action.trigger()
    assert window.study.path == target.with_suffix(".xmd")
    data = window.study_page.areas["data"]
    assert data.model is None and data.count_label.text() == "This study has no survey yet."


def test_several_surveys_get_a_selector(window, demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        create_survey(study, "pulse", title_en="Monthly pulse", questions=[Question("q1", "nps", "Recommend?")])
    window.open_study(demo_path)
    data = window.study_page.areas["data"]
    assert data.survey_combo.isVisibleTo(window) and data.survey_combo.count() == 2
    data.survey_combo.setCurrentIndex(1)
    assert data.model.survey.code == "pulse" and data.model.rowCount() == 0
    assert data.count_label.text() == "0 responses"


def test_run_gui_entry_point_shows_the_study_and_exits(demo_path: Path, xmdesk_home: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XMDESK_EXIT_AFTER_SHOWN": "1"}
    result = subprocess.run([sys.executable, "-m", "xmdesk", "open", str(demo_path)], capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("XMDESK_SHOWN ")
    assert Settings().recent_files() == [str(demo_path.resolve())]


def test_window_size_is_remembered(window, qapp) -> None:  # noqa: ANN001
    from xmdesk.gui.app import create_main_window

    window.resize(790, 700)  # inside the offscreen screen (800x800): restoring clamps to the screen
    window.close()
    again = create_main_window(Settings())
    assert (again.width(), again.height()) == (790, 700)
    again.close()
