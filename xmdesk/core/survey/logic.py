"""XLSForm-style expressions over a survey's answers: skip logic, constraints, analysis filters.

    ${q3} = 2 and ${q5} >= 4
    selected(${q7}, 'wait') or ${channel} = '门店'
    . >= 0 and . <= 100            (a constraint on the current question)

Our own parser and evaluator, never Python's eval: a study file comes from someone else,
so an expression in it must not be able to do anything but compute a value. Every
expression is compiled against a survey first, which resolves question references,
turns a quoted choice code or label compared with a choice question into its stored
value, and types every node (number, text, boolean, selection), so the same tree runs
on one response (`evaluate`, for data entry) and vectorised over a frame (`mask`, for
analysis, journeys and alerts) with the same meaning.

Missing answers follow XLSForm: an unanswered question is empty; `=`, `<`, `>`… with an
empty value are false, `!=` is true, `${q} = ''` asks "unanswered"; arithmetic with an
empty value is empty.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from xmdesk.core.errors import XMDeskError
from xmdesk.core.patterns import PatternError, compile_pattern
from xmdesk.core.survey.model import SEPARATOR, Choice, Question, QuestionType, Survey

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

MAX_LENGTH = 4000
MAX_DEPTH = 60
"""Levels of nesting an expression may have: brackets, calls, unary minuses and operators of different
precedence each count one; a chain of one precedence (a sum of 2,000 terms) counts once, because the
compiler and the evaluator run a chain as a loop. The parser, the compiler and the evaluator recurse
once per level, a few Python frames each, so this keeps them far below Python's recursion limit."""


class ExpressionError(XMDeskError):
    """An expression that cannot be parsed or does not fit the survey; `position` is a 0-based offset."""

    def __init__(self, message_id: str, expression: str, position: int = 0, **values: object) -> None:
        self.expression = expression
        self.position = position
        super().__init__(message_id, expression=expression, column=position + 1, **values)


# -- tokens --------------------------------------------------------------------------------

