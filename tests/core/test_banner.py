"""Banner tables (issue 20): column %, bases and letters against pandas/scipy over the stored columns, to 1e-9,
weighted and unweighted, a derived variable as a row and as a banner column; the Excel book read back."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from scipy import stats

from xmdesk.core.analysis import derived as dv
from xmdesk.core.analysis.banner import BannerBook, banner_book
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Item, Question, QuestionType, Survey, create_survey, load_survey
from xmdesk.core.survey.responses import insert_rows
from tests.messages import raises_message

TOL = 1e-9
ROWS = 900
GENDER = [Choice("m", 1, "Male", "男"), Choice("f", 2, "Female", "女")]
REGION = [Choice(f"r{i}", i, f"Region {i}", f"区域{i}") for i in range(1, 5)]
TIER = [Choice("gold", 1, "Gold", "金卡"), Choice("silver", 2, "Silver", "银卡"), Choice("basic", 3, "Basic", "普通")]
WHY = [Choice("price", 1, "Price", "价格"), Choice("staff", 2, "Staff", "店员"), Choice("wait", 3, "Wait", "等待")]
BANDS = {"source": "age", "rules": [{"choice": "young", "min": 16, "max": 34}, {"choice": "old", "min": 35}]}
BAND_CHOICES = (Choice("young", 1, "16-34", "16-34岁"), Choice("old", 2, "35+", "35岁以上"))
COLUMNS = ["nps", "csat", "gender", "region", "tier", "age", "why__price", "why__staff", "why__wait", "w"]


def _rows() -> list[tuple[object, ...]]:
    """Answers with real differences between columns, so that some letters appear and some do not."""
    rng = np.random.default_rng(20)
    rows = []
    for _ in range(ROWS):
        region = int(rng.integers(1, 5))
        gender = None if rng.random() < 0.04 else int(rng.integers(1, 3))
        lean = 0.12 * region + (0.15 if gender == 2 else 0.0)
        nps = None if rng.random() < 0.06 else int(min(10, max(0, round(rng.normal(5 + 6 * lean, 2.4)))))
        csat = int(min(5, max(1, round(rng.normal(2.6 + 2 * lean, 1.0)))))
        ticks = [None] * 3 if rng.random() < 0.1 else [int(rng.random() < p) for p in (0.2 + lean / 2, 0.4, 0.6 - lean / 3)]
        rows.append((nps, csat, gender, region, int(rng.integers(1, 4)), int(rng.integers(16, 70)), *ticks,
                     float(rng.uniform(0.3, 2.5))))
    return rows


@pytest.fixture
def cx(study: Study) -> Survey:
    questions = [
        Question("nps", QuestionType.NPS, "Recommend", "推荐"),
        Question("csat", QuestionType.RATING, "Satisfaction", "满意度"),
        Question("gender", QuestionType.SINGLE, "Gender", "性别", choices=GENDER),
        Question("region", QuestionType.SINGLE, "Region", "区域", choices=REGION),
        Question("tier", QuestionType.DROPDOWN, "Member tier", "会员等级", choices=TIER),
        Question("age", QuestionType.NUMBER, "Age", "年龄"),
        Question("why", QuestionType.MULTIPLE, "Why", "原因", choices=WHY),
        Question("w", QuestionType.NUMBER, "Weight", "权重"),
        Question("grid", QuestionType.MATRIX, "Rate", "评价", items=[Item("a"), Item("b")]),
    ]
    survey = create_survey(study, "cx", questions=questions)
    insert_rows(study, survey, COLUMNS, _rows())
    dv.save(study, "cx", dv.Definition("age_band", "recode", BANDS, QuestionType.SINGLE, "Age band", "年龄段",
                                       BAND_CHOICES))
    return load_survey(study, "cx")


def stored(study: Study) -> pd.DataFrame:
    """The stored columns read with pandas' SQL reader, the age band recoded here by hand: the independent side."""
    frame = pd.read_sql_query("SELECT * FROM responses_cx WHERE deleted = 0 ORDER BY id", study.conn, index_col="id")
    frame["age_band"] = np.where(frame["age"] <= 34, 1.0, np.where(frame["age"] >= 35, 2.0, np.nan))
    frame["_total"] = 1.0
    return frame


