"""Arguments a command accepted with exit 0 although they meant nothing, and messages that named the wrong thing
(issue 16, found by last session's probe of every command). Each case failed before its fix.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.run import rows, xmdesk


def _refused(*args: str) -> str:
    """Run the CLI, expect exit 1 and one message line without a traceback; return that line."""
    result = xmdesk(*args)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_a_filter_comparing_across_types_or_no_condition_is_refused(demo_path: Path) -> None:
    """`--filter "${spend} > 'abc'"` reported n=0, `--filter 1` all responses, both with exit 0."""
    for given, said in (("${spend} > 'abc'", "compares a number with the text 'abc'"),
                        ("${like_text} > 3", "write number(${like_text})"),
                        ("1", "reads no answer"), ("'abc'", "reads no answer"),
                        ("${spend} * 2", "computes a value, not yes or no")):
        line = _refused("stats", str(demo_path), "--survey", "retail_cx", "--metric", "nps", "--question", "nps",
                        "--filter", given)
        assert said in line and f"«{given}»" in line, line


def test_csat_of_a_number_is_refused_naming_the_metrics_that_fit(demo_path: Path) -> None:
    """`stats --metric csat --question spend` printed a top-2-box of the amounts spent, with exit 0."""
    line = _refused("stats", str(demo_path), "--survey", "retail_cx", "--metric", "csat", "--question", "spend")
    assert line.startswith("xmdesk: spend is not a question for csat (") and line.endswith(
        "Metrics that fit spend: mean, trend."), line


def test_an_output_named_for_another_format_is_refused_and_the_name_can_say_the_format(demo_path: Path,
                                                                                      tmp_path: Path) -> None:
    """`cases export -o x.csv` wrote a workbook, `export --format csv -o x.xlsx` CSV text, both with exit 0; now each
    refuses naming both, nothing is written, and `export -o x.sav` without --format writes SPSS."""
    line = _refused("cases", "export", str(demo_path), "--department", "售后服务部", "-o", str(tmp_path / "x.csv"))
    assert line == "xmdesk: x.csv ends in .csv, but what is written is a .xlsx file: name it x.xlsx."
    line = _refused("export", str(demo_path), "--survey", "retail_cx", "--format", "csv", "-o",
                    str(tmp_path / "x.xlsx"))
    assert line == ("xmdesk: x.xlsx ends in .xlsx, but the format asked for is csv: name it x.csv, or ask for the "
                    "format its name says (xlsx).")
    line = _refused("export", str(demo_path), "--survey", "retail_cx", "-o", str(tmp_path / "x.txt"))
    assert line.startswith("xmdesk: Which format? x.txt does not end in .csv, .xlsx, .sav"), line
    assert [path.name for path in tmp_path.iterdir()] == [demo_path.name]
    written = xmdesk("export", str(demo_path), "--survey", "retail_cx", "-o", str(tmp_path / "x.sav"))
    assert written.returncode == 0, written.stderr
    assert '"format": "sav"' in written.stdout and (tmp_path / "x.sav").read_bytes().startswith(b"$FL2")


def test_a_count_or_floor_under_one_is_refused_naming_its_option(demo_path: Path, tmp_path: Path) -> None:
    """`text --top 0` listed no keyword, `--top -5` all but five; `report --interactive --min-base -5` kept figures
    on any base. Each was exit 0."""
    for top in ("0", "-5"):
        line = _refused("text", str(demo_path), "--survey", "retail_cx", "--question", "like_text", "--top", top)
        assert line == (f"xmdesk: The number of keywords to list (--top) must be a whole number of 1 or more "
                        f"(got {top}).")
    for floor in ("0", "-5"):
        line = _refused("report", str(demo_path), "--interactive", "--min-base", floor, "-o", str(tmp_path / "r.html"))
        assert line.startswith(f"xmdesk: The smallest base of an interactive report's figures (--min-base) must be a "
                               f"whole number of 1 or more (got {floor})"), line
    assert not (tmp_path / "r.html").exists()


def test_customers_joined_to_a_rating_are_refused_naming_the_columns_to_join_on(demo_path: Path,
                                                                                 tmp_path: Path) -> None:
    """`import-odata --joins csat` joined a CRM to a 1-5 rating with exit 0: every customer answering 5 was one
    person. Refused, nothing imported; a text answer (an order number, a phone) still joins."""
    crm = tmp_path / "crm.csv"
    crm.write_text("cid,tier\nC1,gold\nC2,silver\n", encoding="utf-8")
    line = _refused("import-odata", str(demo_path), str(crm), "--table", "crm", "--key", "cid", "--customer-column",
                    "cid", "--joins", "csat")
    assert line == ("xmdesk: csat cannot join crm's records to responses: it is a rating question, whose answers "
                    "many customers share, not one naming a customer or a record. Join on one of: customer_id, spend, "
                    "like_text, improve_text, other_text.")
    assert rows(demo_path, "SELECT count(*) FROM odata_tables WHERE name = 'crm'") == [(0,)]
    joined = xmdesk("import-odata", str(demo_path), str(crm), "--table", "crm", "--key", "cid", "--customer-column",
                    "cid", "--joins", "other_text")
    assert joined.returncode == 0, joined.stderr
    assert rows(demo_path, "SELECT response_column FROM odata_tables WHERE name = 'crm'") == [("other_text",)]


def test_a_value_naming_no_choice_lists_the_choices(demo_path: Path) -> None:
    """`edit --set region=zz` said "'zz' is not a number" of a single-choice question; 99 was 'not one of the
    choices' without saying which they are. The response is left as it was."""
    before = rows(demo_path, "SELECT region, store FROM responses_retail_cx WHERE id = 1")
    line = _refused("edit", str(demo_path), "--survey", "retail_cx", "--response", "1", "--set", "region=zz")
    assert line == ("xmdesk: The response was not saved: 1 answer(s) need attention, first region: zz is not one of "
                    "the choices: east (East), north (North), south (South), central (Central), southwest "
                    "(Southwest), northwest (Northwest), northeast (Northeast). (#1)")
    line = _refused("edit", str(demo_path), "--survey", "retail_cx", "--response", "1", "--set", "store=99")
    assert "first store: 99 is not one of the choices: sh_njl (Shanghai Nanjing Rd), " in line and "…" in line, line
    assert rows(demo_path, "SELECT region, store FROM responses_retail_cx WHERE id = 1") == before


