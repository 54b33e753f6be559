"""Merging field laptops: a dry run first, conflicts resolved row by row, then the merge and its report."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QWidget)

from xmdesk.core.jobs import CancelToken, Progress
from xmdesk.core.fieldwork.merge import PACK_SUFFIX, MergeReport, merge
from xmdesk.core.study.file import STUDY_SUFFIX, Study
from xmdesk.gui import files
from xmdesk.gui import workers
from xmdesk.gui.dialogs import show_error
from xmdesk.gui.forms import Form

LATER, MINE, THEIRS = "", "mine", "theirs"


def _shown(value: object) -> str:
    return "—" if value in (None, "") else str(value)


class MergeDialog(QDialog):
    """Shows what a merge of `paths` would do; Merge applies it with the chosen resolutions. Laid out by
    ui/merge_dialog.ui."""

    def __init__(self, study: Study, paths: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.study = study
        self.paths = paths
        self.report: MergeReport | None = None
        self.job: workers.JobWorker | None = None
        form = Form(self, "merge_dialog")
        form.child(QLabel, "packs_label").setText("\n".join(Path(p).name for p in paths))
        self.summary = form.child(QLabel, "sectionTitle")
        self.details = form.child(QLabel, "details_label")
        self.table = form.child(QTableWidget, "conflicts_table")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.refused_title = form.child(QLabel, "refused_label")
        self.refused = form.child(QTableWidget, "refused_table")
        self.refused.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.refused.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Rows follow the reasons' width once shown: the table is hidden (so still narrow) when it is filled.
        self.refused.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.refused_title.hide()
        self.refused.hide()
        self.buttons = form.child(QDialogButtonBox, "buttons")
        self.merge_button = self.buttons.addButton(self.tr("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setEnabled(False)
        self.buttons.rejected.connect(self.reject)
        self.merge_button.clicked.connect(lambda: self.run(apply=True))

    def resolutions(self) -> dict[str, str]:
        chosen: dict[str, str] = {}
        for row in range(self.table.rowCount()):
            combo = self.table.cellWidget(row, 4)
            if isinstance(combo, QComboBox) and combo.currentData():
                chosen[str(combo.property("uuid"))] = str(combo.currentData())
        return chosen

    def run(self, apply: bool) -> workers.JobWorker:
        """A dry run shows what would happen; the real run applies it with the resolutions chosen."""
        resolutions = self.resolutions() if apply else {}
        study, paths = self.study, self.paths

        def job(progress: Progress, cancel: CancelToken) -> MergeReport:
            return merge(study, paths, resolutions=resolutions, apply=apply, progress=progress, cancel=cancel)

        self.merge_button.setEnabled(False)
        self.job = workers.run_job(self, self.tr("Merging"), job, on_finished=self.show_report,
                                   on_failed=lambda error: show_error(self, error))
        return self.job

    def show_report(self, report: MergeReport) -> None:
        self.report = report
        counts = self.tr("Added {0}, updated {1}, unchanged {2}, conflicting {3}, refused {4}, photos {5}.").format(
            report.added, report.updated, report.unchanged, len(report.conflicts), report.refused_responses,
            report.photos)
        if report.applied:
            self.summary.setText(self.tr("Merged.") + " " + counts)
        else:
            self.summary.setText(self.tr("Nothing changed yet. This merge would do:") + " " + counts)
        lines = [self.tr("Refused {0} responses from {1}: {2}").format(r.responses, r.source, r.reason)
                 for r in report.refused if not r.uuid]
        if report.kept_mine or report.took_theirs:
            lines.append(self.tr("Resolved: kept mine {0}, took theirs {1}.").format(report.kept_mine,
                                                                                   report.took_theirs))
        if report.conflicts:
            lines.append(self.tr("Conflicts: the same response was changed here and on a field laptop. "
                                 "Choose for each; undecided ones stay as they are and come back next time."))
        self.details.setText("\n".join([*lines, *report.warnings]))
        self._fill_conflicts(report)
        self._fill_refused(report)
        self.merge_button.setEnabled(not report.applied)

    def _fill_conflicts(self, report: MergeReport) -> None:
        self.table.setRowCount(len(report.conflicts))
        for row, conflict in enumerate(report.conflicts):
            differences = "\n".join(f"{column}: {_shown(mine)} → {_shown(theirs)}"
                                    for column, mine, theirs in conflict.differences)
            cells = [f"#{conflict.response_id}", conflict.source,
                     ", ".join(column for column, _, _ in conflict.differences), differences]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
            combo = QComboBox()
            combo.addItem(self.tr("Decide later"), LATER)
            combo.addItem(self.tr("Keep mine"), MINE)
            combo.addItem(self.tr("Take theirs"), THEIRS)
            combo.setProperty("uuid", conflict.uuid)
            self.table.setCellWidget(row, 4, combo)
        self.table.resizeRowsToContents()


    def _fill_refused(self, report: MergeReport) -> None:
        """One row per refused response (or photo): which one, from where, and why."""
        rows = [r for r in report.refused if r.uuid]
        self.refused.setRowCount(len(rows))
        for row, refusal in enumerate(rows):
            for column, text in enumerate((refusal.uuid, refusal.survey, refusal.source, refusal.reason)):
                self.refused.setItem(row, column, QTableWidgetItem(text))
        self.refused_title.setVisible(bool(rows))
        self.refused.setVisible(bool(rows))


def choose_and_merge(study: Study, parent: QWidget) -> MergeDialog | None:
    """Pick packs or studies, then show the dialog with its dry run under way."""
    title = QCoreApplication.translate("MergeDialog", "Merge packs or studies")
    kinds = QCoreApplication.translate("MergeDialog", "Response packs and studies")
    paths = files.open_files(parent, files.PACK, title, f"{kinds} (*{PACK_SUFFIX} *{STUDY_SUFFIX})", study.path.parent)
    if not paths:
        return None
    dialog = MergeDialog(study, paths, parent)
    dialog.show()
    dialog.run(apply=False)
    return dialog
