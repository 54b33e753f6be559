"""Running a recipe: every block computed from the study as it is now, into plain sections the exporters draw.

Each block reads its own survey (the report's unless it names another, see
`reports.surveys`), and its notes name that survey and its base n.
All numbers come from the analysis engine (`xmdesk.core.analysis`) and charts from the
chart builders (`xmdesk.core.charts.build`), so a report shows what the screen shows.
A block whose feature is not in this build (no chart builder, no journey painter) turns
into a section with a visible message, never a crash and never a silent gap.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

import numpy as np
import pandas as pd

from xmdesk.core import messages
from xmdesk.core.analysis import crosstab, nps, scale_summary
from xmdesk.core.charts.spec import ChartSpec
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.reports.recipe import Block, Branding, Report
from xmdesk.core.reports.surveys import (BlockBase, SurveyUse, block_query, count_base, survey_note, survey_uses,
                                         uses_text)
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, Survey, load_survey
from xmdesk.core.vocabulary import numbers, registry

JourneyPainter = Callable[[Study, str], bytes | None]
"""Draws a journey map to PNG bytes (supplied by `xmdesk.render`, which the core cannot import)."""

COMMENT_LIMIT = 8
DATA_BLOCKS = frozenset({"summary", "tiles", "chart", "crosstab", "banner", "methodology"})
WARM_FROM = 4


@dataclass(frozen=True)
class Tile:
    label: str
    value: float
    text: str
    n: int
    note: str = ""
    role: str = numbers.Role.SCORE.value
    """How `value` is written (`text`); Excel writes the number with this role's format."""


@dataclass(frozen=True)
class Table:
    """A table of cells (text or numbers); `marks` holds significance letters per numeric cell."""

    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    marks: tuple[tuple[str, ...], ...] = ()
    decimals: int = 1
    roles: tuple[str, ...] = ()
    """Per column, the `numbers.Role` its fractional numbers are written in; '' (or none) for the table's decimals."""

    def role(self, row: int, column: int) -> numbers.Role | None:
        """How a numeric cell is written: whole numbers are counts, others take their column's role."""
        value = self.rows[row][column]
        if isinstance(value, int):
            return numbers.Role.COUNT
        role = self.roles[column] if column < len(self.roles) else ""
        return numbers.Role(role) if role else None

    def cell_text(self, row: int, column: int) -> str:
        """A cell as printed: numbers as every face writes them, then its significance letters."""
        value = self.rows[row][column]
        role = self.role(row, column) if not isinstance(value, bool) else None
        if value is None or (isinstance(value, float) and math.isnan(value)):
            text = numbers.MISSING
        elif role is not None:
            text = numbers.text(value, role)
        elif isinstance(value, float):
            text = f"{value:,.{self.decimals}f}"
        else:
            text = str(value)
        mark = self.marks[row][column] if row < len(self.marks) and column < len(self.marks[row]) else ""
        return f"{text} {mark}" if mark else text


def chart_table(spec: ChartSpec, category_label: str = "") -> Table:
    """The data behind a chart: one row per category, one column per series (and its base n when known)."""
    header: list[str] = [category_label]
    roles: list[str] = [""]
    for series in spec.series:
        header.append(series.name + (f" ({spec.unit})" if spec.unit else ""))
        roles.append(spec.role_of(series).value)
        if series.n:
            header.append(f"{series.name} n")
            roles.append(numbers.Role.COUNT.value)
    if spec.scores:
        header.append(spec.score_label or "score")
        roles.append(spec.score_role)
    rows, marks = [], []
    for i, category in enumerate(spec.categories):
        row: list[Any] = [spec.category_text(category)]
        mark = [""]
        for series in spec.series:
            value = series.values[i] if i < len(series.values) else None
            row.append(None if value is None or math.isnan(value) else float(value))
            mark.append(series.marks[i] if i < len(series.marks) else "")
            if series.n:
                row.append(series.n[i] if i < len(series.n) else None)
                mark.append("")
        if spec.scores:
            score = spec.scores[i] if i < len(spec.scores) else None
            row.append(None if score is None or math.isnan(score) else float(score))
            mark.append(spec.score_marks[i] if i < len(spec.score_marks) else "")
        rows.append(tuple(row))
        marks.append(tuple(mark))
    return Table(tuple(header), tuple(rows), tuple(marks), roles=tuple(roles))


