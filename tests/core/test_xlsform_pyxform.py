"""XLSForms written by pyxform's authors (tests/data/xlsform/pyxform) and forms in the spellings pyxform reads.

pyxform, XLSForm's reference converter (the test extra), is the judge: a form it converts is imported, with
what XMDesk cannot model kept and said; a form it refuses is refused at the same place. Every imported
survey goes out again as an XLSForm pyxform converts, and reads back to the same survey.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from pyxform.errors import PyXFormError
from pyxform.xls2xform import convert

from xmdesk.core.demo import demo_survey
from xmdesk.core.study.file import Study
from xmdesk.core.survey import edits as designer
from xmdesk.core.survey.model import QuestionType, Survey, load_survey, survey_codes, survey_to_dict
from xmdesk.core.survey.xlsform import XLSFormError, read_xlsform, write_xlsform
from tests.messages import raises_message

FORMS = Path(__file__).parent.parent / "data" / "xlsform" / "pyxform"
FORM_FILES = sorted(p for p in FORMS.iterdir() if p.suffix in (".xls", ".xlsx", ".csv"))
# Where pyxform refuses each refused form, and the word our message must hold there.
REFUSED = {"calculate_without_calculation.xls": ("survey", 34, "calculation"),
           "duplicate_columns.xlsx": ("survey", 1, "label"),
           "gps.csv": ("survey", 2, "location"),
           "group_name_test.xls": ("survey", 3, "name"),
           "not_closed_group_test.xls": ("survey", 3, "open_group_1"),
           "text_and_integer_xlsx.xlsx": ("survey", 2, "your_name"),
           "unknown_question_type.xls": ("survey", 1, "relevance")}


def pyxform_converts(path: Path) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl's 'Unknown extension' on some of pyxform's own files
        try:
            convert(xlsform=str(path))
        except PyXFormError:
            return False
    return True


def definition(survey: Survey) -> dict:
    data = survey_to_dict(survey)
    data.pop("version")
    return data


def workbook(path: Path, sheets: dict[str, Sequence[Sequence[object]]]) -> Path:
    book = Workbook()
    assert book.active is not None
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    book.save(path)
    return path


def test_the_test_set_is_small_and_has_both_verdicts() -> None:
    assert sum(p.stat().st_size for p in FORMS.iterdir()) < 1_000_000
    verdicts = {p.name: pyxform_converts(p) for p in FORM_FILES}
    assert {name for name, ok in verdicts.items() if not ok} == set(REFUSED)
    assert sum(verdicts.values()) >= 15


@pytest.mark.parametrize("path", FORM_FILES, ids=lambda p: p.name)
def test_a_form_is_imported_exactly_when_pyxform_converts_it(path: Path) -> None:
    if path.name in REFUSED:
        assert not pyxform_converts(path)
        sheet, row, word = REFUSED[path.name]
        with pytest.raises(XLSFormError) as caught:
            read_xlsform(path)
        said = [p for p in caught.value.problems if (p.sheet, p.row) == (sheet, row)]
        assert said and any(word in p.message for p in said), caught.value.problems
        return
    assert pyxform_converts(path)
    read_xlsform(path)


@pytest.mark.parametrize("path", [p for p in FORM_FILES if p.name not in REFUSED], ids=lambda p: p.name)
def test_an_accepted_form_goes_out_as_a_form_pyxform_converts_and_reads_back_the_same(path: Path,
                                                                                     tmp_path: Path) -> None:
    survey, _ = read_xlsform(path)
    write_xlsform(survey, tmp_path / "again.xlsx")
    assert pyxform_converts(tmp_path / "again.xlsx")
    back, _ = read_xlsform(tmp_path / "again.xlsx")
    assert definition(back) == definition(survey)


def test_the_demo_surveys_and_templates_go_out_as_forms_pyxform_converts(demo_path: Path, tmp_path: Path) -> None:
    with Study.open(demo_path, read_only=True) as demo:
        surveys = [load_survey(demo, code) for code in survey_codes(demo)]
    assert [s.code for s in surveys] == [demo_survey().code]
    for survey in [*surveys, *(template.survey for template in designer.list_templates())]:
        write_xlsform(survey, tmp_path / f"{survey.code}.xlsx")
        assert pyxform_converts(tmp_path / f"{survey.code}.xlsx"), survey.code
        back, _ = read_xlsform(tmp_path / f"{survey.code}.xlsx")
        assert definition(back) == {**definition(survey), "props": back.props}, survey.code


def test_select_spellings_or_other_and_a_repeat(tmp_path: Path) -> None:
    survey, notes = read_xlsform(FORMS / "tutorial.xls")
    assert survey.questions == []  # every question of the tutorial is inside its repeat
    assert any("member" in note and "repeat" in note for note in notes)
    write_xlsform(survey, tmp_path / "tutorial.xlsx")
    rows = list(load_workbook(tmp_path / "tutorial.xlsx")["survey"].iter_rows(values_only=True))
    header = rows[0]
    types = [row[header.index("type")] for row in rows[1:]]
    assert types[0] == "begin repeat" and types[-1] == "end repeat" and len(types) == 12
    assert "select one from relationships" in types
    survey, notes = read_xlsform(FORMS / "specify_other.xls")
    sex = survey.question("sex")
    assert sex.type is QuestionType.SINGLE
    assert [(c.code, c.is_other) for c in sex.choices] == [("male", False), ("female", False), ("other", True)]
    assert survey.question("sex_other").props["relevant"] == "selected(${sex}, 'other')"
    write_xlsform(survey, tmp_path / "other.xlsx")
    rows = list(load_workbook(tmp_path / "other.xlsx")["survey"].iter_rows(values_only=True))
    assert [row[:2] for row in rows[1:]] == [("select_one sexes or_other", "sex")]


def test_duplicate_choices_and_choice_filters_are_kept_and_go_out_again(tmp_path: Path) -> None:
    survey, notes = read_xlsform(FORMS / "choice_filter_test.xlsx")
    county = survey.question("county")
    assert [c.code for c in county.choices] == ["king", "pierce", "cameron"]
    said = " ".join(notes)
    assert "choice_filter" in said and "king" in said
    write_xlsform(survey, tmp_path / "cf.xlsx")
    book = load_workbook(tmp_path / "cf.xlsx")
    rows = list(book["survey"].iter_rows(values_only=True))
    header = rows[0]
    assert [row[header.index("choice_filter")] for row in rows[1:]] == [None, "${state}=cf", "${county}=cf"]
    choices = list(book["choices"].iter_rows(values_only=True))
    assert [row[1] for row in choices[1:] if row[0] == "counties"] == ["king", "pierce", "king", "cameron"]
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings[1][settings[0].index("allow_choice_duplicates")] == "yes"


def test_calculations_are_kept_and_logic_on_them_is_kept_unapplied(tmp_path: Path) -> None:
    survey, notes = read_xlsform(FORMS / "cascading_select_test_equivalent.xls")
    lga = survey.question("mylga_lga_in_state_1")
    assert "relevant" not in lga.props  # XMDesk does not compute mylga_state
    assert any("mylga_state" in note for note in notes)
    write_xlsform(survey, tmp_path / "cascade.xlsx")
    rows = list(load_workbook(tmp_path / "cascade.xlsx")["survey"].iter_rows(values_only=True))
    header = rows[0]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["mylga_lga_in_state_1"][header.index("relevant")] == "${mylga_state}='state_1'"
    assert by_name["mylga_state"][header.index("type")] == "calculate"
    assert by_name["mylga_state"][header.index("calculate")].startswith("if(${mylga_zone}='zone_1'")


def test_spellings_pyxform_reads(tmp_path: Path) -> None:
    """Sheet and column names in any case, `select one from`, `end group` without a name, a note without
    a name, a form_id with spaces: as pyxform's tests write them (markdown there, a workbook here)."""
    path = workbook(tmp_path / "spelled.xlsx", {
        "SURVEY": [["Type", "Name", "Label::English (en)", "Relevance"],
                   ["note", "", "Welcome", ""],
                   ["begin group", "visit", "Visit", ""],
                   ["select one from yn", "greeted", "Were you greeted?", ""],
                   ["select one yn", "offered_help", "Was help offered?", "${greeted} = 'yes'"],
                   ["select all that apply from things", "bought", "What did you buy?", ""],
                   ["end group", "", "", ""]],
        "Choices": [["List Name", "Name", "Label::English (en)"], ["yn", "yes", "Yes"], ["yn", "no", "No"],
                    ["things", "bread", "Bread"], ["things", "milk", "Milk"]],
        "Settings": [["Form_Title", "Form_ID"], ["Shop visit", "shop visit 2024"]]})
    assert pyxform_converts(path)
    survey, notes = read_xlsform(path)
    assert survey.code == "shop_visit_2024" and survey.title_en == "Shop visit"
    assert [q.code for q in survey.questions] == ["greeted", "offered_help", "bought"]
    assert survey.question("offered_help").props["relevant"] == "${greeted} = 'yes'"
    assert survey.question("bought").type is QuestionType.MULTIPLE
    assert all(q.group == "visit" for q in survey.questions)
    assert any("shop visit 2024" in note for note in notes)
    write_xlsform(survey, tmp_path / "out.xlsx")
    assert pyxform_converts(tmp_path / "out.xlsx")
    book = load_workbook(tmp_path / "out.xlsx")
    rows = list(book["survey"].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:3]] == ["note", "begin_group"]
    # one shared list yn, not one copy per question
    assert [row[:2] for row in rows[1:] if row[1] in ("greeted", "offered_help")] == [
        ("select_one yn", "greeted"), ("select_one yn", "offered_help")]
    lists = [row[0] for row in book["choices"].iter_rows(values_only=True)][1:]
    assert lists == ["yn", "yn", "things", "things"]
    settings = list(book["settings"].iter_rows(values_only=True))
    assert settings[1][settings[0].index("form_id")] == "shop visit 2024"