_TOKEN = re.compile(r"""
    (?P<space>\s+)
  | (?P<ref>\$\{\s*(?P<name>[^}]*?)\s*\})
  | (?P<number>\d+(?:\.\d*)?|\.\d+)
  | (?P<string>'[^']*'|"[^"]*"|[‘’][^‘’]*[‘’]|[“”][^“”]*[“”])
  | (?P<op>!=|<=|>=|=|<|>|\+|-|\*|\(|\)|,|\.)
  | (?P<word>[A-Za-z_][A-Za-z0-9_-]*)
""", re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str  # ref, number, string, op, word, end
    text: str
    position: int


def tokenize(text: str) -> list[Token]:
    """Split an expression into tokens, ending with an `end` token; each keeps its position, so an error
    can point at the character. Refuses text over MAX_LENGTH and characters the language does not know."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError("logic.too_long", text[:60] + "…", 0, limit=MAX_LENGTH)
    tokens: list[Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise _bad_character(text, position)
        kind = match.lastgroup or ""
        if kind == "name":  # the inner group of a reference ends last; the token is the reference
            kind = "ref"
        if kind == "ref":
            tokens.append(Token("ref", match.group("name"), position))
        elif kind == "string":
            tokens.append(Token("string", match.group()[1:-1], position))
        elif kind != "space":
            tokens.append(Token(kind, match.group(), position))
        position = match.end()
    tokens.append(Token("end", "", len(text)))
    return tokens


FULL_WIDTH = {"（": "(", "）": ")", "，": ",", "。": ".", "＝": "=", "＜": "<", "＞": ">", "！": "!", "＋": "+",
              "－": "-", "＊": "*", "‘": "'", "’": "'", "“": '"', "”": '"', "＄": "$", "｛": "{", "｝": "}",
              "　": " "}
"""Characters a Chinese input method types in place of the ASCII ones the language uses."""


def _bad_character(text: str, position: int) -> ExpressionError:
    """A full-width symbol is the usual cause (the input method was on): name the ASCII one to type instead."""
    character = text[position]
    if character in FULL_WIDTH:
        return ExpressionError("logic.full_width", text, position, character=character,
                               ascii=FULL_WIDTH[character])
    return ExpressionError("logic.bad_character", text, position, character=character)


# -- syntax tree ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Expr:
    position: int
    depth: int = field(default=1, kw_only=True, compare=False, repr=False)
    """Levels of nesting of this subtree (see MAX_DEPTH)."""


@dataclass(frozen=True)
class Literal(Expr):
    value: float | str | bool


@dataclass(frozen=True)
class Ref(Expr):
    name: str  # a question code, or a stored column such as attr__staff; '.' for the current question


@dataclass(frozen=True)
class Binary(Expr):
    op: str
    left: Expr
    right: Expr


@dataclass(frozen=True)
class Negate(Expr):
    operand: Expr


@dataclass(frozen=True)
class Call(Expr):
    name: str
    args: tuple[Expr, ...]


COMPARISONS = ("=", "!=", "<", "<=", ">", ">=")
FUNCTIONS: dict[str, tuple[int, int]] = {  # name -> (min args, max args)
    "not": (1, 1), "selected": (2, 2), "count-selected": (1, 1), "if": (3, 3), "string-length": (1, 1),
    "regex": (2, 2), "contains": (2, 2), "starts-with": (2, 2), "today": (0, 0), "true": (0, 0),
    "false": (0, 0), "coalesce": (2, 2), "number": (1, 1), "int": (1, 1), "round": (1, 2),
    "sum": (1, 500), "mean": (1, 500), "year": (1, 1), "month": (1, 1), "day": (1, 1), "weekday": (1, 1),
    "extract": (2, 2),
}


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    def peek(self) -> Token:
        return self.tokens[self.index]

    def take(self) -> Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def close(self, opened: Token, function: str = "") -> None:
        """The ')' matching `opened`; what stands in its place decides the message: the end (a bracket left
        open), a value (an operator or, in a call, a comma missing)."""
        token = self.take()
        if token.kind == "op" and token.text == ")":
            return
        if token.kind == "end":
            raise ExpressionError("logic.unclosed", self.text, opened.position)
        if function:
            self.fail(token, "logic.argument_separator", function=function)
        self.fail(token, "logic.operator_missing")

    def fail(self, token: Token, message_id: str, **values: object) -> None:
        found = token.text if token.kind != "end" else ""
        raise ExpressionError(message_id, self.text, token.position, found=found, **values)

    def value_missing(self, token: Token) -> None:
        """Where a value should start: say which of the usual slips it is, in words."""
        if token.kind == "end":
            previous = self.tokens[self.index - 2] if self.index >= 2 else token
            self.fail(previous, "logic.ends_early", after=previous.text)
        if token.kind == "op" and token.text == ")" and self.tokens[self.index - 2].text == "(":
            self.fail(token, "logic.empty_brackets")
        self.fail(token, "logic.value_expected")

    def parse(self) -> Expr:
        if self.peek().kind == "end":
            raise ExpressionError("logic.empty", self.text, 0)
        expr = self.binary(0)
        token = self.peek()
        if token.kind == "op" and token.text == ")":
            self.fail(token, "logic.extra_close")
        if token.kind != "end":
            self.fail(token, "logic.operator_missing")
        return expr

    LEVELS: tuple[tuple[str, ...], ...] = (("or",), ("and",), COMPARISONS, ("+", "-"), ("*", "div", "mod"))

    def binary(self, level: int) -> Expr:
        if level == len(self.LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        chained = False  # left is this level's chain so far: one more link adds no level
        while self.peek().text in self.LEVELS[level] and self.peek().kind in ("op", "word"):
            token = self.take()
            right = self.binary(level + 1)
            if level == 2 and isinstance(left, Binary) and left.op in COMPARISONS:
                self.fail(token, "logic.chained_comparison")
            depth = max(left.depth if chained else left.depth + 1, right.depth + 1)
            left = self.bounded(Binary(token.position, token.text, left, right, depth=depth))
            chained = True
        return left

    def bounded(self, expr: Expr) -> Expr:
        if expr.depth > MAX_DEPTH:
            raise ExpressionError("logic.too_deep", self.text, expr.position)
        return expr

    def unary(self) -> Expr:
        token = self.peek()
        if token.text == "-" and token.kind == "op":
            self.take()
            operand = self.nested(self.unary)
            return self.bounded(Negate(token.position, operand, depth=operand.depth + 1))
        return self.nested(self._primary)

    def nested(self, parse: Callable[[], Expr]) -> Expr:
        """Parse one level further in: brackets, calls and minuses recurse here, so their count is bounded."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("logic.too_deep", self.text, self.peek().position)
        try:
            return parse()
        finally:
            self.depth -= 1

    def _primary(self) -> Expr:
        token = self.take()
        if token.kind == "number":
            return Literal(token.position, float(token.text))
        if token.kind == "string":
            return Literal(token.position, token.text)
        if token.kind == "ref":
            if not token.text:
                self.fail(token, "logic.empty_reference")
            return Ref(token.position, token.text)
        if token.kind == "op" and token.text == ".":
            return Ref(token.position, ".")
        if token.kind == "op" and token.text == "(":
            inner = self.binary(0)
            self.close(token)
            return inner
        if token.kind == "word" and self.peek().text == "(":
            return self.call(token)
        if token.kind == "word":
            self.fail(token, "logic.bare_word")
        self.value_missing(token)
        raise AssertionError("unreachable")

    def call(self, name: Token) -> Expr:
        if name.text not in FUNCTIONS:
            self.fail(name, "logic.unknown_function", known=", ".join(sorted(FUNCTIONS)))
        opened = self.take()  # the '(' that made this word a call
        args: list[Expr] = []
        if self.peek().text != ")":
            args.append(self.binary(0))
            while self.peek().text == ",":
                self.take()
                args.append(self.binary(0))
        self.close(opened, function=name.text)
        low, high = FUNCTIONS[name.text]
        if not low <= len(args) <= high:
            self.fail(name, "logic.arguments", function=name.text,
                      count=low if low == high else f"{low}-{high}", given=len(args))
        if name.text == "true":
            return Literal(name.position, True)
        if name.text == "false":
            return Literal(name.position, False)
        depth = 1 + max((arg.depth for arg in args), default=0)
        return self.bounded(Call(name.position, name.text, tuple(args), depth=depth))


def parse(text: str) -> Expr:
    """The syntax tree of an expression; ExpressionError with the position of the first problem."""
    return _Parser(text).parse()


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node, parents before children, left to right; a loop, since a chain is thousands of nodes deep."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(_children(node)))


def _children(expr: Expr) -> Sequence[Expr]:
    if isinstance(expr, Binary):
        return (expr.left, expr.right)
    if isinstance(expr, Negate):
        return (expr.operand,)
    if isinstance(expr, Call):
        return expr.args
    return ()


_LEVEL = {op: level for level, ops in enumerate(_Parser.LEVELS) for op in ops}


def chain(expr: Binary) -> tuple[Expr, list[tuple[str, Expr]]]:
    """A left-deep run of one precedence level (`a + b - c`) as its first operand and its (operator, operand)
    links, found by a loop: the compiler runs a chain as a loop, not as thousands of nested calls."""
    links: list[tuple[str, Expr]] = []
    node: Expr = expr
    while isinstance(node, Binary) and _LEVEL[node.op] == _LEVEL[expr.op]:
        links.append((node.op, node.right))
        node = node.left
    links.reverse()
    return node, links


def referenced_names(expr: Expr) -> list[str]:
    """The `${...}` names in order of first use ('.' excluded)."""
    names: list[str] = []
    for node in walk(expr):
        if isinstance(node, Ref) and node.name != "." and node.name not in names:
            names.append(node.name)
    return names


def rename_references(text: str, old: str, new: str) -> str:
    """`text` with every `${old}` (and `${old__part}`, a column of that question) naming `new` instead.

    Only reference tokens change, so `'old'` in a quoted string or a function named like the code
    stays as written; an expression that does not tokenize is returned as it is."""
    try:
        tokens = tokenize(text)
    except ExpressionError:
        return text
    for token in reversed(tokens):
        if token.kind == "ref" and (token.text == old or token.text.startswith(old + SEPARATOR)):
            end = text.index("}", token.position) + 1
            text = text[:token.position] + "${" + new + token.text[len(old):] + "}" + text[end:]
    return text


def choice_of_literal(question: Question, value: float | str | bool) -> Choice | None:
    """The choice a literal compared with `question` stands for (its code, label or stored value), as the
    compiler binds it; None when it names none of the question's choices."""
    found: Choice | None = _find_choice(question, _number_text(value) if isinstance(value, float) else str(value))
    return found


# -- typed, compiled nodes -----------------------------------------------------------------


class Kind(str, Enum):
    NUMBER = "number"
    TEXT = "text"
    BOOL = "boolean"
    SELECTION = "selection"  # the chosen codes of a multiple-choice question


@dataclass(frozen=True)
class _Node:
    """A compiled node: the same meaning for one response (`one`) and for a frame (`many`)."""

    kind: Kind
    one: Callable[[Mapping[str, Any]], Any]
    many: Callable[["pd.DataFrame"], Any]
    question: Question | None = None  # set when the node is a plain question reference
    constant: bool = False  # a literal: its value is known without any answers


@dataclass
class Compiled:
    """An expression bound to a survey: ready to evaluate one response or mask a frame."""

    text: str
    expr: Expr
    root: _Node
    columns: list[str]
    """Stored column names the expression reads: load these into the frame for `mask`."""
    references: list[str] = field(default_factory=list)
    """Question codes referenced (a matrix item counts as its question)."""

    @property
    def kind(self) -> Kind:
        """What the whole expression yields: a number, text, a boolean, or the codes chosen in a multiple
        choice."""
        return self.root.kind

    def evaluate(self, answers: Mapping[str, Any]) -> Any:
        """The value for one response, answers keyed by stored column name (missing key = unanswered)."""
        return self.root.one(answers)

    def test(self, answers: Mapping[str, Any]) -> bool:
        """The expression as a condition on one response (relevance, constraint)."""
        return _truth(self.root.kind, self.root.one(answers))

    def mask(self, frame: "pd.DataFrame") -> "np.ndarray":
        """Which rows of a frame satisfy the expression, as a boolean array."""
        import numpy as np

        values = self.root.many(frame)
        return np.asarray(_truth_many(self.root.kind, values, len(frame)), dtype=bool)


def _is_missing(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, float) and value != value)


