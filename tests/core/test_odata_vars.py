"""O-data variables (issue 20): customer fields and operational tables' fields and aggregates per respondent, as
analysis variables, against pandas over the stored tables (to 1e-9), on a real study file."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from xmdesk.core import odata
from xmdesk.core.analysis import derived as dv
from xmdesk.core.analysis import odata_vars
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.analysis.request import Request, run
from xmdesk.core.errors import ModelError
from xmdesk.core.fieldwork import cleaning
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, Survey, create_survey, load_survey
from xmdesk.core.survey.responses import insert_rows
from tests.core.test_derived import TOL
from tests.core.test_derived import _frame_values as values
from tests.core.test_derived import _same as same
from tests.messages import raises_message

START = date(2026, 1, 1)
SEGMENTS = ["VIP会员", "会员", "新客", "老客"]
CHANNELS = ["门店", "App", "官网"]
BOUNDARY = "CB"
"""A customer whose orders sit exactly on the window's edges around the response of 2026-03-31."""
BOUNDARY_DAY = "2026-03-31"
BOUNDARY_ORDERS = [("2026-02-28", 1.0), ("2026-03-01", 10.0), ("2026-03-31", 100.0), ("2026-04-01", 1000.0),
                   ("2026-04-30", 10000.0), ("2026-05-01", 100000.0)]


def _day(offset: int) -> str:
    return (START + timedelta(days=offset)).isoformat()


@pytest.fixture
def cx(study: Study) -> Survey:
    """A survey of 300 responses (some without a customer, some without a visit date), 60 customers and 900
    orders over 200 days, plus the boundary customer."""
    rng = np.random.default_rng(5)
    survey = create_survey(study, "cx", questions=[
        Question("nps", QuestionType.NPS, "Recommend", "推荐"),
        Question("score", QuestionType.NUMBER, "Score", "得分"),
        Question("visit", QuestionType.DATE, "Visit", "到店日期"),
        Question("w", QuestionType.NUMBER, "Weight", "权重")])
    rows = []
    for _ in range(300):
        day = int(rng.integers(20, 180))
        customer = None if rng.random() < 0.08 else f"C{int(rng.integers(0, 70))}"
        visit = None if rng.random() < 0.05 else _day(day + int(rng.integers(-2, 3)))
        rows.append((int(rng.integers(0, 11)), float(rng.normal(50, 10)), visit, float(rng.uniform(0.3, 2.5)),
                     customer, f"{_day(day)}T{int(rng.integers(8, 22)):02d}:00:00+08:00"))
    rows.append((10, 60.0, BOUNDARY_DAY, 1.0, BOUNDARY, f"{BOUNDARY_DAY}T10:00:00+08:00"))
    insert_rows(study, survey, ["nps", "score", "visit", "w", "customer_id", "created_at"], rows)
    odata.upsert_customers(study, [(f"C{i}", f"name{i}", None, None, SEGMENTS[int(rng.integers(0, 4))], "华东",
                                    None, None) for i in range(60)] + [(BOUNDARY, "b", None, None, "新客", "华北",
                                                                        None, None)])
    orders = odata.create_table(study, "orders", [("order_id", "TEXT"), ("customer_id", "TEXT"),
                                                  ("order_date", "TEXT"), ("channel", "TEXT"), ("amount", "REAL")],
                                key_column="order_id", customer_column="customer_id")
    order_rows = [(f"O{i}", f"C{int(rng.integers(0, 70))}", _day(int(rng.integers(0, 200))),
                   CHANNELS[int(rng.integers(0, 3))], None if rng.random() < 0.05 else float(rng.lognormal(5, 1)))
                  for i in range(900)]
    order_rows += [(f"B{i}", BOUNDARY, day, CHANNELS[i % 3], amount) for i, (day, amount) in
                   enumerate(BOUNDARY_ORDERS)]
    odata.insert_rows(study, orders, ["order_id", "customer_id", "order_date", "channel", "amount"], order_rows)
    return load_survey(study, "cx")


def _define(study: Study, code: str, table: str, **options: object) -> Survey:
    dv.save(study, "cx", odata_vars.definition(study, code, table, **options))  # type: ignore[arg-type]
    return load_survey(study, "cx")


