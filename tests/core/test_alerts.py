"""Alert rules on a small hand-made survey: each kind fires exactly where it should, and never twice."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from xmdesk.core import odata
from xmdesk.core.loop import alerts
from xmdesk.core.loop import cases
from xmdesk.core.survey import responses
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, Question, QuestionType, create_survey
from tests.messages import raises_message

COLUMNS = ["uuid", "customer_id", "store", "visit_date", "nps", "csat", "comment"]


def _survey_questions() -> list[Question]:
    return [
        Question("store", QuestionType.SINGLE, "Store", "门店", choices=[Choice("a", 1, "A", "甲店"),
                                                                       Choice("b", 2, "B", "乙店")]),
        Question("visit_date", QuestionType.DATE, "Date", "日期"),
        Question("nps", QuestionType.NPS, "NPS", "推荐"),
        Question("csat", QuestionType.RATING, "CSAT", "满意度", props={"points": 5}),
        Question("comment", QuestionType.TEXT, "Comment", "意见"),
    ]


@pytest.fixture
def study(tmp_path: Path) -> Any:
    with Study.create(tmp_path / "loop.xmd") as made:
        survey = create_survey(made, "cx", questions=_survey_questions())
        rows = [
            ("r1", "C1", 1, "2026-01-05", 2, 1, "要求退款，否则投诉到12315"),   # detractor, bottom CSAT, angry refund
            ("r2", "C2", 1, "2026-01-06", 6, 3, "退款很快就到账了，非常满意"),   # detractor; refund praised
            ("r3", "C3", 2, "2026-01-07", 7, 2, "排队太久了"),                 # passive, no word
            ("r4", "C1", 2, "2026-01-08", 10, 5, None),                      # promoter
            ("r5", "C4", 2, "2026-01-09", None, None, "投诉了也没人理，太差了"),  # no NPS; angry complaint
        ]
        responses.insert_rows(made, survey, COLUMNS, rows)
        odata.upsert_customers(made, [(f"C{i}", f"客户{i}", "", None, "", "", "", None) for i in range(1, 5)])
        yield made


def _case_uuids(study: Study, rule_name: str) -> list[str]:
    return sorted(c.response_uuid or "" for c in cases.list_cases(study) if c.rule == rule_name)


def test_detractor_fires_on_nps_up_to_6_once(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("贬损者", "detractor", {"max": 6}, "cx", "客服"))
    first = alerts.run_rules(study)
    assert (first.hits, first.new_cases) == (2, 2)
    assert _case_uuids(study, "贬损者") == ["r1", "r2"]
    again = alerts.run_rules(study)
    assert (again.hits, again.new_cases) == (2, 0)
    assert len(cases.list_cases(study)) == 2


def test_low_score_defaults_to_the_bottom_of_the_scale(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("最低分", "low_score", {"question": "csat"}, "cx"))
    alerts.run_rules(study)
    assert _case_uuids(study, "最低分") == ["r1"]


def test_negative_comment_with_words_skips_praise_and_other_words(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("退款投诉", "comment", {"words": ["退款", "投诉", "12315"]}, "cx"))
    result = alerts.run_rules(study)
    # r2 mentions 退款 but is praise; r3 is negative but mentions none of the words.
    assert _case_uuids(study, "退款投诉") == ["r1", "r5"]
    assert result.new_cases == 2
    detail = cases.list_cases(study)[0].detail
    assert detail == {"comments": {"comment": "要求退款，否则投诉到12315"}}


def test_new_responses_only_and_re_import_adds_nothing(study: Study) -> None:
    rule = alerts.save_rule(study, alerts.Rule("贬损者", "detractor", {}, "cx"))
    assert alerts.run_rules(study, "cx", response_ids=[3, 4]).new_cases == 0
    assert alerts.run_rules(study, "cx", response_ids=[2]).new_cases == 1
    assert alerts.run_rules(study, "cx", response_ids=[1, 2]).new_cases == 1
    assert alerts.run_rules(study, "cx", rule_ids=[rule]).new_cases == 0


def test_filter_expression_narrows_a_rule(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("乙店贬损", "detractor", {}, "cx", filter="${store} = 2"))
    alerts.save_rule(study, alerts.Rule("甲店投诉", "comment", {"words": ["投诉"]}, "cx", filter="${store} = 'a'"))
    alerts.run_rules(study)
    assert _case_uuids(study, "乙店贬损") == []
    assert _case_uuids(study, "甲店投诉") == ["r1"]


def test_dry_run_counts_without_writing(tmp_path: Path, study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("贬损者", "detractor", {}, "cx"))
    counted = alerts.run_rules(study, write=False)
    assert (counted.hits, counted.new_cases, counted.written) == (2, 2, False)
    assert cases.list_cases(study) == []


def test_do_not_disturb_flags_a_customer_contacted_recently(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("贬损者", "detractor", {}, "cx", do_not_disturb_days=30))
    with study.transaction(Changes.of("odata")) as conn:
        conn.execute("UPDATE customers SET last_contacted_at = '2000-01-01T00:00:00+00:00' WHERE id = 'C1'")
        conn.execute("UPDATE customers SET last_contacted_at = datetime('now', '-3 days') WHERE id = 'C2'")
    result = alerts.run_rules(study)
    flagged = {c.response_uuid: c.do_not_disturb for c in cases.list_cases(study)}
    # C1 was contacted long ago: contacted again; C2 three days ago: flagged instead.
    assert flagged == {"r1": False, "r2": True}
    assert result.do_not_disturb == 1
    stamp = study.conn.execute("SELECT last_contacted_at FROM customers WHERE id = 'C1'").fetchone()[0]
    assert stamp > "2026"
    history = cases.history(study, next(c.id for c in cases.list_cases(study) if c.do_not_disturb))
    assert history[0]["note"] == "do_not_disturb"


def test_topic_rule_uses_the_codebook(study: Study) -> None:
    from xmdesk.core.text.codebook import make_codebook, save_codebook

    save_codebook(study, make_codebook([("排队", ["排队"]), ("退款", ["退款"])]))
    alerts.save_rule(study, alerts.Rule("排队话题", "topic", {"topics": ["排队"], "negative": False}, "cx"))
    alerts.run_rules(study)
    assert _case_uuids(study, "排队话题") == ["r3"]


def test_bad_rules_are_refused(study: Study) -> None:
    with pytest.raises(ModelError):
        alerts.save_rule(study, alerts.Rule("x", "weather", {}, "cx"))
    with pytest.raises(ModelError):
        alerts.save_rule(study, alerts.Rule("x", "detractor", {"question": "nope"}, "cx"))
    with raises_message(XMDeskError, "logic.unknown_question", "nope"):
        alerts.save_rule(study, alerts.Rule("x", "detractor", {}, "cx", filter="${nope} = 1"))


def _drop_study(tmp_path: Path, before: list[int], after: list[int], store_b: int = 40) -> Study:
    """Store A answers `before` in January and `after` in February; store B stays at 9."""
    tmp_path.mkdir(exist_ok=True)
    made = Study.create(tmp_path / "drop.xmd")
    survey = create_survey(made, "cx", questions=_survey_questions())
    rows = [(f"a1-{i}", None, 1, "2026-01-10", v, None, None) for i, v in enumerate(before)]
    rows += [(f"a2-{i}", None, 1, "2026-02-10", v, None, None) for i, v in enumerate(after)]
    rows += [(f"b-{m}-{i}", None, 2, f"2026-0{m}-10", 9, None, None) for m in (1, 2) for i in range(store_b)]
    responses.insert_rows(made, survey, COLUMNS, rows)
    return made


DROP = {"question": "nps", "metric": "nps", "segment": "store", "date_column": "visit_date", "period": "month",
        "drop": 10, "alpha": 0.05, "min_base": 30}


def test_drop_rule_fires_for_the_store_that_fell_significantly(tmp_path: Path) -> None:
    with _drop_study(tmp_path, [10] * 30 + [8] * 10, [10] * 10 + [3] * 30) as study:
        alerts.save_rule(study, alerts.Rule("门店下滑", "drop", DROP, "cx", "门店运营部"))
        result = alerts.run_rules(study)
        assert result.new_cases == 1
        (case,) = cases.list_cases(study)
        assert case.subject == "store=1@2026-02"
        assert (case.detail["before"], case.detail["after"], case.detail["n_before"]) == (75.0, -50.0, 40)
        assert case.department == "门店运营部"
        assert alerts.run_rules(study).new_cases == 0


def test_drop_rule_keeps_quiet_on_small_bases_and_small_falls(tmp_path: Path) -> None:
    with _drop_study(tmp_path, [10] * 12, [0] * 12) as study:  # a huge fall on 12 answers: the guard holds
        alerts.save_rule(study, alerts.Rule("门店下滑", "drop", DROP, "cx"))
        assert alerts.run_rules(study).hits == 0
        alerts.save_rule(study, alerts.Rule("小样本也报", "drop", dict(DROP, min_base=10), "cx"))
        assert alerts.run_rules(study).hits == 1
    with _drop_study(tmp_path / "b", [10] * 20 + [6] * 20, [10] * 18 + [6] * 22) as study:  # −10 points: not more
        alerts.save_rule(study, alerts.Rule("门店下滑", "drop", dict(DROP, drop=10, alpha=1.0), "cx"))
        assert alerts.run_rules(study).hits == 0


def test_touchpoint_drop_reads_the_journey_link(tmp_path: Path) -> None:
    from xmdesk.core.journey import maps as journeys

    with _drop_study(tmp_path, [10] * 40, [0] * 40) as study:
        journeys.save_journey(study, journeys.Journey("旅程", items=[journeys.JourneyItem(
            "touchpoint", "甲店", 0, link=journeys.Link("cx", "nps", "nps", "${store} = 1"))]))
        definition = {"journey": "旅程", "touchpoint": "甲店", "date_column": "visit_date", "drop": 10}
        alerts.save_rule(study, alerts.Rule("触点下滑", "drop", definition, "cx"))
        assert [c.subject for c in cases.list_cases(study)] == []
        alerts.run_rules(study)
        assert [c.subject for c in cases.list_cases(study)] == ["*@2026-02"]