def _truth(kind: Kind, value: Any) -> bool:
    if _is_missing(value):
        return False
    if kind is Kind.SELECTION:
        return bool(value)
    return bool(value)


def _truth_many(kind: Kind, values: Any, rows: int) -> Any:
    import numpy as np

    if kind is Kind.BOOL:
        return np.broadcast_to(np.asarray(values, dtype=bool), (rows,))
    if kind is Kind.NUMBER:
        numbers = np.broadcast_to(np.asarray(values, dtype=np.float64), (rows,))
        return ~np.isnan(numbers) & (numbers != 0)
    if kind is Kind.SELECTION:
        return np.broadcast_to(np.asarray(values, dtype=np.float64), (rows,)) > 0
    texts = _text_array(values, rows)
    return np.array([bool(t) for t in texts], dtype=bool)


def _text_array(values: Any, rows: int) -> "np.ndarray":
    """Text values as an object array with '' for missing."""
    import numpy as np
    import pandas as pd

    if isinstance(values, str):
        return np.full(rows, values, dtype=object)
    array = np.asarray(values, dtype=object)
    missing = pd.isna(array)
    if missing.any():
        array = array.copy()
        array[missing] = ""
    return array


class _Compiler:
    def __init__(self, text: str, survey: Survey, current: str | None, strict: bool = False) -> None:
        self.text = text
        self.survey = survey
        self.current = current
        self.strict = strict
        # Derived variables are referenced as questions are (their values are computed where a frame is read).
        self.questions = {q.code: q for q in survey.questions + survey.derived}
        self.columns_by_name = {c.name: (c, q) for q in survey.questions + survey.derived for c in q.columns()}
        self.columns: list[str] = []
        self.references: list[str] = []

    def error(self, node: Expr, message_id: str, **values: object) -> ExpressionError:
        return ExpressionError(message_id, self.text, node.position, **values)

    def use(self, column: str, question: str) -> None:
        if column not in self.columns:
            self.columns.append(column)
        if question not in self.references:
            self.references.append(question)

    def compile(self, expr: Expr) -> _Node:
        if isinstance(expr, Literal):
            return self.literal(expr.value)
        if isinstance(expr, Ref):
            return self.reference(expr)
        if isinstance(expr, Negate):
            return self.arithmetic(self.literal(0.0), [("-", self.number(expr.operand))])
        if isinstance(expr, Binary):
            return self.binary(expr)
        if isinstance(expr, Call):
            return self.call(expr)
        raise AssertionError(expr)

    @staticmethod
    def literal(value: float | str | bool) -> _Node:
        kind = Kind.BOOL if isinstance(value, bool) else Kind.TEXT if isinstance(value, str) else Kind.NUMBER
        return _Node(kind, lambda answers: value, lambda frame: value, constant=True)

    def constant(self, expr: Expr) -> Any:
        """The value of an argument that must be written out (a choice code, a pattern)."""
        node = self.compile(expr)
        if not node.constant:
            raise self.error(expr, "logic.constant_needed")
        return node.one({})

    # references

    def reference(self, ref: Ref) -> _Node:
        name = self.current if ref.name == "." else ref.name
        if name is None:
            raise self.error(ref, "logic.no_current")
        question = self.questions.get(name)
        if question is not None and question.type is QuestionType.MULTIPLE:
            return self.selection(question)
        if question is not None and question.type is QuestionType.MATRIX:
            raise self.error(ref, "logic.matrix_reference", code=name,
                             example=f"{name}{SEPARATOR}{question.items[0].code}" if question.items else name)
        if question is None and name in self.columns_by_name:
            column, question = self.columns_by_name[name]
            self.use(column.name, question.code)
            return self.column(column.name, Kind.NUMBER, None)
        if question is None:
            raise self.error(ref, "logic.unknown_question", code=name, survey=self.survey.code)
        self.use(question.code, question.code)
        text = question.type in (QuestionType.TEXT, QuestionType.DATE)
        return self.column(question.code, Kind.TEXT if text else Kind.NUMBER, question)

    @staticmethod
    def column(name: str, kind: Kind, question: Question | None) -> _Node:
        def one(answers: Mapping[str, Any]) -> Any:
            value = answers.get(name)
            if kind is Kind.TEXT:
                return "" if _is_missing(value) else str(value)
            return _to_number(value)

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np
            import pandas as pd

            series = frame[name]
            if kind is Kind.TEXT:
                return _text_array(series.to_numpy(dtype=object), len(frame))
            if isinstance(series.dtype, pd.CategoricalDtype):
                series = series.astype(np.float64)
            return pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64)

        return _Node(kind, one, many, question)

    def selection(self, question: Question) -> _Node:
        codes = [c.code for c in question.choices]
        names = [f"{question.code}{SEPARATOR}{code}" for code in codes]
        for name in names:
            self.use(name, question.code)

        def one(answers: Mapping[str, Any]) -> frozenset[str]:
            return frozenset(code for code, name in zip(codes, names) if _to_number(answers.get(name)) == 1)

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np

            # Per row: how many options are chosen (NaN when the question was not answered at all).
            block = frame[names].to_numpy(dtype=np.float64)
            answered = ~np.isnan(block).all(axis=1)
            return np.where(answered, np.nansum(block, axis=1), np.nan)

        return _Node(Kind.SELECTION, one, many, question)

    # operators

    def binary(self, expr: Binary) -> _Node:
        if expr.op in ("and", "or"):
            return self.logical(expr)
        if expr.op in COMPARISONS:
            return self.comparison(expr)
        first, links = chain(expr)
        return self.arithmetic(self.number(first), [(op, self.number(operand)) for op, operand in links])

    def number(self, expr: Expr) -> _Node:
        node = self.compile(expr)
        if node.kind is Kind.SELECTION:
            raise self.error(expr, "logic.selection_as_value")
        if node.kind is Kind.TEXT:
            return _Node(Kind.NUMBER, lambda a: _to_number(node.one(a)),
                         lambda frame: _numbers_of(node.many(frame), len(frame)))
        return node

    def logical(self, expr: Binary) -> _Node:
        """`a and b and c…` (or `or`), each operand tested in turn: the first false (true) decides."""
        first, links = chain(expr)
        operands = [self.compile(first), *(self.compile(operand) for _, operand in links)]
        both = expr.op == "and"

        def one(answers: Mapping[str, Any]) -> bool:
            for operand in operands:
                if _truth(operand.kind, operand.one(answers)) != both:
                    return not both
            return both

        def many(frame: "pd.DataFrame") -> Any:
            result = _truth_many(operands[0].kind, operands[0].many(frame), len(frame))
            for operand in operands[1:]:
                value = _truth_many(operand.kind, operand.many(frame), len(frame))
                result = (result & value) if both else (result | value)
            return result

        return _Node(Kind.BOOL, one, many)

    @staticmethod
    def arithmetic(first: _Node, links: Sequence[tuple[str, _Node]]) -> _Node:
        """`first op1 b op2 c…` from left to right; empty as soon as one operand is."""

        def one(answers: Mapping[str, Any]) -> float:
            a = _to_number(first.one(answers))
            for op, operand in links:
                b = _to_number(operand.one(answers))
                a = float("nan") if a != a or b != b else _SCALAR_ARITHMETIC[op](a, b)
            return a

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np

            rows = len(frame)
            with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
                a = _numbers_of(first.many(frame), rows)
                for op, operand in links:
                    a = _VECTOR_ARITHMETIC[op](a, _numbers_of(operand.many(frame), rows))
                return a

        return _Node(Kind.NUMBER, one, many)

    def comparison(self, expr: Binary) -> _Node:
        left, right = self.compile(expr.left), self.compile(expr.right)
        left, right = self.bind_choice(left, right, expr.left), self.bind_choice(right, left, expr.right)
        if Kind.SELECTION in (left.kind, right.kind):
            raise self.error(expr, "logic.selection_compare")
        self.check_comparable(expr, (expr.left, left), (expr.right, right))
        op = expr.op
        as_text = left.kind is Kind.TEXT and right.kind is Kind.TEXT
        if not as_text:
            left, right = self.number_or_bool(left), self.number_or_bool(right)

        def one(answers: Mapping[str, Any]) -> bool:
            a, b = left.one(answers), right.one(answers)
            if _is_missing(a) or _is_missing(b):
                # '' = '' is "unanswered": only an explicit empty literal asks that.
                empty_a, empty_b = _is_missing(a), _is_missing(b)
                if op == "=":
                    return empty_a and empty_b
                if op == "!=":
                    return empty_a != empty_b
                return False
            return bool(_SCALAR_COMPARE[op](a, b))

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np

            rows = len(frame)
            if as_text:
                a, b = _text_array(left.many(frame), rows), _text_array(right.many(frame), rows)
                empty_a, empty_b = a == "", b == ""
                with np.errstate(invalid="ignore"):
                    result = _VECTOR_COMPARE[op](a, b).astype(bool)
            else:
                a = _numbers_of(left.many(frame), rows)
                b = _numbers_of(right.many(frame), rows)
                empty_a, empty_b = np.isnan(a), np.isnan(b)
                with np.errstate(invalid="ignore"):
                    result = _VECTOR_COMPARE[op](a, b)
            present = ~empty_a & ~empty_b
            if op == "=":
                return (result & present) | (empty_a & empty_b)
            if op == "!=":
                return (result & present) | (empty_a != empty_b)
            return result & present

        return _Node(Kind.BOOL, one, many)

    def check_comparable(self, expr: Binary, *sides: tuple[Expr, _Node]) -> None:
        """Text meets a number only by reading the text as a number: quoted text that is none (`${spend} >
        'abc'`) is never true, and answers typed as text (`${like_text} > 3`) are numbers by accident. Both
        used to pass as silently empty results; each is refused, saying what to write."""
        kinds = {node.kind for _, node in sides}
        if not self.strict or Kind.TEXT not in kinds or kinds == {Kind.TEXT}:
            return
        for side, node in sides:
            if node.kind is not Kind.TEXT:
                continue
            if not node.constant:
                raise self.error(expr, "logic.text_compared_with_number", text=_shown(side))
            value = node.one({})
            if value != "" and math.isnan(_to_number(value)):
                raise self.error(expr, "logic.number_compared_with_text", text=value)

    def number_or_bool(self, node: _Node) -> _Node:
        if node.kind is Kind.BOOL:
            return _Node(Kind.NUMBER, lambda a: float(bool(node.one(a))),
                         lambda frame: _numbers_of(_truth_many(Kind.BOOL, node.many(frame), len(frame)), len(frame)))
        if node.kind is Kind.TEXT:
            return _Node(Kind.NUMBER, lambda a: _to_number(node.one(a)),
                         lambda frame: _numbers_of(node.many(frame), len(frame)))
        return node

    def bind_choice(self, node: _Node, other: _Node, literal_expr: Expr) -> _Node:
        """A quoted code or label compared with a choice question stands for that choice's stored value."""
        question = other.question
        if question is None or not question.answer_choices() or not node.constant or node.kind is not Kind.TEXT:
            return node
        literal = node.one({})
        if literal == "":
            return self.literal(float("nan"))
        choice = _find_choice(question, literal)
        if choice is None:
            raise self.error(literal_expr, "logic.unknown_choice", value=literal, code=question.code,
                             known=", ".join(f"{c.code} ({c.label('zh')})" for c in question.answer_choices()))
        return self.literal(float(choice.value))

    # functions

    def call(self, expr: Call) -> _Node:
        handler = getattr(self, "fn_" + expr.name.replace("-", "_"))
        node: _Node = handler(expr)
        return node

    def fn_not(self, expr: Call) -> _Node:
        inner = self.compile(expr.args[0])
        return _Node(Kind.BOOL, lambda a: not _truth(inner.kind, inner.one(a)),
                     lambda frame: ~_truth_many(inner.kind, inner.many(frame), len(frame)))

    def fn_selected(self, expr: Call) -> _Node:
        target, wanted = expr.args
        if not isinstance(target, Ref):
            raise self.error(expr, "logic.selected_needs_question")
        node = self.compile(target)
        question = node.question
        if question is None or not question.answer_choices():
            raise self.error(target, "logic.not_a_choice", code=target.name)
        value = self.constant(wanted)
        choice = _find_choice(question, str(value) if not isinstance(value, float) else _number_text(value))
        if choice is None:
            raise self.error(wanted, "logic.unknown_choice", value=value, code=question.code,
                             known=", ".join(f"{c.code} ({c.label('zh')})" for c in question.answer_choices()))
        if question.type is QuestionType.MULTIPLE:
            column = f"{question.code}{SEPARATOR}{choice.code}"
            code = choice.code
            return _Node(Kind.BOOL, lambda a: code in node.one(a),
                         lambda frame: _numbers_of(frame[column].to_numpy(), len(frame)) == 1)
        stored = float(choice.value)
        return _Node(Kind.BOOL, lambda a: node.one(a) == stored,
                     lambda frame: _numbers_of(node.many(frame), len(frame)) == stored)

    def fn_count_selected(self, expr: Call) -> _Node:
        node = self.compile(expr.args[0])
        if node.kind is not Kind.SELECTION:
            raise self.error(expr, "logic.not_multiple")
        return _Node(Kind.NUMBER, lambda a: float(len(node.one(a))),
                     lambda frame: _nan_to_zero(node.many(frame)))

    def fn_if(self, expr: Call) -> _Node:
        condition = self.compile(expr.args[0])
        yes, no = self.compile(expr.args[1]), self.compile(expr.args[2])
        kind = yes.kind if yes.kind == no.kind else Kind.NUMBER
        if kind is Kind.NUMBER:
            yes, no = self.number_or_bool(yes), self.number_or_bool(no)

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np

            rows = len(frame)
            test = _truth_many(condition.kind, condition.many(frame), rows)
            if kind is Kind.TEXT:
                return np.where(test, _text_array(yes.many(frame), rows), _text_array(no.many(frame), rows))
            if kind is Kind.BOOL:
                return np.where(test, _truth_many(kind, yes.many(frame), rows), _truth_many(kind, no.many(frame), rows))
            return np.where(test, _numbers_of(yes.many(frame), rows), _numbers_of(no.many(frame), rows))

        return _Node(kind, lambda a: yes.one(a) if _truth(condition.kind, condition.one(a)) else no.one(a), many)

    def text_args(self, expr: Call) -> list[_Node]:
        nodes = [self.compile(arg) for arg in expr.args]
        return [_as_text(node) for node in nodes]

    def fn_string_length(self, expr: Call) -> _Node:
        (node,) = self.text_args(expr)
        return _Node(Kind.NUMBER, lambda a: float(len(node.one(a))),
                     lambda frame: _vector_text(lambda s: float(len(s)), node.many(frame), len(frame), float))

    def fn_regex(self, expr: Call) -> _Node:
        (subject,) = [_as_text(self.compile(expr.args[0]))]
        pattern = str(self.constant(expr.args[1]))
        try:
            compiled = compile_pattern(pattern)
        except PatternError as refusal:
            raise self.error(expr.args[1], "logic.bad_regex", detail=refusal) from None
        return self.text_test(subject, compiled.search)

    def fn_contains(self, expr: Call) -> _Node:
        subject, needle = self.text_args(expr)
        return self.text_pair_test(subject, needle, lambda s, t: t in s)

    def fn_starts_with(self, expr: Call) -> _Node:
        subject, prefix = self.text_args(expr)
        return self.text_pair_test(subject, prefix, lambda s, t: s.startswith(t))

    @staticmethod
    def text_test(subject: _Node, test: Callable[[str], bool]) -> _Node:
        return _Node(Kind.BOOL, lambda a: test(subject.one(a)),
                     lambda frame: _each_distinct(test, _text_array(subject.many(frame), len(frame))))

    def text_pair_test(self, subject: _Node, other: _Node, test: Callable[[str, str], bool]) -> _Node:
        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np

            rows = len(frame)
            left, right = _text_array(subject.many(frame), rows), _text_array(other.many(frame), rows)
            return np.fromiter((test(s, t) for s, t in zip(left, right)), dtype=bool, count=rows)

        return _Node(Kind.BOOL, lambda a: test(subject.one(a), other.one(a)), many)

    def fn_today(self, expr: Call) -> _Node:
        return _Node(Kind.TEXT, lambda a: dt.date.today().isoformat(), lambda frame: dt.date.today().isoformat())

    def fn_coalesce(self, expr: Call) -> _Node:
        first, second = (self.compile(arg) for arg in expr.args)
        if first.kind is Kind.TEXT and second.kind is Kind.TEXT:
            def many_text(frame: "pd.DataFrame") -> Any:
                import numpy as np

                a, b = _text_array(first.many(frame), len(frame)), _text_array(second.many(frame), len(frame))
                return np.where(a == "", b, a)

            return _Node(Kind.TEXT, lambda a: first.one(a) or second.one(a), many_text)
        first, second = self.number_or_bool(first), self.number_or_bool(second)

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np

            a, b = _numbers_of(first.many(frame), len(frame)), _numbers_of(second.many(frame), len(frame))
            return np.where(np.isnan(a), b, a)

        return _Node(Kind.NUMBER, lambda a: _first_present(first.one(a), second.one(a)), many)

    def fn_number(self, expr: Call) -> _Node:
        return self.number_or_bool(self.compile(expr.args[0]))

    def fn_int(self, expr: Call) -> _Node:
        inner = self.number(expr.args[0])
        return self.arithmetic(inner, [("trunc", self.literal(0.0))])

    def fn_round(self, expr: Call) -> _Node:
        inner = self.number(expr.args[0])
        digits = self.number(expr.args[1]) if len(expr.args) == 2 else self.literal(0.0)
        return self.arithmetic(inner, [("round", digits)])


    # Derived variables (issue 20): sums and means of items, date parts, regular-expression extraction.

    def items(self, expr: Call) -> list[_Node]:
        """The arguments as numbers; a matrix question stands for all its rows (`mean(${q5})`)."""
        nodes: list[_Node] = []
        for arg in expr.args:
            question = self.questions.get(arg.name) if isinstance(arg, Ref) else None
            if question is None or question.type is not QuestionType.MATRIX:
                nodes.append(self.number(arg))
                continue
            for column in question.columns():
                self.use(column.name, question.code)
                nodes.append(self.column(column.name, Kind.NUMBER, None))
        return nodes

    def fn_sum(self, expr: Call) -> _Node:
        return _aggregate(self.items(expr), mean=False)

    def fn_mean(self, expr: Call) -> _Node:
        return _aggregate(self.items(expr), mean=True)

    def date_part(self, expr: Call, part: str) -> _Node:
        (node,) = self.text_args(expr)
        return _Node(Kind.NUMBER, lambda a: _date_part(node.one(a), part),
                     lambda frame: _date_parts(_text_array(node.many(frame), len(frame)), part))

    def fn_year(self, expr: Call) -> _Node:
        return self.date_part(expr, "year")

    def fn_month(self, expr: Call) -> _Node:
        return self.date_part(expr, "month")

    def fn_day(self, expr: Call) -> _Node:
        return self.date_part(expr, "day")

    def fn_weekday(self, expr: Call) -> _Node:
        return self.date_part(expr, "weekday")

    def fn_extract(self, expr: Call) -> _Node:
        subject = _as_text(self.compile(expr.args[0]))
        pattern = str(self.constant(expr.args[1]))
        try:
            compiled = compile_pattern(pattern)
        except PatternError as refusal:
            raise self.error(expr.args[1], "logic.bad_regex", detail=refusal) from None

        def many(frame: "pd.DataFrame") -> Any:
            import numpy as np
            import pandas as pd

            codes, distinct = pd.factorize(_text_array(subject.many(frame), len(frame)))
            found = np.array([compiled.extract(str(text)) for text in distinct], dtype=object)
            return found[codes]

        return _Node(Kind.TEXT, lambda a: compiled.extract(subject.one(a)), many)


