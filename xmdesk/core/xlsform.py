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
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xmdesk.core import audit, messages
from xmdesk.core.changes import Changes
from xmdesk.core.errors import ModelError, XMDeskError
from xmdesk.core.files import sheet_row, write_output
from xmdesk.core.study import Study
from xmdesk.core.survey import (
    CHOICE_CODE_PATTERN,
    SEPARATOR,
    Choice,
    Item,
    Question,
    QuestionType,
    Survey,
    create_survey,
    load_survey,
    survey_codes,
    validate_code,
)

LANGUAGES = {"en": "English (en)", "zh": "Chinese (zh)"}
SURVEY_HEADERS = ["type", "name", *(f"label::{name}" for name in LANGUAGES.values()),
                  *(f"hint::{name}" for name in LANGUAGES.values()), "required", "relevant", "constraint",
                  *(f"constraint_message::{name}" for name in LANGUAGES.values()), "appearance", "parameters", "xmdesk"]
CHOICE_HEADERS = ["list_name", "name", *(f"label::{name}" for name in LANGUAGES.values()), "xmdesk"]
SETTINGS_HEADERS = ["form_title", "form_id", "version", "default_language", "xmdesk"]
# Props said by standard columns; everything else travels in the `xmdesk` column.
STANDARD_PROPS = {"relevant", "constraint", "constraint_message_en", "constraint_message_zh", "randomize", "min",
                  "max", "regex", "multiline"}
# XLSForm types XMDesk keeps as another type, and ones it does not keep (metadata it records itself, media…).
AS_TEXT = {"time", "datetime", "barcode"}
NOT_KEPT = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username", "email",
            "audit", "calculate", "hidden", "geopoint", "geotrace", "geoshape", "image", "audio", "video", "file",
            "acknowledge", "trigger", "background-audio", "start-geopoint"}
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
        return {"survey": self.survey, "file": self.path, "questions": self.questions, "notes": self.notes}


def _note(message_id: str, **values: object) -> str:
    return messages.text(message_id, **values)


# -- export ----------------------------------------------------------------------------------


def export_xlsform(study: Study, survey_code: str, path: str | Path) -> FormReport:
    return write_xlsform(load_survey(study, survey_code), path)


