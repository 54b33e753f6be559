"""Which column of a file goes to which column of a survey, and how its values are recoded.

A `Mapping` is plain data (saved as JSON and reused for next month's file): one
`Field` per source column, naming the stored column it fills, how its cells are
read (text, number, code, 0/1 flag, date, or split into option columns) and the
labels recoded to codes (非常满意 → 5). It is made either by proposing a new survey
from the file (types guessed from the values) or by matching the file onto an
existing survey (by code first, then by the similarity of question texts).
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import partial
from itertools import chain, zip_longest
from pathlib import Path
from typing import Any

from xmdesk.core.importing.layouts import Layout, SourceColumn
from xmdesk.core.importing.readers import ImportProblem
from xmdesk.core.importing.values import (DECIMAL_POINT, SCALE_KEYS, SCALE_WORDS, YES_NO, YES_NO_KEYS, BadValue,
                                          Converter, Learner, Memo, Widener, cell_text, code_converter,
                                          date_converter, decimal_convention, duration_converter,
                                          flag_converter, is_missing, key,
                                          missing_or_error, number_converter, parse_date, parse_number,
                                          split_options, text_converter)
from xmdesk.core.errors import ModelError
from xmdesk.core.survey.response_fields import EXTRA, RESPONSE_FIELDS, field_kind
from xmdesk.core.files import write_output
from xmdesk.core.survey.model import (CHOICE_CODE_PATTERN, CODE_PATTERN, SEPARATOR, SYSTEM_COLUMN_NAMES, Choice, Item,
                                Question, QuestionType, Survey, validate_code)

KINDS = ("text", "number", "code", "flag", "date", "split", "duration", "extra")
SIMILAR_ENOUGH = 0.6
MAX_CHOICES = 15
NPS_WORDS = ("推荐", "recommend", "nps")
OPEN_WORDS = ("建议", "意见", "原因", "评价", "其他", "comment", "why", "suggest", "reason")


@dataclass
class Field:
    """One source column: where it goes and how its cells become values."""

    source: str  # the column's header in the file
    target: str = ""  # stored column name; "" = not imported
    kind: str = "text"
    recode: dict[str, Any] = field(default_factory=dict)  # label -> code (code/number kinds)
    low: float | None = None
    high: float | None = None
    options: dict[str, str] = field(default_factory=dict)  # split kind: option label/number -> stored column
    decimal: str = DECIMAL_POINT  # number kind: how the file writes decimals, "." or "," ("" when it does not tell)

    def targets(self) -> list[str]:
        """The stored columns this field fills: one per selected option for a split field (sorted, each once), else
        its target; none when the column is not imported."""
        return sorted(set(self.options.values())) if self.kind == "split" else [self.target] if self.target else []


@dataclass
class Mapping:
    survey: str
    layout: str = "generic"
    fields: list[Field] = field(default_factory=list)
    by_number: bool = False

    def to_json(self) -> str:
        """The mapping as readable UTF-8 JSON (Chinese not escaped): what a saved mapping, a mapping file and the
        import log hold."""
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)

    @classmethod
    def from_json(cls, text: str, file: str = "") -> Mapping:
        """A mapping back from `to_json`'s text; anything else (bad JSON, unknown or missing keys) is an
        ImportProblem naming `file`, never a raw exception."""
        try:
            data = json.loads(text)
            fields = [Field(**item) for item in data.pop("fields")]
            return cls(fields=fields, **data)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            raise ImportProblem("importing.bad_mapping", file=file, detail=str(error)[:120]) from error

    def save(self, path: str | Path) -> None:
        """Write the mapping to a file for `--mapping` (through a partial file: a failed write leaves the old one
        whole)."""
        text = self.to_json()
        write_output(path, lambda target: Path(target).write_text(text, encoding="utf-8"))

    @classmethod
    def load(cls, path: str | Path) -> Mapping:
        """A mapping file read back; an unreadable or malformed file is an ImportProblem naming it."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise ImportProblem("importing.bad_mapping", file=path.name, detail=str(error)) from error
        return cls.from_json(text, path.name)

    def imported(self) -> list[Field]:
        """The fields that fill at least one stored column, in file order; the others are left out of the import."""
        return [f for f in self.fields if f.targets()]

    def columns(self) -> list[str]:
        """The stored columns written, in the order the import's conversion returns them: each field's,
        then the one JSON column that every "extra" field (a tool's other own columns) goes into."""
        fields = self.imported()
        extra = [EXTRA] if any(f.kind == "extra" for f in fields) else []
        return [name for f in fields if f.kind != "extra" for name in f.targets()] + extra

    def response_fields(self) -> dict[str, list[str]]:
        """Which columns of the file fill which response field (sys_ip: [来自IP]), for the import's report."""
        found: dict[str, list[str]] = {}
        for item in self.imported():
            if item.target in RESPONSE_FIELDS:
                found.setdefault(item.target, []).append(item.source)
        return found

    def check(self, survey: Survey, file: str) -> None:
        """Refuse, before any row is read, a mapping that writes a column the survey does not have or imports nothing
        at all."""
        known = {c.name for c in survey.columns()} | SYSTEM_COLUMN_NAMES
        for item in self.imported():
            for target in item.targets():
                if target not in known:
                    raise ImportProblem("importing.mapping_target", source=item.source, target=target,
                                        survey=survey.code)
        if not self.imported():
            raise ImportProblem("importing.no_columns", file=file, survey=survey.code)

    def apply_to(self, layout: Layout) -> Mapping:
        """This saved mapping for another file of the same shape: fields whose source column the file
        does not have are dropped, the file's new columns are left out."""
        headers = {c.header for c in layout.columns}
        return Mapping(self.survey, layout.name, [f for f in self.fields if f.source in headers], layout.by_number)


