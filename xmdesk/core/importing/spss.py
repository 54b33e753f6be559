"""SPSS files (.sav, .zsav, .por) read as a `Source`, and the survey their dictionary describes.

An SPSS file carries what a CSV export loses: each variable's label (the question's text), its value
labels (the choices), the values declared user-missing (99 = 不知道) and a measurement level. pyreadstat
(ReadStat) reads them; the rows come out as cells like any other file's, a header row of variable names
first, so the check page, the mapping and the all-or-nothing import are the ones every file goes
through. User-missing values arrive as missing; their labels are no choices.

A survey proposed from an SPSS file follows the dictionary, not guesses from values: a nominal variable
with value labels is a single choice; a scale of 0-10 named like NPS is an NPS question; an ordinal of
1..k with labels on its ends only is a rating with those end labels; string variables are text (dates
written as text are dates); date formats are dates; a multiple-dichotomy set (or our own export's
`q__option` 0/1 columns) is a multiple-choice question, and `q__row` columns on one scale a matrix.
Choice answers are stored as the numbers the file holds: a value without a label stays the number it is,
as in SPSS, instead of becoming a choice numbered anew.
XMDesk's own .sav export (variable label 'question - option', value labels in one language) therefore
comes back as the survey it was exported from: codes, types, texts, choice values and labels, rows.

Chinese SPSS writes labels in the system's code page (GBK) and says so in the file (code page 936),
which ReadStat reads; a file that claims a Western code page, or none, while holding GBK bytes (old
tools, files re-saved elsewhere) is read again as GB18030 when its text only makes sense that way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from xmdesk.core.importing.layouts import Layout, SourceColumn
from xmdesk.core.importing.mapping import NPS_WORDS, Field, Mapping, response_field, scale_points, unique_code
from xmdesk.core.importing.readers import ImportProblem, Source
from xmdesk.core.jobs import process_context
from xmdesk.core.importing.values import is_missing
from xmdesk.core.survey.response_fields import RESPONSE_FIELDS
from xmdesk.core.survey.model import SEPARATOR, Choice, Item, Question, QuestionType, Survey

SPSS_SUFFIXES = frozenset({".sav", ".zsav", ".por"})
SAV_MAGIC = (b"$FL2", b"$FL3")  # $FL3: a .zsav (compressed with zlib)
POR_TAG = b"SPSSPORT"  # after a 200-byte splash and a 256-byte character table, line breaks aside
HEAD_ROWS = 60
CHUNK_ROWS = 20_000  # each chunk reads the file's dictionary again: not too small
GB = "GB18030"  # a superset of GBK and GB2312
DATE_FORMATS = ("DATE", "ADATE", "EDATE", "JDATE", "SDATE", "DATETIME", "YMDHMS")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?")
CJK = re.compile(r"[\u3400-\u9fff]")
# The columns our own export writes besides the answers and the response fields (sys_…): facts this study
# makes anew for each imported response, never questions.
OWN_COLUMNS = frozenset({"id", "uuid", "status", "created_at", "updated_at", "customer_id", "source"})
ID_COLUMN = "id"


@dataclass(frozen=True)
class Variable:
    """One variable of an SPSS dictionary."""

    name: str
    label: str
    measure: str  # nominal, ordinal, scale or unknown (portable files do not say)
    format: str  # SPSS's print format: A40 (text), F8.2 (number), ADATE10 (date)…
    labels: dict[Any, str]  # value labels, those of user-missing values left out

    @property
    def is_text(self) -> bool:
        """A string variable (print format A…): proposed as a text question (a date one when every value is an ISO
        date), never as numbers or choices, even when its values are digits."""
        return self.format.upper().startswith("A")

    @property
    def is_date(self) -> bool:
        """A date or date-time print format (DATE11, ADATE10, DATETIME20…): proposed as a date question, though SPSS
        stores the values as numbers."""
        return re.sub(r"[\d.]+$", "", self.format.upper()) in DATE_FORMATS


@dataclass
class Dictionary:
    """What an SPSS file says about its variables (SPSS calls it the file's dictionary)."""

    variables: list[Variable]
    sets: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # dichotomy set -> (label, variables)
    encoding: str = ""  # the encoding its text was read in; "" when the reader's own choice was right
    file_label: str = ""


def is_spss(path: Path, start: bytes) -> bool:
    """An SPSS system file by its first bytes, a portable file by its tag (told by name as well: a .por
    may be written with other line breaks)."""
    return start.startswith(SAV_MAGIC) or POR_TAG in start[:1024] or path.suffix.lower() == ".por"


def open_spss(path: Path) -> Source:
    """The file ready to be read: its dictionary, and a head of the variable names and first rows."""
    _refuse_if_the_reader_dies(path)
    return _open(path)


_SURVIVED: set[tuple[str, int, int]] = set()  # (path, size, modification time) of files read through in a child


def _refuse_if_the_reader_dies(path: Path) -> None:
    """ReadStat, the C library under pyreadstat, dies of a segmentation fault on some damaged files (one in a
    hundred copies of a small .sav with a few bytes changed), and the whole app with it: no exception to catch.
    So a file is first read through in a child process, as the import reads it (dictionary, head, every chunk);
    a child killed by a signal refuses the file, and a file that passed is not read so again while its size and
    modification time stay the same. Anything the child could not read, the parent meets again and says in words.
    This reads an SPSS file twice: they are small next to the workbooks (a survey's thousands of rows)."""
    status = path.stat()
    key = (str(path.resolve()), status.st_size, status.st_mtime_ns)
    if key in _SURVIVED:
        return
    child = process_context().Process(target=_read_through, args=(str(path),), daemon=True)
    child.start()
    child.join()
    if child.exitcode is not None and child.exitcode < 0:
        raise ImportProblem("importing.spss_died", file=path.name)
    _SURVIVED.add(key)


def _read_through(path: str) -> None:
    """The child's part: every read of the file the import makes (not the rows' conversion to cells, which is
    ours). An error it meets is left for the parent to raise in words (the same read fails the same way there);
    only a crash is the child's to report, by dying."""
    try:
        for _ in _chunks(_open(Path(path))):
            pass
    except Exception:  # noqa: BLE001 - the parent reads again and raises it with its message
        return


def _open(path: Path) -> Source:
    dictionary, rows = _dictionary(path)
    source = Source(path, "spss", encoding=dictionary.encoding, width=len(dictionary.variables),
                    total_rows=None if rows is None else rows + 1)
    source.dictionary = dictionary
    first = _frame(path, dictionary, row_limit=HEAD_ROWS)
    source.head = [[v.name for v in dictionary.variables], *_cells(first)]
    return source


def spss_rows(source: Source) -> Iterator[list[Any]]:
    """Every row from the top (the variable names first), read CHUNK_ROWS at a time. pyreadstat's own
    chunked reader reads the file's dictionary again without the encoding, so a GBK file would fail there."""
    dictionary: Dictionary = source.dictionary
    yield [v.name for v in dictionary.variables]
    for chunk in _chunks(source):
        yield from _cells(chunk)


def _chunks(source: Source) -> Iterator[Any]:
    """pyreadstat's frames of CHUNK_ROWS rows from the top, the reads the import makes (and the child's probe)."""
    total = max((source.total_rows or 1) - 1, 1)
    done = 0
    while len(chunk := _frame(source.path, source.dictionary, row_offset=done, row_limit=CHUNK_ROWS)):
        yield chunk
        done += len(chunk)
        source._bytes_read[0] = source.size * min(done, total) // total
        if len(chunk) < CHUNK_ROWS:
            break
    source._bytes_read[0] = source.size


def _reader(path: Path) -> Any:
    import pyreadstat

    with path.open("rb") as handle:
        start = handle.read(4)
    return pyreadstat.read_sav if start.startswith(SAV_MAGIC) else pyreadstat.read_por


def _options(dictionary: Dictionary) -> dict[str, Any]:
    """How pyreadstat reads the rows: user-missing values as missing (its default), in the text's encoding."""
    return {"encoding": dictionary.encoding} if dictionary.encoding else {}


def _read(path: Path, **options: Any) -> tuple[Any, Any, str]:
    """pyreadstat's frame and metadata, and the encoding it was read in ("" for the file's own): a file that
    cannot be read in the encoding it claims (GBK bytes under a UTF-8 or Western code page) is read as GB18030."""
    import pyreadstat

    try:
        frame, meta = _reader(path)(str(path), **options)
        return frame, meta, str(options.get("encoding") or "")
    # UnicodeDecodeError: pyreadstat decoding a name or label in the encoding the file claims (or in UTF-8)
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeDecodeError) as error:
        if ("encoding" in str(error) or isinstance(error, UnicodeDecodeError)) and not options.get("encoding") \
                and _reader(path) is pyreadstat.read_sav:
            return _read(path, **options, encoding=GB)
        raise ImportProblem("importing.damaged", file=path.name, detail=str(error)[:160]) from error
    except OverflowError as error:  # a date pyreadstat cannot make a Python date of (year 0, or past 9999)
        raise ImportProblem("importing.spss_date_range", file=path.name) from error
    except ValueError as error:  # pyreadstat converting a damaged value (a NaN date: "cannot convert float NaN")
        raise ImportProblem("importing.damaged", file=path.name, detail=str(error)[:160]) from error


