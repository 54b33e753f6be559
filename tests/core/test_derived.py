"""Derived variables, quality flags and excluded responses (issue 20): against pandas over the stored columns,
to 1e-9, weighted and unweighted, on a real study file."""

from __future__ import annotations

import math
import sqlite3

import numpy as np
import pandas as pd
import pytest

from xmdesk.core.analysis import derived as dv
from xmdesk.core.analysis import exclusion
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.analysis.query import Query, select
from xmdesk.core.analysis.request import Request, outcome_json, run
from xmdesk.core.study.audit import recent_audit
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.survey.logic import compile_expression
from xmdesk.core.survey.responses import insert_rows
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Item, Question, QuestionType, Survey, create_survey, load_survey
from tests.messages import raises_message

TOL = 1e-9
ROWS = 400
STORES = [Choice(f"s{i}", i, f"Store {i}", f"门店{i}") for i in range(1, 6)]
GROUPS = [Choice("promoter", 3, "Promoter", "推荐者"), Choice("passive", 2, "Passive", "中立者"),
          Choice("detractor", 1, "Detractor", "贬损者")]
NPS_GROUPS = "if(${nps} >= 9, 'promoter', if(${nps} >= 7, 'passive', 'detractor'))"


def _questions() -> list[Question]:
    return [
        Question("nps", QuestionType.NPS, "Recommend", "推荐"),
        Question("age", QuestionType.NUMBER, "Age", "年龄"),
        Question("store", QuestionType.SINGLE, "Store", "门店", choices=list(STORES)),
        Question("why", QuestionType.MULTIPLE, "Why", "原因",
                 choices=[Choice("price", 1, "Price", "价格"), Choice("staff", 2, "Staff", "店员"),
                          Choice("wait", 3, "Wait", "等待")]),
        Question("q5", QuestionType.MATRIX, "Rate", "评价", items=[Item("a"), Item("b"), Item("c"), Item("d")]),
        Question("visit", QuestionType.DATE, "Visit", "到店日期"),
        Question("comment", QuestionType.TEXT, "Comment", "评论"),
        Question("secs", QuestionType.NUMBER, "Seconds", "用时"),
        Question("w", QuestionType.NUMBER, "Weight", "权重"),
    ]


COLUMNS = ["nps", "age", "store", "why__price", "why__staff", "why__wait", "q5__a", "q5__b", "q5__c", "q5__d",
           "visit", "comment", "secs", "w", "customer_id"]


def _rows(seed: int = 11) -> list[tuple[object, ...]]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(ROWS):
        nps = None if rng.random() < 0.08 else int(rng.integers(0, 11))
        why = [None] * 3 if rng.random() < 0.1 else [int(rng.random() < 0.5) for _ in range(3)]
        line = int(rng.integers(1, 6))
        q5 = [line] * 4 if rng.random() < 0.15 else [None if rng.random() < 0.1 else int(rng.integers(1, 6))
                                                      for _ in range(4)]
        visit = None if rng.random() < 0.05 else f"2026-{int(rng.integers(1, 13)):02d}-{int(rng.integers(1, 29)):02d}"
        amount = int(rng.integers(10, 500))
        comment = rng.choice(["花了{}元，还行".format(amount), "没有", "", "排队太久"])
        secs = None if rng.random() < 0.05 else float(rng.gamma(4, 60))
        customer = f"C{int(rng.integers(0, 300))}" if rng.random() < 0.9 else None
        rows.append((nps, int(rng.integers(16, 70)), int(rng.integers(1, 6)), *why, *q5, visit, str(comment),
                     secs, float(rng.uniform(0.3, 2.5)), customer))
    return rows


@pytest.fixture
def cx(study: Study) -> Survey:
    survey = create_survey(study, "cx", questions=_questions())
    insert_rows(study, survey, COLUMNS, _rows())
    return load_survey(study, "cx")


def stored(study: Study) -> pd.DataFrame:
    """The stored columns, read with pandas' own SQL reader: the independent side of every comparison."""
    return pd.read_sql_query("SELECT * FROM responses_cx WHERE deleted = 0 ORDER BY id", study.conn, index_col="id")