def converter(item: Field, by_number: bool = False, learn: Learner | None = None,
              widen: Widener | None = None) -> Converter:
    """The function that turns one cell of this field into its stored value(s); `learn` (see
    `choice_learner`) lets a code field take options the sample did not show, `widen` a number field
    a higher top of its scale."""
    if item.kind == "number":
        return number_converter(item.low, item.high, item.recode, by_number, widen, item.decimal)
    if item.kind == "code":
        return code_converter(item.recode, by_number, learn)
    if item.kind == "flag":
        return flag_converter(item.source)
    if item.kind == "date":
        return date_converter()
    if item.kind == "duration":
        return duration_converter()
    if item.kind == "split":
        return _split_converter(item, by_number)
    return text_converter()


def _split_converter(item: Field, by_number: bool) -> Converter:
    columns = item.targets()
    position = {name: i for i, name in enumerate(columns)}
    known = {key(label): position[name] for label, name in item.options.items()}

    def convert(value: Any) -> Any:
        flags = [0] * len(columns)
        if missing_or_error(value, by_number):
            return tuple(None for _ in columns)
        for part in split_options(value):
            found = known.get(key(part))
            if found is None:
                raise BadValue("unknown_option")
            flags[found] = 1
        return tuple(flags)

    return Memo(convert)


# -- proposing a new survey from a file ----------------------------------------------------------

MAX_LEARNED_CHOICES = 2 * MAX_CHOICES


def choice_learner(question: Question, item: Field, by_number: bool, found: dict[str, list[str]]) -> Learner:
    """For a survey proposed from this very file, whose choices were guessed from the first rows: a
    label first seen further down becomes a new choice of `question` (single choice, or a matrix
    answered with choices, whose rows share them: a label another row learned is that choice), and
    goes into the field's recode, so a saved mapping knows it; new labels are listed in `found` under
    the question's code. A question stops learning at MAX_LEARNED_CHOICES; further labels stay
    unknown options."""

    def learn(label: str) -> int | None:
        numbered = f"c{label}" if by_number and label.isdigit() else None
        learned = next((c for c in question.choices if label in (c.label_zh, c.label_en) or c.code == numbered), None)
        if learned is not None:
            item.recode[label] = learned.value
            return learned.value
        if len(question.choices) >= MAX_LEARNED_CHOICES:
            return None
        value = max((choice.value for choice in question.choices), default=0) + 1
        if numbered and int(label) not in {choice.value for choice in question.choices}:
            choice = numbered_choice(int(label))
        else:
            en, zh = _labels(label)
            choice = Choice(_choice_code(label, value, {c.code for c in question.choices}), value, en, zh)
        question.choices.append(choice)
        item.recode[label] = choice.value
        found.setdefault(question.code, []).append(label)
        return choice.value

    return learn


def numbered_choice(number: int) -> Choice:
    """A choice known only by its number, as 问卷星's "by number" downloads write them."""
    return Choice(f"c{number}", number, f"Option {number}", f"选项{number}")


def column_values(columns: Sequence[SourceColumn], rows: Iterable[Sequence[Any]]) -> dict[int, list[Any]]:
    """Sample values per column index (the rows given are data rows)."""
    values: dict[int, list[Any]] = {c.index: [] for c in columns}
    for row in rows:
        for column in columns:
            if column.index < len(row):
                values[column.index].append(row[column.index])
    return values


def settle_decimals(mapping: Mapping, layout: Layout, rows: Sequence[Sequence[Any]]) -> None:
    """Each number field reads decimals as the file's first data rows write them (a saved mapping or a
    match onto an existing survey meets each month's file anew): see `decimal_convention`."""
    values = column_values(layout.columns, rows)
    index = {c.header: c.index for c in layout.columns}
    for item in mapping.fields:
        if item.kind == "number" and item.source in index:
            item.decimal = decimal_convention(values[index[item.source]])


def propose_survey(code: str, layout: Layout, sample: Sequence[Sequence[Any]], title: str = ""
                   ) -> tuple[Survey, Mapping]:
    """A new survey with one question per question of the file, types and options guessed from the
    values of `sample` (data rows), and the mapping that fills it."""
    values = column_values(layout.columns, sample)
    survey = Survey(code=code)
    survey.title_en, survey.title_zh = _title_languages(title)
    mapping = Mapping(code, layout.name, by_number=layout.by_number)
    codes: set[str] = set()
    for group in _groups(layout.columns):
        if group[0].summary:
            mapping.fields.append(Field(group[0].header))
            continue
        if group[0].field:
            mapping.fields.extend(response_field(column) for column in group)
            continue
        if len(group) > 1 and all(_flag_like(values[c.index], c.option) for c in group):
            _add_multiple(survey, mapping, group, codes)
            continue
        grid, rest = _grid_columns(group, values, layout.by_number)
        matrix = _matrix(grid, values, codes, layout.by_number) if len(grid) > 1 else None
        if matrix is not None:
            survey.questions.append(matrix[0])
            mapping.fields.extend(matrix[1])
            group = rest  # an 'Other, please specify' column under the grid: a question of its own
        for number, column in enumerate(group, start=1):
            code = unique_code(column, codes, number if len(group) > 1 else 0)
            question, item = _infer_question(column, values[column.index], code, layout)
            survey.questions.append(question)
            mapping.fields.append(item)
    return survey, mapping


