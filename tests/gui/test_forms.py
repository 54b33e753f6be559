"""The Qt Designer forms in ui/: each is built into its dialog (names, tab order, buddies, translations), a form
that lost a widget or its file says so, the dialogs still write to the study, and the forms ship."""

from __future__ import annotations

import ast
import shutil
import sys
import tomllib
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QDate, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QTableWidget, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from xmdesk.core.journey import maps as J
from xmdesk.core.loop import actions, worktime
from xmdesk.core.study.file import Study
from xmdesk.core.text.analyze import load_codebook_or_default
from xmdesk.core.text.codebook import load_codebook
from xmdesk.core.survey.model import load_survey, survey_codes
from xmdesk.gui import forms
from xmdesk.gui.cases.action_dialog import ActionDialog
from xmdesk.gui.cases.worktime_dialog import WorkTimeDialog
from xmdesk.gui.designer.new_survey import NewSurveyDialog
from xmdesk.gui.entry.merge_dialog import MergeDialog
from xmdesk.gui.i18n import apply_language
from xmdesk.gui.journey.dialogs import BehindDialog, LinkDialog
from xmdesk.gui.paths import forms_dir
from xmdesk.gui.reports.data_export import DataExportDialog
from xmdesk.gui.text.codebook_dialog import CodebookDialog
from xmdesk.gui.text.response_dialog import ResponseDialog
from xmdesk.gui.text.topic_picker import TopicPicker

ROOT = Path(__file__).resolve().parents[2]

DIALOGS: dict[str, Callable[[Study], QDialog]] = {
    "worktime_dialog": WorkTimeDialog,
    "action_dialog": lambda study: ActionDialog(study, actions.list_actions(study)[0]),
    "new_survey_dialog": NewSurveyDialog,
    "data_export_dialog": DataExportDialog,
    "link_dialog": lambda study: LinkDialog(study, None),
    "topic_picker": lambda study: TopicPicker("周末排队太久，价格也贵", ["价格", "排队", "退款"], ["价格"]),
    "merge_dialog": lambda study: MergeDialog(study, ["field.xmdpack"]),
    "codebook_dialog": lambda study: CodebookDialog(study, load_codebook_or_default(study)),
    "response_dialog": lambda study: ResponseDialog(study, load_survey(study, "retail_cx"), 5),
    "behind_dialog": lambda study: BehindDialog(study, "NPS", J.Link("retail_cx", "nps", "nps", "${channel} = 1")),
}
"""Each form in ui/ and how its dialog is made on the demo study."""


@pytest.fixture
def study(demo_path: Path):  # noqa: ANN201
    with Study.open(demo_path) as opened:
        yield opened


def form_xml(name: str) -> ET.Element:
    return ET.parse(forms_dir() / f"{name}.ui").getroot()


def made(qtbot: QtBot, name: str, study: Study) -> QDialog:
    dialog = DIALOGS[name](study)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def button(dialog: QDialog, which: QDialogButtonBox.StandardButton) -> QWidget:
    return dialog.findChild(QDialogButtonBox, "buttons").button(which)


def test_every_form_in_ui_has_its_dialog() -> None:
    assert {path.stem for path in forms_dir().glob("*.ui")} == set(DIALOGS)


@pytest.mark.parametrize("name", DIALOGS)
def test_a_form_is_built_into_its_dialog_with_tab_order_and_buddies(qtbot: QtBot, study: Study, name: str) -> None:
    """The form's <class> is the dialog's class (the texts' translation context); every widget the form
    names is in the dialog, the focus chain visits the form's tab stops in order, labels have their buddies."""
    root = form_xml(name)
    dialog = made(qtbot, name, study)
    assert root.findtext("class") == type(dialog).__name__ == root.find("widget").get("name")
    assert dialog.layout() is not None and dialog.windowTitle()
    for element in root.iter("widget"):
        assert dialog.findChild(QWidget, element.get("name")) or element.get("name") == dialog.objectName()
    stops = [stop.text for stop in root.iter("tabstop")]
    first = widget = dialog.findChild(QWidget, stops[0])
    chain = []
    while not chain or widget is not first:
        chain.append(widget.objectName())
        widget = widget.nextInFocusChain()
    assert [name for name in chain if name in stops] == stops
    for label in root.iter("widget"):
        buddy = label.find("property[@name='buddy']/cstring")
        if buddy is not None:
            assert dialog.findChild(QLabel, label.get("name")).buddy() is dialog.findChild(QWidget, buddy.text)


