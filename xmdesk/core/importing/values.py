"""Turning the cells of an export into stored values: numbers, codes, 0/1 flags, dates, text.

Each converter takes one cell and returns the value to store, None for missing, or
raises `BadValue` naming the problem (out of range, unknown option, not a number,
bad date). Survey tools write the same answer many ways ("10分", "非常满意", "是",
an Excel serial date, "2024/5/1 10:30"), so the words and formats they use are
known here once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from xmdesk.core import messages

Converter = Callable[[Any], Any]
Learner = Callable[[str], Any]  # an option label not known yet -> its new code, or None
Widener = Callable[[float], float | None]  # a number above a scale's top -> the scale's new top, or None

# Cells that mean "no answer" in the tools' exports (问卷星 writes (跳过) for a skipped question).
MISSING_TEXTS = frozenset({"", "(跳过)", "（跳过）", "(空)", "（空）", "跳过", "N/A", "n/a", "NA", "-"})
# 问卷星 "by number" downloads write -3 for a skipped question and -2 for one not shown.
MISSING_NUMBERS = frozenset({"-3", "-2"})
SEPARATORS = ("┋", "|", ";", ",", "，", "、")

# Words of the common scales and yes/no, to their codes: 非常满意 → 5, 是 → 1.
SCALE_WORDS: dict[str, int] = {
    "非常不满意": 1, "很不满意": 1, "不满意": 2, "比较不满意": 2, "一般": 3, "中立": 3, "满意": 4, "比较满意": 4,
    "非常满意": 5, "很满意": 5,
    "非常不同意": 1, "不同意": 2, "比较不同意": 2, "同意": 4, "比较同意": 4, "非常同意": 5,
    "very dissatisfied": 1, "dissatisfied": 2, "neutral": 3, "neither satisfied nor dissatisfied": 3,
    "satisfied": 4, "very satisfied": 5, "strongly disagree": 1, "disagree": 2,
    "neither agree nor disagree": 3, "agree": 4, "strongly agree": 5,
    "very difficult": 1, "difficult": 2, "easy": 4, "very easy": 5, "非常困难": 1, "困难": 2, "容易": 4,
    "非常容易": 5,
}
YES_NO: dict[str, int] = {"是": 1, "否": 0, "yes": 1, "no": 0, "true": 1, "false": 0, "有": 1, "没有": 0, "无": 0,
                          "y": 1, "n": 0, "对": 1, "不对": 0}
UNITS = re.compile(r"^\s*([-+]?\d[\d.,]*)\s*(?:分|星|颗星|points?|pts?|stars?|秒|分钟|元|岁|%)?\s*$", re.I)
# A number as each convention writes it: a decimal point with commas between thousands (1,234.5), or a
# decimal comma with points between thousands (1.234,5). Groups of thousands are 3 digits: 12,5 is no
# thousands-separated number, so it can only be twelve and a half.
POINT_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")
COMMA_NUMBER = re.compile(r"[-+]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
DECIMAL_POINT, DECIMAL_COMMA, DECIMAL_UNCLEAR = ".", ",", ""
# What Excel shows in a cell whose formula failed; a CSV saved from Excel writes them as text.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
                          "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"})
EXCEL_EPOCH = datetime(1899, 12, 30)
TEXT_DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M", "%Y-%m-%d",
                     "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日",
                     "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M", "%m/%d/%Y", "%d.%m.%Y",
                     "%Y%m%d", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S")


def _keys(words: dict[str, int]) -> dict[str, int]:
    return {re.sub(r"\s+", "", word).casefold(): number for word, number in words.items()}


SCALE_KEYS = _keys(SCALE_WORDS)
YES_NO_KEYS = _keys(YES_NO)


class BadValue(Exception):
    """One cell that cannot be stored as asked; `problem` is a catalogue id, `values` its fields."""

    def __init__(self, problem: str, **values: object) -> None:
        super().__init__(problem)
        self.problem = problem
        self.values = values

    def text(self) -> str:
        """The problem in the reader's language, with its fields, for the import report (the id stays in `problem`)."""
        return messages.text(f"importing.problem.{self.problem}", **self.values)


