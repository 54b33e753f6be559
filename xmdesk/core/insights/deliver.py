"""A finding, one click later: report blocks (its chart and its sentence) or a dashboard tile.

Neither stores a number: the chart block and the tile hold the analysis request that shows the finding
(the outcome by the segment, with the ↑/↓ marks that single the group out; or the group's trend for a
change between periods), so they follow the data like every other chart. The sentence goes into a
summary block as it reads today, since it is the consultant's finding of that day.
"""

from __future__ import annotations

from typing import Any

from xmdesk.core.analysis.dashboards import DEFAULT_NAME, Dashboard, Tile, dashboard_names, load_dashboard, save_dashboard
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request
from xmdesk.core.errors import ModelError
from xmdesk.core.insights.finder import Insights
from xmdesk.core.insights.findings import Finding
from xmdesk.core.insights.scan import ALL
from xmdesk.core.study.file import Study

CHART_METRICS = frozenset({"nps", "csat", "ces"})


def group_filter(insights: Insights, finding: Finding) -> str:
    """The expression that selects the finding's group ('' for all respondents)."""
    test = finding.test
    if test.segment == ALL:
        return ""
    segment = insights.variables.segments[test.segment]
    return f"${{{segment.question}}} = '{segment.groups[test.group].key}'" if segment.question else ""


def finding_request(insights: Insights, finding: Finding, lang: str) -> Request | None:
    """The chart that shows the finding: the outcome by the segment (whole period) or the group's trend by the
    period of the scan; None when the outcome is no question's metric (a topic share, the case rate) or the
    segment no question (a customer fact)."""
    test = finding.test
    outcome = insights.variables.outcomes[test.outcome]
    if outcome.metric not in CHART_METRICS or outcome.question is None:
        return None
    survey = insights.survey.code
    if test.scope == "period":
        segment = None if test.segment == ALL else insights.variables.segments[test.segment]
        if segment is not None and segment.question is None:
            return None
        return Request("trend", outcome.question, Query(survey, filter=group_filter(insights, finding)),
                       period=insights.options.period, lang=lang)
    by = insights.variables.segments[test.segment].question
    if by is None:
        return None
    return Request(outcome.metric, outcome.question, Query(survey), by=by,
                   chart="bars" if outcome.metric == "nps" else "", lang=lang)


def report_blocks(insights: Insights, finding: Finding, lang: str) -> list[dict[str, Any]]:
    """The chart (when the finding has one) and the sentence, as report blocks in their stored form
    (`reports.recipe.append_blocks` adds them: the two features stand side by side, neither imports the other)."""
    survey = insights.survey.code
    blocks: list[dict[str, Any]] = [{"kind": "summary", "options": {"text": insights.sentence(finding, lang)},
                                     "survey": survey}]
    request = finding_request(insights, finding, lang)
    if request is not None:
        source = {key: value for key, value in request.to_dict().items() if key not in ("survey", "filter", "lang")}
        blocks.insert(0, {"kind": "chart", "options": {"request": source}, "filter": request.query.filter,
                          "survey": survey})
    return blocks


def add_to_dashboard(study: Study, insights: Insights, finding: Finding, lang: str,
                     name: str = DEFAULT_NAME) -> Dashboard:
    """Append the finding's chart to the dashboard `name` as a full-width tile (made when there is none)."""
    request = finding_request(insights, finding, lang)
    if request is None:
        raise ModelError("insights.no_chart")
    dashboard = load_dashboard(study, name) if name in dashboard_names(study) else Dashboard(name)
    dashboard.tiles.append(Tile(request, span=2))
    save_dashboard(study, dashboard)
    return dashboard