class ChartImages(Protocol):
    """Draws a chart spec as SVG or PNG (implemented in `xmdesk.render.charts`; the core cannot paint)."""

    def svg(self, spec: ChartSpec, width: int, height: int) -> str:
        """The chart as an SVG document of width × height pixels: the HTML export inlines it, so it scales."""

    def png(self, spec: ChartSpec, width: int, height: int) -> bytes:
        """The chart as PNG bytes of width × height pixels: the Word export embeds pictures, not SVG."""


@dataclass(frozen=True)
class Section:
    kind: str
    title: str
    text: str = ""
    tiles: tuple[Tile, ...] = ()
    chart: ChartSpec | None = None
    table: Table | None = None
    image: bytes | None = None
    notes: tuple[str, ...] = ()
    message: str = ""
    """Shown instead of content: a feature not available, nothing to show."""


@dataclass(frozen=True)
class BuiltReport:
    name: str
    title: str
    subtitle: str
    lang: str
    layout: str
    branding: Branding
    generated: str
    sections: tuple[Section, ...]
    stamp: str = ""
    """The stamp's JSON (`reports.stamp`) once an export asked for one; every format stores it."""

    def text(self, message_id: str, **values: object) -> str:
        """A catalogue message in the report's language (not the app's)."""
        return messages.text(message_id, self.lang, **values)


@dataclass
class _Context:
    """What the blocks of one run share (the study, language, the report's filter) and the survey of the block
    being built (`for_block`)."""

    study: Study
    survey: Survey
    report: Report
    journey_painter: JourneyPainter | None
    block_filters: list[str] = field(default_factory=list)
    uses: tuple[SurveyUse, ...] = ()
    surveys: dict[str, Survey] = field(default_factory=dict)
    _maskers: list[Callable[[str], str]] = field(default_factory=list)
    """The run's one masker once made: a list, so that every block's context (`for_block`'s copy) shares it."""
    comments: dict[tuple[str, str], pd.DataFrame] = field(default_factory=dict)
    """(survey, question) -> its comment table: blocks quoting one question (its negative and its frequent
    comments) share one text analysis."""

    def for_block(self, block: Block) -> _Context:
        """This run's context reading the survey `block` reads."""
        code = self.report.survey_of(block)
        if code not in self.surveys:
            self.surveys[code] = _load(self.study, code)
        return replace(self, survey=self.surveys[code])

    @property
    def lang(self) -> str:
        return self.report.lang

    def t(self, message_id: str, **values: object) -> str:
        return messages.text(message_id, self.lang, **values)

    def masker(self) -> Callable[[str], str] | None:
        """Masks personal data in quoted comments (when the report asks for it), knowing the study's customers."""
        if not self.report.mask_personal:
            return None
        if not self._maskers:
            from xmdesk.core.export import study_masker

            self._maskers.append(study_masker(self.study).mask)
        return self._maskers[0]

    def frame(self, columns: Sequence[str], block: Block) -> tuple[pd.DataFrame, np.ndarray | None]:
        """The block's rows (report filter and block filter) with `columns`, and their weights.

        Rows are chosen by the analysis engine's query layer, as the charts panel chooses them.
        """
        from xmdesk.core.analysis.query import select

        query = block_query(self.report, block)
        try:
            selection = select(self.study, query, columns, self.survey, self.lang)
        except XMDeskError as error:
            if not query.filter:
                raise
            raise ModelError("report.bad_filter", filter=query.filter, block=block.title or "-",
                             reason=error.message(self.lang)) from error
        return selection.frame, selection.weights


# -- metrics shared by tiles and the summary ---------------------------------------------------


def default_metrics(survey: Survey) -> list[dict[str, str]]:
    """NPS of each NPS question, top-box of each rating (CSAT on 5 points, CES on 7), and the base."""
    metrics: list[dict[str, str]] = []
    for question in survey.active_questions():
        if question.type is QuestionType.NPS:
            metrics.append({"metric": "nps", "question": question.code})
        elif question.type is QuestionType.RATING:
            metrics.append({"metric": registry.rating_metric(question), "question": question.code})
    metrics.append({"metric": "count", "question": ""})
    return metrics


