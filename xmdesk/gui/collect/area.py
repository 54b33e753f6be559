"""The Collect area: serve a survey to phones on the local network, its QR code and live counts, the
store posters, and the kiosk.

The server (`core.collect.http.CollectServer`) runs on threads of its own with its own connection to
the study (opened without the window's lock, as a command would): the window stays responsive, and its
commits reach the areas as another writer's do (`data_version`). It is stopped when asked, when the
area goes and when the study closes (`study_closing`, called by the study page first).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QPixmap
from PySide6.QtNetwork import QAbstractSocket, QNetworkInterface
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QSpinBox, QVBoxLayout, QWidget)

from xmdesk.core.collect.http import CollectServer
from xmdesk.core.collect.links import store_links
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.study.changes import Changes
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys, load_survey
from xmdesk.gui.collect.kiosk import KioskWindow
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.files import export_done, save_file
from xmdesk.gui.workers import JobWorker, run_job

LOOPBACK = "127.0.0.1"
DEFAULT_PORT = 8765
COUNTS_MS = 500
"""How often the live counts are read from the server (a few integers: nothing to measure)."""
QR_SCALE = 6


def local_addresses() -> list[str]:
    """This computer's IPv4 addresses, loopback first: the interface the server listens on is the user's choice."""
    found = [address.toString() for address in QNetworkInterface.allAddresses()
             if address.protocol() == QAbstractSocket.NetworkLayerProtocol.IPv4Protocol]
    return [LOOPBACK, *sorted(a for a in set(found) if a != LOOPBACK)]


def qr_pixmap(url: str) -> QPixmap:
    """The link's QR code as a picture (segno writes the PNG; nothing leaves the laptop)."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=QR_SCALE, border=4)
    pixmap = QPixmap()
    pixmap.loadFromData(buffer.getvalue(), "PNG")
    return pixmap


