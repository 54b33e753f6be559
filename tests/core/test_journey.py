"""Journey model, edits and live scores on the real demo study."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from xmdesk.core.survey import edits as designer
from xmdesk.core.journey import maps as J
from xmdesk.core.analysis import metrics
from xmdesk.core.analysis.frame import load_frame
from xmdesk.core.errors import ModelError
from xmdesk.core.journey.scores import responses_behind, score_journey, score_link
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Survey, load_survey
from xmdesk.core.survey.usage import QuestionInUse

DEMO_JOURNEY = "零售门店购物旅程"


@pytest.fixture
def study(demo_path: Path):
    with Study.open(demo_path) as opened:
        yield opened


def test_demo_journey_is_linked_and_scores_every_touchpoint(study: Study) -> None:
    journey = J.load_journey(study, DEMO_JOURNEY)
    scores = score_journey(study, journey)
    touchpoints = [i for i, item in enumerate(journey.items) if item.kind == "touchpoint"]
    assert touchpoints and set(scores.cards) == set(touchpoints)
    assert all(card.value is not None and card.n > 0 and not card.broken for card in scores.cards.values())
    assert any(item.kind == "persona" for item in journey.items)
    assert all(stage.index is not None for stage in scores.stages)


def test_card_number_equals_the_analysis_engine(study: Study) -> None:
    survey = load_survey(study, "retail_cx")
    journey = J.load_journey(study, DEMO_JOURNEY)
    frame = load_frame(study, survey, ["nps", "channel", "attr"])
    online = frame[(frame["channel"] == 3).to_numpy(dtype=bool, na_value=False)]
    nps = score_link(study, J.Link("retail_cx", "nps", "nps", "${channel} = 3"), journey)
    expected = metrics.nps(online["nps"])
    assert nps.value == pytest.approx(expected.nps) and nps.n == expected.n
    in_store = frame[(frame["channel"] == 1).to_numpy(dtype=bool, na_value=False)]
    env = score_link(study, J.Link("retail_cx", "attr__env", "mean", "${channel} = '门店'"), journey)
    expected_mean = metrics.mean(in_store["attr__env"])
    assert env.value == pytest.approx(expected_mean.mean) and env.n == expected_mean.n


def test_change_against_the_previous_month(study: Study) -> None:
    survey = load_survey(study, "retail_cx")
    journey = J.load_journey(study, DEMO_JOURNEY)
    card = score_link(study, J.Link("retail_cx", "csat", "csat"), journey)
    last, expected = last_month_change(load_frame(study, survey, ["csat", "visit_date"]), survey)
    assert card.period == last and card.delta == pytest.approx(expected)


def last_month_change(frame: pd.DataFrame, survey: Survey) -> tuple[str, float]:
    """The last visit month and its CSAT mean's change against the month before, worked out with pandas."""
    months = frame["visit_date"].astype(str).str.slice(0, 7)
    last, before = sorted(months.unique())[-1], sorted(months.unique())[-2]
    question = survey.question("csat")
    return last, (metrics.csat(frame["csat"][(months == last).to_numpy()], question).mean
                  - metrics.csat(frame["csat"][(months == before).to_numpy()], question).mean)


def test_a_filtered_cards_change_reads_its_own_rows_dates(study: Study) -> None:
    """A card's period change takes its dates from the study's cache of day numbers, row for row with the
    card's filtered responses (not the first n dates of everyone)."""
    survey = load_survey(study, "retail_cx")
    journey = J.load_journey(study, DEMO_JOURNEY)
    card = score_link(study, J.Link("retail_cx", "csat", "csat", "${channel} = 1"), journey)
    frame = load_frame(study, survey, ["csat", "visit_date", "channel"])
    last, expected = last_month_change(frame[(frame["channel"] == 1).to_numpy(dtype=bool, na_value=False)], survey)
    assert card.period == last and card.delta == pytest.approx(expected)


