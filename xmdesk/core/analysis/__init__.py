"""The analysis engine: response frames, CX metrics, crosstabs and their significance tests.

Kept out of `xmdesk.core`'s light modules: importing this package imports pandas and
numpy, which the study/survey/responses modules must not pay for at start-up.
"""

from __future__ import annotations

from xmdesk.core.analysis.crosstab import (NPS_GROUPS, Crosstab, MeansBySegment, SegmentNps, crosstab, means_by,
                                           nps_by, nps_groups, one_way_anova, t_test)
from xmdesk.core.analysis.frame import Condition, Filter, load_filtered, load_frame
from xmdesk.core.analysis.metrics import (FrequencyResult, MeanResult, NpsResult, RakeResult, ScaleResult, ces,
                                          csat, effective_base, frequencies, mean, nps, rake, scale_summary)

__all__ = [
    "NPS_GROUPS", "SegmentNps", "nps_by", "nps_groups", "Condition", "Crosstab", "Filter", "FrequencyResult", "MeanResult", "MeansBySegment", "NpsResult",
    "RakeResult", "ScaleResult", "ces", "crosstab", "csat", "effective_base", "frequencies", "load_filtered",
    "load_frame", "mean", "means_by", "nps", "one_way_anova", "rake", "scale_summary", "t_test",
]