def _save(study: Study, code: str, kind: str, spec: dict[str, object], qtype: QuestionType = QuestionType.NUMBER,
          choices: tuple[Choice, ...] = ()) -> Survey:
    dv.save(study, "cx", dv.Definition(code, kind, spec, qtype, f"{code} en", f"{code} 中", choices))
    return load_survey(study, "cx")


def _frame_values(study: Study, survey: Survey, code: str) -> np.ndarray:
    return np.asarray(load_frame(study, survey, [code])[code].astype(float).to_numpy(), dtype=np.float64)


def _same(a: np.ndarray, b: np.ndarray) -> None:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape
    assert np.array_equal(np.isnan(a), np.isnan(b))
    assert np.allclose(a[~np.isnan(a)], b[~np.isnan(b)], rtol=0, atol=TOL)


# -- the four kinds, against pandas -------------------------------------------------------------------------


def test_expression_nps_groups_match_pandas_and_split_a_weighted_nps(study: Study, cx: Survey) -> None:
    survey = _save(study, "nps_group", "expression", {"expression": NPS_GROUPS}, QuestionType.SINGLE, tuple(GROUPS))
    data = stored(study)
    expected = np.select([data["nps"] >= 9, data["nps"] >= 7, data["nps"].notna()], [3.0, 2.0, 1.0], np.nan)
    _same(_frame_values(study, survey, "nps_group"), expected)

    # A breakdown by the derived variable, weighted: each group's weighted mean age, against pandas.
    outcome = run(study, Request("mean", "age", Query("cx", weight="w"), by="nps_group", lang="en"), survey)
    for group in outcome.groups:
        rows = data[(expected == group.value) & data["w"].notna()]
        assert group.result.n == len(rows)
        assert math.isclose(group.result.mean, float(np.average(rows["age"], weights=rows["w"])), abs_tol=TOL)
    assert outcome_json(outcome)["by"] == {"code": "nps_group", "label": "nps_group en"}
    # Results named by a label, and a result that is an answer itself (matched to a choice row by row).
    survey = _save(study, "nps_zh", "expression", {"expression": NPS_GROUPS.replace("'promoter'", "'推荐者'")},
                   QuestionType.SINGLE, tuple(GROUPS))
    _same(_frame_values(study, survey, "nps_zh"), expected)
    survey = _save(study, "nothing", "expression", {"expression": "${comment}"}, QuestionType.SINGLE,
                   (Choice("none", 1, "Nothing", "没有"), Choice("queue", 2, "Queue", "排队太久")))
    _same(_frame_values(study, survey, "nothing"),
          data["comment"].map({"没有": 1.0, "排队太久": 2.0}).to_numpy(dtype=float))


def test_a_filter_and_a_crosstab_name_the_derived_variable(study: Study, cx: Survey) -> None:
    survey = _save(study, "nps_group", "expression", {"expression": NPS_GROUPS}, QuestionType.SINGLE, tuple(GROUPS))
    data = stored(study)
    selection = select(study, Query("cx", filter="${nps_group} = 'promoter' and ${age} < 40"), ["age"], survey)
    assert selection.n == int(((data["nps"] >= 9) & (data["age"] < 40)).sum())
    table = run(study, Request("crosstab", "store", Query("cx"), by="nps_group", lang="en"), survey).result
    groups = pd.Series(np.select([data["nps"] >= 9, data["nps"] >= 7, data["nps"].notna()], [3, 2, 1], 0),
                       index=data.index)
    expected = pd.crosstab(data["store"], groups[groups > 0]).reindex(index=table.row_values,
                                                                      columns=table.column_values, fill_value=0)
    for column, value in enumerate(table.column_values):
        for row, store in enumerate(table.row_values):
            assert table.counts[row][column] == expected.loc[store, value]


