"""Data export of one survey's responses: CSV (UTF-8 with BOM), XLSX and SPSS .sav with labels.

Every exporter of the app (these and the report exporters) writes its cells and its file
through `xmdesk.core.files`, so a comment such as `=HYPERLINK(...)` or `@SUM(...)` arrives
in Excel as text and never runs as a formula, and a failed export leaves no half file. Personal data in text answers can be masked on the
way out (`xmdesk.core.privacy`), using the study's customer names as well as patterns.

CSV and XLSX hold the stored codes by default (what SPSS/R users expect), or the
choice labels in the chosen language; the .sav always holds codes with their value
labels, and every variable carries its question text as the variable label.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from xmdesk.core import messages
from xmdesk.core.analysis.derived import export_values
from xmdesk.core.files import OutputError, check_suffix, safe_cell, sheet_row, write_output
from xmdesk.core.jobs import CancelToken, Progress, no_progress
from xmdesk.core.privacy import Masker, mask_ip
from xmdesk.core.survey.response_fields import DURATION, EXTRA, IP, PERSONAL_FIELDS, RESPONSE_FIELDS
from xmdesk.core.study.sql import ident
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import Column, Question, QuestionType, Survey

FORMATS = ("csv", "xlsx", "sav")
CHUNK = 20_000
EXPORT_SYSTEM_COLUMNS = ("id", "uuid", "status", "created_at", "updated_at", "customer_id", "source", *RESPONSE_FIELDS)
NUMERIC_SYSTEM_COLUMNS = ("id", DURATION)
NOT_PERSONAL = ("uuid", "status", "created_at", "updated_at", "source",
                *(set(RESPONSE_FIELDS) - PERSONAL_FIELDS - {EXTRA}))


class ExportError(OutputError):
    """A data export cannot be written as asked."""


def study_masker(study: Study) -> Masker:
    """A masker that knows the names in the study's customer table."""
    names = [row[0] for row in study.conn.execute("SELECT DISTINCT name FROM customers WHERE name IS NOT NULL")]
    return Masker(names)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    format: str
    rows: int
    columns: int
    masked: bool


@dataclass(frozen=True)
class _Variable:
    """One exported column with the labels that describe it."""

    name: str
    label: str
    column: Column | None  # None for a system column
    question: Question | None

    @property
    def is_text(self) -> bool:
        if self.column is None:
            return self.name not in NUMERIC_SYSTEM_COLUMNS
        return self.column.sql_type == "TEXT"

    def value_labels(self, lang: str) -> dict[int, str]:
        """Codes → labels: choices, the two ends of a scale, 0/1 of a multiple-choice option."""
        question = self.question
        if question is None or self.column is None:
            return {}
        if question.type is QuestionType.MULTIPLE:
            return {0: messages.text("export.not_selected", lang), 1: messages.text("export.selected", lang)}
        if question.choices:
            return {c.value: c.label(lang) for c in question.choices}
        scale = question.scale()
        if scale is None:
            return {}
        ends = {scale[0]: question.props.get(f"low_{lang}", ""), scale[1]: question.props.get(f"high_{lang}", "")}
        return {k: v for k, v in ends.items() if v}


def _variables(survey: Survey, lang: str) -> list[_Variable]:
    variables = [_Variable(name, name, None, None) for name in EXPORT_SYSTEM_COLUMNS]
    for question in survey.active_questions():
        for column in question.columns():
            label = question.label(lang)
            part = _part_label(question, column, lang)
            variables.append(_Variable(column.name, f"{label} - {part}" if part else label, column, question))
    # Derived variables last, with their labels: computed (`derived.export_values`), not read from the table.
    variables += [_Variable(q.code, q.label(lang), q.columns()[0], q) for q in survey.derived]
    return variables


def _part_label(question: Question, column: Column, lang: str) -> str:
    if not column.part:
        return ""
    for choice in question.choices:
        if choice.code == column.part:
            return choice.label(lang)
    for item in question.items:
        if item.code == column.part:
            return item.label(lang)
    return column.part


def _rows(study: Study, survey: Survey, names: Sequence[str], cancel: CancelToken | None) -> Iterator[list[tuple[Any, ...]]]:
    """The live responses in id order, `CHUNK` rows at a time."""
    select = ", ".join(ident(n) for n in names)
    cursor = study.conn.execute(f"SELECT {select} FROM {ident(survey.response_table)} WHERE deleted = 0 ORDER BY id")
    while True:
        if cancel is not None:
            cancel.check()
        rows = cursor.fetchmany(CHUNK)
        if not rows:
            return
        yield rows


def _labelled(names: dict[int, str], value: Any) -> Any:
    return None if value is None else names.get(value, value)


def _masked(masker: Masker, value: Any) -> Any:
    return masker.mask(value) if isinstance(value, str) else value


def _as_stored(value: Any) -> Any:
    return value


def _cell_transform(variables: Sequence[_Variable], lang: str, labels: bool,
                    masker: Masker | None, show_ip: bool = False) -> list[Callable[[Any], Any]]:
    """Per column: how a stored value becomes an exported one (a label, masked text, the IP address masked
    unless `show_ip`); each writer then makes its cells formula-safe in its own format's way."""
    out: list[Callable[[Any], Any]] = []
    for variable in variables:
        question = variable.question
        if variable.name == IP and not show_ip:
            out.append(mask_ip)
        elif labels and question is not None and question.choices and question.type is not QuestionType.MULTIPLE:
            out.append(partial(_labelled, variable.value_labels(lang)))
        elif variable.is_text and masker is not None and variable.name not in NOT_PERSONAL:
            out.append(partial(_masked, masker))
        else:
            out.append(_as_stored)
    return out