def response_field(column: SourceColumn) -> Field:
    """A tool's own column goes to its response field (never to a question), read as that field is."""
    return Field(column.header, column.field, field_kind(column.field))


def _groups(columns: Sequence[SourceColumn]) -> list[list[SourceColumn]]:
    """Neighbouring option columns of one question go together; every other column is its own group."""
    groups: list[list[SourceColumn]] = []
    for column in columns:
        previous = groups[-1][-1] if groups else None
        if (column.option and previous is not None and previous.option and not column.meta
                and (previous.code, previous.text) == (column.code, column.text)):
            groups[-1].append(column)
        else:
            groups.append([column])
    return groups


def _flag_like(values: Sequence[Any], option: str) -> bool:
    marks = {key(v) for v in values if not is_missing(v)}
    return bool(option) and marks <= {"0", "1", key(option), "未选中", "选中"}


def unique_code(column: SourceColumn, taken: set[str], part: int = 0) -> str:
    """A question code from the tool's code or the header; the parts of a question spread over several
    columns (a matrix row each) keep their own header code (Q3_1) or get a number (q3_1)."""
    base = column.code or column.header
    if part:
        base = column.header if CODE_PATTERN.match(column.header) else f"{base}_{part}"
    base = re.sub(r"[^A-Za-z0-9_]+", "_", base).strip("_").replace(SEPARATOR, "_")
    if not base or not base[0].isalpha():
        base = f"q{base}" if base else f"col{column.index + 1}"
    base = base[:40]
    if base.lower() in SYSTEM_COLUMN_NAMES:
        base = f"{base}_src"
    code, number = base, 2
    while code.lower() in taken or not CODE_PATTERN.match(code):
        code, number = f"{base[:36]}_{number}", number + 1
    taken.add(code.lower())
    return code


def _labels(text: str) -> tuple[str, str]:
    """(English, Chinese) label: text with Chinese characters is Chinese, else English."""
    return ("", text) if re.search(r"[\u3400-\u9fff]", text) else (text, "")


def _choice_code(label: str, number: int, taken: set[str], prefix: str = "c") -> str:
    """A choice (or matrix row) code from its label when the label is a usable code, else the prefix and
    its number (c3, r2); unique among `taken`."""
    code = re.sub(r"[^A-Za-z0-9_]+", "_", label).strip("_")[:24].lower()
    if not code or not CHOICE_CODE_PATTERN.match(code) or code in taken or SEPARATOR in code:
        code = f"{prefix}{number}"
        while code in taken:
            code += "_"
    taken.add(code)
    return code


def _choices(labels: Sequence[str]) -> list[Choice]:
    """Choices valued 1, 2, 3… in the order of `labels`, coded from them."""
    taken: set[str] = set()
    return [Choice(_choice_code(label, number, taken), number, *_labels(label))
            for number, label in enumerate(labels, start=1)]


def _add_multiple(survey: Survey, mapping: Mapping, group: list[SourceColumn], codes: set[str]) -> None:
    head = group[0]
    question_code = unique_code(head, codes)
    choices = _choices([column.option for column in group])
    en, zh = _labels(head.text or head.header)
    question = Question(question_code, QuestionType.MULTIPLE, en, zh, choices=choices)
    survey.questions.append(question)
    for column, choice in zip(group, choices):
        mapping.fields.append(Field(column.header, f"{question_code}{SEPARATOR}{choice.code}", "flag"))


def _grid_columns(group: list[SourceColumn], values: dict[int, list[Any]], by_number: bool
                  ) -> tuple[list[SourceColumn], list[SourceColumn]]:
    """The option columns of a question that may be rows of a grid, and the others: a row is answered on a
    scale (numbers, scale words) or shares an answer with another column; a column whose answers are its
    own (free text under 'Other, please specify', an option holding its own label) is no row."""
    answers = [{cell_text(v) for v in dict.fromkeys(values[c.index]) if not is_missing(v, by_number)} for c in group]
    rows = [_numbers(sorted(own)) is not None or bool(own & set().union(*answers[:n], *answers[n + 1:]))
            for n, own in enumerate(answers)]
    return [c for c, row in zip(group, rows) if row], [c for c, row in zip(group, rows) if not row]


