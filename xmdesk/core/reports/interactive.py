"""The report's figures for every filter choice a client may make, computed ahead for one offline HTML file.

A consultant allows filters per block (`Block.options["filters"]`: question codes of single
choices, or "period" for the month of the survey's first date question). Every combination of
those filters' values is computed here by `build_report` itself on the recipe's tiles and charts
with the combination added to the report's filter, so the file shows what the static report
would show under that filter, number for number. The file then holds aggregates only: tiles and
chart values, never a response. A combination whose base is under the minimum is left out (the
page says so), and so is every value inside a view whose own base is under it.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis.metrics import SMALL_BASE
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.charts.spec import ChartSpec
from xmdesk.core.errors import ModelError
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.build import Section, Tile, build_report, chart_table
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, Survey, load_survey
from xmdesk.core.vocabulary import numbers

PERIOD = "period"
"""The filter that picks one month of the survey's first date question."""
FILTERABLE = frozenset({QuestionType.SINGLE, QuestionType.DROPDOWN})
INTERACTIVE_KINDS = frozenset({"tiles", "chart"})
ALL = ""
"""The key of a filter left at "all"."""


@dataclass(frozen=True)
class Facet:
    """One filter the client may change: its values as (key, label), and how a key becomes a filter expression."""

    code: str
    label: str
    options: tuple[tuple[str, str], ...]
    column: str
    """The response column the filter reads (the date question for the period)."""

    def expression(self, key: str) -> str:
        """The report filter of one value: a code's equality, or a month as a range of dates."""
        if key == ALL:
            return ""
        if self.code == PERIOD:
            year, month = (int(part) for part in key.split("-"))
            following = f"{year + month // 12}-{month % 12 + 1:02d}-01"
            return f"${{{self.column}}} >= '{key}-01' and ${{{self.column}}} < '{following}'"
        return f"${{{self.column}}} = {key}"

    def keys_of(self, frame: pd.DataFrame) -> pd.Series:
        """Each response's key for this filter, as the expression of that key would select it."""
        values = frame[self.column]
        if self.code == PERIOD:
            return values.astype("string").str[:7].fillna("")
        return values.map(lambda v: "" if pd.isna(v) else str(int(v)))


@dataclass(frozen=True)
class Views:
    """What the interactive file embeds: the facets, and per group of blocks sharing their filters, each allowed
    combination's sections as plain data (`section_data`)."""

    facets: tuple[Facet, ...]
    groups: tuple[tuple[tuple[str, ...], tuple[int, ...], dict[str, dict[str, Any]]], ...]
    """(facet codes, block indices, {combination key: {block index: section data}})."""
    min_base: int

    def group_of(self, index: int) -> int | None:
        """The group of the block at `index`; None when the block has no filters."""
        return next((g for g, (_, blocks, _) in enumerate(self.groups) if index in blocks), None)


def allowed_filters(block: Block) -> tuple[str, ...]:
    """The filters the consultant allowed on a block (its option "filters", a list or "region, store"), each once:
    a repeat ("region, region") made the views group by the same column twice, a pandas error."""
    value = block.options.get("filters") or ()
    items = value.split(",") if isinstance(value, str) else list(value)
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def allow_filters(report: Report, codes: Sequence[str]) -> Report:
    """The recipe with `codes` allowed on each tile and chart block of the report's own survey that allows none:
    `xmdesk report --interactive --filter-by` for a report (the standard one) whose blocks name no filters."""
    blocks = [replace(b, options={**b.options, "filters": list(codes)})
              if b.kind in INTERACTIVE_KINDS and not b.survey and not allowed_filters(b) else b for b in report.blocks]
    return replace(report, blocks=blocks)


