"""Every question, matrix row, metric and survey a visible label names is named by its label in the UI language,
never by its stored code ('MEAN · attr__queue' in the actions panel, 'NPS nps × region' in Reports); a code may
stand in a tooltip, and inside an expression (${nps} > 8), where it is what one writes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.gui.test_language_switch import show_everything, switch, visible_texts
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import list_surveys
from xmdesk.core.vocabulary import names, registry

EXPRESSION = re.compile(r"\$\{[^}]*\}|selected\([^)]*\)")
TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9_]*")


def codes(path: Path) -> dict[str, set[str]]:
    """The demo's codes that are no English word (a word such as 'store' may be the label itself), each with
    its labels: question codes with '_' or of a scale (nps, csat, ces, attr), every matrix row and option
    column, the survey's code, and the metric names as the old panels wrote them (MEAN, FREQ)."""
    with Study.open(path, read_only=True) as study:
        surveys = list_surveys(study)
    found = {survey.code: {survey.title_en, survey.title_zh} for survey in surveys}
    for survey in surveys:
        for question in survey.questions:
            if "_" in question.code or question.type.value in ("nps", "rating", "matrix"):
                found[question.code] = {question.label_en, question.label_zh}
            for column in question.columns():
                if column.part:
                    found[column.name] = {names.column_name(survey, column.name, lang) for lang in ("en", "zh")}
    for metric in registry.METRICS:
        if metric.name.upper() not in metric.label_en + metric.label_zh:
            found[metric.name.upper()] = {metric.label_en, metric.label_zh}
    return found


def named_by_code(text: str, known: dict[str, set[str]]) -> list[str]:
    """The codes a text names without their label beside (a code after its label is a hint, as in the
    designer's '5. How likely …  ·  nps'); codes inside an expression are what one writes."""
    words = set(TOKEN.findall(EXPRESSION.sub(" ", text)))
    return sorted(code for code in words & known.keys() if not any(label and label in text for label in known[code]))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_visible_labels_name_things_by_their_labels(window, demo_path: Path, qtbot, language: str) -> None:
    known = codes(demo_path)
    window.open_study(demo_path)
    switch(window, qtbot, language)
    problems = set()
    for where in show_everything(window, qtbot):
        for widget, text in visible_texts(window):
            bare = named_by_code(text, known)
            if bare:
                problems.add(f"{where} | {widget}: {text!r} names {bare}")
    assert sorted(problems) == [], "\n".join(sorted(problems))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_touchpoint_dialog_lists_questions_by_their_labels(qtbot, demo_path: Path, language: str) -> None:  # noqa: ANN001
    """'nps · How likely …' put the code first; the picker shows the label alone, the code in its tooltip."""
    from PySide6.QtCore import Qt

    from xmdesk.gui.i18n import apply_language
    from xmdesk.gui.journey.dialogs import LinkDialog

    apply_language(language)
    with Study.open(demo_path) as study:
        survey = list_surveys(study)[0]
        dialog = LinkDialog(study, None)
        qtbot.addWidget(dialog)
        combo = dialog.question_combo
        items = [(combo.itemText(i), combo.itemData(i), combo.itemData(i, Qt.ItemDataRole.ToolTipRole))
                 for i in range(combo.count())]
        plain = {q.code: q.label(language) for q in survey.questions}
        assert [(text, tip) for text, code, tip in items if code in plain] == [
            (plain[code], code) for _, code, _ in items if code in plain]
        assert all(not text.startswith(f"{code} ") for text, code, _ in items)
    apply_language("en")


def test_an_imported_xlsform_is_named_by_its_title(qtbot, tmp_path: Path, message_boxes) -> None:  # noqa: ANN001
    """The message after an XLSForm import said 'Imported survey nps_visit': its title first, the code after it."""
    from xmdesk.core.survey.edits import create_from_template
    from xmdesk.core.survey.xlsform import write_xlsform
    from xmdesk.gui.surveys.area import SurveysArea

    with Study.create(tmp_path / "scratch.xmd") as scratch:
        survey = create_from_template(scratch, "nps", code="nps_visit")
        write_xlsform(survey, tmp_path / "visit.xlsx")
    with Study.create(tmp_path / "s.xmd") as study:
        area = SurveysArea(study)
        qtbot.addWidget(area)
        assert area.import_path(str(tmp_path / "visit.xlsx"))
        said = message_boxes.texts("information")[-1]
        assert said.startswith(f"Imported the survey “{survey.title('en')}” (nps_visit)"), said