def test_sums_means_of_items_date_parts_and_extraction(study: Study, cx: Survey) -> None:
    survey = _save(study, "q5_mean", "expression", {"expression": "mean(${q5})"})
    survey = _save(study, "q5_sum", "expression", {"expression": "sum(${q5__a}, ${q5__b})"})
    survey = _save(study, "month", "expression", {"expression": "month(${visit})"})
    survey = _save(study, "weekday", "expression", {"expression": "weekday(${visit})"})
    survey = _save(study, "amount", "expression", {"expression": r"number(extract(${comment}, '(\d+)元'))"})
    data = stored(study)
    items = data[["q5__a", "q5__b", "q5__c", "q5__d"]]
    _same(_frame_values(study, survey, "q5_mean"), items.mean(axis=1).to_numpy())
    _same(_frame_values(study, survey, "q5_sum"), data[["q5__a", "q5__b"]].sum(axis=1, min_count=1).to_numpy())
    visits = pd.to_datetime(data["visit"], errors="coerce")
    _same(_frame_values(study, survey, "month"), visits.dt.month.to_numpy(dtype=float))
    _same(_frame_values(study, survey, "weekday"), (visits.dt.day_of_week + 1).to_numpy(dtype=float))
    _same(_frame_values(study, survey, "amount"),
          pd.to_numeric(data["comment"].str.extract(r"(\d+)元")[0], errors="coerce").to_numpy(dtype=float))
    # One response, as data entry evaluates it: the same meaning.
    compiled = compile_expression("mean(${q5}) + month('2026-03-09') + weekday('2026-03-09')", survey)
    assert compiled.evaluate({"q5__a": 1, "q5__b": 4}) == 2.5 + 3 + 1


def test_recode_into_bands_and_merged_choices(study: Study, cx: Survey) -> None:
    bands = (Choice("young", 1, "16-24", "16–24岁"), Choice("mid", 2, "25-44", "25–44岁"), Choice("old", 3, "45+", "45岁以上"))
    survey = _save(study, "age_band", "recode", {"source": "age", "rules": [
        {"choice": "young", "max": 24}, {"choice": "mid", "min": 25, "max": 44}, {"choice": "old", "min": 45}]},
        QuestionType.SINGLE, bands)
    regions = (Choice("north", 1, "North", "北区"), Choice("south", 2, "South", "南区"))
    survey = _save(study, "region", "recode", {"source": "store", "rules": [
        {"choice": "north", "values": ["s1", "s2"]}, {"choice": "south", "values": [3, 4, 5]}]},
        QuestionType.SINGLE, regions)
    data = stored(study)
    _same(_frame_values(study, survey, "age_band"),
          pd.cut(data["age"], [-np.inf, 24, 44, np.inf], labels=[1, 2, 3]).astype(float).to_numpy())
    _same(_frame_values(study, survey, "region"), np.where(data["store"] <= 2, 1.0, 2.0))
    # Weighted frequencies of the recode, against pandas' weighted counts.
    result = run(study, Request("freq", "region", Query("cx", weight="w"), lang="en"), survey).result
    shares = data.groupby(np.where(data["store"] <= 2, 1, 2))["w"].sum()
    for row in result.rows:
        assert math.isclose(row.weighted_count, float(shares[row.value]), abs_tol=TOL)


def test_count_of_selected_options(study: Study, cx: Survey) -> None:
    survey = _save(study, "n_why", "count", {"source": "why"})
    survey = _save(study, "n_people", "count", {"source": "why", "options": ["staff", "wait"]})
    block = stored(study)[["why__price", "why__staff", "why__wait"]]
    _same(_frame_values(study, survey, "n_why"), block.sum(axis=1).where(block.notna().any(axis=1)).to_numpy())
    _same(_frame_values(study, survey, "n_people"),
          block[["why__staff", "why__wait"]].sum(axis=1).where(block.notna().any(axis=1)).to_numpy())


# -- quality flags ------------------------------------------------------------------------------------------


def test_quality_flags_match_pandas(study: Study, cx: Survey) -> None:
    survey = _save(study, "speeder", "flag", {"flag": "speeder", "duration": "secs", "share": 0.4})
    survey = _save(study, "straight", "flag", {"flag": "straightliner", "matrix": "q5"})
    survey = _save(study, "dup", "flag", {"flag": "duplicate", "by": ["customer_id"]})
    survey = _save(study, "odd_age", "flag", {"flag": "outlier", "column": "secs", "k": 1.5})
    data = stored(study)
    secs = data["secs"]
    _same(_frame_values(study, survey, "speeder"), (secs < 0.4 * secs.median()).astype(float).where(secs.notna()))
    items = data[["q5__a", "q5__b", "q5__c", "q5__d"]]
    answered = items.notna().sum(axis=1)
    _same(_frame_values(study, survey, "straight"),
          ((items.max(axis=1) == items.min(axis=1)).astype(float)).where(answered >= 3))
    customers = data["customer_id"]
    _same(_frame_values(study, survey, "dup"), (customers.duplicated() & customers.notna()).astype(float))
    q1, q3 = secs.quantile(0.25), secs.quantile(0.75)
    _same(_frame_values(study, survey, "odd_age"),
          ((secs < q1 - 1.5 * (q3 - q1)) | (secs > q3 + 1.5 * (q3 - q1))).astype(float).where(secs.notna()))


