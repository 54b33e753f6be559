"""Recognising how a survey tool laid out its export: header rows, question columns, option columns.

Each tool has its own habits: Qualtrics writes three header rows (codes, question
text, ImportId JSON); SurveyMonkey two, with the options of a multiple-choice or
matrix question under their question; 问卷星 and 腾讯问卷 number the questions
("1、…", "2.…") after their own columns (序号, 提交答卷时间…); KoboToolbox/ODK put
group paths in names ("grp/q1") and add one 0/1 column per option ("q3/wait")
beside a summary column. Every recogniser turns the header into `SourceColumn`s so
the rest of the import does not care which tool wrote the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from xmdesk.core.survey import response_fields as rf
from xmdesk.core.importing.readers import ImportProblem

LAYOUTS = ("qualtrics", "surveymonkey", "wjx", "tencent", "kobo", "generic")
QUALTRICS_META = {"startdate", "enddate", "status", "ipaddress", "progress", "duration (in seconds)", "finished",
                  "recordeddate", "responseid", "recipientlastname", "recipientfirstname", "recipientemail",
                  "externalreference", "locationlatitude", "locationlongitude", "distributionchannel",
                  "userlanguage", "responseset", "name", "externaldatareference", "emailaddress",
                  "locationaccuracy"}
SURVEYMONKEY_META = {"respondent id", "collector id", "start date", "end date", "ip address", "email address",
                     "first name", "last name", "custom data 1", "custom data"}
WJX_META = {"序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自ip", "总分", "答题序号", "用户id", "昵称"}
TENCENT_META = {"编号", "用户", "开始答题时间", "结束答题时间", "答题时长", "ip", "地理位置", "自定义字段",
                "来源渠道", "状态", "提交时间"}
KOBO_META = {"start", "end", "today", "deviceid", "username", "simserial", "subscriberid", "phonenumber",
             "_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index", "meta/instanceid", "key", "submissiondate", "submitterid",
             "submittername", "attachmentsexpected", "attachmentspresent", "reviewstate", "deviceid",
             "edits", "formversion", "instanceid"}
# Each tool's own columns that are response fields (lower-cased header -> field); its other own
# columns go to the `sys_extra` JSON by header (custom link parameters, 总分, Finished, deviceid…).
VENDOR_FIELDS: dict[str, dict[str, str]] = {
    "wjx": {"序号": rf.RESPONDENT_ID, "提交答卷时间": rf.SUBMITTED_AT, "所用时间": rf.DURATION, "来源": rf.CHANNEL,
            "来自ip": rf.IP},
    "tencent": {"编号": rf.RESPONDENT_ID, "开始答题时间": rf.STARTED_AT, "结束答题时间": rf.ENDED_AT,
                "提交时间": rf.SUBMITTED_AT, "答题时长": rf.DURATION, "来源渠道": rf.CHANNEL, "ip": rf.IP},
    "qualtrics": {"responseid": rf.RESPONDENT_ID, "startdate": rf.STARTED_AT, "enddate": rf.ENDED_AT,
                  "recordeddate": rf.SUBMITTED_AT, "duration (in seconds)": rf.DURATION,
                  "distributionchannel": rf.CHANNEL, "ipaddress": rf.IP},
    "surveymonkey": {"respondent id": rf.RESPONDENT_ID, "collector id": rf.CHANNEL, "start date": rf.STARTED_AT,
                     "end date": rf.ENDED_AT, "ip address": rf.IP},
    "kobo": {"_uuid": rf.RESPONDENT_ID, "meta/instanceid": rf.RESPONDENT_ID, "start": rf.STARTED_AT,
             "end": rf.ENDED_AT, "_submission_time": rf.SUBMITTED_AT, "submissiondate": rf.SUBMITTED_AT},
}
# The tools' own headers that no question text would be (not 'name', 'status', 'start', 用户…).
VENDOR_HEADERS = frozenset(QUALTRICS_META | SURVEYMONKEY_META | WJX_META | TENCENT_META | KOBO_META) - {
    "name", "status", "start", "end", "today", "key", "edits", "username", "用户", "昵称", "状态", "编号", "序号"}
ID_NAMES = ("responseid", "respondent id", "序号", "编号", "_uuid", "meta/instanceid", "key", "id", "response id",
            "respondent", "答卷编号", "uuid")
NUMBERED = re.compile(r"^\s*(?:Q|第)?(\d{1,3})(?:题)?\s*[、.．:：]\s*(.+)$", re.S)
NUMBERED_OPTION = re.compile(r"^\s*(\d{1,3})\s*[(（](.+)[)）]\s*$", re.S)
BRACKET_OPTION = re.compile(r"^(.*?)\s*[(（]([^()（）]+)[)）]\s*$", re.S)  # 问卷星 matrix rows: "5、(服务态度)"
DASH_OPTION = re.compile(r"^(.+?)\s*(?:—+|－| - )\s*(.+)$", re.S)  # "5、您对以下方面的评价—服务态度"
OPTION_SUFFIX = re.compile(r"^(.*?[?？:：])\s*[:：]?\s*(.+)$", re.S)


@dataclass
class SourceColumn:
    index: int
    header: str  # what the file's header says, header rows joined
    code: str = ""  # the tool's own code for the question (Q7, q7, 7)
    text: str = ""  # the question's text
    option: str = ""  # an option or matrix row under the question, for one-column-per-option layouts
    meta: bool = False  # the tool's own column (respondent id, start time, IP…)
    summary: bool = False  # a Kobo multiple-choice summary column, beside its 0/1 option columns
    field: str = ""  # for a tool's own column: the response field it fills (see survey.response_fields)


@dataclass
class Layout:
    name: str
    start_row: int  # rows above the header (titles) to skip
    header_rows: int
    columns: list[SourceColumn] = field(default_factory=list)
    id_column: int | None = None  # the respondent/response id, for duplicates and re-imports
    by_number: bool = False  # 问卷星/腾讯问卷 "by option number" downloads
    title: str = ""  # the export's own title, written above its header (问卷星: the survey's name)

    @property
    def data_start(self) -> int:
        """Index of the first data row in the file."""
        return self.start_row + self.header_rows

    def column(self, header: str) -> SourceColumn | None:
        """The column with this exact header, or None; when a header repeats, the first (leftmost) one."""
        return next((c for c in self.columns if c.header == header), None)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_start(head: Sequence[Sequence[Any]]) -> int:
    """Skip title rows: the header is the first row with at least two filled cells."""
    for number, row in enumerate(head):
        if sum(1 for value in row if _text(value)) >= 2:
            return number
    for number, row in enumerate(head):
        if any(_text(value) for value in row):
            return number
    return 0


def _row(head: Sequence[Sequence[Any]], index: int, width: int) -> list[str]:
    cells = [_text(value) for value in head[index]] if index < len(head) else []
    return cells + [""] * (width - len(cells))


def detect(head: Sequence[Sequence[Any]], layout: str = "auto", file_name: str = "") -> Layout:
    """The layout of a file from its first rows; `layout` forces one recogniser instead of trying all."""
    if layout not in ("auto", *LAYOUTS):
        raise ImportProblem("importing.bad_layout", layout=layout, known=", ".join(("auto", *LAYOUTS)))
    start = _header_start(head)
    width = max((len(row) for row in head), default=0)
    rows = [_row(head, start + i, width) for i in range(3)]
    names = [layout] if layout != "auto" else list(LAYOUTS)
    for name in names:
        found = RECOGNISERS[name](rows, [list(r) for r in head[start + 1:]])
        if found is not None:
            found.start_row = start
            found.title = _title(head[:start])
            found.id_column = found.id_column if found.id_column is not None else _id_column(found.columns)
            _name_duplicates(found.columns)
            _settle_fields(found)
            return found
    raise ImportProblem("importing.layout_mismatch", file=file_name, layout=layout, detail=", ".join(rows[0][:4]))


def is_vendor_column(header: str) -> bool:
    """Whether a header is one of the survey tools' own columns (来自IP, IPAddress, Respondent ID, _uuid…)."""
    return header.strip().lower() in VENDOR_HEADERS


