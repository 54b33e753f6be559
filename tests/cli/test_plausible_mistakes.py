"""Plausible but wrong arguments end in one line saying what is wrong, never a traceback (issue 16).

Each case was found by probing every command with the arguments a user could type wrongly (a matrix where a
row is meant, an empty output name, a folder for a file...); each failed with a traceback before its fix.
"""

from __future__ import annotations

from pathlib import Path

from tests.cli.run import rows, xmdesk


def _refused(*args: str) -> str:
    """Run the CLI, expect exit 1 and one message line without a traceback; return that line."""
    result = xmdesk(*args)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip().splitlines()[-1]


def test_a_whole_matrix_as_the_outcome_of_key_drivers_names_its_rows(demo_path: Path) -> None:
    """`--metric drivers --question attr --by attr` (the matrix as outcome and attributes) was a KeyError: 'attr'."""
    line = _refused("stats", str(demo_path), "--survey", "retail_cx", "--metric", "drivers", "--question", "attr",
                    "--by", "attr")
    assert line.startswith("xmdesk: attr is a matrix of 9 rows: analyse one row (attr__env, ")


def test_an_output_without_a_file_name_is_refused_before_writing(demo_path: Path, tmp_path: Path) -> None:
    """`-o ''` (an unset shell variable) was a ValueError traceback in every writer of files.write_output."""
    for args in (("export", str(demo_path), "--survey", "retail_cx", "--format", "xlsx"),
                 ("tables", str(demo_path), "--survey", "retail_cx", "--rows", "csat", "--banner", "region"),
                 ("xlsform", "export", str(demo_path), "--survey", "retail_cx"), ("pack", str(demo_path))):
        line = _refused(*args, "-o", "")
        assert line == "xmdesk: No file name was given for the output: name the file to write, such as out.xlsx.", args


def test_an_output_in_a_folder_that_does_not_exist_is_refused_before_writing(demo_path: Path, tmp_path: Path) -> None:
    """A mistyped folder: the pack was an sqlite3.OperationalError traceback ('unable to open database file'), the
    xlsx export said so only after writing every row, followed by openpyxl's ignored-exception tracebacks."""
    missing = tmp_path / "no such folder"
    for args in (("pack", str(demo_path), "-o", str(missing / "p.xmdpack")),
                 ("export", str(demo_path), "--survey", "retail_cx", "--format", "xlsx", "-o", str(missing / "e.xlsx"))):
        line = _refused(*args)
        assert line == f"xmdesk: The folder {missing} does not exist: nothing was written. Create it, or choose " \
                       f"another folder.", args
    assert not missing.exists()


def test_a_returned_case_workbook_that_is_a_folder_or_missing_is_named(demo_path: Path, tmp_path: Path) -> None:
    """`cases import STUDY FOLDER` (or `''`, the current folder) was an IsADirectoryError traceback; a missing file
    was told to 'create a study with xmdesk new'. The study is left as it was."""
    before = rows(demo_path, "SELECT * FROM cases ORDER BY id")
    for given in (tmp_path, tmp_path / "replies.xlsx"):
        line = _refused("cases", "import", str(demo_path), str(given))
        assert line == f"xmdesk: {given} is not a file: give the case workbook returned by the department (.xlsx)."
    assert rows(demo_path, "SELECT * FROM cases ORDER BY id") == before


def test_a_derived_definition_that_is_not_a_json_object_is_named(demo_path: Path) -> None:
    """`--spec '"text"'` and `--spec 3` are valid JSON but no definition: TypeError tracebacks before."""
    for given in ('"text"', "3", "[]"):
        line = _refused("derive", str(demo_path), "--survey", "retail_cx", "add", "x1", "--spec", given,
                        "--expression", "1")
        assert line == f"xmdesk: The definition (--spec) must be a JSON object, such as {{\"source\": \"csat\"}}, " \
                       f"not {given}.", given
    assert rows(demo_path, "SELECT count(*) FROM derived_variables") == [(0,)]


