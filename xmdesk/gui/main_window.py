"""The main window: welcome screen or an open study, menus, status bar, drag and drop.

It owns the open `Study` (one at a time) and the settings; areas get the study
they show and read through core functions.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QWidget

from xmdesk import APP_NAME
from xmdesk.core.loop import outbox
from xmdesk.core.study.audit import user_data_dir
from xmdesk.core.errors import Cancelled, StudyError, XMDeskError
from xmdesk.core.survey.model import list_surveys
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.study.file import STUDY_SUFFIX, Study
from xmdesk.gui import files, i18n, workers
from xmdesk.gui.about import show_about
from xmdesk.gui.dialogs import show_error, show_warning
from xmdesk.gui.settings import Settings
from xmdesk.gui.study_page import StudyPage
from xmdesk.gui.welcome import WelcomeWidget

DEMO_FILE = "demo.xmd"


def demo_path() -> Path:
    return user_data_dir() / DEMO_FILE


def _study_paths(event: QDragEnterEvent | QDropEvent) -> list[str]:
    urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
    return [url.toLocalFile() for url in urls if url.toLocalFile().lower().endswith(STUDY_SUFFIX)]


class MainWindow(QMainWindow):
    """The one window: it owns the open study and the settings, and closing it cancels every job and waits for
    it before the study is closed."""

    sig_study_changed = Signal()
    """A study was opened or closed."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.study: Study | None = None
        self.study_page: StudyPage | None = None
        self.job: workers.JobWorker | None = None
        self.setAcceptDrops(True)
        self.setMinimumSize(760, 520)

        self.welcome = WelcomeWidget()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.setCentralWidget(self.pages)
        self.path_label = QLabel()
        self.count_label = QLabel()
        self.statusBar().addWidget(self.path_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)

        self._make_actions()
        self._make_menus()
        self.welcome.sig_new.connect(self.new_study)
        self.welcome.sig_open.connect(self.choose_and_open)
        self.welcome.sig_open_path.connect(self.open_study)
        self.welcome.sig_open_demo.connect(self.open_demo)
        self.welcome.sig_forget_missing.connect(self._forget_recent)
        self._restore_window()
        self._refresh_recent()
        self.retranslate()

    # -- actions and menus -----------------------------------------------------------------

    def _action(self, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(self)
        action.triggered.connect(lambda _checked=False: slot())
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        return action

    def _make_actions(self) -> None:
        self.new_action = self._action(self.new_study, QKeySequence.StandardKey.New)
        self.open_action = self._action(self.choose_and_open, QKeySequence.StandardKey.Open)
        self.save_copy_action = self._action(self.save_copy, "Ctrl+Shift+S")
        self.check_integrity_action = self._action(self.check_integrity)
        self.close_action = self._action(self.close_study, QKeySequence.StandardKey.Close)
        self.quit_action = self._action(self.close, QKeySequence.StandardKey.Quit)
        self.about_action = self._action(lambda: show_about(self))
        self.language_group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for language, name in (("zh", "中文"), ("en", "English")):
            action = QAction(name, self, checkable=True)  # each language named in itself, never translated
            action.setData(language)
            action.triggered.connect(lambda _checked=False, lang=language: self.set_language(lang))
            self.language_group.addAction(action)
            self.language_actions[language] = action

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.recent_menu = QMenu(self)
        self.file_menu.addActions([self.new_action, self.open_action])
        self.file_menu.addMenu(self.recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.save_copy_action, self.check_integrity_action, self.close_action])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)
        self.view_menu = bar.addMenu("")
        self.language_menu = self.view_menu.addMenu("")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.about_action)

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.new_action.setText(self.tr("&New study…"))
        self.open_action.setText(self.tr("&Open study…"))
        self.recent_menu.setTitle(self.tr("Open &recent"))
        self.save_copy_action.setText(self.tr("Save a &copy…"))
        self.check_integrity_action.setText(self.tr("Check &integrity…"))
        self.close_action.setText(self.tr("&Close study"))
        self.quit_action.setText(self.tr("&Quit"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About XMDesk"))
        self.language_actions[i18n.current_language()].setChecked(True)
        self._refresh_recent()
        self._update_title()
        self._update_status()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_language(self, language: str) -> None:
        """Live: installing the translators sends LanguageChange to every widget."""
        self.settings.set_language(language)
        i18n.apply_language(language)

    # -- recent files ----------------------------------------------------------------------

    def _refresh_recent(self) -> None:
        files = self.settings.recent_files()
        self.welcome.set_recent_files(files)
        self.recent_menu.clear()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.setEnabled(Path(path).is_file())
            action.triggered.connect(lambda _checked=False, p=path: self.open_study(p))
        self.recent_menu.setEnabled(bool(files))

    def _forget_recent(self, paths: list[str]) -> None:
        self.settings.remove_recent(paths)
        self._refresh_recent()

    # -- studies ---------------------------------------------------------------------------

    def _file_filter(self) -> str:
        return self.tr("XMDesk studies (*.xmd)")

    def choose_and_open(self) -> None:
        path = files.open_file(self, files.STUDY, self.tr("Open study"), self._file_filter())
        if path:
            self.open_study(path)

    def new_study(self) -> None:
        path, _ = files.save_file(self, files.STUDY, self.tr("New study"), "", self._file_filter())
        if not path:
            return
        if not path.lower().endswith(STUDY_SUFFIX):
            path += STUDY_SUFFIX
        try:
            Study.create(path).close()
        except XMDeskError as error:
            show_error(self, error)
            return
        self.open_study(path)

    def open_study(self, path: str | Path, entry_only: bool = False) -> bool:
        """Open `path` in place of the current study; a failure leaves the current one open.

        `entry_only` opens it for field work: data entry and nothing else."""
        try:
            study = Study.open(path)
        except XMDeskError as error:
            show_error(self, error)
            return False
        try:  # its surveys read first: damage the checks on opening cannot see (text not UTF-8, JSON) shows here
            list_surveys(study)
        except (sqlite3.DatabaseError, XMDeskError) as error:
            study.close()
            show_error(self, error, study.path)
            return False
        self.close_study()
        self.study = study
        self.study_page = StudyPage(study, entry_only=entry_only)
        self.study_page.sig_area_changed.connect(lambda _key: self._update_status())
        self.study_page.sig_changed.connect(lambda _changes: self._update_status())
        self.pages.addWidget(self.study_page)
        self.pages.setCurrentWidget(self.study_page)
        self.settings.add_recent(study.path)
        self.settings.set_last_folder(files.STUDY, study.path.parent)
        self._refresh_recent()
        self._update_title()
        self._update_status()
        self.sig_study_changed.emit()
        if study.warning:
            self.statusBar().showMessage(study.warning)
            show_warning(self, study.warning)
        self._check_health(study)
        self._run_left_over(study)
        return True

    def _check_health(self, study: Study) -> None:
        """SQLite's quick check reads the whole file (1.6 s for a million responses): it runs on a worker, so
        the window is up at once; a write waits for it. A damaged study stays open for reading what reads,
        and the app says so, naming the command that saves it into a new study."""
        if study.read_only:
            return

        def checked(verdict: str) -> None:
            if verdict != "ok" and study is self.study:
                damaged = StudyError("study.damaged_no_write", path=study.path, detail=verdict)
                self.statusBar().showMessage(str(damaged))
                show_error(self, damaged)

        worker = workers.JobWorker(lambda _progress, _cancel: study.health())
        worker.signals.sig_finished.connect(checked)
        # Cancelled: the study was closed first (cancel_all_and_wait settles every job so); nothing to say.
        worker.signals.sig_failed.connect(lambda error: None if isinstance(error, Cancelled) else show_error(self, error))
        worker.start()

    def _run_left_over(self, study: Study) -> None:
        """Alert rules a killed process left pending over responses that had just arrived run now, as a
        job (its progress shows when it takes a moment; Cancel keeps the rest pending for the next open)."""
        if study.read_only or not outbox.pending(study.conn):
            return

        def run(progress: Progress, cancel: CancelToken) -> list[str]:
            return outbox.settle(study, progress=progress, cancel=cancel)

        def done(warnings: list[str]) -> None:
            if warnings:
                self.statusBar().showMessage("; ".join(warnings), 15000)

        self.job = workers.run_job(self, self.tr("Running the alert rules left pending"), run, on_finished=done,
                                   on_failed=lambda e: show_error(self, e))

    def close_study(self) -> None:
        if self.study is None:
            return
        workers.cancel_all_and_wait()  # a copy still reading the study must stop before its connection closes
        if self.study_page is not None:
            self.study_page.stop_listening()
            self.pages.removeWidget(self.study_page)
            self.study_page.deleteLater()
            self.study_page = None
        self.study.close()
        self.study = None
        self.pages.setCurrentWidget(self.welcome)
        self._update_title()
        self._update_status()
        self.sig_study_changed.emit()

    def open_demo(self) -> None:
        """Build the demo the first time (on a worker, cancellable), then open it."""
        path = demo_path()
        if self.job is not None and not self.job.done:
            return  # already building or copying; its dialog is on screen
        if path.is_file():
            self.open_study(path)
            return

        def build(progress: Progress, cancel: CancelToken) -> Path:
            from xmdesk.core.demo import build_demo  # numpy: only when a demo is actually built

            path.parent.mkdir(parents=True, exist_ok=True)
            return build_demo(path, progress=progress, cancel=cancel)

        self.job = workers.run_job(self, self.tr("Building the demo study"), build,
                                   on_finished=self.open_study, on_failed=lambda e: show_error(self, e))

    def save_copy(self) -> None:
        study = self.study
        if study is None:
            return
        suggestion = str(study.path.with_name(study.path.stem + "-copy" + STUDY_SUFFIX))
        path, _ = files.save_file(self, files.STUDY, self.tr("Save a copy"), suggestion, self._file_filter())
        if path:
            self.start_save_copy(path)

    def start_save_copy(self, destination: str) -> workers.JobWorker | None:
        study = self.study
        if study is None:
            return None

        def copy(progress: Progress, cancel: CancelToken) -> Path:
            return study.save_copy(destination, progress=progress, cancel=cancel)

        def done(path: Path) -> None:
            files.export_done(self, self.tr("Save a copy"), path)

        self.job = workers.run_job(self, self.tr("Saving a copy"), copy, on_finished=done,
                                   on_failed=lambda e: show_error(self, e))
        return self.job

    def check_integrity(self) -> workers.JobWorker | None:
        """The full integrity check of the open study, on a worker; its answer in words (File menu)."""
        if self.study is None:
            return None
        from xmdesk.gui.integrity import check_integrity

        self.job = check_integrity(self, self.study, self.open_study)
        return self.job

    # -- window state ----------------------------------------------------------------------

    def _update_title(self) -> None:
        if self.study is None:
            self.setWindowTitle(APP_NAME)
            return
        title = f"{self.study.meta('title') or self.study.path.stem} — {APP_NAME}"
        if self.study.read_only:
            title += " " + self.tr("[read-only]")
        self.setWindowTitle(title)

    def _update_status(self) -> None:
        if self.study is None or self.study_page is None:
            self.path_label.setText(self.tr("No study open"))
            self.count_label.clear()
            return
        self.path_label.setText(str(self.study.path))
        self.count_label.setText(self.tr("%n response(s)", "", self.study_page.response_count))

    def _restore_window(self) -> None:
        geometry, state = self.settings.window_state()
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        if state is not None:
            self.restoreState(state)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _study_paths(event) or self._import_path(event):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = _study_paths(event)
        if paths:
            event.acceptProposedAction()
            self.open_study(paths[0])
        elif (path := self._import_path(event)) and self.study_page is not None:
            event.acceptProposedAction()
            self.study_page.show_area("import")
            self.study_page.areas["import"].open_file(path)  # type: ignore[attr-defined]

    def _import_path(self, event: QDragEnterEvent | QDropEvent) -> str | None:
        """An Excel/CSV file dropped on an open study goes to the import wizard."""
        from xmdesk.gui.importing.wizard import importable

        return importable(event.mimeData()) if self.study_page is not None and not self.study_page.entry_only else None

    def closeEvent(self, event: QCloseEvent) -> None:
        workers.cancel_all_and_wait()
        self.settings.set_window_state(self.saveGeometry(), self.saveState())
        self.settings.sync()
        self.close_study()
        super().closeEvent(event)