def _aggregate(nodes: Sequence[_Node], mean: bool) -> _Node:
    """The sum (or mean) of the answered values; empty when none is answered, as in SPSS's SUM and MEAN."""

    def one(answers: Mapping[str, Any]) -> float:
        present = [v for v in (_to_number(n.one(answers)) for n in nodes) if v == v]
        if not present:
            return float("nan")
        return sum(present) / len(present) if mean else float(sum(present))

    def many(frame: "pd.DataFrame") -> Any:
        import numpy as np

        block = np.column_stack([_numbers_of(n.many(frame), len(frame)) for n in nodes])
        answered = (~np.isnan(block)).sum(axis=1)
        total = np.nansum(block, axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            value = total / answered if mean else total
        return np.where(answered > 0, value, np.nan)

    return _Node(Kind.NUMBER, one, many)


def _date_part(text: str, part: str) -> float:
    """Year, month, day or ISO weekday (Monday 1 … Sunday 7) of an ISO date or timestamp; empty if it is none."""
    try:
        day = dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return float("nan")
    return float(day.isoweekday() if part == "weekday" else getattr(day, part))


def _date_parts(texts: "np.ndarray", part: str) -> "np.ndarray":
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(texts)
    parts = np.array([_date_part(str(text), part) for text in distinct], dtype=np.float64)
    return parts[codes] if len(distinct) else np.full(len(texts), np.nan)


def _find_choice(question: Question, text: str) -> Any:
    for test in (lambda c: c.code == text, lambda c: c.label_zh == text, lambda c: c.label_en == text,
                 lambda c: _number_text(float(c.value)) == text):
        for choice in question.answer_choices():
            if test(choice):
                return choice
    return None


def _shown(expr: Expr) -> str:
    """How a message names a part of an expression: a question as ${code}, a call by its function."""
    if isinstance(expr, Ref):
        return expr.name if expr.name == "." else f"${{{expr.name}}}"
    if isinstance(expr, Call):
        return f"{expr.name}(…)"
    return "…"


def _number_text(value: float) -> str:
    return str(int(value)) if math.isfinite(value) and value == int(value) else str(value)


def _to_number(value: Any) -> float:
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, str) and value.strip():
        try:
            return float(value)
        except ValueError:
            return float("nan")
    return float("nan")