class ErrorCell(BadValue):
    """An Excel error (#DIV/0!, #N/A): stored as missing and counted for the import report. Raised, not
    returned, so a converter's memory never keeps it and every one is counted."""

    def __init__(self) -> None:
        super().__init__("excel_error")


# The text fast path of the import maps an error cell to this marker, which is no text, so the cell takes
# the slow path, where it is counted and stored as missing.
ERROR_MARK = ErrorCell


def key(value: Any) -> str:
    """How a label is compared: trimmed, case-folded, without inner spaces."""
    return re.sub(r"\s+", "", cell_text(value)).casefold()


def cell_text(value: Any) -> str:
    """A cell as text, as a person reads it: 5.0 is '5', a date is ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    return str(value).strip()


def is_missing(value: Any, by_number: bool = False) -> bool:
    """True for an empty cell, a tool's word for no answer or an Excel error (which converters count:
    see `missing_or_error`)."""
    if value is None or value == "":
        return True
    if isinstance(value, str):
        stripped = value.strip()
        return stripped in MISSING_TEXTS or stripped in EXCEL_ERRORS or (by_number and stripped in MISSING_NUMBERS)
    return by_number and isinstance(value, (int, float)) and value in (-3, -2)


def missing_or_error(value: Any, by_number: bool = False) -> bool:
    """`is_missing` for a converter: an Excel error raises ErrorCell, to be counted."""
    if isinstance(value, str) and value.strip() in EXCEL_ERRORS:
        raise ErrorCell()
    return is_missing(value, by_number)


def parse_number(value: Any, decimal: str = DECIMAL_POINT) -> float | int:
    """A number from a cell: 8, 8.0, '8', '10分', '5星', '1,234.5', or in a column written with decimal
    commas ('decimal' ','), '12,5' and '1.234,5'. A text that reads as another number in the other
    convention is a problem, never read silently as something else: '12,5' in a column of decimal
    points, or '1,234' in a column whose convention its values do not tell (`DECIMAL_UNCLEAR`)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return int(value) if isinstance(value, float) and value.is_integer() else value
    match = UNITS.match(str(value).replace("，", ","))
    if not match:
        raise BadValue("bad_number")
    written = match.group(1)
    point, comma = _as_point(written), _as_comma(written)
    if decimal == DECIMAL_UNCLEAR and point is not None and comma is not None and point != comma:
        raise BadValue("decimal_unclear", point=cell_text(point), comma=cell_text(comma))
    number = comma if decimal == DECIMAL_COMMA else point if decimal == DECIMAL_POINT or point is not None else comma
    if number is None:
        other = point if decimal == DECIMAL_COMMA else comma
        raise BadValue("bad_number") if other is None else BadValue(
            "decimal_point" if decimal == DECIMAL_COMMA else "decimal_comma")
    return number


def _as_point(written: str) -> float | int | None:
    return _number(written.replace(",", "")) if POINT_NUMBER.fullmatch(written) else None


def _as_comma(written: str) -> float | int | None:
    return _number(written.replace(".", "").replace(",", ".")) if COMMA_NUMBER.fullmatch(written) else None


def _number(text: str) -> float | int:
    number = float(text)
    return int(number) if number.is_integer() else number


def decimal_convention(values: Iterable[Any]) -> str:
    """How a column writes its decimals, from the texts that only one convention reads ('12,5', '1,234.5'):
    the convention most of them follow; `DECIMAL_UNCLEAR` when none tells and some read as different
    numbers in the two ('1,234'); a decimal point when every value reads the same either way."""
    told = {DECIMAL_POINT: 0, DECIMAL_COMMA: 0}
    differ = False
    for value in values:
        if not isinstance(value, str):
            continue
        match = UNITS.match(value.replace("，", ","))
        if not match:
            continue
        point, comma = _as_point(match.group(1)), _as_comma(match.group(1))
        if point is not None and comma is None:
            told[DECIMAL_POINT] += 1
        elif comma is not None and point is None:
            told[DECIMAL_COMMA] += 1
        differ = differ or (point is not None and comma is not None and point != comma)
    if told[DECIMAL_COMMA] > told[DECIMAL_POINT]:
        return DECIMAL_COMMA
    return DECIMAL_UNCLEAR if differ and not told[DECIMAL_POINT] else DECIMAL_POINT