def test_a_speeder_without_a_duration_is_told_plainly(study: Study, cx: Survey) -> None:
    with raises_message(ModelError, "derived.no_duration"):
        _save(study, "speeder", "flag", {"flag": "speeder"})
    survey = _save(study, "speeder", "flag", {"flag": "speeder", "start": "created_at", "end": "updated_at"})
    assert np.isin(_frame_values(study, survey, "speeder"), [0.0, 1.0]).all()  # equal times: nobody is faster


def test_excluding_flagged_responses_is_kept_reversible_audited_and_honoured(study: Study, cx: Survey) -> None:
    survey = _save(study, "dup", "flag", {"flag": "duplicate", "by": ["customer_id"]})
    data = stored(study)
    flagged = data.index[(data["customer_id"].duplicated() & data["customer_id"].notna()).to_numpy()]
    exclusion.exclude_flagged(study, survey, "dup")
    assert exclusion.excluded(study, "cx") == {int(i): "flag:dup" for i in flagged}
    kept = data.drop(index=flagged)
    outcome = run(study, Request("nps", "nps", Query("cx"), lang="en"), survey).result
    scores = kept["nps"].dropna()
    assert outcome.n == len(scores)
    assert math.isclose(outcome.nps, 100 * ((scores >= 9).mean() - (scores <= 6).mean()), abs_tol=TOL)
    assert study.conn.execute("SELECT count(*) FROM responses_cx").fetchone()[0] == ROWS  # kept, not deleted
    assert _frame_values(study, survey, "dup").sum() == 0  # among the analysed, nobody is a duplicate any more
    exclusion.restore(study, survey, flagged[:3])
    assert len(exclusion.excluded(study, "cx")) == len(flagged) - 3
    assert run(study, Request("nps", "nps", Query("cx"), lang="en"), survey).result.n == len(
        data.drop(index=flagged[3:])["nps"].dropna())
    actions = [row["action"] for row in recent_audit(study, 5)]
    assert actions[:2] == ["responses.restore", "responses.exclude"]
    with raises_message(ModelError, "derived.reason_needed"):
        exclusion.exclude(study, survey, [1], " ")


# -- staying correct ----------------------------------------------------------------------------------------


def test_an_edited_answer_and_a_new_response_change_derived_values_at_once(study: Study, cx: Survey) -> None:
    survey = _save(study, "nps_group", "expression", {"expression": NPS_GROUPS}, QuestionType.SINGLE, tuple(GROUPS))
    first = load_frame(study, survey, ["nps_group"])
    target = int(first.index[0])
    with study.transaction(dv.Changes.of("responses", surveys=["cx"])) as conn:
        conn.execute("UPDATE responses_cx SET nps = 0 WHERE id = ?", (target,))
    assert load_frame(study, survey, ["nps_group"]).loc[target, "nps_group"] == 1
    with study.transaction(dv.Changes.of("responses", surveys=["cx"])) as conn:
        conn.execute("UPDATE responses_cx SET nps = 10 WHERE id = ?", (target,))
    assert load_frame(study, survey, ["nps_group"]).loc[target, "nps_group"] == 3
    insert_rows(study, survey, ["nps"], [(8,)])
    again = load_frame(study, survey, ["nps_group"])
    assert len(again) == ROWS + 1 and again["nps_group"].iloc[-1] == 2
    # A changed definition is seen at once too.
    survey = _save(study, "nps_group", "expression", {"expression": "if(${nps} >= 8, 'promoter', 'detractor')"},
                   QuestionType.SINGLE, tuple(GROUPS))
    assert load_frame(study, survey, ["nps_group"])["nps_group"].iloc[-1] == 3


