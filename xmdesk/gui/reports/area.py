"""The Reports area of a study, which is the report builder: saved recipes, their blocks (add, reorder, configure),
settings and a live preview.

Each block in the list says the survey it reads and its base n (counted by the core,
`reports.surveys.block_bases`, on a worker: each base filters the survey's responses, a pause per
edit on a big study; the list says "n = …" until the numbers come); a block reads the report's
survey unless its own survey picker names another, and exporting a report of several surveys asks first.
The preview is the PDF's own pages painted to images (`xmdesk.render.pdf.page_images`),
rebuilt on a worker a moment after the last edit, so what you see is what exports.
Exports run on a worker with a progress dialog and Cancel.
"""

from __future__ import annotations

import copy
from functools import partial
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QMenu, QMessageBox, QPushButton, QScrollArea,
                               QSplitter, QToolButton, QVBoxLayout, QWidget)

from xmdesk.core.study.changes import Changes
from xmdesk.core.files import file_name
from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.reports.build import BuiltReport, build_report
from xmdesk.core.reports.defaults import default_report
from xmdesk.core.reports.recipe import (BLOCK_KINDS, FORMATS, SURVEY_BLOCKS, Block, Report, load_report, report_names,
                                        save_report)
from xmdesk.core.reports.surveys import BlockBase, block_bases, survey_uses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, list_surveys
from xmdesk.gui import files
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.i18n import current_language
from xmdesk.gui.reports.blocks import BlockForm, block_summary, kind_names
from xmdesk.gui.reports.page_image import PageImage
from xmdesk.gui.workers import JobWorker, run_job

PREVIEW_DELAY_MS = 500
PREVIEW_WIDTH = 420
PREVIEW_MINIMUM = 240
"""The preview column may be this narrow: its pages are drawn smaller (PageImage), not cut."""
OTHER_SURVEY_BACKGROUND = "#fff1d6"
"""Behind a block reading another survey than the report's, so a mixed report is seen at a glance."""


