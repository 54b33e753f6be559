"""Messages of banner tables (issue 20)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "tables.empty": ("A banner table needs at least one row variable (--rows) and one banner variable (--banner).",
                     "横幅表至少需要一个行变量（--rows）和一个横幅变量（--banner）。"),
    "tables.not_categorical": ("{code} is a {type} question without categories, so it cannot be a row or column of "
                               "a banner table (use a choice, a rating or NPS question, or a derived recode of it).",
                               "{code} 是没有类别的{type}题，不能作为横幅表的行或列（请用选择题、评分题、NPS 题，"
                               "或其派生分组变量）。"),
    "tables.banner_multiple": ("{code} is a multiple-choice question: a banner column must split respondents into "
                               "groups, so use it as a row variable.",
                               "{code} 是多选题：横幅列需把受访者分成互不重叠的组，请把它用作行变量。"),
    "tables.matrix": ("{code} is a matrix: a banner table takes one variable per row or column; derive one from its "
                      "rows (their mean recoded into bands, a straight-liner flag) and use that.",
                      "{code} 是矩阵题：横幅表的每一行或列只能是一个变量；请由其各行派生一个变量（如均值分段、"
                      "直线作答标记）再使用。"),
    "tables.test": ("Letters: column proportions test within each banner group (two-sided z-test of two "
                    "proportions, pooled), α = {alpha}; a letter marks the column whose share is significantly lower.",
                    "字母：同一横幅组内各列比例检验（双侧两比例合并 z 检验），α = {alpha}；字母表示该列比例显著低于"
                    "本列的那一列。"),
    "tables.bonferroni": ("p-values Bonferroni-adjusted for the pairs compared in each row.",
                          "p 值按每行比较的列对数做 Bonferroni 校正。"),
    "tables.effective": ("Weighted: percentages on weighted counts, tests on each column's effective base (Kish).",
                         "已加权：百分比基于加权计数，检验使用各列的有效样本量（Kish）。"),
    "tables.base": ("Base (n)", "样本量（n）"),
    "tables.weighted_base": ("Weighted base", "加权样本量"),
    "tables.effective_base": ("Effective base", "有效样本量"),
    "tables.contents": ("Contents", "目录"),
    "tables.table": ("Table", "表"),
    "tables.back": ("← Contents", "← 返回目录"),
    "tables.of_total": ("Column %", "列百分比"),
}
