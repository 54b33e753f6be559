"""The core's number vocabulary: one form per role of a value, and the Excel format that prints the same."""

from __future__ import annotations

import math

import pytest

from xmdesk.core.vocabulary import numbers
from xmdesk.core.vocabulary.numbers import Role

TABLE = [
    (3.7, Role.SCORE, "3.70"), (1234.5, Role.SCORE, "1,234.50"), (1e6, Role.SCORE, "1,000,000.00"),
    (2.675, Role.SCORE, "2.68"), (-0.5, Role.SCORE, "-0.50"),
    (45.0, Role.PERCENT, "45.0%"), (0.0, Role.PERCENT, "0.0%"), (100.0, Role.PERCENT, "100.0%"),
    (1e6, Role.COUNT, "1,000,000"), (29, Role.COUNT, "29"), (0, Role.COUNT, "0"),
    (-12.5, Role.NPS, "-12.5"), (0.0, Role.NPS, "0.0"), (100.0, Role.NPS, "+100.0"), (20.8955, Role.NPS, "+20.9"),
]


@pytest.mark.parametrize(("value", "role", "expected"), TABLE)
def test_one_text_per_role(value: float, role: Role, expected: str) -> None:
    assert numbers.text(value, role) == expected


@pytest.mark.parametrize("value", [None, math.nan, math.inf])
def test_a_missing_value_is_a_dash_in_every_role(value: float | None) -> None:
    assert {numbers.text(value, role) for role in Role} == {numbers.MISSING}


def test_differences_are_signed_with_the_decimals_of_what_changed() -> None:
    assert numbers.difference(0.25, Role.SCORE) == "+0.25"
    assert numbers.difference(-3.24, Role.NPS) == "-3.2"
    assert numbers.difference(0.0, Role.PERCENT) == "0.0"


def test_excel_formats_keep_percent_values_as_they_are() -> None:
    assert numbers.excel_format(Role.PERCENT) == '#,##0.0"%"'  # 45.0 shows 45.0%, not 4500.0%
    assert numbers.excel_format(Role.NPS) == "+#,##0.0;-#,##0.0;#,##0.0"
    assert numbers.excel_format(Role.SCORE) == "#,##0.00"
    assert numbers.excel_format(Role.COUNT) == "#,##0"