def export_responses(study: Study, survey: Survey, fmt: str, path: str | Path, *, mask_personal: bool = False,
                     labels: bool = False, lang: str | None = None, progress: Progress = no_progress,
                     cancel: CancelToken | None = None, show_ip: bool = False) -> ExportResult:
    """Write the survey's live responses to `path` as csv, xlsx or sav; a failed or cancelled export leaves no
    file. The respondents' IP addresses are masked unless `show_ip` (personal data: see response_fields)."""
    lang = lang or messages.language()
    if fmt not in FORMATS:
        raise ExportError("export.bad_format", format=fmt, known=", ".join(FORMATS))
    path = Path(path)
    _check_format_agrees(path, fmt)
    variables = _variables(survey, lang)
    total = int(study.conn.execute(
        f"SELECT count(*) FROM {ident(survey.response_table)} WHERE deleted = 0").fetchone()[0])
    masker = study_masker(study) if mask_personal else None
    transforms = _cell_transform(variables, lang, labels and fmt != "sav", masker, show_ip)
    computed = export_values(study, survey)
    names = [v.name for v in variables][:len(variables) - len(survey.derived)]
    message = messages.text("export.writing", lang, path=path.name)

    def rows() -> Iterator[list[Any]]:
        done = 0
        for chunk in _rows(study, survey, names, cancel):
            for row in chunk:
                yield [f(v) for f, v in zip(transforms, (*row, *computed.row(row[0])))]
            done += len(chunk)
            progress(done, total, message)

    writer = {"csv": _write_csv, "xlsx": _write_xlsx, "sav": _write_sav}[fmt]
    write_output(path, lambda target: writer(Path(target), variables, rows(), lang))
    progress(total, total, message)
    return ExportResult(path, fmt, total, len(variables), mask_personal)


def format_of_name(path: str | Path) -> str:
    """The export format a file's name says (`out.xlsx`: xlsx), for a caller given no format."""
    named = Path(path).suffix.lower().lstrip(".")
    if named not in FORMATS:
        raise ExportError("export.format_unknown", path=Path(path).name, endings=", ".join(f".{f}" for f in FORMATS),
                          known=", ".join(FORMATS))
    return named


def _check_format_agrees(path: Path, fmt: str) -> None:
    """`--format csv -o x.xlsx` wrote CSV text under an .xlsx name that Excel then refuses to open: a name saying
    another export format is refused naming both, any other suffix as files.check_suffix does."""
    named = path.suffix.lower().lstrip(".")
    if named in FORMATS and named != fmt:
        raise ExportError("export.format_disagrees", path=path.name, given=path.suffix, format=fmt, named=named,
                          suggested=path.with_suffix(f".{fmt}").name)
    check_suffix(path, f".{fmt}")


def _write_csv(path: Path, variables: Sequence[_Variable], rows: Iterator[list[Any]], lang: str) -> None:
    # utf-8-sig: the BOM makes Excel (whose default in China is GBK) read the file as UTF-8.
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([v.name for v in variables])
        writer.writerows([safe_cell(value) for value in row] for row in rows)


def _write_xlsx(path: Path, variables: Sequence[_Variable], rows: Iterator[list[Any]], lang: str) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    data = book.create_sheet(messages.text("export.sheet_data", lang))
    data.append([v.name for v in variables])
    for row in rows:
        data.append(sheet_row(data, row))
    codebook = book.create_sheet(messages.text("export.sheet_variables", lang))
    codebook.append(sheet_row(codebook, [messages.text(k, lang) for k in
                                         ("export.head_variable", "export.head_label", "export.head_values")]))
    for v in variables:
        values = "; ".join(f"{code} = {label}" for code, label in v.value_labels(lang).items())
        codebook.append(sheet_row(codebook, [v.name, v.label, values]))
    book.save(path)


def _write_sav(path: Path, variables: Sequence[_Variable], rows: Iterator[list[Any]], lang: str) -> None:
    import pandas as pd
    import pyreadstat

    names = [v.name for v in variables]
    # SPSS strings end at a NUL, so it is written as Excel's escape rather than cutting the text there
    frame = pd.DataFrame([[_sav_text(value) for value in row] for row in rows], columns=names)
    for v in variables:
        if v.is_text:
            frame[v.name] = frame[v.name].astype(object).where(frame[v.name].notna(), "").astype(str)
        else:
            frame[v.name] = pd.to_numeric(frame[v.name], errors="coerce").astype("float64")
    value_labels = {v.name: {float(k): s for k, s in v.value_labels(lang).items()} for v in variables
                    if v.value_labels(lang)}
    measure = {v.name: _measure(v) for v in variables}
    pyreadstat.write_sav(frame, str(path), column_labels=[v.label for v in variables],
                         variable_value_labels=value_labels, variable_measure=measure)
    # The SPSS writer does not check its last writes: on a full disk it leaves a short file and says nothing.
    # Reading the last row back fails on such a file (and write_output then says the disk is full).
    pyreadstat.read_sav(str(path), row_offset=max(len(frame) - 1, 0), row_limit=1)


def _sav_text(value: Any) -> Any:
    return safe_cell(value.replace("\x00", "_x0000_")) if isinstance(value, str) else value


def _measure(variable: _Variable) -> str:
    """SPSS measurement level: nominal for choices and text, ordinal for scales, scale for numbers."""
    question = variable.question
    if question is None:
        return "nominal" if variable.is_text else "scale"
    if question.type in (QuestionType.NUMBER,):
        return "scale"
    if question.scale() is not None:
        return "ordinal"
    return "nominal"