def test_definitions_are_checked_in_words(study: Study, cx: Survey) -> None:
    with raises_message(ModelError, "derived.code_taken"):
        _save(study, "age", "expression", {"expression": "${age} + 1"})
    with raises_message(XMDeskError, "logic.unknown_question", "nope"):
        _save(study, "x", "expression", {"expression": "${nope} + 1"})
    with raises_message(ModelError, "derived.unknown_choice", "fan"):  # it would make every promoter-to-be missing
        _save(study, "g", "expression", {"expression": "if(${nps} >= 9, 'promoter', 'fan')"}, QuestionType.SINGLE,
              tuple(GROUPS))
    with raises_message(ModelError, "derived.not_multiple"):
        _save(study, "x", "count", {"source": "store"})
    _save(study, "a1", "expression", {"expression": "${age} + 1"})
    _save(study, "a2", "expression", {"expression": "${a1} * 2"})
    with raises_message(ModelError, "derived.cycle"):
        _save(study, "a1", "expression", {"expression": "${a2} + 1"})
    with raises_message(ModelError, "derived.in_use"):
        dv.remove(study, "cx", "a1")
    dv.remove(study, "cx", "a2")
    dv.remove(study, "cx", "a1")
    assert load_survey(study, "cx").derived == []
    assert [row["action"] for row in recent_audit(study, 4)] == ["derived.remove", "derived.remove", "derived.add",
                                                               "derived.add"]


def test_preview_shows_the_first_values_of_a_draft(study: Study, cx: Survey) -> None:
    draft = dv.Definition("nps_group", "expression", {"expression": NPS_GROUPS}, QuestionType.SINGLE, "", "",
                          tuple(GROUPS))
    shown = dv.preview(study, cx, draft, rows=5)
    data = stored(study).iloc[:5]
    assert shown.sources == ["nps"]
    assert [i for i, _, _ in shown.rows] == data.index.tolist()
    assert [v for _, v, _ in shown.rows] == [None if pd.isna(n) else "promoter" if n >= 9 else "passive" if n >= 7
                                             else "detractor" for n in data["nps"]]
    assert [read for _, _, read in shown.rows] == [[None if pd.isna(n) else int(n)] for n in data["nps"]]
    assert load_survey(study, "cx").derived == []  # a preview stores nothing


def test_derived_variables_are_not_questions_to_answer(study: Study, cx: Survey) -> None:
    survey = _save(study, "nps_group", "expression", {"expression": NPS_GROUPS}, QuestionType.SINGLE, tuple(GROUPS))
    assert "nps_group" not in [q.code for q in survey.questions]
    columns = [row[1] for row in study.conn.execute("PRAGMA table_info(responses_cx)")]
    assert "nps_group" not in columns
    with pytest.raises(sqlite3.IntegrityError):
        study.conn.execute("INSERT INTO derived_variables (survey_code, code, position, type, kind, created_at,"
                           " updated_at) VALUES ('cx', 'z', 1, 'number', 'magic', '', '')")


def test_an_alert_rule_filters_on_a_derived_variable(study: Study, cx: Survey) -> None:
    from xmdesk.core.loop import alerts

    regions = (Choice("north", 1, "North", "北区"), Choice("south", 2, "South", "南区"))
    _save(study, "region", "recode", {"source": "store", "rules": [
        {"choice": "north", "values": ["s1", "s2"]}, {"choice": "south", "values": [3, 4, 5]}]},
        QuestionType.SINGLE, regions)
    alerts.save_rule(study, alerts.Rule("北区贬损者", "detractor", {"question": "nps"}, "cx",
                                        filter="${region} = 'north'"))
    data = stored(study)
    result = alerts.run_rules(study, write=False)
    assert result.hits == int(((data["nps"] <= 6) & (data["store"] <= 2)).sum())


