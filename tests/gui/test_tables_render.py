"""A banner table in the PDF (issue 20): every number gets the width it prints in, however many columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from xmdesk.core.reports.build import build_report
from xmdesk.core.reports.recipe import Block, Report
from xmdesk.core.study.file import Study
from xmdesk.render.pdf import _Document


@pytest.fixture(autouse=True)
def _widgets_app(qapp: object) -> None:
    """pytest-qt's QApplication first: a bare QGuiApplication made by the renderer would break later widget tests."""


def test_a_wide_banner_table_keeps_every_number_whole(demo_path: Path) -> None:
    block = Block("banner", options={"rows": ["csat", "channel"], "banner": ["region"]})
    with Study.open(demo_path, read_only=True) as study:
        built = build_report(study, Report(name="r", survey="retail_cx", lang="en", blocks=[block]))
    table = built.sections[0].table
    assert table is not None and len(table.header) == 9  # labels, Total, 7 regions
    document = _Document(built, 595 / 72 * 96, 842 / 72 * 96)
    widths, words = document.column_widths(table)
    assert sum(widths) == pytest.approx(document.content.width())
    assert all(w >= need - 1e-6 for w, need in zip(widths[1:], words[1:]))  # "1,000" and "57.9%" are never cut
