"""Hostile .ods and .xlsb workbooks (issue 16, case 3, the formats the first guard only size-checked).

Each file is built by hand, under 2 KB: an .ods is a zip holding content.xml, whose rows and cells carry
repeat counts; an .xlsb a zip of binary records (a row header, then cells carrying their column). Before the
guard read them, calamine aborted the process on the rectangle their cells span (rc -6 in a child limited to
2 GiB: 60 M repeated values, one value past 16,380 empty columns in 5,000 rows, an .xlsb cell at XFD1048576
or at column 4,000,000,000) or dropped values past Excel's limits without a word. As in test_hostile_xlsx,
the runs that reach calamine go through the CLI in a child process whose address space is capped."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

from xmdesk.core.importing.guard import MAX_CELLS, check_workbook
from xmdesk.core.importing.readers import ImportProblem, open_source
from tests.core.test_hostile_xlsx import cli_import, one_line_refusal
from tests.messages import raises_message

ODS_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            '<office:body><office:spreadsheet><table:table table:name="答卷">')
ODS_TAIL = "</table:table></office:spreadsheet></office:body></office:document-content>"
ODS_MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')


def cell(value: str | int | None, repeat: int = 1) -> str:
    """One table:table-cell: empty (as LibreOffice writes the blank cells it repeats), a number or text."""
    repeated = f' table:number-columns-repeated="{repeat}"' if repeat != 1 else ""
    if value is None:
        return f"<table:table-cell{repeated}/>"
    kind = f'office:value-type="float" office:value="{value}"' if isinstance(value, int) else 'office:value-type="string"'
    return f"<table:table-cell{repeated} {kind}><text:p>{value}</text:p></table:table-cell>"


def row(*cells: str, repeat: int = 1) -> str:
    repeated = f' table:number-rows-repeated="{repeat}"' if repeat != 1 else ""
    return f"<table:table-row{repeated}>{''.join(cells)}</table:table-row>"


HEADER = row(cell("id"), cell("nps"))


def ods(path: Path, *rows: str) -> Path:
    """An OpenDocument spreadsheet of one sheet, 答卷, holding `rows` (the header first)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("META-INF/manifest.xml", ODS_MANIFEST)
        archive.writestr("content.xml", ODS_HEAD + HEADER + "".join(rows) + ODS_TAIL)
    return path


def record(kind: int, body: bytes = b"") -> bytes:
    """One .xlsb record: its type in one or two bytes and its length in 7-bit groups (MS-XLSB 2.1.4)."""
    head = bytes([kind]) if kind < 0x80 else bytes([(kind & 0x7F) | 0x80, kind >> 7])
    size, length = len(body), bytearray()
    while True:
        length.append((size & 0x7F) | (0x80 if size > 0x7F else 0))
        size >>= 7
        if not size:
            return head + bytes(length) + body


def wide(text: str) -> bytes:
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def xlsb(path: Path, cells: list[tuple[int, int, float]], claim: tuple[int, int, int, int] = (0, 1, 0, 1),
         sheet_entry: bytes = bytes(8) + wide("rId1") + wide("答卷")) -> Path:
    """An Excel binary workbook of one sheet: numbers at 0-based (row, column), and BrtWsDim claiming
    rows claim[0]..claim[1] and columns claim[2]..claim[3] whatever the cells are; `sheet_entry` is the
    workbook's BrtBundleSh record (state, tab id, relationship id, name)."""
    records = [record(0x81), record(0x94, struct.pack("<4I", *claim)), record(0x91)]
    for row, column, value in sorted(cells):
        if len(records) == 3 or row != last:
            records.append(record(0x00, struct.pack("<I", row) + bytes(13)))  # BrtRowHdr
        records.append(record(0x05, struct.pack("<IId", column, 0, value)))  # BrtCellReal
        last = row
    sheet = b"".join(records) + record(0x92) + record(0x82)
    book = record(0x83) + record(0x8F) + record(0x9C, sheet_entry) + record(0x90)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.bin", book + record(0x84))
        archive.writestr("xl/_rels/workbook.bin.rels", '<?xml version="1.0"?><Relationships><Relationship Id="rId1" '
                         'Target="worksheets/sheet1.bin"/></Relationships>')
        archive.writestr("xl/worksheets/sheet1.bin", sheet)
    return path


ANSWERS = [(0, 0, 1.0), (0, 1, 9.0), (1, 0, 2.0), (1, 1, 10.0)]


def test_an_ods_repeating_values_into_60_million_cells_is_refused_not_an_abort(tmp_path: Path) -> None:
    export = ods(tmp_path / "repeated.ods", row(cell(7, repeat=600), repeat=100_000))
    assert export.stat().st_size < 2000
    message = one_line_refusal(cli_import(tmp_path, export))
    assert "repeated.ods" in message and "WB100001" in message and f"{MAX_CELLS:,}" in message


