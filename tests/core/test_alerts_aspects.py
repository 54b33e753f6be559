"""Alert rules on comments read per clause (issue 21): "negative about 退款" means the clause about 退款."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from xmdesk.core.loop import alerts
from xmdesk.core.loop import cases
from xmdesk.core.survey import responses
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey
from xmdesk.core.text.codebook import make_codebook, save_codebook
from xmdesk.core.text.codes import set_code

COMMENTS = [
    "退款很快，就是客服态度太差",      # negative as a whole, positive about 退款
    "价格还行，但是退款太慢了",        # positive start, negative about 退款
    "退款到账了",                      # positive
    "客服不专业",                      # negative, not about 退款
]


@pytest.fixture
def study(tmp_path: Path) -> Any:
    with Study.create(tmp_path / "aspects.xmd") as made:
        survey = create_survey(made, "cx", questions=[Question("comment", QuestionType.TEXT, "Comment", "意见")])
        responses.insert_rows(made, survey, ["uuid", "comment"], [(f"r{i + 1}", c) for i, c in enumerate(COMMENTS)])
        save_codebook(made, make_codebook([("退款", ["退款", "到账"]), ("客服", ["客服"])]))
        yield made


def _uuids(study: Study, rule: str) -> list[str]:
    return sorted(c.response_uuid or "" for c in cases.list_cases(study) if c.rule == rule)


def test_a_topic_rule_asks_the_clause_about_the_topic(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("退款负面", "topic", {"topics": ["退款"]}, "cx"))
    alerts.run_rules(study)
    assert _uuids(study, "退款负面") == ["r2"]


def test_a_word_rule_asks_the_clause_with_the_word(study: Study) -> None:
    alerts.save_rule(study, alerts.Rule("退款投诉", "comment", {"words": ["退款"]}, "cx"))
    alerts.run_rules(study)
    assert _uuids(study, "退款投诉") == ["r2"]


def test_the_analysts_polarity_wins_over_the_model(study: Study) -> None:
    set_code(study, "cx", "comment", 3, polarity="negative")  # 退款到账了: the analyst knows it came too late
    set_code(study, "cx", "comment", 2, polarity="positive")
    alerts.save_rule(study, alerts.Rule("退款负面", "topic", {"topics": ["退款"]}, "cx"))
    alerts.run_rules(study)
    assert _uuids(study, "退款负面") == ["r3"]