def test_a_markdown_form_as_pyxform_s_tests_write_them(tmp_path: Path) -> None:
    """pyxform's own tests hold their forms as markdown tables; it reads .md files, and so do we."""
    form = """
    | survey  |               |              |                   |             |
    |         | type          | name         | label             | calculation |
    |         | select_one yn | greeted      | Were you greeted? |             |
    |         | select_one yn | offered_help | Was help offered? |             |
    |         | calculate     | both         |                   | CALCULATION |
    | choices |               |              |                   |             |
    |         | list_name     | name         | label             |             |
    |         | yn            | yes          | Yes               |             |
    |         | yn            | no           | No                |             |
    """
    path = tmp_path / "yn.md"
    path.write_text(form.replace("CALCULATION", "           "))
    assert not pyxform_converts(path)  # a calculate without its calculation
    with raises_message(XLSFormError, "xlsform.invalid"):
        read_xlsform(path)
    path.write_text(form.replace("CALCULATION", "${greeted} "))
    assert pyxform_converts(path)
    survey, notes = read_xlsform(path)
    assert [q.props["choice_list"] for q in survey.questions] == ["yn", "yn"]
    assert any("both" in note and "calculate" in note for note in notes)
    write_xlsform(survey, tmp_path / "yn.xlsx")
    assert pyxform_converts(tmp_path / "yn.xlsx")
    lists = [row[0] for row in load_workbook(tmp_path / "yn.xlsx")["choices"].iter_rows(values_only=True)][1:]
    assert lists == ["yn", "yn"]