def _expected(frame: pd.DataFrame, row: list[str], values: list[int] | None, column: str, column_values: list[int],
              weighted: bool) -> tuple[np.ndarray, list[int], list[float], list[list[str]]]:
    """Column %, unweighted bases, effective bases and letters of one row variable × one banner variable, computed
    from the definition: a pooled two-proportion z-test per pair of columns, Bonferroni over the pairs of the row,
    columns with a share of 0 or 1 not tested, the letter of each column significantly lower."""
    w = frame["w"] if weighted else pd.Series(1.0, index=frame.index)
    if values is None:  # multiple choice: one 0/1 column per option, base = ticked at least one
        ticks = frame[row].eq(1)
        answered = ticks.any(axis=1)
        indicator = [ticks[c] for c in row]
    else:
        answered = frame[row[0]].isin(values)
        indicator = [frame[row[0]].eq(v) for v in values]
    in_column = [answered & frame[column].eq(v) for v in column_values]
    weight_sum = [float(w[m].sum()) for m in in_column]
    effective = [float(w[m].sum() ** 2 / (w[m] ** 2).sum()) if m.any() else 0.0 for m in in_column]
    pct = np.array([[100 * float(w[m & ind].sum()) / weight_sum[j] if weight_sum[j] else math.nan
                     for j, m in enumerate(in_column)] for ind in indicator])
    letters = []
    for shares in pct / 100:
        usable = [j for j in range(len(column_values)) if effective[j] > 0 and 0 < shares[j] < 1]
        pairs = list(itertools.combinations(usable, 2))
        cell = [""] * len(column_values)
        for a, b in pairs:
            pooled = (shares[a] * effective[a] + shares[b] * effective[b]) / (effective[a] + effective[b])
            se = math.sqrt(pooled * (1 - pooled) * (1 / effective[a] + 1 / effective[b]))
            z = (shares[a] - shares[b]) / se
            if min(1.0, 2 * stats.norm.sf(abs(z)) * len(pairs)) < 0.05:
                high, low = (a, b) if z > 0 else (b, a)
                cell[high] += "ABCDEFGH"[low]
        letters.append(["".join(sorted(c)) for c in cell])
    return pct, [int(m.sum()) for m in in_column], effective, letters


BANNER = [("_total", [1]), ("gender", [1, 2]), ("age_band", [1, 2]), ("region", [1, 2, 3, 4]), ("tier", [1, 2, 3])]
ROW_VARIABLES = [(["nps"], list(range(11))), (["csat"], [1, 2, 3, 4, 5]), (["tier"], [1, 2, 3]),
                 (["age_band"], [1, 2]), (["why__price", "why__staff", "why__wait"], None)]


def _check(book: BannerBook, frame: pd.DataFrame, weighted: bool) -> int:
    """Every table against the independent computation; how many letters were seen (so the test can say some were)."""
    seen = 0
    assert [g.code for g in book.groups] == [code for code, _ in BANNER]
    for table, (row, values) in zip(book.tables, ROW_VARIABLES, strict=True):
        start = 0
        for code, column_values in BANNER:
            pct, base_n, effective, letters = _expected(frame, row, values, code, column_values, weighted)
            end = start + len(column_values)
            np.testing.assert_allclose(table.column_pct[:, start:end], pct, rtol=0, atol=TOL)
            assert list(table.base_n[start:end]) == base_n
            np.testing.assert_allclose(table.effective_base[start:end], effective, rtol=0, atol=TOL)
            got = [list(cells[start:end]) for cells in table.letters]
            assert got == ([[""]] * len(got) if code == "_total" else letters), (table.code, code)
            seen += sum(len(c) for cells in letters for c in cells) if code != "_total" else 0
            start = end
    return seen


@pytest.mark.parametrize("weighted", [False, True])
def test_banner_tables_match_an_independent_computation(study: Study, cx: Survey, weighted: bool) -> None:
    rows = ["nps", "csat", "tier", "age_band", "why"]
    book = banner_book(study, "cx", rows, ["gender", "age_band", "region", "tier"], weight="w" if weighted else None,
                       lang="en")
    letters = _check(book, stored(study), weighted)
    assert letters > 5  # the data are made to differ by region and gender: the test sees letters, not only blanks
    assert book.weighted is weighted and book.n == ROWS
    assert "z-test" in book.notes[-1] and "0.05" in book.notes[-1]
    assert ("effective base" in book.notes[-1]) is weighted
    if weighted:
        frame = stored(study)
        nps_male = frame["nps"].notna() & frame["gender"].eq(1)
        assert book.tables[0].weighted_base[1] == pytest.approx(float(frame.loc[nps_male, "w"].sum()), abs=TOL)


