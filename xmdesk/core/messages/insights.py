"""Messages of the insight finder (issue 23): its sentences, its summary line, its progress and errors."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "insights.whole_lower": ("{who}: {outcome} {value}, {size} lower than the rest ({other}; n = {n} vs {n_other}, {p})",
                             "{who}的{outcome}为 {value}，比其余受访者（{other}）低 {size}（n = {n} vs {n_other}，{p}）"),
    "insights.whole_higher": ("{who}: {outcome} {value}, {size} higher than the rest ({other}; n = {n} vs {n_other}, "
                              "{p})",
                              "{who}的{outcome}为 {value}，比其余受访者（{other}）高 {size}（n = {n} vs {n_other}，{p}）"),
    "insights.period_lower": ("{who}: {outcome} {value} in {last}, down {size} from {previous} ({other}{rest}; "
                              "n = {n} vs {n_other}, {p})",
                              "{who}的{outcome}在 {last} 为 {value}，比 {previous}（{other}）下降 {size}"
                              "（{rest}n = {n} vs {n_other}，{p}）"),
    "insights.period_higher": ("{who}: {outcome} {value} in {last}, up {size} from {previous} ({other}{rest}; "
                               "n = {n} vs {n_other}, {p})",
                               "{who}的{outcome}在 {last} 为 {value}，比 {previous}（{other}）上升 {size}"
                               "（{rest}n = {n} vs {n_other}，{p}）"),
    "insights.rest_change": ("; the rest: {change}", "其余受访者同期变化 {change}；"),
    "insights.unit_nps": (" points", " 分"),
    "insights.unit_share": (" points", " 个百分点"),
    "insights.everyone": ("All respondents", "全体受访者"),
    "insights.group": ("{group} ({segment})", "{group}（{segment}）"),
    "insights.within": ("; within it, {parts}", "；其中 {parts}"),
    "insights.within_one": ("{group} {value} (n = {n})", "{group} {value}（n = {n}）"),
    "insights.within_more": ("{count} more", "另有 {count} 个"),
    "insights.list_separator": (", ", "、"),
    "insights.reason": ("; likely reason: {topic} (mentioned in {value} of comments vs {other})",
                        "；差距主要来自{topic}（评论中提及的比例 {value} vs {other}）"),
    "insights.driver": ("; the rating furthest from the rest: {item} ({value} vs {other})",
                        "；评分差距最大的方面：{item}（{value} vs {other}）"),
    "insights.end": (".", "。"),
    "insights.summary": ("{comparisons} comparisons made, {significant} significant after the Benjamini–Hochberg "
                         "correction (false-discovery rate {fdr}); {kept} findings kept with an effect size of at "
                         "least {effect} and bases of at least {base}.",
                         "共比较 {comparisons} 次，经 Benjamini–Hochberg 校正（错误发现率 {fdr}）后显著 {significant} 个；"
                         "保留效应量不小于 {effect}、基数不小于 {base} 的发现 {kept} 条。"),
    "insights.reading": ("Reading the responses…", "正在读取数据…"),
    "insights.comparing": ("Comparing every segment with every outcome…", "正在比较各分组与各项指标…"),
    "insights.nothing_to_compare": ("Survey {survey} has nothing to compare: it needs an NPS or rating question, "
                                    "comments or cases as outcomes, and a choice question or customer facts as "
                                    "segments.",
                                    "问卷 {survey} 没有可比较的内容：需要 NPS 或评分题、评论或工单作为指标，"
                                    "并需要选择题或客户信息作为分组。"),
    "insights.bad_min_base": ("The minimum base must be a whole number of at least 2 (got {value}).",
                              "最小基数必须是不小于 2 的整数（当前为 {value}）。"),
    "insights.bad_min_effect": ("The effect-size floor must be a number of at least 0, e.g. 0.1 or 0.2 (got {value}).",
                                "效应量下限必须是不小于 0 的数，例如 0.1 或 0.2（当前为 {value}）。"),
    "insights.bad_fdr": ("The false-discovery rate must lie between 0 and 1, e.g. 0.05 (got {value}).",
                         "错误发现率必须在 0 与 1 之间，例如 0.05（当前为 {value}）。"),
    "insights.no_chart": ("This finding has no chart: its segment or outcome is not a question of the survey.",
                          "此发现没有可用的图表：其分组或指标不是问卷中的题目。"),
}