def _dictionary(path: Path) -> tuple[Dictionary, int | None]:
    """The file's dictionary and its number of rows (None when the file does not say: a portable file)."""
    import pyreadstat

    options: dict[str, Any] = {"user_missing": True} if _reader(path) is pyreadstat.read_sav else {}
    _, meta, encoding = _read(path, metadataonly=True, **options)
    if not encoding and options and _reads_as_gb(meta):
        _, meta, encoding = _read(path, metadataonly=True, encoding=GB, **options)
    missing = getattr(meta, "missing_ranges", {}) or {}
    variables = [Variable(name, str(label or ""), str(meta.variable_measure.get(name, "unknown")),
                          str(meta.original_variable_types.get(name, "")),
                          _answer_labels(meta.variable_value_labels.get(name, {}), missing.get(name, [])))
                 for name, label in zip(meta.column_names, meta.column_labels)]
    sets = {name.lstrip("$"): (str(found.get("label") or name.lstrip("$")), list(found["variable_list"]))
            for name, found in (getattr(meta, "mr_sets", None) or {}).items() if found.get("is_dichotomy")}
    rows = None if meta.number_rows is None else int(meta.number_rows)
    return Dictionary(variables, sets, encoding, str(meta.file_label or "")), rows


def _reads_as_gb(meta: Any) -> bool:
    """Whether the file's text, read in the Western code page it claims (or that ReadStat assumed), is GBK
    bytes: encoded back to those bytes, it is valid GB18030 holding Chinese characters."""
    codec = str(meta.file_encoding or "windows-1252")
    texts = [*meta.column_names, *meta.column_labels, meta.file_label]
    texts += [text for labels in meta.variable_value_labels.values() for text in labels.values()]
    written = "".join(str(text) for text in texts if text)  # a damaged file's names may be None
    if written.isascii() or CJK.search(written):
        return False
    try:
        return bool(CJK.search(written.encode(codec).decode(GB)))
    except (LookupError, UnicodeError):
        return False