def _matrix(group: list[SourceColumn], values: dict[int, list[Any]], codes: set[str], by_number: bool
            ) -> tuple[Question, list[Field]] | None:
    """The rows of a grid (see `_grid_columns`) as ONE matrix question when they are answered from one
    scale: one item per column and either the scale's points (1-5/7/10 numbers, 非常满意 … words) or
    choices from the few short labels the columns share (好 / 一般 / 差). None when they are no grid
    (amounts, long or many different texts)."""
    cells = [values[c.index] for c in group]
    # the distinct answers, in the order the rows are read
    present = [v for v in dict.fromkeys(chain.from_iterable(zip_longest(*cells))) if not is_missing(v, by_number)]
    numbers = _numbers(present)
    props: dict[str, Any] = {}
    choices: list[Choice] = []
    if numbers is not None:
        if not present or any(_identifier(v) for v in present) or not all(isinstance(n, int) for n in numbers) \
                or min(numbers) < 1 or max(numbers) > 11:
            return None
        props["points"] = scale_points(max(numbers))
        words = _scale_recode([v for v in present if isinstance(v, str) and key(v) in SCALE_KEYS])
        make = partial(Field, kind="number", recode=words, low=1, high=props["points"])
    else:
        labels = list(dict.fromkeys(cell_text(v) for v in present))
        if not 2 <= len(labels) <= MAX_CHOICES or max(len(label) for label in labels) > 20:
            return None  # no small scale of short labels
        choices = _choices(labels)
        make = partial(Field, kind="code", recode={label: choice.value for label, choice in zip(labels, choices)})
    head = group[0]
    code = unique_code(SourceColumn(head.index, head.text or head.header, code=head.code), codes)
    taken: set[str] = set()
    items = [Item(_choice_code(c.option, number, taken, "r"), *_labels(c.option)) for number, c in enumerate(group, 1)]
    question = Question(code, QuestionType.MATRIX, *_grid_text(head), choices=choices, items=items, props=props)
    return question, [make(column.header, f"{code}{SEPARATOR}{item.code}") for column, item in zip(group, items)]


def _grid_text(head: SourceColumn) -> tuple[str, str]:
    """(English, Chinese) text of a question spread over columns; 问卷星 may name a matrix by its number
    alone, its rows in brackets ("5、(服务态度)")."""
    if head.text:
        return _labels(head.text)
    if head.code.isdigit():
        return f"Question {head.code}", f"第{head.code}题"
    return _labels(head.header)


def _infer_question(column: SourceColumn, values: Sequence[Any], code: str, layout: Layout
                    ) -> tuple[Question, Field]:
    text = f"{column.text} - {column.option}" if column.option and column.text else column.text or column.header
    en, zh = _labels(text)
    present = [v for v in values if not is_missing(v, layout.by_number)]
    group = "meta" if column.meta else ""

    def make(qtype: QuestionType, **extra: Any) -> Question:
        return Question(code, qtype, en, zh, group=group, **extra)

    decimal = decimal_convention(present)
    if present and all(_is_number(v, decimal, True) for v in present) and not any(_identifier(v) for v in present):
        numbers = [parse_number(v, decimal) for v in present if _is_number(v, decimal)]
        whole = all(isinstance(n, int) for n in numbers)
        low, high = min(numbers), max(numbers)
        if whole and 0 <= low and high <= 10 and any(word in text.lower() for word in NPS_WORDS):
            return make(QuestionType.NPS), Field(column.header, code, "number", low=0, high=10)
        if whole and 1 <= low and high <= 10 and not column.meta and len(set(numbers)) > 1:
            points = scale_points(high)
            return (make(QuestionType.RATING, props={"points": points}),
                    Field(column.header, code, "number", low=1, high=points))
        return make(QuestionType.NUMBER), Field(column.header, code, "number", decimal=decimal)
    if present and all(isinstance(v, str) and key(v) in SCALE_KEYS for v in present):
        return (make(QuestionType.RATING, props={"points": 5}),
                Field(column.header, code, "number", recode=_scale_recode(present), low=1, high=5))
    if present and all(_is_date(v) for v in present):
        return make(QuestionType.DATE), Field(column.header, code, "date")
    if present and any("┋" in cell_text(v) for v in present):
        return _split_question(column.header, present, code, make)
    labels = list(dict.fromkeys(cell_text(v) for v in present))
    if present and all(key(v) in YES_NO_KEYS for v in present):
        choices = [Choice("yes", 1, "Yes", "是"), Choice("no", 0, "No", "否")]
        recode = {word: number for word, number in YES_NO.items()} | {"1": 1, "0": 0}
        return make(QuestionType.SINGLE, choices=choices), Field(column.header, code, "code", recode=recode)
    if 2 <= len(labels) <= MAX_CHOICES and len(present) >= 2 * len(labels) and not column.meta \
            and max(len(label) for label in labels) <= 20 and not any(w in text.lower() for w in OPEN_WORDS):
        return _single_question(column.header, labels, code, make, layout.by_number)
    return make(QuestionType.TEXT), Field(column.header, code, "text")


def _scale_recode(present: Sequence[Any]) -> dict[str, int]:
    return {cell_text(v): SCALE_KEYS[key(v)] for v in dict.fromkeys(present)}


def scale_points(high: float) -> int:
    """The points of a rating scale whose highest answer seen is `high`."""
    return next((points for points in (5, 7, 10) if high <= points), 11)


def _split_question(source: str, present: Sequence[Any], code: str, make: Any) -> tuple[Question, Field]:
    labels = list(dict.fromkeys(part for v in present for part in split_options(v)))
    choices = _choices(labels)
    options = {label: f"{code}{SEPARATOR}{choice.code}" for label, choice in zip(labels, choices)}
    return make(QuestionType.MULTIPLE, choices=choices), Field(source, "", "split", options=options)