def parse_date(value: Any) -> str:
    """ISO text of a date cell: a real date, an Excel serial number (45413 = 2024-05-01), or text in
    the formats the tools write ('2024/5/1 10:30', '2024年5月1日', '05/01/2024')."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds") if value.time() != time() else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            moment = EXCEL_EPOCH + timedelta(days=float(value))
            return moment.date().isoformat() if float(value).is_integer() else moment.isoformat(sep=" ",
                                                                                                 timespec="seconds")
        raise BadValue("bad_date")
    text = str(value).strip()
    if not text[:1].isdigit():  # every written date starts with its year, month or day
        raise BadValue("bad_date")
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return parse_date(float(text))
    for pattern in TEXT_DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, pattern)
        except ValueError:
            continue
        return parse_date(parsed.replace(tzinfo=None))
    raise BadValue("bad_date")


class Memo:
    """A converter that remembers: the same cell text comes back again and again (非常满意, 5.0, store
    names), so each distinct value is converted once. Only good results are kept (at most `limit`); a
    bad value raises each time. `cache[value]` is what the import's fast path calls per cell: a hit is a
    C-level dict look-up, a miss converts through `__missing__`."""

    def __init__(self, convert: Converter, limit: int = 20_000) -> None:
        self.convert = convert
        self.cache = _Remembered(self)
        self.limit = limit

    def __call__(self, value: Any) -> Any:
        found = self.convert(value)
        if len(self.cache) < self.limit:
            try:
                self.cache[value] = found
            except TypeError:  # an unhashable cell never comes from the readers, but stay safe
                pass
        return found


class _Remembered(dict[Any, Any]):
    """The memory of a Memo; a value not remembered yet is converted (and maybe remembered) on look-up."""

    def __init__(self, memo: Memo) -> None:
        super().__init__()
        self.memo = memo

    def __missing__(self, value: Any) -> Any:
        return self.memo(value)


# Fast path of a text column: a missing marker gives None, an Excel error the mark that sends it down
# the slow path, any other cell gives itself (dict.get).
TEXT_MISSING: dict[Any, Any] = dict.fromkeys(MISSING_TEXTS) | dict.fromkeys(EXCEL_ERRORS, ERROR_MARK)


def text_converter() -> Converter:
    """Text as written; numbers and dates as a person reads them (5.0 is '5'); an Excel error raises ErrorCell."""

    def convert(value: Any) -> Any:
        if value is None:
            return None
        if value is ERROR_MARK:
            raise ErrorCell()
        text = cell_text(value)
        if text in EXCEL_ERRORS:
            raise ErrorCell()
        return None if text in MISSING_TEXTS else text

    return convert


def number_converter(low: float | None = None, high: float | None = None,
                     labels: Mapping[str, Any] | None = None, by_number: bool = False,
                     widen: Widener | None = None, decimal: str = DECIMAL_POINT) -> Converter:
    """Numbers and scale points; `labels` are words that stand for a number (非常满意 → 5). Above `high`,
    `widen` (given for a scale proposed from this very file) may return a new highest point, else the
    number is out of range. Texts are read in the column's `decimal` convention (see parse_number)."""
    known = {key(word): number for word, number in (labels or {}).items()}

    def convert(value: Any) -> Any:
        nonlocal high
        kind = type(value)
        if kind is float or kind is int:  # the readers' numbers, without the checks text needs
            number = int(value) if kind is float and value.is_integer() else value
            if by_number and number in (-3, -2):
                return None
        else:
            if missing_or_error(value, by_number):
                return None
            if isinstance(value, str) and known:
                found = known.get(key(value))
                if found is not None:
                    return found
            number = parse_number(value, decimal)
        if high is not None and number > high and widen is not None:
            high = widen(number) or high
        if (low is not None and number < low) or (high is not None and number > high):
            raise BadValue("out_of_range", low=_plain(low), high=_plain(high))
        return number

    return Memo(convert)