def write_xlsform(survey: Survey, path: str | Path) -> FormReport:
    """Write `survey` as an XLSForm workbook; the report lists what became something else."""
    from openpyxl import Workbook

    path = Path(path)
    writer = _FormWriter(survey)
    writer.write_questions()
    book = Workbook()
    for index, (title, headers, rows) in enumerate((("survey", SURVEY_HEADERS, writer.rows),
                                                    ("choices", CHOICE_HEADERS, writer.choice_rows),
                                                    ("settings", SETTINGS_HEADERS, [writer.settings()]))):
        sheet = book.active if index == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = title
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
        self.lists: set[str] = set()
        # XLSForm names are unique across questions and groups alike.
        self.group_names: set[str] = {c.name for c in survey.columns()} | {q.code for q in survey.questions}

    def settings(self) -> dict[str, Any]:
        extra = {"title_en": self.survey.title_en, "description": self.survey.description,
                 "props": {k: v for k, v in self.survey.props.items() if k not in ("groups", "notes")}}
        return {"form_title": self.survey.title_zh or self.survey.title_en, "form_id": self.survey.code,
                "version": str(self.survey.version), "default_language": LANGUAGES["zh"],
                "xmdesk": json.dumps(extra, ensure_ascii=False)}

    def write_questions(self) -> None:
        notes_after: dict[str, list[dict[str, Any]]] = {}
        for note in self.survey.props.get("notes", []):
            notes_after.setdefault(note.get("after", ""), []).append(note)
        self._write_notes(notes_after.get("", []))
        open_group = ""
        for question in self.survey.questions:
            if question.archived:
                self.notes.append(_note("xlsform.archived_left_out", code=question.code))
                continue
            if question.group != open_group:
                if open_group:
                    self.rows.append({"type": "end_group", "name": self._group_name(open_group, closing=True)})
                if question.group:
                    self._begin_group(question.group)
                open_group = question.group
            self._write_question(question)
            self._write_notes(notes_after.get(question.code, []))
        if open_group:
            self.rows.append({"type": "end_group", "name": self._group_name(open_group, closing=True)})

    def _write_notes(self, notes: Sequence[Mapping[str, Any]]) -> None:
        for note in notes:
            self.rows.append({"type": "note", "name": note["name"], **self._labels(note.get("label_en", ""),
                                                                                    note.get("label_zh", ""))})

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
        info = next((g for g in self.survey.props.get("groups", []) if g.get("code") == code), {"code": code})
        name = self._group_name(code)
        extra = {k: v for k, v in info.items() if k not in ("code", "label_en", "label_zh", "page")}
        if name != code:
            extra["group"] = code
        self.rows.append({"type": "begin_group", "name": name,
                          **self._labels(info.get("label_en", ""), info.get("label_zh", "")),
                          "appearance": "field-list" if info.get("page") else "",
                          "xmdesk": json.dumps(extra, ensure_ascii=False) if extra else ""})

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
        if kind in (QuestionType.SINGLE, QuestionType.DROPDOWN, QuestionType.MULTIPLE):
            row["type"] = f"{'select_multiple' if kind is QuestionType.MULTIPLE else 'select_one'} {question.code}"
            row["appearance"] = "minimal" if kind is QuestionType.DROPDOWN else ""
            self._write_list(question.code, question.choices)
        elif kind is QuestionType.NPS:
            row["type"], row["appearance"] = f"select_one {NPS_LIST}", "likert"
            self._write_list(NPS_LIST, [Choice(str(v), v, str(v), str(v)) for v in range(11)])
            extra["type"] = kind.value
        elif kind is QuestionType.RATING:
            row["type"], row["appearance"] = f"select_one {question.code}", "likert"
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
            row["appearance"] = "multiline" if question.props.get("multiline") else ""
        else:
            row["type"] = "date"
        props = {k: v for k, v in question.props.items() if k not in STANDARD_PROPS}
        if props:
            extra["props"] = props
        row["xmdesk"] = json.dumps(extra, ensure_ascii=False) if extra else ""
        self.rows.append(row)

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
        self.notes.append(_note("xlsform.matrix_as_group", code=question.code, rows=len(question.items)))

    def _write_list(self, name: str, choices: Sequence[Choice]) -> None:
        if name in self.lists:
            return
        self.lists.add(name)
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
    path = Path(path)
    sheets = _read_sheets(path)
    reader = _FormReader(path, sheets, code)
    return reader.read()