def _title(above: Sequence[Sequence[Any]]) -> str:
    """The export's title: the first text written above the header, as 问卷星 and hand-made sheets put it."""
    return next((_text(value) for row in above for value in row if _text(value)), "")[:200]


def _settle_fields(layout: Layout) -> None:
    """Each of the tool's own columns fills its response field: the one the tool's documented header names
    (the first such column only, should a header repeat), else the JSON of its other columns."""
    known = VENDOR_FIELDS.get(layout.name, {})
    taken: set[str] = set()
    for column in layout.columns:
        if not column.meta:
            continue
        wanted = known.get(column.header.lower(), rf.EXTRA)
        column.field = wanted if wanted == rf.EXTRA or wanted not in taken else rf.EXTRA
        taken.add(column.field)


def _id_column(columns: Sequence[SourceColumn]) -> int | None:
    lowered = {c.header.lower(): c.index for c in columns}
    return next((lowered[name] for name in ID_NAMES if name in lowered), None)


def _name_duplicates(columns: Sequence[SourceColumn]) -> None:
    """Empty and repeated headers get names of their own ("column 7", "满意度 (2)") so that each
    column can be shown, mapped and reported."""
    seen: dict[str, int] = {}
    for column in columns:
        if not column.header:
            column.header = f"column {column.index + 1}"
        count = seen.get(column.header, 0) + 1
        seen[column.header] = count
        if count > 1:
            column.header = f"{column.header} ({count})"