def _answer_labels(labels: dict[Any, str], missing: Sequence[dict[str, Any]]) -> dict[Any, str]:
    """The value labels of answers: a value declared user-missing (99 = 不知道) is no answer, so no choice."""
    def declared_missing(value: Any) -> bool:
        return any(_between(value, span.get("lo"), span.get("hi")) for span in missing)

    return {value: str(text) for value, text in labels.items() if not declared_missing(value)}


def _between(value: Any, low: Any, high: Any) -> bool:
    try:
        return bool(low <= value <= high)
    except TypeError:  # a text value against numeric bounds, or the other way round
        return False


def _frame(path: Path, dictionary: Dictionary, **options: Any) -> Any:
    frame, _, _ = _read(path, **options, **_options(dictionary))
    return frame


def _cells(frame: Any) -> list[list[Any]]:
    """A chunk's rows as cells: numbers as floats, texts as written, dates as dates, missing as None."""
    cells: list[list[Any]] = frame.astype(object).where(frame.notna(), None).values.tolist()
    return cells


# -- layout and survey ---------------------------------------------------------------------------


def spss_layout(source: Source) -> Layout:
    """The file's columns: one per variable, its label as the question's text. A variable of a
    multiple-dichotomy set, or named `q__part` beside others of `q` (our export's option and matrix-row
    columns), is an option of its question, the part of its label after ' - ' naming the option."""
    dictionary: Dictionary = source.dictionary
    in_set = {name: (code, text) for code, (text, names) in dictionary.sets.items() for name in names}
    bases = [v.name.split(SEPARATOR, 1)[0] for v in dictionary.variables if SEPARATOR in v.name]
    columns = []
    for index, variable in enumerate(dictionary.variables):
        text = variable.label or variable.name
        if variable.name in in_set:
            code, question = in_set[variable.name]
            columns.append(SourceColumn(index, variable.name, code=code, text=question, option=text))
        elif SEPARATOR in variable.name and bases.count(variable.name.split(SEPARATOR, 1)[0]) > 1:
            code, part = variable.name.split(SEPARATOR, 1)
            question, _, option = text.rpartition(" - ") if " - " in text else (text, "", part)
            columns.append(SourceColumn(index, variable.name, code=code, text=question, option=option or part))
        else:
            field = variable.name if variable.name in RESPONSE_FIELDS else ""
            columns.append(SourceColumn(index, variable.name, code=variable.name, text=text,
                                        meta=bool(field) or variable.name in OWN_COLUMNS, field=field))
    names = [v.name for v in dictionary.variables]
    return Layout("spss", 0, 1, columns, id_column=names.index(ID_COLUMN) if ID_COLUMN in names else None,
                  title=dictionary.file_label)


