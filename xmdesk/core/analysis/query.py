"""The query every analysis runs over: which responses (filter, date range) and how they are weighted.

A `Query` is plain data so a dashboard tile, a report recipe and a CLI call can store
and repeat it. `select` turns it into a `Selection`: the filtered frame with exactly the
columns asked for plus those the filter reads, the weight per row (a weight column,
rim weights, or both multiplied), and the notes a reader needs under a number (which
filter, how many responses it kept, the weighting efficiency).

The filter is an XLSForm-style expression (`${region} = 'east' and ${csat} >= 4`,
`selected(${categories}, 'fresh')`), compiled by `xmdesk.core.survey.logic`; structured
`Filter` conditions and an inclusive date range can be given as well and are joined
with "and". A response with a missing weight is left out of weighted results (and said).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis.frame import Filter, day_numbers, load_frame, parse_days
from xmdesk.core.analysis.metrics import RakeResult, rake
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, load_survey


@dataclass(frozen=True)
class Query:
    """Which responses of which survey, and with which weights."""

    survey: str
    filter: str = ""
    """An XLSForm-style expression; empty keeps every response."""
    conditions: Filter | None = None
    date_column: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    weight: str | None = None
    """A numeric column holding a weight per response."""
    rim: Mapping[str, Mapping[Any, float]] = field(default_factory=dict)
    """Rim-weighting targets {column: {value: share}} on two or three variables."""

    def __post_init__(self) -> None:
        """The date range is compared as ISO text with the stored dates (`Filter.mask`), so a bound that is no
        date ("yesterday", "2026-1-1", "2026-13-01") would silently keep every response, some or none."""
        for bound in (self.date_from, self.date_to):
            if bound:
                _check_date(bound)
        if self.date_from and self.date_to and self.date_from[:10] > self.date_to[:10]:
            raise ModelError("analysis.dates_reversed", first=self.date_from, last=self.date_to)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form a dashboard or report stores (structured conditions are not stored)."""
        data: dict[str, Any] = {"survey": self.survey}
        for key in ("filter", "date_column", "date_from", "date_to", "weight"):
            value = getattr(self, key)
            if value:
                data[key] = value
        if self.rim:
            data["rim"] = {column: {str(k): v for k, v in shares.items()} for column, shares in self.rim.items()}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Query:
        """A query back from `to_dict`'s JSON (dashboard, report, chart spec); missing keys take the defaults, and
        rim targets get their numeric choice values back from JSON's strings."""
        rim = {column: {_key(k): float(v) for k, v in shares.items()} for column, shares in
               (data.get("rim") or {}).items()}
        return cls(survey=data["survey"], filter=data.get("filter") or "", date_column=data.get("date_column"),
                   date_from=data.get("date_from"), date_to=data.get("date_to"), weight=data.get("weight"),
                   rim=rim)

    @property
    def weighted(self) -> bool:
        """Whether results are weighted (by a weight column or rim targets): tests and notes then say so."""
        return bool(self.weight or self.rim)


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}([T ].*)?$")


def _check_date(text: str) -> None:
    """A year-month-day, optionally followed by a time (a stamp's `2026-10-31T09:30:00+00:00`), of a real day."""
    if ISO_DAY.match(text):
        try:
            date.fromisoformat(text[:10])
            return
        except ValueError:  # 2026-02-30, 2026-13-01
            pass
    raise ModelError("analysis.bad_date", value=text)


def _key(value: Any) -> Any:
    """JSON turns choice values into strings; targets compare with the stored numbers."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return value
    return int(number) if number.is_integer() else number


@dataclass(frozen=True)
class Selection:
    """The responses a query selects, their weights, and what a reader must be told about them."""

    survey: Survey
    frame: pd.DataFrame
    weights: np.ndarray | None
    total: int
    """Live responses before the filter."""
    notes: tuple[str, ...]
    rake: RakeResult | None = None
    rows: np.ndarray | None = None
    """Positions of the selected responses among all live ones (None: all of them), to index
    per-response arrays cached beside the frame (dates as day numbers)."""
    study: Study | None = None

    def day_numbers(self, column: str) -> np.ndarray:
        """The selected responses' dates as day numbers (cached per study, see `frame.day_numbers`)."""
        if self.study is None:
            return parse_days(self.frame[column].to_numpy(dtype=object))
        days = day_numbers(self.study, self.survey, column)
        return days if self.rows is None else days[self.rows]

    @property
    def n(self) -> int:
        """Responses selected (after the filter), unweighted: the base a reader is shown."""
        return len(self.frame)


def default_date_column(survey: Survey) -> str:
    """The survey's first date question, else the time a response was created."""
    for question in survey.active_questions():
        if question.type is QuestionType.DATE:
            return question.code
    return "created_at"


