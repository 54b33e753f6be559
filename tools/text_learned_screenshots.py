"""Save screenshots of the comment browser explaining what the study's adjustment moved (issue 21), zh and en.

    QT_QPA_PLATFORM=offscreen python tools/text_learned_screenshots.py [--out docs/screenshots]

The telecom study of tests/core/test_text_adjust.py (the analyst coded 25 comments; what they teach is learned),
built in a temporary XMDesk home. The comment 这个月话费又偷跑, which nobody coded, is selected with its tooltip
shown: its score marked ↓, 偷跑 underlined, the score without the adjustment and the word that moved it.
Writes text_learned_why.png and text_learned_why_en.png. A tooltip is a window of its own, so it is drawn
onto the main window's picture where it stands.
"""

from __future__ import annotations

import sys

from shots import isolated_home, parse_args
from text_screenshots import settle, text_area, wait_for_result

COMMENT_SHOWN = "这个月话费又偷跑"


def main() -> int:
    args = parse_args(__doc__, lambda parser: parser.add_argument(
        "--plain", action="store_true", help="also save the window without the tooltip, beside --out"))
    home = isolated_home("xmdesk_learned_shots_")

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QAbstractItemView, QApplication, QToolTip

    from tests.core.test_text_adjust import _code_all, _study
    from xmdesk.core.text import adjust
    from xmdesk.gui.app import make_application
    from xmdesk.gui.text.comments_model import COMMENT

    app = make_application()
    path = home / "电信客户之声.xmd"
    with _study(path) as study:
        _code_all(study)
        adjust.learn_adjustment(study)
    window, area = text_area(path, None)
    for lang in ("zh", "en"):
        window.set_language(lang)
        wait_for_result(app, area)
        model = area.comments
        row = next(r for r in range(model.rowCount()) if model.data(model.index(r, COMMENT)) == COMMENT_SHOWN)
        area.view.selectRow(row)
        area.view.scrollTo(model.index(row, COMMENT), QAbstractItemView.ScrollHint.PositionAtCenter)
        area.view.setFocus()
        settle(app)
        if args.plain:
            window.grab().save(str(args.out.parent / f"text_learned_plain_{lang}.png"))
        index = model.index(row, COMMENT)
        at = area.view.visualRect(index).center()
        QToolTip.showText(area.view.viewport().mapToGlobal(at), str(model.data(index, Qt.ItemDataRole.ToolTipRole)),
                          area.view)
        settle(app)
        image = window.grab().toImage()
        painter = QPainter(image)
        for tip in QApplication.topLevelWidgets():
            if tip.metaObject().className() == "QTipLabel" and tip.isVisible():
                painter.drawPixmap(window.mapFromGlobal(tip.pos()), tip.grab())
        painter.end()
        QToolTip.hideText()
        image.save(str(args.out / f"text_learned_why{'' if lang == 'zh' else '_en'}.png"))
    window.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
