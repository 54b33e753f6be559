"""How a number is written, once for every face: one function per role of a value.

A chart spec says the role of its values (`ChartSpec.value_role`), and the screen, every
report format and the CLI call `text(value, role)`; Excel and PowerPoint get the number
format that makes their own rendering print the same (`excel_format`), so their cells keep
numbers. The forms, chosen where the faces used to disagree:

- score (a mean): two decimals, thousands separated — 3.70, 1,234.50. Fixed decimals keep a
  column of means aligned and show that 3.70 is not 3.7 rounded from 3.65-3.74 by accident.
- percent (the spec's shares are already in %): one decimal — 45.0%, 0.0%, 100.0%.
- count: whole, thousands separated — 1,000,000.
- nps: one decimal with its sign — +20.9, -12.5, and 0.0 without one.
- difference: a change, signed, with the decimals of what changed — +0.25 (a mean), +3.2 (NPS).

Rounding is half away from zero on the shortest decimal form of the value, as Excel and
PowerPoint round (Python's own formatting would print 2.675 as 2.67, Excel 2.68). Digits,
separators and signs are the same in Chinese (zh-CN) and English, so no form needs the
language; a missing value is an en dash in both.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from enum import Enum

MISSING = "–"


class Role(str, Enum):
    SCORE = "score"
    PERCENT = "percent"
    COUNT = "count"
    NPS = "nps"


DECIMALS = {Role.SCORE: 2, Role.PERCENT: 1, Role.COUNT: 0, Role.NPS: 1}


def _absent(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and not math.isfinite(value))


def _digits(value: float, decimals: int) -> str:
    """|value| rounded half away from zero, thousands separated."""
    rounded = Decimal(f"{abs(value):.15g}").quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{decimals}f}"


def _unsigned(value: float, decimals: int) -> str:
    return ("-" if value < 0 else "") + _digits(value, decimals)


def _signed(value: float, decimals: int) -> str:
    """+ before a positive value, - before a negative one, nothing before zero (Excel's three sections)."""
    return ("+" if value > 0 else "-" if value < 0 else "") + _digits(value, decimals)


def score(value: float | None) -> str:
    """A mean: two decimals, thousands separated (3.70, 1,234.50); None, NaN or infinity as the en dash."""
    return MISSING if _absent(value) else _unsigned(float(value or 0.0), DECIMALS[Role.SCORE])


def percent(value: float | None) -> str:
    """A share already in % (45.0 for 45 %)."""
    return MISSING if _absent(value) else _unsigned(float(value or 0.0), DECIMALS[Role.PERCENT]) + "%"


def count(value: float | None) -> str:
    """A count: whole, thousands separated (1,000,000); None, NaN or infinity as the en dash."""
    return MISSING if _absent(value) else _unsigned(float(value or 0.0), 0)


def nps(value: float | None) -> str:
    """An NPS: one decimal and its sign (+20.9, -12.5, 0.0 with none); None, NaN or infinity as the en dash."""
    return MISSING if _absent(value) else _signed(float(value or 0.0), DECIMALS[Role.NPS])


def difference(value: float | None, role: Role | str = Role.NPS) -> str:
    """A change of a value of `role`, signed: +0.25 for a mean, +3.2 for NPS or a share."""
    return MISSING if _absent(value) else _signed(float(value or 0.0), DECIMALS[Role(role)])


_TEXT = {Role.SCORE: score, Role.PERCENT: percent, Role.COUNT: count, Role.NPS: nps}


def text(value: float | None, role: Role | str) -> str:
    """`value` as every face prints a value of this role."""
    return _TEXT[Role(role)](value)


def p_value(p: float | None) -> str:
    """A test's p as every face prints it: 'p < 0.001' below a thousandth (more digits claim a precision the
    normal approximations behind our tests do not have), else three decimals, 'p = 0.012'."""
    if _absent(p):
        return MISSING
    value = float(p or 0.0)
    return "p < 0.001" if value < 0.001 else f"p = {_digits(value, 3)}"


def _places(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def excel_format(role: Role | str) -> str:
    """The Excel/PowerPoint number format that prints a number exactly as `text` does (the cell stays a number)."""
    role = Role(role)
    places = _places(DECIMALS[role])
    if role is Role.PERCENT:
        return places + '"%"'  # the value is already in %: a bare % would multiply it by 100
    if role is Role.NPS:
        return f"+{places};-{places};{places}"
    return places


def role_of_unit(unit: str) -> Role:
    """The role of a chart's values from its axis unit, for specs stored before roles were recorded."""
    return {"%": Role.PERCENT, "pts": Role.NPS}.get(unit, Role.SCORE)
