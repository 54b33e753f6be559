"""The analysis engine: response frames, CX metrics, crosstabs and their significance tests.

Kept out of `xmdesk.core`'s light modules: importing this package imports pandas and
numpy, which the study/survey/responses modules must not pay for at start-up.
"""

from __future__ import annotations

from xmdesk.core import messages

# The analysis engine's messages, added to the core catalogue on import (messages.py is
# owned elsewhere; these belong there in the end, where the catalogue tests see them).
ANALYSIS_MESSAGES: dict[str, tuple[str, str]] = {
    "analysis.bad_operator": ("Unknown filter operator '{op}'; use one of: {known}.",
                              "未知的筛选运算符 “{op}”；可用：{known}。"),
    "analysis.not_choice": ("{code} is not a choice question; frequencies need single or multiple choice.",
                            "{code} 不是选择题；频数表需要单选或多选题。"),
    "analysis.weight_length": ("The weights do not have one value per response.",
                               "权重的个数与样本数不一致。"),
    "analysis.rake_empty": ("There are no responses to weight.", "没有可加权的样本。"),
    "analysis.rake_bad_targets": ("The target shares of {column} must be positive and add up to more than 0.",
                                  "{column} 的目标比例必须为正数且总和大于 0。"),
    "analysis.rake_uncovered": ("{rows} responses have a value of {column} with no target; give every category "
                                "a target or filter those responses out.",
                                "有 {rows} 个样本的 {column} 取值没有目标比例；请为每个类别设定目标，或先筛掉这些样本。"),
    "analysis.rake_empty_cell": ("No response has {column} = {value}, so its target cannot be reached.",
                                 "没有样本的 {column} = {value}，无法达到该目标比例。"),
    "analysis.not_categorical": ("{code} has neither choices nor a scale, so it cannot split a table.",
                                 "{code} 既没有选项也不是量表题，不能用于交叉分组。"),
    "analysis.anova_groups": ("An analysis of variance needs at least two groups with answers.",
                              "方差分析至少需要两个有回答的组。"),
}
for _key, _texts in ANALYSIS_MESSAGES.items():
    messages.CATALOGUE.setdefault(_key, _texts)

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