def _single_question(source: str, labels: list[str], code: str, make: Any, by_number: bool
                     ) -> tuple[Question, Field]:
    if by_number and all(label.lstrip("-").isdigit() for label in labels):
        numbers = sorted(int(label) for label in labels)
        choices = [numbered_choice(n) for n in numbers]
        return make(QuestionType.SINGLE, choices=choices), Field(source, code, "code",
                                                                  recode={str(n): n for n in numbers})
    choices = _choices(labels)
    recode = {label: choice.value for label, choice in zip(labels, choices)}
    return make(QuestionType.SINGLE, choices=choices), Field(source, code, "code", recode=recode)


def _is_number(value: Any, decimal: str = DECIMAL_POINT, other_convention: bool = False) -> bool:
    """Whether a cell is a number in the column's `decimal` convention; with `other_convention`, also one
    written in the other (12,5 among 1,234.5: still a number column, and that cell a problem at import)."""
    try:
        parse_number(value, decimal)
    except BadValue as bad:
        return other_convention and bad.problem in ("decimal_comma", "decimal_point")
    return not isinstance(value, bool)


def _identifier(value: Any) -> bool:
    """Digits that are a name, not a quantity: phone numbers, ids with leading zeros."""
    text = cell_text(value)
    return text.isdigit() and (len(text) >= 9 or (len(text) > 1 and text.startswith("0")))


def _is_date(value: Any) -> bool:
    if isinstance(value, (int, float)):
        return False
    try:
        parse_date(value)
    except BadValue:
        return False
    return True


# -- shaping a proposed survey before it is created ----------------------------------------------

# The types a column's question may be given, in the order the wizard lists them.
SHAPE_TYPES = (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.RATING, QuestionType.NPS,
               QuestionType.NUMBER, QuestionType.DATE, QuestionType.TEXT)
MAX_EDITABLE_CHOICES = 60


@dataclass
class Proposal:
    """A survey proposed from a file and the mapping that fills it, while the user fixes the guesses.

    `survey` and `mapping` are the import plan's own objects, changed in place, so the plan always
    imports what the user sees. `questions` keeps every proposed question in file order, also those
    whose columns are left out (they are not in `survey`), and `aside` keeps the field of each left-out
    column, so a column put back returns as the user shaped it. `values` are the sampled cells of each
    column, from which a new type builds its choices and range. `rows_aside` keeps the matrix row of each
    left-out column of a matrix question, which returns to its place when the column is put back."""

    survey: Survey
    mapping: Mapping
    values: dict[str, list[Any]]
    questions: list[Question] = field(default_factory=list)
    aside: dict[str, Field] = field(default_factory=dict)
    rows_aside: dict[str, Item] = field(default_factory=dict)
    readable: dict[str, set[QuestionType]] = field(default_factory=dict, repr=False)  # per column, once

    @classmethod
    def of(cls, survey: Survey, mapping: Mapping, layout: Layout, sample: Sequence[Sequence[Any]]) -> Proposal:
        """The proposal for a new survey, with each column's sampled cells kept (by header) so a type changed later
        can build its choices and range."""
        by_index = column_values(layout.columns, sample)
        values = {column.header: by_index[column.index] for column in layout.columns}
        return cls(survey, mapping, values, list(survey.questions))

    def field_of(self, source: str) -> Field:
        """The column's field: the mapping's, or the one kept aside while the column is left out."""
        if source in self.aside:
            return self.aside[source]
        found = next((item for item in self.mapping.fields if item.source == source), None)
        if found is None:
            raise ImportProblem("importing.no_such_column", source=source)
        return found

    def question(self, source: str) -> Question | None:
        """The question the column fills (or filled before it was left out); None for a column without one."""
        owner = question_code(self.field_of(source))
        return next((q for q in self.questions if q.code == owner), None)

    def included(self, source: str) -> bool:
        """Whether the column is imported now: not left out by the user, and its field fills a stored column."""
        return source not in self.aside and bool(self.field_of(source).targets())

    def matrix_row(self, source: str) -> Item | None:
        """The matrix row the column fills (or filled before it was left out); None for other columns."""
        question = self.question(source)
        if question is None or question.type is not QuestionType.MATRIX:
            return None
        code = self.field_of(source).target.split(SEPARATOR, 1)[-1]
        return self.rows_aside.get(source) or next((i for i in question.items if i.code == code), None)

    def present(self, source: str) -> list[Any]:
        """The column's distinct sampled answers, in the order first seen."""
        return [v for v in dict.fromkeys(self.values.get(source, [])) if not is_missing(v, self.mapping.by_number)]


def question_code(item: Field) -> str:
    """The question a field fills, from the stored column(s) it writes ('' when none)."""
    targets = item.targets()
    return targets[0].split(SEPARATOR)[0] if targets else ""


def _replace_field(proposal: Proposal, replacement: Field) -> None:
    if replacement.source in proposal.aside:
        proposal.aside[replacement.source] = replacement
        return
    fields = proposal.mapping.fields
    fields[next(n for n, item in enumerate(fields) if item.source == replacement.source)] = replacement