def responses(study: Study) -> pd.DataFrame:
    """The stored responses, read with pandas' own SQL reader: the independent side of every comparison."""
    frame = pd.read_sql_query("SELECT * FROM responses_cx WHERE deleted = 0 ORDER BY id", study.conn, index_col="id")
    frame["day"] = pd.to_datetime(frame["created_at"].str.slice(0, 10))
    return frame


def orders(study: Study) -> pd.DataFrame:
    frame = pd.read_sql_query("SELECT rowid AS stored, * FROM odata_orders", study.conn)
    frame["order_day"] = pd.to_datetime(frame["order_date"])
    return frame


def windowed(study: Study, low: int | None, high: int) -> pd.DataFrame:
    """Every (response, order) pair of the same customer whose order day is within [day + low, day + high]
    (no lower end when low is None), by a plain pandas merge."""
    data = responses(study).reset_index()
    pairs = data[["id", "customer_id", "day"]].merge(orders(study), on="customer_id")
    delta = (pairs["order_day"] - pairs["day"]).dt.days
    keep = delta <= high
    if low is not None:
        keep &= delta >= low
    return pairs[keep]


def expected(study: Study, pairs: pd.DataFrame, agg: str) -> np.ndarray:
    """One aggregate per response: NaN without a customer; an empty window counts and sums 0."""
    data = responses(study)
    grouped = pairs.sort_values(["order_day", "stored"]).groupby("id")
    result = {"count": grouped.size(), "sum": grouped["amount"].sum(), "mean": grouped["amount"].mean(),
              "min": grouped["amount"].min(), "max": grouped["amount"].max(),
              "first": grouped["amount"].nth(0).set_axis(grouped.head(1)["id"].to_numpy()),
              "last": grouped["amount"].nth(-1).set_axis(grouped.tail(1)["id"].to_numpy()),
              "any": grouped.size() > 0}[agg].reindex(data.index)
    if agg in ("count", "sum", "any"):
        result = result.fillna(0)
    result = result.astype(float)
    result[data["customer_id"].isna()] = np.nan
    return result.to_numpy(dtype=np.float64)


# -- customer fields ----------------------------------------------------------------------------------------------


def test_customer_fields_are_segments_weighted_and_unweighted(study: Study, cx: Survey) -> None:
    survey = _define(study, "customers.segment", "customers")
    question = survey.question("customers.segment")
    assert question.type is QuestionType.SINGLE
    assert [c.label_zh for c in question.choices] == sorted(SEGMENTS)
    data = responses(study)
    customers = pd.read_sql_query("SELECT id, segment FROM customers", study.conn).set_index("id")["segment"]
    segment = data["customer_id"].map(customers)
    same(values(study, survey, "customers.segment"),
         segment.map({s: i + 1.0 for i, s in enumerate(sorted(SEGMENTS))}).to_numpy(dtype=float))
    for weight in (None, "w"):
        outcome = run(study, Request("mean", "score", Query("cx", weight=weight), by="customers.segment", lang="en"),
                      survey)
        for group in outcome.groups:
            rows = data[segment == group.label]
            assert group.result.n == len(rows) > 0
            mean = np.average(rows["score"], weights=None if weight is None else rows["w"])
            assert math.isclose(group.result.mean, float(mean), abs_tol=TOL)


# -- operational tables -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("agg", ["count", "sum", "mean", "min", "max", "first", "last", "any"])
def test_window_aggregates_match_pandas(study: Study, cx: Survey, agg: str) -> None:
    windows = {"b30": ({"days_before": 30}, -30, 0), "a30": ({"days_after": 30}, 1, 30),
               "b7a7": ({"days_before": 7, "days_after": 7}, -7, 7), "all": ({}, None, 0)}
    column = None if agg in ("count", "any") else "amount"
    for name, (window, low, high) in windows.items():
        code = f"orders.{agg}_{name}"
        survey = _define(study, code, "orders", column=column, agg=agg, **window)
        same(values(study, survey, code), expected(study, windowed(study, low, high), agg))