# -- recognisers ---------------------------------------------------------------------------------


def _qualtrics(rows: list[list[str]], data: list[list[Any]]) -> Layout | None:
    """Qualtrics' export since 2017: codes, question texts, then ImportId JSON; or its legacy export."""
    codes, texts, imports = rows
    if not any(cell.startswith('{"ImportId"') or cell.startswith("{'ImportId'") for cell in imports):
        return _qualtrics_legacy(codes, texts)
    return Layout("qualtrics", 0, 3, [_qualtrics_column(index, code, code, text)
                                      for index, (code, text) in enumerate(zip(codes, texts))])


LEGACY_CODE = re.compile(r"^V\d+$")


def _qualtrics_legacy(codes: list[str], labels: list[str]) -> Layout | None:
    """Qualtrics' legacy export, as it wrote it for years and archives still hold: a row of codes where its
    own columns are V1…Vn (questions Q1, Q2_1…), then a row of labels (ResponseID, ResponseSet, IPAddress,
    StartDate, EndDate, Finished, the question texts); the data starts on the third row."""
    lowered = {label.lower() for label in labels}
    if not {"responseid", "responseset"} <= lowered or sum(1 for code in codes if LEGACY_CODE.match(code)) < 2:
        return None
    columns = [_qualtrics_column(index, label or code, code, label, own=True) if LEGACY_CODE.match(code)
               else _qualtrics_column(index, code, code, label)
               for index, (code, label) in enumerate(zip(codes, labels))]
    return Layout("qualtrics", 0, 2, columns)


def _qualtrics_column(index: int, header: str, code: str, text: str, own: bool = False) -> SourceColumn:
    """A Qualtrics column: its own (`own`, or by the name in QUALTRICS_META) or a question's, an option
    column of a matrix or multiple-choice question when its code ends in _n and its text in ' - option'."""
    if own or header.lower() in QUALTRICS_META:
        return SourceColumn(index, header, code=header, text=text, meta=True)
    option, base = "", code
    match = re.match(r"^(.+?)_(\d+)(?:_TEXT)?$", code)
    if match and " - " in text:
        base, option = match.group(1), text.rsplit(" - ", 1)[1]
        text = text.rsplit(" - ", 1)[0]
    return SourceColumn(index, header, code=base, text=text, option=option)


def _surveymonkey(rows: list[list[str]], data: list[list[Any]]) -> Layout | None:
    top, sub, _ = rows
    lowered = {cell.lower() for cell in top}
    if "respondent id" not in lowered or not any(cell in ("Response", "Open-Ended Response") for cell in sub):
        return None
    columns = []
    question = ""
    for index, (text, under) in enumerate(zip(top, sub)):
        question = text or question  # merged cells: the question's text is over its first option only
        meta = question.lower() in SURVEYMONKEY_META
        option = "" if under in ("Response", "Open-Ended Response", "") else under
        header = f"{question} - {option}" if option else question
        columns.append(SourceColumn(index, header, code="", text=question, option=option, meta=meta))
    return Layout("surveymonkey", 0, 2, columns)


def _numbered(name: str, meta_names: set[str], required: Callable[[set[str]], bool]
              ) -> Callable[[list[list[str]], list[list[Any]]], Layout | None]:
    """问卷星 and 腾讯问卷 share a shape: their own columns, then numbered questions; a multiple-choice
    question may be spread over one column per option ("3、渠道:微信" or "3(微信)")."""

    def recognise(rows: list[list[str]], data: list[list[Any]]) -> Layout | None:
        header = rows[0]
        if not required({cell.lower() for cell in header}):
            return None
        columns = [_numbered_column(index, cell, meta_names) for index, cell in enumerate(header)]
        _own_columns_first(columns)
        _spread_options(columns)
        layout = Layout(name, 0, 1, columns)
        layout.by_number = _looks_by_number(columns, data)
        return layout

    return recognise


def _own_columns_first(columns: list[SourceColumn]) -> None:
    """Before the first numbered question every column is the tool's own: besides the named ones, the
    custom parameters of the survey link (问卷星 writes each under its own name, e.g. store or sojumpparm)."""
    for column in columns:
        if column.code:
            return
        column.meta = True


def _numbered_column(index: int, cell: str, meta_names: set[str]) -> SourceColumn:
    if cell.lower() in meta_names:
        return SourceColumn(index, cell, meta=True)
    option_match = NUMBERED_OPTION.match(cell)
    if option_match:
        return SourceColumn(index, cell, code=option_match.group(1), option=option_match.group(2).strip())
    match = NUMBERED.match(cell)
    if not match:
        return SourceColumn(index, cell, meta=cell.lower() in meta_names)
    number, text = match.group(1), match.group(2).strip()
    bracket = BRACKET_OPTION.match(text)
    if bracket:
        return SourceColumn(index, cell, code=number, text=bracket.group(1).strip(), option=bracket.group(2).strip())
    dash = DASH_OPTION.match(text)
    if dash:
        return SourceColumn(index, cell, code=number, text=dash.group(1).strip(), option=dash.group(2).strip())
    split = OPTION_SUFFIX.match(text)
    if split and split.group(2).strip() and not split.group(2).strip().endswith(("?", "？")):
        return SourceColumn(index, cell, code=number, text=split.group(1).rstrip(":："), option=split.group(2).strip())
    return SourceColumn(index, cell, code=number, text=text)


