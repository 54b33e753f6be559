"""The standard report a study gets without anyone building one: made from the survey's question types.

Every NPS and rating question gets its chart by the first two single-choice questions,
multiple choices their distribution, the first two single choices a crosstab, the
first text question its top complaints; plus tiles, the journey map, cases and the
methodology appendix. `xmdesk report STUDY --default` and the demo study use it.
"""

from __future__ import annotations

from typing import Any

from xmdesk.core import messages
from xmdesk.core.importing.layouts import is_vendor_column
from xmdesk.core.reports.recipe import Block, Report, save_report
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, list_surveys
from xmdesk.core.vocabulary import registry


def _chart(metric: str, question: str, by: str | None = None, **extra: Any) -> Block:
    """A chart block following the report's survey (its request names none, see `Block.survey`)."""
    request: dict[str, Any] = {"metric": metric, "question": question, **extra}
    if by:
        request["by"] = by
    return Block("chart", options={"request": request})


def default_report(survey: Survey, lang: str = "zh", name: str | None = None) -> Report:
    """A complete recipe for `survey`, from what its questions are."""
    questions = [q for q in survey.active_questions() if not _system_like(q)]
    singles = [q.code for q in questions if q.type in (QuestionType.SINGLE,)][:2]
    dates = [q.code for q in questions if q.type is QuestionType.DATE]
    texts = [q.code for q in questions if q.type is QuestionType.TEXT]
    blocks = [Block("title"), Block("summary"), Block("tiles")]
    for question in questions:
        if question.type is QuestionType.NPS:
            blocks.append(_chart("nps", question.code))
            blocks += [_chart("nps", question.code, by, chart="bars") for by in singles]
            if dates:
                blocks.append(_chart("trend", question.code, period="month"))
        elif question.type is QuestionType.RATING:
            metric = registry.rating_metric(question)
            blocks += [_chart(metric, question.code, by) for by in singles[:1]]
        elif question.type is QuestionType.MULTIPLE:
            blocks.append(_chart("freq", question.code))
    if len(singles) == 2:
        blocks.append(Block("crosstab", options={"row": singles[1], "column": singles[0]}))
    if texts:
        blocks.append(Block("comments", options={"question": texts[-2] if len(texts) > 1 else texts[0],
                                                 "sentiment": "negative", "limit": 8}))
    blocks += [Block("journey"), Block("cases"), Block("methodology")]
    return Report(name=name or messages.text("report.default_name", lang), survey=survey.code,
                  title=survey.title(lang), lang=lang, blocks=blocks)


def _system_like(question: Question) -> bool:
    """A survey tool's own column that an XMDesk before response fields imported as a question (its group
    'meta', or a label such as 来自IP or IP Address): never charted, and never the report's comments, which
    would quote IP addresses to the client."""
    return question.group == "meta" or any(is_vendor_column(label) for label in (question.label_zh,
                                                                                 question.label_en) if label)


def install_demo_report(study: Study) -> None:
    """Save the standard report of the study's first survey, so a new demo opens with a report to run."""
    surveys = list_surveys(study)
    if surveys:
        save_report(study, default_report(surveys[0], "zh"))