def test_window_edges_a_row_exactly_30_days_before_the_same_day_and_after(study: Study, cx: Survey) -> None:
    survey = _define(study, "orders.spent_before", "orders", column="amount", agg="sum", days_before=30)
    survey = _define(study, "orders.spent_after", "orders", column="amount", agg="sum", days_after=30)
    frame = load_frame(study, survey, ["customer_id", "orders.spent_before", "orders.spent_after"])
    row = frame[frame["customer_id"] == BOUNDARY].iloc[0]
    assert row["orders.spent_before"] == 10.0 + 100.0  # 30 days before and the same day; not 31 days before
    assert row["orders.spent_after"] == 1000.0 + 10000.0  # the next day and 30 days after; not the same day


def test_a_field_without_aggregate_is_the_last_row_on_or_before_the_response(study: Study, cx: Survey) -> None:
    survey = _define(study, "orders.channel", "orders")
    question = survey.question("orders.channel")
    assert question.type is QuestionType.SINGLE and [c.label_en for c in question.choices] == sorted(CHANNELS)
    pairs = windowed(study, None, 0).sort_values(["order_day", "stored"])
    last = pairs.groupby("id").tail(1).set_index("id")["channel"].reindex(responses(study).index)
    same(values(study, survey, "orders.channel"),
         last.map({c: i + 1.0 for i, c in enumerate(sorted(CHANNELS))}).to_numpy(dtype=float))
    # The boundary customer's last order on or before 2026-03-31 is the one of that day (CHANNELS[2 % 3]).
    frame = load_frame(study, survey, ["customer_id", "orders.channel"])
    code = frame.loc[frame["customer_id"] == BOUNDARY, "orders.channel"].iloc[0]
    assert question.choices[int(code) - 1].label_zh == CHANNELS[2]


def test_filter_crosstab_banner_and_alert_rule_name_o_data_variables(study: Study, cx: Survey) -> None:
    from xmdesk.core.analysis.banner import banner_book
    from xmdesk.core.loop import alerts

    _define(study, "orders.amount_30d", "orders", column="amount", agg="sum", days_before=30)
    _define(study, "orders.rebuy", "orders", agg="any", days_after=30)
    survey = _define(study, "customers.segment", "customers")
    spent = expected(study, windowed(study, -30, 0), "sum")
    rebuy = expected(study, windowed(study, 1, 30), "any")
    selection = select(study, Query("cx", filter="${orders.amount_30d} > 300"), ["score"], survey)
    assert selection.n == int(np.sum(spent > 300)) > 0
    crosstab = run(study, Request("crosstab", "customers.segment", Query("cx"), by="orders.rebuy", lang="en"),
                   survey).result
    segment = responses(study)["customer_id"].map(
        pd.read_sql_query("SELECT id, segment FROM customers", study.conn).set_index("id")["segment"])
    counted = pd.crosstab(segment, pd.Series(rebuy, index=segment.index))
    for row, label in enumerate(sorted(SEGMENTS)):
        assert list(crosstab.counts[row]) == [counted.loc[label, v] for v in crosstab.column_values]
    book = banner_book(study, "cx", ["customers.segment"], ["orders.rebuy"], lang="en")
    assert book.tables[0].base_n == (int(segment.notna().sum()), int((segment.notna() & (rebuy == 1)).sum()),
                                     int((segment.notna() & (rebuy == 0)).sum()))
    alerts.save_rule(study, alerts.Rule("大客户贬损者", "detractor", {"question": "nps"}, "cx",
                                        filter="${orders.amount_30d} > 300"))
    data = responses(study)
    assert alerts.run_rules(study, write=False).hits == int(((data["nps"] <= 6).to_numpy() & (spent > 300)).sum())


def test_a_journey_card_and_the_insight_finder_take_o_data_variables(study: Study, cx: Survey) -> None:
    from xmdesk.core.insights.variables import segment_questions
    from xmdesk.core.journey import maps as J
    from xmdesk.core.journey.scores import score_link

    _define(study, "orders.amount_30d", "orders", column="amount", agg="sum", days_before=30)
    survey = _define(study, "customers.segment", "customers")
    assert "customers.segment" in [q.code for q in segment_questions(survey)]
    card = score_link(study, J.Link("cx", "orders.amount_30d", "mean", "${customers.segment} = '新客'"), J.Journey("j"))
    segment = responses(study)["customer_id"].map(
        pd.read_sql_query("SELECT id, segment FROM customers", study.conn).set_index("id")["segment"])
    spent = expected(study, windowed(study, -30, 0), "sum")[(segment == "新客").to_numpy()]
    assert card.n == len(spent) > 0
    assert card.value is not None and math.isclose(card.value, float(np.mean(spent)), abs_tol=TOL)