def _tile(ctx: _Context, spec: dict[str, str], frame: pd.DataFrame, weights: np.ndarray | None) -> Tile:
    metric, code = spec.get("metric", "count"), spec.get("question", "")
    if metric == "count":
        n = len(frame)
        return Tile(ctx.t("report.metric.count"), float(n), numbers.count(n), n, role=numbers.Role.COUNT.value)
    question = ctx.survey.question(code)
    values = frame[code].to_numpy(dtype=np.float64)
    if metric == "nps":
        result = nps(values, weights)
        note = f"95% CI {numbers.nps(result.ci_low)} – {numbers.nps(result.ci_high)}" if result.n else ""
        return Tile(ctx.t("report.metric.nps"), result.nps, numbers.nps(result.nps), result.n, note,
                    numbers.Role.NPS.value)
    summary = scale_summary(values, question.scale() or (1, 5), weights)
    if metric == "mean":
        return Tile(ctx.t("report.metric.mean", question=question.label(ctx.lang)), summary.mean,
                    numbers.score(summary.mean), summary.n,
                    f"95% CI {numbers.score(summary.ci_low)} – {numbers.score(summary.ci_high)}")
    label = ctx.t("report.metric.ces" if metric == "ces" else "report.metric.csat")
    return Tile(label, summary.top_box, numbers.percent(summary.top_box), summary.n,
                f"{ctx.t('report.metric.mean', question='')} {numbers.score(summary.mean)}".strip(),
                numbers.Role.PERCENT.value)


def _metric_columns(metrics: Sequence[dict[str, str]]) -> list[str]:
    return [m["question"] for m in metrics if m.get("question")]


# -- blocks -----------------------------------------------------------------------------------


def _title(ctx: _Context, block: Block) -> Section:
    return Section("title", block.title or ctx.report.title or ctx.survey.title(ctx.lang),
                   text=str(block.options.get("subtitle", "")))


def _tiles(ctx: _Context, block: Block) -> Section:
    metrics = block.options.get("metrics") or default_metrics(ctx.survey)
    frame, weights = ctx.frame(_metric_columns(metrics), block)
    tiles = tuple(_tile(ctx, m, frame, weights) for m in metrics)
    return Section("tiles", block.title or ctx.t("report.kind.tiles"), tiles=tiles, notes=_base_notes(ctx, block, frame))


def _summary(ctx: _Context, block: Block) -> Section:
    text = str(block.options.get("text", "")).strip()
    frame, weights = ctx.frame(_metric_columns(default_metrics(ctx.survey)), block)
    if not text:
        text = _key_figures(ctx, frame, weights)
    return Section("summary", block.title or ctx.t("report.kind.summary"), text=text,
                   notes=_base_notes(ctx, block, frame))


def _key_figures(ctx: _Context, frame: pd.DataFrame, weights: np.ndarray | None) -> str:
    """One sentence of the headline numbers, for a summary the consultant has not written yet."""
    parts = []
    for metric in default_metrics(ctx.survey):
        tile = _tile(ctx, metric, frame, weights)
        parts.append(f"{tile.label} {tile.text}" if metric["metric"] == "count" else
                     f"{tile.label} {tile.text} (n = {tile.n:,})")
    return ("；".join(parts) + "。") if ctx.lang == "zh" else ("; ".join(parts) + ".")


def _chart(ctx: _Context, block: Block) -> Section:
    """The chart of the block's request (a ChartSpec `source`), rebuilt on today's data and filters."""
    request = dict(block.options.get("request", {}))
    title = block.title or ctx.t("report.kind.chart")
    try:
        from xmdesk.core.charts.build import rebuild
    except ImportError:
        return Section("chart", title, message=ctx.t("report.unavailable", what=ctx.t("report.kind.chart")))
    query = block_query(ctx.report, block)
    request.update(query.to_dict())
    spec = rebuild(ctx.study, request, ctx.lang)
    # The survey note goes into the spec: a PDF chart paints the spec's notes under its plot.
    spec = replace(spec, notes=(_survey_note(ctx, block, count_base(ctx.study, query, ctx.survey)), *spec.notes))
    return Section("chart", block.title or spec.title, chart=spec, notes=tuple(spec.notes))