def _first_present(a: Any, b: Any) -> Any:
    return b if _is_missing(a) else a


def _as_text(node: _Node) -> _Node:
    if node.kind is Kind.TEXT:
        return node
    if node.kind is Kind.SELECTION:
        return _Node(Kind.TEXT, lambda a: " ".join(sorted(node.one(a))),
                     lambda frame: _text_array(node.many(frame), len(frame)))

    def one(answers: Mapping[str, Any]) -> str:
        value = node.one(answers)
        return "" if _is_missing(value) else _number_text(float(value))

    def many(frame: "pd.DataFrame") -> Any:
        return _vector_text(lambda v: "" if _is_missing(v) else _number_text(float(v)),
                            node.many(frame), len(frame), object)

    return _Node(Kind.TEXT, one, many)


def _numbers_of(values: Any, rows: int) -> "np.ndarray":
    import numpy as np
    import pandas as pd

    array = np.asarray(values)
    if array.dtype.kind in "OUS":
        array = pd.to_numeric(pd.Series(array.ravel()).replace("", np.nan), errors="coerce").to_numpy(np.float64)
    return np.broadcast_to(array.astype(np.float64), (rows,))


def _nan_to_zero(values: Any) -> Any:
    import numpy as np

    return np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)


def _vector_text(function: Callable[[Any], Any], values: Any, rows: int, dtype: Any) -> "np.ndarray":
    import numpy as np

    array = _text_array(values, rows) if dtype is not object else np.broadcast_to(np.asarray(values), (rows,))
    return np.fromiter((function(v) for v in array), dtype=dtype, count=rows)


