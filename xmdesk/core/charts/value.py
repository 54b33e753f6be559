"""The value view's chart: mean spend per respondent before and after the response, bars per NPS group.

One spec for every face (the Charts area's Value tab, a saved image), as every other chart; the figures and the
tests are the core's (`analysis.value`), the repurchase rate is in the table beside it.
"""

from __future__ import annotations

import math

from xmdesk.core import messages
from xmdesk.core.analysis.value import ValueView
from xmdesk.core.charts.spec import ChartKind, ChartSpec, Series
from xmdesk.core.vocabulary.numbers import Role


def value_chart(view: ValueView, lang: str) -> ChartSpec:
    """Spend before and after, two bars per group, each group's base under its name."""

    def figures(name: str) -> tuple[float | None, ...]:
        return tuple(None if math.isnan(getattr(g, name)) else float(getattr(g, name)) for g in view.groups)

    bases = tuple(g.n for g in view.groups)
    notes = [messages.text("derived.value_note", lang)]
    if view.unlinked:
        notes.append(messages.text("derived.value_unlinked", lang, n=view.unlinked))
    return ChartSpec(
        kind=ChartKind.BARS,
        title=messages.text("derived.value_title", lang, table=view.table, column=view.column, days=view.days),
        categories=tuple(g.label for g in view.groups),
        series=(Series(messages.text("derived.value_spend_before", lang, days=view.days), figures("spend_before"),
                       n=bases, role="passive"),
                Series(messages.text("derived.value_spend_after", lang, days=view.days), figures("spend_after"),
                       n=bases, role="positive")),
        y_label=f"{view.table}.{view.column}",
        value_role=Role.SCORE.value,
        bases=bases,
        notes=tuple(notes),
        source={"survey": view.survey, "value": {"question": view.question, "table": view.table,
                                                 "column": view.column, "days": view.days}},
    )