def test_a_new_order_and_an_edited_response_are_seen_at_once(study: Study, cx: Survey) -> None:
    survey = _define(study, "orders.n_7d", "orders", agg="count", days_before=7, response_date="visit")
    frame = load_frame(study, survey, ["customer_id", "visit", "orders.n_7d"])
    target = int(frame[frame["customer_id"] == BOUNDARY].index[0])
    assert frame.loc[target, "orders.n_7d"] == 1  # only the order of 2026-03-31
    table = next(t for t in odata.list_tables(study) if t.name == "orders")
    odata.insert_rows(study, table, ["order_id", "customer_id", "order_date", "channel", "amount"],
                      [("NEW", BOUNDARY, "2026-03-28", "App", 5.0)])
    assert load_frame(study, survey, ["orders.n_7d"]).loc[target, "orders.n_7d"] == 2
    cleaning.set_value(study, survey, target, "visit", "2026-05-01")  # now the orders of 04-30 and 05-01
    assert load_frame(study, survey, ["orders.n_7d"]).loc[target, "orders.n_7d"] == 2
    cleaning.set_value(study, survey, target, "visit", "2026-04-15")  # none within 7 days before
    assert load_frame(study, survey, ["orders.n_7d"]).loc[target, "orders.n_7d"] == 0


# -- definitions checked in words ------------------------------------------------------------------------------------


def test_definitions_are_checked_in_words(study: Study, cx: Survey) -> None:
    with raises_message(ModelError, "derived.odata_code", "amount30"):
        odata_vars.definition(study, "amount30", "orders", column="amount", agg="sum")
    with raises_message(ModelError, "derived.odata_no_table", "visits", "orders"):
        odata_vars.definition(study, "visits.n", "visits", agg="count")
    with raises_message(ModelError, "derived.odata_no_column", "price", "amount"):
        odata_vars.definition(study, "orders.price", "orders", agg="sum")
    with raises_message(ModelError, "derived.odata_not_numeric", "channel", "sum"):
        odata_vars.definition(study, "orders.x", "orders", column="channel", agg="sum")
    with raises_message(ModelError, "derived.odata_bad_agg", "median"):
        odata_vars.definition(study, "orders.x", "orders", column="amount", agg="median")
    with raises_message(ModelError, "derived.odata_customer_agg", "customers"):
        odata_vars.definition(study, "customers.n", "customers", agg="count")
    with raises_message(ModelError, "derived.odata_code", "orders__x"):  # an O-data code has its dot
        dv.save(study, "cx", dv.Definition("orders__x", "odata", {"table": "orders"}))


def test_a_version_14_file_keeps_its_derived_variables_and_takes_o_data_ones(tmp_path) -> None:
    """m015_odata_variables: the derived variables' table is made again to allow the kind 'odata'."""
    from xmdesk.core.study import migrations
    from tests.core.test_migrations import file_before

    path = tmp_path / "v14.xmd"
    conn = file_before(path, "m015_odata_variables")
    conn.execute("INSERT INTO derived_variables (survey_code, code, position, type, kind, definition, created_at,"
                 " updated_at) VALUES ('cx', 'g', 1, 'number', 'expression', '{\"expression\": \"1\"}', 'x', 'x')")
    conn.close()
    with Study.open(path) as study:
        assert "m015_odata_variables" in migrations.applied_steps(study.conn)
        assert study.conn.execute("SELECT code, kind FROM derived_variables").fetchall() == [("g", "expression")]
        study.conn.execute("INSERT INTO derived_variables (survey_code, code, position, type, kind, created_at,"
                           " updated_at) VALUES ('cx', 'orders.n', 2, 'number', 'odata', 'x', 'x')")
        assert study.integrity() == "ok"
