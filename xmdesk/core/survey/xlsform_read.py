"""Reading an XLSForm into a survey: what pyxform accepts is read, what XMDesk cannot model is kept.

pyxform (XLSForm's reference converter) is the measure. A form it converts is imported; a form
it refuses is refused with every problem, each with its sheet and row. What an XMDesk survey has
no place for is kept in the survey's stored definition and written back on export, each kept
thing named in the report:
- rows XMDesk does not ask (notes, calculate, hidden, metadata such as start/end, locations,
  photos) and whole repeats or loops (an XMDesk response is one row) stay in `props["xlsform"]`
  as the rows they were, after the question they followed;
- cells of a question XMDesk does not use (choice_filter, default, other languages, a required
  expression) stay in the question's `xlsform_cells`, and relevance or constraints that use a
  kept row or a later answer are kept there unapplied (XMDesk logic uses earlier answers only);
- a choice list with extra columns (a choice filter's), duplicate names (allow_choice_duplicates)
  or one no question uses stays as its rows, and a question names its list (`choice_list`), so
  shared lists go out shared.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xmdesk.core.errors import ModelError
from xmdesk.core.survey.model import (
    CHOICE_CODE_PATTERN,
    SEPARATOR,
    Choice,
    Item,
    Question,
    QuestionType,
    Survey,
    validate_code,
)
from xmdesk.core.survey.xlsform import (
    LIST_PROP,
    OR_OTHER_OF,
    CELLS_PROP,
    Problem,
    XLSFormError,
    choices_from_rows,
    expected_appearance,
    language_of,
    note,
    other_choice,
    row_labels,
    split_constraint,
)
from xmdesk.core.survey.xlsform_sheets import read_form_sheets

SELECT = re.compile(r"^(?P<command>select_one|select_multiple|select one from|select all that apply from|"
                    r"select multiple from|select one using|select multiple using|select one|select all that apply|"
                    r"select1|add select one prompt using|add select multiple prompt using) (?P<list>\S+)"
                    r"(?: (?P<other>or specify other|or_other|or other))?$")
MULTIPLE = {"select_multiple", "select all that apply from", "select multiple from", "select multiple using",
            "select all that apply", "add select multiple prompt using"}
CONTROL = re.compile(r"^(?P<edge>begin|end)[ _](?P<kind>group|repeat|looped group|lgroup|loop)"
                     r"(?: (?:over )?(?P<list>\S+))?$")
# pyxform's question types (question_type_dictionary.py) that XMDesk asks, by what it asks.
NUMBER_TYPES = {"integer": 0, "int": 0, "q int": 0, "add integer prompt": 0, "percentage": 0,
                "number of days in last year": 0, "number of days in last six months": 0,
                "number of days in last month": 0, "decimal": None, "q decimal": None, "add decimal prompt": None}
TEXT_TYPES = {"text", "string", "q string", "add text prompt"}
DATE_TYPES = {"date", "q date", "add date prompt"}
AS_TEXT = {"time", "datetime", "date time", "q date time", "q datetime", "add datetime prompt",
           "add date time prompt", "barcode", "q barcode", "add barcode prompt", "phone number"}
# Types XMDesk keeps as rows; the first set has no control on screen and so needs no label.
KEPT_WITHOUT_LABEL = {"start", "end", "today", "deviceid", "subscriberid", "simserial", "phonenumber", "username",
                      "email", "audit", "calculate", "hidden", "imei", "start time", "end time", "get start time",
                      "get end time", "get today", "device id", "get device id", "subscriber id", "get subscriber id",
                      "sim id", "get sim id", "get phone number", "uri:subscriberid", "uri:phonenumber",
                      "uri:simserial", "uri:deviceid", "uri:username", "uri:email", "xml-external", "csv-external",
                      "q calculate", "add calculate prompt", "start-geopoint", "background-audio",
                      "background-geopoint"}
KEPT_WITH_LABEL = {"note", "q note", "add note prompt", "geopoint", "geotrace", "geoshape", "location", "gps",
                   "q geopoint", "q geoshape", "q geotrace", "q location", "add location prompt", "image", "photo",
                   "q image", "q picture", "add image prompt", "add photo prompt", "audio", "q audio",
                   "add audio prompt", "video", "q video", "add video prompt", "file", "add file prompt",
                   "acknowledge", "q acknowledge", "add acknowledge prompt", "trigger", "osm"}
KEPT_WITH_LIST = re.compile(r"^(select_one_from_file|select_multiple_from_file|select one from file|"
                            r"select multiple from file|select_one_external|select one external|rank|osm) \S+$")
# Cells of a question row that the survey model says; any other cell is kept as it was.
MODEL_COLUMNS = {"type", "name", "label", "hint", "constraint_message", "required", "relevant", "constraint",
                 "appearance", "parameters", "xmdesk"}
YES = {"yes", "true", "true()", "1"}
NO = {"no", "false", "false()", "0", ""}
LABEL_COLUMNS = {"label", "hint", "image", "big-image", "audio", "video", "media"}
# A text form is read whole; pyxform's largest test form is 200 KB, a census form a few MB.
TEXT_FORM_LIMIT = 32 * 2**20
XML_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.\-]*$")


def read_form(path: Path, code: str | None) -> tuple[Survey, list[str]]:
    """The survey the form at `path` describes and what was kept or changed; XLSFormError lists every problem."""
    from xmdesk.core.importing.guard import check_workbook
    from xmdesk.core.importing.readers import ImportProblem

    if not path.is_file():  # one line about the path, not a problem of "sheet '-', row 0"
        raise ImportProblem("xlsform.not_a_file" if path.exists() else "xlsform.no_file", path=str(path))
    if path.suffix.lower() in (".csv", ".md") and path.stat().st_size > TEXT_FORM_LIMIT:
        raise XLSFormError(str(path), [Problem("-", 0, note("xlsform.too_large", limit=TEXT_FORM_LIMIT // 2**20))])
    try:
        if path.suffix.lower() not in (".csv", ".md"):
            check_workbook(path)
        form = read_form_sheets(path)
    except ImportProblem as refused:  # a sheet calamine would need gigabytes for, or a zip bomb
        raise XLSFormError(str(path), [Problem("-", 0, refused.message())]) from None
    except Exception as error:  # noqa: BLE001 - calamine and the csv module raise many kinds for a non-form
        raise XLSFormError(str(path), [Problem("-", 0, note("xlsform.not_workbook", detail=str(error)))]) from None
    reader = _FormReader(path, form.sheets, code)
    reader.problems.extend(Problem(p.sheet, p.row, note(p.message_id, **p.values)) for p in form.problems)
    return reader.read()


@dataclass
class _Group:
    name: str
    row: int
    kind: str
    extra: dict[str, Any]
    code: str
    relevant: str = ""
    rows: list[dict[str, Any]] = field(default_factory=list)
    raw: list[dict[str, Any]] = field(default_factory=list)


def _type_of(row: Mapping[str, Any]) -> str:
    return re.sub(r"\s+", " ", str(row.get("type", "")).strip())


def _raw(row: Mapping[str, Any]) -> dict[str, str]:
    """A row as it is kept: its cells with text, no row number."""
    return {k: v for k, v in row.items() if not k.startswith("#") and v}


def _has_label(row: Mapping[str, Any]) -> bool:
    return any(v and k.split("::")[0] in LABEL_COLUMNS for k, v in row.items() if not k.startswith("#"))


class _FormReader:
    def __init__(self, path: Path, sheets: dict[str, list[dict[str, Any]]], code: str | None) -> None:
        self.path = path
        self.sheets = sheets
        self.code = code
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.lists: dict[str, list[Choice]] = {}
        self.list_rows: dict[str, list[dict[str, str]]] = {}
        self.odd_lists: set[str] = set()  # lists with cells or duplicates XMDesk does not model
        self.used_lists: set[str] = set()  # lists a question XMDesk asks is answered from
        self.unusable: dict[str, list[str]] = {}  # per list, choice names that cannot be XMDesk choice codes
        self.questions: list[Question] = []
        self.rows_of: dict[str, int] = {}
        self.groups: list[dict[str, Any]] = []
        self.kept: list[dict[str, Any]] = []
        self.kept_names: set[str] = set()
        self.setting = (sheets.get("settings") or [{}])[0]
        self.listed: dict[str, list[str]] = {}

    def problem(self, sheet: str, row: int, message_id: str, **values: object) -> None:
        self.problems.append(Problem(sheet, row, note(message_id, **values)))

    def _list_in_note(self, message_id: str, item: str) -> None:
        """One note per kind of thing kept, listing them all: a form with 40 kept rows says so in one line,
        not forty (the import message listed every note and grew taller than the screen)."""
        if message_id not in self.listed:
            self.listed[message_id] = []
            self.notes.append(message_id)  # replaced by its text when the form has been read
        self.listed[message_id].append(item)

    def _notes(self) -> list[str]:
        return [note(n, items=", ".join(self.listed[n])) if n in self.listed else n for n in self.notes]

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
        return survey, self._notes()

    # choices ---------------------------------------------------------------------------------

    def _read_choices(self) -> None:
        """Choice lists by name; a duplicate name is one answer (ODK stores the name) where the form allows it."""
        duplicates_allowed = self.setting.get("allow_choice_duplicates", "").strip().lower() in YES
        for row in self.sheets.get("choices", []):
            list_name, name = row.get("list_name", "").strip(), row.get("name", "").strip()
            if not list_name:
                continue  # pyxform groups choices by list name; a row without one belongs to no list
            if not name:
                self.problem("choices", row["#row"], "xlsform.choice_incomplete")
                continue
            if not CHOICE_CODE_PATTERN.match(name):  # pyxform takes any name; a question on it is kept
                self.unusable.setdefault(list_name, []).append(name)
            rows = self.list_rows.setdefault(list_name, [])
            if any(r["name"] == name for r in rows):
                if not duplicates_allowed:
                    self.problem("choices", row["#row"], "xlsform.duplicate_choice", name=name, list=list_name)
                    continue
                self.odd_lists.add(list_name)
                self.notes.append(note("xlsform.duplicate_choice_kept", name=name, list=list_name))
            self._extra("choices", row)  # only to report a bad xmdesk cell: choices_from_rows reads it
            if any(v and k.split("::")[0] not in ("list_name", "name", "label", "xmdesk")
                   or k.split("::")[0] == "label" and language_of(k) is None for k, v in _raw(row).items()):
                self.odd_lists.add(list_name)
            rows.append(_raw(row))
        for list_name, rows in self.list_rows.items():
            self.lists[list_name] = choices_from_rows(rows)

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
        rows = self.sheets["survey"]
        index = 0
        while index < len(rows):
            row = rows[index]
            index += 1
            kind = _type_of(row).lower()
            if not kind:
                if row.get("name", "").strip() or _has_label(row):
                    self.problem("survey", row["#row"], "xlsform.missing_type", name=row.get("name", "").strip())
                continue
            control = CONTROL.match(kind)
            if control and control["kind"] != "group":
                if control["edge"] == "end":
                    self.problem("survey", row["#row"], "xlsform.unmatched_end", type=kind)
                    continue
                block, index = self._repeat_block(rows, index - 1, control["list"])
                self._add(stack, {"#kept": block, "#row": row["#row"]}, block)
            elif control and control["edge"] == "begin":
                stack.append(self._begin_group(row))
            elif control:
                if not stack:
                    self.problem("survey", row["#row"], "xlsform.unmatched_end", type=kind)
                    continue
                group = stack.pop()
                if stack:
                    stack[-1].raw.extend([group.rows[0], *group.raw, row])
                self._end_group(group, stack, row)
            else:
                self._add(stack, row, [row])
        for group in stack:
            self.problem("survey", group.row, "xlsform.unclosed_group", name=group.name)

    def _add(self, stack: list[_Group], row: dict[str, Any], raw: list[dict[str, Any]]) -> None:
        if stack:
            stack[-1].rows.append(row)
            stack[-1].raw.extend(raw)
        else:
            self._question(row, group=None)

    def _repeat_block(self, rows: Sequence[dict[str, Any]], start: int, list_name: str | None) -> \
            tuple[list[dict[str, Any]], int]:
        """The rows of a repeat (or loop) from its begin to its end; an XMDesk response cannot hold them."""
        first = rows[start]
        name = first.get("name", "").strip()
        if not name:
            self.problem("survey", first["#row"], "xlsform.missing_name")
        if list_name and _type_of(first).lower().startswith("begin loop") and list_name not in self.lists:
            self.problem("survey", first["#row"], "xlsform.unknown_list", name=name, list=list_name)
        depth, index = 0, start
        while index < len(rows):
            control = CONTROL.match(_type_of(rows[index]).lower())
            if control:
                depth += 1 if control["edge"] == "begin" else -1
            index += 1
            if depth == 0:
                break
        if depth:
            self.problem("survey", first["#row"], "xlsform.unclosed_group", name=name)
        block = list(rows[start:index])
        self.kept_names.update(r.get("name", "").strip() for r in block)
        self.notes.append(note("xlsform.repeat_kept", name=name, rows=len(block)))
        return block, index

    def _begin_group(self, row: dict[str, Any]) -> _Group:
        name = row.get("name", "").strip()
        extra = self._extra("survey", row)
        if not name:
            self.problem("survey", row["#row"], "xlsform.missing_name")
        else:
            self._claim_name(name, row["#row"])
        kind = "matrix" if extra.get("type") == "matrix" else "group"
        return _Group(name, row["#row"], kind, extra, str(extra.get("group", name)), row.get("relevant", "").strip(),
                      [row])

    def _end_group(self, group: _Group, stack: list[_Group], end: dict[str, Any]) -> None:
        header, rows = group.rows[0], group.rows[1:]
        if group.kind == "matrix":
            self._matrix(group, header, rows, stack)
            return
        asked = len(self.questions)
        label_en, label_zh = row_labels(header, "label")
        page = header.get("appearance", "").strip() == "field-list"
        cells = {k: v for k, v in _raw(header).items() if k.split("::")[0] not in MODEL_COLUMNS or
                 k.split("::")[0] == "label" and language_of(k) is None}
        if header.get("appearance", "").strip() not in ("", "field-list"):
            cells["appearance"] = header["appearance"].strip()
        info = {"code": group.code, "label_en": label_en, "label_zh": label_zh, "page": page,
                **{k: v for k, v in group.extra.items() if k != "group"}, **({"cells": cells} if cells else {})}
        if stack:
            self.notes.append(note("xlsform.nested_group", name=group.name, outer=stack[-1].name))
        if group.relevant:
            self.notes.append(note("xlsform.group_relevant", name=group.name))
        for row in rows:
            if group.relevant and "#kept" not in row:
                own = row.get("relevant", "").strip()
                row = {**row, "relevant": f"({group.relevant}) and ({own})" if own else group.relevant}
            if stack:
                stack[-1].rows.append({**row, "#group": row.get("#group", group.code)})
            else:
                self._question(row, group=row.get("#group", group.code))
        if not stack and len(self.questions) == asked:
            self._keep_group_whole(group, end)
        elif (label_en or label_zh or page or len(info) > 4) and not any(g["code"] == group.code
                                                                          for g in self.groups):
            self.groups.append(info)

    def _keep_group_whole(self, group: _Group, end: dict[str, Any]) -> None:
        """A group with no question XMDesk asks (notes, calculations) is kept as it was, begin to end."""
        first = group.rows[0]["#row"]
        self.kept = [k for k in self.kept if not k.get("#from", 0) >= first]
        self.kept.append({"after": self.questions[-1].code if self.questions else "",
                          "rows": [_raw(r) for r in [group.rows[0], *group.raw, end]], "#from": first})
        self.rows_of.pop(group.name, None)
        self.kept_names.add(group.name)

    def _matrix(self, group: _Group, header: dict[str, Any], rows: list[dict[str, Any]], stack: list[_Group]) -> None:
        """Our own matrix, exported as a table-list group of select_one rows: one question again."""
        items, scale = [], None
        for row in rows:
            kind = _type_of(row).split()
            name = row.get("name", "").strip()
            prefix = f"{group.name}{SEPARATOR}"
            if len(kind) != 2 or kind[0] != "select_one" or not name.startswith(prefix):
                self.problem("survey", row["#row"], "xlsform.bad_matrix_row", name=name, group=group.name)
                continue
            scale = kind[1]
            self._claim_name(name, row["#row"])
            items.append(Item(name[len(prefix):], *row_labels(row, "label")))
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

    def _keep(self, rows: list[dict[str, Any]]) -> None:
        self.kept.append({"after": self.questions[-1].code if self.questions else "", "rows": [_raw(r) for r in rows],
                          "#from": rows[0]["#row"]})

    def _kept_row(self, row: dict[str, Any], kind: str, name: str) -> bool:
        """Keep a row of a type XMDesk does not ask (True), after pyxform's checks of it."""
        if not (kind in KEPT_WITHOUT_LABEL or kind in KEPT_WITH_LABEL or KEPT_WITH_LIST.match(kind)):
            return False
        number = row["#row"]
        if not name and kind != "note" or name and not XML_NAME.match(name):
            self.problem("survey", number, "xlsform.bad_name" if name else "xlsform.missing_name", name=name)
        elif kind == "calculate" and not row.get("calculate", "").strip() and not row.get("default", "").strip():
            self.problem("survey", number, "xlsform.missing_calculation", name=name)
        elif kind not in KEPT_WITHOUT_LABEL and not _has_label(row):
            self.problem("survey", number, "xlsform.no_label", name=name)
        else:
            self.kept_names.add(name)
            self._keep([row])
            self._list_in_note("xlsform.rows_kept", f"{name or f'#{number}'} ({kind})")
        return True

    def _keep_unnamable(self, row: dict[str, Any], name: str) -> None:
        """A name pyxform accepts (an XML name: '_1', 'q-2') that cannot name an XMDesk column: the row is kept."""
        if not XML_NAME.match(name):
            self.problem("survey", row["#row"], "xlsform.bad_name", name=name)
            return
        self.rows_of.pop(name, None)
        self.kept_names.add(name)
        self._keep([row])
        self.notes.append(note("xlsform.name_kept", name=name))

    def _keep_on_unusable_list(self, row: dict[str, Any], kind: str, name: str) -> bool:
        """A select on a list whose choice names cannot be XMDesk codes ('hand pump') is kept as its row; pyxform
        itself refuses names with spaces in a select_multiple."""
        select = SELECT.match(kind.lower())
        names = self.unusable.get(select["list"] if select else "", [])
        if not select or not names:
            return False
        spaced = [n for n in names if re.search(r"\s", n)]
        if select["command"] in MULTIPLE and spaced:
            self.problem("survey", row["#row"], "xlsform.spaces_in_multiple", name=name, choices=", ".join(spaced))
            return True
        self.rows_of.pop(name, None)
        self.kept_names.add(name)
        self._keep([row])
        self.notes.append(note("xlsform.choices_kept", name=name, list=select["list"], choices=", ".join(names)))
        return True

    def _question(self, row: dict[str, Any], group: str | None) -> None:
        if "#kept" in row:
            self._keep(row["#kept"])
            return
        number = row["#row"]
        kind = _type_of(row)
        name = row.get("name", "").strip()
        if self._kept_row(row, kind.lower(), name):
            return
        if not name:
            self.problem("survey", number, "xlsform.missing_name")
            return
        if kind != "matrix" and not self._claim_name(name, number):
            return
        try:
            validate_code(name)
        except ModelError:
            self._keep_unnamable(row, name)
            return
        if self._keep_on_unusable_list(row, kind, name):
            return
        extra = self._extra("survey", row)
        question = self._typed_question(row, kind, name, extra)
        if question is None:
            return
        if kind != "matrix" and not _has_label(row):
            self.problem("survey", number, "xlsform.no_label", name=name)
            return
        question.label_en, question.label_zh = row_labels(row, "label")
        question.help_en, question.help_zh = row_labels(row, "hint")
        required = row.get("required", "").strip().lower()
        question.required = required in YES
        question.group = group or ""
        props = dict(extra.get("props", {}))
        if row.get("relevant", "").strip():
            props["relevant"] = row["relevant"].strip()
        props.update(split_constraint(row.get("constraint", "").strip()))
        for lang, text in zip(("en", "zh"), row_labels(row, "constraint_message")):
            if text:
                props[f"constraint_message_{lang}"] = text
        parameters = row.get("parameters", "").replace(" ", "").lower()
        if parameters == "randomize=true":
            props["randomize"] = True
        if row.get("appearance", "").strip() == "multiline" and question.type is QuestionType.TEXT:
            props["multiline"] = True
        question.props = {**question.props, **props}
        cells = self._cells(row, question, required)
        if cells:
            question.props[CELLS_PROP] = cells
            self._list_in_note("xlsform.cells_kept", f"{name} ({', '.join(sorted(cells))})")
        self.questions.append(question)
        self.rows_of[name] = number
        self._add_or_other(row, question)

    def _cells(self, row: Mapping[str, Any], question: Question, required: str) -> dict[str, str]:
        """The cells of a question row the survey model does not say, to be written back as they were."""
        cells = {k: v for k, v in _raw(row).items()
                 if k.split("::")[0] not in MODEL_COLUMNS or k.split("::")[0] in ("label", "hint", "constraint_message")
                 and language_of(k) is None}
        if required not in YES | NO:
            cells["required"] = row["required"].strip()
        appearance = row.get("appearance", "").strip()
        if appearance and appearance != expected_appearance(question):
            cells["appearance"] = appearance
        parameters = row.get("parameters", "").strip()
        if parameters and parameters.replace(" ", "").lower() != "randomize=true":
            cells["parameters"] = parameters
        return cells

    def _add_or_other(self, row: Mapping[str, Any], question: Question) -> None:
        """or_other as pyxform makes it: an 'other' choice and a text question {name}_other shown when it is chosen."""
        match = SELECT.match(_type_of(row).lower())
        if not match or not match["other"]:
            return
        name = question.code
        question.props["or_other"] = True
        if not any(c.code == "other" for c in question.choices):
            question.choices.append(other_choice(question.choices))
        text = Question(f"{name}_other", QuestionType.TEXT, "Specify other.", group=question.group,
                        props={"relevant": f"selected(${{{name}}}, 'other')", OR_OTHER_OF: name})
        if self._claim_name(text.code, row["#row"]):
            self.questions.append(text)
        self.notes.append(note("xlsform.or_other", name=name))

    def _typed_question(self, row: Mapping[str, Any], kind: str, name: str,
                        extra: Mapping[str, Any]) -> Question | None:
        number = row["#row"]
        if kind == "matrix":
            self.used_lists.add(row["#scale"] or "")
            scale = self.lists.get(row["#scale"] or "", [])
            own = [] if _is_plain_scale(scale) else scale
            return Question(name, QuestionType.MATRIX, items=row["#items"], choices=own)
        lower = kind.lower()
        select = SELECT.match(lower) or SELECT.match(kind)
        if select:
            return self._select(row, select["command"], kind.split(" ")[len(select["command"].split(" "))], name,
                                extra)
        if lower.split(" ")[0] in ("select_one", "select_multiple"):
            self.problem("survey", number, "xlsform.missing_list", name=name)
            return None
        if lower in NUMBER_TYPES:
            question = Question(name, QuestionType.NUMBER)
            if NUMBER_TYPES[lower] == 0:
                question.props["decimals"] = 0
            return question
        if lower == "range":
            self.notes.append(note("xlsform.range_as_number", name=name))
            return Question(name, QuestionType.NUMBER)
        if lower in TEXT_TYPES:
            return Question(name, QuestionType.TEXT)
        if lower in DATE_TYPES:
            return Question(name, QuestionType.DATE)
        if lower in AS_TEXT:
            self._list_in_note("xlsform.as_text", f"{name} ({kind})")
            return Question(name, QuestionType.TEXT)
        self.problem("survey", number, "xlsform.unknown_type", name=name, type=kind)
        return None

    def _select(self, row: Mapping[str, Any], command: str, list_name: str, name: str,
                extra: Mapping[str, Any]) -> Question | None:
        if list_name not in self.lists:
            sheet_missing = "choices" not in self.sheets
            self.problem("survey", row["#row"], "xlsform.missing_sheet_for_list" if sheet_missing else
                         "xlsform.unknown_list", name=name, list=list_name)
            return None
        choices = [Choice(c.code, c.value, c.label_en, c.label_zh, c.weight, c.is_other)
                   for c in self.lists[list_name]]
        ours = extra.get("type")
        self.used_lists.add(list_name)
        if command in MULTIPLE:
            question = Question(name, QuestionType.MULTIPLE, choices=choices)
        elif ours == "nps":
            question = Question(name, QuestionType.NPS)
        elif ours == "rating":
            question = Question(name, QuestionType.RATING, choices=[] if _is_plain_scale(choices) else choices)
        elif ours == "checklist":
            question = Question(name, QuestionType.CHECKLIST, choices=choices if extra.get("own_choices") else [])
        else:
            dropdown = row.get("appearance", "").strip() == "minimal"
            question = Question(name, QuestionType.DROPDOWN if dropdown else QuestionType.SINGLE, choices=choices)
        if list_name != name and ours != "nps":  # our NPS list, and a list named by its question, need no name
            question.props[LIST_PROP] = list_name
        return question

    def _survey(self) -> Survey:
        extra = self._extra("settings", self.setting) if "#row" in self.setting else {}
        form_id = self.setting.get("form_id", "").strip()
        code = self.code or _as_code(form_id) or _as_code(self.path.stem)
        try:
            validate_code(code)
        except ModelError:
            self.problem("settings", self.setting.get("#row", 2), "xlsform.bad_form_id", code=code)
        if form_id and form_id != code and not self.code:
            self.notes.append(note("xlsform.form_id_as_code", form_id=form_id, code=code))
        title = self.setting.get("form_title", "").strip()
        title_en = str(extra.get("title_en", "" if re.search(r"[\u4e00-\u9fff]", title) else title))
        title_zh = title if re.search(r"[\u4e00-\u9fff]", title) else ""
        props = dict(extra.get("props", {}))
        if self.groups:
            props["groups"] = self.groups
        kept = self._kept_form(form_id, code)
        if kept:
            props["xlsform"] = kept
        return Survey(code=code, title_en=title_en, title_zh=title_zh, description=str(extra.get("description", "")),
                      questions=self.questions, props=props)

    def _kept_form(self, form_id: str, code: str) -> dict[str, Any]:
        """What the survey model has no place for: kept rows, lists as their rows, settings."""
        lists = {name: rows for name, rows in self.list_rows.items()
                 if name in self.odd_lists or name not in self.used_lists}
        settings = {k: v for k, v in _raw(self.setting).items()
                    if k not in ("form_title", "form_id", "version", "default_language", "xmdesk")}
        said = sorted(k for k in settings if k not in ("allow_choice_duplicates",))  # its own note says why
        if said:
            self.notes.append(note("xlsform.settings_kept", names=", ".join(said)))
        if form_id and _as_code(form_id) != form_id:
            settings["form_id"] = form_id  # not a code: it goes out again as the form had it
        for name in sorted(n for n in self.odd_lists if n in self.used_lists):
            columns = sorted({k for row in lists[name] for k in row} - {"list_name", "name", "label", "xmdesk"}
                             - {f"label::{lang}" for lang in ("English (en)", "Chinese (zh)")})
            if columns:
                self.notes.append(note("xlsform.list_kept", list=name, columns=", ".join(columns)))
        kept: dict[str, Any] = {}
        for key, value in (("rows", [{k: v for k, v in block.items() if not k.startswith("#")}
                                     for block in self.kept]), ("lists", lists), ("settings", settings)):
            if value:
                kept[key] = value
        return kept

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
        """Logic on earlier answers is applied; on kept rows or later answers it is kept unapplied;
        on names the form does not have, or in circles, it is refused (pyxform and ODK Validate refuse it)."""
        from xmdesk.core.survey.logic import ExpressionError, parse, referenced_names

        order = [q.code for q in survey.questions]
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
                names = referenced_names(expression)
                unknown = [n for n in names if n not in order and n not in self.kept_names]
                for name in unknown:
                    self.problem("survey", row, "xlsform.undefined_reference", column=prop, name=name)
                graph.setdefault(question.code, set()).update(n for n in names if n in order)
                unapplied = [n for n in names if n in self.kept_names and n not in order or
                             n in order and order.index(n) > order.index(question.code)]
                if unapplied and not unknown:
                    self._keep_unapplied(question, prop, unapplied)
        for cycle in _cycles(graph):
            self.problem("survey", self.rows_of[cycle[0]], "xlsform.circular", path=" → ".join(cycle))

    def _keep_unapplied(self, question: Question, prop: str, names: Sequence[str]) -> None:
        from xmdesk.core.survey.xlsform import compose_constraint

        cells = question.props.setdefault(CELLS_PROP, {})
        if prop == "relevant":
            cells["relevant"] = question.props.pop("relevant")
        else:
            cells["constraint"] = compose_constraint(question.props)
            for key in ("constraint", "min", "max", "regex"):
                question.props.pop(key, None)
        self.notes.append(note("xlsform.logic_kept", name=question.code, column=prop,
                               refs=", ".join(sorted(set(names)))))


def _as_code(text: str) -> str:
    """A form_id or file name as a survey code: 'shop visit 2024' -> 'shop_visit_2024'."""
    code = re.sub(r"_+", "_", re.sub(r"\W", "_", text.strip(), flags=re.ASCII)).strip("_")[:48]
    return code if not code or code[0].isalpha() else f"f_{code}"[:48]


def _is_plain_scale(choices: Sequence[Choice]) -> bool:
    """Choices 1..N named by their numbers: what a rating scale becomes in XLSForm."""
    return bool(choices) and all(c.code == str(c.value) for c in choices) and \
        [c.value for c in choices] == list(range(choices[0].value, choices[0].value + len(choices)))


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
