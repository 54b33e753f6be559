"""More columns than a survey can hold (issue 16, case 9's first item): SQLite's tables hold at most
2,000 columns, a survey's response table some of them for XMDesk's own. An import keeps working up to
that and is refused past it with one line saying what to do; the designer refuses the question that
would go past it. The boundary is tested on a study whose connection has a lower column limit (the same
code reads the limit from the connection), so no test builds a 2,000-column table."""

from __future__ import annotations

import csv
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from xmdesk.core.errors import ModelError
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.run import prepare, run_import
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import SYSTEM_COLUMNS, Question, QuestionType, add_question, create_survey, load_survey

LIMIT = 40
FITS = LIMIT - len(SYSTEM_COLUMNS)  # answer columns a survey can hold under LIMIT


def wide_csv(path: Path, columns: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id"] + [f"问题{n}" for n in range(1, columns)])
        for row in range(1, 4):
            writer.writerow([row] + [f"答{row}-{n}" for n in range(1, columns)])
    return path


def test_an_import_fills_a_survey_up_to_the_limit_and_is_refused_past_it(study: Study, tmp_path: Path) -> None:
    study.conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, LIMIT)
    result = run_import(study, prepare(study, wide_csv(tmp_path / "fits.csv", FITS), new="fits"))
    assert result.imported == 3 and len(load_survey(study, "fits").columns()) == FITS
    plan = prepare(study, wide_csv(tmp_path / "wide.csv", FITS + 1), new="wide")
    with pytest.raises(ImportProblem) as refused:
        run_import(study, plan)
    assert refused.value.message_id == "importing.too_many_columns"
    assert f"{FITS + 1} answer columns, more than the {FITS}" in str(refused.value) and "untick" in str(refused.value)
    assert study.conn.execute("SELECT count(*) FROM surveys WHERE code = 'wide'").fetchone() == (0,)


def test_the_designer_refuses_the_question_past_the_limit(study: Study) -> None:
    study.conn.setlimit(sqlite3.SQLITE_LIMIT_COLUMN, LIMIT)
    survey = create_survey(study, "full", questions=[Question(f"q{n}", QuestionType.TEXT, f"Q{n}", f"题{n}")
                                                     for n in range(FITS)])
    with pytest.raises(ModelError) as refused:
        add_question(study, survey, Question("extra", QuestionType.TEXT, "Extra", "多一题"))
    assert refused.value.message_id == "survey.too_many_columns" and f"{LIMIT:,}" in str(refused.value)
    assert len(load_survey(study, "full").questions) == FITS


def test_the_command_line_refuses_2100_columns_in_one_line(tmp_path: Path) -> None:
    """Before: exit 1 with a 25-line traceback ending in sqlite3.OperationalError: too many columns."""
    study = tmp_path / "s.xmd"
    subprocess.run([sys.executable, "-m", "xmdesk", "new", str(study)], check=True, capture_output=True)
    done = subprocess.run([sys.executable, "-m", "xmdesk", "--lang", "en", "import", str(study),
                           str(wide_csv(tmp_path / "wide.csv", 2100)), "--new", "wide"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines() == [
        "xmdesk: wide.csv: the new survey would have 2,100 answer columns, more than the "
        f"{2000 - len(SYSTEM_COLUMNS):,} a survey can hold (SQLite's limit of 2,000 columns in a table, less "
        "XMDesk's own). Nothing was imported; untick the columns you do not need in the import wizard, or import "
        "with a saved mapping that leaves them out."]
