"""Who uses a question: the things that would break if it were deleted or renamed.

A survey's question is named outside the survey by alert rules, journey touchpoints, dashboard
tiles, report recipes and improvement actions, and inside it by other questions' relevance and
constraints. `uses_of` lists them in the user's words, so the designer refuses an edit that would
leave one of them pointing at nothing (the rule on a deleted question that failed every later
save); `rename_uses` rewrites them in the designer's transaction when the user asks a rename to
update them.

Names come in two forms: a code held in a field of a definition (a rule's question, a tile's
breakdown, a block's crosstab row) and a reference inside an expression (`${q1} = 2`). Expressions
are read with the logic parser, never matched with a pattern, so a quoted word that looks like a
code is not taken for it. A part of a question (a choice, a matrix row) is used by a reference to
its column (`${q7__wait}`) or by a literal compared with the question (`selected(${q7}, 'wait')`,
`${channel} = '门店'`, `${channel} = 2`), resolved as the compiler resolves it.

Each kind of user has one visitor that walks the names of one stored row through a `_Names`:
listing and renaming are the same walk, one noting matches, the other also rewriting them.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from xmdesk.core import messages
from xmdesk.core.survey import logic
from xmdesk.core.study.changes import Changes
from xmdesk.core.errors import ModelError
from xmdesk.core.study.file import Study
from xmdesk.core.survey.model import SEPARATOR, Question, Survey

_CHANGED = {"rule": "rules", "shared_rule": "rules", "touchpoint": "journeys", "tile": "dashboards",
            "report": "reports", "block": "reports", "action": "actions", "logic": "surveys"}
"""What kind of change (xmdesk.core.study.changes.KINDS) rewriting a use of each kind is."""
LISTED = 12
"""Uses named one by one in a refusal; more are counted."""


@dataclass(frozen=True)
class Use:
    """One thing that names the question: `kind` (rule, shared_rule, touchpoint, tile, report, block, action
    or logic; a shared_rule is a rule for every survey, so renaming the question in one survey cannot update
    it), `name` its name (a rule's, a journey's, a question's code...), `part` where inside it (a touchpoint, a
    tile or block number); a block also has its `title`, or its `block_kind` names it when it has none."""

    kind: str
    name: str
    part: str = ""
    title: str = ""
    block_kind: str = ""

    def text(self, lang: str | None = None) -> str:
        """The use in the user's words: alert rule '贬损者跟进', journey '购买旅程' touchpoint '门店'…"""
        title = self.title or (messages.text(f"report.kind.{self.block_kind}", lang) if self.block_kind else "")
        return messages.text(f"designer.use_{self.kind}", lang, name=self.name, part=self.part, title=title)


class QuestionInUse(ModelError):
    """A designer edit refused because other things use the question (or the choices) it would remove.

    `uses` lists them; `can_update` says a rename may update them instead (`designer.rename(...,
    update=True)`)."""

    def __init__(self, action: str, code: str, uses: Sequence[Use], parts: str = "", can_update: bool = False) -> None:
        self.uses = tuple(uses)
        self.can_update = can_update
        super().__init__(f"designer.in_use_{action}", code=code, parts=parts, uses=self._listed(None))

    def _listed(self, lang: str | None) -> str:
        """One line per use; a long list ends with how many more, so a message box stays on the screen."""
        shown = [use.text(lang) for use in self.uses[:LISTED]]
        if len(self.uses) > LISTED:
            shown.append(messages.text("designer.use_more", lang, count=len(self.uses) - LISTED))
        return "".join("\n• " + line for line in shown)

    def message(self, lang: str | None = None) -> str:
        """The refusal in `lang` (None: the current language), its list of uses written in that language too."""
        values = dict(self.values, uses=self._listed(lang))
        return messages.text(self.message_id, lang, **values)


# -- what is looked for ------------------------------------------------------------------------------


