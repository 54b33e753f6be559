"""The insight finder (issue 23): what the researcher did not think to ask.

Every segment (choice questions, ratings, NPS groups, customer facts) against every outcome (NPS,
CSAT, CES, the topic shares of comments, case rates), over the whole period and period-on-period;
differences kept when significant after Benjamini–Hochberg and large enough to matter, ranked,
merged, and written as sentences. Imports pandas, numpy and scipy: load it where it is used.
"""

from __future__ import annotations

from xmdesk.core.insights.finder import Insights, find_insights, insights_json
from xmdesk.core.insights.findings import Finding
from xmdesk.core.insights.scan import Options

__all__ = ["Finding", "Insights", "Options", "find_insights", "insights_json"]
