"""Messages of the analysis engine, charts and dashboards (issue 5)."""

CATALOGUE: dict[str, tuple[str, str]] = {
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
