"""`xmdesk xlsform import/export` as a subprocess: JSON on stdout, every form problem on stderr."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from tests.cli.test_cli import xmdesk
from tests.core.test_xlsform_pyxform import FORMS, pyxform_converts
from xmdesk.core.demo import demo_survey
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import load_survey


def test_export_then_import_the_demo_survey(demo_path: Path, tmp_path: Path) -> None:
    form = tmp_path / "retail.xlsx"
    result = xmdesk("xlsform", "export", str(demo_path), "--survey", "retail_cx", "-o", str(form))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["questions"] == 13 and form.is_file()
    assert any("attr" in note for note in report["notes"])

    target = tmp_path / "field.xmd"
    assert xmdesk("new", str(target)).returncode == 0
    result = xmdesk("xlsform", "import", str(target), str(form))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["survey"] == "retail_cx"
    with Study.open(target, read_only=True) as study:
        assert load_survey(study, "retail_cx").questions == demo_survey().questions


def test_a_bad_form_exits_1_listing_rows(tmp_path: Path) -> None:
    target = tmp_path / "s.xmd"
    assert xmdesk("new", str(target)).returncode == 0
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in (["type", "name", "label"], ["integer", "q1", "Q1"], ["integer", "q1", "Q1 again"],
                ["colour_picker", "q2", "Q2"]):
        sheet.append(row)
    book.save(tmp_path / "bad.xlsx")
    result = xmdesk("--lang", "en", "xlsform", "import", str(target), str(tmp_path / "bad.xlsx"))
    assert result.returncode == 1 and result.stdout == ""
    assert "row 3" in result.stderr and "row 4" in result.stderr and "colour_picker" in result.stderr
    result = xmdesk("xlsform", "export", str(target), "--survey", "nosuch", "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 1 and "nosuch" in result.stderr


def test_a_pyxform_form_keeps_what_xmdesk_does_not_ask_through_the_study(tmp_path: Path) -> None:
    """Kept rows, cells, lists and settings are stored with the survey: the form exported from the study
    converts with pyxform and still has its choice filters, duplicate choices and calculations."""
    target = tmp_path / "s.xmd"
    assert xmdesk("new", str(target)).returncode == 0
    result = xmdesk("--lang", "en", "xlsform", "import", str(target), str(FORMS / "choice_filter_test.xlsx"))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["survey"] == "cascading_selects1" and report["questions"] == 3
    assert any("choice_filter" in note for note in report["notes"])
    assert any("king" in note and "allow_choice_duplicates" in note for note in report["notes"])
    form = tmp_path / "again.xlsx"
    result = xmdesk("xlsform", "export", str(target), "--survey", "cascading_selects1", "-o", str(form))
    assert result.returncode == 0, result.stderr
    assert pyxform_converts(form)
    filtered = [r for r in sheet_records(FORMS / "choice_filter_test.xlsx", "choices") if "cf" in r]
    assert [r for r in sheet_records(form, "choices") if "cf" in r] == filtered  # king twice, each with its cf
    assert len(filtered) == 12


def sheet_records(path: Path, sheet: str) -> list[dict[str, str]]:
    """A sheet's rows as {header: text}, empty cells left out, so column order does not matter."""
    from openpyxl import load_workbook

    rows = load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)
    header = next(rows)
    return [{str(h): str(v) for h, v in zip(header, row) if v not in (None, "")} for row in rows if any(row)]
