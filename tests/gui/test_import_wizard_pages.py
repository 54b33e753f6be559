"""The import wizard's pages each work on the wizard's one plan: given it when a file is read, and again when
the columns page makes it anew for another target (a page left on the old plan would check or save that)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from tests.core.test_import_samples import WJX_TEXT, write_csv
from tests.gui.test_import_wizard import area_with_file
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey


def test_every_page_works_on_the_plan_of_the_target_chosen_last(qtbot: QtBot, tmp_path: Path) -> None:
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        create_survey(study, "cx", questions=[
            Question("gender", QuestionType.SINGLE, label_zh="您的性别",
                     choices=[Choice("m", 1, "Male", "男"), Choice("f", 2, "Female", "女")])])
        area = area_with_file(qtbot, study, write_csv(tmp_path / "wjx.csv", WJX_TEXT))
        wizard = area.wizard
        pages = (wizard.preview_page, wizard.target_page, wizard.recode_page, wizard.check_page)
        assert wizard.plan is not None and wizard.plan.new_survey
        assert all(page.plan is wizard.plan for page in pages)
        wizard.next.click()
        wizard.target_page.existing_radio.setChecked(True)  # the plan is made again, for survey cx
        assert wizard.plan.survey.code == "cx" and not wizard.plan.new_survey
        assert all(page.plan is wizard.plan for page in pages[1:])


def test_the_shaping_table_is_given_the_proposal_of_the_new_survey(qtbot: QtBot, tmp_path: Path) -> None:
    """The columns page shapes a new survey on a core Proposal; its table is given the proposal whenever one is
    made, as the pages are given the plan, so an edit in it always has the survey it shapes."""
    messages.set_language("en")
    with Study.create(tmp_path / "s.xmd") as study:
        create_survey(study, "cx", questions=[Question("note", QuestionType.TEXT, label_zh="备注")])
        area = area_with_file(qtbot, study, write_csv(tmp_path / "wjx.csv", WJX_TEXT))
        page = area.wizard.target_page
        first = page.proposal
        assert first is not None and page.shape.proposal is first and first.survey is area.wizard.plan.survey
        page.existing_radio.setChecked(True)
        assert page.proposal is None and page.column_tables.currentWidget() is page.columns
        page.new_radio.setChecked(True)  # a new survey proposed again, and the table shapes that one
        assert page.proposal is not None and page.proposal is not first and page.shape.proposal is page.proposal
