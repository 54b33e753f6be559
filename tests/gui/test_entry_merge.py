"""The merge dialog: a dry run first, a conflict resolved in its row, then the merge and its report."""

from __future__ import annotations

import shutil
from pathlib import Path

from xmdesk.core.fieldwork import entry
from xmdesk.core.survey import responses
from xmdesk.core.fieldwork.merge import write_pack
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.entry.merge_dialog import THEIRS, MergeDialog

VISIT = {"region": 1, "store": 2, "channel": 1, "visit_date": "2026-06-01", "nps": 9, "csat": 4}


def test_conflict_resolved_in_the_dialog(qtbot, demo_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    laptop = tmp_path / "laptop.xmd"
    shutil.copyfile(demo_path, laptop)
    with Study.open(laptop) as study:
        survey = load_survey(study, "retail_cx")
        for nps in (2, 7):
            entry.save_response(study, survey, entry.Draft("retail_cx", answers=dict(VISIT, nps=nps)))
        draft = entry.edit_draft(study.conn, survey, 5)  # a demo response the laptop corrected
        draft.answers["nps"] = 0
        entry.save_response(study, survey, draft)
        pack = write_pack(study, tmp_path / "field.xmdpack", device=study.conn.execute(
            "SELECT device_id FROM responses_retail_cx WHERE id = 1001").fetchone()[0]).path
    with Study.open(demo_path) as study:
        survey = load_survey(study, "retail_cx")
        draft = entry.edit_draft(study.conn, survey, 5)  # ... and so did the lead, differently
        draft.answers["nps"] = 10
        entry.save_response(study, survey, draft)
        dialog = MergeDialog(study, [pack])
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.run(apply=False)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
        assert dialog.report is not None and not dialog.report.applied
        assert (dialog.report.added, len(dialog.report.conflicts)) == (2, 1)
        assert responses.count(study.conn, survey) == 1000  # a dry run
        assert dialog.table.rowCount() == 1 and "nps: 10 → 0" in dialog.table.item(0, 3).text()
        combo = dialog.table.cellWidget(0, 4)
        combo.setCurrentIndex(combo.findData(THEIRS))
        assert dialog.merge_button.isEnabled()
        dialog.report = None
        dialog.merge_button.click()
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
        assert dialog.report.applied and dialog.report.took_theirs == 1 and dialog.report.added == 2
        assert "Merged" in dialog.summary.text() and not dialog.merge_button.isEnabled()
        assert responses.count(study.conn, survey) == 1002
        assert study.conn.execute("SELECT nps FROM responses_retail_cx WHERE id = 5").fetchone()[0] == 0


def test_refused_responses_are_listed_with_their_reasons(qtbot, demo_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: ANN001
    """A laptop that stored an NPS of 99 (issue 16): the dry run lists that response, refused, with its reason."""
    laptop = tmp_path / "laptop.xmd"
    shutil.copyfile(demo_path, laptop)
    with Study.open(laptop) as study:
        survey = load_survey(study, "retail_cx")
        saved = [entry.save_response(study, survey, entry.Draft("retail_cx", answers=dict(VISIT, nps=n)))
                 for n in (2, 7)]
        study.conn.execute("UPDATE responses_retail_cx SET nps = 99 WHERE id = ?", (saved[0].id,))
        pack = write_pack(study, tmp_path / "field.xmdpack").path
    with Study.open(demo_path) as study:
        dialog = MergeDialog(study, [pack])
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.run(apply=False)
        qtbot.waitUntil(lambda: dialog.report is not None, timeout=10_000)
        assert dialog.report is not None and dialog.report.added == 1
        assert dialog.refused.isVisibleTo(dialog) and dialog.refused.rowCount() == 1
        assert dialog.refused.item(0, 0).text() == saved[0].uuid
        assert "nps" in dialog.refused.item(0, 3).text() and "0 to 10" in dialog.refused.item(0, 3).text()