def propose_from_dictionary(code: str, layout: Layout, dictionary: Dictionary, sample: Sequence[Sequence[Any]],
                            title: str = "") -> tuple[Survey, Mapping]:
    """A new survey as the file's dictionary describes it (see the module's docstring), and the mapping
    that fills it; `sample` (data rows) only settles what the dictionary leaves open (a scale's points)."""
    survey = Survey(code=code)
    survey.title_en, survey.title_zh = _labels(title)
    mapping = Mapping(code, layout.name)
    taken: set[str] = set()
    for group in _groups(layout.columns):
        variables = [dictionary.variables[c.index] for c in group]
        values = [[row[c.index] for row in sample if c.index < len(row)] for c in group]
        if group[0].meta:  # our export's own columns: its response fields come back, the rest the study makes
            mapping.fields.extend(response_field(c) if c.field else Field(c.header) for c in group)
            continue
        question_code = unique_code(group[0], taken)
        if group[0].option:
            question, fields = _grouped(question_code, group, variables, values)
        else:
            question, fields = _single(question_code, group[0], variables[0], values[0])
        survey.questions.append(question)
        mapping.fields.extend(fields)
    return survey, mapping


def _groups(columns: Sequence[SourceColumn]) -> list[list[SourceColumn]]:
    """The option columns of one question together, in the file's order; every other column alone."""
    groups: list[list[SourceColumn]] = []
    for column in columns:
        if column.option and groups and groups[-1][0].option and groups[-1][0].code == column.code:
            groups[-1].append(column)
        else:
            groups.append([column])
    return groups


def _labels(text: str) -> tuple[str, str]:
    """(English, Chinese): text with Chinese characters is Chinese."""
    return ("", text) if CJK.search(text) else (text, "")


def _single(code: str, column: SourceColumn, variable: Variable, values: list[Any]) -> tuple[Question, list[Field]]:
    """One variable's question, by its format, measurement level, value labels and name."""
    en, zh = _labels(column.text)
    source = column.header
    present = [v for v in values if not is_missing(v)]
    if variable.is_date or (variable.is_text and present and all(_iso_date(v) for v in present)):
        return Question(code, QuestionType.DATE, en, zh), [Field(source, code, "date")]
    if variable.is_text or not all(isinstance(v, (int, float)) for v in present):
        return Question(code, QuestionType.TEXT, en, zh), [Field(source, code, "text")]
    numbers = [float(v) for v in present] + [float(v) for v in variable.labels]
    whole = all(n.is_integer() for n in numbers)
    named_nps = any(word in f"{variable.name} {column.text}".lower() for word in NPS_WORDS)
    ends = _scale_ends(variable)
    if whole and numbers and 0 <= min(numbers) and max(numbers) <= 10 and named_nps and variable.measure != "nominal":
        return Question(code, QuestionType.NPS, en, zh, props=ends), [_scale(source, code, 0, 10)]
    if whole and len(variable.labels) >= 2 and not ends:
        choices = [_choice(value, text) for value, text in sorted(variable.labels.items())]
        return Question(code, QuestionType.SINGLE, en, zh, choices=choices), [Field(source, code, "number")]
    if whole and numbers and 1 <= min(numbers) and max(numbers) <= 11 and (variable.measure == "ordinal" or ends):
        points = scale_points(max(numbers))
        return (Question(code, QuestionType.RATING, en, zh, props={"points": points, **ends}),
                [_scale(source, code, 1, points)])
    return Question(code, QuestionType.NUMBER, en, zh), [Field(source, code, "number")]


