"""The value view (issue 20): spend and repurchase of promoters, passives and detractors from the orders, against
pandas and scipy over the stored tables (to 1e-9), weighted and unweighted."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from xmdesk.core.analysis.value import value_table, value_view
from xmdesk.core.charts.value import value_chart
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey
from tests.core.test_derived import TOL
from tests.core.test_odata_vars import cx, expected, responses, windowed  # noqa: F401 - cx is a fixture
from tests.messages import raises_message

DAYS = 45


def groups_by_hand(study: Study) -> pd.DataFrame:
    """Per response: its NPS group, spend in the 45 days before (its day included) and after (from the next day),
    and whether it bought again in the 45 days after; responses without a customer left out."""
    data = responses(study)
    data["before"] = expected(study, windowed(study, -DAYS, 0), "sum")
    data["after"] = expected(study, windowed(study, 1, DAYS), "sum")
    data["again"] = expected(study, windowed(study, 1, DAYS), "any")
    data["group"] = np.select([data["nps"] >= 9, data["nps"] >= 7], ["promoter", "passive"], "detractor")
    return data[data["customer_id"].notna()]


def test_value_view_matches_pandas_and_scipy(study: Study, cx: Survey) -> None:  # noqa: F811
    view = value_view(study, "cx", days=DAYS, lang="en")
    data = groups_by_hand(study)
    assert [g.code for g in view.groups] == ["promoter", "passive", "detractor"]
    for group in view.groups:
        rows = data[data["group"] == group.code]
        assert group.n == len(rows) > 10
        assert math.isclose(group.spend_before, rows["before"].mean(), abs_tol=TOL)
        assert math.isclose(group.spend_after, rows["after"].mean(), abs_tol=TOL)
        assert math.isclose(group.repurchase, rows["again"].mean(), abs_tol=TOL)
        assert group.repurchased == int(rows["again"].sum())
    promoters, detractors = data[data["group"] == "promoter"], data[data["group"] == "detractor"]
    for test, column in ((view.spend_before_test, "before"), (view.spend_after_test, "after")):
        scipy_t = stats.ttest_ind(promoters[column], detractors[column], equal_var=False)
        assert test is not None and test.name == "welch_t"
        assert math.isclose(test.statistic, float(scipy_t.statistic), abs_tol=TOL)
        assert math.isclose(test.p, float(scipy_t.pvalue), abs_tol=TOL)
    # Repurchase: the pooled two-proportion z-test by hand gives the chi-square's p.
    p1, p2, n1, n2 = promoters["again"].mean(), detractors["again"].mean(), len(promoters), len(detractors)
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    assert view.repurchase_test is not None
    assert math.isclose(view.repurchase_test.statistic, z * z, abs_tol=TOL)
    assert math.isclose(view.repurchase_test.p, 2 * float(stats.norm.sf(abs(z))), abs_tol=TOL)
    assert view.unlinked == int(responses(study)["customer_id"].isna().sum())


def test_value_view_weighted_and_filtered(study: Study, cx: Survey) -> None:  # noqa: F811
    view = value_view(study, "cx", days=DAYS, filter="${score} > 45", weight="w", lang="en")
    data = groups_by_hand(study)
    data = data[data["score"] > 45]
    for group in view.groups:
        rows = data[data["group"] == group.code]
        assert group.n == len(rows)
        assert group.weighted_n is not None and math.isclose(group.weighted_n, rows["w"].sum(), abs_tol=TOL)
        for name, column in (("spend_before", "before"), ("spend_after", "after"), ("repurchase", "again")):
            assert math.isclose(getattr(group, name), np.average(rows[column], weights=rows["w"]), abs_tol=TOL)
    unweighted = stats.ttest_ind(data.loc[data["group"] == "promoter", "after"],
                                 data.loc[data["group"] == "detractor", "after"], equal_var=False)
    assert view.spend_after_test is not None and math.isclose(view.spend_after_test.p, unweighted.pvalue,
                                                              abs_tol=TOL)


def test_value_view_table_and_chart_write_figures_as_every_view(study: Study, cx: Survey) -> None:  # noqa: F811
    view = value_view(study, "cx", days=DAYS, lang="zh")
    headers, rows = value_table(view, "zh")
    spec = value_chart(view, "zh")
    assert headers[0] == "NPS 群体" and "45" in headers[2]
    promoter = view.groups[0]
    assert rows[0][1] == f"{promoter.n:,}" and rows[0][3] == f"{promoter.spend_after:,.2f}"
    assert rows[0][4] == f"{100 * promoter.repurchase:.1f}%"
    assert rows[-1][3].startswith("Welch t = ") and "p" in rows[-1][3] and rows[-1][4].startswith("χ² = ")
    assert spec.categories == tuple(g.label for g in view.groups) and spec.bases == tuple(g.n for g in view.groups)
    assert spec.series[1].values == tuple(g.spend_after for g in view.groups)


def test_the_value_view_needs_an_nps_question_and_a_linked_table(study: Study, cx: Survey) -> None:  # noqa: F811
    with raises_message(ModelError, "derived.value_not_nps", "score"):
        value_view(study, "cx", question="score")
    with raises_message(ModelError, "derived.odata_no_table", "visits"):
        value_view(study, "cx", table="visits")
    with raises_message(ModelError, "derived.odata_not_numeric", "channel"):
        value_view(study, "cx", column="channel")
