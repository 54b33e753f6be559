"""A report as a saved recipe: which blocks, in which order, on which data, in which language and colours.

A recipe holds no numbers. Running it (`reports.build.build_report`) reads the study as
it is now, so a report saved in March and run in June carries June's data with March's
layout. Recipes live in the study file (table `reports`, schema step m009), as JSON.

A block reads the report's survey unless it names another one (`Block.survey`), so
switching the report's survey moves every block that followed it and no other. Recipe
version 1 had no such field: a chart named its survey inside its request, whether or not
it was the report's; `Report.from_dict` reads one equal to the report's as "follows".
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study, now_iso

BLOCK_KINDS = ("title", "summary", "tiles", "chart", "crosstab", "banner", "comments", "journey", "cases",
               "methodology")
LAYOUTS = ("a4", "slides")
LANGUAGES = ("zh", "en")
FORMATS = ("pdf", "pptx", "xlsx", "docx", "html")
RECIPE_VERSION = 2
"""2: blocks name their survey in `Block.survey` ("" follows the report); 1: charts named it in their request."""
SURVEY_BLOCKS = frozenset({"summary", "tiles", "chart", "crosstab", "banner", "comments", "methodology"})
"""Kinds that read one survey's responses (a title, journey map or the cases list reads no survey)."""


@dataclass
class Block:
    """One part of a report. `options` depend on the kind:

    - title: {"subtitle": str}
    - summary: {"text": str} (empty: a sentence of key figures is written from the data)
    - tiles: {"metrics": [{"metric": "nps"|"csat"|"ces"|"mean"|"count", "question": code}]}
    - chart: {"request": the `source` dict of a ChartSpec}; rebuilt from the data on every run
    - crosstab: {"row": code, "column": code}
    - banner: {"rows": [code, …], "banner": [code, …]} (or "code, code"): row variables × Total and the banner
      variables (`analysis.banner`)
    - comments: {"question": code, "limit": int, "sentiment": "all"|"positive"|"negative"|"quotable"}
    - journey: {"name": journey name}
    - cases, methodology: no options
    `filter` is an expression (`${channel} = 1`) applied on top of the report's filter.
    `survey` is the code of the survey the block reads; empty: the report's survey, whichever it is.
    """

    kind: str
    title: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    filter: str = ""
    survey: str = ""

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ModelError("report.bad_block", kind=self.kind, known=", ".join(BLOCK_KINDS))


@dataclass
class Branding:
    client: str = ""
    logo_path: str = ""
    primary: str = "#1f4e79"
    accent: str = "#e07b28"


@dataclass
class Report:
    name: str
    survey: str
    title: str = ""
    lang: str = "zh"
    layout: str = "a4"
    filter: str = ""
    weight: str = ""
    """A numeric response column holding weights; empty for unweighted."""
    mask_personal: bool = True
    """Mask phone numbers, e-mails, ID numbers and names in quoted comments."""
    branding: Branding = field(default_factory=Branding)
    blocks: list[Block] = field(default_factory=list)
    version: int = RECIPE_VERSION

    def survey_of(self, block: Block) -> str:
        """The survey `block` reads: its own when it names one, else the report's."""
        return block.survey or self.survey

    def to_json(self) -> str:
        """The recipe as stored in the study: readable UTF-8 JSON with its version, which `from_dict` reads back."""
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        """A recipe back from its JSON, older versions included (a version-1 chart that named the report's survey
        follows the report); an unknown language or layout falls back to zh and A4."""
        version = int(data.get("version", 1))
        survey = str(data["survey"])
        return cls(
            name=str(data["name"]), survey=survey, title=str(data.get("title", "")),
            lang=data.get("lang", "zh") if data.get("lang") in LANGUAGES else "zh",
            layout=data.get("layout", "a4") if data.get("layout") in LAYOUTS else "a4",
            filter=str(data.get("filter", "")), weight=str(data.get("weight", "")),
            mask_personal=bool(data.get("mask_personal", True)),
            branding=Branding(**data.get("branding", {})),
            blocks=[_stored_block(b, survey, version) for b in data.get("blocks", [])],
        )


def _stored_block(data: dict[str, Any], report_survey: str, version: int) -> Block:
    """A block as stored; a chart's request no longer names a survey (the block does).

    Version 1 cannot tell "this block follows the report" from "this block reads the survey
    that happened to be the report's": the request held the survey either way, and the
    standard report wrote it into every chart. Read as "follows", a switched report moves
    those blocks, which is what the user of the issue expected; another survey stays the block's own.
    """
    options = copy.deepcopy(dict(data.get("options", {})))
    request = options.get("request")
    named = str(request.pop("survey", "") or "") if isinstance(request, dict) else ""
    survey = str(data.get("survey", "") or "")
    if version < 2 and not survey and named != report_survey:
        survey = named
    return Block(data["kind"], data.get("title", ""), options, data.get("filter", ""), survey)


# -- storage ---------------------------------------------------------------------------


def save_report(study: Study, report: Report) -> None:
    """Insert or replace the recipe named `report.name`."""
    if not report.name.strip():
        raise ModelError("report.bad_name")
    now = now_iso()
    with study.transaction(Changes.of("reports")) as conn:
        conn.execute("INSERT INTO reports (name, recipe, created_at, updated_at) VALUES (?, ?, ?, ?) "
                     "ON CONFLICT(name) DO UPDATE SET recipe = excluded.recipe, updated_at = excluded.updated_at",
                     (report.name, report.to_json(), now, now))


def report_names(study: Study) -> list[str]:
    """The study's reports in the order they were made."""
    return [row[0] for row in study.conn.execute("SELECT name FROM reports ORDER BY id")]


def load_report(study: Study, name: str) -> Report:
    """The recipe of that name; an unknown name lists the known ones, and a damaged recipe is a ModelError naming the
    report rather than a crash."""
    row = study.conn.execute("SELECT recipe FROM reports WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise ModelError("report.unknown", name=name, known=", ".join(report_names(study)) or "-")
    try:
        return Report.from_dict(json.loads(row[0]))
    except (ValueError, KeyError, TypeError) as error:
        raise ModelError("report.bad_recipe", name=name, reason=str(error)) from error


def delete_report(study: Study, name: str) -> None:
    """Delete the recipe of that name in one transaction; a name already gone is no error."""
    with study.transaction(Changes.of("reports")) as conn:
        conn.execute("DELETE FROM reports WHERE name = ?", (name,))


def append_blocks(study: Study, name: str, survey: str, lang: str, blocks: list[dict[str, Any]]) -> Report:
    """Add blocks, given in their stored form, at the end of the report `name` (a new report on `survey` when
    there is none); a block naming the report's survey follows it. One click of another area (a finding of the
    insight finder) becomes part of a report this way, without that area knowing the recipe's classes."""
    report = load_report(study, name) if name in report_names(study) else Report(name, survey, title=name, lang=lang)
    for data in blocks:
        block = Block(data["kind"], data.get("title", ""), dict(data.get("options", {})), data.get("filter", ""),
                      data.get("survey", ""))
        if block.survey == report.survey:
            block.survey = ""
        report.blocks.append(block)
    save_report(study, report)
    return report