def _spread_options(columns: list[SourceColumn]) -> None:
    """An option column's question text comes from its neighbours; a lone 'option' is part of the text."""
    by_code: dict[str, list[SourceColumn]] = {}
    for column in columns:
        if column.code:
            by_code.setdefault(column.code, []).append(column)
    for group in by_code.values():
        texts = [c.text for c in group if c.text]
        if len(group) == 1 and group[0].option:
            whole = NUMBERED.match(group[0].header)
            group[0].text, group[0].option = (whole.group(2).strip() if whole else group[0].header), ""
            continue
        for column in group:
            column.text = column.text or (texts[0] if texts else "")


def _looks_by_number(columns: Sequence[SourceColumn], data: Sequence[Sequence[Any]]) -> bool:
    """A "by option number" download holds numbers where a "by text" one holds option labels."""
    numeric = texts = 0
    for column in columns:
        if column.meta or column.option:
            continue
        for row in data[:30]:
            value = _text(row[column.index]) if column.index < len(row) else ""
            if not value or value in ("(跳过)", "(空)"):
                continue
            if re.fullmatch(r"-?\d+(┋-?\d+)*", value):
                numeric += 1
            elif len(value) <= 20:
                texts += 1
    return numeric > 0 and numeric >= 2 * texts


def _kobo(rows: list[list[str]], data: list[list[Any]]) -> Layout | None:
    header = rows[0]
    lowered = [cell.lower() for cell in header]
    markers = {"_uuid", "_submission_time", "meta/instanceid", "submissiondate", "_id", "key"}
    if not (markers & set(lowered) and (len(markers & set(lowered)) >= 2 or {"start", "end"} <= set(lowered))):
        return None
    names = set(header)
    columns = []
    for index, cell in enumerate(header):
        meta = cell.lower() in KOBO_META or cell.lower().startswith("_") or cell.lower().startswith("meta/")
        parent, _, last = cell.rpartition("/")
        if parent and parent in names and not meta:
            code = parent.rpartition("/")[2]
            columns.append(SourceColumn(index, cell, code=code, text=code, option=last))
        else:
            code = last
            summary = any(other.startswith(cell + "/") for other in names) and not meta
            columns.append(SourceColumn(index, cell, code=code, text=code, meta=meta, summary=summary))
    return Layout("kobo", 0, 1, columns)


def _generic(rows: list[list[str]], data: list[list[Any]]) -> Layout:
    top, sub, third = rows
    if _two_header_rows(top, sub, third, data[1:3]):
        columns, question = [], ""
        for index, (text, under) in enumerate(zip(top, sub)):
            question = text or question
            header = f"{question} - {under}" if under and question and under != question else (under or question)
            columns.append(SourceColumn(index, header, text=question, option=under if under != question else ""))
        return Layout("generic", 0, 2, columns)
    return Layout("generic", 0, 1, [SourceColumn(index, cell, text=cell) for index, cell in enumerate(top)])


def _two_header_rows(top: list[str], sub: list[str], third: list[str], data: list[list[Any]]) -> bool:
    """A second header row: the first row leaves gaps after a filled cell (merged question cells), the
    second fills them with short texts, and the rows below hold data that is not all text."""
    gaps = [i for i in range(1, len(top)) if not top[i] and top[i - 1 if top[i - 1] else 0] and sub[i]]
    if not gaps or not all(cell for cell in sub[: len([c for c in top if c])]):
        return False
    sub_numbers = sum(1 for cell in sub if re.fullmatch(r"-?\d+(\.\d+)?", cell))
    data_numbers = sum(1 for cell in third if re.fullmatch(r"-?\d+(\.\d+)?", cell))
    return sub_numbers == 0 and (data_numbers > 0 or not third)


RECOGNISERS: dict[str, Callable[[list[list[str]], list[list[Any]]], Layout | None]] = {
    "qualtrics": _qualtrics,
    "surveymonkey": _surveymonkey,
    "wjx": _numbered("wjx", WJX_META, lambda names: "序号" in names and bool({"提交答卷时间", "所用时间"} & names)),
    "tencent": _numbered("tencent", TENCENT_META,
                         lambda names: bool({"开始答题时间", "结束答题时间", "答题时长"} & names)),
    "kobo": _kobo,
    "generic": _generic,
}