def _sync(proposal: Proposal) -> None:
    """The survey holds the proposed questions some imported column fills, in the file's column order."""
    order = {question_code(proposal.field_of(item.source)): n for n, item in reversed(list(enumerate(
        proposal.mapping.fields)))}
    proposal.questions.sort(key=lambda q: order.get(q.code, len(order)))
    imported = {question_code(item) for item in proposal.mapping.imported()}
    proposal.survey.questions = [q for q in proposal.questions if q.code in imported]
    filled = {name: n for n, item in enumerate(proposal.mapping.fields) for name in item.targets()}
    for question in proposal.questions:  # a matrix's rows in the file's column order, also one put back
        places = [filled.get(f"{question.code}{SEPARATOR}{row.code}", len(filled)) for row in question.items]
        question.items = [row for _, row in sorted(zip(places, question.items), key=lambda pair: pair[0])]


def _all_fields(proposal: Proposal) -> list[Field]:
    return list(proposal.mapping.fields) + list(proposal.aside.values())


def _retarget(item: Field, old: str, new: str) -> None:
    """Point a field that writes column `old` (or `old__part`) at `new` (or `new__part`)."""
    def moved(name: str) -> str:
        if name == old:
            return new
        return new + name[len(old):] if name.startswith(old + SEPARATOR) else name

    item.target = moved(item.target) if item.target else ""
    item.options = {label: moved(name) for label, name in item.options.items()}


def _title_languages(title: str) -> tuple[str, str]:
    """(English, Chinese) title: a title with any character beyond ASCII is Chinese, else English."""
    return (title, "") if title.isascii() else ("", title)


def retitle_survey(proposal: Proposal, title: str) -> None:
    """Give the survey to be created another title (the file's name or the export's title is proposed)."""
    if not title.strip():
        raise ImportProblem("importing.empty_title")
    proposal.survey.title_en, proposal.survey.title_zh = _title_languages(title.strip())


def rename_survey(proposal: Proposal, code: str) -> None:
    """Give the survey to be created another code (checked as every survey code is)."""
    validate_code(code)
    proposal.survey.code = proposal.mapping.survey = code


def rename_question(proposal: Proposal, code: str, new_code: str) -> None:
    """Give a proposed question another code: the survey model's rules, unique among all proposed
    questions (also left-out ones, which may come back); every field writing its columns follows."""
    if new_code == code:
        return
    validate_code(new_code)
    if any(q.code.lower() == new_code.lower() for q in proposal.questions if q.code != code):
        raise ModelError("survey.duplicate_code", code=new_code, survey=proposal.survey.code)
    question = next(q for q in proposal.questions if q.code == code)
    for item in _all_fields(proposal):
        _retarget(item, code, new_code)
    question.code = new_code


def set_label(proposal: Proposal, code: str, *, zh: str | None = None, en: str | None = None) -> None:
    """The question's text in Chinese and/or English, as the survey model stores them."""
    question = next(q for q in proposal.questions if q.code == code)
    if zh is not None:
        question.label_zh = zh.strip()
    if en is not None:
        question.label_en = en.strip()


def possible_types(proposal: Proposal, source: str) -> list[QuestionType]:
    """The types the column's sampled values can be read as (its current type always among them): every
    column can be text; numbers can be a number, an NPS 0-10 or a rating 1-11 when whole and in range;
    a few distinct answers can be single choice; answers with several options in a cell, multiple."""
    item = proposal.field_of(source)
    question = proposal.question(source)
    if item.kind == "flag":
        return [QuestionType.MULTIPLE]
    if question is not None and question.type is QuestionType.MATRIX:
        return [QuestionType.MATRIX]  # a row of a grid is retyped only with its grid, not yet possible
    if source not in proposal.readable:
        proposal.readable[source] = _readable_as(proposal.present(source), item.kind == "split")
    possible = proposal.readable[source] | ({question.type} if question is not None else set())
    return [qtype for qtype in SHAPE_TYPES if qtype in possible]


def _readable_as(present: Sequence[Any], split: bool) -> set[QuestionType]:
    """The types these distinct answers can be read as (see `possible_types`)."""
    numbers = _numbers(present)
    labels = {cell_text(v) for v in present}
    parts = {part for v in present for part in split_options(v)}
    possible = {QuestionType.TEXT}
    if numbers is not None and numbers:
        possible.add(QuestionType.NUMBER)
        whole = all(isinstance(n, int) for n in numbers)
        if whole and 0 <= min(numbers) and max(numbers) <= 10:
            possible.add(QuestionType.NPS)
        if whole and 1 <= min(numbers) and max(numbers) <= 11:
            possible.add(QuestionType.RATING)
    if present and numbers is None and all(_is_date(v) for v in present):
        possible.add(QuestionType.DATE)
    if 2 <= len(labels) <= MAX_EDITABLE_CHOICES:
        possible.add(QuestionType.SINGLE)
    if split or (2 <= len(parts) <= MAX_EDITABLE_CHOICES and any(len(split_options(v)) > 1 for v in present)):
        possible.add(QuestionType.MULTIPLE)
    return possible


def _numbers(present: Sequence[Any]) -> list[float | int] | None:
    """The values as numbers (scale words as their points), or None when some value is no number."""
    numbers: list[float | int] = []
    for value in present:
        if isinstance(value, str) and key(value) in SCALE_KEYS:
            numbers.append(SCALE_KEYS[key(value)])
        elif _is_number(value):
            numbers.append(parse_number(value))
        else:
            return None
    return numbers