def _grouped(code: str, group: list[SourceColumn], variables: list[Variable], values: list[list[Any]]
             ) -> tuple[Question, list[Field]]:
    """A question spread over variables: multiple choice when they are 0/1 flags, else a matrix whose rows
    share the first variable's scale or choices."""
    en, zh = _labels(group[0].text)
    parts = [_part_code(c, n) for n, c in enumerate(group, start=1)]
    present = {float(v) for column in values for v in column if isinstance(v, (int, float))}
    flags = all(set(map(float, v.labels)) <= {0.0, 1.0} for v in variables) and present <= {0.0, 1.0}
    if flags:
        choices = [Choice(part, n, *_labels(c.option)) for n, (part, c) in enumerate(zip(parts, group), start=1)]
        question = Question(code, QuestionType.MULTIPLE, en, zh, choices=choices)
        return question, [_scale(c.header, f"{code}{SEPARATOR}{part}", 0, 1) for part, c in zip(parts, group)]
    items = [Item(part, *_labels(c.option)) for part, c in zip(parts, group)]
    first = variables[0]
    ends = _scale_ends(first)
    if len(first.labels) >= 2 and not ends:
        choices = [_choice(value, text) for value, text in sorted(first.labels.items())]
        question = Question(code, QuestionType.MATRIX, en, zh, choices=choices, items=items)
        return question, [Field(c.header, f"{code}{SEPARATOR}{part}", "number") for part, c in zip(parts, group)]
    points = scale_points(max([*present, *map(float, first.labels), 2.0]))
    question = Question(code, QuestionType.MATRIX, en, zh, items=items, props={"points": points, **ends})
    return question, [_scale(c.header, f"{code}{SEPARATOR}{part}", 1, points) for part, c in zip(parts, group)]


def _part_code(column: SourceColumn, number: int) -> str:
    """An option's or row's code: the part of the variable's name after `__` (our export), else the
    variable's name (a set's bool1, bool2), else r1, r2…"""
    _, _, part = column.header.partition(SEPARATOR)
    for code in (part, column.header):
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_]{0,31}", code) and SEPARATOR not in code:
            return code
    return f"r{number}"


def _choice(value: Any, text: str) -> Choice:
    """A choice from a value label; its code is its value (c1, c2; m1 for -1), as SPSS names none."""
    number = int(value)
    en, zh = _labels(text)
    return Choice(f"c{number}" if number >= 0 else f"m{-number}", number, en, zh)


def _scale_ends(variable: Variable) -> dict[str, str]:
    """The labels of a scale's two ends, as the survey model keeps them (low_zh, high_en…), when the value
    labels name only two values with others between them (1 = 非常不满意, 5 = 非常满意) of a variable that
    is not nominal; {} otherwise (1 = Male, 2 = Female are the choices)."""
    labels = variable.labels
    if len(labels) != 2 or variable.measure == "nominal" or not all(isinstance(v, (int, float)) for v in labels):
        return {}
    (low, low_text), (high, high_text) = sorted(labels.items())
    if high - low <= 1:
        return {}
    found: dict[str, str] = {}
    for end, text in (("low", low_text), ("high", high_text)):
        found[f"{end}_{'zh' if CJK.search(text) else 'en'}"] = text
    return found


def _scale(source: str, target: str, low: int, high: int) -> Field:
    return Field(source, target, "number", low=low, high=high)


def _iso_date(value: Any) -> bool:
    return isinstance(value, (date, datetime, time)) or (isinstance(value, str) and bool(ISO_DATE.fullmatch(value)))