@dataclass
class _Names:
    """Walks the names of one definition: notes whether the question (or its part) is among them and,
    when `new` is given, returns them renamed to it."""

    code: str
    question: Question | None
    part: str = ""
    new: str = ""
    found: bool = False

    def names(self, name: str) -> bool:
        if self.part:
            return name == f"{self.code}{SEPARATOR}{self.part}"
        return name == self.code or name.startswith(self.code + SEPARATOR)

    def field(self, value: Any) -> Any:
        """A definition's field that holds a question code or a column name."""
        if isinstance(value, str) and self.names(value):
            self.found = True
            return self.new + value[len(self.code):] if self.new else value
        return value

    def expression(self, text: Any) -> Any:
        """A filter, relevance or constraint."""
        if not isinstance(text, str) or not text.strip() or not self._in_expression(text):
            return text
        self.found = True
        return logic.rename_references(text, self.code, self.new) if self.new else text

    def take(self) -> bool:
        """Whether the question was met since the last call."""
        found, self.found = self.found, False
        return found

    def _in_expression(self, text: str) -> bool:
        try:
            expr = logic.parse(text)
        except logic.ExpressionError:
            return False  # it names nothing the parser can see; it fails on its own already
        return any(isinstance(node, logic.Ref) and self.names(node.name) or self._names_part(node)
                   for node in logic.walk(expr))

    def _names_part(self, node: logic.Expr) -> bool:
        """A literal compared with the question that stands for the part looked for."""
        if not self.part or self.question is None:
            return False
        if isinstance(node, logic.Binary) and node.op in logic.COMPARISONS:
            pairs = [(node.left, node.right), (node.right, node.left)]
        elif isinstance(node, logic.Call) and node.name == "selected":
            pairs = [(node.args[0], node.args[1])]
        else:
            return False
        for reference, literal in pairs:
            if isinstance(reference, logic.Ref) and reference.name == self.code and isinstance(literal, logic.Literal):
                choice = logic.choice_of_literal(self.question, literal.value)
                if choice is not None and choice.code == self.part:
                    return True
        return False


@dataclass
class _Found:
    """The uses in one stored row, and how to write the row back as the walk left it."""

    uses: list[Use]
    sql: str
    params: tuple[Any, ...] = field(default_factory=tuple)


Visitor = Callable[[sqlite3.Connection, Survey, _Names], Iterator[_Found]]


# -- the users, one visitor each ---------------------------------------------------------------------


def _rules(conn: sqlite3.Connection, survey: Survey, names: _Names) -> Iterator[_Found]:
    """Rules of this survey, or of every survey (no survey_code): their definition and filter."""
    rows = conn.execute("SELECT id, name, definition, filter, survey_code FROM alert_rules"
                        " WHERE survey_code = ? OR survey_code IS NULL OR survey_code = '' ORDER BY id", (survey.code,))
    for rule_id, name, stored, expression, survey_code in rows.fetchall():
        definition = json.loads(stored or "{}")
        for key in ("question", "segment", "date_column"):
            if key in definition:
                definition[key] = names.field(definition[key])
        if isinstance(definition.get("questions"), list):
            definition["questions"] = [names.field(code) for code in definition["questions"]]
        expression = names.expression(expression)
        if names.take():
            kind = "rule" if survey_code else "shared_rule"
            yield _Found([Use(kind, name)], "UPDATE alert_rules SET definition = ?, filter = ? WHERE id = ?",
                         (json.dumps(definition, ensure_ascii=False), expression, rule_id))


def _touchpoints(conn: sqlite3.Connection, survey: Survey, names: _Names) -> Iterator[_Found]:
    """Journey touchpoints linked to this survey: the linked question and the link's filter."""
    rows = conn.execute("SELECT i.id, j.name, i.name, i.link_question, i.link_filter FROM journey_items i"
                        " JOIN journeys j ON j.id = i.journey_id WHERE i.link_survey = ? ORDER BY j.name, i.id",
                        (survey.code,))
    for item_id, journey, touchpoint, question, expression in rows.fetchall():
        question, expression = names.field(question), names.expression(expression)
        if names.take():
            yield _Found([Use("touchpoint", journey, touchpoint)],
                         "UPDATE journey_items SET link_question = ?, link_filter = ? WHERE id = ?",
                         (question, expression, item_id))


def _request(request: dict[str, Any], names: _Names) -> None:
    """An analysis request as stored (`Request.to_dict`): a tile's, or a report chart's."""
    for key in ("question", "by", "date_column", "weight"):
        if key in request:
            request[key] = names.field(request[key])
    if "filter" in request:
        request["filter"] = names.expression(request["filter"])
    if isinstance(request.get("rim"), dict):
        request["rim"] = {names.field(column): shares for column, shares in request["rim"].items()}


def _tiles(conn: sqlite3.Connection, survey: Survey, names: _Names) -> Iterator[_Found]:
    """Dashboard tiles whose request reads this survey."""
    for dashboard_id, name, stored in conn.execute("SELECT id, name, tiles FROM dashboards ORDER BY position, id"
                                                   ).fetchall():
        tiles = json.loads(stored or "[]")
        uses = []
        for number, tile in enumerate(tiles, start=1):
            request = tile.get("request") or {}
            if request.get("survey") == survey.code:
                _request(request, names)
                if names.take():
                    uses.append(Use("tile", name, str(number)))
        if uses:
            yield _Found(uses, "UPDATE dashboards SET tiles = ? WHERE id = ?",
                         (json.dumps(tiles, ensure_ascii=False), dashboard_id))