def _crosstab(ctx: _Context, block: Block) -> Section:
    row = ctx.survey.question(str(block.options["row"]))
    column = ctx.survey.question(str(block.options["column"]))
    frame, weights = ctx.frame([row.code, column.code], block)
    table = crosstab(frame, row, column, weights, lang=ctx.lang)
    header = ("",) + tuple(f"{label} ({letter})" for label, letter in zip(table.column_labels, table.letters))
    rows = tuple((label,) + tuple(None if math.isnan(v) else float(v) for v in table.column_pct[i])
                 for i, label in enumerate(table.row_labels))
    base = ("n",) + tuple(int(n) for n in table.column_n)
    marks = tuple(("",) + tuple(cell) for cell in table.significance) + (("",) * len(header),)
    title = block.title or f"{row.label(ctx.lang)} × {column.label(ctx.lang)}"
    notes = [ctx.t("report.letters", alpha=table.alpha), *_base_notes(ctx, block, frame, table.n)]
    if any(table.small_base):
        small = [lab for lab, s in zip(table.column_labels, table.small_base) if s]
        notes.append(f"{ctx.t('report.small_base')}: {', '.join(small)}")
    percents = ("",) + (numbers.Role.PERCENT.value,) * len(table.column_labels)
    return Section("crosstab", title, table=Table(header, rows + (base,), marks, roles=percents), notes=tuple(notes))


def _banner(ctx: _Context, block: Block) -> Section:
    """Row variables × Total and the banner, one table: the banner's columns named "group: label (letter)", each row
    variable's categories then its base, after its code when the block has several (the title names them in full:
    a question's wording before every category left the numbers too little of a page's width)."""
    from xmdesk.core.analysis.banner import banner_tables, variables

    rows, banner = variables(ctx.survey, option_codes(block.options.get("rows")),
                             option_codes(block.options.get("banner")))
    frame, weights = ctx.frame([q.code for q in rows + banner], block)
    book = banner_tables(ctx.survey, frame, weights, rows, banner, lang=ctx.lang)
    header = ("",) + tuple(f"{g.label}: {label} ({letter})" if letter else label
                           for g in book.groups for label, letter in zip(g.labels, g.letters))
    body: list[tuple[Any, ...]] = []
    marks: list[tuple[str, ...]] = []
    for table in book.tables:
        prefix = f"{table.code}: " if len(book.tables) > 1 else ""
        for i, label in enumerate(table.row_labels):
            body.append((prefix + label,) + tuple(None if math.isnan(v) else float(v) for v in table.column_pct[i]))
            marks.append(("",) + table.letters[i])
        body.append((prefix + "n",) + table.base_n)
        marks.append(("",) * len(header))
    title = block.title or " / ".join(t.label for t in book.tables)
    percents = ("",) + (numbers.Role.PERCENT.value,) * (len(header) - 1)
    notes = (book.notes[-1], *_base_notes(ctx, block, frame))
    return Section("banner", title, table=Table(header, tuple(body), tuple(marks), roles=percents), notes=notes)


def option_codes(value: Any) -> list[str]:
    """A list of codes as a recipe stores it, or as the block form's text field holds it ("nps, csat")."""
    items = value.split(",") if isinstance(value, str) else list(value or [])
    return [str(item).strip() for item in items if str(item).strip()]


def _comments(ctx: _Context, block: Block) -> Section:
    """The most frequent comments of the block's rows, with sentiment and topics from the text analytics."""
    from xmdesk.core.text.analyze import NEGATIVE_BELOW, POSITIVE_FROM, comment_table

    code = str(block.options.get("question") or _first_text_question(ctx.survey))
    limit = int(block.options.get("limit", COMMENT_LIMIT))
    wanted = str(block.options.get("sentiment", "all"))
    title = block.title or ctx.survey.question(code).label(ctx.lang)
    frame, _ = ctx.frame([], block)  # only the filter's columns: the comments come from the text analytics
    if (ctx.survey.code, code) not in ctx.comments:
        ctx.comments[ctx.survey.code, code] = comment_table(ctx.study, ctx.survey, code)
    table = ctx.comments[ctx.survey.code, code]
    table = table[table["response_id"].isin(frame.index)]
    if wanted == "negative":
        table = table[table["sentiment"] < NEGATIVE_BELOW]
    elif wanted == "positive":
        table = table[table["sentiment"] >= POSITIVE_FROM]
    elif wanted == "quotable":  # the comments an analyst marked for reports in the Text area
        table = table[table["quotable"].astype(bool)]
    if table.empty:
        return Section("comments", title, message=ctx.t("report.no_comments"))
    grouped = table.groupby("text", sort=False).agg(times=("response_id", "size"), sentiment=("sentiment", "mean"),
                                                     topics=("topics", "first"))
    top = grouped.sort_values(["times", "sentiment"], ascending=[False, True]).head(limit)
    masker = ctx.masker()
    rows = tuple((masker(text) if masker else text, _sentiment_label(ctx, row.sentiment), "、".join(row.topics),
                  int(row.times)) for text, row in top.iterrows())
    header = (ctx.t("report.col.comment"), ctx.t("report.col.sentiment"), ctx.t("report.col.topics"),
              ctx.t("report.col.count"))
    return Section("comments", title, table=Table(header, rows, decimals=0),
                   notes=_base_notes(ctx, block, frame, len(table)))