def _each_distinct(test: Callable[[str], bool], texts: "np.ndarray") -> "np.ndarray":
    """`test` of every text, asked once per distinct text: comments repeat ('', 无, 没有…) and a pattern
    costs a call per text."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(texts)
    # str(): a text question's column can hold a number (SQLite keeps what it was given), as one response's str()
    return np.fromiter((test(str(text)) for text in distinct), dtype=bool, count=len(distinct))[codes]


def _div(a: float, b: float) -> float:
    return a / b if b else float("nan")


def _mod(a: float, b: float) -> float:
    return math.fmod(a, b) if b and math.isfinite(a) else float("nan")


def _trunc(a: float, _: float) -> float:
    return float(math.trunc(a)) if math.isfinite(a) else a


ROUND_DIGITS = 400
"""round()'s digits are taken within ±400: past that every float rounds to itself or to 0."""


def _round(a: float, digits: float) -> float:
    return float(round(a, int(max(-ROUND_DIGITS, min(ROUND_DIGITS, digits)))))


_SCALAR_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "div": _div, "mod": _mod,
    "trunc": _trunc, "round": _round,
}
_SCALAR_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


def _vector_op(name: str) -> Callable[[Any, Any], Any]:
    import numpy as np

    table: dict[str, Callable[[Any, Any], Any]] = {
        "+": np.add, "-": np.subtract, "*": np.multiply,
        "div": lambda a, b: np.where(b == 0, np.nan, np.divide(a, np.where(b == 0, 1, b))),
        "mod": lambda a, b: np.where(b == 0, np.nan, np.fmod(a, np.where(b == 0, 1, b))),
        "trunc": lambda a, b: np.trunc(a), "round": _round_many,
        "=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
        ">=": np.greater_equal,
    }
    return table[name]


