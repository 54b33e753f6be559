"""`xmdesk tables` as a subprocess (issue 20): a derived variable as a row and a banner column, the book read back
and set against the core's banner tables."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from xmdesk.core.analysis.banner import banner_book
from xmdesk.core.study.file import Study
from tests.cli.run import xmdesk

GROUPS = "promoter=3:推荐者:Promoter,passive=2:中立者:Passive,detractor=1:贬损者:Detractor"
NPS_GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"



def test_tables_writes_the_book_and_says_what_is_in_it(demo_path: Path, tmp_path: Path) -> None:
    added = xmdesk("derive", str(demo_path), "--survey", "retail_cx", "add", "nps_group", "--type", "single",
                   "--expression", NPS_GROUPS, "--choices", GROUPS)
    assert added.returncode == 0, added.stderr
    output = tmp_path / "tables.xlsx"
    result = xmdesk("tables", str(demo_path), "--survey", "retail_cx", "--rows", "nps_group,csat,categories",
                    "--banner", "region,channel,nps_group", "--filter", "${csat} >= 2", "-o", str(output))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert [t["code"] for t in summary["tables"]] == ["nps_group", "csat", "categories"]
    assert [g["code"] for g in summary["banner"]] == ["_total", "region", "channel", "nps_group"]
    assert "100%" in result.stderr  # progress on stderr, JSON alone on stdout
    with Study.open(demo_path, read_only=True) as study:
        book = banner_book(study, "retail_cx", ["nps_group", "csat", "categories"], ["region", "channel", "nps_group"],
                           filter="${csat} >= 2", lang="en")
    assert summary["n"] == book.n and summary["tables"][0]["base"] == book.tables[0].base_n[0]
    sheet = openpyxl.load_workbook(output)["1 nps_group"]
    first = 7  # title, back link, blank, groups, labels, base
    assert sheet.cell(row=6, column=2).value == book.tables[0].base_n[0]
    for j in range(len(book.tables[0].base_n)):
        assert sheet.cell(row=first, column=2 + 2 * j).value == pytest.approx(book.tables[0].column_pct[0, j], abs=1e-9)
        assert (sheet.cell(row=first, column=3 + 2 * j).value or "") == book.tables[0].letters[0][j]


def test_a_number_question_as_a_row_is_refused_in_words(demo_path: Path, tmp_path: Path) -> None:
    result = xmdesk("tables", str(demo_path), "--survey", "retail_cx", "--rows", "spend", "--banner", "region",
                    "-o", str(tmp_path / "t.xlsx"))
    assert result.returncode != 0 and "spend is a number question without categories" in result.stderr
    assert not (tmp_path / "t.xlsx").exists()