def _sentiment_label(ctx: _Context, score: float) -> str:
    from xmdesk.core.text.analyze import NEGATIVE_BELOW, POSITIVE_FROM

    if score >= POSITIVE_FROM:
        return ctx.t("report.positive")
    if score <= NEGATIVE_BELOW:
        return ctx.t("report.negative")
    return ctx.t("report.neutral")


def _first_text_question(survey: Survey) -> str:
    for question in survey.active_questions():
        if question.type is QuestionType.TEXT:
            return question.code
    raise ModelError("report.no_comments")


def _journey(ctx: _Context, block: Block) -> Section:
    from xmdesk.core.journey import maps as journeys

    names = journeys.journey_names(ctx.study)
    name = str(block.options.get("name") or (names[0] if names else ""))
    title = block.title or name or ctx.t("report.kind.journey")
    if name not in names:
        return Section("journey", title, message=ctx.t("report.no_journey", name=name))
    if ctx.journey_painter is None:
        return Section("journey", title, message=ctx.t("report.unavailable", what=ctx.t("report.kind.journey")))
    image = ctx.journey_painter(ctx.study, name)
    if image is None:
        return Section("journey", title, message=ctx.t("report.unavailable", what=ctx.t("report.kind.journey")))
    return Section("journey", title, image=image)


def _cases(ctx: _Context, block: Block) -> Section:
    title = block.title or ctx.t("report.kind.cases")
    # Counted in SQL, each status in the order its first case was opened: reading every case to count them cost
    # 0.7 s on the demo's 45,000 cases.
    case_counts = dict(ctx.study.conn.execute("SELECT status, count(*) FROM cases GROUP BY status ORDER BY min(id)")
                       .fetchall())
    action_counts = dict(ctx.study.conn.execute("SELECT status, count(*) FROM actions GROUP BY status").fetchall())
    if not case_counts and not action_counts:
        return Section("cases", title, message=ctx.t("report.no_cases"))
    rows = [(ctx.t("report.cases"), _status_label(status, ctx.lang), count) for status, count in case_counts.items()]
    rows += [(ctx.t("report.actions"), _action_status(ctx, status), count) for status, count in action_counts.items()]
    header = (ctx.t("report.col.item"), ctx.t("report.col.status"), ctx.t("report.col.count"))
    return Section("cases", title, table=Table(header, tuple(rows), decimals=0))


def _status_label(status: str, lang: str) -> str:
    """The cases module's label for a status when it has one, else the status code itself."""
    from xmdesk.core.loop import cases

    labels = getattr(cases, "STATUS_LABELS_ZH" if lang == "zh" else "STATUS_LABELS_EN", {})
    return str(labels.get(status, status))


def _action_status(ctx: _Context, status: str) -> str:
    message_id = f"report.action.{status}"
    return ctx.t(message_id) if message_id in messages.CATALOGUE else status


def _methodology(ctx: _Context, block: Block) -> Section:
    date_columns = [q.code for q in ctx.survey.active_questions() if q.type is QuestionType.DATE][:1] or ["created_at"]
    frame, weights = ctx.frame(date_columns, block)
    dates = frame[date_columns[0]].dropna().astype(str)
    span = f"{dates.min()[:10]} – {dates.max()[:10]}" if len(dates) else "–"
    rows = [
        (ctx.t("report.method.survey"), ctx.survey.title(ctx.lang)),
        (ctx.t("report.method.sample"), f"{len(frame):,}"),
        (ctx.t("report.method.dates"), span),
        (ctx.t("report.method.filter"), ctx.report.filter or ctx.t("report.no_filter")),
        (ctx.t("report.method.weighting"), ctx.t("report.weighted", column=ctx.report.weight)
         if ctx.report.weight else ctx.t("report.unweighted")),
        (ctx.t("report.method.tests"), ctx.t("report.method.tests_text")),
        (ctx.t("report.method.small_base"), ctx.t("report.method.small_base_text")),
    ]
    if ctx.block_filters:
        rows.insert(4, (ctx.t("report.method.block_filters"), "; ".join(ctx.block_filters)))
    if len(ctx.uses) > 1:
        rows.insert(1, (ctx.t("report.method.surveys"), uses_text(ctx.uses, ctx.lang)))
    return Section("methodology", block.title or ctx.t("report.kind.methodology"), table=Table(("", ""), tuple(rows)),
                   notes=(_survey_note(ctx, block, len(frame)),))


