"""Commands that read one survey take the study's only one when --survey is left out, and with several they
name them and exit 2 rather than guess (one rule, cli.common.chosen_survey, for stats, insights and text)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.run import xmdesk
from xmdesk.core import messages
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Question, QuestionType, create_survey, survey_codes

COMMANDS = [["stats", "--metric", "nps", "--question", "nps"], ["insights"]]
SAYING = [(COMMANDS[0], "analysis.choose_survey"), (COMMANDS[1], "analysis.choose_survey"),
          (["text", "--question", "improve_text"], "text.choose_survey")]


@pytest.mark.parametrize(("command", "message"), SAYING)
def test_without_survey_a_study_of_several_names_them_and_exits_2(demo_path: Path, tmp_path: Path,
                                                                 command: list[str], message: str) -> None:
    path = Path(shutil.copy(demo_path, tmp_path / "two.xmd"))
    with Study.open(path) as study:
        create_survey(study, "exit_poll", questions=[Question("nps", QuestionType.NPS, label_zh="推荐")])
        codes = survey_codes(study)
    messages.set_language("en")
    result = xmdesk(command[0], str(path), *command[1:])
    assert result.returncode == 2 and len(codes) == 2
    assert result.stderr.strip().endswith("xmdesk: " + messages.text(message, surveys=", ".join(codes)))


@pytest.mark.parametrize("command", COMMANDS)
def test_without_survey_the_only_survey_is_read(demo_path: Path, command: list[str]) -> None:
    result = xmdesk(command[0], str(demo_path), *command[1:], "--json")
    assert result.returncode == 0, result.stderr