def _round_many(values: "np.ndarray", digits: "np.ndarray") -> "np.ndarray":
    """Each value rounded to its own row's digits, exactly as round() on one response (numpy's round
    overflows past 308 digits); missing when either is."""
    import numpy as np

    digits = np.broadcast_to(digits, values.shape)
    return np.fromiter((float("nan") if a != a or d != d else _round(a, d) for a, d in zip(values, digits)),
                       dtype=np.float64, count=len(values))


class _LazyOps(dict[str, Callable[[Any, Any], Any]]):
    """numpy is imported on first vectorised use, so entry forms never pay for it."""

    def __missing__(self, key: str) -> Callable[[Any, Any], Any]:
        function = _vector_op(key)
        self[key] = function
        return function


_VECTOR_ARITHMETIC = _LazyOps()
_VECTOR_COMPARE = _LazyOps()


# -- the public API ------------------------------------------------------------------------


def compile_expression(text: str, survey: Survey, *, current: str | None = None, strict: bool = False) -> Compiled:
    """Parse and bind an expression to a survey; `current` is the question that `.` stands for. `strict` refuses
    text compared with a number (`_Compiler.check_comparable`): asked of the filters an analyst types now, not of a
    survey's own skip logic and constraints, which follow ODK, where `${age} > 18` reads a text field as a number —
    forms from Kobo or ODK do that, and a study holding such logic must keep entering data as it did."""
    return compile_tree(text, parse(text), survey, current=current, strict=strict)


