"""Which survey each block of a report reads, and on how many responses: what the builder, the exported
notes and the CLI say before anyone trusts a number.

A report can mix surveys on purpose (this wave beside the last one), never by accident:
a block follows the report's survey unless it names another (`Block.survey`), and
`survey_uses` lists the surveys a report reads with the blocks reading each, so an export
of several surveys can say so first. A block's base is counted here, once per distinct
query, so the builder's list and the exported notes show the same n.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from xmdesk.core import messages
from xmdesk.core.survey import responses
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.errors import XMDeskError
from xmdesk.core.reports.recipe import SURVEY_BLOCKS, Block, Report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, load_survey


@dataclass(frozen=True)
class BlockBase:
    """The survey a block reads and the number of responses its figures are computed on."""

    survey: str
    title: str
    """The survey's title in the asked language (its code when the study has no such survey)."""
    n: int | None
    """Responses left after the report's, the block's (and a chart's own) filters; None when they cannot be counted."""
    follows: bool
    """True when the block reads the report's survey because it names none."""
    problem: str = ""
    """Why n is None: an unknown survey or a filter that cannot be used."""


@dataclass(frozen=True)
class SurveyUse:
    """One survey a report reads and the blocks (positions from 0) reading it."""

    survey: str
    title: str
    blocks: tuple[int, ...]


def block_query(report: Report, block: Block) -> Query:
    """The responses a block's figures are computed on: its survey, the report's filter and weight, the block's
    filter, and for a chart its own request's filter, dates and weight (the request's weight wins)."""
    request: dict[str, Any] = dict(block.options.get("request", {})) if block.kind == "chart" else {}
    texts = [str(t) for t in (report.filter, block.filter, request.get("filter", "")) if str(t or "").strip()]
    request.update(survey=report.survey_of(block), filter=" and ".join(f"({t})" for t in texts),
                   weight=request.get("weight") or report.weight or None)
    return Query.from_dict(request)


def count_base(study: Study, query: Query, survey: Survey) -> int:
    """How many analysed responses the query keeps: counts when nothing filters them, else the filter's own
    columns only (expressions are evaluated by `logic`, not in SQL). Weights do not change who is counted."""
    if not (query.filter or query.date_from or query.date_to):
        return responses.count_analysed(study.conn, survey)
    return select(study, replace(query, weight=None, rim={}), [], survey).n


def block_bases(study: Study, report: Report, lang: str) -> list[BlockBase | None]:
    """Per block (in order): the survey it reads and its base n; None for a block that reads no survey."""
    surveys: dict[str, Survey | None] = {}
    counted: dict[str, tuple[int | None, str]] = {}
    bases: list[BlockBase | None] = []
    for block in report.blocks:
        if block.kind not in SURVEY_BLOCKS:
            bases.append(None)
            continue
        code = report.survey_of(block)
        if code not in surveys:
            surveys[code] = _survey_or_none(study, code)
        survey = surveys[code]
        if survey is None:
            bases.append(BlockBase(code, code, None, not block.survey,
                                   messages.text("report.no_survey", lang, survey=code)))
            continue
        query = block_query(report, block)
        key = json.dumps(query.to_dict(), sort_keys=True, ensure_ascii=False)
        if key not in counted:
            counted[key] = _counted(study, query, survey, lang)
        n, problem = counted[key]
        bases.append(BlockBase(code, survey.title(lang), n, not block.survey, problem))
    return bases


def _counted(study: Study, query: Query, survey: Survey, lang: str) -> tuple[int | None, str]:
    try:
        return count_base(study, query, survey), ""
    except XMDeskError as error:
        return None, error.message(lang)


def _survey_or_none(study: Study, code: str) -> Survey | None:
    try:
        return load_survey(study, code)
    except XMDeskError:
        return None


def survey_uses(study: Study, report: Report, lang: str) -> tuple[SurveyUse, ...]:
    """The surveys the report's blocks read, in order of first use, each with the blocks reading it."""
    blocks: dict[str, list[int]] = {}
    for i, block in enumerate(report.blocks):
        if block.kind in SURVEY_BLOCKS:
            blocks.setdefault(report.survey_of(block), []).append(i)
    titles = {code: survey.title(lang) if (survey := _survey_or_none(study, code)) is not None else code
              for code in blocks}
    return tuple(SurveyUse(code, titles[code], tuple(at)) for code, at in blocks.items())


def uses_text(uses: tuple[SurveyUse, ...], lang: str) -> str:
    """`Title (code): blocks 1, 3; Other (other): block 2`, blocks numbered from 1 as the builder lists them."""
    parts = []
    for use in uses:
        numbers = ", ".join(str(i + 1) for i in use.blocks)
        which = messages.text("report.blocks_one" if len(use.blocks) == 1 else "report.blocks_many", lang,
                              numbers=numbers)
        parts.append(messages.text("report.survey_use", lang, survey=use.title, code=use.survey, blocks=which))
    return ("；" if lang == "zh" else "; ").join(parts)


def survey_note(base: BlockBase, lang: str) -> str:
    """The note under a block naming its survey and n, in the report's language."""
    n = "?" if base.n is None else f"{base.n:,}"
    return messages.text("report.survey_note", lang, survey=base.title, code=base.survey, n=n)
