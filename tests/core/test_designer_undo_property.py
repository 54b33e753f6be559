"""Property: any sequence of designer edits, undone in reverse, gives back the survey it started from, and
the rule and the dashboard tile that use its first question as they were (renames may update them)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xmdesk.core.loop import alerts
from xmdesk.core.survey import edits as designer
from xmdesk.core.analysis.dashboards import Dashboard, Tile, save_dashboard
from xmdesk.core.analysis.query import Query
from xmdesk.core.analysis.request import Request
from xmdesk.core.survey.edits import Edit
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Choice, QuestionType, Survey, create_survey, load_survey, survey_to_dict

STEP = st.tuples(st.sampled_from(["add", "remove", "move", "label", "choices", "required", "rename", "group"]),
                 st.integers(0, 20), st.sampled_from(list(QuestionType)))


def users(study: Study) -> list[tuple[str, ...]]:
    """The stored definitions of everything outside the survey that names its questions."""
    return (study.conn.execute("SELECT definition, filter FROM alert_rules").fetchall()
            + study.conn.execute("SELECT tiles, '' FROM dashboards").fetchall())


def shape(survey: Survey) -> dict:
    data = survey_to_dict(survey)
    data.pop("version")
    return data


def columns(study: Study, survey: Survey) -> list[str]:
    return sorted(row[1] for row in study.conn.execute(f'PRAGMA table_info("{survey.response_table}")'))


def edit_for(survey: Survey, step: tuple[str, int, QuestionType]) -> Edit | None:
    kind, number, qtype = step
    questions = survey.questions
    if kind == "add" or not questions:
        return designer.add(designer.new_question(survey, qtype), number % (len(questions) + 1))
    question = questions[number % len(questions)]
    if kind == "remove":
        return designer.remove(question.code)
    if kind == "move":
        return designer.move(question.code, (number * 7) % len(questions))
    if kind == "label":
        return designer.update(question.code, label_zh=f"题目 {number}", label_en=f"Question {number}")
    if kind == "required":
        return designer.update(question.code, required=not question.required)
    if kind == "rename":
        return designer.rename(question.code, f"r{number}", update=number % 2 == 0)
    if kind == "group":
        return designer.move(question.code, questions.index(question), f"g{number % 3}")
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.DROPDOWN):
        extra = Choice(f"c{number}", 100 + number, f"Choice {number}", f"选项 {number}")
        return designer.set_choices(question.code, [*question.choices, extra])
    return None


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(STEP, min_size=1, max_size=12))
def test_undo_of_any_edit_sequence_restores_the_survey(steps: list[tuple[str, int, QuestionType]]) -> None:
    with tempfile.TemporaryDirectory() as folder, Study.create(Path(folder) / "p.xmd") as study:
        survey = create_survey(study, "p", "P", "P")
        designer.apply(study, survey, designer.add(designer.new_question(survey, QuestionType.SINGLE)))
        alerts.save_rule(study, alerts.Rule("r", "comment", {"questions": []}, "p", filter="selected(${q1}, 'a2')"))
        save_dashboard(study, Dashboard("d", [Tile(Request("freq", "q1", Query("p", filter="${q1} = 1")))]))
        start, start_columns, start_users = shape(load_survey(study, "p")), columns(study, survey), users(study)
        inverses = []
        for step in steps:
            edit = edit_for(survey, step)
            if edit is None:
                continue
            try:
                change = designer.apply(study, survey, edit)
            except ModelError:
                continue  # refused edits change nothing (checked elsewhere)
            if change.inverse is not None:
                inverses.append(change.inverse)
            elif change.structural:
                raise AssertionError(f"{edit} cannot be undone")
        for inverse in reversed(inverses):
            designer.apply(study, survey, inverse)
        assert shape(load_survey(study, "p")) == start
        assert columns(study, survey) == start_columns
        assert users(study) == start_users
        assert study.integrity() == "ok"