def test_a_sav_export_carries_derived_variables_with_their_labels(study: Study, cx: Survey, tmp_path) -> None:
    import pyreadstat

    from xmdesk.core.export import export_responses

    survey = _save(study, "nps_group", "expression", {"expression": NPS_GROUPS}, QuestionType.SINGLE, tuple(GROUPS))
    survey = _save(study, "n_why", "count", {"source": "why"})
    data = stored(study)
    exclusion.exclude(study, survey, [int(data.index[0])], "test")
    export_responses(study, survey, "sav", tmp_path / "out.sav", lang="zh")
    read, meta = pyreadstat.read_sav(str(tmp_path / "out.sav"))
    assert meta.column_names[-2:] == ["nps_group", "n_why"]
    assert meta.column_names_to_labels["nps_group"] == "nps_group 中"
    assert meta.variable_value_labels["nps_group"] == {3.0: "推荐者", 2.0: "中立者", 1.0: "贬损者"}
    expected = np.select([data["nps"] >= 9, data["nps"] >= 7, data["nps"].notna()], [3.0, 2.0, 1.0], np.nan)
    expected[0] = np.nan  # excluded: in the file, but nothing computed for it
    _same(read["nps_group"].to_numpy(), expected)
    block = data[["why__price", "why__staff", "why__wait"]]
    counts = block.sum(axis=1).where(block.notna().any(axis=1)).to_numpy().copy()
    counts[0] = np.nan
    _same(read["n_why"].to_numpy(), counts)


def test_a_cold_read_computes_counts_and_straight_liners_in_sql_with_the_same_values(study: Study, cx: Survey) -> None:
    """Read cold, a count or a straight-liner flag is worked out by SQLite in the one scan (its sources are not
    fetched: one value per response instead of one per option or matrix row); from cached sources it is computed
    with numpy. Both give what pandas gives over the stored columns, whatever min_items and wherever items are
    missing (a response with only one or none answered among them)."""
    from xmdesk.core.analysis import frame

    study.conn.execute("UPDATE responses_cx SET q5__a = NULL, q5__b = NULL, q5__c = NULL WHERE id % 7 = 0")
    study.conn.execute("UPDATE responses_cx SET q5__d = NULL WHERE id % 21 = 0")
    study.conn.execute("UPDATE responses_cx SET why__staff = 1.0 WHERE id % 5 = 0")  # a 1 stored as REAL
    study.conn.commit()
    specs = {"n_why": ("count", {"source": "why"}), "n_two": ("count", {"source": "why", "options": ["wait"]}),
             "straight": ("flag", {"flag": "straightliner", "matrix": "q5"}),
             "straight0": ("flag", {"flag": "straightliner", "matrix": "q5", "min_items": 0}),
             "straight4": ("flag", {"flag": "straightliner", "matrix": "q5", "min_items": 4})}
    for code, (kind, spec) in specs.items():
        survey = _save(study, code, kind, spec)
    data = stored(study)
    items, why = data[["q5__a", "q5__b", "q5__c", "q5__d"]], data[["why__price", "why__staff", "why__wait"]]
    answered = items.notna().sum(axis=1)
    one_answer = (items.max(axis=1) == items.min(axis=1)).astype(float)
    expected = {
        "n_why": why.eq(1).sum(axis=1).where(why.notna().any(axis=1)),
        "n_two": why[["why__wait"]].eq(1).sum(axis=1).where(why[["why__wait"]].notna().any(axis=1)),
        "straight": one_answer.where(answered >= 3), "straight0": one_answer,
        "straight4": one_answer.where(answered >= 4)}
    for code in specs:
        frame.clear_cache(study)
        cold = _frame_values(study, survey, code)
        assert not {"q5__a", "why__price", "why__wait"} & set(frame._current_store(study, survey).columns)
        frame.clear_cache(study)
        load_frame(study, survey, ["q5", "why"])  # the sources cached: computed from them
        _same(_frame_values(study, survey, code), cold)
        _same(cold, expected[code].to_numpy())


# -- the values SQLite keeps --------------------------------------------------------------------------------


def _value_indexes(study: Study) -> dict[str, str]:
    return dict(study.conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                                   " AND name LIKE 'xmd_value_%'").fetchall())


def _cold_read_plan(study: Study, survey: Survey, code: str) -> str:
    """The query plan of the SELECT a cold read of `code` runs (caught as it runs), as SQLite explains it."""
    from xmdesk.core.analysis import frame

    frame.clear_cache(study)
    statements: list[str] = []
    study.conn.set_trace_callback(statements.append)
    try:
        load_frame(study, survey, [code])
    finally:
        study.conn.set_trace_callback(None)
    (select_sql,) = [s for s in statements if s.lstrip().upper().startswith("SELECT ID")]
    plan = study.conn.execute("EXPLAIN QUERY PLAN " + select_sql.replace("?", "'cx'")).fetchall()
    return " | ".join(str(row[-1]) for row in plan)