class ReportsArea(QWidget):
    """The Reports area: it builds and exports reports. The recipe is edited here, drawn by the PDF renderer in
    the preview and exported on a worker, so the preview is the export."""

    sig_preview_ready = Signal(int)
    """Pages now shown in the preview."""
    sig_exported = Signal(str)
    """Path of a finished export."""
    sig_bases_shown = Signal()
    """Every block's n, counted for the recipe as it is now, is in the list."""

    def __init__(self, study: Study, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.surveys: list[Survey] = list_surveys(study)
        self.report: Report = self._initial_report()
        self.preview_job: JobWorker | None = None
        self.export_job: JobWorker | None = None
        self.bases_job: JobWorker | None = None
        self._bases_asked = 0
        """Requests to count the bases so far (one per labelling of the list)."""
        self._bases_counting = 0
        """The request the running (or last) count answers."""
        self._bases_shown = 0
        """The request whose numbers the list shows."""
        self.block_form: BlockForm | None = None
        self._timer = QTimer(self, singleShot=True, interval=PREVIEW_DELAY_MS)
        self._timer.timeout.connect(self.refresh_preview)

        top = self._build_top()
        exports = self._build_exports()
        self._build_blocks()
        self._build_settings()
        self._build_block_box()
        middle_scroll = self._build_middle()
        preview_column = self._build_preview(exports)

        splitter = QSplitter()
        splitter.addWidget(self.blocks_box)
        splitter.addWidget(middle_scroll)
        splitter.addWidget(preview_column)
        splitter.setSizes([220, 420, PREVIEW_WIDTH + 20])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.status_label)

        self._connect()
        self.retranslate()
        self._reload_names()
        self._show_report()

    # -- the parts of the widget ---------------------------------------------------------------

    def _build_top(self) -> QHBoxLayout:
        """The top bar: which report, New and Save, the data button; the export buttons and status made here."""
        self.report_combo = QComboBox()
        self.report_combo.setMinimumWidth(200)
        self.new_button = QPushButton()
        self.save_button = QPushButton()
        self.save_button.setEnabled(not self.study.read_only)
        # Tool buttons: as wide as 'PPTX' (push buttons are 80 px at least, and five of them made the preview column
        # too wide for a 125 % laptop, which then lay under the settings).
        self.export_buttons = {fmt: QToolButton() for fmt in FORMATS}
        for fmt, button in self.export_buttons.items():
            button.setText(fmt.upper())
        self.data_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setObjectName("countLabel")
        top = QHBoxLayout()
        self.report_label = QLabel()
        for widget in (self.report_label, self.report_combo, self.new_button, self.save_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.data_button)
        return top

    def _build_exports(self) -> QHBoxLayout:
        """The export formats' row, under the preview."""
        # The report's formats under its preview: on the top bar with the rest they were cut at 125 % scaling.
        self.export_label = QLabel()
        exports = QHBoxLayout()
        exports.setSpacing(4)
        exports.addWidget(self.export_label)
        for button in self.export_buttons.values():
            exports.addWidget(button)
        exports.addStretch(1)
        return exports

    def _build_blocks(self) -> None:
        """The report's blocks: their list and the add / remove / up / down buttons, in `blocks_box`."""
        self.block_list = QListWidget()
        self.block_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.add_button = QToolButton()
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self)
        self.add_button.setMenu(self.add_menu)
        self.remove_button = QToolButton()
        self.up_button = QToolButton()
        self.down_button = QToolButton()
        block_buttons = QHBoxLayout()
        for tool in (self.add_button, self.remove_button, self.up_button, self.down_button):
            block_buttons.addWidget(tool)
        block_buttons.addStretch(1)
        self.blocks_box = QGroupBox()
        blocks_layout = QVBoxLayout(self.blocks_box)
        blocks_layout.addWidget(self.block_list, 1)
        blocks_layout.addLayout(block_buttons)

    def _build_settings(self) -> None:
        """The report's settings (name, survey, title, language, layout, filter, weight, client, logo, colours,
        masking) in `settings_box`."""
        self.name_edit, self.title_edit, self.filter_edit = QLineEdit(), QLineEdit(), QLineEdit()
        self.client_edit, self.logo_edit = QLineEdit(), QLineEdit()
        self.primary_edit, self.accent_edit = QLineEdit(), QLineEdit()
        self.lang_combo, self.layout_combo, self.survey_combo = QComboBox(), QComboBox(), QComboBox()
        self.lang_combo.addItem("中文", "zh")
        self.lang_combo.addItem("English", "en")
        self.layout_combo.addItem("", "a4")
        self.layout_combo.addItem("", "slides")
        for survey in self.surveys:
            self.survey_combo.addItem(survey.title(current_language()), survey.code)
        self.mask_check = QCheckBox()
        self.weight_combo = QComboBox()
        self.logo_button = QToolButton()
        self.logo_button.setText("…")
        self.logo_row = QWidget()
        logo_layout = QHBoxLayout(self.logo_row)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_edit, 1)
        logo_layout.addWidget(self.logo_button)
        self.settings_box = QGroupBox()
        self.settings_form = QFormLayout(self.settings_box)
        # A field that does not fit beside its name goes under it: the settings column stays as narrow as its
        # widest field, and a survey's long title is not cut at 125 % scaling.
        self.settings_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.settings_labels: list[QLabel] = []
        """The names of the settings rows, made once and renamed on a language change (rows taken out and
        added again left the old labels drawn under the new ones)."""
        for field in (self.name_edit, self.survey_combo, self.title_edit, self.lang_combo, self.layout_combo,
                      self.filter_edit, self.weight_combo, self.client_edit, self.logo_row, self.primary_edit,
                      self.accent_edit):
            self.settings_labels.append(QLabel())
            self.settings_form.addRow(self.settings_labels[-1], field)
        self.settings_form.addRow(self.mask_check)  # the whole row: in the field column its words were cut

    def _build_block_box(self) -> None:
        """The selected block's title, survey and filter, above the form of its kind, in `block_box`."""
        self.block_box = QGroupBox()
        self.block_title_edit, self.block_filter_edit = QLineEdit(), QLineEdit()
        self.block_survey_combo = QComboBox()
        self.block_form_holder = QVBoxLayout()
        block_form = QFormLayout()
        block_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.block_title_label, self.block_filter_label = QLabel(), QLabel()
        self.block_survey_label = QLabel()
        block_form.addRow(self.block_title_label, self.block_title_edit)
        block_form.addRow(self.block_survey_label, self.block_survey_combo)
        block_form.addRow(self.block_filter_label, self.block_filter_edit)
        block_layout = QVBoxLayout(self.block_box)
        block_layout.addLayout(block_form)
        block_layout.addLayout(self.block_form_holder)

    def _build_middle(self) -> QScrollArea:
        """The middle column: the block's settings above the report's, scrolled."""
        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.addWidget(self.block_box)
        middle_layout.addWidget(self.settings_box)
        middle_layout.addStretch(1)
        middle_scroll = QScrollArea()
        middle_scroll.setWidgetResizable(True)
        middle_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        middle_scroll.setMinimumWidth(310)  # its forms wrap a field under its name rather than be cut
        middle_scroll.setWidget(middle)
        return middle_scroll

    def _build_preview(self, exports: QHBoxLayout) -> QWidget:
        """The preview column: the pages as exported, scrolled, with the export formats under them."""
        self.preview_pages = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_pages)
        self.preview_layout.setSpacing(12)
        self.preview_message = QLabel()
        self.preview_message.setWordWrap(True)
        self.preview_layout.addWidget(self.preview_message)
        self.preview_layout.addStretch(1)
        self.preview = QScrollArea()
        self.preview.setWidgetResizable(True)
        self.preview.setWidget(self.preview_pages)
        self.preview.setMinimumWidth(PREVIEW_MINIMUM)
        self.preview.setStyleSheet("QScrollArea { background: #e9edf2; }")
        preview_column = QWidget()
        preview_layout = QVBoxLayout(preview_column)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(self.preview, 1)
        preview_layout.addLayout(exports)
        return preview_column

    # -- wiring -----------------------------------------------------------------------

    def _connect(self) -> None:
        self.report_combo.activated.connect(lambda _i: self.open_report(self.report_combo.currentText()))
        self.new_button.clicked.connect(self.new_report)
        self.save_button.clicked.connect(self.save)
        for fmt, button in self.export_buttons.items():
            button.clicked.connect(lambda _c=False, fmt=fmt: self.choose_export(fmt))
        self.data_button.clicked.connect(self.open_data_export)
        self.block_list.currentRowChanged.connect(self._show_block)
        self.remove_button.clicked.connect(self.remove_block)
        self.up_button.clicked.connect(lambda: self.move_block(-1))
        self.down_button.clicked.connect(lambda: self.move_block(1))
        for edit, attr in ((self.name_edit, "name"), (self.title_edit, "title"), (self.filter_edit, "filter")):
            edit.textEdited.connect(lambda text, attr=attr: self._set_report(attr, text))
        for edit, attr in ((self.client_edit, "client"), (self.logo_edit, "logo_path"),
                           (self.primary_edit, "primary"), (self.accent_edit, "accent")):
            edit.textEdited.connect(lambda text, attr=attr: self._set_branding(attr, text))
        self.lang_combo.activated.connect(lambda _i: self._set_report("lang", self.lang_combo.currentData()))
        self.layout_combo.activated.connect(lambda _i: self._set_report("layout", self.layout_combo.currentData()))
        self.survey_combo.activated.connect(lambda _i: self._change_survey(str(self.survey_combo.currentData())))
        self.mask_check.toggled.connect(lambda on: self._set_report("mask_personal", on))
        self.weight_combo.activated.connect(lambda _i: self._set_report("weight", self.weight_combo.currentData()))
        self.logo_button.clicked.connect(self.choose_logo)
        self.block_title_edit.textEdited.connect(lambda text: self._set_block("title", text))
        self.block_filter_edit.textEdited.connect(lambda text: self._set_block("filter", text))
        self.block_survey_combo.activated.connect(lambda _i: self._set_block_survey(
            str(self.block_survey_combo.currentData())))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        # A builder whose study was closed waits for its deletion: its labels count nothing any more.
        if event.type() == QEvent.Type.LanguageChange and not self.study.closed:
            self.retranslate()
            self._follow_language()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.report_label.setText(self.tr("Report"))
        self.new_button.setText(self.tr("New standard report"))
        self.save_button.setText(self.tr("Save"))
        self.export_label.setText(self.tr("Export:"))
        self.data_button.setText(self.tr("Export data…"))
        self.blocks_box.setTitle(self.tr("Blocks"))
        self.add_button.setText(self.tr("Add"))
        self.remove_button.setText(self.tr("Remove"))
        # Arrows, as in the survey designer, the words in their tooltips: the blocks column fits a 125 % laptop.
        self.up_button.setText("↑")
        self.down_button.setText("↓")
        self.up_button.setToolTip(self.tr("Up"))
        self.down_button.setToolTip(self.tr("Down"))
        self.add_menu.clear()
        for kind, name in kind_names().items():
            self.add_menu.addAction(name, partial(self.add_block, kind))
        self.settings_box.setTitle(self.tr("Report settings"))
        self.block_box.setTitle(self.tr("Selected block"))
        self.block_title_label.setText(self.tr("Heading"))
        self.block_filter_label.setText(self.tr("Filter of this block"))
        self.block_survey_label.setText(self.tr("Survey of this block"))
        self._fill_block_surveys()
        self.block_filter_edit.setPlaceholderText(self.tr("e.g. ${channel} = 1"))
        self.filter_edit.setPlaceholderText(self.tr("e.g. ${region} = '华东' (all blocks)"))
        self.primary_edit.setPlaceholderText("#1f4e79")
        self.accent_edit.setPlaceholderText("#e07b28")
        self.layout_combo.setItemText(0, self.tr("A4 portrait"))
        self.layout_combo.setItemText(1, self.tr("16:9 slides"))
        self.mask_check.setText(self.tr("Mask personal data in quoted comments"))
        self.mask_check.setToolTip(self.tr("Phone numbers, e-mail addresses, ID numbers and names"))
        for label, text in zip(self.settings_labels, (
                self.tr("Name"), self.tr("Survey"), self.tr("Title"), self.tr("Language"), self.tr("PDF layout"),
                self.tr("Filter"), self.tr("Weighting"), self.tr("Client"), self.tr("Logo file"),
                self.tr("Main colour"), self.tr("Accent colour"))):
            label.setText(text)
        if self.weight_combo.count():
            self.weight_combo.setItemText(0, self.tr("Unweighted"))
        self._fill_block_list()

    # -- the recipe -----------------------------------------------------------------------

    def _initial_report(self) -> Report:
        names = report_names(self.study)
        if names:
            return load_report(self.study, names[0])
        return default_report(self.surveys[0], current_language()) if self.surveys else Report("", "")

    def _follow_language(self) -> None:
        """The standard report, shown but neither saved nor changed, is the app's proposal: it is proposed again
        in the new language (name, headings, report language). A saved or edited report keeps its words."""
        report = self.report
        survey = next((s for s in self.surveys if s.code == report.survey), None)
        if (survey is None or report.lang == current_language() or report.name in report_names(self.study)
                or report != default_report(survey, report.lang)):
            return
        self.report = default_report(survey, current_language())
        self._reload_names()
        self._show_report()

    def _reload_names(self) -> None:
        self.report_combo.clear()
        names = report_names(self.study)
        if self.report.name and self.report.name not in names:
            names.append(self.report.name)
        self.report_combo.addItems(names)
        self.report_combo.setCurrentText(self.report.name)

    def _show_report(self) -> None:
        report = self.report
        self.report_combo.setCurrentText(report.name)
        self.name_edit.setText(report.name)
        self.title_edit.setText(report.title)
        self.filter_edit.setText(report.filter)
        self.client_edit.setText(report.branding.client)
        self.logo_edit.setText(report.branding.logo_path)
        self.primary_edit.setText(report.branding.primary)
        self.accent_edit.setText(report.branding.accent)
        self.lang_combo.setCurrentIndex(max(0, self.lang_combo.findData(report.lang)))
        self.layout_combo.setCurrentIndex(max(0, self.layout_combo.findData(report.layout)))
        self.survey_combo.setCurrentIndex(max(0, self.survey_combo.findData(report.survey)))
        self.mask_check.setChecked(report.mask_personal)
        self._fill_weights()
        self._fill_block_list()
        self.block_list.setCurrentRow(0)
        self.schedule_preview()

    def _fill_weights(self) -> None:
        """Unweighted, or what the analysis accepts as a weight: a number question or numeric derived variable."""
        from xmdesk.core.analysis.query import weight_candidates

        self.weight_combo.clear()
        self.weight_combo.addItem(self.tr("Unweighted"), "")
        survey = next((s for s in self.surveys if s.code == self.report.survey), None)
        for question in weight_candidates(survey) if survey is not None else []:
            self.weight_combo.addItem(question.label(current_language()), question.code)
            self.weight_combo.setItemData(self.weight_combo.count() - 1, question.code, Qt.ItemDataRole.ToolTipRole)
        self.weight_combo.setCurrentIndex(max(0, self.weight_combo.findData(self.report.weight)))

    def choose_logo(self) -> None:
        path = files.open_file(self, files.LOGO, self.tr("Logo"), self.tr("Images (*.png *.jpg *.jpeg *.svg)"))
        if path:
            self.logo_edit.setText(path)
            self._set_branding("logo_path", path)

    def _fill_block_surveys(self) -> None:
        """The block's survey picker: the report's survey (followed through a switch) first, then every survey."""
        self.block_survey_combo.clear()
        self.block_survey_combo.addItem(self.tr("(report's survey)"), "")
        for survey in self.surveys:
            self.block_survey_combo.addItem(survey.title(current_language()), survey.code)
            self.block_survey_combo.setItemData(self.block_survey_combo.count() - 1, survey.code,
                                                Qt.ItemDataRole.ToolTipRole)
        block = self._current_block()
        if block is not None:
            self.block_survey_combo.setCurrentIndex(max(0, self.block_survey_combo.findData(block.survey)))

    def _survey_of(self, block: Block) -> Survey | None:
        """The survey a block reads: its own, else the report's."""
        code = block.survey or self.report.survey
        return next((s for s in self.surveys if s.code == code), None)

    def _fill_block_list(self) -> None:
        row = self.block_list.currentRow()
        self.block_list.blockSignals(True)
        self.block_list.clear()
        for _block in self.report.blocks:
            self.block_list.addItem(QListWidgetItem())
        self._label_blocks()
        self.block_list.blockSignals(False)
        self.block_list.setCurrentRow(min(row, len(self.report.blocks) - 1))

    def _label_blocks(self) -> None:
        """Each block's entry, now: what it shows, the survey it reads and "n = …"; the numbers follow from a
        worker (`_count_bases`)."""
        self._show_bases(self._uncounted_bases(), counted=False)
        self._bases_asked += 1
        if self.bases_job is None or self.bases_job.settled:
            self._count_bases()

    def _uncounted_bases(self, problem: str = "") -> list[BlockBase | None]:
        """What the list can say of each block before anything is counted: the survey it reads, from the
        surveys the area holds (its code when the study has no such survey)."""
        lang = current_language()
        bases: list[BlockBase | None] = []
        for block in self.report.blocks:
            survey = self._survey_of(block)
            code = self.report.survey_of(block)
            bases.append(None if block.kind not in SURVEY_BLOCKS else
                         BlockBase(code, survey.title(lang) if survey else code, None, not block.survey, problem))
        return bases

    def counting(self) -> bool:
        """Whether the list still waits for the numbers of the recipe as it is now (it says "n = …")."""
        return self._bases_shown != self._bases_asked

    def _count_bases(self) -> None:
        """Count every block's n for the recipe as it is now, on a worker reading a view of its own. One count
        at a time: a request made meanwhile is counted when it answers, so a burst of keystrokes costs two
        counts and an older answer is never shown."""
        if self.study.closed:
            return
        report, lang, study = copy.deepcopy(self.report), current_language(), self.study
        self._bases_counting = self._bases_asked

        def job(progress: Progress, cancel: CancelToken) -> list[BlockBase | None]:
            with study.read_view() as view:
                return block_bases(view, report, lang)

        self.bases_job = JobWorker(job)
        # Bound methods, not lambdas: Qt drops the connections when this area is deleted before the count ends.
        self.bases_job.signals.sig_finished.connect(self._bases_counted)
        self.bases_job.signals.sig_failed.connect(self._bases_failed)
        self.bases_job.start()

    def _answers_the_recipe(self) -> bool:
        """Whether the count that just ended was for the recipe as it is now; if not, the recipe is counted again."""
        if self._bases_counting == self._bases_asked:
            return True
        self._count_bases()
        return False

    def _bases_counted(self, bases: list[BlockBase | None]) -> None:
        if self._answers_the_recipe():
            self._show_bases(bases, counted=True)

    def _bases_failed(self, error: BaseException) -> None:
        """A count that failed (not one cancelled with the study) leaves "n = ?", with why in the tooltip."""
        from xmdesk.core.errors import Cancelled

        if not isinstance(error, Cancelled) and self._answers_the_recipe():
            self._show_bases(self._uncounted_bases(str(error)), counted=True)

    def _show_bases(self, bases: list[BlockBase | None], counted: bool) -> None:
        """Each block's entry: what it shows, then the survey it reads and its base n ("…" until `counted`)."""
        names = kind_names()
        for i, (block, base) in enumerate(zip(self.report.blocks, bases)):
            item = self.block_list.item(i)
            lines = [block_summary(block, self._survey_of(block))]
            tips = [names[block.kind]] + ([block.filter] if block.filter else [])
            if base is not None:
                lines.append(self._base_line(base, counted))
                tips.append(f"{base.title} ({base.survey})")
                tips.append(self.tr("Follows the report's survey") if base.follows else
                            self.tr("Reads the survey chosen for this block"))
                tips += [base.problem] if base.problem else []
            item.setText("\n".join(lines))
            item.setToolTip("\n".join(tips))
            other = base is not None and base.survey != self.report.survey
            item.setBackground(QBrush(QColor(OTHER_SURVEY_BACKGROUND)) if other else QBrush())
        if counted:
            self._bases_shown = self._bases_asked
            self.sig_bases_shown.emit()

    def _base_line(self, base: BlockBase, counted: bool) -> str:
        """Indented under the block's own line, so the list reads as blocks, each with its survey; n first, so a
        long survey title narrowing the list cuts the title, never the number."""
        n = "…" if not counted else "?" if base.n is None else f"{base.n:,}"
        return "    " + self.tr("n = %1 · %2").replace("%1", n).replace("%2", base.title)

    def _set_report(self, attr: str, value: Any) -> None:
        setattr(self.report, attr, value)
        if attr == "filter":  # every block's base is filtered by it
            self._label_blocks()
        self.schedule_preview()

    def _change_survey(self, code: str) -> None:
        """Blocks following the report move with it (they name no survey); blocks naming theirs stay."""
        self.report.survey = code
        self.report.weight = ""
        self._fill_weights()
        self._label_blocks()
        self._show_block(self.block_list.currentRow())
        self.schedule_preview()

    def _set_block_survey(self, code: str) -> None:
        block = self._current_block()
        if block is None:
            return
        block.survey = code
        self._label_blocks()
        self._show_block(self.block_list.currentRow())
        self.schedule_preview()

    def _set_branding(self, attr: str, value: str) -> None:
        setattr(self.report.branding, attr, value)
        self.schedule_preview()

    def _current_block(self) -> Block | None:
        row = self.block_list.currentRow()
        return self.report.blocks[row] if 0 <= row < len(self.report.blocks) else None

    def _set_block(self, attr: str, value: str) -> None:
        block = self._current_block()
        if block is None:
            return
        setattr(block, attr, value)
        self._label_blocks()
        self.schedule_preview()

    def _block_edited(self) -> None:
        self._label_blocks()
        self.schedule_preview()

    def _show_block(self, row: int) -> None:
        if self.block_form is not None:
            self.block_form.setParent(None)
            self.block_form.deleteLater()
            self.block_form = None
        block = self._current_block()
        self.block_box.setEnabled(block is not None)
        if block is None:
            return
        self.block_title_edit.setText(block.title)
        self.block_filter_edit.setText(block.filter)
        self.block_survey_combo.setEnabled(block.kind in SURVEY_BLOCKS)
        self.block_survey_combo.setCurrentIndex(max(0, self.block_survey_combo.findData(block.survey)))
        survey = next((s for s in self.surveys if s.code == self.report.survey_of(block)), None)
        if survey is not None:
            self.block_form = BlockForm(self.study, survey, block)
            self.block_form.sig_changed.connect(self._block_edited)
            self.block_form_holder.addWidget(self.block_form)

    def add_block(self, kind: str) -> None:
        """Insert a block of `kind` after the selected one (chart blocks start as NPS of the first NPS question)."""
        assert kind in BLOCK_KINDS
        block = Block(kind, options=copy.deepcopy(self._starting_options(kind)))
        row = self.block_list.currentRow() + 1 if self.block_list.currentRow() >= 0 else len(self.report.blocks)
        self.report.blocks.insert(row, block)
        self._fill_block_list()
        self.block_list.setCurrentRow(row)
        self.schedule_preview()

    def _starting_options(self, kind: str) -> dict[str, Any]:
        """Options taken from the standard report's first block of the kind, so a new block shows something."""
        survey = next((s for s in self.surveys if s.code == self.report.survey), None)
        if survey is None:
            return {}
        template = next((b for b in default_report(survey).blocks if b.kind == kind), None)
        return template.options if template is not None else {}

    def remove_block(self) -> None:
        row = self.block_list.currentRow()
        if 0 <= row < len(self.report.blocks):
            del self.report.blocks[row]
            self._fill_block_list()
            self._show_block(self.block_list.currentRow())
            self.schedule_preview()

    def move_block(self, step: int) -> None:
        row = self.block_list.currentRow()
        target = row + step
        if 0 <= row < len(self.report.blocks) and 0 <= target < len(self.report.blocks):
            blocks = self.report.blocks
            blocks[row], blocks[target] = blocks[target], blocks[row]
            self._fill_block_list()
            self.block_list.setCurrentRow(target)
            self.schedule_preview()

    def open_report(self, name: str) -> None:
        try:
            self.report = load_report(self.study, name)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self._show_report()

    def new_report(self) -> None:
        survey = next((s for s in self.surveys if s.code == self.report.survey), self.surveys[0] if self.surveys else None)
        if survey is None:
            return
        taken = set(report_names(self.study))
        report = default_report(survey, current_language())
        base, k = report.name, 2
        while report.name in taken:
            report.name, k = f"{base} {k}", k + 1
        self.report = report
        self._reload_names()
        self._show_report()

    def save(self) -> None:
        try:
            save_report(self.study, self.report)
        except Exception as error:  # noqa: BLE001 - shown to the user
            show_error(self, error)
            return
        self._reload_names()
        self.status_label.setText(self.tr("Saved “%1” in the study.").replace("%1", self.report.name))

    # -- preview --------------------------------------------------------------------------

    def schedule_preview(self) -> None:
        self._timer.start()

    def apply_changes(self, changes: Changes) -> None:
        """Surveys made or changed elsewhere join the pickers; reports saved elsewhere join the list; any data
        a block reads (responses, operational data, texts, cases, actions) recounts every block's n and
        rebuilds the preview, so what is exported is what is shown."""
        if changes.touches("surveys"):
            self.surveys = list_surveys(self.study)
            self.survey_combo.clear()
            for survey in self.surveys:
                self.survey_combo.addItem(survey.title(current_language()), survey.code)
            self.survey_combo.setCurrentIndex(max(0, self.survey_combo.findData(self.report.survey)))
            self._fill_block_surveys()
            self._fill_weights()
        if changes.touches("reports"):
            self._reload_names()
        if changes.touches("surveys", "responses", "odata", "text", "cases", "actions", "journeys"):
            self._label_blocks()
            self.schedule_preview()

    def _build_job(self, report: Report, stamped: bool = False) -> Any:
        """A job building `report`; `stamped` for an export, whose file carries the stamp `xmdesk verify` reads
        (computed from the same read view, so it fingerprints exactly the data the numbers came from)."""
        from xmdesk.core.reports.stamp import stamp_report
        from xmdesk.render.pdf import journey_painter

        painter = journey_painter()

        def job(progress: Progress, cancel: CancelToken) -> BuiltReport:
            with self.study.read_view() as view:  # its own connection: committed data only, the writer never waits
                built = build_report(view, report, journey_painter=painter, progress=progress, cancel=cancel)
                return stamp_report(view, report, built) if stamped else built

        return job

    def refresh_preview(self) -> None:
        """Build a snapshot of the recipe on a worker; a newer edit cancels an older preview."""
        if self.preview_job is not None and not self.preview_job.done:
            self.preview_job.cancel()
        worker = JobWorker(self._build_job(copy.deepcopy(self.report)))
        worker.signals.sig_finished.connect(lambda built, w=worker: self._preview_ready(w, built))
        worker.signals.sig_failed.connect(lambda error, w=worker: self._preview_failed(w, error))
        self.preview_job = worker
        worker.start()

    def _preview_ready(self, worker: JobWorker, built: BuiltReport) -> None:
        if worker is not self.preview_job:
            return
        from xmdesk.render.pdf import page_images

        while self.preview_layout.count() > 2:
            item = self.preview_layout.takeAt(1)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        images = page_images(built, PREVIEW_WIDTH)
        for i, image in enumerate(images):
            self.preview_layout.insertWidget(1 + i, PageImage(image))
        unavailable = [s.title for s in built.sections if s.message]
        self.preview_message.setText(self.tr("Not shown: %1").replace("%1", "、".join(unavailable))
                                     if unavailable else "")
        self.preview_message.setStyleSheet("")
        self.sig_preview_ready.emit(len(images))

    def _preview_failed(self, worker: JobWorker, error: BaseException) -> None:
        if worker is not self.preview_job:
            return
        from xmdesk.core.errors import Cancelled

        if isinstance(error, Cancelled):
            return
        self.preview_message.setText(str(error))
        self.preview_message.setStyleSheet(f"color: {QColor('#b3261e').name()};")
        self.sig_preview_ready.emit(0)

    # -- exports --------------------------------------------------------------------------

    def choose_export(self, fmt: str) -> None:
        if not self.confirm_surveys():
            return
        filters = {"pdf": "PDF (*.pdf)", "pptx": "PowerPoint (*.pptx)", "xlsx": "Excel (*.xlsx)",
                   "docx": "Word (*.docx)", "html": "HTML (*.html)"}
        suggested = file_name(self.report.name, f".{fmt}", "report")  # never a path out of a name
        path, _ = files.save_file(self, files.REPORT, self.tr("Export the report"), suggested, filters[fmt])
        if path:
            self.export_to(path if path.lower().endswith(f".{fmt}") else f"{path}.{fmt}")

    def confirm_surveys(self) -> bool:
        """Before exporting a report whose blocks read several surveys, list them with their blocks and ask."""
        uses = survey_uses(self.study, self.report, current_language())
        if len(uses) < 2:
            return True
        lines = [self.tr("The blocks of this report read %1 surveys:").replace("%1", str(len(uses)))]
        for use in uses:
            blocks = ", ".join(f"{i + 1}. {block_summary(block, self._survey_of(block))}"
                               for i, block in ((i, self.report.blocks[i]) for i in use.blocks))
            lines.append(f"• {use.title} ({use.survey}): {blocks}")
        lines.append(self.tr("Export it with these surveys?"))
        answer = QMessageBox.question(self, self.tr("Several surveys"), "\n".join(lines),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def export_to(self, path: str) -> JobWorker:
        """Build the report on current data and write `path` (format from its suffix), with progress and Cancel."""
        from xmdesk.render.pdf import export_report

        build = self._build_job(copy.deepcopy(self.report), stamped=True)

        def job(progress: Progress, cancel: CancelToken) -> str:
            built = build(progress, cancel)
            export_report(built, path, progress=progress, cancel=cancel)
            return path

        def done(result: str) -> None:
            self.status_label.setText(self.tr("Exported %1").replace("%1", result))
            self.sig_exported.emit(result)
            files.export_done(self, self.tr("Export the report"), result)

        self.export_job = run_job(self, self.tr("Exporting the report"), job, done, lambda e: show_error(self, e))
        return self.export_job

    def open_data_export(self) -> None:
        from xmdesk.gui.reports.data_export import DataExportDialog

        DataExportDialog(self.study, self).exec()
