"""Messages of the analysis engine, charts and dashboards (issue 5)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "analysis.bad_operator": ("Unknown filter operator '{op}'; use one of: {known}.",
                              "未知的筛选运算符 “{op}”；可用：{known}。"),
    "analysis.not_choice": ("{code} is not a choice question; frequencies need single or multiple choice.",
                            "{code} 不是选择题；频数表需要单选或多选题。"),
    "analysis.weight_length": ("The weights do not have one value per response.",
                               "权重的个数与样本数不一致。"),
    "analysis.rake_empty": ("There are no responses to weight.", "没有可加权的样本。"),
    "analysis.rake_syntax": ("Cannot read the rim targets at '{part}': write them as "
                             "\"region=east:30,north:20;channel=store:60,app:40\" (a choice code or value and its "
                             "share for each category; variables separated by ';').",
                             "无法读取加权目标 “{part}”：请写成 \"region=east:30,north:20;channel=store:60,app:40\""
                             "（每个类别写选项代码或取值及其比例；变量之间用 “;” 分隔）。"),
    "analysis.rake_question": ("{column} cannot be rim-weighted: use a single-choice question of survey {survey}.",
                               "{column} 不能用于边际加权：请使用问卷 {survey} 中的单选题。"),
    "analysis.rake_choice": ("{column} has no choice '{choice}'; its choices are: {known}.",
                             "{column} 没有选项 “{choice}”；可用选项：{known}。"),
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
    "analysis.bad_weight": ("{column} cannot be a weight: a weight is a number question or a numeric derived "
                            "variable of survey {survey} whose values are 0 or more, such as {known}.",
                            "{column} 不能作为权重：权重须是问卷 {survey} 中取值不小于 0 的数值题或数值型派生变量，"
                            "例如 {known}。"),
    "analysis.bad_period": ("Unknown period '{period}'; use one of: {known}.", "未知的时间粒度 “{period}”；可用：{known}。"),
    "analysis.bad_trend_metric": ("A trend shows NPS or a mean, not '{metric}'.", "趋势只能显示 NPS 或均值，不能是 “{metric}”。"),
    "analysis.bad_metric": ("Unknown metric '{metric}'; use one of: {known}.", "未知的指标 “{metric}”；可用：{known}。"),
    "analysis.bad_chart": ("Unknown chart '{chart}'; use one of: {known}.", "未知的图表 “{chart}”；可用：{known}。"),
    "analysis.bad_breakdown": ("{code} cannot split the results (use a single choice, dropdown or scale question).",
                               "{code} 不能用于分组（请用单选、下拉或量表题）。"),
    "analysis.wrong_question": ("{code} is not a question for {metric} (NPS needs a 0-10 question; CSAT and CES a "
                                "rating; mean and trend a rating or number; key drivers an NPS or rating outcome). "
                                "Metrics that fit {code}: {fitting}.",
                                "{code} 不适用于 {metric}（NPS 需要 0-10 分题；CSAT 和 CES 需要评分题；均值和趋势需要"
                                "评分或数值题；关键驱动因素需要 NPS 或评分题作为结果）。适用于 {code} 的指标：{fitting}。"),
    "analysis.whole_matrix": ("{code} is a matrix of {n} rows: analyse one row ({rows}), or rank them all against "
                              "an outcome with --metric drivers --by {code}.",
                              "{code} 是含 {n} 行的矩阵题：请分析其中一行（{rows}），或用 --metric drivers --by {code} "
                              "对照结果题比较各行。"),
    "analysis.needs_breakdown": ("A {metric} needs a second question to split by (--by).",
                                 "{metric} 需要一个分组题（--by）。"),
    "analysis.drivers_matrix": ("Key drivers need a matrix of attribute ratings; {code} has none to use.",
                                "驱动因素分析需要一道属性评分矩阵题；{code} 没有可用的矩阵题。"),
    "analysis.drivers_few": ("Key drivers need at least two attributes.", "驱动因素分析至少需要两个属性。"),
    "analysis.drivers_small": ("Only {n} responses rated the outcome and all {k} attributes; too few for a driver "
                               "model. Widen the filter.",
                               "只有 {n} 份答卷对结果题和全部 {k} 个属性都有评分，不足以做驱动分析。请放宽筛选条件。"),
    "analysis.drivers_constant": ("An attribute or the outcome has the same rating in every response; it cannot "
                                  "explain anything.", "某个属性或结果题在所有答卷中评分相同，无法进行驱动分析。"),
    "analysis.drivers_collinear": ("The attributes' correlations do not form a valid model: two or more carry the same "
                                   "information, or too few responses rated them together. Leave one out or widen "
                                   "the filter.",
                                   "属性间的相关矩阵无法建模：有属性信息重复，或同时评分的答卷太少。请去掉一个属性或放宽筛选。"),
    "analysis.choose_survey": ("The study has several surveys; choose one with --survey: {surveys}",
                               "该研究项目有多份问卷；请用 --survey 选择其一：{surveys}"),
    "analysis.unknown_dashboard": ("There is no dashboard '{name}'; the study has: {known}.",
                                   "没有名为 “{name}” 的看板；本研究项目中有：{known}。"),
    "analysis.bad_dashboard": ("The dashboard '{name}' cannot be read ({reason}); save it again from the Charts area.",
                               "看板 “{name}” 无法读取（{reason}）；请在图表区重新保存。"),
    "analysis.dashboard_name": ("A dashboard needs a name.", "看板需要名称。"),
    "analysis.dashboard_exists": ("There is already a dashboard named '{name}'; choose another name.",
                                  "已有名为 “{name}” 的看板；请换一个名称。"),
    "analysis.note_filter": ("Filter: {filter} ({kept} of {total} responses)", "筛选：{filter}（{total} 份中的 {kept} 份）"),
    "analysis.note_weight": ("Weighted by {column} ({unusable} responses without a usable weight left out)",
                             "按 {column} 加权（{unusable} 份答卷无有效权重，未计入）"),
    "analysis.note_rim": ("Rim weighting on {columns}: efficiency {efficiency}%, effective base {effective} ({status})",
                          "按 {columns} 进行边际加权：加权效率 {efficiency}%，有效样本量 {effective}（{status}）"),
    "analysis.note_base": ("Base: n = {n} answered; {missing} without an answer left out",
                           "样本：n = {n} 份有效回答；{missing} 份未回答，未计入"),
    "analysis.note_small": ("Groups with n < {threshold} are marked as small bases: read them with care.",
                            "n < {threshold} 的组标记为小样本，解读需谨慎。"),
    "analysis.note_anova": ("One-way ANOVA: F = {f}, df = ({df1}, {df2}), p = {p}",
                            "单因素方差分析：F = {f}，自由度 = ({df1}, {df2})，p = {p}"),
    "analysis.note_mean": ("Mean {mean} (sd {sd})", "均值 {mean}（标准差 {sd}）"),
    "analysis.note_top_box": ("; top-2-box {share}%", "；前两项占比 {share}%"),
    "analysis.note_low_effort": ("; low effort {share}%", "；低费力占比 {share}%"),
    "analysis.note_multiple": ("Multiple answers: shares are of respondents and may add up to more than 100%.",
                               "多选题：比例以受访者为基数，合计可超过 100%。"),
    "analysis.note_chi": ("Chi-square = {chi}, df = {df}, p = {p}", "卡方 = {chi}，自由度 = {df}，p = {p}"),
    "analysis.note_letters": ("Letters: the column's share is significantly higher than that of the lettered column "
                              "(p < {alpha}, Bonferroni-adjusted).",
                              "字母表示该列比例显著高于所标字母列（p < {alpha}，Bonferroni 校正）。"),
    "analysis.note_trend": ("↑/↓: significant change against the previous period (p < 0.05).",
                            "↑/↓：与上一期相比变化显著（p < 0.05）。"),
    "analysis.note_drivers": ("Importance is each attribute's share of what the ratings explain together (relative "
                              "weights, Johnson; R² = {r2}). Base: n = {n} responses with the outcome ({missing} "
                              "without it left out); each attribute counts the respondents who rated both it and the "
                              "outcome, at least {pairs} for every attribute (the others skipped it or chose n.a.).",
                              "重要性为各属性在全部评分共同解释部分中所占的份额（Johnson 相对权重；R² = {r2}）。"
                              "样本：n = {n} 份答卷回答了结果题（{missing} 份未回答，未计入）；每个属性按同时评价了"
                              "该属性和结果题的受访者计算，每个属性至少 {pairs} 人（其余跳过或选了“不适用”）。"),
    "analysis.note_versus": ("↑/↓: the group is significantly above/below the rest of the sample ({test}, p < "
                             "{alpha}); (n=…) is each group's base.",
                             "↑/↓：该组显著高于/低于其余样本（{test}，p < {alpha}）；(n=…) 为各组样本量。"),
    "analysis.test_nps": ("z-test on the NPS difference, variances from the promoter and detractor shares",
                          "NPS 差值的 z 检验，方差由推荐者与贬损者占比计算"),
    "analysis.test_mean": ("Welch's t-test on the means", "均值的 Welch t 检验"),
    "analysis.test_share": ("two-proportion z-test on each answer's share", "各选项占比的两比例 z 检验"),
    "analysis.test_share_weighted": ("two-proportion z-test on each answer's weighted share, n = the effective base "
                                     "(Kish: (Σw)² / Σw²)",
                                     "各选项加权占比的两比例 z 检验，n 取有效样本量（Kish：(Σw)² / Σw²）"),
    "analysis.note_ipa": ("Fix first: {fix}", "优先改进：{fix}"),
    "analysis.total": ("All", "总体"),
    "analysis.title_by": ("{title} by {by}", "{title}（按{by}）"),
    "analysis.title_nps": ("NPS: {question}", "净推荐值 NPS：{question}"),
    "analysis.title_csat": ("CSAT: {question}", "满意度：{question}"),
    "analysis.title_ces": ("CES: {question}", "费力度：{question}"),
    "analysis.title_mean": ("Mean: {question}", "均值：{question}"),
    "analysis.title_freq": ("Answers: {question}", "回答分布：{question}"),
    "analysis.title_crosstab": ("Crosstab: {question}", "交叉表：{question}"),
    "analysis.title_trend": ("Trend: {question}", "趋势：{question}"),
    "analysis.title_drivers": ("Key drivers of {question}", "{question}的关键驱动因素"),
    "analysis.title_ipa": ("Importance and performance: {question}", "重要性–表现矩阵：{question}"),
    "analysis.detractors": ("Detractors", "贬损者"),
    "analysis.passives": ("Passives", "被动者"),
    "analysis.promoters": ("Promoters", "推荐者"),
    "analysis.share": ("Share (%)", "占比（%）"),
    "analysis.mean": ("Mean", "均值"),
    "analysis.importance": ("Importance (% of R²)", "重要性（占 R² 的 %）"),
    "analysis.performance": ("Performance (mean rating)", "表现（平均评分）"),
    "analysis.average": ("Average", "平均"),
    "analysis.quadrant_surplus": ("Possible overkill", "可能过度投入"),
    "analysis.quadrant_keep": ("Keep up the good work", "继续保持"),
    "analysis.quadrant_watch": ("Low priority", "次要改进"),
    "analysis.quadrant_fix": ("Fix first", "优先改进"),
    "analysis.period_day": ("Day", "日"),
    "analysis.period_week": ("Week (starting Monday)", "周（自周一起）"),
    "analysis.period_month": ("Month", "月"),
    "analysis.bad_date": ("'{value}' is not a date: write it as 2026-05-31 (year, month, day).",
                          "“{value}” 不是日期：请写成 2026-05-31（年-月-日）。"),
    "analysis.dates_reversed": ("The first date, {first}, is after the last, {last}: no day lies between them.",
                                "起始日期 {first} 晚于截止日期 {last}：两者之间没有任何一天。"),
    "analysis.no_metric_fits": ("{code} is not a question for {metric}, nor for any other metric (they need a "
                                "rating, NPS, number or choice question; text answers are analysed with xmdesk text).",
                                "{code} 不适用于 {metric}，也不适用于其他任何指标（指标需要评分、NPS、数值或选择题；"
                                "文字答案请用 xmdesk text 分析）。"),
    "analysis.no_weight": ("{column} cannot be a weight, and survey {survey} has nothing that can: a weight is a "
                           "number question or a numeric derived variable (xmdesk derive) whose values are 0 or more.",
                           "{column} 不能作为权重，问卷 {survey} 中也没有可作权重的变量：权重须是取值不小于 0 的数值题"
                           "或数值型派生变量（可用 xmdesk derive 创建）。"),
    "analysis.negative_weight": ("{column} holds negative values (the smallest is {value}), so it cannot be a "
                                 "weight: a weight says how much a response counts, 0 or more.",
                                 "{column} 含有负值（最小为 {value}），不能作为权重：权重表示一份答卷计多少，须不小于 0。"),
}