def test_an_ods_value_past_16380_empty_columns_is_refused_with_its_corner(tmp_path: Path) -> None:
    """The empty cells before a value count (calamine holds them); 5,000 such rows are 82 M cells."""
    export = ods(tmp_path / "wide.ods", row(cell(None, repeat=16_380), cell(1), repeat=5_000))
    with raises_message(ImportProblem, "importing.guard.cells", "wide.ods", "答卷", "XFA5001", "5,001"):
        check_workbook(export)
    closed = '<table:table-cell office:value-type="float" office:value="1"/>'  # a value without text is a value
    export = ods(tmp_path / "closed.ods", row(cell(1), cell(None, repeat=16_379), closed, cell(None), repeat=5_000))
    with raises_message(ImportProblem, "importing.guard.cells", "closed.ods", "XFA5001"):
        check_workbook(export)


def test_ods_values_repeated_past_excel_are_refused_not_cut_without_a_word(tmp_path: Path) -> None:
    """calamine caps repeats at 1,048,576 rows and 16,384 columns and drops what lies past them."""
    rows = ods(tmp_path / "rows.ods", row(cell(1), repeat=4_294_967_295))
    with raises_message(ImportProblem, "importing.guard.excel_limits", "rows.ods", "B4294967296"):
        check_workbook(rows)
    columns = ods(tmp_path / "columns.ods", row(cell(1, repeat=16_384), cell(2)))
    with raises_message(ImportProblem, "importing.guard.excel_limits", "columns.ods"):
        check_workbook(columns)


def test_an_ods_with_libreoffice_trailing_blanks_to_the_last_row_and_column_reads_whole(tmp_path: Path) -> None:
    """LibreOffice ends a sheet with its blank cells repeated to the sheet's edge: no value, no refusal."""
    blank_edge = row(cell(None, repeat=16_384), repeat=1_048_574)
    export = ods(tmp_path / "libre.ods", row(cell(1), cell(9), cell(None, repeat=16_382)), blank_edge)
    assert check_workbook(export) == {}
    source = open_source(export)
    assert source.sheet == "答卷" and source.head == [["id", "nps"], [1.0, 9.0]]


def test_an_xlsb_cell_at_xfd1048576_is_refused_not_an_abort(tmp_path: Path) -> None:
    export = xlsb(tmp_path / "far.xlsb", [*ANSWERS, (1_048_575, 16_383, 1.0)])
    assert export.stat().st_size < 2000
    message = one_line_refusal(cli_import(tmp_path, export))
    assert "far.xlsb" in message and "XFD1048576" in message and f"{MAX_CELLS:,}" in message


def test_xlsb_cells_past_excel_are_refused(tmp_path: Path) -> None:
    """A cell record's column is any 32-bit number; a row header past Excel's last row ends calamine's
    reading of the sheet, dropping the rest without a word."""
    column = xlsb(tmp_path / "column.xlsb", [*ANSWERS, (0, 4_000_000_000, 1.0)])
    with raises_message(ImportProblem, "importing.guard.excel_limits", "column.xlsb"):
        check_workbook(column)
    rows = xlsb(tmp_path / "rows.xlsb", [*ANSWERS, (2_000_000, 0, 1.0)])
    with raises_message(ImportProblem, "importing.guard.excel_limits", "rows.xlsb", "B2000001"):
        check_workbook(rows)


def test_an_xlsb_sparse_to_xfd5000_is_refused_with_its_corner(tmp_path: Path) -> None:
    export = xlsb(tmp_path / "sparse.xlsb", [*ANSWERS, (4_999, 16_383, 1.0)])
    with raises_message(ImportProblem, "importing.guard.cells", "sparse.xlsb", "XFD5000", "5,000"):
        check_workbook(export)


def test_an_xlsb_whose_dimension_lies_is_read_by_its_cells(tmp_path: Path) -> None:
    """BrtWsDim claiming XFD1048576 over four cells is neither believed nor refused; nor a modest claim over
    a far cell (the sparse test above claims B2)."""
    export = xlsb(tmp_path / "claims.xlsb", ANSWERS, claim=(0, 1_048_575, 0, 16_383))
    assert check_workbook(export) == {}
    assert open_source(export).head == [[1.0, 9.0], [2.0, 10.0]]



def test_an_xlsb_whose_workbook_record_is_broken_is_damaged_not_a_traceback(tmp_path: Path) -> None:
    """calamine panics on a sheet entry naming a relationship the workbook lacks, or cut short; the panic
    arrives as pyo3's PanicException, a BaseException that went past the reader as a traceback."""
    unknown = xlsb(tmp_path / "unknown.xlsb", ANSWERS, sheet_entry=bytes(8) + wide("rId9") + wide("答卷"))
    with raises_message(ImportProblem, "importing.damaged", "unknown.xlsb"):
        open_source(unknown)
    short = xlsb(tmp_path / "short.xlsb", ANSWERS, sheet_entry=b"\x00\x00")
    with raises_message(ImportProblem, "importing.damaged", "short.xlsb"):
        open_source(short)
