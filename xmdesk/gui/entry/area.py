"""The Data entry area: type visits in with the keyboard, see and fix this laptop's responses, merge laptops.

Every change to the response being typed is saved as a draft a moment later (its own
small transaction), so a killed app loses at most the field in hand; on reopen the
draft is loaded back with a bar that says so. Ctrl+S saves the response (validated
by the core with the same rules the form shows), Ctrl+N starts the next visit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (QComboBox, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QTabWidget, QVBoxLayout, QWidget)

from xmdesk.core.fieldwork import entry
from xmdesk.core.study.audit import device_id
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import StudyBusy, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.fieldwork.merge import PACK_SUFFIX, PackSummary, write_pack
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, list_surveys, survey_to_dict
from xmdesk.gui import files
from xmdesk.gui import workers
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.entry.form import EntryForm
from xmdesk.gui.entry.merge_dialog import MergeDialog, choose_and_merge
from xmdesk.gui.entry.response_list import ResponseListWidget, local_time
from xmdesk.gui.entry.visit import PhotoStrip, VisitPanel
from xmdesk.gui.i18n import current_language

# A pause in typing this long saves the draft: short enough to lose at most the field in hand.
DRAFT_DELAY_MS = 300
NEXT_VISIT_KEY = Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_N


class SurveyEntry(QWidget):
    """Entry for one survey: worker, visit, form, photos, and the list of this laptop's responses."""

    def __init__(self, study: Study, survey: Survey, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.survey = survey
        self.draft = entry.Draft(survey.code, worker=self._last_worker())
        self.dirty = False
        self.merge_dialog: MergeDialog | None = None
        self.job: workers.JobWorker | None = None
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.unsaved: dict[str, entry.Draft] = {}
        """Drafts (by response uuid) not stored yet because the writer was busy; the next tick stores them."""

        self.form = EntryForm(survey)
        top = self._build_top()
        self.banner = self._build_banner()
        enter_page = self._build_enter_page(top, self._build_side(study, survey))
        self.list = ResponseListWidget(study, survey)
        self.tabs = QTabWidget()
        self.tabs.addTab(enter_page, "")
        self.tabs.addTab(self.list, "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._connect()
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.retranslate()
        self._load(self.draft)
        self.offer_draft()
        if study.read_only:  # opened elsewhere: show the data, say why nothing can be saved
            self.save_button.setEnabled(False)
            self.next_button.setEnabled(False)
            self.status_label.setText(study.warning or self.tr("Read-only: responses cannot be saved."))

    # -- the parts of the widget ---------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        """Above the form: whether a new response or an edit is typed, and who types it."""
        self.worker_label = QLabel()
        self.worker_edit = QLineEdit(self.draft.worker)
        self.worker_edit.setMaximumWidth(200)
        self.mode_label = QLabel()
        self.mode_label.setObjectName("sectionTitle")
        top = QHBoxLayout()
        top.addWidget(self.mode_label)
        top.addStretch(1)
        top.addWidget(self.worker_label)
        top.addWidget(self.worker_edit)
        return top

    def _build_banner(self) -> QFrame:
        """The banner offering a draft left unsaved (hidden until there is one), with its Discard button."""
        banner = QFrame()
        banner.setObjectName("draftBanner")
        self.banner_label = QLabel()
        self.discard_button = QPushButton()
        banner_layout = QHBoxLayout(banner)
        banner_layout.setContentsMargins(10, 6, 10, 6)
        banner_layout.addWidget(self.banner_label, 1)
        banner_layout.addWidget(self.discard_button)
        banner.setStyleSheet("QFrame#draftBanner { background: #fff4e5; border: 1px solid #f5c27a;"
                             " border-radius: 6px; }")
        banner.hide()
        return banner

    def _build_side(self, study: Study, survey: Survey) -> QWidget:
        """Beside the form: the visit (mystery shopping only), the photos, the status and Save / Next visit."""
        self.status_label = QLabel()
        self.status_label.setObjectName("countLabel")
        self.save_button = QPushButton()
        self.next_button = QPushButton()
        self.visit_box = QGroupBox()
        self.visit_panel = VisitPanel()
        QVBoxLayout(self.visit_box).addWidget(self.visit_panel)
        self.visit_box.setVisible(entry.is_mystery_shopping(survey))
        self.photos_box = QGroupBox()
        self.photos = PhotoStrip(study, survey)
        QVBoxLayout(self.photos_box).addWidget(self.photos)
        side = QVBoxLayout()
        side.addWidget(self.visit_box)
        side.addWidget(self.photos_box)
        side.addStretch(1)
        side.addWidget(self.status_label)
        side.addWidget(self.save_button)
        side.addWidget(self.next_button)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(340)
        return side_widget

    def _build_enter_page(self, top: QHBoxLayout, side: QWidget) -> QWidget:
        """The first tab: who types, the draft banner, and the form beside its side panel."""
        body = QHBoxLayout()
        body.addWidget(self.form, 1)
        body.addWidget(side)
        enter_page = QWidget()
        enter_layout = QVBoxLayout(enter_page)
        enter_layout.setContentsMargins(0, 8, 0, 0)
        enter_layout.addLayout(top)
        enter_layout.addWidget(self.banner)
        enter_layout.addLayout(body, 1)
        return enter_page

    def _connect(self) -> None:
        """Edits mark the response dirty; Return and Tab move through worker, visit, questions, Save, Next."""
        self.form.sig_changed.connect(lambda _code: self._edited())
        self.form.sig_finished.connect(self.save_button.setFocus)
        self.visit_panel.sig_changed.connect(self._edited)
        self.photos.sig_changed.connect(self._edited)
        self.visit_panel.sig_finished.connect(lambda: self.form.focus_question())
        self.worker_edit.returnPressed.connect(self.start_typing)
        chain = [self.worker_edit, *self.visit_panel.edits(), *[f.input_widget() for f in self.form.fields.values()],
                 self.save_button, self.next_button]
        for before, after in zip(chain, chain[1:]):
            QWidget.setTabOrder(before, after)
        self.worker_edit.textEdited.connect(lambda _text: self._edited())
        self.save_button.clicked.connect(self.save)
        self.next_button.clicked.connect(self.next_visit)
        self.discard_button.clicked.connect(self.discard)
        self.list.sig_edit.connect(self.edit_response)
        self.list.sig_open_draft.connect(self.open_draft)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.list.sig_pack.connect(self.export_pack)
        self.list.sig_merge.connect(self.merge)

    # -- drafts --------------------------------------------------------------------------------

    def _last_worker(self) -> str:
        """The name typed last on this laptop: a field worker types it once."""
        rows = entry.device_responses(self.study.conn, self.survey, limit=1)
        return rows[0].worker if rows else ""

    def offer_draft(self) -> bool:
        """Load the newest unfinished response back into the form, with a bar saying so."""
        found = entry.drafts(self.study.conn, self.survey.code)
        if not found:
            return False
        draft = found[0]
        self._load(draft)
        self.banner_label.setText(self.tr("An unfinished response from {0} was recovered: "
                                          "carry on typing, or discard it.").format(local_time(draft.updated_at)))
        self.banner.show()
        self.form.focus_question(draft.current or None)
        return True

    def _load(self, draft: entry.Draft) -> None:
        self.draft = draft
        self.form.set_answers(draft.answers)
        self.worker_edit.setText(draft.worker or self.worker_edit.text())
        self.visit_panel.set_visit(draft.visit)
        self.photos.show_response(draft.response_uuid)
        self.dirty = False
        self.banner.hide()
        self._update_mode()
        self._update_score()

    def _edited(self) -> None:
        self.dirty = True
        self._update_score()
        self._draft_timer.start()

    def save_draft(self) -> None:
        """Keep what is typed so far (runs a moment after each change, and before anything that leaves it)."""
        self._draft_timer.stop()
        if self.study.read_only:
            return
        if self.dirty:
            self._collect()
            self.unsaved[self.draft.response_uuid] = self.draft
        if self.unsaved:
            self._store_unsaved()

    def keep_unsaved(self, drafts: dict[str, entry.Draft]) -> None:
        """Take over drafts another form could not store yet (the writer was busy when it closed)."""
        self.unsaved.update(drafts)
        if drafts:
            self._draft_timer.start()

    def _store_unsaved(self) -> None:
        """Store the drafts kept here, never waiting for the writer: while an import or a merge writes, the
        form stays live, the drafts stay kept, and the next tick tries again."""
        for key, draft in list(self.unsaved.items()):
            try:
                entry.save_draft(self.study, draft, wait=False)
            except StudyBusy:
                self.status_label.setText(self.tr("Draft kept: it is saved as soon as the study is free"))
                self._draft_timer.start()
                return
            except XMDeskError as error:
                self.status_label.setText(str(error))
                return
            del self.unsaved[key]
        self.status_label.setText(self.tr("Draft saved {0}").format(local_time(draft.updated_at, "%H:%M:%S")))

    def _collect(self) -> None:
        self.draft.answers = self.form.answers()
        self.draft.visit = self.visit_panel.visit()
        self.draft.worker = self.worker_edit.text()
        self.draft.current = self.form.current_question()

    def discard(self) -> None:
        entry.discard_draft(self.study, self.survey, self.draft.response_uuid)
        self._load(entry.Draft(self.survey.code, worker=self.worker_edit.text()))
        self.status_label.setText(self.tr("Draft discarded"))
        self.start_typing()

    # -- saving and moving on -------------------------------------------------------------------

    def save(self) -> bool:
        """Ctrl+S: check every shown question; save, or put the cursor on the first problem."""
        self._draft_timer.stop()
        problems = self.form.problems()
        if problems:
            first = next(iter(problems))
            self.status_label.setText(self.tr("%n answer(s) need attention", "", len(problems)))
            self.form.focus_question(first)
            return False
        self._collect()
        try:
            saved = entry.save_response(self.study, self.survey, self.draft)
        except XMDeskError as error:
            show_error(self, error)
            return False
        self.draft.response_id = saved.id
        self.dirty = False
        self.banner.hide()
        self._update_mode()
        self.status_label.setText(" ".join([self.tr("Response #{0} saved").format(saved.id), *saved.warnings]))
        self.list.refresh()
        return True

    def next_visit(self) -> None:
        """Ctrl+N: save what is typed (if anything), then a blank form for the next visit."""
        if self.dirty and not self.save():
            return
        shopper = self.visit_panel.shopper.text()
        self._load(entry.Draft(self.survey.code, worker=self.worker_edit.text(),
                               visit=entry.Visit(shopper=shopper)))
        self.status_label.setText(self.tr("Next visit"))
        self.tabs.setCurrentIndex(0)
        self.start_typing()

    def resume_typing(self) -> None:
        """Back where the worker was (a recovered draft's field), else where a visit starts."""
        if self.draft.current:
            self.form.focus_question(self.draft.current)
        else:
            self.start_typing()

    def start_typing(self) -> None:
        """The cursor where a visit starts: the store of a mystery-shopping visit, else the first question."""
        if self.visit_box.isVisibleTo(self):
            self.visit_panel.store.setFocus()
        else:
            self.form.focus_question()

    def hideEvent(self, event: QHideEvent) -> None:
        """Leaving the area or closing the study keeps what was typed in the last moment too."""
        self.save_draft()
        super().hideEvent(event)

    def edit_response(self, response_id: int) -> None:
        self.save_draft()
        self._open(entry.edit_draft(self.study.conn, self.survey, response_id))

    def open_draft(self, response_uuid: str) -> None:
        """Carry on with an unfinished response listed among this laptop's responses."""
        self.save_draft()
        found = [d for d in entry.drafts(self.study.conn, self.survey.code) if d.response_uuid == response_uuid]
        if found:
            self._open(found[0])

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.list:
            self.save_draft()
            self.list.refresh()

    def _open(self, draft: entry.Draft) -> None:
        self._load(draft)
        self.list.refresh()
        self.tabs.setCurrentIndex(0)
        self.form.focus_question(draft.current or None)

    def _update_mode(self) -> None:
        if self.draft.response_id is None:
            self.mode_label.setText(self.tr("New response"))
        else:
            self.mode_label.setText(self.tr("Editing response #{0}").format(self.draft.response_id))

    def _update_score(self) -> None:
        if self.visit_box.isVisible() or entry.is_mystery_shopping(self.survey):
            answers = self.form.answers()
            shown = self.form.rules.shown(answers)
            lang = current_language()
            sections = [(self.survey.group_label(group, lang), score)
                        for group, score in entry.compliance_by_section(self.survey, answers, shown).items()]
            self.visit_panel.set_score(entry.compliance(self.survey, answers, shown), sections,
                                       entry.pass_mark(self.survey))

    # -- packs and merging ------------------------------------------------------------------------

    def export_pack(self) -> None:
        suggestion = str(self.study.path.with_name(f"{self.study.path.stem}-{device_id()}{PACK_SUFFIX}"))
        path, _ = files.save_file(self, files.PACK, self.tr("Export response pack"), suggestion,
                                  self.tr("Response packs (*{0})").format(PACK_SUFFIX))
        if path:
            self.start_pack(path)

    def start_pack(self, path: str) -> workers.JobWorker:
        study = self.study

        def job(progress: Progress, cancel: CancelToken) -> PackSummary:
            with study.read_view() as view:  # its own connection: committed data only, the writer never waits
                return write_pack(view, path, progress=progress, cancel=cancel)

        def done(summary: PackSummary) -> None:
            packed = self.tr("%n response(s) packed", "", sum(summary.responses.values()))
            self.status_label.setText(packed)
            files.export_done(self, self.tr("Export response pack"), path, packed)

        self.job = workers.run_job(self, self.tr("Writing the response pack"), job, on_finished=done,
                                   on_failed=lambda error: show_error(self, error))
        return self.job

    def merge(self) -> None:
        self.merge_dialog = choose_and_merge(self.study, self)
        if self.merge_dialog is not None:
            self.merge_dialog.finished.connect(lambda _result: self.list.refresh())

    def retranslate(self) -> None:
        self.worker_label.setText(self.tr("Field worker:"))
        self.worker_edit.setPlaceholderText(self.tr("your name"))
        self.discard_button.setText(self.tr("Discard draft"))
        self.save_button.setText(self.tr("Save response (Ctrl+S)"))
        self.next_button.setText(self.tr("Next visit (Ctrl+N)"))
        self.visit_box.setTitle(self.tr("Visit"))
        self.photos_box.setTitle(self.tr("Photos"))
        self.tabs.setTabText(0, self.tr("Enter responses"))
        self.tabs.setTabText(1, self.tr("This laptop's responses"))
        self._update_mode()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def event(self, event: QEvent) -> bool:
        """Ctrl+N is "New study" in the main window; while typing visits it means the next visit."""
        if event.type() == QEvent.Type.ShortcutOverride and _is_next_visit(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _is_next_visit(event):
            self.next_visit()
        else:
            super().keyPressEvent(event)


def _is_next_visit(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and event.keyCombination() == NEXT_VISIT_KEY


class EntryArea(QWidget):
    """One `SurveyEntry` per survey, picked from a list when the study has several."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.surveys = list_surveys(study)
        self.survey_combo = QComboBox()
        self.survey_combo.setMinimumWidth(260)
        self.survey_label = QLabel()
        self.empty_label = QLabel()
        self.page = QWidget()  # holds the current survey's entry, replaced when the survey changes
        self.page_layout = QVBoxLayout(self.page)
        self.page_layout.setContentsMargins(0, 0, 0, 0)
        self.current: SurveyEntry | None = None
        top = QHBoxLayout()
        top.addWidget(self.survey_label)
        top.addWidget(self.survey_combo)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.page, 1)
        self._fill_surveys()
        self.survey_combo.currentIndexChanged.connect(self.show_survey)
        self.retranslate()
        self.show_survey(0)

    def _fill_surveys(self) -> None:
        """The picker keeps the survey shown (by code: a new survey may come before it)."""
        shown = self.survey_combo.currentData()
        lang = current_language()
        self.survey_combo.blockSignals(True)
        self.survey_combo.clear()
        for survey in self.surveys:
            self.survey_combo.addItem(survey.title(lang), survey.code)
        self.survey_combo.setCurrentIndex(max(self.survey_combo.findData(shown), 0))
        self.survey_combo.blockSignals(False)
        self.survey_combo.setVisible(len(self.surveys) > 1)
        self.survey_label.setVisible(len(self.surveys) > 1)

    def apply_changes(self, changes: Changes) -> None:
        """A survey made elsewhere joins the picker. The form of a survey whose definition changed (in the
        designer, by an import that learned new options, by another program) is made again from the stored
        survey: what was typed is kept as a draft first and comes back. New, edited, merged or deleted
        responses and drafts show in this laptop's list."""
        shown = self.current.survey if self.current is not None else None
        if changes.touches("surveys"):
            self.surveys = list_surveys(self.study)
            self._fill_surveys()
            stored = next((s for s in self.surveys if shown is not None and s.code == shown.code), None)
            if shown is None or stored is None or survey_to_dict(stored) != survey_to_dict(shown):
                self.show_survey(self.survey_combo.currentIndex())
                return
        if self.current is not None and shown is not None and changes.touches_survey(shown.code, "responses",
                                                                                     "drafts"):
            self.current.list.refresh()

    def show_survey(self, position: int) -> None:
        unsaved: dict[str, entry.Draft] = {}
        if self.current is not None:
            self.current.save_draft()
            unsaved = self.current.unsaved  # the writer was busy: the next survey's form stores them
            self.current.setParent(None)
            self.current.deleteLater()
            self.current = None
        self.empty_label.setVisible(not self.surveys)
        if 0 <= position < len(self.surveys):
            self.current = SurveyEntry(self.study, self.surveys[position])
            self.current.keep_unsaved(unsaved)
            self.page_layout.addWidget(self.current)
            self.current.resume_typing()

    def showEvent(self, event: QShowEvent) -> None:
        """The cursor goes to the form as soon as the area shows (once the window has placed its focus)."""
        super().showEvent(event)
        if self.current is not None:
            QTimer.singleShot(0, self.current.resume_typing)

    def retranslate(self) -> None:
        self.survey_label.setText(self.tr("Survey:"))
        self.empty_label.setText(self.tr("This study has no survey yet: design one in Surveys first."))
        self._fill_surveys()
        if self.current is not None and self.current.form.lang != current_language():
            # Question texts, end labels and section titles are the survey's words in the form's language:
            # the form is made again in the new one, what was typed kept as a draft (as after a design change).
            self.show_survey(self.survey_combo.currentIndex())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
