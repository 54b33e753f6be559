"""XLSForm: real workbooks written with openpyxl, round trips, and malformed forms reported in full."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from xmdesk.core.survey import edits as designer
from xmdesk.core.demo import SURVEY_CODE, demo_survey
from xmdesk.core.errors import ModelError
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, list_surveys, load_survey, survey_to_dict
from xmdesk.core.survey.xlsform import (
    XLSFormError,
    compose_constraint,
    export_xlsform,
    import_xlsform,
    read_xlsform,
    split_constraint,
    write_xlsform,
)
from tests.messages import raises_message


def definition(survey: Survey) -> dict:
    data = survey_to_dict(survey)
    data.pop("version")
    return data


def workbook(path: Path, survey: Sequence[Sequence[object]], choices: Sequence[Sequence[object]] | None = None,
             settings: Sequence[Sequence[object]] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "survey"
    for row in survey:
        sheet.append(list(row))
    if choices is not None:
        extra = book.create_sheet("choices")
        for row in choices:
            extra.append(list(row))
    if settings is not None:
        extra = book.create_sheet("settings")
        for row in settings:
            extra.append(list(row))
    book.save(path)
    return path


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    with Study.create(tmp_path / "s.xmd") as opened:
        yield opened


def test_demo_survey_round_trips_without_loss(tmp_path: Path) -> None:
    survey = demo_survey()
    report = write_xlsform(survey, tmp_path / "demo.xlsx")
    assert any("attr" in note for note in report.notes)  # the matrix is said to have become a group
    back, notes = read_xlsform(tmp_path / "demo.xlsx")
    assert definition(back) == definition(survey)
    assert notes == []


def test_exported_form_is_standard_xlsform(tmp_path: Path) -> None:
    write_xlsform(demo_survey(), tmp_path / "demo.xlsx")
    book = load_workbook(tmp_path / "demo.xlsx")
    assert book.sheetnames == ["survey", "choices", "settings"]
    rows = list(book["survey"].iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("type", "name", "label::English (en)", "label::Chinese (zh)")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["region"][0] == "select_one region"
    assert by_name["store"][header.index("appearance")] == "minimal"
    assert by_name["categories"][0] == "select_multiple categories"
    assert by_name["spend"][0] == "decimal"
    assert by_name["spend"][header.index("constraint")] == ". >= 0 and . <= 100000"
    assert by_name["visit_date"][0] == "date"
    assert by_name["nps"][0] == "select_one nps_0_10"
    assert by_name["attr__queue"][0] == "select_one attr_scale"
    types = [row[0] for row in rows[1:]]
    assert types.count("begin_group") == types.count("end_group") >= 5
    # 'overall' comes twice (csat … ces with the matrix between): two groups, two unique names
    names = [row[1] for row in rows[1:] if row[0] == "begin_group"]
    assert "overall" in names and "overall_2" in names
    choices = list(book["choices"].iter_rows(values_only=True))
    assert ("region", "east", "East", "华东") == choices[1][:4]


def test_every_type_and_template_round_trips(tmp_path: Path) -> None:
    from tests.core.test_survey import every_type

    survey = Survey("all", "All types", "全部题型", questions=every_type(), props={"groups": []})
    survey.questions[6].props.update({"regex": "^[A-Z]{2}$", "constraint": ". != 'x' or . = 'y'",
                                      "relevant": "${q_single} = 1", "multiline": True,
                                      "constraint_message_zh": "格式不对"})
    survey.questions[0].props["randomize"] = True
    write_xlsform(survey, tmp_path / "all.xlsx")
    back, _ = read_xlsform(tmp_path / "all.xlsx")
    expected = definition(survey)
    expected["props"] = {}
    assert definition(back) == expected
    for template in designer.list_templates():
        write_xlsform(template.survey, tmp_path / f"{template.name}.xlsx")
        back, _ = read_xlsform(tmp_path / f"{template.name}.xlsx")
        assert definition(back) == definition(template.survey), template.name


def test_constraint_parts_split_back() -> None:
    props = {"constraint": ". > 1 or . = 0", "min": 0, "max": 99.5, "regex": "^a'?$"}
    text = compose_constraint(props)
    assert text == "(. > 1 or . = 0) and . >= 0 and . <= 99.5 and regex(., '^a'?$')"
    assert split_constraint(". >= 3 and selected(${a}, 'x and y')") == {"min": 3,
                                                                       "constraint": "selected(${a}, 'x and y')"}


def test_import_into_a_study_and_export_again(study: Study, demo_path: Path, tmp_path: Path) -> None:
    with Study.open(demo_path) as demo:
        export_xlsform(demo, SURVEY_CODE, tmp_path / "retail.xlsx")
    report = import_xlsform(study, tmp_path / "retail.xlsx", code="retail_copy")
    assert report.survey == "retail_copy" and report.questions == 13
    copy = load_survey(study, "retail_copy")
    assert copy.questions == demo_survey().questions
    assert copy.title_zh == demo_survey().title_zh
    columns = [row[1] for row in study.conn.execute('PRAGMA table_info("responses_retail_copy")')]
    assert "attr__queue" in columns and "categories__fresh" in columns
    log = study.conn.execute("SELECT kind, target, status FROM import_log").fetchall()
    assert log == [("xlsform", "retail_copy", "ok")]
    with raises_message(ModelError, "xlsform.survey_exists", "retail_copy"):
        import_xlsform(study, tmp_path / "retail.xlsx", code="retail_copy")


def test_a_foreign_form_is_read_and_what_changed_is_listed(tmp_path: Path) -> None:
    path = workbook(tmp_path / "kobo.xlsx", [
        ["type", "name", "label", "hint", "required", "relevant", "constraint", "label::French (fr)"],
        ["start", "start", "", "", "", "", "", ""],
        ["note", "intro", "欢迎参加调查", "", "", "", "", "Bienvenue"],
        ["begin_group", "basics", "Basics", "", "", "", "", ""],
        ["select_one yes_no", "visited", "Did you visit?", "Pick one", "yes", "", "", ""],
        ["integer", "age", "Age", "", "", "${visited} = 'yes'", ". >= 18 and . <= 99", ""],
        ["end_group", "", "", "", "", "", "", ""],
        ["time", "when", "When?", "", "", "", "", ""],
        ["select_multiple fruit or_other", "fruit", "Fruit", "", "", "", "", ""],
    ], [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "no", "No"],
        ["fruit", "apple", "苹果"], ["fruit", "pear", "梨"]],
        [["form_title", "form_id"], ["Visit survey", "visit"]])
    survey, notes = read_xlsform(path)
    assert survey.code == "visit" and survey.title_en == "Visit survey"
    assert [q.code for q in survey.questions] == ["visited", "age", "when", "fruit", "fruit_other"]
    visited = survey.question("visited")
    assert (visited.type, visited.required, visited.help_en, visited.group) == (QuestionType.SINGLE, True,
                                                                               "Pick one", "basics")
    assert [(c.code, c.value) for c in visited.choices] == [("yes", 1), ("no", 2)]
    age = survey.question("age")
    assert age.props == {"decimals": 0, "relevant": "${visited} = 'yes'", "min": 18, "max": 99}
    assert survey.question("fruit").choices[0].label_zh == "苹果"
    # the rows XMDesk does not ask are kept as they were, French included
    assert survey.props["xlsform"]["rows"] == [
        {"after": "", "rows": [{"type": "start", "name": "start"}]},
        {"after": "", "rows": [{"type": "note", "name": "intro", "label": "欢迎参加调查", "label::French (fr)": "Bienvenue"}]}]
    said = " ".join(notes)
    for word in ("start", "intro", "when", "or_other"):
        assert word in said, word
    # the note goes out again where it was
    write_xlsform(survey, tmp_path / "again.xlsx")
    rows = list(load_workbook(tmp_path / "again.xlsx")["survey"].iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:3]] == [("start", "start"), ("note", "intro")]
    assert rows[2][rows[0].index("label::French (fr)")] == "Bienvenue"


def test_a_malformed_form_reports_every_problem_and_imports_nothing(study: Study, tmp_path: Path) -> None:
    path = workbook(tmp_path / "bad.xlsx", [
        ["type", "name", "label::English (en)", "relevant", "constraint"],
        ["select_one colours", "colour", "Colour", "", ""],                   # 2: list not defined
        ["integer", "age", "Age", "${nobody} > 1", ""],                       # 3: undefined reference
        ["text", "age", "Age again", "", ""],                                 # 4: duplicate name
        ["geolocation", "where", "Where", "", ""],                            # 5: unknown type
        ["integer", "a", "A", "${b} > 1", ""],                                # 6: a -> b -> a
        ["integer", "b", "B", "${a} > 1", ""],                                # 7
        ["integer", "c", "C", "", ". > ${c}"],                                # 8: self
        ["text", "bad name", "Bad", "", ""],                                  # 9: not even an XML name
        ["decimal", "d", "D", "${a} >", ""],                                  # 10: syntax
    ], [["list_name", "name", "label"], ["yes_no", "yes", "Yes"], ["yes_no", "yes", "Yes again"]])
    with pytest.raises(XLSFormError) as caught:
        import_xlsform(study, path)
    where = {(p.sheet, p.row) for p in caught.value.problems}
    assert {("survey", 2), ("survey", 3), ("survey", 4), ("survey", 5), ("survey", 6), ("survey", 8),
            ("survey", 9), ("survey", 10), ("choices", 3)} <= where
    text = str(caught.value)
    for word in ("colours", "nobody", "age", "geolocation", "a → b → a", "bad name", "row 3"):
        assert word in text, word
    assert list_surveys(study) == []
    assert study.conn.execute("SELECT status FROM import_log").fetchall() == [("failed",)]


def test_missing_sheets_and_files_are_said(tmp_path: Path) -> None:
    book = Workbook()
    assert book.active is not None
    book.active.title = "questions"
    book.save(tmp_path / "nosurvey.xlsx")
    with raises_message(XLSFormError, "xlsform.invalid"):
        read_xlsform(tmp_path / "nosurvey.xlsx")
    path = workbook(tmp_path / "nochoices.xlsx", [["type", "name", "label"], ["select_one yn", "q", "Q"]])
    with raises_message(XLSFormError, "xlsform.invalid"):
        read_xlsform(path)
    (tmp_path / "text.xlsx").write_text("not a workbook")
    with raises_message(XLSFormError, "xlsform.invalid"):
        read_xlsform(tmp_path / "text.xlsx")
    with raises_message(ImportProblem, "xlsform.no_file", "missing.xlsx"):
        read_xlsform(tmp_path / "missing.xlsx")
    with raises_message(ImportProblem, "xlsform.not_a_file", str(tmp_path)):  # was "sheet '-', row 0: the file…"
        read_xlsform(tmp_path)


def test_a_forward_reference_is_kept_unapplied_and_exported_again(tmp_path: Path) -> None:
    """pyxform and ODK accept logic on a later answer; XMDesk logic uses earlier answers only, so it is kept."""
    path = workbook(tmp_path / "fwd.xlsx", [["type", "name", "label", "relevant"],
                                            ["integer", "first", "First", "${second} > 1"],
                                            ["integer", "second", "Second", ""]])
    survey, notes = read_xlsform(path)
    first = survey.question("first")
    assert "relevant" not in first.props and first.props["xlsform_cells"] == {"relevant": "${second} > 1"}
    assert any("first" in note and "second" in note for note in notes)
    write_xlsform(survey, tmp_path / "again.xlsx")
    rows = list(load_workbook(tmp_path / "again.xlsx")["survey"].iter_rows(values_only=True))
    assert rows[1][rows[0].index("relevant")] == "${second} > 1"


def test_archived_questions_are_listed_not_exported(study: Study, tmp_path: Path) -> None:
    survey = designer.create_from_template(study, "csat")
    from xmdesk.core.survey import responses

    responses.add_response(study, survey, {"csat_why": "慢"})
    designer.apply(study, survey, designer.remove("csat_why"))
    report = export_xlsform(study, "csat", tmp_path / "csat.xlsx")
    assert any("csat_why" in note for note in report.notes)
    back, _ = read_xlsform(tmp_path / "csat.xlsx")
    assert "csat_why" not in [q.code for q in back.questions]


def test_choice_values_survive(tmp_path: Path) -> None:
    survey = Survey("v", questions=[Question("q", QuestionType.SINGLE, "Q", choices=[
        Choice("a", 10, "A"), Choice("b", 20, "B", weight=0.5), Choice("c", 30, "C", is_other=True)])])
    write_xlsform(survey, tmp_path / "v.xlsx")
    back, _ = read_xlsform(tmp_path / "v.xlsx")
    assert back.questions[0].choices == survey.questions[0].choices
