"""The phone's pages as HTML: one screen of questions, the thank-you page, a refusal.

Plain HTML forms that work without JavaScript; `resources/collect/form.js` only keeps the answers
in the browser and resends when the phone was offline. Every text is escaped; labels come from the
survey in the phone's language, the page's own words from the core's catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from xmdesk.core import messages
from xmdesk.core.fieldwork.entry import scale_values
from xmdesk.core.survey.model import Question, QuestionType, Survey

SELECT_ABOVE = 12
"""A choice list longer than this is a drop-down: twenty stores as tap targets scroll off the phone."""


@dataclass(frozen=True)
class FormState:
    """What a page carries to the next: the hidden fields of its form."""

    form_id: str
    csrf: str
    submission_id: str
    state: str
    """The answers so far and the screens walked (JSON), checked again on every request."""
    link_query: str


def t(message_id: str, **values: object) -> str:
    """A catalogue message in the current language, HTML-escaped: a page's own words never carry markup from a
    translation."""
    return escape(messages.text(message_id, **values))


def document(lang: str, title: str, body: str, offline_text: str = "") -> str:
    """A whole page around `body`: the phone's language on <html>, the form's CSS and script; `offline_text` is what
    form.js shows when the phone lost its connection."""
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (f'<!doctype html><html lang="{html_lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<title>{escape(title)}</title><link rel="stylesheet" href="form.css"></head>'
            f'<body data-offline="{escape(offline_text)}"><main>{body}</main>'
            f'<script src="form.js"></script></body></html>')


def screen_page(survey: Survey, lang: str, questions: Sequence[Question], answers: Mapping[str, Any],
                problems: Mapping[str, str], form: FormState, progress: float, first: bool) -> str:
    """One screen: its shown questions with the answers given so far and what is wrong with them.
    (A <progress> element rather than a styled bar: the CSP allows no inline style.)"""
    parts = [f'<header><h1>{escape(survey.title(lang))}</h1>'
             f'<progress max="100" value="{round(progress * 100)}" aria-hidden="true"></progress></header>',
             '<form method="post" action="page" id="form" novalidate>',
             _hidden("fid", form.form_id), _hidden("csrf", form.csrf), _hidden("sid", form.submission_id),
             _hidden("state", form.state), _hidden("link", form.link_query)]
    parts += [question_block(q, lang, answers, problems.get(q.code)) for q in questions]
    back = "" if first else f'<button type="submit" name="go" value="back" class="secondary">{t("collect.back")}</button>'
    parts.append(f'<div class="nav">{back}<button type="submit" name="go" value="next" class="primary">'
                 f'{t("collect.next")}</button></div></form>')
    return document(lang, survey.title(lang), "".join(parts), messages.text("collect.offline"))


def question_block(question: Question, lang: str, answers: Mapping[str, Any], problem: str | None) -> str:
    """One question as a fieldset: its label in the phone's language, a * when required, its help and its problem (if
    any) above the answer widget. Every survey text is escaped."""
    required = ' <span class="req" aria-hidden="true">*</span>' if question.required else ""
    help_text = question.help_zh if lang == "zh" else question.help_en
    help_html = f'<p class="help">{escape(help_text)}</p>' if help_text else ""
    error = f'<p class="error" role="alert">{escape(problem)}</p>' if problem else ""
    css = "question invalid" if problem else "question"
    return (f'<fieldset class="{css}" id="q-{escape(question.code)}"><legend>{escape(question.label(lang))}'
            f'{required}</legend>{help_html}{error}{_widget(question, lang, answers)}</fieldset>')


def _widget(question: Question, lang: str, answers: Mapping[str, Any]) -> str:
    kind = question.type
    if kind is QuestionType.MULTIPLE:
        return "".join(_option("checkbox", question.code, c.code, c.label(lang), answers.get(column.name) == 1)
                       for c, column in zip(question.choices, question.columns()))
    if kind is QuestionType.MATRIX:
        return "".join(f'<div class="item"><p>{escape(item.label(lang))}</p>'
                       f'{_scale(question, lang, column.name, answers.get(column.name))}</div>'
                       for item, column in zip(question.items, question.columns()))
    if kind in (QuestionType.NPS, QuestionType.RATING) and not question.choices:
        return _scale(question, lang, question.code, answers.get(question.code))
    value = answers.get(question.code)
    if kind in (QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.CHECKLIST, QuestionType.RATING,
                QuestionType.NPS):
        choices = question.answer_choices()
        if len(choices) > SELECT_ABOVE:
            options = "".join(f'<option value="{c.value}"{" selected" if c.value == value else ""}>'
                              f'{escape(c.label(lang))}</option>' for c in choices)
            return (f'<select name="{escape(question.code)}"><option value="">{t("collect.choose")}</option>'
                    f'{options}</select>')
        return "".join(_option("radio", question.code, str(c.value), c.label(lang), c.value == value)
                       for c in choices)
    shown = "" if value is None else escape(str(value))
    name = escape(question.code)
    if kind is QuestionType.TEXT:
        return f'<textarea name="{name}" rows="4" maxlength="2000">{shown}</textarea>'
    if kind is QuestionType.DATE:
        return f'<input type="date" name="{name}" value="{shown}">'
    return f'<input type="text" inputmode="decimal" name="{name}" value="{shown}">'


def _option(kind: str, name: str, value: str, label: str, checked: bool) -> str:
    mark = " checked" if checked else ""
    return (f'<label class="option"><input type="{kind}" name="{escape(name)}" value="{escape(value)}"{mark}>'
            f'<span>{escape(label)}</span></label>')


def _scale(question: Question, lang: str, name: str, value: Any) -> str:
    """A row of numbers (NPS 0–10, a rating), the ends named under it."""
    cells = "".join(f'<label class="point"><input type="radio" name="{escape(name)}" value="{v}"'
                    f'{" checked" if v == value else ""}><span>{v}</span></label>' for v in scale_values(question))
    low, high = (str(question.props.get(f"{end}_{lang}") or question.props.get(f"{end}_en") or "")
                 for end in ("low", "high"))
    ends = f'<div class="ends"><span>{escape(low)}</span><span>{escape(high)}</span></div>' if low or high else ""
    kind = "scale nps" if question.type is QuestionType.NPS else "scale"
    return f'<div class="{kind}">{cells}</div>{ends}'


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{escape(value)}">'


def thanks_page(survey: Survey, lang: str, submission_id: str) -> str:
    """Said once the response is committed: the browser forgets its saved copy on this page."""
    body = (f'<header><h1>{escape(survey.title(lang))}</h1></header><section class="done" '
            f'data-submitted="{escape(submission_id)}"><h2>{t("collect.thanks")}</h2>'
            f'<p>{t("collect.received")}</p></section>')
    return document(lang, survey.title(lang), body)


def refusal_page(lang: str, message: str) -> str:
    """A request the server will not serve, said in plain words (never a stack trace or a file name)."""
    return document(lang, messages.text("collect.refused_title"),
                    f'<section class="refused"><h2>{t("collect.refused_title")}</h2><p>{escape(message)}</p></section>')


def pick_language(accept_language: str) -> str:
    """中文 when the phone prefers Chinese (the first language it names by weight), else English."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if tag:
            ranked.append((-weight, position, tag.lower()))
    return "zh" if ranked and min(ranked)[2].startswith("zh") else "en"