def compile_condition(text: str, survey: Survey) -> Compiled:
    """A filter: the expression decides, per response, whether it is kept. One that reads no answer (`1`,
    `'abc'`) keeps every response or none, and a computed value (`${spend} + 1`) is no yes or no; both were
    accepted as filters that meant nothing, and are refused. A bare question (`${flag}`) keeps the responses
    that answered it with something other than 0, as before. Strict: text compared with a number is refused."""
    compiled = compile_expression(text, survey, strict=True)
    if not compiled.references:
        raise ExpressionError("logic.filter_reads_no_answer", text)
    if compiled.kind is not Kind.BOOL and not isinstance(compiled.expr, Ref):
        raise ExpressionError("logic.filter_not_a_condition", text)
    return compiled


def compile_tree(text: str, expr: Expr, survey: Survey, *, current: str | None = None,
                 strict: bool = False) -> Compiled:
    """Bind a parsed expression (`text` is what error messages quote): for a caller that rewrote the tree."""
    compiler = _Compiler(text, survey, current, strict)
    root = compiler.compile(expr)
    return Compiled(text, expr, root, compiler.columns, compiler.references)


LOGIC_PROPS = ("relevant", "constraint")


def check_references(text: str, survey: Survey, *, question: str | None = None) -> list[str]:
    """Readable problems of an expression written on `question` (empty when it is fine).

    Relevance and constraints may only look back: a reference to the question itself
    (other than `.`), to a later one, or one that closes a cycle through other
    questions' logic is reported, with every other problem found.
    """
    try:
        compiled = compile_expression(text, survey, current=question)
    except ExpressionError as error:
        return [str(error)]
    if question is None:
        return []
    order = [q.code for q in survey.questions]
    if question not in order:
        return []
    here = order.index(question)
    problems = []
    for code in compiled.references:
        if code == question:
            problems.append(_message("logic.self_reference", code=code))
        elif order.index(code) > here:
            problems.append(_message("logic.later_question", code=code, current=question))
    cycle = _cycle_through(survey, question, compiled.references)
    if cycle:
        problems.append(_message("logic.cycle", path=" → ".join(cycle)))
    return problems


def _message(message_id: str, **values: object) -> str:
    from xmdesk.core import messages

    return messages.text(message_id, **values)


def _cycle_through(survey: Survey, start: str, first: Sequence[str]) -> list[str]:
    """A path start → … → start through the questions' logic, if there is one."""
    graph: dict[str, list[str]] = {}
    for q in survey.questions:
        refs: list[str] = []
        for prop in LOGIC_PROPS:
            expression = q.props.get(prop)
            if isinstance(expression, str) and expression.strip():
                try:
                    refs += referenced_names(parse(expression))
                except ExpressionError:
                    continue
        graph[q.code] = [_question_of(survey, name) for name in refs]
    graph[start] = list(first)
    path: list[str] = [start]
    seen: set[str] = set()

    def visit(code: str) -> bool:
        for following in graph.get(code, []):
            if following == start:
                path.append(start)
                return True
            if following in seen or following not in graph:
                continue
            seen.add(following)
            path.append(following)
            if visit(following):
                return True
            path.pop()
        return False

    return path if visit(start) and len(path) > 2 else []


def _question_of(survey: Survey, name: str) -> str:
    """The question owning a reference (a matrix item or option column belongs to its question)."""
    return name.split(SEPARATOR, 1)[0] if SEPARATOR in name else name