def code_converter(codes: Mapping[str, Any], by_number: bool = False, learn: Learner | None = None) -> Converter:
    """Option labels (or their numbers) to choice values; anything else is an unknown option, unless
    `learn` (given for a survey proposed from this very file) makes it a new choice and returns its
    value, or None when the question has as many choices as it may take."""
    known = {key(label): code for label, code in codes.items()}

    def convert(value: Any) -> Any:
        if missing_or_error(value, by_number):
            return None
        found = known.get(key(value))
        if found is None and learn is not None:
            found = known[key(value)] = learn(cell_text(value))
        if found is None:
            raise BadValue("unknown_option")
        return found

    return Memo(convert)


def flag_converter(option: str) -> Converter:
    """One column per option: selected when it holds 1, the option's own label or any other mark;
    0, empty or 'not selected' mean not selected."""
    unselected = {"0", "", "否", "no", "false", "未选", "未选中", "(跳过)", "(空)", "-3", "-2"}

    def convert(value: Any) -> Any:
        if value is None:
            return 0
        if cell_text(value) in EXCEL_ERRORS:
            raise ErrorCell()
        return 0 if key(value) in unselected else 1

    return Memo(convert)


def date_converter() -> Converter:
    """Cells to ISO date text (`parse_date`), each distinct cell parsed once; missing cells stay None and Excel
    errors are counted."""
    return _parsed(parse_date)


def _parsed(parse: Callable[[Any], Any]) -> Converter:
    """A converter reading each cell with `parse` (missing stays None, an Excel error is counted)."""
    def convert(value: Any) -> Any:
        if missing_or_error(value):
            return None
        return parse(value)

    return Memo(convert)


DURATION_PARTS = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h|hours?)\s*)?(?:(\d+(?:\.\d+)?)\s*(?:分钟|分|m|min|minutes?)\s*)?"
                            r"(?:(\d+(?:\.\d+)?)\s*(?:秒钟|秒|s|sec|seconds?)?\s*)?$", re.I)
CLOCK_DURATION = re.compile(r"^\s*(?:(\d+):)?(\d{1,2}):(\d{1,2}(?:\.\d+)?)\s*$")


def parse_duration(value: Any) -> float:
    """Seconds of a time taken, as the tools write it: 125 (Qualtrics' seconds), '125秒' (问卷星),
    '2分15秒', '1小时2分', '00:02:15'."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    text = cell_text(value)
    clock = CLOCK_DURATION.match(text)
    if clock:
        hours, minutes, seconds = clock.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + float(seconds)
    parts = DURATION_PARTS.match(text) if text else None
    if parts is None or not any(parts.groups()):
        raise BadValue("bad_duration")
    hours, minutes, seconds = (float(part or 0) for part in parts.groups())
    return hours * 3600 + minutes * 60 + seconds


def duration_converter() -> Converter:
    """Cells to seconds (`parse_duration`), each distinct cell parsed once; missing cells stay None and Excel errors
    are counted."""
    return _parsed(parse_duration)


def split_options(value: Any) -> list[str]:
    """The options of a multiple-choice answer written in one cell: '微信┋支付宝', '1,3', 'a b'."""
    text = cell_text(value)
    for separator in SEPARATORS:
        if separator in text:
            return [part.strip() for part in text.split(separator) if part.strip()]
    return text.split() if " " in text and not re.search(r"[^\x00-\x7f]", text) else [text]


def _plain(value: float | None) -> str:
    return "" if value is None else cell_text(value)