def _survey_note(ctx: _Context, block: Block, n: int) -> str:
    return survey_note(BlockBase(ctx.survey.code, ctx.survey.title(ctx.lang), n, not block.survey), ctx.lang)


def _base_notes(ctx: _Context, block: Block, frame: pd.DataFrame, n: int | None = None) -> tuple[str, ...]:
    """The block's survey and base first; a base of its own (answered both questions, comments found) after."""
    notes = [_survey_note(ctx, block, len(frame))]
    if n is not None and n != len(frame):
        notes.append(ctx.t("report.base", n=f"{n:,}"))
    filters = [t for t in (ctx.report.filter, block.filter) if t.strip()]
    if filters:
        notes.append(ctx.t("report.filter", filter=" and ".join(filters)))
    if ctx.report.weight:
        notes.append(ctx.t("report.weighted", column=ctx.report.weight))
    return tuple(notes)


def read_columns(survey: Survey, report: Report) -> list[str]:
    """The columns a report reads of one survey, to read them in one scan: every analysable one (charts, tables,
    tiles), the entry time (methodology, the stamp's fingerprint), the weight and the questions its comment blocks
    quote (a scan per text column cost 0.2 s each on 100,000 responses)."""
    from xmdesk.core.analysis.frame import analysable_columns

    known = {q.code for q in survey.active_questions()}
    quoted = [str(b.options.get("question") or _first_text_question(survey)) for b in report.blocks
              if b.kind == "comments" and report.survey_of(b) == survey.code]
    extra = [code for code in (report.weight, *quoted) if code in known]
    return list(dict.fromkeys([*analysable_columns(survey), "created_at", *extra]))


def _load(study: Study, code: str) -> Survey:
    try:
        return load_survey(study, code)
    except XMDeskError as error:
        raise ModelError("report.no_survey", survey=code) from error


BUILDERS: dict[str, Callable[[_Context, Block], Section]] = {
    "title": _title, "summary": _summary, "tiles": _tiles, "chart": _chart, "crosstab": _crosstab, "banner": _banner,
    "comments": _comments, "journey": _journey, "cases": _cases, "methodology": _methodology,
}


def build_report(study: Study, report: Report, *, journey_painter: JourneyPainter | None = None,
                 progress: Progress = no_progress, cancel: CancelToken | None = None) -> BuiltReport:
    """Compute every block of the recipe on the study's current data, each on the survey it reads."""
    survey = _load(study, report.survey)
    ctx = _Context(study, survey, report, journey_painter,
                   [f"{b.title or b.kind}: {b.filter}" for b in report.blocks if b.filter.strip()],
                   survey_uses(study, report, report.lang), {survey.code: survey})
    for use in ctx.uses:
        if sum(report.blocks[i].kind in DATA_BLOCKS for i in use.blocks) >= WARM_FROM:
            # Blocks ask for many column combinations; one scan of every analysable column beats a scan per block
            # (100,000 responses, 40 blocks: 4.4 s -> 3.2 s), and the preview's rebuilds then read nothing.
            from xmdesk.core.analysis.frame import warm

            used = ctx.for_block(report.blocks[use.blocks[0]]).survey
            warm(study, used, read_columns(used, report))
    sections = []
    for i, block in enumerate(report.blocks):
        if cancel is not None:
            cancel.check()
        progress(i, len(report.blocks), ctx.t("report.building", block=block.title or ctx.t(f"report.kind.{block.kind}")))
        sections.append(BUILDERS[block.kind](ctx.for_block(block), block))
    progress(len(report.blocks), len(report.blocks), "")
    cover = next((s for s in sections if s.kind == "title"), None)  # the title block's heading names the cover
    title = cover.title if cover is not None else report.title or survey.title(report.lang)
    subtitle = cover.text if cover is not None and cover.text else survey.title(report.lang)
    return BuiltReport(report.name, title, subtitle, report.lang, report.layout, report.branding,
                       date.today().isoformat(), tuple(sections))