def select(study: Study, query: Query, columns: Iterable[str], survey: Survey | None = None,
           lang: str | None = None) -> Selection:
    """Load the columns the analysis needs plus those of the filter and weights, then filter and weight."""
    survey = survey or load_survey(study, query.survey)
    wanted = list(dict.fromkeys(columns))
    compiled = _compile(query.filter, survey)
    extra = list(compiled.columns) if compiled is not None else []
    if query.conditions is not None:
        extra += query.conditions.columns()
    date_column = query.date_column or (default_date_column(survey) if query.date_from or query.date_to else None)
    if date_column:
        extra.append(date_column)
    if query.weight:
        _check_weight(survey, query.weight)
        extra.append(query.weight)
    extra += list(query.rim)
    frame = load_frame(study, survey, wanted + [c for c in dict.fromkeys(extra) if c not in wanted])
    if query.weight:
        _check_weight_values(frame[query.weight], query.weight)
    total = len(frame)
    mask = np.ones(total, dtype=bool)
    if compiled is not None:
        mask &= compiled.mask(frame)
    span = Filter(conditions=query.conditions.conditions if query.conditions else (),
                  combine=query.conditions.combine if query.conditions else "and",
                  date_column=date_column, date_from=query.date_from, date_to=query.date_to)
    if span.conditions or date_column:
        mask &= span.mask(frame)
    selected = frame if mask.all() else frame[mask]
    notes = _filter_notes(query, total, len(selected), lang)
    weights, raked = _weights(query, selected)
    if weights is not None:
        notes += _weight_notes(query, weights, raked, lang)
    return Selection(survey, selected, weights, total, tuple(notes), raked,
                     None if mask.all() else np.flatnonzero(mask), study)


def _compile(text: str, survey: Survey) -> Any:
    if not text.strip():
        return None
    from xmdesk.core.survey.logic import compile_condition

    return compile_condition(text, survey)


def weight_candidates(survey: Survey) -> list[Question]:
    """What can weigh a response: a number question, or a numeric derived variable (a count, an O-data sum);
    the report builder's weight menu and the refusal of anything else list these."""
    return [q for q in survey.active_questions() + survey.derived if q.type is QuestionType.NUMBER]


def _check_weight(survey: Survey, column: str) -> None:
    """A weight is a number per response: `--weight nps` (a 0-10 score) is refused, and so was a numeric derived
    variable, which now weighs as a number question does. The refusal lists what can weigh."""
    owners = {c.name: q for q in survey.questions + survey.derived for c in q.columns()}
    question = owners.get(column)
    if question is None or question.type is not QuestionType.NUMBER:
        listed = ", ".join(q.code for q in weight_candidates(survey)[:8])
        if not listed:
            raise ModelError("analysis.no_weight", column=column, survey=survey.code)
        raise ModelError("analysis.bad_weight", column=column, survey=survey.code, known=listed)


def _check_weight_values(weights: pd.Series, column: str) -> None:
    """A negative weight has no meaning (a response counted less than not at all); the metrics would leave such
    rows out as missing without a word, so a weight column holding one is refused naming the smallest."""
    smallest = pd.to_numeric(weights, errors="coerce").min()
    if smallest < 0:
        raise ModelError("analysis.negative_weight", column=column, value=f"{smallest:g}")


def _weights(query: Query, frame: pd.DataFrame) -> tuple[np.ndarray | None, RakeResult | None]:
    base = frame[query.weight].to_numpy(dtype=np.float64) if query.weight else None
    if not query.rim:
        return base, None
    raked = rake(frame, query.rim, base_weights=None if base is None else np.nan_to_num(base, nan=0.0))
    return raked.weights, raked


def _filter_notes(query: Query, total: int, kept: int, lang: str | None) -> list[str]:
    notes = []
    described = " and ".join(part for part in (query.filter.strip(), _span_text(query)) if part)
    if described:
        notes.append(messages.text("analysis.note_filter", lang, filter=described, kept=kept, total=total))
    return notes


def _span_text(query: Query) -> str:
    if not (query.date_from or query.date_to):
        return ""
    return f"{query.date_from or '…'} – {query.date_to or '…'}"


def _weight_notes(query: Query, weights: np.ndarray, raked: RakeResult | None, lang: str | None) -> list[str]:
    notes = []
    if query.weight:
        unusable = int((np.isnan(weights) | (weights <= 0)).sum()) if raked is None else 0
        notes.append(messages.text("analysis.note_weight", lang, column=query.weight, unusable=unusable))
    if raked is not None:
        notes.append(messages.text("analysis.note_rim", lang, columns=", ".join(query.rim),
                                   efficiency=f"{raked.efficiency:.1f}", effective=f"{raked.effective_n:.0f}",
                                   status=raked.message))
    return notes


# -- splitting by a segment ----------------------------------------------------------------


def split_rows(codes: np.ndarray, groups: int) -> list[np.ndarray]:
    """Row positions of each group 0..groups-1 (codes of −1, no answer, belong to none), one sort.

    Codes fit in 16 bits for any real breakdown, and numpy sorts 16-bit integers with a radix
    sort: three times faster than on int64 for a million rows.
    """
    small = codes.astype(np.int16) if groups < np.iinfo(np.int16).max else codes
    order = np.argsort(small, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(groups + 1))
    return [order[bounds[i]:bounds[i + 1]] for i in range(groups)]


def subset(weights: np.ndarray | None, rows: Sequence[int] | np.ndarray) -> np.ndarray | None:
    """The weights of these rows, or None for unweighted data, so a group's computation takes the same path either
    way."""
    return None if weights is None else weights[rows]
