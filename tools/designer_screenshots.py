"""Screenshots of the survey designer in Chinese: the demo survey, a logic error shown as you type, and the
template picker. Writes docs/screenshots/designer_*.png (offscreen).

    QT_QPA_PLATFORM=offscreen .venv/bin/python tools/designer_screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

from shots import isolated_home, main_window, parse_args


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

    dialog = area.new_survey("mystery_shopper")
    QTest.qWait(300)
    dialog.grab().save(str(args.out / "designer_templates_zh.png"))
    dialog._create()  # OK: the mystery-shopper template becomes a new survey
    QTest.qWait(300)
    designer = area.designer()
    designer.questions.setCurrentRow(0)
    QTest.qWait(300)
    window.grab().save(str(args.out / "designer_mystery_shopper_zh.png"))
    window.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
