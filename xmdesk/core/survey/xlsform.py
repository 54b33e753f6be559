"""XLSForm import and export, so surveys move between XMDesk and ODK / KoboToolbox.

A form is a workbook with the sheets `survey` (one row per question, group start and
end), `choices` (the answer lists) and `settings`. We read and write the columns
type, name, label::English (en), label::Chinese (zh), hint::…, required, relevant,
constraint, constraint_message::…, appearance and parameters (randomize=true).

What XLSForm cannot say about an XMDesk survey (that a 0-10 select is an NPS
question, rating end labels, checklist weights, a choice's stored value) goes in one
extra column named `xmdesk` holding JSON, which ODK tools ignore; standard columns
win on import, so a form edited in Excel still means what it says. A matrix is
exported as a `table-list` group of select_one rows, and each such change is listed
in the report. On import every problem is collected, each with its sheet and row,
and nothing is imported unless there are none.

Import reads what pyxform (XLSForm's reference converter) reads, in every spelling it
reads (xlsform_sheets, xlsform_read); what an XMDesk survey cannot model (repeats,
calculations, choice filters, other languages…) is kept in the survey's definition and
written back here, so a form comes back out as it came in, shared choice lists shared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xmdesk.core import messages
from xmdesk.core.study import audit
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.files import sheet_row, write_output
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import SEPARATOR, Choice, Question, QuestionType, Survey, create_survey, load_survey, survey_codes
from xmdesk.core.survey.xlsform_sheets import header_order

LANGUAGES = {"en": "English (en)", "zh": "Chinese (zh)"}
SURVEY_HEADERS = ["type", "name", *(f"label::{name}" for name in LANGUAGES.values()),
                  *(f"hint::{name}" for name in LANGUAGES.values()), "required", "relevant", "constraint",
                  *(f"constraint_message::{name}" for name in LANGUAGES.values()), "appearance", "parameters", "xmdesk"]
CHOICE_HEADERS = ["list_name", "name", *(f"label::{name}" for name in LANGUAGES.values()), "xmdesk"]
SETTINGS_HEADERS = ["form_title", "form_id", "version", "default_language", "xmdesk"]
# Where a question keeps what the survey model does not say (see xlsform_read): its list's name,
# its cells as they were, and the question pyxform makes of or_other.
LIST_PROP, CELLS_PROP, OR_OTHER_OF = "choice_list", "xlsform_cells", "or_other_of"
# Props said by standard columns; everything else travels in the `xmdesk` column.
STANDARD_PROPS = {"relevant", "constraint", "constraint_message_en", "constraint_message_zh", "randomize", "min",
                  "max", "regex", "multiline", "or_other", LIST_PROP, CELLS_PROP, OR_OTHER_OF}
NPS_LIST = "nps_0_10"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a form: where (sheet, 1-based row as Excel shows it) and what."""

    sheet: str
    row: int
    message: str

    def __str__(self) -> str:
        return messages.text("xlsform.where", sheet=self.sheet, row=self.row, problem=self.message)