def retype_question(proposal: Proposal, source: str, qtype: QuestionType) -> None:
    """Read the column as another type: its question's choices and its field are rebuilt from the sampled
    values together (text → single choice takes the distinct answers as choices, single choice → text
    drops them, rating ↔ number keeps the numbers and the scale words), so the import stores them right.
    The code, labels and group stay."""
    question = proposal.question(source)
    if question is None or question.type is qtype:
        return
    if qtype not in possible_types(proposal, source):
        known = ", ".join(t.value for t in possible_types(proposal, source))
        raise ImportProblem("importing.type_not_possible", source=source, type=qtype.value, known=known)
    item = proposal.field_of(source)
    retyped, replacement = _retyped(question, item, qtype, proposal.present(source), proposal.mapping.by_number)
    question.type, question.choices, question.props = retyped.type, retyped.choices, retyped.props
    _replace_field(proposal, replacement)
    _sync(proposal)


def _retyped(question: Question, item: Field, qtype: QuestionType, present: Sequence[Any], by_number: bool
             ) -> tuple[Question, Field]:
    code, source = question.code, item.source

    def make(new_type: QuestionType, **extra: Any) -> Question:
        return Question(code, new_type, question.label_en, question.label_zh, group=question.group, **extra)

    if qtype is QuestionType.SINGLE:
        labels = list(dict.fromkeys(cell_text(v) for v in present))
        numbered = all(re.fullmatch(r"0|[1-9]\d{0,5}", label) for label in labels)
        return _single_question(source, labels, code, make, by_number or numbered)
    if qtype is QuestionType.MULTIPLE:
        return _split_question(source, present, code, make)
    if qtype is QuestionType.TEXT:
        return make(qtype), Field(source, code, "text")
    if qtype is QuestionType.DATE:
        return make(qtype), Field(source, code, "date")
    words = _scale_recode([v for v in present if isinstance(v, str) and key(v) in SCALE_KEYS])
    if qtype is QuestionType.NPS:
        return make(qtype), Field(source, code, "number", recode=words, low=0, high=10)
    if qtype is QuestionType.RATING:
        points = scale_points(max(_numbers(present) or [5]))
        return make(qtype, props={"points": points}), Field(source, code, "number", recode=words, low=1, high=points)
    return make(qtype), Field(source, code, "number", recode=words)


def leave_out(proposal: Proposal, source: str) -> None:
    """The column is not imported; its field is kept aside to put back. A question none of whose columns
    is imported leaves the survey (a multiple-choice question keeps the options of its left-out columns;
    a matrix loses the column's row, so the survey has no row that nothing fills)."""
    if not proposal.included(source):
        return
    kept = proposal.field_of(source)
    row, question = proposal.matrix_row(source), proposal.question(source)
    if row is not None and question is not None:
        question.items.remove(row)
        proposal.rows_aside[source] = row
    _replace_field(proposal, Field(source))
    proposal.aside[source] = kept
    _sync(proposal)


def put_back(proposal: Proposal, source: str) -> None:
    """Import the column again as it was shaped; a column that never had a question (a summary column)
    gets one proposed from its values."""
    if proposal.included(source):
        return
    item = proposal.aside.pop(source, None)
    if item is None:
        taken = {q.code.lower() for q in proposal.questions}
        column = SourceColumn(0, source)
        layout = Layout(proposal.mapping.layout, 0, 0, [column], by_number=proposal.mapping.by_number)
        question, item = _infer_question(column, proposal.values.get(source, []), unique_code(column, taken), layout)
        proposal.questions.append(question)
    _replace_field(proposal, item)
    row, owner = proposal.rows_aside.pop(source, None), proposal.question(source)
    if row is not None and owner is not None:
        owner.items.append(row)
    _sync(proposal)


def edit_choice(proposal: Proposal, code: str, choice_code: str, *, new_code: str | None = None,
                label_zh: str | None = None, label_en: str | None = None) -> None:
    """Change one choice of a proposed choice question: its code (a valid, unused choice code; the stored
    0/1 columns of a multiple-choice question follow) and its labels. Stored values stay, so the values
    recoded to it still land on it."""
    question = next(q for q in proposal.questions if q.code == code)
    choice = next(c for c in question.choices if c.code == choice_code)
    if new_code is not None and new_code != choice_code:
        if not CHOICE_CODE_PATTERN.match(new_code) or SEPARATOR in new_code:
            raise ModelError("survey.bad_code", code=new_code)
        if any(c.code.lower() == new_code.lower() for c in question.choices if c is not choice):
            raise ImportProblem("importing.choice_taken", code=new_code, question=code)
        for item in _all_fields(proposal) if question.type is QuestionType.MULTIPLE else ():
            _retarget(item, f"{code}{SEPARATOR}{choice_code}", f"{code}{SEPARATOR}{new_code}")
        choice.code = new_code
    if label_zh is not None:
        choice.label_zh = label_zh.strip()
    if label_en is not None:
        choice.label_en = label_en.strip()