def test_a_filter_narrows_every_column(study: Study, cx: Survey) -> None:
    book = banner_book(study, "cx", ["csat"], ["region"], filter="${gender} = 'f'", lang="en")
    frame = stored(study)
    women = frame[frame["gender"].eq(2)]
    pct, base_n, _, letters = _expected(women, ["csat"], [1, 2, 3, 4, 5], "region", [1, 2, 3, 4], False)
    np.testing.assert_allclose(book.tables[0].column_pct[:, 1:], pct, rtol=0, atol=TOL)
    assert list(book.tables[0].base_n) == [len(women), *base_n]
    assert book.n == len(women) and any("gender" in note for note in book.notes)


def test_variables_without_categories_are_refused_in_words(study: Study, cx: Survey) -> None:
    with raises_message(ModelError, "tables.not_categorical", "age"):
        banner_book(study, "cx", ["age"], ["gender"])
    with raises_message(ModelError, "tables.banner_multiple", "why"):
        banner_book(study, "cx", ["csat"], ["why"])
    with raises_message(ModelError, "tables.matrix", "grid"):
        banner_book(study, "cx", ["grid"], ["gender"])
    with raises_message(ModelError, "tables.empty"):
        banner_book(study, "cx", [], ["gender"])


def test_the_excel_book_holds_every_number_letter_and_link(study: Study, cx: Survey, tmp_path: Path) -> None:
    from xmdesk.core.reports.tables_xlsx import write_tables

    book = banner_book(study, "cx", ["nps", "why"], ["gender", "age_band", "region"], weight="w", lang="en")
    path = write_tables(book, tmp_path / "tables.xlsx", "CX tables", "en")
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == ["Contents", "1 nps", "2 why"]
    contents = workbook["Contents"]
    assert contents["B4"].value == "Recommend (nps)" and contents["B4"].hyperlink.location == "'1 nps'!A1"
    assert contents["C5"].value == book.tables[1].base_n[0]
    sheet = workbook["2 why"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"B4:C4", "D4:G4", "H4:K4", "L4:S4", "D5:E5"} <= merged  # Total, gender, age band, region; Male
    assert sheet["D4"].value == "Gender" and sheet["D5"].value == "Male (A)" and sheet["D4"].font.b
    assert [sheet.cell(row=r, column=1).value for r in (6, 7, 8)] == ["Base (n)", "Weighted base", "Effective base"]
    assert sheet.freeze_panes == "B9"
    table = book.tables[1]
    for i in range(len(table.row_labels)):
        for j in range(len(table.base_n)):
            value = sheet.cell(row=9 + i, column=2 + 2 * j)
            assert value.value == pytest.approx(table.column_pct[i, j], abs=TOL)
            assert value.number_format == '#,##0.0"%"'
            assert (sheet.cell(row=9 + i, column=3 + 2 * j).value or "") == table.letters[i][j]
        assert sheet.cell(row=8, column=2 + 2 * j).value == pytest.approx(table.effective_base[j], abs=TOL)
    letter_cells = [c for row in sheet.iter_rows(min_row=9, max_row=11) for c in row if c.column > 1 and c.column % 2 and c.value]
    assert letter_cells and all(c.font.sz == 8 for c in letter_cells)
    notes = [sheet.cell(row=r, column=1).value for r in range(12, 16)]
    assert any(n and "z-test" in n and "0.05" in n for n in notes)


def test_a_banner_report_block_is_the_banner_table_weighted_and_filtered(study: Study, cx: Survey) -> None:
    from xmdesk.core.reports.build import build_report
    from xmdesk.core.reports.recipe import Block, Report

    block = Block("banner", options={"rows": ["csat", "why"], "banner": "gender, age_band"}, filter="${region} >= 2")
    report = Report(name="r", survey="cx", lang="en", weight="w", blocks=[block])
    section = build_report(study, report).sections[0]
    book = banner_book(study, "cx", ["csat", "why"], ["gender", "age_band"], filter="${region} >= 2", weight="w",
                       lang="en")
    assert section.kind == "banner" and section.table is not None
    table = section.table
    assert table.header == ("", "Total", "Gender: Male (A)", "Gender: Female (B)", "Age band: 16-34 (A)",
                            "Age band: 35+ (B)")
    csat = book.tables[0]
    assert table.rows[0][0] == "csat: 1" and table.rows[5] == ("csat: n", *csat.base_n)
    for i in range(5):
        np.testing.assert_allclose(table.rows[i][1:], csat.column_pct[i], rtol=0, atol=TOL)
        assert table.marks[i][1:] == csat.letters[i]
    assert table.cell_text(0, 1).endswith("%") and "z-test" in section.notes[0]