def facets(study: Study, survey: Survey, codes: Sequence[str], lang: str) -> tuple[Facet, ...]:
    """The facets named by `codes`; a code that is no single choice nor "period" is refused in words."""
    found = []
    for code in dict.fromkeys(codes):
        if code == PERIOD:
            found.append(_period_facet(study, survey, lang))
            continue
        question = survey.question(code) if code in {q.code for q in survey.active_questions()} else None
        if question is None or question.type not in FILTERABLE:
            raise ModelError("report.bad_interactive_filter", code=code)
        options = tuple((str(int(c.value)), c.label(lang)) for c in question.choices)
        found.append(Facet(code, question.label(lang), ((ALL, messages.text("report.filter_all", lang)), *options),
                           code))
    return tuple(found)


def _period_facet(study: Study, survey: Survey, lang: str) -> Facet:
    dates = [q.code for q in survey.active_questions() if q.type is QuestionType.DATE][:1] or ["created_at"]
    frame = select(study, Query(survey.code), dates, survey, lang).frame
    months = sorted({m for m in frame[dates[0]].astype("string").str[:7].dropna() if m})
    return Facet(PERIOD, messages.text("report.filter_period", lang),
                 ((ALL, messages.text("report.filter_all", lang)), *((m, m) for m in months)), dates[0])


def compute_views(study: Study, report: Report, min_base: int = SMALL_BASE, progress: Progress = no_progress,
                  cancel: CancelToken | None = None) -> Views:
    """Every allowed combination of every filtered block, built by the report builder itself; combinations whose
    base (under the report's filter) is below `min_base` are not built. A floor under 1 (`--min-base -5`) was
    taken and left every figure in, however small its base: it is refused."""
    if min_base < 1:
        raise ModelError("report.bad_min_base", value=min_base)
    survey = load_survey(study, report.survey)
    grouped: dict[tuple[str, ...], list[int]] = {}
    for i, block in enumerate(report.blocks):
        if block.kind in INTERACTIVE_KINDS and not block.survey and allowed_filters(block):
            grouped.setdefault(allowed_filters(block), []).append(i)
    all_facets = {f.code: f for f in facets(study, survey, [c for codes in grouped for c in codes], report.lang)}
    frame = select(study, Query(survey.code, filter=report.filter), sorted({f.column for f in all_facets.values()}),
                   survey, report.lang).frame
    plans = [(codes, blocks, list(_combinations([all_facets[c] for c in codes], frame, min_base)))
             for codes, blocks in grouped.items()]
    total, done = sum(len(combos) for _, _, combos in plans), 0
    groups = []
    for codes, blocks, combos in plans:
        views: dict[str, dict[str, Any]] = {}
        for keys in combos:
            if cancel is not None:
                cancel.check()
            views["|".join(keys)] = _view(study, report, blocks, [all_facets[c] for c in codes], keys, min_base)
            done += 1
            progress(done, total, "")
        groups.append((codes, tuple(blocks), views))
    return Views(tuple(all_facets.values()), tuple(groups), min_base)


def _combinations(chosen: Sequence[Facet], frame: pd.DataFrame, min_base: int) -> Iterator[tuple[str, ...]]:
    """The combinations (a key per facet, "" for all) with at least `min_base` responses, counted once."""
    keys = pd.DataFrame({f.code: f.keys_of(frame) for f in chosen}, index=frame.index)
    for subset in itertools.chain.from_iterable(itertools.combinations(range(len(chosen)), k)
                                                for k in range(len(chosen) + 1)):
        if not subset:
            if len(frame) >= min_base:
                yield tuple(ALL for _ in chosen)
            continue
        columns = [chosen[i].code for i in subset]
        counts = keys[columns].groupby(columns).size()
        for values, n in counts.items():
            values = values if isinstance(values, tuple) else (values,)
            if n >= min_base and all(values):
                picked = dict(zip(subset, values))
                yield tuple(str(picked.get(i, ALL)) for i in range(len(chosen)))


