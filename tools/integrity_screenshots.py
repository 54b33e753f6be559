"""Screenshots of File > Check integrity: the answer for a whole study and for one with a damaged page
(its responses' table garbled as tests/core/test_hostile_study.py does), in Chinese and English.

    QT_QPA_PLATFORM=offscreen python tools/integrity_screenshots.py [--out docs/screenshots]   # integrity_*.png
"""

from __future__ import annotations

import shutil

from shots import grab_message_boxes, isolated_home, main_window, parse_args, settle, wait_until


def main() -> None:
    args = parse_args(__doc__)
    home = isolated_home()
    from PySide6.QtWidgets import QApplication

    from tests.core.test_hostile_study import damaged_copy, demo_study
    from xmdesk.gui import i18n
    from xmdesk.gui.integrity import IntegrityDialog

    app = QApplication.instance() or QApplication([])
    (home / "demo").mkdir()
    demo = demo_study(home / "demo", responses=300)
    whole = shutil.copy(demo, home / "门店体验.xmd")
    damaged = damaged_copy(demo, home, "table page")
    grab_message_boxes(lambda _box: None)  # the damage found on opening says so in a box first: answered
    window = main_window((1100, 700))
    for language in ("zh", "en"):
        i18n.apply_language(language)
        for name, path in (("healthy", whole), ("damaged", damaged)):
            window.open_study(path)
            window.check_integrity()
            wait_until(lambda: window.findChildren(IntegrityDialog))
            [dialog] = window.findChildren(IntegrityDialog)
            settle(app)
            dialog.grab().save(str(args.out / f"integrity_{name}_{language}.png"))
            dialog.close()
            dialog.deleteLater()
            settle(app)
    window.close()


if __name__ == "__main__":
    main()
