"""What a question, a matrix row, a metric or a survey is called in a language.

Stored names are stable codes (`attr__queue`, `nps`, `retail_cx`); a person reads labels. Every face
(the GUI's panels and lists, report block names and covers, the CLI's tables) asks here, so a code
shows only where a label is missing, or as a secondary hint (`hint`) in a tooltip.
"""

from __future__ import annotations

from xmdesk.core.errors import ModelError
from xmdesk.core.survey.model import SEPARATOR, Question, QuestionType, Survey
from xmdesk.core.vocabulary import registry


def survey_name(survey: Survey, lang: str) -> str:
    """The survey's title in `lang` (the other language's, then the code, when it has none)."""
    return survey.title(lang)


def metric_name(name: str, lang: str) -> str:
    """A metric of the registry by its label ('均值', not 'MEAN'); an unknown name as it is."""
    try:
        return registry.metric(name).label(lang)
    except ModelError:
        return name


def _question(survey: Survey, code: str) -> Question | None:
    return next((q for q in survey.questions + survey.derived if q.code == code), None)


def column_name(survey: Survey, column: str, lang: str) -> str:
    """A stored column as a person names it: a question by its label, a matrix row by the row's label, a
    multiple-choice option as 'question · option'. A column the survey does not know keeps its name."""
    question = _question(survey, column)
    if question is not None:
        return question.label(lang)
    code, _, part = column.partition(SEPARATOR)
    question = _question(survey, code)
    if question is None or not part:
        return column
    if question.type is QuestionType.MATRIX:
        return next((item.label(lang) for item in question.items if item.code == part), column)
    choice = next((c for c in question.choices if c.code == part), None)
    return f"{question.label(lang)} · {choice.label(lang)}" if choice is not None else column


def metric_of(metric: str, survey: Survey, column: str, lang: str) -> str:
    """'Mean · Staff friendliness' for a metric computed on a column (the actions panel, block names)."""
    return f"{metric_name(metric, lang)} · {column_name(survey, column, lang)}"


def hint(label: str, code: str) -> str:
    """A label with its code as the secondary hint (tooltips): 'Waiting time (attr__queue)'."""
    return label if label == code else f"{label} ({code})"
