"""Files longer than one conversion batch: problems, duplicate ids and re-imports found across batches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.core.test_import_samples import WJX_TEXT, write_csv
from xmdesk.core import messages
from xmdesk.core.importing.run import BATCH_ROWS, check, prepare, run_import
from xmdesk.core.study import Study
from xmdesk.core.survey import load_survey

ROWS = BATCH_ROWS * 2 + 500
GENDERS = ("男", "女")


def answers(number: int) -> list[str]:
    """Row `number` of a 问卷星 export; the id is the row number."""
    return [str(number), f"2024/5/{number % 28 + 1} 10:00:00", "60秒", "链接", "1.2.3.4", GENDERS[number % 2],
            "满意", "微信", f"{number % 11}分", f"建议{number}"]


@pytest.fixture
def study(tmp_path: Path) -> Iterator[Study]:
    with Study.create(tmp_path / "s.xmd") as created:
        messages.set_language("en")
        yield created


def test_problems_and_duplicate_ids_in_later_batches(study: Study, tmp_path: Path) -> None:
    rows = [answers(number) for number in range(1, ROWS + 1)]
    rows[ROWS - 300][0] = "7"  # the id of row 8 of the file again, two batches later
    rows[ROWS - 200][8] = "11分"  # out of range 0–10
    path = write_csv(tmp_path / "big.csv", [WJX_TEXT[0]] + rows)
    report = check(study, prepare(study, path, new="big"))
    assert [(p.row, p.column, p.value, p.problem) for p in report.problems] == [
        (ROWS - 298, "序号", "7", "duplicate id (also in row 8)"),
        (ROWS - 198, "4、您向朋友推荐我们的可能性", "11分", "out of range 0–10")]
    result = run_import(study, prepare(study, path, new="big"), on_error="missing")
    assert (result.rows, result.imported, result.skipped) == (ROWS, ROWS - 1, 1)
    survey = load_survey(study, "big")
    stored = study.conn.execute(f'SELECT q1, q4, q5 FROM "{survey.response_table}" ORDER BY id').fetchall()
    kept = [row for n, row in enumerate(rows) if n != ROWS - 300]
    expected = [(1 if row[5] == "女" else 2, None if row[8] == "11分" else int(row[8][:-1]), row[9])
                for row in kept]  # 女 is the first option seen
    assert stored == expected


def test_reimport_of_a_grown_file_skips_every_row_already_there(study: Study, tmp_path: Path) -> None:
    first = write_csv(tmp_path / "may.csv", [WJX_TEXT[0]] + [answers(n) for n in range(1, ROWS + 1)])
    run_import(study, prepare(study, first, new="big"))
    grown = write_csv(tmp_path / "june.csv", [WJX_TEXT[0]] + [answers(n) for n in range(1, ROWS + 801)])
    again = run_import(study, prepare(study, grown, survey="big"))
    assert (again.rows, again.already, again.imported) == (ROWS + 800, ROWS, 800)
    survey = load_survey(study, "big")
    ids = study.conn.execute(f'SELECT q5 FROM "{survey.response_table}" ORDER BY id').fetchall()
    assert ids == [(f"建议{n}",) for n in range(1, ROWS + 801)]
