"""Hostile workbooks (issue 16, case 3): files of a few KB whose cells, dimension or zip sizes would make a
reader allocate gigabytes. The guard is tested with small files whose headers lie, never with the blow-up:
the runs that reach a reader go through the CLI in a child process with its address space capped, so a
reader that tries to allocate the sheet fails there (as it did before the guard: rc 134, calamine's abort)
instead of taking the test run down."""

from __future__ import annotations

import io
import re
import resource
import struct
import subprocess
import sys
import zipfile
from string import ascii_uppercase
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
import xlwt
from openpyxl import Workbook

from xmdesk.core.loop.workbook import import_replies
from xmdesk.core.errors import XMDeskError
from xmdesk.core.importing.guard import MAX_CELLS, _outside_claim, check_workbook, column_letters
from xmdesk.core.importing.readers import ImportProblem, open_source
from xmdesk.core.study.file import Study
from xmdesk.core.survey.xlsform import read_xlsform
from tests.messages import raises_message
from tests.zips import break_deflate_stream, set_headers

CAP = 1536 * 1024 * 1024  # the child's address space: far more than a guarded import of these files needs


def workbook(path: Path, far: str | None = None, rows: int = 3) -> Path:
    """A real openpyxl workbook: a header and `rows` - 1 answers, and one value at `far` when given."""
    book = Workbook()
    sheet = book.active
    sheet.title = "答卷"
    sheet.append(["id", "nps"])
    for number in range(1, rows):
        sheet.append([number, number % 11])
    if far:
        sheet[far] = "x"
    book.save(path)
    return path


def rewritten(source: Path, path: Path, part: str, change: object) -> Path:
    """A copy of a workbook with one part's XML changed by `change` (bytes -> bytes)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            data = old.read(info.filename)
            new.writestr(info.filename, change(data) if info.filename == part else data)  # type: ignore[operator]
    return path


def declared_size(path: Path, part: str, size: int) -> Path:
    """Make the zip's local header and central directory lie about `part`'s unpacked size."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + (26 if signature == b"PK\x03\x04" else 28))[0]
            if data[at + name_at:at + name_at + length] == name:
                struct.pack_into("<I", data, at + size_at, size)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def cli_import(tmp_path: Path, export: Path) -> subprocess.CompletedProcess[str]:
    """`xmdesk import` as the user runs it, with the child's memory capped (see the module docstring)."""
    study = tmp_path / "s.xmd"
    if not study.exists():
        subprocess.run([sys.executable, "-m", "xmdesk", "new", str(study)], check=True, capture_output=True)

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))

    return subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", "import", str(study), str(export),
                           "--new", "cx"], capture_output=True, text=True, timeout=120, preexec_fn=cap)