def _block(block: dict[str, Any], names: _Names) -> None:
    """The options of a report block that name questions (recipe.Block's docstring lists them)."""
    options = block.get("options") or {}
    for key in ("row", "column", "question"):
        if key in options:
            options[key] = names.field(options[key])
    for metric in options.get("metrics") or []:
        if isinstance(metric, dict) and "question" in metric:
            metric["question"] = names.field(metric["question"])
    if isinstance(options.get("request"), dict):
        _request(options["request"], names)
    if "filter" in block:
        block["filter"] = names.expression(block["filter"])


def _reports(conn: sqlite3.Connection, survey: Survey, names: _Names) -> Iterator[_Found]:
    """Report recipes: the report's filter and weight, and each block on this survey (a block names its
    own survey, a chart of a version-1 recipe its request's, or it follows the report's)."""
    for report_id, stored in conn.execute("SELECT id, recipe FROM reports ORDER BY id").fetchall():
        recipe = json.loads(stored)
        name, follows = str(recipe.get("name", "")), recipe.get("survey")
        uses = []
        if follows == survey.code:
            recipe["weight"] = names.field(recipe.get("weight", ""))
            recipe["filter"] = names.expression(recipe.get("filter", ""))
            if names.take():
                uses.append(Use("report", name))
        for number, block in enumerate(recipe.get("blocks") or [], start=1):
            request = (block.get("options") or {}).get("request") or {}
            if (block.get("survey") or request.get("survey") or follows) == survey.code:
                _block(block, names)
                if names.take():
                    uses.append(Use("block", name, str(number), str(block.get("title", "")), str(block["kind"])))
        if uses:
            yield _Found(uses, "UPDATE reports SET recipe = ? WHERE id = ?",
                         (json.dumps(recipe, ensure_ascii=False), report_id))


def _actions(conn: sqlite3.Connection, survey: Survey, names: _Names) -> Iterator[_Found]:
    """Improvement actions measured on this survey: their question, date column and filter."""
    rows = conn.execute("SELECT id, title, target_question, date_column, filter FROM actions"
                        " WHERE target_survey = ? ORDER BY id", (survey.code,))
    for action_id, title, question, date_column, expression in rows.fetchall():
        question, date_column = names.field(question), names.field(date_column)
        expression = names.expression(expression)
        if names.take():
            yield _Found([Use("action", title)],
                         "UPDATE actions SET target_question = ?, date_column = ?, filter = ? WHERE id = ?",
                         (question, date_column, expression, action_id))


def _logic(conn: sqlite3.Connection, survey: Survey, names: _Names) -> Iterator[_Found]:
    """Relevance and constraints of the survey's other active questions (the designer rewrites these
    itself on a rename, with the survey it writes, so nothing is written from here)."""
    for question in survey.active_questions():
        if question.code == names.code:
            continue
        for prop in logic.LOGIC_PROPS:
            names.expression(question.props.get(prop))
        if names.take():
            yield _Found([Use("logic", question.code)], "")


VISITORS: tuple[Visitor, ...] = (_logic, _rules, _touchpoints, _tiles, _reports, _actions)


# -- the public functions ----------------------------------------------------------------------------


def uses_of(study: Study, survey: Survey, code: str, part: str = "") -> list[Use]:
    """Everything that names question `code` of `survey` (or, with `part`, that choice or matrix row
    of it), in a stable order: other questions' logic, rules, touchpoints, tiles, reports, actions."""
    question = next((q for q in survey.questions if q.code == code), None)
    names = _Names(code, question, part)
    return [use for visit in VISITORS for found in visit(study.conn, survey, names) for use in found.uses]


def rename_uses(study: Study, survey: Survey, old: str, new: str) -> list[Use]:
    """Make every user outside the survey name question `new` where it named `old` (a column of it
    follows: `old__x` becomes `new__x`), in one transaction (the caller's, when it has one).

    Other questions' logic is left to the designer, which writes the survey itself."""
    names = _Names(old, None, new=new)
    found = [f for visit in VISITORS if visit is not _logic for f in visit(study.conn, survey, names)]
    uses = [use for f in found for use in f.uses]
    if not found:
        return uses
    with study.transaction(Changes.of(*{_CHANGED[use.kind] for use in uses})) as conn:
        for f in found:
            conn.execute(f.sql, f.params)
    return uses