class XLSFormError(XMDeskError):
    """A form that cannot be imported; `problems` lists every problem found."""

    def __init__(self, path: str, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        details = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__("xlsform.invalid", path=path, count=len(self.problems), details=details)


@dataclass
class FormReport:
    """What an import or export did: the survey, and everything changed on the way (listed, never silent)."""

    survey: str
    path: str
    questions: int
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as the CLI's JSON prints it (`file` is the form's path)."""
        return {"survey": self.survey, "file": self.path, "questions": self.questions, "notes": self.notes}


def note(message_id: str, **values: object) -> str:
    """One line of a report or problem, in the current language: what was changed on the way, never silently."""
    return messages.text(message_id, **values)


# -- export ----------------------------------------------------------------------------------


def export_xlsform(study: Study, survey_code: str, path: str | Path) -> FormReport:
    """Write survey `survey_code` of the study as an XLSForm at `path` (see `write_xlsform`)."""
    return write_xlsform(load_survey(study, survey_code), path)


def write_xlsform(survey: Survey, path: str | Path) -> FormReport:
    """Write `survey` as an XLSForm workbook; the report lists what became something else."""
    from openpyxl import Workbook

    path = Path(path)
    writer = _FormWriter(survey)
    writer.write_questions()
    book = Workbook()
    settings = [writer.settings()]
    for index, (title, headers, rows) in enumerate((("survey", SURVEY_HEADERS, writer.rows),
                                                    ("choices", CHOICE_HEADERS, writer.choice_rows),
                                                    ("settings", SETTINGS_HEADERS, settings))):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
        headers = header_order(rows, headers)
        sheet.append(headers)
        for row in rows:
            # text typed as text, exactly: a label "-其他" or "=..." reaches ODK as written, never as a formula
            sheet.append(sheet_row(sheet, (row.get(h, "") for h in headers)))
    write_output(path, book.save)
    return FormReport(survey.code, str(path), len(survey.active_questions()), writer.notes)


class _FormWriter:
    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.rows: list[dict[str, Any]] = []
        self.choice_rows: list[dict[str, Any]] = []
        self.notes: list[str] = []
        self.lists: dict[str, list[Choice]] = {}
        self.kept: dict[str, Any] = survey.props.get("xlsform", {})
        # XLSForm names are unique across questions and groups alike.
        self.group_names: set[str] = {c.name for c in survey.columns()} | {q.code for q in survey.questions}

    def settings(self) -> dict[str, Any]:
        extra = {"title_en": self.survey.title_en, "description": self.survey.description,
                 "props": {k: v for k, v in self.survey.props.items() if k not in ("groups", "notes", "xlsform")}}
        return {"form_title": self.survey.title_zh or self.survey.title_en, "form_id": self.survey.code,
                "version": str(self.survey.version), "default_language": LANGUAGES["zh"],
                "xmdesk": json.dumps(extra, ensure_ascii=False), **self.kept.get("settings", {})}

    def write_questions(self) -> None:
        notes_after: dict[str, list[dict[str, Any]]] = {}
        for old_note in self.survey.props.get("notes", []):  # surveys imported before the rows were kept
            notes_after.setdefault(old_note.get("after", ""), []).append(old_note)
        self._write_notes(notes_after.get("", []))
        self._write_kept("")
        open_group = ""
        for question in self.survey.questions:
            if question.archived or question.props.get(OR_OTHER_OF):
                if question.archived:
                    self.notes.append(note("xlsform.archived_left_out", code=question.code))
                self._write_kept(question.code)
                continue
            if question.group != open_group:
                if open_group:
                    self.rows.append({"type": "end_group", "name": self._group_name(open_group, closing=True)})
                if question.group:
                    self._begin_group(question.group)
                open_group = question.group
            self._write_question(question)
            self._write_notes(notes_after.get(question.code, []))
            self._write_kept(question.code)
        if open_group:
            self.rows.append({"type": "end_group", "name": self._group_name(open_group, closing=True)})
        for name, rows in self.kept.get("lists", {}).items():
            if name not in self.lists:
                self.lists[name] = []
                self.choice_rows.extend(rows)

    def _write_kept(self, after: str) -> None:
        """The rows a form had that XMDesk does not ask (notes, calculations, repeats), where they were."""
        for block in self.kept.get("rows", []):
            if block["after"] == after:
                self.rows.extend(block["rows"])

    def _write_notes(self, notes: Sequence[Mapping[str, Any]]) -> None:
        for old_note in notes:
            self.rows.append({"type": "note", "name": old_note["name"],
                              **self._labels(old_note.get("label_en", ""), old_note.get("label_zh", ""))})

    def _group_name(self, code: str, closing: bool = False) -> str:
        """A group met twice (its questions not together) needs a second name: XLSForm names are unique."""
        if closing:
            return self._last_group_name
        name, number = code, 2
        while name in self.group_names:
            name, number = f"{code}_{number}", number + 1
        self.group_names.add(name)
        self._last_group_name = name
        return name

    _last_group_name = ""

    def _begin_group(self, code: str) -> None:
        info: dict[str, Any] = next((g for g in self.survey.props.get("groups", []) if g.get("code") == code),
                                    {"code": code})
        name = self._group_name(code)
        extra = {k: v for k, v in info.items() if k not in ("code", "label_en", "label_zh", "page", "cells")}
        if name != code:
            extra["group"] = code
        self.rows.append({"type": "begin_group", "name": name,
                          **self._labels(info.get("label_en", ""), info.get("label_zh", "")),
                          "appearance": "field-list" if info.get("page") else "",
                          "xmdesk": json.dumps(extra, ensure_ascii=False) if extra else "", **info.get("cells", {})})

    @staticmethod
    def _labels(label_en: str, label_zh: str, prefix: str = "label") -> dict[str, Any]:
        return {f"{prefix}::{LANGUAGES['en']}": label_en, f"{prefix}::{LANGUAGES['zh']}": label_zh}

    def _write_question(self, question: Question) -> None:
        row: dict[str, Any] = {"name": question.code, **self._labels(question.label_en, question.label_zh),
                               **self._labels(question.help_en, question.help_zh, "hint"),
                               "required": "yes" if question.required else "",
                               "relevant": question.props.get("relevant", ""),
                               "constraint": compose_constraint(question.props),
                               **self._labels(question.props.get("constraint_message_en", ""),
                                              question.props.get("constraint_message_zh", ""), "constraint_message"),
                               "parameters": "randomize=true" if question.props.get("randomize") else ""}
        extra: dict[str, Any] = {}
        kind = question.type
        if kind is QuestionType.MATRIX:
            self._write_matrix(question, row)
            return
        row["appearance"] = expected_appearance(question)
        if kind in (QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.MULTIPLE):
            row["type"] = self._select_type(question)
        elif kind is QuestionType.NPS:
            row["type"] = f"select_one {NPS_LIST}"
            self._write_list(NPS_LIST, [Choice(str(v), v, str(v), str(v)) for v in range(11)])
            extra["type"] = kind.value
        elif kind is QuestionType.RATING:
            row["type"] = f"select_one {question.code}"
            self._write_list(question.code, question.choices or _scale_choices(question))
            extra["type"] = kind.value
        elif kind is QuestionType.CHECKLIST:
            row["type"] = f"select_one {question.code}"
            self._write_list(question.code, question.answer_choices())
            extra["type"] = kind.value
            extra["own_choices"] = bool(question.choices)
        elif kind is QuestionType.NUMBER:
            row["type"] = "integer" if question.props.get("decimals") == 0 else "decimal"
        elif kind is QuestionType.TEXT:
            row["type"] = "text"
        else:
            row["type"] = "date"
        props = {k: v for k, v in question.props.items() if k not in STANDARD_PROPS}
        if props:
            extra["props"] = props
        row["xmdesk"] = json.dumps(extra, ensure_ascii=False) if extra else ""
        self.rows.append({**row, **question.props.get(CELLS_PROP, {})})

    def _select_type(self, question: Question) -> str:
        """`select_one yn` with the list the form named (shared lists stay shared), `or_other` as it came."""
        or_other = bool(question.props.get("or_other"))
        choices = [c for c in question.choices if not (or_other and c == other_choice(question.choices[:-1]))]
        name = self._write_list(question.props.get(LIST_PROP) or question.code, choices)
        command = "select_multiple" if question.type is QuestionType.MULTIPLE else "select_one"
        return f"{command} {name}{' or_other' if or_other else ''}"

    def _write_matrix(self, question: Question, row: dict[str, Any]) -> None:
        """XLSForm has no matrix: a table-list group of select_one rows sharing one list."""
        scale_list = f"{question.code}_scale"
        self._write_list(scale_list, question.choices or _scale_choices(question))
        extra = {"type": "matrix", "props": {k: v for k, v in question.props.items() if k not in STANDARD_PROPS},
                 "group": question.group}
        self.rows.append({**row, "type": "begin_group", "appearance": "table-list",
                          "xmdesk": json.dumps(extra, ensure_ascii=False)})
        for item in question.items:
            self.rows.append({"type": f"select_one {scale_list}", "name": f"{question.code}{SEPARATOR}{item.code}",
                              **self._labels(item.label_en, item.label_zh)})
        self.rows.append({"type": "end_group", "name": question.code})
        self.notes.append(note("xlsform.matrix_as_group", code=question.code, rows=len(question.items)))

    def _write_list(self, name: str, choices: Sequence[Choice]) -> str:
        """Write a list once; the name it went under (another list's name gets a number when the choices differ).
        A list the form gave with cells XMDesk does not model goes out as its rows while its choices are the same."""
        wanted, number = name, 2
        while name in self.lists and self.lists[name] != list(choices):
            name, number = f"{wanted}_{number}", number + 1
        if name in self.lists:
            return name
        self.lists[name] = list(choices)
        kept = self.kept.get("lists", {}).get(name)
        if kept is not None and choices_from_rows(kept) == list(choices):
            self.choice_rows.extend(kept)
            return name
        for choice in choices:
            extra: dict[str, Any] = {}
            if choice.code != str(choice.value):
                extra["value"] = choice.value
            if choice.weight is not None:
                extra["weight"] = choice.weight
            if choice.is_other:
                extra["other"] = True
            self.choice_rows.append({"list_name": name, "name": choice.code,
                                     **self._labels(choice.label_en, choice.label_zh),
                                     "xmdesk": json.dumps(extra) if extra else ""})
        return name


def _scale_choices(question: Question) -> list[Choice]:
    """A rating scale as choices 1..N, the end labels on the ends."""
    low, high = question.scale() or (1, 5)
    choices = [Choice(str(v), v, str(v), str(v)) for v in range(low, high + 1)]
    for choice, end in ((choices[0], "low"), (choices[-1], "high")):
        for lang in ("en", "zh"):
            text = question.props.get(f"{end}_{lang}")
            if text:
                setattr(choice, f"label_{lang}", f"{choice.value} {text}")
    return choices


def compose_constraint(props: Mapping[str, Any]) -> str:
    """The constraint, min/max and regex of a question as one XLSForm constraint."""
    parts = []
    own = str(props.get("constraint") or "").strip()
    if own:
        parts.append(own)
    if props.get("min") is not None:
        parts.append(f". >= {_number(props['min'])}")
    if props.get("max") is not None:
        parts.append(f". <= {_number(props['max'])}")
    if props.get("regex"):
        parts.append(f"regex(., '{props['regex']}')")
    if own and len(parts) > 1 and " or " in own:
        parts[0] = f"({own})"
    return " and ".join(parts)


_MIN = re.compile(r"^\.\s*>=\s*(-?\d+(?:\.\d+)?)$")
_MAX = re.compile(r"^\.\s*<=\s*(-?\d+(?:\.\d+)?)$")
_REGEX = re.compile(r"^regex\(\s*\.\s*,\s*'(.*)'\s*\)$")


def split_constraint(text: str) -> dict[str, Any]:
    """The inverse of `compose_constraint`: min, max, regex and what remains."""
    found: dict[str, Any] = {}
    rest = []
    for part in _top_level_and(text):
        if (match := _MIN.match(part)) and "min" not in found:
            found["min"] = _parse_number(match.group(1))
        elif (match := _MAX.match(part)) and "max" not in found:
            found["max"] = _parse_number(match.group(1))
        elif (match := _REGEX.match(part)) and "regex" not in found:
            found["regex"] = match.group(1)
        else:
            rest.append(part)
    if len(rest) == 1 and found and rest[0].startswith("(") and rest[0].endswith(")") and " or " in rest[0]:
        rest[0] = rest[0][1:-1]
    if rest:
        found["constraint"] = " and ".join(rest)
    return found


def _top_level_and(text: str) -> list[str]:
    """Split on ` and ` outside brackets and quotes."""
    parts, depth, quote, start, i = [], 0, "", 0, 0
    while i < len(text):
        ch = text[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif depth == 0 and text.startswith(" and ", i):
            parts.append(text[start:i].strip())
            start = i + 5
            i += 4
        i += 1
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def _number(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) else repr(number)


def _parse_number(text: str) -> int | float:
    number = float(text)
    return int(number) if number == int(number) and "." not in text else number


# -- import ----------------------------------------------------------------------------------


def import_xlsform(study: Study, path: str | Path, code: str | None = None) -> FormReport:
    """Create a new survey in `study` from a form; every problem is reported and nothing is imported."""
    path = Path(path)
    try:
        survey, notes = read_xlsform(path, code)
        if survey.code.lower() in {c.lower() for c in survey_codes(study)}:
            raise ModelError("xlsform.survey_exists", code=survey.code)
        with study.transaction(Changes.of("surveys")):
            create_survey(study, survey.code, survey.title_en, survey.title_zh, survey.questions,
                          survey.description, survey.props)
    except XMDeskError as error:
        audit.log_import(study, audit.ImportRecord(str(path), "xlsform", code or "", "failed",
                                                   problems=[{"message": str(error)}]))
        raise
    audit.log_import(study, audit.ImportRecord(str(path), "xlsform", survey.code, "ok",
                                               imported=len(survey.questions),
                                               problems=[{"note": n} for n in notes]))
    return FormReport(survey.code, str(path), len(survey.questions), notes)


def read_xlsform(path: str | Path, code: str | None = None) -> tuple[Survey, list[str]]:
    """The survey a form describes and the list of what changed on the way; XLSFormError lists every problem."""
    from xmdesk.core.survey.xlsform_read import read_form

    return read_form(Path(path), code)


def choices_from_rows(rows: Sequence[Mapping[str, str]]) -> list[Choice]:
    """The choices of one list's rows: a name given twice is one answer (ODK stores the name); the stored
    value comes from `xmdesk`, a numeric name, or the first number not taken, in order."""
    choices: list[Choice] = []
    unnumbered: list[Choice] = []
    for row in rows:
        name = row.get("name", "")
        if any(c.code == name for c in choices):
            continue
        extra = _json_object(row.get("xmdesk", ""))
        choice = Choice(name, 0, *row_labels(row), extra.get("weight"), bool(extra.get("other")))
        if "value" in extra:
            choice.value = int(extra["value"])
        elif re.fullmatch(r"-?\d+", name):
            choice.value = int(name)
        else:
            unnumbered.append(choice)
        choices.append(choice)
    taken = {c.value for c in choices if c not in unnumbered}
    number = 1
    for choice in unnumbered:
        while number in taken:
            number += 1
        choice.value = number
        taken.add(number)
    return choices


def _json_object(text: str) -> dict[str, Any]:
    """The `xmdesk` cell's JSON object, or {} (the form reader reports a cell that is not one)."""
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def row_labels(row: Mapping[str, str], column: str = "label") -> tuple[str, str]:
    """English and Chinese text of a column given per language (or once, without one: Chinese if it is)."""
    found = {"en": "", "zh": ""}
    for header, value in row.items():
        if header.split("::")[0] != column or not value.strip():
            continue
        lang = language_of(header)
        if lang == "":
            lang = "zh" if re.search(r"[\u4e00-\u9fff]", value) else "en"
        if lang is not None:
            found[lang] = found[lang] or value.strip()
    return found["en"], found["zh"]


def expected_appearance(question: Question) -> str:
    """The appearance our export writes for a question (a form's other appearances are kept as cells)."""
    if question.type is QuestionType.DROPDOWN:
        return "minimal"
    if question.type in (QuestionType.NPS, QuestionType.RATING):
        return "likert"
    if question.type is QuestionType.MATRIX:
        return "table-list"
    if question.type is QuestionType.TEXT and question.props.get("multiline"):
        return "multiline"
    return ""


def other_choice(choices: Sequence[Choice]) -> Choice:
    """The choice pyxform adds for or_other: name 'other', label 'Other', after the list's values."""
    return Choice("other", max((c.value for c in choices), default=0) + 1, "Other", "", is_other=True)


def language_of(header: str) -> str | None:
    """'en' / 'zh' for a language column, '' for no language given, None for another language."""
    if "::" not in header:
        return ""
    language = header.split("::", 1)[1].strip().lower()
    if language in ("english", "english (en)", "en") or language.endswith("(en)"):
        return "en"
    if language in ("chinese", "chinese (zh)", "zh", "中文") or re.search(r"\(zh[-_a-z]*\)$", language):
        return "zh"
    return None