def one_line_refusal(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode not in (0, -6, 134), (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    return done.stderr.strip()


def test_a_cell_at_xfd1048576_is_refused_not_an_abort(tmp_path: Path) -> None:
    export = workbook(tmp_path / "far.xlsx", far="XFD1048576")
    assert export.stat().st_size < 8000
    message = one_line_refusal(cli_import(tmp_path, export))
    assert "far.xlsx" in message and "XFD1048576" in message and f"{MAX_CELLS:,}" in message


def test_a_sparse_sheet_reaching_xfd5000_is_refused_with_the_corner_and_what_to_do(tmp_path: Path) -> None:
    export = workbook(tmp_path / "sparse.xlsx", far="XFD5000")
    message = one_line_refusal(cli_import(tmp_path, export))
    assert "XFD5000" in message and "5,000 rows × 16,384 columns" in message and "Ctrl+End" in message


def test_an_xls_whose_record_says_column_65000_is_refused_not_an_abort(tmp_path: Path) -> None:
    """BIFF records carry 16-bit rows and columns: Excel writes at most column IV (256), a hand-made record
    can say 65,000. xlwt writes the file; one NUMBER record's column is then changed in place."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("答卷")
    sheet.write(0, 0, "id")
    sheet.write(60_000, 0, 3.1415926535897)
    export = tmp_path / "far.xls"
    book.save(str(export))
    data = bytearray(export.read_bytes())
    record = data.find(struct.pack("<d", 3.1415926535897)) - 10  # NUMBER: type, length, row, column, format, value
    assert struct.unpack_from("<HHH", data, record) == (0x0203, 14, 60_000)
    struct.pack_into("<H", data, record + 6, 65_000)
    export.write_bytes(bytes(data))
    message = one_line_refusal(cli_import(tmp_path, export))
    assert "far.xls, sheet 答卷" in message and "beyond Excel's limits" in message


def test_an_xls_whose_dimensions_record_is_damaged_is_refused_not_an_abort(tmp_path: Path) -> None:
    """calamine sets aside room for the rectangle a DIMENSIONS record claims, from unsigned differences: its first
    row changed to 15,794,176 (one byte, found by changing bytes at random) asked for 513 GB and aborted."""
    book = xlwt.Workbook()
    sheet = book.add_sheet("答卷")
    for row in range(200):
        sheet.write(row, 0, row)
    export = tmp_path / "claim.xls"
    book.save(str(export))
    data = bytearray(export.read_bytes())
    record = data.find(struct.pack("<HHIIHH", 0x0200, 14, 0, 200, 0, 1))  # DIMENSIONS: rows 0..200, column 0..1
    assert record > 0
    struct.pack_into("<I", data, record + 4, 0x00F10000)
    export.write_bytes(bytes(data))
    message = one_line_refusal(cli_import(tmp_path, export))
    assert "claim.xls is damaged" in message and "claims rows 15,794,177 to 200" in message


def test_a_cell_beyond_excel_written_by_hand_is_refused(tmp_path: Path) -> None:
    source = workbook(tmp_path / "plain.xlsx")
    export = rewritten(source, tmp_path / "beyond.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="2000000"><c r="AAAA2000000" t="n"><v>1</v></c></row></sheetData>'))
    with pytest.raises(ImportProblem) as refused:
        open_source(export)
    assert refused.value.message_id == "importing.guard.excel_limits"
    assert "16,384 columns" in str(refused.value)


def test_cells_without_positions_are_placed_as_the_reader_places_them(tmp_path: Path) -> None:
    """A writer may leave r= out: 16,384 cells in the first row and one far below make the same rectangle."""
    source = workbook(tmp_path / "plain.xlsx")
    wide = b"<row>" + b"<c><v>1</v></c>" * 16_384 + b"</row>"
    export = rewritten(source, tmp_path / "unplaced.xlsx", "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb"<sheetData>.*</sheetData>", b"<sheetData>" + wide + b'<row r="900000"><c><v>1</v></c></row></sheetData>',
        xml, flags=re.S))
    with pytest.raises(ImportProblem) as refused:
        check_workbook(export)
    assert refused.value.message_id == "importing.guard.cells" and "XFD900000" in str(refused.value)


def test_a_dimension_that_lies_is_not_believed_either_way(tmp_path: Path) -> None:
    """The reader builds the sheet from its cells, so the <dimension> it claims counts for nothing: a huge
    claim over three rows imports, a small claim over a far cell is refused."""
    source = workbook(tmp_path / "plain.xlsx")
    claims_huge = rewritten(source, tmp_path / "claims.xlsx", "xl/worksheets/sheet1.xml",
                            lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    assert open_source(claims_huge).head == [["id", "nps"], [1, 1], [2, 2]]
    far = workbook(tmp_path / "far.xlsx", far="XFD100000")
    claims_small = rewritten(far, tmp_path / "small_claim.xlsx", "xl/worksheets/sheet1.xml",
                             lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:B3"', xml))
    with raises_message(ImportProblem, "importing.guard.cells", "XFD100000"):
        check_workbook(claims_small)


@pytest.mark.parametrize(("claim", "cell", "refusal"), [
    ("A1:B3", "B3000000", "importing.guard.excel_limits"),  # the claimed row's digit, then six more
    ("A1:AN100001", "AN1999999", "importing.guard.excel_limits"),
    ("A1:AN100001", "AZ999999", "importing.guard.cells"),  # within Excel, but 52 columns x 999,999 rows
])
def test_a_far_row_that_starts_like_the_claimed_one_is_refused(tmp_path: Path, claim: str, cell: str,
                                                              refusal: str) -> None:
    """The quick pass over a sheet asks whether any cell lies outside the rectangle its <dimension> claims,
    with a pattern that spells out every way to be outside (RE2 has no look-ahead): a row written with more
    digits than the claim's, after the same first ones, is one of them."""
    source = workbook(tmp_path / "plain.xlsx")
    export = rewritten(source, tmp_path / "deep.xlsx", "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<dimension ref="[^"]*"', f'<dimension ref="{claim}"'.encode(), xml).replace(
        b"</sheetData>", f'<row r="{cell.lstrip(ascii_uppercase)}"><c r="{cell}"><v>1</v></c></row></sheetData>'.encode()))
    with raises_message(ImportProblem, refusal, cell):
        check_workbook(export)


def test_an_empty_formatted_cell_far_away_is_no_data_and_no_refusal(tmp_path: Path) -> None:
    source = workbook(tmp_path / "plain.xlsx")
    export = rewritten(source, tmp_path / "styled.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="900000"><c r="XFD900000" s="0"/></row></sheetData>'))
    check_workbook(export)
    assert open_source(export).total_rows == 3


def test_parts_declaring_gigabytes_are_refused_before_any_is_read(tmp_path: Path) -> None:
    export = declared_size(workbook(tmp_path / "bomb.xlsx"), "docProps/app.xml", 0xFFFF_FFF0)
    with pytest.raises(ImportProblem) as refused:
        open_source(export)
    assert refused.value.message_id == "importing.guard.inflated"
    assert "bomb.xlsx unpacks to 4.0 GB" in str(refused.value) and "more than the 16 MB" in str(refused.value)


def test_a_zip_bomb_over_40_times_its_size_is_refused(tmp_path: Path) -> None:
    """17 MiB of one letter in a cell packs into a file of a few dozen KB: a bomb of the small kind."""
    export = workbook(tmp_path / "bomb.xlsx")
    export = rewritten(export, tmp_path / "bomb2.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="4"><c r="A4" t="inlineStr"><is><t>' + b"a" * (17 << 20) + b"</t></is></c></row>"
        b"</sheetData>"))
    assert export.stat().st_size < 100_000
    with pytest.raises(ImportProblem) as refused:
        open_source(export)
    assert refused.value.message_id == "importing.guard.inflated" and "(at most 40 times" in str(refused.value)


def test_a_part_larger_than_it_declares_is_damaged_not_read_past_its_size(tmp_path: Path) -> None:
    export = declared_size(workbook(tmp_path / "lying.xlsx", rows=2000), "xl/worksheets/sheet1.xml", 1000)
    with pytest.raises(ImportProblem) as refused:
        open_source(export)
    assert refused.value.message_id == "importing.damaged" and "lying.xlsx" in str(refused.value)


def test_a_part_whose_deflated_bytes_are_broken_is_damaged_not_a_traceback(tmp_path: Path) -> None:
    """A changed byte in a sheet's deflated stream mostly fails its CRC; one that makes the stream itself invalid
    raised zlib.error, which nothing caught (one in twenty random changes of a 2,000-row sheet did)."""
    export = break_deflate_stream(workbook(tmp_path / "broken.xlsx", rows=2000), "xl/worksheets/sheet1.xml")
    with pytest.raises(ImportProblem) as refused:
        check_workbook(export)
    assert refused.value.message_id == "importing.damaged" and "broken.xlsx" in str(refused.value)


@pytest.mark.parametrize("change, message_id", [
    ({"flags": 0x1}, "importing.guard.packing"),  # encrypted: zipfile asked for a password (RuntimeError)
    ({"method": 99}, "importing.guard.packing"),  # AES, or any method but store and deflate (NotImplementedError)
    ({"method": 6}, "importing.guard.packing"),
    ({"version": 108}, "importing.damaged"),  # "zip file version 10.8" (NotImplementedError)
    ({"flags": 0x20}, "importing.damaged"),  # "compressed patched data (flag bit 5)" (NotImplementedError)
])
def test_a_part_zipfile_cannot_read_is_refused_in_words(tmp_path: Path, change: dict[str, int],
                                                        message_id: str) -> None:
    """Each of these ended in a traceback (found by changing bytes of a workbook at random)."""
    export = set_headers(workbook(tmp_path / "packed.xlsx"), "xl/worksheets/sheet1.xml", **change)
    with pytest.raises(ImportProblem) as refused:
        open_source(export)
    assert refused.value.message_id == message_id and "packed.xlsx" in str(refused.value)


def test_a_workbook_listing_no_sheet_is_refused_in_words(tmp_path: Path) -> None:
    """calamine reads a workbook part whose <sheets> is empty as a workbook of no sheet: the reader took the
    first of none (IndexError)."""
    export = rewritten(workbook(tmp_path / "source.xlsx"), tmp_path / "nosheet.xlsx", "xl/workbook.xml",
                       lambda xml: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", xml, flags=re.S))
    with raises_message(ImportProblem, "importing.no_sheets", "nosheet.xlsx"):
        open_source(export)


@given(suffix=st.sampled_from([".xlsx", ".xls"]),
       changes=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=4))
@settings(max_examples=150, deadline=None)
def test_random_damage_is_read_or_refused_in_words(suffix: str, changes: list[tuple[float, int]]) -> None:
    """A few bytes of a small workbook changed anywhere: the guard and the reader either read every row or raise
    ImportProblem, never anything else, and never end the process (a changed DIMENSIONS record of an .xls did)."""
    data = bytearray(_DAMAGE_SOURCES[suffix])
    for where, value in changes:
        data[int(where * len(data))] = value
    with TemporaryDirectory() as folder:
        damaged = Path(folder) / f"damaged{suffix}"
        damaged.write_bytes(bytes(data))
        try:
            sum(1 for _ in open_source(damaged).rows())
        except ImportProblem:
            pass


def _small_workbooks() -> dict[str, bytes]:
    """An .xlsx (openpyxl) and an .xls (xlwt) of 300 rows, as bytes."""
    with TemporaryDirectory() as folder:
        book = xlwt.Workbook()
        sheet = book.add_sheet("答卷")
        for row in range(300):
            sheet.write(row, 0, row)
            sheet.write(row, 1, f"评论{row}")
        book.save(str(Path(folder) / "w.xls"))
        return {".xlsx": workbook(Path(folder) / "w.xlsx", rows=300).read_bytes(),
                ".xls": (Path(folder) / "w.xls").read_bytes()}


_DAMAGE_SOURCES = _small_workbooks()


def test_an_xlsform_and_a_case_workbook_pass_the_same_guard(study: Study, tmp_path: Path) -> None:
    """Every reader of a user's workbook goes through check_workbook: openpyxl would otherwise walk
    1,048,576 rows of 16,384 empty cells."""
    export = workbook(tmp_path / "form.xlsx", far="XFD1048576")
    with raises_message(XMDeskError, "xlsform.invalid"):
        read_xlsform(export)
    with raises_message(XMDeskError, "importing.guard.cells", "XFD1048576"):
        import_replies(study, export)


def test_column_letters_name_excel_columns() -> None:
    assert [column_letters(n) for n in (1, 26, 27, 702, 703, 16_384)] == ["A", "Z", "AA", "ZZ", "AAA", "XFD"]


def test_an_ordinary_workbook_passes_whole(tmp_path: Path) -> None:
    export = workbook(tmp_path / "ok.xlsx", rows=3000)
    check_workbook(export)
    assert open_source(export).total_rows == 3000


def test_not_a_zip_is_left_to_the_reader(tmp_path: Path) -> None:
    page = tmp_path / "page.xlsx"
    page.write_bytes(b"<html>not a workbook</html>")
    check_workbook(page)
    with raises_message(ImportProblem, "importing.not_excel"):
        open_source(page)


def _sheet_xml(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_fixtures_write_what_they_say(tmp_path: Path) -> None:
    assert b'r="XFD5000"' in _sheet_xml(workbook(tmp_path / "a.xlsx", far="XFD5000"))
    lying = declared_size(workbook(tmp_path / "b.xlsx"), "xl/worksheets/sheet1.xml", 10)
    assert zipfile.ZipFile(io.BytesIO(lying.read_bytes())).getinfo("xl/worksheets/sheet1.xml").file_size == 10


@pytest.mark.parametrize("cell", [
    b"<c r='XFD5000' t=\"n\"><v>1</v></c>",  # XML allows single quotes
    b'<x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="XFD5000"><x:v>1</x:v></x:c>',
    b'<c s="0" r = "XFD5000"><v>1</v></c>',
    b'<c r="xfd5000"><v>1</v></c>',  # calamine reads lower case too, past XFD
])
def test_a_far_cell_however_spelled_is_refused(tmp_path: Path, cell: bytes) -> None:
    """calamine matches elements by local name and reads any well-formed attribute: each of these
    aborted it with its memory capped, and the first two passed the guard before."""
    source = workbook(tmp_path / "plain.xlsx")
    export = rewritten(source, tmp_path / "spelled.xlsx", "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'<row r="3">' + cell + b"</row></sheetData>"))
    with pytest.raises(ImportProblem) as raised:  # which limit a cell passes first depends on how it is spelled
        check_workbook(export)
    assert raised.value.message_id in ("importing.guard.cells", "importing.guard.excel_limits")
    assert all("spelled.xlsx" in raised.value.message(lang) for lang in ("en", "zh"))


def test_a_workbook_changed_after_its_check_is_checked_again(tmp_path: Path) -> None:
    """The guard keeps its answer per file; a file saved again under the same name is read anew."""
    export = workbook(tmp_path / "same.xlsx")
    assert check_workbook(export) == {"答卷": 0}
    workbook(export, far="XFD5000")
    with raises_message(ImportProblem, "importing.guard.cells", "XFD5000"):
        check_workbook(export)


def _inside_rounded_claim(claim: str, cell: str) -> bool:
    """Independently of the guard's pattern: is `cell` a plain position (letters, digits without a leading
    zero) inside the claim rounded up to its first letter and digit (AN100001 -> AZ199999)?"""
    letters, digits = re.fullmatch(r"([A-Z]+)(\d+)", claim).groups()  # type: ignore[union-attr]
    found = re.fullmatch(r"([A-Z]+)([1-9]\d*)", cell)
    if found is None:
        return False
    columns = column_number(letters[0] + "Z" * (len(letters) - 1))
    rows = (int(digits[0]) + 1) * 10 ** (len(digits) - 1) - 1
    return column_number(found.group(1)) <= columns and int(found.group(2)) <= rows


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


positions = st.from_regex(r"\A[A-Z]{1,4}[0-9]{1,8}\Z|\A[A-Za-z0-9]{0,6}\Z")


@given(claim=st.from_regex(r"\A[A-Z]{1,2}[1-9][0-9]{0,5}\Z"), cells=st.lists(positions, min_size=1, max_size=6))
@settings(max_examples=300, deadline=None)
def test_the_quick_pass_finds_exactly_the_cells_outside_the_claim(claim: str, cells: list[str]) -> None:
    """The spelled-out pattern and a plain reading of each position agree on every generated sheet."""
    xml = f'<dimension ref="A1:{claim}"/><sheetData><row r="1">'.encode() + b"".join(
        f'<c r="{cell}"><v>1</v></c>'.encode() for cell in cells) + b"</row></sheetData>"
    outside = _outside_claim(xml)
    assume(outside is not None)  # a claim past the limits is not used as a hint
    assert (outside.search(xml) is None) == all(_inside_rounded_claim(claim, cell) for cell in cells)
