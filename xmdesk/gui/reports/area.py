"""The Reports area of a study: the report builder (recipes, blocks, live preview, exports)."""

from __future__ import annotations

from xmdesk.gui.reports.builder import ReportBuilder


class ReportsArea(ReportBuilder):
    """The report builder as the study's Reports area: the builder is the whole area, under the area's key."""

    key = "reports"