def shown_texts(dialog: QDialog, root: ET.Element) -> Iterator[tuple[str, str]]:
    """(what the dialog shows, the form's source text) for each translatable text of the form: the title, the
    texts of labels, check boxes and buttons, table headers and tab titles."""
    title = root.findtext("widget/property[@name='windowTitle']/string")
    if title is not None:  # a dialog whose title names what it shows sets it itself
        yield dialog.windowTitle(), title
    for element in root.iter("widget"):
        text = element.find("property[@name='text']/string")
        if text is not None and text.get("notr") != "true":
            yield dialog.findChild(QWidget, element.get("name")).text(), text.text
        if element.get("class") == "QTableWidget":
            table = dialog.findChild(QTableWidget, element.get("name"))
            for number, column in enumerate(element.iter("column")):
                yield table.horizontalHeaderItem(number).text(), column.findtext("property/string")
        if element.get("class") == "QTabWidget":
            tabs = dialog.findChild(QTabWidget, element.get("name"))
            for number, page in enumerate(element.findall("widget")):
                yield tabs.tabText(number), page.findtext("attribute[@name='title']/string")


@pytest.mark.parametrize("name", DIALOGS)
def test_a_forms_texts_are_translated_in_chinese(qtbot: QtBot, study: Study, name: str) -> None:
    """Every text a form shows comes out in Chinese, as their tr() calls did before."""
    apply_language("zh")
    root = form_xml(name)
    dialog = made(qtbot, name, study)
    context = root.findtext("class")
    for text, source in shown_texts(dialog, root):
        assert text == QCoreApplication.translate(context, source) != source


