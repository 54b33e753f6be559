"""The Reports area of a study: the report builder (recipes, blocks, live preview, exports)."""

from __future__ import annotations

from xmdesk.gui.reports.builder import ReportBuilder


class ReportsArea(ReportBuilder):
    key = "reports"