def test_choice_names_xmdesk_cannot_store(tmp_path: Path) -> None:
    """pyxform takes 'hand pump' as a choice name of a select_one (not of a select_multiple); XMDesk keeps
    the question as its row, says why, and writes it back."""
    sheets = {"survey": [["type", "name", "label"], ["select_one pumps", "pump", "Which pump?"],
                         ["integer", "age", "Age"]],
              "choices": [["list_name", "name", "label"], ["pumps", "hand pump", "Hand pump"],
                          ["pumps", "solar", "Solar pump"]]}
    path = workbook(tmp_path / "pumps.xlsx", sheets)
    assert pyxform_converts(path)
    survey, notes = read_xlsform(path)
    assert [q.code for q in survey.questions] == ["age"]
    assert any("pump" in note and "hand pump" in note for note in notes)
    write_xlsform(survey, tmp_path / "again.xlsx")
    assert pyxform_converts(tmp_path / "again.xlsx")
    book = load_workbook(tmp_path / "again.xlsx")
    assert [row[:2] for row in book["survey"].iter_rows(values_only=True)][1:] == [
        ("select_one pumps", "pump"), ("integer", "age")]
    assert [row[1] for row in book["choices"].iter_rows(values_only=True)][1:] == ["hand pump", "solar"]
    sheets["survey"][1][0] = "select_multiple pumps"
    path = workbook(tmp_path / "multiple.xlsx", sheets)
    assert not pyxform_converts(path)
    with raises_message(XLSFormError, "xlsform.invalid"):
        read_xlsform(path)


def test_a_text_form_that_is_not_one_is_said(tmp_path: Path) -> None:
    (tmp_path / "utf16.csv").write_bytes("survey,type\n".encode("utf-16"))
    with pytest.raises(XLSFormError, match="UTF-8"):
        read_xlsform(tmp_path / "utf16.csv")
    with (tmp_path / "huge.md").open("wb") as sparse:  # read whole if read at all: refused by its size first
        sparse.truncate(33 * 2**20)
    with pytest.raises(XLSFormError, match="32 MB"):
        read_xlsform(tmp_path / "huge.md")