def test_a_file_for_an_existing_operational_table_needs_that_tables_key(demo_path: Path, tmp_path: Path) -> None:
    """`import-odata STUDY FILE --table orders --key id` into the demo's orders (keyed by order_id): a file sharing
    no column with it was an sqlite3 syntax-error traceback ('near ")"'); one sharing `amount` was imported as
    orders without an order_id. Both are refused and the table keeps its rows."""
    before = rows(demo_path, "SELECT count(*) FROM odata_orders")
    for name, text in (("other.csv", "id,city\n1,Beijing\n2,Shanghai\n"), ("part.csv", "id,amount\nA1,10\nA2,20\n")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        line = _refused("import-odata", str(demo_path), str(tmp_path / name), "--table", "orders", "--key", "id")
        assert line == ("xmdesk: O-data table orders is keyed by order_id, not id: import a file holding order_id "
                        "with --key order_id, or give the new records another --table name."), name
    assert rows(demo_path, "SELECT count(*) FROM odata_orders") == before


def test_a_journey_png_at_a_resolution_qt_cannot_draw_is_refused(demo_path: Path, tmp_path: Path) -> None:
    """`journey export --dpi 0` (or -1, or 100000: an image past Qt's size limit) wrote an empty .png and exited 0
    ("bytes": 0) after Qt's 'QPainter::end: Painter not active'. Refused with the range; nothing is written."""
    for dpi in ("0", "-1", "100000"):
        out = tmp_path / f"map{dpi}.png"
        line = _refused("journey", "export", str(demo_path), "--journey", "零售门店购物旅程", "-o", str(out),
                        "--dpi", dpi)
        assert line == f"xmdesk: A journey image is drawn at 50 to 600 dpi, not {dpi}.", dpi
        assert not out.exists()


def test_a_date_bound_that_is_no_date_is_refused_not_compared_as_text(demo_path: Path) -> None:
    """`stats --from/--to` compared the text with the stored dates: `--to yesterday` kept every response, `--to
    2026-1-1` those up to September (1,632 of 2,000 in a larger demo), `--from 2026-13-01` or `20260101` none, and a
    reversed range none, all with exit 0."""
    for option, given in (("--to", "yesterday"), ("--to", "2026-1-1"), ("--from", "2026-13-01"),
                          ("--from", "20260101"), ("--from", "2026-02-30")):
        line = _refused("stats", str(demo_path), "--survey", "retail_cx", "--metric", "nps", "--question", "nps",
                        option, given)
        assert line == f"xmdesk: '{given}' is not a date: write it as 2026-05-31 (year, month, day).", given
    line = _refused("stats", str(demo_path), "--survey", "retail_cx", "--metric", "nps", "--question", "nps",
                    "--from", "2026-06-01", "--to", "2026-01-01")
    assert line == "xmdesk: The first date, 2026-06-01, is after the last, 2026-01-01: no day lies between them."
    kept = xmdesk("stats", str(demo_path), "--survey", "retail_cx", "--metric", "nps", "--question", "nps",
                  "--from", "2026-01-01", "--to", "2026-12-31T23:59:59", "--json")
    assert kept.returncode == 0, kept.stderr


def test_a_response_date_that_holds_no_dates_is_refused(demo_path: Path) -> None:
    """`--response-date like_text` (or `spend`) placed every response on no day: `value` showed n = 0 in every
    group and `derive --odata` saved a variable missing for everyone, both with exit 0."""
    for column in ("like_text", "spend"):
        expected = (f"xmdesk: {column} holds no dates, so it cannot place a response on a day: name one of "
                    f"created_at, updated_at, visit_date.")
        assert _refused("value", str(demo_path), "--survey", "retail_cx", "--response-date", column) == expected
        assert _refused("derive", str(demo_path), "--survey", "retail_cx", "add", "orders.spent", "--odata", "orders",
                        "--column", "amount", "--agg", "sum", "--days-before", "30", "--response-date",
                        column) == expected
    assert rows(demo_path, "SELECT count(*) FROM derived_variables") == [(0,)]


def test_a_client_name_pasted_with_a_control_character_is_written_to_a_word_report(demo_path: Path,
                                                                                    tmp_path: Path) -> None:
    """A client name copied from a spreadsheet cell can carry a vertical tab (Excel's line break in a cell): the
    .docx report was a ValueError traceback ('All strings must be XML compatible'); the PDF, PowerPoint and Excel
    reports wrote it. It is written as every other report text is, by files.xml_text."""
    from docx import Document

    out = tmp_path / "report.docx"
    result = xmdesk("report", str(demo_path), "-o", str(out), "--client", "Acme\x0bRetail")
    assert result.returncode == 0, result.stderr
    texts = [paragraph.text for paragraph in Document(str(out)).paragraphs]
    assert any("Acme_x000B_Retail" in text for text in texts), texts


def test_an_interactive_filter_named_twice_is_one_filter(demo_path: Path, tmp_path: Path) -> None:
    """`report --interactive --filter-by region,region` was a pandas traceback ("Grouper for 'region' not
    1-dimensional"): the block's filters kept the repeat, which the facets had dropped."""
    once, twice = tmp_path / "once.html", tmp_path / "twice.html"
    for out, codes in ((once, "region"), (twice, "region, region")):
        result = xmdesk("report", str(demo_path), "-o", str(out), "--interactive", "--filter-by", codes)
        assert result.returncode == 0, result.stderr
    assert twice.read_text(encoding="utf-8").count("<select") == once.read_text(encoding="utf-8").count("<select") > 0


def test_an_operational_table_cannot_take_the_name_of_the_studys_customers(demo_path: Path, tmp_path: Path) -> None:
    """`import-odata STUDY crm.csv --table customers` imported with exit 0 a table no O-data variable could ever
    read: `--odata customers` is the study's own customers, so `customers.city` was 'no column city'."""
    crm = tmp_path / "crm.csv"
    crm.write_text("id,city\nC0000001,Beijing\nC0000002,Shanghai\n", encoding="utf-8")
    line = _refused("import-odata", str(demo_path), str(crm), "--table", "customers", "--key", "id",
                    "--customer-column", "id")
    assert line == ("xmdesk: customers is the study's own table of customers: give the imported table another "
                    "name (--table), such as crm.")
    assert rows(demo_path, "SELECT name FROM odata_tables ORDER BY name") == [("orders",)]


def test_a_new_study_in_a_folder_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    """`xmdesk new no/such/folder/s.xmd` was an sqlite3.OperationalError traceback ('unable to open database file')."""
    missing = tmp_path / "no such folder"
    line = _refused("new", str(missing / "study.xmd"))
    assert line == f"xmdesk: The folder {missing} does not exist: nothing was written. Create it, or choose another folder."
    assert not missing.exists()


def test_a_customer_list_for_personal_links_that_cannot_be_read_is_named(demo_path: Path, tmp_path: Path) -> None:
    """`serve --links LIST`: a missing list was a FileNotFoundError traceback, a folder an IsADirectoryError, and a
    list saved by Excel as plain "CSV" on a Chinese Windows (GBK) a UnicodeDecodeError."""
    gbk = tmp_path / "customers.csv"
    gbk.write_bytes("customer_id,门店\nC0000001,3\n".encode("gbk"))
    cases = ((tmp_path / "missing.csv", "is not a file: give the customer list (a CSV with a customer_id column)."),
             (tmp_path, "is not a file: give the customer list (a CSV with a customer_id column)."),
             (gbk, "is not UTF-8 text: save it from Excel as 'CSV UTF-8 (comma delimited)'."))
    for given, says in cases:
        line = _refused("serve", str(demo_path), "--survey", "retail_cx", "--links", str(given), "-o",
                        str(tmp_path / "links.csv"))
        assert line == f"xmdesk: {given} {says}", given
    assert not (tmp_path / "links.csv").exists()


def test_a_negative_demo_seed_is_refused(tmp_path: Path) -> None:
    """`xmdesk demo s.xmd --seed -1` was numpy's 'expected non-negative integer' ValueError traceback."""
    line = _refused("demo", str(tmp_path / "demo.xmd"), "--seed", "-1")
    assert line == "xmdesk: --seed must be a whole number of 0 or more (got -1)."
    assert not (tmp_path / "demo.xmd").exists()


def test_serving_on_a_port_that_cannot_be_listened_on_says_so(demo_path: Path) -> None:
    """`serve --port P` where another program (or a second serve) listens on P, or `--port 99999`, printed
    {"event": "stopped"} and exited 0: the listening error was kept in a future nobody read."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        line = _refused("serve", str(demo_path), "--survey", "retail_cx", "--port", str(port))
        assert line.startswith(f"xmdesk: Cannot serve at 127.0.0.1:{port} (") and "--port 0" in line, line
    line = _refused("serve", str(demo_path), "--survey", "retail_cx", "--port", "99999")
    assert line.startswith("xmdesk: Cannot serve at 127.0.0.1:99999 ("), line


def test_personal_links_written_into_a_folder_that_does_not_exist_are_refused(demo_path: Path, tmp_path: Path) -> None:
    """`serve --links LIST -o no/such/folder/links.csv` was a FileNotFoundError traceback: the CSV was opened
    directly, not written as every other output is (files.write_output)."""
    customers = tmp_path / "customers.csv"
    customers.write_text("customer_id,store\nC0000001,3\n", encoding="utf-8")
    missing = tmp_path / "no such folder"
    line = _refused("serve", str(demo_path), "--survey", "retail_cx", "--links", str(customers), "-o",
                    str(missing / "links.csv"))
    assert line == f"xmdesk: The folder {missing} does not exist: nothing was written. Create it, or choose another folder."
    written = xmdesk("serve", str(demo_path), "--survey", "retail_cx", "--links", str(customers), "-o",
                     str(tmp_path / "links.csv"))
    assert written.returncode == 0, written.stderr
    assert (tmp_path / "links.csv").read_text(encoding="utf-8").splitlines()[0] == "customer_id,store,link"


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder where no file can be created: a read-only one, or for root (whom permissions do not stop) /proc."""
    import os

    if os.geteuid() == 0:
        return Path("/proc")
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def test_an_output_in_a_folder_that_cannot_be_written_is_refused_before_writing(demo_path: Path,
                                                                                tmp_path: Path) -> None:
    """A folder without write permission: new, demo, pack and recover were sqlite3.OperationalError tracebacks
    ('unable to open database file'); the xlsx export wrote every row, then said so amid openpyxl's tracebacks."""
    folder = _unwritable_folder(tmp_path)
    for args in (("new", str(folder / "s.xmd")), ("demo", str(folder / "d.xmd")),
                 ("pack", str(demo_path), "-o", str(folder / "p.xmdpack")),
                 ("recover", str(demo_path), "-o", str(folder / "r.xmd")),
                 ("export", str(demo_path), "--survey", "retail_cx", "--format", "xlsx", "-o", str(folder / "e.xlsx"))):
        line = _refused(*args)
        assert line.startswith(f"xmdesk: Cannot write {folder}/"), (args, line)


def test_a_value_view_of_an_empty_table_name_names_the_tables(demo_path: Path) -> None:
    """`value --table ''` said "'.value_before_e30439e736d2' cannot name an O-data variable": the code of a variable
    the view makes for itself, checked before the table the user named."""
    line = _refused("value", str(demo_path), "--survey", "retail_cx", "--table", "")
    assert line == "xmdesk: The study has no table '-' of operational data; it has: customers, orders."
