"""Screenshots of the survey designer in Chinese: the demo survey, a logic error shown as you type, deleting
and renaming a question that rules, journeys, dashboards and reports use, and the template picker. Writes
docs/screenshots/designer_*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/designer_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from shots import isolated_home, main_window, parse_args


def boxes_to(path_of: dict[str, Path]) -> None:
    """QMessageBox.critical/question show a real box, grabbed to the file named for its kind, then close it
    (answering No): the static calls would block the script."""
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    def showing(kind: str, icon: QMessageBox.Icon) -> Any:
        def show(parent: Any, title: str, text: str, *args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
            box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
            if kind == "question":
                box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
            box.show()
            QTest.qWait(300)
            box.grab().save(str(path_of[kind]))
            box.close()
            return QMessageBox.StandardButton.No

        return staticmethod(show)

    QMessageBox.critical = showing("critical", QMessageBox.Icon.Critical)  # type: ignore[method-assign]
    QMessageBox.question = showing("question", QMessageBox.Icon.Question)  # type: ignore[method-assign]


def rename_used_question(study: Any, designer: Any, code: str, new_code: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from xmdesk.core.loop import alerts
    from xmdesk.core.journey import maps as journeys

    survey = designer.survey.code
    alerts.save_rule(study, alerts.Rule("迎宾未达标", "low_score", {"question": code, "max": 0}, survey))
    journeys.save_journey(study, journeys.Journey("神秘顾客旅程", items=[journeys.JourneyItem(
        "touchpoint", "进店迎宾", stage=0, link=journeys.Link(survey, code, "mean"))]))
    designer.questions.setCurrentRow(0)
    edit = designer.panel.code_edit
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, new_code)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def main() -> int:
    args = parse_args(__doc__)
    home = isolated_home(None)
    from PySide6.QtTest import QTest

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application

    app = make_application()
    study_path = build_demo(home / "零售体验.xmd", responses_count=200)
    window = main_window((1440, 860))
    window.open_study(study_path)
    window.study_page.show_area("surveys")
    QTest.qWait(200)
    area = window.study_page.areas["surveys"]
    designer = area.designer()
    designer.questions.setCurrentRow(4)  # NPS, with its end labels
    QTest.qWait(300)
    window.grab().save(str(args.out / "designer_demo_zh.png"))

    designer.questions.setCurrentRow(11)  # improve_text: show it only for low scores
    logic = designer.panel.relevant.edit
    logic.setFocus()
    QTest.keyClicks(logic, "${nps} <= 6 and ${other_text} != ''")
    QTest.qWait(300)
    window.grab().save(str(args.out / "designer_logic_error_zh.png"))
    logic.clear()

    # nps is used by the demo's rules, journey, dashboard and report: deleting it is refused with their list.
    boxes_to({"critical": args.out / "designer_in_use_zh.png", "question": args.out / "designer_rename_update_zh.png"})
    designer.questions.setCurrentRow(4)
    designer.remove_current()

    dialog = area.new_survey("mystery_shopper")
    QTest.qWait(300)
    dialog.grab().save(str(args.out / "designer_templates_zh.png"))
    dialog._create()  # OK: the mystery-shopper template becomes a new survey
    QTest.qWait(300)
    designer = area.designer()
    designer.questions.setCurrentRow(0)
    QTest.qWait(300)
    window.grab().save(str(args.out / "designer_mystery_shopper_zh.png"))

    # A new survey's unanswered question that a rule and a journey use: renaming it offers to update them.
    rename_used_question(window.study_page.study, designer, "greet", "greeting")
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
