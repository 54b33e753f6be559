"""Numbers read silently wrong (issue 16, case 8): a column's decimal convention is told by its values
(12,5 is twelve and a half, 1.234,56 is 1234.56), a value that would read as another number is a problem
and never a silent change, and Excel error cells (#DIV/0!, #N/A) are stored as missing and counted."""

from __future__ import annotations

import csv
import io
import re
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.importing.values import (DECIMAL_COMMA, DECIMAL_POINT, DECIMAL_UNCLEAR, BadValue, decimal_convention,
                                          parse_number)
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, load_survey
from tests.messages import raises_message


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def stored(study: Study, code: str, question: int) -> list[object]:
    """The stored answers to the survey's `question`-th question (0 is the first), in file order."""
    survey = load_survey(study, code)
    column = survey.questions[question].code
    return [value for (value,) in study.conn.execute(f'SELECT "{column}" FROM "{survey.response_table}" ORDER BY id')]


def written(number: float, decimal: str, grouped: bool, places: int) -> str:
    """`number` as a person in one convention writes it: 1234.5 is '1,234.50' or '1.234,50'."""
    text = f"{number:,.{places}f}" if grouped else f"{number:.{places}f}"
    return text if decimal == DECIMAL_POINT else text.translate(str.maketrans(",.", ".,"))


def test_decimal_commas_import_as_the_numbers_they_are(study: Study, tmp_path: Path) -> None:
    export = write_csv(tmp_path / "门店.csv", [["id", "金额"], ["1", "12,5"], ["2", "1.234,56"], ["3", "0,75"],
                                              ["4", "7"]])
    result = run_import(study, prepare(study, export, new="shop"))
    assert (result.imported, result.problem_count) == (4, 0)
    assert load_survey(study, "shop").questions[1].type == QuestionType.NUMBER
    assert stored(study, "shop", 1) == [12.5, 1234.56, 0.75, 7]


def test_a_value_in_the_other_convention_is_a_problem_not_a_silent_number(study: Study, tmp_path: Path) -> None:
    export = write_csv(tmp_path / "amounts.csv", [["id", "amount"], ["1", "1,234.5"], ["2", "12.25"], ["3", "12,5"]])
    plan = prepare(study, export, new="amounts")
    with raises_message(ImportProblem, "importing.stopped"):
        run_import(study, plan)
    result = run_import(study, plan, on_error="missing")
    assert result.problem_count == 1 and result.problems[0].value == "12,5"
    assert stored(study, "amounts", 1) == [1234.5, 12.25, None]


def test_a_column_that_does_not_tell_its_convention_asks(study: Study, tmp_path: Path) -> None:
    """'1,234' is 1234 with a decimal point and 1.234 with a decimal comma: an existing number question
    refuses it with both readings; a new survey keeps such a column as the text written."""
    first = write_csv(tmp_path / "first.csv", [["id", "weight"], ["1", "12.5"], ["2", "3.75"]])
    run_import(study, prepare(study, first, new="kg"))
    unclear = write_csv(tmp_path / "next.csv", [["id", "weight"], ["3", "1,234"], ["4", "2,500"]])
    with raises_message(ImportProblem, "importing.stopped"):
        run_import(study, prepare(study, unclear, survey="kg"))
    run_import(study, prepare(study, unclear, new="kg2"))
    assert load_survey(study, "kg2").questions[1].type == QuestionType.TEXT
    assert stored(study, "kg2", 1) == ["1,234", "2,500"]


def test_excel_error_cells_in_a_csv_are_missing_and_counted(study: Study, tmp_path: Path) -> None:
    export = write_csv(tmp_path / "errors.csv", [["id", "nps", "comment"], ["1", "9", "good"],
                                                 ["2", "#DIV/0!", "#N/A"], ["3", "7", "#VALUE!"], ["4", "10", "ok"]])
    result = run_import(study, prepare(study, export, new="err"))
    assert (result.imported, result.problem_count, result.error_cells) == (4, 0, 3)
    assert stored(study, "err", 1) == [9, None, 7, 10] and stored(study, "err", 2) == ["good", None, None, "ok"]
    assert "3 Excel error cells" in " ".join(result.learned())
    assert result.as_dict()["error_cells"] == 3