def _view(study: Study, report: Report, blocks: Sequence[int], chosen: Sequence[Facet], keys: Sequence[str],
          min_base: int) -> dict[str, Any]:
    """The blocks' sections under one combination, as the static report builds them with that filter added."""
    extra = " and ".join(f"({f.expression(k)})" for f, k in zip(chosen, keys) if k != ALL)
    texts = [t for t in (report.filter, extra) if t.strip()]
    recipe = replace(report, filter=" and ".join(f"({t})" for t in texts) if len(texts) > 1 else "".join(texts),
                     blocks=[report.blocks[i] for i in blocks])
    built = build_report(study, recipe)
    plain = {f.expression(k): f"{f.label} = {dict(f.options)[k]}" for f, k in zip(chosen, keys) if k != ALL}
    views = {}
    for i, section in zip(blocks, built.sections):
        data = section_data(section, min_base)
        data["notes"] = [_replaced(note, plain) for note in data["notes"]]
        views[str(i)] = data
    return views


def _replaced(note: str, plain: dict[str, str]) -> str:
    """A note with each filter choice's expression written as the page's selects name it (所在区域 = 华南), as
    the client reads the note beside them."""
    for expression, words in plain.items():
        note = note.replace(expression, words)
    return note


def section_data(section: Section, min_base: int) -> dict[str, Any]:
    """A tile or chart section as the page's script draws it: texts as the static report writes them, values for
    the bars, and every value whose base is under `min_base` left out."""
    data: dict[str, Any] = {"title": section.title, "notes": list(section.notes)}
    if section.tiles:
        data["tiles"] = [_tile_data(t, min_base) for t in section.tiles]
    if section.chart is not None:
        data["chart"] = _chart_data(_suppressed(section.chart, min_base))
    return data


def _tile_data(tile: Tile, min_base: int) -> list[str]:
    shown = tile.n >= min_base or tile.role == numbers.Role.COUNT.value
    return [tile.label, tile.text if shown else numbers.MISSING, f"n = {tile.n:,}", tile.note if shown else ""]


def _suppressed(spec: ChartSpec, min_base: int) -> ChartSpec:
    """The chart with each value on fewer than `min_base` responses blanked (its base is still shown)."""
    def keep(series_n: Sequence[int | None], i: int) -> bool:
        base = spec.bases[i] if i < len(spec.bases) else None
        own = series_n[i] if i < len(series_n) else None
        return all(b is None or b >= min_base for b in (base, own))

    series = tuple(replace(s, values=tuple(v if keep(s.n, i) else math.nan for i, v in enumerate(s.values)),
                           marks=tuple(m if keep(s.n, i) else "" for i, m in enumerate(s.marks)))
                   for s in spec.series)
    scores = tuple(v if keep((), i) else math.nan for i, v in enumerate(spec.scores))
    score_marks = tuple(m if keep((), i) else "" for i, m in enumerate(spec.score_marks))
    return replace(spec, series=series, scores=scores, score_marks=score_marks)


def _chart_data(spec: ChartSpec) -> dict[str, Any]:
    table = chart_table(spec)
    return {
        "kind": spec.kind.value, "range": list(spec.value_range) if spec.value_range else None,
        "categories": [spec.category_text(c) for c in spec.categories],
        "series": [{"name": s.name, "role": s.role,
                    "values": [None if v is None or math.isnan(v) else round(v, 2) for v in s.values],
                    "texts": [table.cell_text(i, _column_of(spec, k)) for i in range(len(spec.categories))]}
                   for k, s in enumerate(spec.series)],
        "scores": [spec.score_text(i) for i in range(len(spec.scores))],
        "header": list(table.header),
        "rows": [[table.cell_text(i, j) for j in range(len(table.header))] for i in range(len(table.rows))],
    }


def _column_of(spec: ChartSpec, series_index: int) -> int:
    """The column of `chart_table` holding a series' values (a series with bases takes two columns)."""
    return 1 + sum(2 if s.n else 1 for s in spec.series[:series_index])