def test_a_form_that_lost_a_widget_the_code_needs_names_it(qtbot: QtBot, study: Study, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(forms_dir(), tmp_path / "ui")
    form = tmp_path / "ui" / "worktime_dialog.ui"
    form.write_text(form.read_text(encoding="utf-8").replace('"periods_edit"', '"hours_edit"'), encoding="utf-8")
    monkeypatch.setattr(forms, "forms_dir", lambda: tmp_path / "ui")
    with pytest.raises(forms.FormError, match="periods_edit") as raised:
        WorkTimeDialog(study)
    assert str(form) in str(raised.value)


@pytest.mark.parametrize("content", [None, "<ui version='4.0'><widget class='QDialog' name=", "not a form"])
def test_a_missing_or_garbled_form_is_an_error_not_a_blank_dialog(qtbot: QtBot, study: Study, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   content: str | None) -> None:
    if content is not None:
        (tmp_path / "new_survey_dialog.ui").write_text(content, encoding="utf-8")
    monkeypatch.setattr(forms, "forms_dir", lambda: tmp_path)
    with pytest.raises(forms.FormError, match="new_survey_dialog.ui"):
        NewSurveyDialog(study)


def test_working_hours_saved_by_clicking_save(qtbot: QtBot, study: Study) -> None:
    dialog = made(qtbot, "worktime_dialog", study)
    qtbot.mouseClick(dialog.day_checks[6], Qt.MouseButton.LeftButton)
    dialog.periods_edit.clear()
    qtbot.keyClicks(dialog.periods_edit, "10:00-16:00")
    dialog.offset_spin.setValue(9)
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    calendar = worktime.load_calendar(study)
    assert calendar.weekdays == (0, 1, 2, 3, 4, 6)
    assert calendar.periods == (("10:00", "16:00"),)
    assert calendar.utc_offset_minutes == 540


def test_an_action_changed_and_saved_by_clicking_save(qtbot: QtBot, study: Study) -> None:
    dialog = made(qtbot, "action_dialog", study)
    before = actions.list_actions(study)[0]
    assert dialog.title_edit.text() == before.title and dialog.owner_edit.text() == before.owner
    dialog.owner_edit.clear()
    qtbot.keyClicks(dialog.owner_edit, "Li Na")
    dialog.due_edit.setDate(QDate(2026, 12, 31))
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    saved = actions.get_action(study, dialog.saved_id)
    assert (saved.id, saved.owner, saved.due_date, saved.title) == (before.id, "Li Na", "2026-12-31", before.title)


def test_a_new_survey_from_a_template_by_clicking_ok(qtbot: QtBot, study: Study) -> None:
    dialog = made(qtbot, "new_survey_dialog", study)
    dialog.choose("csat")
    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "csat_store")
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.survey is not None and load_survey(study, "csat_store").questions
    again = made(qtbot, "new_survey_dialog", study)
    again.code.setText("csat_store")
    qtbot.mouseClick(button(again, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert again.problem.text() and again.result() != QDialog.DialogCode.Accepted
    assert survey_codes(study).count("csat_store") == 1


def test_data_exported_with_labels_by_clicking_export(qtbot: QtBot, study: Study, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from xmdesk.gui import files

    target = tmp_path / "labels.csv"
    monkeypatch.setattr(files, "save_file", lambda *args: (str(target), ""))  # the file dialog's answer
    dialog = made(qtbot, "data_export_dialog", study)
    assert dialog.mask_check.isChecked()
    qtbot.mouseClick(dialog.labels_check, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(dialog.sig_exported, timeout=60_000) as finished:
        qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert finished.args[0].rows == 1000 and finished.args[0].masked
    assert ",In store," in target.read_text(encoding="utf-8-sig")  # the channel choice by its label, not its code


def test_a_link_with_a_broken_filter_stays_open_until_mended(qtbot: QtBot, study: Study) -> None:
    dialog = made(qtbot, "link_dialog", study)
    dialog.question_combo.setCurrentIndex(dialog.question_combo.findData("nps"))
    qtbot.keyClicks(dialog.filter_edit, "${nowhere} = 1")
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "nowhere" in dialog.problem.text()
    dialog.filter_edit.setText("${channel} = 1")
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.link() == J.Link(survey_codes(study)[0], "nps", "nps", "${channel} = 1")


def test_topics_ticked_in_the_picker_or_given_back_to_the_model(qtbot: QtBot, study: Study) -> None:
    picker = made(qtbot, "topic_picker", study)
    picker.list.item(2).setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(button(picker, QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert picker.result() == QDialog.DialogCode.Accepted and picker.chosen() == ["价格", "退款"]
    again = made(qtbot, "topic_picker", study)
    qtbot.mouseClick(again.model_button, Qt.MouseButton.LeftButton)
    assert again.result() == QDialog.DialogCode.Accepted and again.cleared


def test_a_topic_and_a_synonym_added_and_saved_by_clicking_save(qtbot: QtBot, study: Study) -> None:
    dialog = made(qtbot, "codebook_dialog", study)
    rows = dialog.table.rowCount()
    add = dialog.findChild(QPushButton, "add_button")
    assert add is not None  # the form's button (a click on None would abort Qt)
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == rows + 1
    dialog.table.item(rows, 0).setText("停车")
    dialog.table.item(rows, 1).setText("停车场; 车位")
    dialog.synonyms_edit.setPlainText("车位 = 停车场")
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert load_codebook(study).topic("停车").rules == ("停车场", "车位")
    assert study.conn.execute("SELECT canonical FROM text_synonyms WHERE variant='车位'").fetchone() == ("停车场",)


def test_a_whole_response_shown_with_its_answers(qtbot: QtBot, study: Study) -> None:
    dialog = made(qtbot, "response_dialog", study)
    answers = {dialog.table.item(row, 0).text(): dialog.table.item(row, 1).text()
               for row in range(dialog.table.rowCount())}
    assert dialog.windowTitle() == "Response 5" and len(answers) > 10
    assert any(question.startswith("How likely") for question in answers)
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected


def test_the_responses_behind_a_card_with_its_filter(qtbot: QtBot, study: Study) -> None:
    from xmdesk.core.journey.scores import responses_behind

    dialog = made(qtbot, "behind_dialog", study)
    behind = responses_behind(study, J.Link("retail_cx", "nps", "nps", "${channel} = 1"), lang="en")
    assert dialog.table.rowCount() == len(behind.rows) > 0 and dialog.table.columnCount() == len(behind.labels)
    summary = dialog.findChild(QLabel, "summary_label").text()
    assert f"{behind.total} response" in summary and "${channel} = 1" in summary
    qtbot.mouseClick(button(dialog, QDialogButtonBox.StandardButton.Close), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_the_forms_ship_in_the_wheel_and_the_bundle() -> None:
    """The wheel force-includes ui/; the PyInstaller spec lists ui/ as data and keeps QtUiTools, which loads it."""
    include = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert include["tool"]["hatch"]["build"]["targets"]["wheel"]["force-include"]["ui"] == "xmdesk/_bundled/ui"
    spec = ast.parse((ROOT / "packaging" / "xmdesk.spec").read_text(encoding="utf-8"))
    assigned = {node.targets[0].id: node.value for node in spec.body
                if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    assert "QtUiTools" in ast.literal_eval(assigned["QT_MODULES"])
    assert "(str(REPO / 'ui'), 'ui')" in ast.unparse(assigned["datas"])


def test_a_frozen_build_finds_the_forms_beside_its_resources(qtbot: QtBot, study: Study, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """PyInstaller unpacks resources/ and ui/ side by side under sys._MEIPASS (packaging/xmdesk.spec's datas)."""
    shutil.copytree(forms_dir(), tmp_path / "ui")
    (tmp_path / "resources").mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert forms_dir() == tmp_path / "ui"
    (tmp_path / "ui" / "worktime_dialog.ui").write_text(
        (tmp_path / "ui" / "worktime_dialog.ui").read_text(encoding="utf-8").replace(
            "<string>Working hours</string>", "<string notr=\"true\">Working hours (bundle)</string>"),
        encoding="utf-8")
    assert made(qtbot, "worktime_dialog", study).windowTitle() == "Working hours (bundle)"


def test_translation_check_reads_the_forms() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_translations", ROOT / "tools" / "build_translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert {f"ui/{name}.ui" for name in DIALOGS} <= set(module.source_files())
