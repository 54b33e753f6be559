"""Save screenshots of the Text area on the demo study: comments, topics, keywords, codebook editor.

    QT_QPA_PLATFORM=offscreen python tools/text_screenshots.py [--out docs/screenshots] [--lang zh]

Builds a demo study in a temporary XMDesk home (the user's settings are neither used nor changed)
and writes text_comments.png, text_topics.png, text_keywords.png and text_codebook.png
(with `_en` before .png for English).
"""

from __future__ import annotations

import sys
import time

from pathlib import Path
from typing import TYPE_CHECKING

from shots import DEMO_NAME, isolated_home, main_window, parse_args

if TYPE_CHECKING:
    from xmdesk.gui.main_window import MainWindow
    from xmdesk.gui.text.area import TextArea

SIZE = (1280, 800)


def settle(app, seconds: float = 0.3) -> None:  # noqa: ANN001 - QApplication, imported late on purpose
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def wait_for_result(app, area) -> None:  # noqa: ANN001 - Qt objects, imported late on purpose
    """Until the area's analysis worker has reported (a new question starts a new one)."""
    deadline = time.monotonic() + 60
    settle(app, 0.2)
    while (area.result is None or not area.worker.done) and time.monotonic() < deadline:
        settle(app, 0.1)
    settle(app, 0.3)


def text_area(study: Path, language: str | None) -> tuple[MainWindow, TextArea]:
    """A shown main window in `language` (None: the settings') with `study` open on the Text area."""
    from xmdesk.gui.text.area import TextArea

    window = main_window(SIZE, language=None)
    if language is not None:
        window.set_language(language)
    window.open_study(study)
    page = window.study_page
    assert page is not None
    page.show_area("text")
    area = page.areas["text"]
    assert isinstance(area, TextArea)
    return window, area


def main() -> int:
    args = parse_args(__doc__, lambda parser: parser.add_argument("--lang", choices=("zh", "en"), default="zh"))
    home = isolated_home("xmdesk_text_shots_")

    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application
    from xmdesk.gui.text.codebook_dialog import CodebookDialog

    app = make_application()
    demo = build_demo(home / DEMO_NAME)
    window, area = text_area(demo, args.lang)
    wait_for_result(app, area)
    area.question_combo.setCurrentIndex(area.question_combo.findData("retail_cx/improve_text"))
    wait_for_result(app, area)
    suffix = "" if args.lang == "zh" else "_en"
    area.topic_combo.setCurrentIndex(area.topic_combo.findData("排队"))
    area.search_edit.setText("太")
    area.apply_filters()
    settle(app)
    window.grab().save(str(args.out / f"text_comments{suffix}.png"))
    area.search_edit.clear()
    area.topic_combo.setCurrentIndex(0)
    area.apply_filters()
    for index, name in ((1, "topics"), (2, "keywords")):
        area.tabs.setCurrentIndex(index)
        settle(app)
        window.grab().save(str(args.out / f"text_{name}{suffix}.png"))
    assert area.result is not None
    dialog = CodebookDialog(area.study, area.result.analysis.codebook, window)
    dialog.show()
    settle(app)
    dialog.grab().save(str(args.out / f"text_codebook{suffix}.png"))
    dialog.close()
    window.close()
    print(f"saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