class CollectArea(QWidget):
    """Start and stop the survey server, show where phones go and how many came, print posters, open the kiosk."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.server: CollectServer | None = None
        self.served_study: Study | None = None
        self.kiosk: KioskWindow | None = None

        self.survey_combo = QComboBox()
        self.host_combo = QComboBox()
        self.host_combo.addItems(local_addresses())
        self.port_spin = QSpinBox()
        self.port_spin.setRange(0, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.start_button = QPushButton()
        self.start_button.clicked.connect(self.toggle)
        self.address_label = QLabel()
        self.address_label.setObjectName("collectAddress")
        self.address_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.address_label.setWordWrap(True)
        self.qr_label = QLabel()
        self.qr_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr_label.setMinimumSize(260, 260)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("collectCounts")
        self.posters_button = QPushButton()
        self.posters_button.clicked.connect(self.save_posters)
        self.pin_edit = QLineEdit()
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(12)
        self.kiosk_button = QPushButton()
        self.kiosk_button.clicked.connect(lambda: self.open_kiosk(self.pin_edit.text()))
        self.kiosk_problem = QLabel()

        self.server_box = QGroupBox()
        form = QFormLayout(self.server_box)
        self.survey_caption, self.host_caption, self.port_caption = QLabel(), QLabel(), QLabel()
        form.addRow(self.survey_caption, self.survey_combo)
        form.addRow(self.host_caption, self.host_combo)
        form.addRow(self.port_caption, self.port_spin)
        form.addRow(self.start_button)
        form.addRow(self.address_label)
        form.addRow(self.counts_label)
        form.addRow(self.posters_button)
        self.kiosk_box = QGroupBox()
        kiosk_form = QFormLayout(self.kiosk_box)
        self.pin_caption = QLabel()
        kiosk_form.addRow(self.pin_caption, self.pin_edit)
        kiosk_form.addRow(self.kiosk_button)
        kiosk_form.addRow(self.kiosk_problem)
        left = QVBoxLayout()
        left.addWidget(self.server_box)
        left.addWidget(self.kiosk_box)
        left.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(left, 1)
        layout.addWidget(self.qr_label, 1, Qt.AlignmentFlag.AlignTop)

        self.counts_timer = QTimer(self, interval=COUNTS_MS)
        self.counts_timer.timeout.connect(self.refresh_counts)
        self._fill_surveys()
        self.retranslate()
        self._show_state()

    # -- the server ------------------------------------------------------------------------

    def _fill_surveys(self) -> None:
        current = self.survey_combo.currentData()
        self.survey_combo.clear()
        for survey in list_surveys(self.study):
            self.survey_combo.addItem(f"{survey.title()} ({survey.code})", survey.code)
        if current is not None:
            self.survey_combo.setCurrentIndex(max(0, self.survey_combo.findData(current)))

    def toggle(self) -> None:
        if self.server is None:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        """Serve the chosen survey on the chosen interface; a reason, not a crash, when it cannot (port taken…)."""
        code = self.survey_combo.currentData()
        if self.server is not None or code is None:
            return
        served = Study.open(self.study.path, window=False)
        try:
            server = CollectServer(served, str(code), host=self.host_combo.currentText(), port=self.port_spin.value())
            server.start()
        except Exception as error:  # noqa: BLE001 - the port is taken, the survey gone…: said, the study closed
            served.close()
            show_error(self, error)
            return
        self.server, self.served_study = server, served
        self.port_spin.setValue(server.port)  # port 0 asked for any free one: show which
        self.qr_label.setPixmap(qr_pixmap(server.link()))
        self.counts_timer.start()
        self._show_state()

    def stop(self) -> None:
        """Stop answering phones: what was queued is committed, both threads end, the server's connection closes."""
        server, served = self.server, self.served_study
        self.server = self.served_study = None
        self.counts_timer.stop()
        if server is not None:
            server.stop()
        if served is not None:
            served.close()
        self.qr_label.clear()
        self._show_state()

    def refresh_counts(self) -> None:
        if self.server is None:
            self.counts_label.clear()
            return
        counts = self.server.counts
        self.counts_label.setText(self.tr("Visitors: {0}   Submitted: {1}   In progress: {2}").format(
            counts.visitors, counts.submitted, counts.in_progress))

    def _show_state(self) -> None:
        serving = self.server is not None
        for widget in (self.survey_combo, self.host_combo, self.port_spin):
            widget.setEnabled(not serving)
        self.start_button.setEnabled(not self.study.read_only and self.survey_combo.count() > 0)
        self.start_button.setText(self.tr("Stop") if serving else self.tr("Start"))
        self.posters_button.setEnabled(serving)
        self.address_label.setText(self.server.link() if self.server is not None else (
            self.tr("The study is read-only: it cannot take answers.") if self.study.read_only
            else self.tr("Not serving. Phones on the chosen network open the address shown here once started.")))
        self.refresh_counts()

    # -- posters and kiosk ------------------------------------------------------------------

    def save_posters(self) -> JobWorker | None:
        """Ask where, then draw the posters as a job (progress, Cancel); the job, or None when nothing was asked."""
        if self.server is None:
            return None
        path, _ = save_file(self, "posters", self.tr("Save QR posters"), f"{self.server.survey.code}_posters.pdf",
                            self.tr("PDF (*.pdf)"))
        if not path:
            return None
        return run_job(
            self, self.tr("QR posters"), lambda progress, cancel: self.write_posters(Path(path), progress, cancel),
            lambda pages: export_done(self, self.tr("QR posters"), path,
                                      self.tr("%n page(s), one per store.", "", pages)),
            lambda error: show_error(self, error))

    def write_posters(self, path: Path, progress: Progress = no_progress, cancel: CancelToken | None = None) -> int:
        """One page per store for the address being served (render/posters.py); the page count. Off the window's
        thread when saved from the panel: a chain's hundreds of stores are hundreds of QR codes drawn."""
        from xmdesk.render.posters import write_posters

        assert self.server is not None
        return write_posters(self.server.survey, store_links(self.server.keys, self.server.survey,
                                                             self.server.base_url), path, None, progress, cancel)

    def open_kiosk(self, pin: str) -> KioskWindow | None:
        """The chosen survey full-screen; a PIN of at least four digits is needed first, it is what lets staff out."""
        code = self.survey_combo.currentData()
        if self.study.read_only or code is None or self.kiosk is not None:
            return None
        if not (pin.isdigit() and len(pin) >= 4):
            self.kiosk_problem.setText(self.tr("Choose a PIN of at least four digits first."))
            return None
        self.kiosk_problem.clear()
        self.kiosk = KioskWindow(self.study, load_survey(self.study, str(code)), pin)
        self.kiosk.sig_left.connect(self._kiosk_left)
        self.kiosk.showFullScreen()
        return self.kiosk

    def _kiosk_left(self) -> None:
        if self.kiosk is not None:
            self.kiosk.deleteLater()
        self.kiosk = None

    # -- the study -------------------------------------------------------------------------

    def study_closing(self) -> None:
        """The study is about to close: the server stops (its commits done) and the kiosk goes."""
        self.stop()
        if self.kiosk is not None:
            self.kiosk.shut()

    def apply_changes(self, changes: Changes) -> None:
        if changes.touches("surveys") and self.server is None:
            self._fill_surveys()
            self._show_state()

    def retranslate(self) -> None:
        self.server_box.setTitle(self.tr("Phones on the local network"))
        self.survey_caption.setText(self.tr("Survey"))
        self.host_caption.setText(self.tr("Listen on"))
        self.port_caption.setText(self.tr("Port"))
        self.posters_button.setText(self.tr("Save QR posters (one page per store)…"))
        self.kiosk_box.setTitle(self.tr("Kiosk in the store"))
        self.pin_caption.setText(self.tr("PIN to leave"))
        self.kiosk_button.setText(self.tr("Open the kiosk (full screen)"))
        self._show_state()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
