"""O-data variables and the value view through the real CLI (issue 20): `derive add --odata`, `stats --by
orders.channel --filter "${orders.amount_30d} > …"` and `xmdesk value`, against pandas and scipy over the demo's
stored tables."""

from __future__ import annotations

import json
import math
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from xmdesk.core.analysis import metrics as mt
from tests.cli.run import xmdesk

TOL = 1e-9


def ok(*args: str) -> dict[str, object]:
    result = xmdesk(*args)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


def tables(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The demo's responses (with their day) and orders (with theirs), read by pandas itself."""
    with sqlite3.connect(path) as conn:
        data = pd.read_sql_query("SELECT id, nps, customer_id, created_at FROM responses_retail_cx WHERE deleted = 0"
                                 " ORDER BY id", conn)
        orders = pd.read_sql_query("SELECT rowid AS stored, customer_id, order_date, channel, amount FROM odata_orders",
                                   conn)
    data["day"] = pd.to_datetime(data["created_at"].str.slice(0, 10))
    orders["order_day"] = pd.to_datetime(orders["order_date"])
    return data, orders


def pairs(data: pd.DataFrame, orders: pd.DataFrame, low: int | None, high: int) -> pd.DataFrame:
    both = data[["id", "customer_id", "day"]].merge(orders, on="customer_id")
    delta = (both["order_day"] - both["day"]).dt.days
    return both[(delta <= high) & (delta >= (low if low is not None else -10**6))]


def test_by_orders_channel_filtered_on_a_30_day_sum(demo_path: Path) -> None:
    study = str(demo_path)
    ok("derive", study, "--survey", "retail_cx", "add", "orders.channel", "--odata", "orders")
    ok("derive", study, "--survey", "retail_cx", "add", "orders.amount_30d", "--odata", "orders", "--column",
       "amount", "--agg", "sum", "--days-before", "30")
    out = ok("stats", study, "--survey", "retail_cx", "--metric", "nps", "--question", "nps", "--by", "orders.channel",
             "--filter", "${orders.amount_30d} > 200", "--json")
    data, orders = tables(demo_path)
    spent = pairs(data, orders, -30, 0).groupby("id")["amount"].sum().reindex(data["id"]).fillna(0).to_numpy()
    last = (pairs(data, orders, None, 0).sort_values(["order_day", "stored"]).groupby("id").tail(1)
            .set_index("id")["channel"].reindex(data["id"]).to_numpy())
    kept = spent > 200
    assert out["n"] == int(kept.sum()) > 20
    groups = out["groups"]
    assert isinstance(groups, list) and {g["label"] for g in groups} <= set(orders["channel"])
    for group in groups:
        scores = data["nps"].to_numpy(dtype=float)[kept & (last == group["label"])]
        assert group["n"] == len(scores)
        if len(scores):
            assert math.isclose(group["nps"], mt.nps(scores).nps, abs_tol=TOL)


def test_value_json_matches_pandas_and_scipy(demo_path: Path) -> None:
    result = xmdesk("value", str(demo_path), "--survey", "retail_cx", "--days", "60", "--json")
    assert result.returncode == 0, result.stderr
    assert "orders.amount" in result.stderr  # progress on stderr, JSON alone on stdout
    out = json.loads(result.stdout)
    data, orders = tables(demo_path)
    index = data["id"]
    data["before"] = pairs(data, orders, -60, 0).groupby("id")["amount"].sum().reindex(index).fillna(0).to_numpy()
    after = pairs(data, orders, 1, 60).groupby("id")["amount"]
    data["after"] = after.sum().reindex(index).fillna(0).to_numpy()
    data["again"] = (after.size().reindex(index).fillna(0) > 0).to_numpy(dtype=float)
    data["group"] = np.select([data["nps"] >= 9, data["nps"] >= 7], ["promoter", "passive"], "detractor")
    for group in out["groups"]:
        rows = data[data["group"] == group["code"]]
        assert group["n"] == len(rows)
        for name, column in (("spend_before", "before"), ("spend_after", "after"), ("repurchase", "again")):
            assert math.isclose(group[name], rows[column].mean(), abs_tol=TOL)
    promoters, detractors = data[data["group"] == "promoter"], data[data["group"] == "detractor"]
    welch = stats.ttest_ind(promoters["after"], detractors["after"], equal_var=False)
    assert math.isclose(out["tests"]["spend_after"]["p"], float(welch.pvalue), abs_tol=TOL)
    table = [[promoters["again"].sum(), len(promoters) - promoters["again"].sum()],
             [detractors["again"].sum(), len(detractors) - detractors["again"].sum()]]
    chi2 = stats.chi2_contingency(table, correction=False)
    assert math.isclose(out["tests"]["repurchase"]["p"], float(chi2.pvalue), abs_tol=TOL)


def test_value_text_and_a_table_that_is_not_there(demo_path: Path) -> None:
    text = xmdesk("--lang", "zh", "value", str(demo_path), "--survey", "retail_cx")
    assert text.returncode == 0 and text.stdout.splitlines()[0].startswith("NPS 群体")
    assert "Welch t" in text.stdout and "χ²" in text.stdout
    missing = xmdesk("value", str(demo_path), "--survey", "retail_cx", "--table", "visits")
    assert missing.returncode == 1 and "visits" in missing.stderr and "Traceback" not in missing.stderr
