"""Screenshots of a failed import (a PNG renamed .xlsx): its error box, then the Import area once the box is
dismissed (nothing left over it) and the next file opened; a job's progress dialog before and after Cancel;
in Chinese.

    QT_QPA_PLATFORM=offscreen python tools/jobs_screenshots.py [--out docs/screenshots]   # writes jobs_*.png
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from shots import isolated_home, main_window, parse_args, settle


def main() -> None:
    args = parse_args(__doc__)
    home = isolated_home()
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QMessageBox

    from xmdesk.core.study.file import Study
    from xmdesk.gui.importing.wizard import PAGES
    from xmdesk.gui.workers import JobProgressDialog

    app = QApplication.instance() or QApplication([])
    study = home / "门店体验.xmd"
    Study.create(study).close()
    picture = home / "6月问卷.xlsx"
    image = QImage(64, 64, QImage.Format.Format_RGB32)
    image.fill(QColor("#c0392b"))
    image.save(str(picture), "PNG")
    good = home / "6月问卷.csv"
    with good.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["门店", "满意度", "推荐"], ["北京一店", "5", "9"], ["上海二店", "4", "7"]])

    window = main_window((1100, 700))
    window.open_study(study)
    window.study_page.show_area("import")
    area = window.study_page.areas["import"]
    settle(app)

    def answer_the_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            timer.stop()
            settle(app)
            box.grab().save(str(args.out / "jobs_failed_import_box.png"))
            box.button(QMessageBox.StandardButton.Ok).click()

    timer = QTimer()
    timer.timeout.connect(answer_the_box)
    timer.start(50)
    area.open_file(str(picture))
    while timer.isActive():
        QTest.qWait(50)
    settle(app)
    assert QApplication.activeModalWidget() is None and not window.findChildren(JobProgressDialog)
    window.grab().save(str(args.out / "jobs_failed_import_after.png"))
    area.open_file(str(good))
    while PAGES[area.wizard.pages.currentIndex()] != "preview":
        QTest.qWait(50)
    settle(app)
    window.grab().save(str(args.out / "jobs_next_import_opens.png"))
    progress_and_cancel(app, window, args.out)
    window.close()


def progress_and_cancel(app: Any, window: Any, out: Path) -> None:
    """A job a third of the way through, then the same dialog the moment Cancel is pressed."""
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from xmdesk.gui.workers import JobProgressDialog, run_job

    release = threading.Event()

    def job(progress: Any, cancel: Any) -> None:
        progress(34_000, 100_000, "正在读取 6月问卷.xlsx：第 34,000 行，共 100,000 行")
        release.wait(60)

    worker = run_job(window, "导入 6月问卷.xlsx", job, lambda _r: None, lambda _e: None)
    while not (dialogs := window.findChildren(JobProgressDialog)) or not dialogs[0].isVisible():
        QTest.qWait(50)
    settle(app)
    dialogs[0].grab().save(str(out / "jobs_progress.png"))
    QTest.keyClick(dialogs[0], Qt.Key.Key_Escape)
    settle(app)
    dialogs[0].grab().save(str(out / "jobs_cancelling.png"))
    release.set()
    while not worker.settled:
        QTest.qWait(50)


if __name__ == "__main__":
    main()