def test_a_pack_that_is_missing_or_no_file_is_named_as_a_pack(demo_path: Path, tmp_path: Path) -> None:
    """`merge STUDY /dev/null` (or '', or a missing pack) told the user to 'create a study with xmdesk new'."""
    missing = tmp_path / "laptop2.xmdpack"
    line = _refused("merge", str(demo_path), str(missing))
    assert line.startswith(f"xmdesk: The pack {missing} does not exist: check the name. A pack (.xmdpack) is the "
                           f"file another laptop writes with 'xmdesk pack'"), line
    for given in ("/dev/null", str(tmp_path)):
        line = _refused("merge", str(demo_path), given)
        assert line.startswith(f"xmdesk: {given} is not a file (a folder or a device): give the pack (.xmdpack)"), line


def test_a_form_that_is_a_folder_or_missing_is_said_in_one_line(demo_path: Path, tmp_path: Path) -> None:
    """`xlsform import STUDY FOLDER` said "sheet '-', row 0: the file does not exist." of a folder that exists."""
    line = _refused("xlsform", "import", str(demo_path), str(tmp_path))
    assert line == (f"xmdesk: {tmp_path} is a folder or a device, not a form: give the XLSForm's file itself (.xlsx, "
                    f".xlsm, .xls, or pyxform's .csv or .md).")
    line = _refused("xlsform", "import", str(demo_path), str(tmp_path / "form.xlsx"))
    assert line.startswith(f"xmdesk: {tmp_path / 'form.xlsx'} does not exist: give the XLSForm's file"), line


def _derived(path: Path, code: str) -> dict[str, object]:
    """A derived variable's stored type and definition, as `derive list` gives them."""
    listed = xmdesk("derive", str(path), "--survey", "retail_cx", "list")
    assert listed.returncode == 0, listed.stderr
    return next(d for d in json.loads(listed.stdout)["derived"] if d["code"] == code)


def test_a_flag_reads_what_source_names(demo_path: Path) -> None:
    """`derive add x --kind flag --flag straightliner --source attr` said '- is not a matrix question': --source was
    ignored and the matrix read only from --spec. It names the matrix now, and an outlier flag's column."""
    for code, flag, source in (("sl", "straightliner", "attr"), ("odd", "outlier", "spend")):
        added = xmdesk("derive", str(demo_path), "--survey", "retail_cx", "add", code, "--kind", "flag", "--flag", flag,
                       "--source", source)
        assert added.returncode == 0, added.stderr
    assert _derived(demo_path, "sl")["definition"] == {"flag": "straightliner", "matrix": "attr"}
    assert _derived(demo_path, "odd")["definition"] == {"flag": "outlier", "column": "spend"}


def test_a_recode_with_choices_is_a_single_choice(demo_path: Path) -> None:
    """A recode given --choices but no --type was saved as a number with choices; now it is a single choice, and
    --type number with choices is refused."""
    recode = ("add", "band", "--kind", "recode", "--source", "nps", "--spec",
              '{"rules": [{"choice": "low", "max": 6}, {"choice": "high", "min": 7}]}', "--choices",
              "low=1:低:Low,high=2:高:High")
    line = _refused("derive", str(demo_path), "--survey", "retail_cx", *recode, "--type", "number")
    assert line == ("xmdesk: band has choices but is declared number: a variable with choices is a single choice. "
                    "Declare it single (--type single), or leave the choices out.")
    added = xmdesk("derive", str(demo_path), "--survey", "retail_cx", *recode)
    assert added.returncode == 0, added.stderr
    assert _derived(demo_path, "band")["type"] == "single"
