"""Messages of derived variables, quality flags and excluded responses (issue 20)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "derived.bad_kind": ("Unknown kind of derived variable '{kind}'; use one of: {known}.",
                         "未知的派生变量类型 “{kind}”；可用：{known}。"),
    "derived.bad_type": ("A derived variable is single choice, number or text, not '{type}' (use one of: {known}).",
                         "派生变量只能是单选、数值或文本，不能是 “{type}”（可用：{known}）。"),
    "derived.bad_flag": ("Unknown quality flag '{flag}'; use one of: {known}.", "未知的质量标记 “{flag}”；可用：{known}。"),
    "derived.code_taken": ("{code} is already a question or column of survey {survey}: choose another code.",
                           "{code} 已是问卷 {survey} 的题目或列：请换一个代码。"),
    "derived.needs_choices": ("{code} is a single-choice variable: give it at least two choices.",
                              "{code} 是单选变量：请至少给出两个选项。"),
    "derived.needs_rules": ("The recode {code} has no rules: say which values go into which choice.",
                            "重新编码 {code} 没有规则：请写明哪些取值归入哪个选项。"),
    "derived.unknown_source": ("Survey {survey} has no question or column '{column}' to compute from.",
                               "问卷 {survey} 没有可用于计算的题目或列 “{column}”。"),
    "derived.not_multiple": ("{code} is not a multiple-choice question, so its selected options cannot be counted.",
                             "{code} 不是多选题，无法统计所选选项数。"),
    "derived.not_matrix": ("{code} is not a matrix question: straight-lining is one answer across a matrix's rows.",
                           "{code} 不是矩阵题：直线作答指矩阵各行选同一个答案。"),
    "derived.unknown_option": ("{code} has no option '{option}'; its options are: {known}.",
                               "{code} 没有选项 “{option}”；可用选项：{known}。"),
    "derived.unknown_choice": ("{code} has no choice '{choice}'; its choices are: {known}.",
                               "{code} 没有选项 “{choice}”；可用选项：{known}。"),
    "derived.unknown_value": ("'{value}' is neither a choice of {code} nor a number.",
                              "“{value}” 既不是 {code} 的选项，也不是数字。"),
    "derived.no_duration": ("A speeder flag needs the time each response took: name a duration column (seconds) or "
                            "a start and an end time; survey {survey} has none of them set.",
                            "超速作答标记需要每份答卷的用时：请指定时长列（秒），或开始与结束时间；问卷 {survey} 未设定。"),
    "derived.duplicate_needs_by": ("A duplicate flag needs the columns that make two responses the same (customer, "
                                   "IP, a text).", "重复标记需要指定判定相同的列（客户、IP、某道文本题）。"),
    "derived.cycle": ("These derived variables are computed from each other in a circle: {path}.",
                      "这些派生变量互相引用，形成循环：{path}。"),
    "derived.not_found": ("Survey {survey} has no derived variable {code}; it has: {known}.",
                          "问卷 {survey} 没有派生变量 {code}；现有：{known}。"),
    "derived.in_use": ("{code} cannot be removed: {users} are computed from it.", "无法删除 {code}：{users} 由它计算得出。"),
    "derived.not_flag": ("{code} is not a quality flag of this survey.", "{code} 不是本问卷的质量标记。"),
    "derived.no_responses": ("Survey {survey} has no response {ids}.", "问卷 {survey} 没有答卷 {ids}。"),
    "derived.reason_needed": ("Say why the responses are excluded (the reason is kept with them).",
                              "请说明排除这些答卷的原因（原因会随答卷保存）。"),
    "derived.spec_json": ("The definition is not valid JSON: {detail}", "定义不是有效的 JSON：{detail}"),
    "derived.odata_code": ("'{code}' cannot name an O-data variable: write the table, a dot and a code, such as "
                           "orders.amount_30d or customers.segment.",
                           "“{code}” 不能作为运营数据变量的代码：请写成 表名.代码，例如 orders.amount_30d 或 customers.segment。"),
    "derived.odata_no_table": ("The study has no table '{table}' of operational data; it has: {known}.",
                               "本研究项目没有运营数据表 “{table}”；现有：{known}。"),
    "derived.odata_no_join": ("Table {table} is not linked to responses: declare which of its columns holds the "
                              "customer (or order) id first.",
                              "表 {table} 尚未与答卷关联：请先指定其中哪一列是客户（或订单）编号。"),
    "derived.odata_no_date": ("Table {table} has no date column '{column}' to place its rows before or after a "
                              "response; its columns: {known}.",
                              "表 {table} 没有可用于按答卷日期前后取数的日期列 “{column}”；现有列：{known}。"),
    "derived.odata_no_column": ("Table {table} has no column '{column}'; its columns: {known}.",
                                "表 {table} 没有列 “{column}”；现有列：{known}。"),
    "derived.odata_bad_agg": ("Unknown aggregate '{agg}'; use one of: {known}.", "未知的汇总方式 “{agg}”；可用：{known}。"),
    "derived.odata_not_numeric": ("{table}.{column} is not a number, so it has no {agg}.",
                                  "{table}.{column} 不是数值，无法计算 {agg}。"),
    "derived.odata_customer_agg": ("A customer has one row in {table}: read a field of it, without an aggregate or "
                                   "a window of days.",
                                   "每位客户在 {table} 中只有一行：请直接读取字段，不要汇总或设定天数窗口。"),
    "derived.value_no_nps": ("Survey {survey} has no NPS question (0-10) to group respondents by.",
                             "问卷 {survey} 没有可用于分组的 NPS 题（0-10 分）。"),
    "derived.value_not_nps": ("{code} is not an NPS question (0-10): promoters and detractors come from one.",
                              "{code} 不是 NPS 题（0-10 分）：推荐者与贬损者由 NPS 题得出。"),
    "derived.value_title": ("Spend and repurchase by NPS group ({table}.{column}, {days} days)",
                            "各 NPS 群体的消费与复购（{table}.{column}，{days} 天）"),
    "derived.value_group": ("NPS group", "NPS 群体"),
    "derived.value_spend_before": ("Mean spend, {days} days before", "人均消费（之前 {days} 天）"),
    "derived.value_spend_after": ("Mean spend, {days} days after", "人均消费（之后 {days} 天）"),
    "derived.value_repurchase": ("Repurchased within {days} days", "{days} 天内复购率"),
    "derived.value_tests": ("Promoters vs detractors", "推荐者 vs 贬损者"),
    "derived.value_welch": ("Welch t = {t}, {p}", "Welch t = {t}，{p}"),
    "derived.value_chi_square": ("χ² = {chi2}, {p}", "χ² = {chi2}，{p}"),
    "derived.value_unlinked": ("{n} respondents without a customer id are in no group.",
                               "{n} 位受访者没有客户编号，未计入任何群体。"),
    "derived.value_note": ("Spend per respondent (0 without orders); tests: Welch t for spend, chi-square for "
                           "repurchase, unweighted.",
                           "按受访者计的消费（无订单计 0）；检验：消费用 Welch t 检验，复购用卡方检验，不加权。"),
    "derived.value_no_table": ("The study has no operational table linked to responses by customer: import orders "
                               "first.", "本研究项目没有按客户与答卷关联的运营数据表：请先导入订单。"),
    "derived.odata_bad_days": ("A window of {days} days cannot be: give a number of days of 0 or more.",
                               "{days} 天的窗口无效：天数须为 0 或更大。"),
    "derived.form_band_label": ("Band {row} has no label: give it one in Chinese or in English (it names the band "
                                "in every table).", "第 {row} 个区间没有标签：请填写中文或英文标签（各表格以它称呼该区间）。"),
    "derived.form_band_bound": ("Band {row}: '{value}' is not a number. Write a number, or leave the end empty for an "
                                "open band.", "第 {row} 个区间：“{value}” 不是数字。请填写数字，或留空表示不设上下限。"),
    "derived.form_group_label": ("Group {row} has no label: give it one in Chinese or in English.",
                                 "第 {row} 个分组没有标签：请填写中文或英文标签。"),
    "derived.spec_not_object": ("The definition (--spec) must be a JSON object, such as {{\"source\": \"csat\"}}, "
                                "not {given}.", "定义（--spec）必须是 JSON 对象，例如 {{\"source\": \"csat\"}}，而不是 {given}。"),
    "derived.parameter_number": ("The definition's '{key}' must be a number, not {given}.",
                                 "定义中的 “{key}” 必须是数字，而不是 {given}。"),
    "derived.parameter_list": ("The definition's '{key}' must be a list in [ ], such as [\"a\", \"b\"], not {given}.",
                               "定义中的 “{key}” 必须是用 [ ] 括起的列表，例如 [\"a\", \"b\"]，而不是 {given}。"),
    "derived.rule_shape": ("Rule {n} of the recode must be an object such as {{\"choice\": \"low\", \"max\": 3}}, "
                           "not {given}.", "重新编码的第 {n} 条规则必须是对象，例如 {{\"choice\": \"low\", \"max\": 3}}，"
                           "而不是 {given}。"),
    "derived.odata_response_not_date": ("{column} holds no dates, so it cannot place a response on a day: name one "
                                        "of {known}.", "{column} 不含日期，无法确定答卷所在的日子：请指定以下之一：{known}。"),
    "derived.choices_not_single": ("{code} has choices but is declared {type}: a variable with choices is a single "
                                   "choice. Declare it single (--type single), or leave the choices out.",
                                   "{code} 有选项，却声明为 {type}：带选项的变量是单选。请声明为单选（--type single），"
                                   "或去掉选项。"),
}
