"""The demo study: the counts it promises, the same data for the same seed, realistic content."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from xmdesk.core import demo, odata
from xmdesk.core.journey import maps as journeys
from xmdesk.core.survey import responses
from xmdesk.core.errors import Cancelled, StudyError
from xmdesk.core.jobs import CancelToken
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import QuestionType, load_survey
from tests.messages import raises_message

DATA_QUERY = "SELECT * FROM responses_retail_cx ORDER BY id"
# Columns that are the same for the same seed (created_at is the visit time, also seeded).
STABLE = "uuid, created_at, customer_id, region, store, channel, visit_date, nps, csat, attr__queue, spend, like_text"


def table(path: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_counts_and_structure(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        survey = load_survey(study, demo.SURVEY_CODE)
        assert responses.count(study.conn, survey) == 1000
        types = {q.type for q in survey.questions}
        assert {QuestionType.NPS, QuestionType.RATING, QuestionType.MATRIX, QuestionType.TEXT,
                QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.MULTIPLE, QuestionType.DATE} <= types
        attributes = survey.question("attr").items
        assert 8 <= len(attributes) <= 10
        assert len([q for q in survey.questions if q.type is QuestionType.TEXT]) == 3
        assert survey.question("ces").props["points"] == 7
        assert study.conn.execute("SELECT count(*) FROM customers").fetchone()[0] == 750
        orders = odata.list_tables(study)
        assert [(t.name, t.key_column, t.customer_column) for t in orders] == [("orders", "order_id", "customer_id")]
        assert odata.row_count(study, orders[0]) == 975
        joined = study.conn.execute(
            "SELECT count(DISTINCT r.customer_id) FROM responses_retail_cx r JOIN odata_orders o"
            " ON o.customer_id = r.customer_id").fetchone()[0]
        assert joined > 300
        assert study.integrity() == "ok"


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path, demo_path: Path) -> None:
    again = demo.build_demo(tmp_path / "again.xmd", responses_count=1000, seed=0)
    other = demo.build_demo(tmp_path / "other.xmd", responses_count=1000, seed=1)
    query = f"SELECT {STABLE} FROM responses_retail_cx ORDER BY id"
    assert table(again, query) == table(demo_path, query)
    assert table(again, "SELECT * FROM odata_orders ORDER BY order_id") == table(
        demo_path, "SELECT * FROM odata_orders ORDER BY order_id")
    assert table(other, query) != table(demo_path, query)


def test_content_is_realistic(demo_path: Path) -> None:
    rows = table(demo_path, "SELECT nps, csat, ces, visit_date, like_text, improve_text, other_text, attr__queue,"
                            " attr__staff, attr__delivery FROM responses_retail_cx")
    nps = [r[0] for r in rows]
    assert set(nps) <= set(range(11)) and len(set(nps)) >= 9
    promoters = sum(n >= 9 for n in nps) / len(nps)
    detractors = sum(n <= 6 for n in nps) / len(nps)
    assert 0.1 < promoters < 0.6 and 0.1 < detractors < 0.6
    assert {r[1] for r in rows} <= {1, 2, 3, 4, 5}
    assert {r[2] for r in rows} <= set(range(1, 8))
    dates = sorted(r[3] for r in rows)
    assert dates[0] >= "2026-05-01" and dates[-1] <= "2026-10-31" and dates[-1][:7] >= "2026-10"
    comments = " ".join(r[4] + r[5] + (r[6] or "") for r in rows)
    for topic in ("排队", "态度", "价格", "物流", "退款"):
        assert topic in comments
    assert sum(r[6] is not None for r in rows) > 100
    # complaints about queues come from people who rated waiting low
    queue_complaints = [r[7] for r in rows if "排队" in r[5]]
    assert queue_complaints and max(queue_complaints) <= 3
    assert sum(r[9] is None for r in rows) > 200  # delivery not applicable to most in-store visits
    by_queue = {low: [r[0] for r in rows if (r[7] <= 2) == low] for low in (True, False)}
    assert sum(by_queue[True]) / len(by_queue[True]) < sum(by_queue[False]) / len(by_queue[False])


def test_journey_touchpoints_link_to_real_questions(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        journey = journeys.load_journey(study, journeys.journey_names(study)[0])
        survey = load_survey(study, demo.SURVEY_CODE)
    assert [s.name for s in journey.stages] == ["认知", "考虑", "购买", "使用", "忠诚"]
    columns = {c.name for c in survey.columns()}
    for stage_index in range(5):
        touchpoints = journey.touchpoints(stage_index)
        assert touchpoints
        for touchpoint in touchpoints:
            assert touchpoint.link is not None and touchpoint.link.question in columns


def test_crosses_batches_and_bad_arguments(tmp_path: Path) -> None:
    path = demo.build_demo(tmp_path / "big.xmd", responses_count=demo.BATCH + 7, seed=3)
    assert table(path, "SELECT count(*), count(DISTINCT uuid) FROM responses_retail_cx") == [
        (demo.BATCH + 7, demo.BATCH + 7)]
    with raises_message(StudyError, "study.exists"):
        demo.build_demo(path)
    with raises_message(StudyError, "demo.bad_count"):
        demo.build_demo(tmp_path / "zero.xmd", responses_count=0)


def test_cancelled_demo_leaves_no_file(tmp_path: Path) -> None:
    token = CancelToken()
    target = tmp_path / "cancelled.xmd"
    with pytest.raises(Cancelled):
        demo.build_demo(target, responses_count=30_000, progress=lambda *_: token.cancel(), cancel=token)
    assert list(tmp_path.iterdir()) == []
