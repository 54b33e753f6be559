"""The derived-variable editor of the Data area (issue 20): preview as typed, a message in words, save, flags."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.survey.model import load_survey
from xmdesk.gui.data.derived_dialog import DerivedDialog

NPS_GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"
GROUPS = "promoter=3:推荐者:Promoter, passive=2:中立者:Passive, detractor=1:贬损者:Detractor"


def editor(window, path: Path, qtbot):  # noqa: ANN001, ANN201
    window.open_study(path)
    area = window.study_page.areas["data"]
    qtbot.mouseClick(area.derived_button, Qt.MouseButton.LeftButton)
    dialog = area.findChild(DerivedDialog)  # the editor the click opened
    assert dialog is not None
    return dialog


def fill(dialog, code: str, kind: str, text: str, qtype: str = "single", choices: str = "") -> None:  # noqa: ANN001
    dialog.code_edit.setText(code)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(kind))
    dialog.type_combo.setCurrentIndex(dialog.type_combo.findData(qtype))
    dialog.definition_edit.setPlainText(text)
    dialog.choices_edit.setText(choices)


def test_preview_shows_the_first_values_and_save_makes_a_variable(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    fill(dialog, "nps_group", "expression", NPS_GROUPS, choices=GROUPS)
    dialog.label_zh_edit.setText("推荐者分组")
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10)
    scores = [n for (n,) in window.study.conn.execute(
        "SELECT nps FROM responses_retail_cx WHERE deleted = 0 ORDER BY id LIMIT 10")]
    shown = [dialog.preview.item(row, 1).text().split(" · ")[0] for row in range(10)]
    assert shown == ["—" if n is None else "promoter" if n >= 9 else "passive" if n >= 7 else "detractor"
                     for n in scores]
    assert "valid" in dialog.message.text() and not dialog.message.property("problem")
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    survey = load_survey(window.study, "retail_cx")
    assert [q.code for q in survey.derived] == ["nps_group"]
    assert dialog.variables.count() == 1
    frame = load_frame(window.study, survey, ["nps_group"])
    assert frame["nps_group"].iloc[:10].tolist() == [None if n is None else 3 if n >= 9 else 2 if n >= 7 else 1
                                                     for n in scores]


def test_a_mistake_is_said_in_words_and_nothing_is_saved(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    fill(dialog, "spend_k", "expression", "${spnd} div 1000", qtype="number")
    qtbot.waitUntil(lambda: bool(dialog.message.property("problem")))
    assert "has no question 'spnd'" in dialog.message.text() and dialog.preview.rowCount() == 0
    dialog.buttons.button(dialog.buttons.StandardButton.Save).click()
    assert load_survey(window.study, "retail_cx").derived == []
    fill(dialog, "bands", "recode", '{"source": "spend", "rules": [{"choice": "low", "max": 100}]',
         choices="low=1:低:Low, high=2:高:High")
    qtbot.waitUntil(lambda: "JSON" in dialog.message.text())


def test_quality_flags_come_ready_made(window, demo_path: Path, qtbot) -> None:
    dialog = editor(window, demo_path, qtbot)
    qtbot.mouseClick(dialog.flags_button, Qt.MouseButton.LeftButton)
    codes = [q.code for q in load_survey(window.study, "retail_cx").derived]
    assert {"flag_straight_attr", "flag_dup_customer", "flag_odd_spend"} <= set(codes)
    assert dialog.variables.count() == len(codes) and dialog.code_edit.text() == codes[0]
    qtbot.waitUntil(lambda: dialog.preview.rowCount() == 10)


def test_the_charts_area_offers_and_plots_a_derived_breakdown(demo_path: Path, qtbot) -> None:  # noqa: ANN001
    from xmdesk.core.analysis import derived
    from xmdesk.core.analysis.query import Query
    from xmdesk.core.analysis.request import Request, run
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import QuestionType
    from xmdesk.gui.charts.area import ChartsArea

    study = Study.open(demo_path)
    derived.save(study, "retail_cx", derived.Definition("nps_group", "expression", {"expression": NPS_GROUPS},
                                                        QuestionType.SINGLE, "NPS group", "推荐者分组",
                                                        derived.parse_choices(GROUPS)))
    area = ChartsArea(study)
    qtbot.addWidget(area)
    area.show()
    try:
        area.select("csat", "csat", "nps_group")
        assert area.by_combo.currentData() == "nps_group"
        qtbot.waitUntil(lambda: area.outcome is not None and not area.computation.busy
                        and area.outcome.request.by == "nps_group", timeout=20000)
        expected = run(study, Request("csat", "csat", Query("retail_cx"), by="nps_group"))
        means = [expected.result.mean] + [g.result.mean for g in expected.groups]
        assert [round(v, 12) for v in area.view.plotted_values()[0]] == [round(m, 12) for m in means]
        assert area.weight_combo.findData("nps_group") == -1
    finally:
        qtbot.waitUntil(lambda: not area.computation.busy, timeout=20000)
        study.close()


def test_journey_links_rule_segments_and_report_blocks_offer_derived_variables(demo_path: Path, qtbot) -> None:  # noqa: ANN001
    from xmdesk.core.analysis import derived
    from xmdesk.core.study.file import Study
    from xmdesk.core.survey.model import QuestionType
    from xmdesk.gui.cases.rule_form import RuleSettingsForm
    from xmdesk.gui.journey.dialogs import numeric_targets

    with Study.open(demo_path) as study:
        derived.save(study, "retail_cx", derived.Definition("nps_group", "expression", {"expression": NPS_GROUPS},
                                                            QuestionType.SINGLE, choices=derived.parse_choices(GROUPS)))
        derived.save(study, "retail_cx", derived.Definition("attr_mean", "expression", {"expression": "mean(${attr})"}))
        survey = load_survey(study, "retail_cx")
    assert "attr_mean" in [code for code, _ in numeric_targets(survey, "en")]
    form = RuleSettingsForm()
    qtbot.addWidget(form)
    form.show_definition("drop", survey, {"segment": "nps_group"})
    assert form.definition()["segment"] == "nps_group"
    from xmdesk.core.reports.recipe import Block
    from xmdesk.gui.reports.blocks import BlockForm

    with Study.open(demo_path) as study:
        block = BlockForm(study, survey, Block("crosstab", options={"row": "csat", "column": "nps_group"}))
        qtbot.addWidget(block)
        columns = block.editors[("column",)]
        assert columns.currentData() == "nps_group"  # type: ignore[attr-defined]