def _read_sheets(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Each sheet as rows of {header: text}, with the Excel row number under '#row'."""
    from openpyxl import load_workbook

    from xmdesk.core.importing.guard import check_workbook
    from xmdesk.core.importing.readers import ImportProblem

    if not path.is_file():
        raise XLSFormError(str(path), [Problem("-", 0, _note("xlsform.no_file"))])
    try:
        check_workbook(path)
    except ImportProblem as refused:  # a sheet openpyxl would walk cell by cell for hours, or a zip bomb
        raise XLSFormError(str(path), [Problem("-", 0, refused.message())]) from None
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a file that is not a workbook
        raise XLSFormError(str(path), [Problem("-", 0, _note("xlsform.not_workbook", detail=str(error)))]) from None
    sheets: dict[str, list[dict[str, Any]]] = {}
    try:
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            headers = [_cell(h).strip() for h in next(rows, ())]
            table = []
            for number, values in enumerate(rows, start=2):
                record: dict[str, Any] = {h: _cell(v) for h, v in zip(headers, values) if h}
                if any(v.strip() for v in record.values()):
                    record["#row"] = number
                    table.append(record)
            sheets[sheet.title.strip().lower()] = table
    finally:
        book.close()
    return sheets


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    if isinstance(value, bool):
        return "yes" if value else ""
    return str(value)


@dataclass
class _Group:
    name: str
    row: int
    kind: str
    extra: dict[str, Any]
    code: str
    relevant: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)


class _FormReader:
    def __init__(self, path: Path, sheets: dict[str, list[dict[str, Any]]], code: str | None) -> None:
        self.path = path
        self.sheets = sheets
        self.code = code
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.lists: dict[str, list[Choice]] = {}
        self.questions: list[Question] = []
        self.rows_of: dict[str, int] = {}
        self.groups: list[dict[str, Any]] = []
        self.form_notes: list[dict[str, Any]] = []

    def problem(self, sheet: str, row: int, message_id: str, **values: object) -> None:
        self.problems.append(Problem(sheet, row, _note(message_id, **values)))

    def read(self) -> tuple[Survey, list[str]]:
        if "survey" not in self.sheets:
            self.problem("survey", 0, "xlsform.missing_sheet", name="survey")
            raise XLSFormError(str(self.path), self.problems)
        self._read_choices()
        self._read_survey()
        survey = self._survey()
        self._check_questions(survey)
        self._check_logic(survey)
        if self.problems:
            raise XLSFormError(str(self.path), self.problems)
        return survey, self.notes

    # choices ---------------------------------------------------------------------------------

    def _read_choices(self) -> None:
        """Choice names become codes; stored values come from `xmdesk`, a numeric name, or the position."""
        rows = self.sheets.get("choices", [])
        unnumbered: dict[str, list[Choice]] = {}
        for row in rows:
            list_name, name = row.get("list_name", "").strip(), row.get("name", "").strip()
            if not list_name or not name:
                self.problem("choices", row["#row"], "xlsform.choice_incomplete")
                continue
            if not CHOICE_CODE_PATTERN.match(name):
                self.problem("choices", row["#row"], "xlsform.bad_choice_name", name=name)
                continue
            choices = self.lists.setdefault(list_name, [])
            if any(c.code == name for c in choices):
                self.problem("choices", row["#row"], "xlsform.duplicate_choice", name=name, list=list_name)
                continue
            extra = self._extra("choices", row)
            label_en, label_zh = self._labels(row, "label", "choices")
            choice = Choice(name, 0, label_en, label_zh, extra.get("weight"), bool(extra.get("other")))
            if "value" in extra:
                choice.value = int(extra["value"])
            elif re.fullmatch(r"-?\d+", name):
                choice.value = int(name)
            else:
                unnumbered.setdefault(list_name, []).append(choice)
            choices.append(choice)
        for list_name, pending in unnumbered.items():
            taken = {c.value for c in self.lists[list_name] if not any(c is p for p in pending)}
            number = 1
            for choice in pending:
                while number in taken:
                    number += 1
                choice.value = number
                taken.add(number)

    def _labels(self, row: Mapping[str, Any], column: str, sheet: str) -> tuple[str, str]:
        """English and Chinese text of a column given per language (or once, without a language)."""
        found = {"en": "", "zh": ""}
        for header, value in row.items():
            if header == "#row" or not (header == column or header.startswith(f"{column}::")):
                continue
            lang = _language_of(header)
            if lang is None:
                if value.strip():
                    self.notes.append(_note("xlsform.language_left_out", column=header, sheet=sheet))
                continue
            if lang == "":
                lang = "zh" if re.search(r"[\u4e00-\u9fff]", value) else "en"
            found[lang] = found[lang] or value.strip()
        return found["en"], found["zh"]

    def _extra(self, sheet: str, row: Mapping[str, Any]) -> dict[str, Any]:
        text = row.get("xmdesk", "").strip()
        if not text:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            data = None
        if not isinstance(data, dict):
            self.problem(sheet, row["#row"], "xlsform.bad_extra")
            return {}
        return data

    # survey ----------------------------------------------------------------------------------

    def _read_survey(self) -> None:
        stack: list[_Group] = []
        for row in self.sheets["survey"]:
            kind = re.sub(r"\s+", " ", row.get("type", "").strip())
            number = row["#row"]
            name = row.get("name", "").strip()
            if not kind:
                if name:
                    self.problem("survey", number, "xlsform.missing_type", name=name)
                continue
            base = kind.split(" ")[0].lower()
            if base in ("begin_group", "begin group"):
                stack.append(self._begin_group(row, name))
                continue
            if base in ("end_group", "end group"):
                if not stack:
                    self.problem("survey", number, "xlsform.unmatched_end")
                else:
                    self._end_group(stack.pop(), stack)
                continue
            if base in ("begin_repeat", "begin repeat", "end_repeat", "end repeat"):
                self.problem("survey", number, "xlsform.repeat")
                continue
            target = stack[-1].rows if stack else None
            if target is not None:
                target.append(row)
            else:
                self._question(row, group=None)
        for group in stack:
            self.problem("survey", group.row, "xlsform.unclosed_group", name=group.name)

    def _begin_group(self, row: dict[str, Any], name: str) -> _Group:
        extra = self._extra("survey", row)
        if not name:
            self.problem("survey", row["#row"], "xlsform.missing_name")
        else:
            self._claim_name(name, row["#row"])
        kind = "matrix" if extra.get("type") == "matrix" else "group"
        return _Group(name, row["#row"], kind, extra, str(extra.get("group", name)), row.get("relevant", "").strip(),
                      [row])

    def _end_group(self, group: _Group, stack: list[_Group]) -> None:
        header, rows = group.rows[0], group.rows[1:]
        if group.kind == "matrix":
            self._matrix(group, header, rows, stack)
            return
        label_en, label_zh = self._labels(header, "label", "survey")
        page = header.get("appearance", "").strip() == "field-list"
        info = {"code": group.code, "label_en": label_en, "label_zh": label_zh, "page": page,
                **{k: v for k, v in group.extra.items() if k != "group"}}
        said = label_en or label_zh or page or len(info) > 4
        if said and not any(g["code"] == group.code for g in self.groups):
            self.groups.append(info)
        if stack:
            self.notes.append(_note("xlsform.nested_group", name=group.name, outer=stack[-1].name))
        if group.relevant:
            self.notes.append(_note("xlsform.group_relevant", name=group.name))
        for row in rows:
            if group.relevant:
                own = row.get("relevant", "").strip()
                row = {**row, "relevant": f"({group.relevant}) and ({own})" if own else group.relevant}
            if stack:
                stack[-1].rows.append({**row, "#group": row.get("#group", group.code)})
            else:
                self._question(row, group=row.get("#group", group.code))

    def _matrix(self, group: _Group, header: dict[str, Any], rows: list[dict[str, Any]], stack: list[_Group]) -> None:
        """Our own matrix, exported as a table-list group of select_one rows: one question again."""
        items, scale = [], None
        for row in rows:
            kind = row.get("type", "").split()
            name = row.get("name", "").strip()
            prefix = f"{group.name}{SEPARATOR}"
            if len(kind) != 2 or kind[0] != "select_one" or not name.startswith(prefix):
                self.problem("survey", row["#row"], "xlsform.bad_matrix_row", name=name, group=group.name)
                continue
            scale = kind[1]
            self._claim_name(name, row["#row"])
            items.append(Item(name[len(prefix):], *self._labels(row, "label", "survey")))
        row = {**header, "type": "matrix", "#items": items, "#scale": scale,
               "#group": str(group.extra.get("group", "")), "xmdesk": json.dumps(group.extra)}
        self.rows_of.pop(group.name, None)
        if stack:
            stack[-1].rows.append(row)
        else:
            self._question(row, group=row["#group"])

    def _claim_name(self, name: str, number: int) -> bool:
        if name in self.rows_of:
            self.problem("survey", number, "xlsform.duplicate_name", name=name, first=self.rows_of[name])
            return False
        self.rows_of[name] = number
        return True

    def _question(self, row: dict[str, Any], group: str | None) -> None:
        number = row["#row"]
        kind = re.sub(r"\s+", " ", row.get("type", "").strip())
        name = row.get("name", "").strip()
        words = kind.split(" ")
        base = words[0].lower()
        if not name:
            self.problem("survey", number, "xlsform.missing_name")
            return
        if base != "matrix" and not self._claim_name(name, number):
            return
        if base == "note":
            label_en, label_zh = self._labels(row, "label", "survey")
            after = self.questions[-1].code if self.questions else ""
            self.form_notes.append({"name": name, "label_en": label_en, "label_zh": label_zh, "after": after})
            self.notes.append(_note("xlsform.note_kept", name=name))
            return
        if base in NOT_KEPT:
            self.notes.append(_note("xlsform.type_left_out", name=name, type=base))
            return
        try:
            validate_code(name)
        except ModelError:
            self.problem("survey", number, "xlsform.bad_name", name=name)
            return
        extra = self._extra("survey", row)
        question = self._typed_question(row, base, words, name, extra)
        if question is None:
            return
        label_en, label_zh = self._labels(row, "label", "survey")
        question.label_en, question.label_zh = label_en, label_zh
        question.help_en, question.help_zh = self._labels(row, "hint", "survey")
        question.required = row.get("required", "").strip().lower() in ("yes", "true", "true()", "1")
        question.group = group or ""
        props = dict(extra.get("props", {}))
        if row.get("relevant", "").strip():
            props["relevant"] = row["relevant"].strip()
        props.update(split_constraint(row.get("constraint", "").strip()))
        for lang, text in zip(("en", "zh"), self._labels(row, "constraint_message", "survey")):
            if text:
                props[f"constraint_message_{lang}"] = text
        if "randomize=true" in row.get("parameters", "").replace(" ", "").lower():
            props["randomize"] = True
        if row.get("appearance", "").strip() == "multiline":
            props["multiline"] = True
        question.props = {**question.props, **props}
        self.questions.append(question)
        self.rows_of[name] = number

    def _typed_question(self, row: Mapping[str, Any], base: str, words: list[str], name: str,
                        extra: Mapping[str, Any]) -> Question | None:
        number = row["#row"]
        ours = extra.get("type")
        if base == "matrix":
            scale = self.lists.get(row["#scale"] or "", [])
            own = [] if _is_plain_scale(scale) else scale
            return Question(name, QuestionType.MATRIX, items=row["#items"], choices=own)
        if base in ("select_one", "select_multiple"):
            if len(words) < 2:
                self.problem("survey", number, "xlsform.missing_list", name=name)
                return None
            if len(words) > 2 and words[2] == "or_other":
                self.notes.append(_note("xlsform.or_other", name=name))
            list_name = words[1]
            if list_name not in self.lists:
                sheet_missing = "choices" not in self.sheets
                self.problem("survey", number, "xlsform.missing_sheet_for_list" if sheet_missing else
                             "xlsform.unknown_list", name=name, list=list_name)
                return None
            choices = [Choice(c.code, c.value, c.label_en, c.label_zh, c.weight, c.is_other)
                       for c in self.lists[list_name]]
            if base == "select_multiple":
                return Question(name, QuestionType.MULTIPLE, choices=choices)
            if ours == "nps":
                return Question(name, QuestionType.NPS)
            if ours == "rating":
                return Question(name, QuestionType.RATING, choices=[] if _is_plain_scale(choices) else choices)
            if ours == "checklist":
                return Question(name, QuestionType.CHECKLIST, choices=choices if extra.get("own_choices") else [])
            dropdown = row.get("appearance", "").strip() == "minimal"
            return Question(name, QuestionType.DROPDOWN if dropdown else QuestionType.SINGLE, choices=choices)
        simple = {"integer": QuestionType.NUMBER, "decimal": QuestionType.NUMBER, "text": QuestionType.TEXT,
                  "date": QuestionType.DATE, "range": QuestionType.NUMBER}
        if base in simple:
            question = Question(name, simple[base])
            if base == "integer":
                question.props["decimals"] = 0
            if base == "range":
                self.notes.append(_note("xlsform.range_as_number", name=name))
            return question
        if base in AS_TEXT:
            self.notes.append(_note("xlsform.as_text", name=name, type=base))
            return Question(name, QuestionType.TEXT)
        self.problem("survey", number, "xlsform.unknown_type", name=name, type=" ".join(words))
        return None

    def _survey(self) -> Survey:
        settings = self.sheets.get("settings", [{}])
        setting = settings[0] if settings else {}
        extra = self._extra("settings", setting) if setting else {}
        code = self.code or setting.get("form_id", "").strip() or re.sub(r"\W", "_", self.path.stem)
        try:
            validate_code(code)
        except ModelError:
            self.problem("settings", setting.get("#row", 2), "xlsform.bad_form_id", code=code)
        title = setting.get("form_title", "").strip()
        title_en = str(extra.get("title_en", "" if re.search(r"[\u4e00-\u9fff]", title) else title))
        title_zh = title if re.search(r"[\u4e00-\u9fff]", title) else ""
        props = dict(extra.get("props", {}))
        if self.groups:
            props["groups"] = self.groups
        if self.form_notes:
            props["notes"] = self.form_notes
        return Survey(code=code, title_en=title_en, title_zh=title_zh, description=str(extra.get("description", "")),
                      questions=self.questions, props=props)

    # checks on the whole survey -------------------------------------------------------------

    def _check_questions(self, survey: Survey) -> None:
        taken: dict[str, str] = {}
        for question in survey.questions:
            try:
                question.validate()
            except ModelError as error:
                self.problems.append(Problem("survey", self.rows_of[question.code], str(error)))
            for column in question.columns():
                owner = taken.get(column.name.lower())
                if owner is not None and owner != question.code:
                    self.problem("survey", self.rows_of[question.code], "xlsform.column_clash", name=column.name,
                                 other=owner)
                taken[column.name.lower()] = question.code

    def _check_logic(self, survey: Survey) -> None:
        from xmdesk.core.logic import ExpressionError, parse, referenced_names

        names = {q.code for q in survey.questions}
        graph: dict[str, set[str]] = {}
        for question in survey.questions:
            row = self.rows_of[question.code]
            for prop in ("relevant", "constraint"):
                text = question.props.get(prop)
                if not isinstance(text, str) or not text.strip():
                    continue
                try:
                    expression = parse(text)
                except ExpressionError as error:
                    self.problem("survey", row, "xlsform.bad_expression", column=prop, detail=str(error))
                    continue
                for name in referenced_names(expression):
                    if name not in names:
                        self.problem("survey", row, "xlsform.undefined_reference", column=prop, name=name)
                    else:
                        graph.setdefault(question.code, set()).add(name)
        cycles = list(_cycles(graph))
        for cycle in cycles:
            self.problem("survey", self.rows_of[cycle[0]], "xlsform.circular", path=" → ".join(cycle))
        if cycles:
            return
        order = [q.code for q in survey.questions]
        for code, targets in graph.items():
            for target in sorted(targets):
                if target != code and order.index(target) > order.index(code):
                    self.problem("survey", self.rows_of[code], "xlsform.later_reference", name=target, code=code)


def _is_plain_scale(choices: Sequence[Choice]) -> bool:
    """Choices 1..N named by their numbers: what a rating scale becomes in XLSForm."""
    return bool(choices) and all(c.code == str(c.value) for c in choices) and \
        [c.value for c in choices] == list(range(choices[0].value, choices[0].value + len(choices)))


def _language_of(header: str) -> str | None:
    """'en' / 'zh' for a language column, '' for no language given, None for another language."""
    if "::" not in header:
        return ""
    language = header.split("::", 1)[1].strip().lower()
    if language in ("english", "english (en)", "en") or language.endswith("(en)"):
        return "en"
    if language in ("chinese", "chinese (zh)", "zh", "中文") or re.search(r"\(zh[-_a-z]*\)$", language):
        return "zh"
    return None


def _cycles(graph: Mapping[str, set[str]]) -> Iterator[list[str]]:
    """Each cycle of references once, starting where it was first met (self-references included)."""
    reported: set[frozenset[str]] = set()
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> Iterator[list[str]]:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycle = path[path.index(target):] + [target]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield cycle
            elif target not in state:
                yield from visit(target)
        path.pop()
        state[node] = 2

    for start in list(graph):
        if start not in state:
            yield from visit(start)