def test_excel_error_cells_in_a_workbook_are_counted(study: Study, tmp_path: Path) -> None:
    """openpyxl cannot write a formula's cached error, so the sheet XML gets two t="e" cells by hand."""
    book = Workbook()
    book.active.append(["id", "nps"])
    for number in range(1, 6):
        book.active.append([number, number + 5])
    buffer = io.BytesIO()
    book.save(buffer)
    export = tmp_path / "errors.xlsx"
    with zipfile.ZipFile(buffer) as old, zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="B(3|5)" t="n"><v>\d+</v></c>', rb'<c r="B\1" t="e"><v>#DIV/0!</v></c>', data)
            new.writestr(info.filename, data)
    result = run_import(study, prepare(study, export, new="xl"))
    assert (result.imported, result.error_cells) == (5, 2)
    assert stored(study, "xl", 1) == [6, None, 8, None, 10]


numbers = st.decimals(min_value=0, max_value=10**7, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(numbers, min_size=1, max_size=12), st.sampled_from([DECIMAL_POINT, DECIMAL_COMMA]), st.booleans(),
       st.integers(min_value=0, max_value=3))
def test_numbers_in_either_convention_read_back_or_are_refused(values: list[object], decimal: str, grouped: bool,
                                                               places: int) -> None:
    """The property of the issue: a column written in one convention reads back as its numbers, or a cell is
    refused (a BadValue naming why); never read as another number."""
    originals = [round(float(str(v)), places) for v in values]
    texts = [written(number, decimal, grouped, places) for number in originals]
    convention = decimal_convention(texts)
    for original, text in zip(originals, texts):
        try:
            number = parse_number(text, convention)
        except BadValue as refused:
            assert refused.problem in ("decimal_unclear", "decimal_comma", "decimal_point")
            continue
        assert number == pytest.approx(original, abs=1e-9), (texts, convention)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(numbers, min_size=2, max_size=8), st.sampled_from([DECIMAL_POINT, DECIMAL_COMMA]), st.booleans())
def test_an_imported_column_keeps_its_numbers_or_its_text(values: list[object], decimal: str, grouped: bool) -> None:
    """End to end: the stored column holds the numbers, the text as written, or missing cells each named
    as a problem; never a different number."""
    originals = [round(float(str(v)), 2) for v in values]
    texts = [written(number, decimal, grouped, 2) for number in originals]
    with tempfile.TemporaryDirectory() as folder:
        export = write_csv(Path(folder) / "export.csv", [["id", "value"]] + [[str(n), t] for n, t in
                                                                                enumerate(texts, start=1)])
        with Study.create(Path(folder) / "s.xmd") as study:
            result = run_import(study, prepare(study, export, new="p"), on_error="missing")
            kept = stored(study, "p", 1)
    refused_rows = {problem.row - 1 for problem in result.problems}
    for number, (original, text, value) in enumerate(zip(originals, texts, kept), start=1):
        if isinstance(value, str):
            assert value == text
        elif value is None:
            assert number in refused_rows
        else:
            assert value == pytest.approx(original, abs=1e-9)


def test_the_convention_is_told_by_the_values_that_only_one_reads() -> None:
    assert decimal_convention(["12,5", "7", "1.234,5"]) == DECIMAL_COMMA
    assert decimal_convention(["1,234.5", "12.5", "7"]) == DECIMAL_POINT
    assert decimal_convention(["1,234", "2,500"]) == DECIMAL_UNCLEAR
    assert decimal_convention(["7", "10分", 8.5]) == DECIMAL_POINT
