"""Improvement actions: storage, status, and the effect review checked against a hand computation."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from scipy import stats

from xmdesk.core.loop import actions
from xmdesk.core.survey import responses
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey

BEFORE_NPS = [10, 9, 9, 8, 7, 6, 5, 3, 2, 10]   # 4 promoters, 4 detractors: NPS 0
AFTER_NPS = [10, 10, 9, 9, 9, 8, 7, 6, 10, 9, 10, 2]  # 8 promoters, 2 detractors: NPS 50
BEFORE_CSAT = [2, 3, 3, 4, 2, 3, 1, 4, 3, 3]
AFTER_CSAT = [4, 5, 4, 3, 5, 4, 4, 5, 3, 4, 5, 4]


@pytest.fixture
def study(tmp_path: Path):  # noqa: ANN201 - a generator fixture
    with Study.create(tmp_path / "act.xmd") as made:
        survey = create_survey(made, "cx", questions=[
            Question("visit_date", QuestionType.DATE), Question("nps", QuestionType.NPS),
            Question("csat", QuestionType.RATING, props={"points": 5})])
        rows = [("2026-03-01", n, c) for n, c in zip(BEFORE_NPS, BEFORE_CSAT)]
        rows += [("2026-04-02", n, c) for n, c in zip(AFTER_NPS, AFTER_CSAT)]
        responses.insert_rows(made, survey, ["visit_date", "nps", "csat"], rows)
        yield made


def _action(metric: str, question: str) -> actions.Action:
    return actions.Action("缩短排队", "cx", question, metric, start_date="2026-04-01", due_date="2026-05-01",
                          owner="王经理", department="门店运营部", date_column="visit_date",
                          pain_points=[actions.PainPoint("ipa", "attr__queue", "排队等待时间")])


def test_mean_review_is_welch_t_by_hand(study: Study) -> None:
    review = actions.effect_review(study, _action("mean", "csat"))
    m1, m2 = sum(BEFORE_CSAT) / 10, sum(AFTER_CSAT) / 12
    v1 = sum((x - m1) ** 2 for x in BEFORE_CSAT) / 9
    v2 = sum((x - m2) ** 2 for x in AFTER_CSAT) / 11
    se = math.sqrt(v1 / 10 + v2 / 12)
    df = (v1 / 10 + v2 / 12) ** 2 / ((v1 / 10) ** 2 / 9 + (v2 / 12) ** 2 / 11)
    t = (m2 - m1) / se
    assert (review.n_before, review.n_after) == (10, 12)
    assert review.before == pytest.approx(2.8) and review.after == pytest.approx(50 / 12)
    assert review.statistic == pytest.approx(t)
    assert review.p_value == pytest.approx(2 * stats.t.sf(abs(t), df))
    assert review.significant and review.test == "Welch t"


def test_nps_review_is_a_z_test_on_the_nps_difference(study: Study) -> None:
    review = actions.effect_review(study, _action("nps", "nps"))
    assert (review.before, review.after, review.change) == (0.0, 50.0, 50.0)
    var1 = (0.4 + 0.4 - 0.0 ** 2) / 10
    var2 = (8 / 12 + 2 / 12 - (6 / 12) ** 2) / 12
    z = 0.5 / math.sqrt(var1 + var2)
    assert review.statistic == pytest.approx(z)
    assert review.p_value == pytest.approx(2 * stats.norm.sf(z))


def test_top2_review_is_a_pooled_two_proportion_z(study: Study) -> None:
    review = actions.effect_review(study, _action("top2", "csat"))
    x1, x2 = sum(v >= 4 for v in BEFORE_CSAT), sum(v >= 4 for v in AFTER_CSAT)  # 2 of 10, 10 of 12
    pooled = (x1 + x2) / 22
    z = (x2 / 12 - x1 / 10) / math.sqrt(pooled * (1 - pooled) * (1 / 10 + 1 / 12))
    assert (review.before, review.after) == (pytest.approx(20.0), pytest.approx(100 * 10 / 12))
    assert review.statistic == pytest.approx(z)
    spec = review.chart("缩短排队")
    assert spec.series[0].values == (review.before, review.after) and spec.series[0].n == (10, 12)
    assert "p = " in spec.notes[0]


def test_actions_are_stored_and_tracked(study: Study) -> None:
    action_id = actions.save_action(study, _action("mean", "csat"))
    actions.set_action_status(study, action_id, "in_progress")
    stored = actions.get_action(study, action_id)
    assert (stored.status, stored.department, stored.pain_points[0].ref) == ("in_progress", "门店运营部", "attr__queue")
    with pytest.raises(ModelError):
        actions.set_action_status(study, action_id, "finished")
    with pytest.raises(ModelError):
        actions.save_action(study, actions.Action("x", "cx", "csat", "median"))
    with pytest.raises(ModelError):
        actions.effect_review(study, actions.Action("无日期", "cx", "csat"))
    actions.delete_action(study, action_id)
    assert actions.list_actions(study) == []


def test_demo_ships_a_reviewed_action(demo_path: Path) -> None:
    with Study.open(demo_path) as study:
        (action,) = actions.list_actions(study)
        review = actions.effect_review(study, action)
        assert review.n_before + review.n_after > 900
        kinds = {p.kind for p in actions.pain_point_candidates(study, "retail_cx")}
        assert {"ipa", "touchpoint"} <= kinds
