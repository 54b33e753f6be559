"""The kiosk (issue 22): the demo survey full-screen in the app, walked by taps; the core's skip logic and
validation between screens, a response stored with source `kiosk`, the thank-you screen that starts again,
a half-filled form dropped when idle, and leaving only with the PIN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from tests.core.test_collect import CODE, demo_with_logic
from xmdesk.core.collect.flow import Flow
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.collect.kiosk import KioskWindow

PIN = "2468"


@pytest.fixture
def kiosk(tmp_path: Path, qtbot) -> Iterator[KioskWindow]:  # noqa: ANN001
    with Study.create(tmp_path / "k.xmd") as made:
        demo_with_logic(made)
    study = Study.open(tmp_path / "k.xmd")
    window = KioskWindow(study, load_survey(study, CODE), PIN, lang="en")
    qtbot.addWidget(window)
    window.show()
    yield window
    window.shut()
    study.close()


def shown_codes(kiosk: KioskWindow) -> list[str]:
    return [box.question.code for box in kiosk.boxes]


def tap_answers(kiosk: KioskWindow, given: dict[str, Any]) -> None:
    """Answer the shown questions as a customer would: `given` where named, else the first choice of each list
    and scale (a drop-down's first store); typed questions left as they are unless named."""
    for box in kiosk.boxes:
        code = box.question.code
        if code in given and isinstance(box.text_input, QLineEdit):
            box.text_input.setText(str(given[code]))
        elif code in given and isinstance(box.text_input, QPlainTextEdit):
            box.text_input.setPlainText(str(given[code]))
        elif box.combo is not None:
            box.combo.setCurrentIndex(1)
        for name, buttons in box.buttons.items():
            buttons.choose(str(given.get(name, buttons.group.buttons()[0].property("value"))))


def press_next(kiosk: KioskWindow, qtbot) -> None:  # noqa: ANN001
    qtbot.mouseClick(kiosk.next_button, Qt.MouseButton.LeftButton)


def test_the_kiosk_walks_the_survey_with_the_core_rules_and_stores_a_kiosk_response(kiosk: KioskWindow,
                                                                                    qtbot) -> None:  # noqa: ANN001
    flow = Flow(kiosk.survey)
    assert shown_codes(kiosk) == ["region"]
    assert min(b.minimumHeight() for b in kiosk.boxes[0].buttons["region"].group.buttons()) >= 64
    press_next(kiosk, qtbot)  # nothing chosen: the core's own message for a required question
    assert shown_codes(kiosk) == ["region"]
    assert kiosk.boxes[0].problem_label.text() == flow.problems(flow.screens[0], {})["region"]
    assert kiosk.boxes[0].problem_label.text() == "An answer is required."

    seen: list[str] = []
    spend_refused = ""
    for _ in range(40):
        if kiosk.stack.currentWidget() is not kiosk.form_page:
            break
        codes = shown_codes(kiosk)
        seen += codes
        if codes == ["spend"] and not spend_refused:
            tap_answers(kiosk, {"spend": "-5"})
            press_next(kiosk, qtbot)
            spend_refused = kiosk.boxes[0].problem_label.text()
            assert shown_codes(kiosk) == ["spend"]
            tap_answers(kiosk, {"spend": "35.5"})
        else:
            tap_answers(kiosk, {"nps": 9, "like_text": "店员很热情"})
        press_next(kiosk, qtbot)

    assert spend_refused == "The smallest allowed value is 0."
    assert "improve_text" not in seen and "like_text" in seen  # a promoter is not asked what to improve
    assert kiosk.stack.currentWidget() is kiosk.thanks_page
    row = kiosk.study.conn.execute(f"SELECT uuid, source, nps, spend, like_text, improve_text, store "
                                   f"FROM responses_{CODE}").fetchall()
    assert row == [(kiosk.submission_id, "kiosk", 9, 35.5, "店员很热情", None, 1)]

    qtbot.mouseClick(kiosk.again_button, Qt.MouseButton.LeftButton)  # the next customer
    assert shown_codes(kiosk) == ["region"] and kiosk.answers == {} and kiosk.submission_id != row[0][0]


def test_a_half_filled_form_is_dropped_when_the_kiosk_is_left_idle(kiosk: KioskWindow, qtbot) -> None:  # noqa: ANN001
    tap_answers(kiosk, {})
    press_next(kiosk, qtbot)
    assert shown_codes(kiosk) == ["store"] and kiosk.answers == {"region": 1}
    assert kiosk.idle_timer.isActive()  # restarted by the tap
    kiosk.idle_timer.timeout.emit()  # the idle time has run out
    assert shown_codes(kiosk) == ["region"] and kiosk.answers == {} and not kiosk.back_button.isVisible()
    assert not kiosk.boxes[0].buttons["region"].fields()["region"]
    assert kiosk.study.conn.execute(f"SELECT COUNT(*) FROM responses_{CODE}").fetchone() == (0,)


def test_leaving_the_kiosk_needs_the_pin(kiosk: KioskWindow, qtbot) -> None:  # noqa: ANN001
    left: list[bool] = []
    kiosk.sig_left.connect(lambda: left.append(True))
    kiosk.close()  # a customer closing the window only reaches the PIN screen
    assert kiosk.isVisible() and kiosk.stack.currentWidget() is kiosk.pin_page
    qtbot.keyClicks(kiosk.pin_edit, "0000")
    qtbot.keyClick(kiosk.pin_edit, Qt.Key.Key_Return)
    assert kiosk.isVisible() and kiosk.pin_problem.text() == "Wrong PIN." and not left
    qtbot.keyClicks(kiosk.pin_edit, PIN)
    qtbot.keyClick(kiosk.pin_edit, Qt.Key.Key_Return)
    assert not kiosk.isVisible() and left == [True]


def test_the_panel_asks_for_a_pin_before_opening_the_kiosk(window, tmp_path: Path, qtbot) -> None:  # noqa: ANN001
    from tests.gui.test_collect_panel import collect_area, small_study

    area = collect_area(window, small_study(tmp_path / "c.xmd"))
    assert area.open_kiosk("12") is None and "at least four digits" in area.kiosk_problem.text()
    kiosk = area.open_kiosk(PIN)
    assert kiosk is not None and kiosk.isFullScreen() and kiosk.study is window.study
    window.close_study()  # the study closing takes the kiosk with it, no PIN asked
    assert not kiosk.isVisible() and area.kiosk is None