def _expected_straight(study: Study, items: list[str]) -> np.ndarray:
    data = stored(study)[items]
    one = (data.max(axis=1) == data.min(axis=1)).astype(float)
    return one.where(data.notna().sum(axis=1) >= 3).to_numpy()


def test_sqlite_keeps_a_straight_liner_flag_and_a_count_through_every_write(study: Study, cx: Survey) -> None:
    """A cold read of a flag over a matrix decoded every row's items (half a second per million responses):
    now SQLite keeps the values in an index on the variable's SQL form and the read takes them from there —
    and they stay right through edits, new responses and deletions, each its own write."""
    from xmdesk.core.analysis import frame

    survey = _save(study, "straight", "flag", {"flag": "straightliner", "matrix": "q5"})
    survey = _save(study, "n_why", "count", {"source": "why"})
    assert set(_value_indexes(study)) == {"xmd_value_cx__straight", "xmd_value_cx__n_why"}
    assert "xmd_value_cx__straight" in _cold_read_plan(study, survey, "straight")
    assert "xmd_value_cx__n_why" in _cold_read_plan(study, survey, "n_why")
    assert "INDEX" not in _cold_read_plan(study, survey, "nps")  # stored columns: the table in id order
    statements: list[str] = []
    study.conn.set_trace_callback(statements.append)
    survey = _save(study, "straight", "flag", {"flag": "straightliner", "matrix": "q5"})  # saved again, unchanged
    study.conn.set_trace_callback(None)
    assert not [s for s in statements if "INDEX" in s.upper() and "sqlite_master" not in s]  # nothing rebuilt
    items = ["q5__a", "q5__b", "q5__c", "q5__d"]
    writes = [
        "UPDATE responses_cx SET q5__a = 2, q5__b = 2, q5__c = 2, q5__d = 2 WHERE id = 1",
        "UPDATE responses_cx SET q5__b = 5 WHERE id = 1",
        "UPDATE responses_cx SET q5__a = NULL, q5__b = NULL WHERE id % 3 = 0",
        "UPDATE responses_cx SET deleted = 1 WHERE id % 10 = 0",
    ]
    for sql in writes:
        with study.transaction(dv.Changes.of("responses", surveys=["cx"])) as conn:
            conn.execute(sql)
        frame.clear_cache(study)
        _same(_frame_values(study, survey, "straight"), _expected_straight(study, items))
    insert_rows(study, survey, ["q5__a", "q5__b", "q5__c", "why__price"], [(4, 4, 4, 1)])
    frame.clear_cache(study)
    values = _frame_values(study, survey, "straight")
    _same(values, _expected_straight(study, items))
    assert values[-1] == 1 and _frame_values(study, survey, "n_why")[-1] == 1
    assert study.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_design_edits_and_removal_keep_the_kept_values_in_step(study: Study, cx: Survey) -> None:
    """A matrix row dropped from the design: SQLite refuses to drop a column an index reads, so the edit drops
    the index first and builds the one the flag now wants (over the rows left); a renamed matrix follows; a
    removed variable takes its index with it."""
    from xmdesk.core.analysis import frame
    from xmdesk.core.survey import edits

    survey = _save(study, "straight", "flag", {"flag": "straightliner", "matrix": "q5"})
    with study.transaction(dv.Changes.of("responses", surveys=["cx"])) as conn:
        conn.execute("UPDATE responses_cx SET q5__d = NULL")
    edits.apply(study, survey, edits.set_items("q5", [Item("a"), Item("b"), Item("c")]))
    survey = load_survey(study, "cx")
    (sql,) = _value_indexes(study).values()
    assert '"q5__c"' in sql and '"q5__d"' not in sql
    assert "xmd_value_cx__straight" in _cold_read_plan(study, survey, "straight")
    frame.clear_cache(study)
    _same(_frame_values(study, survey, "straight"), _expected_straight(study, ["q5__a", "q5__b", "q5__c"]))
    dv.remove(study, "cx", "straight")
    assert _value_indexes(study) == {}
    assert study.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
