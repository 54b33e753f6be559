"""What the screenshot scripts in tools/ share: the --out option, an isolated offscreen XMDesk home,
letting posted events settle, and a shown main window.

The scripts run as `python tools/<name>.py`, which puts tools/ on sys.path, so they import this as
`from shots import ...`. Nothing here imports Qt or XMDesk at module level: the environment must be
set (isolated_home) before PySide6 is first imported.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from xmdesk.gui.importing.wizard import ImportWizard
    from xmdesk.gui.main_window import MainWindow
    from xmdesk.gui.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "docs" / "screenshots"
DEMO_NAME = "零售门店顾客体验 Demo.xmd"


def parse_args(doc: str, extra: Callable[[argparse.ArgumentParser], None] | None = None) -> argparse.Namespace:
    """The command line: --out (default docs/screenshots, created if missing) and whatever `extra` adds.

    The description is the first line of `doc` (the script's docstring).
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SCREENSHOTS, help="folder for the pictures")
    if extra is not None:
        extra(parser)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    return args


def isolated_home(prefix: str | None = "xmdesk_shots_") -> Path:
    """A new temporary folder set as XMDESK_HOME, so the user's settings and recent files are neither used
    nor changed; also offscreen Qt at scale 1 (unless the environment says otherwise) and the repository
    root on sys.path (for `tests.` helpers). Call it before anything imports PySide6.

    The folder's path shows in the main window's header and status bar; `prefix=None` gives tempfile's
    plain `tmp…` name."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("QT_SCALE_FACTOR", "1")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    home = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["XMDESK_HOME"] = str(home)
    return home


def settle(app: QCoreApplication, rounds: int = 5) -> None:
    """Process posted events a few rounds: LanguageChange, then the layout requests it causes, arrive
    as separate posted events."""
    for _ in range(rounds):
        app.processEvents()


def main_window(size: tuple[int, int], language: str | None = "zh", settings: Settings | None = None) -> MainWindow:
    """The XMDesk main window, resized and shown, with no study open.

    `settings` defaults to fresh Settings (of the isolated home); `language`, when given, is set on them
    before the window is made.
    """
    from xmdesk.gui.app import create_main_window
    from xmdesk.gui.settings import Settings

    if settings is None:
        settings = Settings()
    if language is not None:
        settings.set_language(language)
    window = create_main_window(settings)
    window.resize(*size)
    window.show()
    return window


def import_wizard(study_path: Path, language: str, size: tuple[int, int] = (1280, 800)
                  ) -> tuple[MainWindow, ImportWizard]:
    """A new, empty study at `study_path` open in the main window on the Import area: (window, its wizard)."""
    from PySide6.QtTest import QTest

    from xmdesk.core.study.file import Study

    Study.create(study_path).close()
    window = main_window(size, language)
    window.open_study(study_path)
    QTest.qWaitForWindowActive(window)
    window.study_page.show_area("import")
    return window, window.study_page.areas["import"].wizard


# -- the laptop walk (issue 18): every area and its main dialogs at laptop sizes --------------------------------

LAPTOP_SIZES = {"1280x800": (1280, 800), "1366x768": (1366, 768)}
"""What most field and office laptops have; 1280×800 is also 1024×640 at 125% scaling."""


def save_small(image_source: object, path: Path) -> Path:
    """Save a widget's grab (or a QImage) as a 256-colour PNG: UI pictures are flat colours and text, and the
    laptop walk commits about a hundred of them. Returns `path`."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QWidget

    image = image_source.grab().toImage() if isinstance(image_source, QWidget) else image_source
    assert isinstance(image, QImage)
    flags = Qt.ImageConversionFlag.AvoidDither | Qt.ImageConversionFlag.ThresholdDither
    image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(str(path), "PNG", 9)
    return path


def demo_area(out: Path, area_name: str, size: tuple[int, int]) -> tuple[QCoreApplication, MainWindow, Any]:
    """A demo study built in an isolated home, open in a shown main window on `area_name`: (app, window, the
    area). `out` is made; call before anything imports PySide6."""
    out.mkdir(parents=True, exist_ok=True)
    home = isolated_home()
    from xmdesk.core.demo import build_demo
    from xmdesk.gui.app import make_application

    app = make_application()
    window = main_window(size)
    window.open_study(build_demo(home / DEMO_NAME))
    window.study_page.show_area(area_name)
    settle(app)
    return app, window, window.study_page.areas[area_name]


def wait_until(condition: Callable[[], object], limit_ms: int = 20_000) -> bool:
    """Let the event loop run until `condition()` holds (a job delivered, a page shown), or `limit_ms` passed."""
    from PySide6.QtCore import QThreadPool
    from PySide6.QtTest import QTest

    waited = 0
    while not condition() and waited < limit_ms:
        QTest.qWait(50)
        waited += 50
    QThreadPool.globalInstance().waitForDone(limit_ms)
    QTest.qWait(100)
    return bool(condition())


def grab_message_boxes(grab: Callable[[object], None]) -> None:
    """QMessageBox's static calls show a real box instead, handed to `grab` (which saves it), then close it and
    answer No / Close: the static calls would block a script. `grab` gets None when nothing is to be saved."""
    from typing import Any

    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QMessageBox

    def showing(icon: QMessageBox.Icon) -> Any:
        def show(parent: Any, title: str, text: str, buttons: Any = QMessageBox.StandardButton.Ok,
                 *args: Any, **_kwargs: Any) -> QMessageBox.StandardButton:
            box = QMessageBox(icon, title, text, buttons, parent)
            box.show()
            QTest.qWait(150)
            grab(box)
            box.close()
            answer = QMessageBox.StandardButton.No if buttons & QMessageBox.StandardButton.No else \
                QMessageBox.StandardButton.Close
            return answer

        return staticmethod(show)

    for kind, icon in (("critical", QMessageBox.Icon.Critical), ("warning", QMessageBox.Icon.Warning),
                       ("information", QMessageBox.Icon.Information), ("question", QMessageBox.Icon.Question),
                       ("about", QMessageBox.Icon.Information)):
        setattr(QMessageBox, kind, showing(icon))


def modal_box_shot(open_it: Callable[[], None], path: Path, limit_ms: int = 20_000) -> bool:
    """Run `open_it`, which ends in an error box running its own event loop (the import wizard's refusals): the
    box is saved to `path` and closed from a timer inside that loop. Whether a box was saved."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    grabbed: list[bool] = []

    def grab() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            save_small(box, path)
            grabbed.append(True)
            box.close()
        else:
            QTimer.singleShot(100, grab)

    QTimer.singleShot(100, grab)
    open_it()
    return wait_until(lambda: bool(grabbed), limit_ms)