def recode_option(item: Field, survey: Survey, label: str, choice_code: str) -> None:
    """Which option of its question an answer written in a split multiple-choice cell stands for
    ('' = none: the answer is then an unknown option). Every 0/1 column the field wrote stays written
    (an option no answer points to any more is still known by its code), so rows get 0, not empty."""
    owner = question_code(item)
    question = survey.question(owner)
    if choice_code and not any(c.code == choice_code for c in question.choices):
        known = ", ".join(c.code for c in question.choices)
        raise ImportProblem("importing.not_a_choice", code=choice_code, question=owner, known=known)
    written = item.targets()
    if choice_code:
        item.options[label] = f"{owner}{SEPARATOR}{choice_code}"
    else:
        item.options.pop(label, None)
    for column in set(written) - set(item.targets()):
        item.options.setdefault(column.split(SEPARATOR, 1)[1], column)


# -- matching a file onto an existing survey -----------------------------------------------------


def match_survey(survey: Survey, layout: Layout) -> Mapping:
    """Each column of the file matched to a question: by code first (Q7, q7, kobo names, stored column
    names), then by the similarity of its text to a question's label; the user can change each."""
    mapping = Mapping(survey.code, layout.name, by_number=layout.by_number)
    used: set[str] = set()
    for column in layout.columns:
        if column.field:
            mapping.fields.append(response_field(column))
            continue
        question = _by_code(survey, column) or _by_text(survey, column, used)
        item = Field(column.header)
        if question is not None and not column.summary:
            item = field_for(question, column, layout.by_number)
            used.add(question.code)
        mapping.fields.append(item)
    return mapping


def _by_code(survey: Survey, column: SourceColumn) -> Question | None:
    wanted = {column.code.lower(), column.header.lower(), f"q{column.code}".lower() if column.code.isdigit() else ""}
    wanted.discard("")
    return next((q for q in survey.active_questions() if q.code.lower() in wanted
                 or column.header in (q.label_zh, q.label_en)), None)


def _by_text(survey: Survey, column: SourceColumn, used: set[str]) -> Question | None:
    text = re.sub(r"^\s*(?:Q|第)?\d+\s*[、.．:：]\s*", "", column.text or column.header).strip()
    if not text or column.meta:
        return None
    best, best_score = None, SIMILAR_ENOUGH
    for question in survey.active_questions():
        if question.code in used and not column.option:
            continue
        for label in (question.label_zh, question.label_en):
            score = difflib.SequenceMatcher(None, key(text), key(label)).ratio() if label else 0.0
            if score > best_score:
                best, best_score = question, score
    return best


def field_for(question: Question, column: SourceColumn, by_number: bool = False) -> Field:
    """How a column fills a question of the survey, by the question's type."""
    source = column.header
    qtype = question.type
    if qtype is QuestionType.MULTIPLE:
        if column.option:
            choice = _find_choice(question, column.option)
            return Field(source, f"{question.code}{SEPARATOR}{choice.code}" if choice else "", "flag")
        options = {}
        for choice in question.choices:
            for label in (choice.code, str(choice.value), choice.label_zh, choice.label_en):
                if label:
                    options[label] = f"{question.code}{SEPARATOR}{choice.code}"
        return Field(source, "", "split", options=options)
    if qtype is QuestionType.MATRIX:
        item = _find_item(question, column.option or column.text)
        target = f"{question.code}{SEPARATOR}{item.code}" if item else ""
        return _scale_field(question, source, target)
    if qtype in (QuestionType.SINGLE, QuestionType.DROPDOWN):
        recode: dict[str, Any] = {}
        for choice in question.choices:
            for label in (choice.label_zh, choice.label_en, choice.code, str(choice.value)):
                if label:
                    recode.setdefault(label, choice.value)
        return Field(source, question.code, "code", recode=recode)
    if qtype in (QuestionType.NPS, QuestionType.RATING, QuestionType.CHECKLIST):
        return _scale_field(question, source, question.code)
    if qtype is QuestionType.NUMBER:
        return Field(source, question.code, "number", low=question.props.get("min"), high=question.props.get("max"))
    if qtype is QuestionType.DATE:
        return Field(source, question.code, "date")
    return Field(source, question.code, "text")


def _scale_field(question: Question, source: str, target: str) -> Field:
    scale = question.scale()
    if question.choices:
        recode = {label: c.value for c in question.choices for label in (c.label_zh, c.label_en, c.code) if label}
        return Field(source, target, "code", recode=recode | {str(c.value): c.value for c in question.choices})
    low, high = scale if scale else (None, None)
    words = dict(SCALE_WORDS) if high == 5 else {}
    return Field(source, target, "number", recode=words | dict(YES_NO if high == 1 else {}), low=low, high=high)


def _find_choice(question: Question, label: str) -> Choice | None:
    wanted = key(label)
    return next((c for c in question.choices
                 if wanted in {key(c.label_zh), key(c.label_en), key(c.code), key(c.value)}), None)


def _find_item(question: Question, label: str) -> Item | None:
    wanted = key(label)
    exact = next((i for i in question.items if wanted in {key(i.label_zh), key(i.label_en), key(i.code)}), None)
    if exact is not None:
        return exact
    scored = [(difflib.SequenceMatcher(None, wanted, key(i.label_zh or i.label_en)).ratio(), n)
              for n, i in enumerate(question.items)]
    best = max(scored, default=(0.0, -1))
    return question.items[best[1]] if best[0] >= SIMILAR_ENOUGH else None