def test_a_journey_parses_each_date_column_once_not_per_card(study: Study, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ten cards on one survey parsed its dates ten times (0.12 s of a 100,000-response report's journey)."""
    from xmdesk.core.analysis import frame as frames, trend

    parsed: list[int] = []

    def counting(dates: object) -> np.ndarray:
        parsed.append(len(dates))  # type: ignore[arg-type]
        return original(dates)

    original = frames.parse_days
    monkeypatch.setattr(frames, "parse_days", counting)
    monkeypatch.setattr(trend, "parse_days", counting)
    journey = J.load_journey(study, DEMO_JOURNEY)
    scores = score_journey(study, journey)
    assert len(scores.cards) >= 5 and len(parsed) <= 2  # the survey's visit date (and created_at), once each


def test_small_base_and_thresholds_colour_the_card(study: Study) -> None:
    journey = J.load_journey(study, DEMO_JOURNEY)
    small = score_link(study, J.Link("retail_cx", "nps", "nps", "${channel} = 3 and ${csat} <= 2"), journey)
    assert 0 < small.n < metrics.SMALL_BASE and small.small_base
    card = score_link(study, J.Link("retail_cx", "csat", "csat"), journey)
    journey.settings["thresholds"]["csat"] = [card.value - 1, card.value - 0.5]
    assert score_link(study, J.Link("retail_cx", "csat", "csat"), journey).band == "good"
    journey.settings["thresholds"]["csat"] = [card.value + 0.5, card.value + 1]
    assert score_link(study, J.Link("retail_cx", "csat", "csat"), journey).band == "poor"


def test_broken_links_never_raise(study: Study) -> None:
    journey = J.load_journey(study, DEMO_JOURNEY)
    gone = score_link(study, J.Link("retail_cx", "no_such", "mean"), journey)
    assert gone.band == "broken" and "no_such" in gone.broken
    assert "nope" in score_link(study, J.Link("nope", "nps", "nps"), journey).broken
    assert score_link(study, J.Link("retail_cx", "nps", "nps", "${channel} = = 1"), journey).band == "broken"
    survey = load_survey(study, "retail_cx")
    with pytest.raises(QuestionInUse):  # the designer keeps a linked question (issue 15)…
        designer.apply(study, survey, designer.Edit("archive", "csat"))
    # …but a file archived it before that check existed.
    study.conn.execute("UPDATE questions SET archived = 1 WHERE survey_id = ? AND code = 'csat'", (survey.id,))
    scores = score_journey(study, J.load_journey(study, DEMO_JOURNEY))
    broken = [c for c in scores.cards.values() if c.broken]
    assert len(broken) == 1 and "csat" in broken[0].broken


def test_responses_behind_a_card_are_the_filtered_ones(study: Study) -> None:
    behind = responses_behind(study, J.Link("retail_cx", "nps", "nps", "${channel} = 3"), limit=20)
    card = score_link(study, J.Link("retail_cx", "nps", "nps", "${channel} = 3"), J.load_journey(study, DEMO_JOURNEY))
    assert behind.total == card.n and len(behind.rows) == 20
    assert "improve_text" in behind.columns and behind.rows[0][0] > behind.rows[-1][0]


def test_save_and_load_round_trip_with_settings(study: Study) -> None:
    journey = J.load_template("bank_account", "银行开户")
    journey.settings["emotion"] = "scores"
    journey.settings["thresholds"]["nps"] = [10.0, 40.0]
    J.save_journey(study, journey)
    assert J.load_journey(study, "银行开户") == journey
    journey.name = "银行开户 2"
    J.save_journey(study, journey, replacing="银行开户")
    assert "银行开户" not in J.journey_names(study) and J.load_journey(study, "银行开户 2") == journey
    with pytest.raises(ModelError):
        J.save_journey(study, journey, replacing=DEMO_JOURNEY)


@pytest.mark.parametrize("key", ["retail_store", "bank_account", "ecommerce_order"])
def test_templates_load(key: str) -> None:
    journey = J.load_template(key)
    assert len(journey.stages) == 5 and journey.name
    assert {item.kind for item in journey.items} >= {"touchpoint", "pain_point", "opportunity", "emotion", "persona"}
    assert J.journey_from_dict(J.journey_to_dict(journey)) == journey


def _undo_round_trip(journey: J.Journey, edit: J.Edit) -> J.Journey:
    before = copy.deepcopy(journey)
    inverse = J.apply(journey, edit)
    after = copy.deepcopy(journey)
    redo = J.apply(journey, inverse)
    assert journey == before
    J.apply(journey, redo)
    assert journey == after
    return after


def test_moving_a_stage_carries_its_cards() -> None:
    journey = J.load_template("retail_store")
    queue = next(i for i, item in enumerate(journey.items) if item.name == "排队结账")
    x = journey.items[queue].x
    after = _undo_round_trip(journey, J.move_stage(journey, 2, 0))
    assert [s.name for s in after.stages][:3] == ["购买", "认知", "考虑"]
    assert after.items[queue].stage == 0 and after.items[queue].x == x - 2 * 260


def test_resize_and_remove_stage() -> None:
    journey = J.load_template("retail_store")
    last = next(i for i, item in enumerate(journey.items) if item.stage == 4 and item.kind == "touchpoint")
    x = journey.items[last].x
    after = _undo_round_trip(journey, J.resize_stage(journey, 0, 400))
    assert after.stages[0].width == 400 and after.items[last].x == x + 140
    count = len(journey.items)
    after = _undo_round_trip(journey, J.remove_stage(journey, 1))
    assert len(after.stages) == 4 and len(after.items) == count - 1  # the stage's emotion point goes
    with pytest.raises(ModelError):
        J.remove_stage(J.Journey("one", stages=[J.Stage("只有一个")]), 0)


def test_move_item_changes_lane_and_emotion_value() -> None:
    journey = J.load_template("retail_store")
    first = 0
    after = _undo_round_trip(journey, J.move_items(journey, {first: (800.0, 200.0)}))
    assert after.items[first].stage == 3
    emotion = next(i for i, item in enumerate(journey.items) if item.kind == "emotion")
    top, _ = J.emotion_band(journey)
    after = _undo_round_trip(journey, J.move_items(journey, {emotion: (0.0, top)}))
    assert after.items[emotion].props["value"] > 0.9


def test_adding_an_emotion_point_on_a_lane_with_one_replaces_its_value() -> None:
    journey = J.load_template("retail_store")
    count = len(journey.items)
    point = J.new_item(journey, "emotion", 130.0, J.emotion_y(journey, -0.8))
    after = _undo_round_trip(journey, J.add_items(journey, [point]))
    assert len(after.items) == count
    assert J.emotion_points(after)[0] == (0, pytest.approx(-0.8, abs=0.01))


def test_align_left() -> None:
    journey = J.load_template("retail_store")
    indices = [0, 2, 4]
    after = _undo_round_trip(journey, J.align_items(journey, indices, "left"))
    assert len({after.items[i].x for i in indices}) == 1


def test_emotion_from_scores(study: Study) -> None:
    journey = J.load_journey(study, DEMO_JOURNEY)
    journey.settings["emotion"] = "scores"
    values = score_journey(study, journey).emotion_values()
    points = J.emotion_points(journey, values)
    assert [v for _, v in points] == values and all(-1 <= v <= 1 for v in values if v is not None)
    assert np.argmin([v for _, v in points]) == 0  # 认知 has the lowest linked index on the demo


def test_a_journey_saved_before_m008_opens_with_default_settings(tmp_path: Path) -> None:
    import sqlite3

    from sqlite_utils import Database

    from xmdesk.core.study import migrations
    from xmdesk.core.study.file import APPLICATION_ID

    path = tmp_path / "old.xmd"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.apply(Database(conn, execute_plugins=False), stop_before="m008_journey")
    conn.execute("INSERT INTO journeys (name, created_at, updated_at) VALUES ('旧旅程', '2026', '2026')")
    conn.execute("INSERT INTO journey_stages (journey_id, position, name, width) VALUES (1, 0, '认知', 240)")
    conn.execute("INSERT INTO journey_items (journey_id, stage_id, kind, name) VALUES (1, 1, 'touchpoint', '广告')")
    conn.close()
    with Study.open(path) as study:
        journey = J.load_journey(study, "旧旅程")
        assert journey.settings == J.DEFAULT_SETTINGS and journey.stages == [J.Stage("认知", 240.0)]
        assert journey.items[0].name == "广告" and journey.items[0].stage == 0
