"""A derived variable's parameters of the wrong shape are named in one line (issue 16).

They arrive as JSON a user typed (`xmdesk derive --spec`); each case below ended in a TypeError, AttributeError or
ValueError traceback from the computation (or the preview the CLI shows) before `derived.check` looked at shapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from xmdesk.core.analysis.derived import Definition, check
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, QuestionType, load_survey
from tests.messages import raises_message

BANDS = (Choice("low", 1, "Low", "低"), Choice("high", 2, "High", "高"))


@pytest.mark.parametrize(("kind", "spec", "message_id", "facts"), [
    ("recode", {"source": "csat", "rules": 3}, "derived.parameter_list", ("rules", "3")),
    ("recode", {"source": "csat", "rules": [3]}, "derived.rule_shape", ("1", "3")),
    ("recode", {"source": "csat", "rules": [{"choice": "low", "max": "x"}]}, "derived.parameter_number",
     ("max", "'x'")),
    ("recode", {"source": "csat", "rules": [{"choice": "low", "values": 4}]}, "derived.parameter_list",
     ("values", "4")),
    ("count", {"source": "categories", "options": 3}, "derived.parameter_list", ("options", "3")),
    ("flag", {"flag": "speeder", "duration": "spend", "share": "x"}, "derived.parameter_number", ("share", "'x'")),
    ("flag", {"flag": "outlier", "column": "spend", "k": [1]}, "derived.parameter_number", ("k", "[1]")),
    ("flag", {"flag": "straightliner", "matrix": "attr", "min_items": "two"}, "derived.parameter_number",
     ("min_items", "'two'")),
    ("flag", {"flag": "duplicate", "by": "region"}, "derived.parameter_list", ("by", "'region'")),
])
def test_a_parameter_of_the_wrong_shape_is_named(demo_path: Path, kind: str, spec: dict[str, Any], message_id: str,
                                                 facts: tuple[str, ...]) -> None:
    with Study.open(demo_path, read_only=True) as study:
        survey = load_survey(study, "retail_cx")
    qtype = QuestionType.SINGLE if kind == "recode" else QuestionType.NUMBER
    with raises_message(ModelError, message_id, *facts):
        check(survey, Definition("x1", kind, spec, qtype, choices=BANDS if kind == "recode" else ()))
