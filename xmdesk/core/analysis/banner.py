"""Banner tables: many row variables against a banner of column variables side by side, as agencies deliver them.

A banner is Total | gender | age band | region | tier: each banner variable is a group of columns, and every row
variable (a question or a derived variable with categories) becomes one table whose cells are column % with the
base n of each column. Each (row, banner variable) pair is exactly the crosstab of `crosstab.crosstab`, so a
banner table is those crosstabs laid side by side: the same column %, the same bases and the same
column-proportion letters (SPSS Custom Tables' "compare column proportions": a pooled two-proportion z-test per pair
of columns *within one banner group*, Bonferroni-adjusted within the row, a cell naming the columns it is
significantly higher than; with weights each column's Kish effective base). Letters never compare columns of two
banner groups: gender and region columns overlap in respondents, so a z-test between them has no meaning. The
Total is a group of one column, computed the same way over a constant variable, so it has no letters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis.crosstab import Crosstab, categories, column_letters, crosstab
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, Survey, load_survey

TOTAL_CODE = "_total"
TOTAL = Question(TOTAL_CODE, QuestionType.SINGLE, "Total", "总计", choices=[Choice("total", 1, "Total", "总计")])
"""The Total column: a variable every response answers with 1, crosstabbed like any banner variable."""
ALPHA = 0.05

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BannerGroup:
    """One banner variable: its columns (labels and letters) in the table's column order."""

    code: str
    label: str
    labels: tuple[str, ...]
    letters: tuple[str, ...]
    """'' for the Total, which is tested against nothing."""


@dataclass(frozen=True)
class BannerTable:
    """One row variable against the whole banner; arrays are rows × all columns of all groups, left to right."""

    code: str
    label: str
    row_labels: tuple[str, ...]
    column_pct: np.ndarray
    counts: np.ndarray
    """Weighted counts when weighted."""
    base_n: tuple[int, ...]
    """Unweighted respondents per column who answered the row variable."""
    weighted_base: tuple[float, ...]
    effective_base: tuple[float, ...]
    """Kish effective base per column (the unweighted n when not weighted): what the letters were tested with."""
    letters: tuple[tuple[str, ...], ...]
    multiple: bool
    """Rows are options of a multiple-choice question: a column's % may add up to more than 100."""


@dataclass(frozen=True)
class BannerBook:
    survey: str
    groups: tuple[BannerGroup, ...]
    tables: tuple[BannerTable, ...]
    weighted: bool
    alpha: float
    bonferroni: bool
    n: int
    """Responses selected (after the filter)."""
    notes: tuple[str, ...]
    """Filter and weight notes, then the test's footnote."""


def banner_book(study: Study, survey_code: str, rows: Sequence[str], banner: Sequence[str], *, filter: str = "",
                weight: str | None = None, alpha: float = ALPHA, bonferroni: bool = True, lang: str | None = None,
                progress: Progress | None = None) -> BannerBook:
    """Every row variable against the banner (Total first), over the responses the filter keeps."""
    lang = lang or messages.language()
    survey = load_survey(study, survey_code)
    row_questions, banner_questions = variables(survey, rows, banner)
    selection = select(study, Query(survey_code, filter=filter, weight=weight),
                       [q.code for q in row_questions + banner_questions], survey, lang)
    return banner_tables(survey, selection.frame, selection.weights, row_questions, banner_questions, alpha=alpha,
                         bonferroni=bonferroni, lang=lang, progress=progress, notes=selection.notes)


def variables(survey: Survey, rows: Sequence[str], banner: Sequence[str]) -> tuple[list[Question], list[Question]]:
    """The row and banner variables by code, each checked (a report block checks them before it selects rows)."""
    row_questions = [_variable(survey, code, as_banner=False) for code in rows]
    banner_questions = [_variable(survey, code, as_banner=True) for code in banner]
    if not row_questions or not banner_questions:
        raise ModelError("tables.empty")
    return row_questions, banner_questions


def banner_tables(survey: Survey, frame: pd.DataFrame, weights: np.ndarray | None, rows: Sequence[Question],
                  banner: Sequence[Question], *, alpha: float = ALPHA, bonferroni: bool = True, lang: str = "zh",
                  progress: Progress | None = None, notes: Sequence[str] = ()) -> BannerBook:
    """The book over rows already selected (the CLI's query, a report block's filters), `notes` said first."""
    frame = frame.assign(**{TOTAL_CODE: np.ones(len(frame))})
    columns = [TOTAL, *banner]
    tables = []
    for i, row in enumerate(rows):
        if progress is not None:
            progress(i, len(rows), row.code)
        tables.append(_table(frame, row, columns, weights, alpha, bonferroni, lang))
    if progress is not None:
        progress(len(rows), len(rows), "")
    groups = tuple(_group(q, lang) for q in columns)
    test = messages.text("tables.test", lang, alpha=alpha) + (
        " " + messages.text("tables.bonferroni", lang) if bonferroni else "") + (
        " " + messages.text("tables.effective", lang) if weights is not None else "")
    return BannerBook(survey.code, groups, tuple(tables), weights is not None, alpha, bonferroni, len(frame),
                      (*notes, test))


def _variable(survey: Survey, code: str, *, as_banner: bool) -> Question:
    """A row or banner variable by code, refused in words when it has no categories to count."""
    question = survey.question(code)
    if as_banner and question.type is QuestionType.MULTIPLE:
        raise ModelError("tables.banner_multiple", code=code)
    if question.type is QuestionType.MATRIX:
        raise ModelError("tables.matrix", code=code)
    if not question.choices and question.scale() is None:
        raise ModelError("tables.not_categorical", code=code, type=question.type.value)
    return question


def _group(question: Question, lang: str) -> BannerGroup:
    labels = tuple(c.label(lang) for c in categories(question))
    letters = ("",) if question is TOTAL else tuple(column_letters(len(labels)))
    return BannerGroup(question.code, question.label(lang), labels, letters)


def _table(frame: pd.DataFrame, row: Question, columns: Sequence[Question], weights: np.ndarray | None,
           alpha: float, bonferroni: bool, lang: str) -> BannerTable:
    """The crosstabs of `row` by each banner variable, side by side."""
    parts: list[Crosstab] = [crosstab(frame, row, column, weights, alpha, bonferroni, lang) for column in columns]
    no_letters = tuple(("",) for _ in parts[0].row_labels)  # the Total is compared with nothing
    letters = [no_letters] + [p.significance for p in parts[1:]]
    return BannerTable(
        code=row.code, label=row.label(lang), row_labels=parts[0].row_labels,
        column_pct=np.hstack([p.column_pct for p in parts]), counts=np.hstack([p.counts for p in parts]),
        base_n=tuple(n for p in parts for n in p.column_n),
        weighted_base=tuple(float(t) for p in parts for t in p.column_totals),
        effective_base=tuple(b for p in parts for b in p.effective_n),
        letters=tuple(tuple(cell for group in letters for cell in group[i]) for i in range(len(parts[0].row_labels))),
        multiple=parts[0].multiple)
