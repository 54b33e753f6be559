"""Messages of the survey designer, templates and XLSForm import/export (issue 6)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "designer.unknown_edit": (
        "Unknown survey edit '{kind}'.",
        "未知的问卷修改操作 “{kind}”。",
    ),
    "designer.title_empty": (
        "Survey {survey} needs a title in at least one language: lists, charts and report covers show it.",
        "问卷 {survey} 至少需要一种语言的标题：列表、图表和报告封面都会显示它。",
    ),
    "designer.unknown_field": (
        "These cannot be changed this way: {field}.",
        "不能以这种方式修改：{field}。",
    ),
    "designer.answered_choice": (
        "Question {question}: choice '{code}' already has {count} answer(s), so its code and value must stay. "
        "To give it a new code or value, use Recode, which rewrites the stored answers.",
        "题目 {question}：选项 “{code}” 已有 {count} 个回答，其编码和取值不能更改。"
        "如需更改，请使用“重新编码”，它会同时改写已保存的回答。",
    ),
    "designer.answered_item": (
        "Question {question}: row '{code}' already has {count} answer(s) and cannot be removed or renamed.",
        "题目 {question}：行 “{code}” 已有 {count} 个回答，不能删除或改名。",
    ),
    "designer.rename_answered": (
        "Question {code} already has answers; its code names their column and cannot change. "
        "Change its label instead.",
        "题目 {code} 已有回答，其编码就是数据列名，不能更改。请改题目文字。",
    ),
    "designer.recode_not_choice": (
        "Question {question} has no choices to recode.",
        "题目 {question} 没有可重新编码的选项。",
    ),
    "designer.recode_unknown": (
        "Question {question}: the recode names choice '{code}', which does not exist.",
        "题目 {question}：重新编码中的选项 “{code}” 不存在。",
    ),
    "designer.recode_merge_multiple": (
        "Question {question} is multiple choice: each option is its own column, so a recode may rename options "
        "but not merge two into one.",
        "题目 {question} 是多选题：每个选项是单独的数据列，重新编码只能改名，不能把两个选项合并为一个。",
    ),
    "designer.scale_answered": (
        "Question {question}: {count} answer(s) lie above {points}, so the scale cannot shrink to {points} points.",
        "题目 {question}：有 {count} 个回答大于 {points}，量表不能缩小到 {points} 分。",
    ),
    "designer.in_use_remove": (
        "Question {code} cannot be removed: it is used by{uses}\nChange or delete these first.",
        "题目 {code} 不能删除，以下内容正在使用它：{uses}\n请先修改或删除这些内容。",
    ),
    "designer.in_use_rename": (
        "Question {code} cannot simply be renamed to {parts}: it is used by{uses}\n"
        "Rename it and update these with it, or change them first.",
        "题目 {code} 不能直接改名为 {parts}，以下内容正在使用它：{uses}\n请改名并同时更新这些内容，或先修改它们。",
    ),
    "designer.in_use_rename_shared": (
        "Question {code} cannot be renamed to {parts}: it is used by{uses}\n"
        "A rule for every survey cannot follow a rename in one survey: change it first.",
        "题目 {code} 不能改名为 {parts}，以下内容正在使用它：{uses}\n适用于所有问卷的规则无法随一份问卷的改名而更新，请先修改该规则。",
    ),
    "designer.in_use_choices": (
        "Question {code}: choice {parts} cannot be removed or recoded: it is used by{uses}\n"
        "Change or delete these first.",
        "题目 {code}：选项 {parts} 不能删除或重新编码，以下内容正在使用它：{uses}\n请先修改或删除这些内容。",
    ),
    "designer.in_use_items": (
        "Question {code}: row {parts} cannot be removed: it is used by{uses}\nChange or delete these first.",
        "题目 {code}：行 {parts} 不能删除，以下内容正在使用它：{uses}\n请先修改或删除这些内容。",
    ),
    "designer.use_logic": ("the logic of question {name}", "题目 {name} 的显示逻辑或校验"),
    "designer.use_rule": ("alert rule '{name}'", "预警规则 “{name}”"),
    "designer.use_shared_rule": ("alert rule '{name}' (for every survey)", "预警规则 “{name}”（适用于所有问卷）"),
    "designer.use_touchpoint": ("journey '{name}' touchpoint '{part}'", "旅程 “{name}” 的触点 “{part}”"),
    "designer.use_tile": ("dashboard '{name}' tile {part}", "仪表板 “{name}” 的第 {part} 个图块"),
    "designer.use_report": ("report '{name}' (its filter or weight)", "报告 “{name}”（筛选条件或权重）"),
    "designer.use_block": ("report '{name}' block {part} ({title})", "报告 “{name}” 的第 {part} 个模块（{title}）"),
    "designer.use_action": ("improvement action '{name}'", "改进行动 “{name}”"),
    "designer.use_more": ("… and {count} more", "……另有 {count} 处"),
    "designer.archived_reference": (
        "${{{code}}} is an archived question: it is no longer asked, so it is always empty.",
        "${{{code}}} 是已归档的题目：不再提问，其答案永远为空。",
    ),
    "designer.bad_logic": (
        "The logic of question {question} does not fit the survey: {problems}",
        "题目 {question} 的逻辑与问卷不符：{problems}",
    ),
    "designer.template_not_found": (
        "There is no survey template '{name}'. Templates: {known}.",
        "没有名为 “{name}” 的问卷模板。可用模板：{known}。",
    ),
    "designer.template_bad": (
        "The survey template {path} cannot be read ({detail}).",
        "无法读取问卷模板 {path}（{detail}）。",
    ),
}
CATALOGUE.update({
    "xlsform.where": ("sheet '{sheet}', row {row}: {problem}", "工作表 “{sheet}” 第 {row} 行：{problem}"),
    "xlsform.invalid": (
        "{path} cannot be imported as an XLSForm ({count} problem(s)); nothing was imported:\n{details}",
        "{path} 无法作为 XLSForm 导入（{count} 个问题），未导入任何内容：\n{details}",
    ),
    "xlsform.no_file": ("{path} does not exist: give the XLSForm's file (.xlsx, .xlsm, .xls, or pyxform's .csv or "
                        ".md).",
                        "{path} 不存在：请给出 XLSForm 文件（.xlsx、.xlsm、.xls，或 pyxform 的 .csv、.md）。"),
    "xlsform.not_a_file": ("{path} is a folder or a device, not a form: give the XLSForm's file itself (.xlsx, .xlsm, "
                           ".xls, or pyxform's .csv or .md).",
                           "{path} 是文件夹或设备，不是表单：请给出 XLSForm 文件本身（.xlsx、.xlsm、.xls，"
                           "或 pyxform 的 .csv、.md）。"),
    "xlsform.not_workbook": ("this is not an Excel workbook (.xlsx, .xlsm, .xls) nor UTF-8 text in pyxform's .csv or "
                             ".md layout: {detail}",
                             "这不是 Excel 工作簿（.xlsx、.xlsm、.xls），也不是 pyxform 的 .csv 或 .md 格式的 UTF-8 文本：{detail}"),
    "xlsform.too_large": ("a .csv or .md form over {limit} MB is not read: no XLSForm is that large.",
                          "超过 {limit} MB 的 .csv 或 .md 表单不予读取：XLSForm 不会这么大。"),
    "xlsform.missing_sheet": ("the workbook has no '{name}' sheet, which every XLSForm needs.",
                              "工作簿缺少 XLSForm 必需的 “{name}” 工作表。"),
    "xlsform.missing_sheet_for_list": (
        "question '{name}' uses choice list '{list}', but the workbook has no 'choices' sheet.",
        "题目 “{name}” 使用选项列表 “{list}”，但工作簿没有 “choices” 工作表。"),
    "xlsform.unknown_list": ("question '{name}' uses choice list '{list}', which the choices sheet does not define.",
                             "题目 “{name}” 使用的选项列表 “{list}” 在 choices 工作表中未定义。"),
    "xlsform.missing_list": ("question '{name}' is a select without a choice list name (e.g. 'select_one yes_no').",
                             "题目 “{name}” 是选择题，但没有写选项列表名（如 “select_one yes_no”）。"),
    "xlsform.choice_incomplete": ("a choice needs both list_name and name.", "选项必须同时填写 list_name 和 name。"),
    "xlsform.settings_kept": ("the settings {names} are kept as they were and exported again; XMDesk does not use "
                              "them.", "设置 {names} 按原样保留并会再次导出；XMDesk 不使用这些设置。"),
    "xlsform.list_kept": ("choice list {list}: the columns {columns} are kept as they were and exported again "
                          "while its choices stay the same.",
                          "选项列表 {list}：列 {columns} 按原样保留，选项不变时会再次导出。"),
    "xlsform.spaces_in_multiple": ("'{name}' is a select_multiple on choices with spaces in their names ({choices}); "
                                   "XLSForm does not allow that.",
                                   "“{name}” 是多选题，但其选项名含有空格（{choices}）；XLSForm 不允许这样。"),
    "xlsform.choices_kept": (
        "'{name}': list {list} has choice names XMDesk cannot store ({choices}; letters, digits and _ only): the "
        "question is kept as it was and exported again, but not asked in XMDesk; rename the choices to ask it.",
        "“{name}”：列表 {list} 的选项名 XMDesk 无法保存（{choices}；只能包含字母、数字和下划线）：该题按原样保留并会"
        "再次导出，但不在 XMDesk 中提问；重命名选项后即可提问。"),
    "xlsform.duplicate_choice": ("choice '{name}' appears twice in list '{list}'.",
                                 "选项 “{name}” 在列表 “{list}” 中出现了两次。"),
    "xlsform.bad_extra": ("the xmdesk column does not hold valid JSON; clear the cell or fix it.",
                          "xmdesk 列的内容不是有效的 JSON；请清空该单元格或修正。"),
    "xlsform.missing_type": ("'{name}' has no type.", "“{name}” 没有填写类型（type）。"),
    "xlsform.missing_name": ("this row has a type but no name.", "此行有类型但没有名称（name）。"),
    "xlsform.bad_name": (
        "name '{name}' cannot be a column name: use letters, digits and single _ , starting with a letter.",
        "名称 “{name}” 不能作为数据列名：请使用字母、数字和单个下划线，并以字母开头。"),
    "xlsform.duplicate_name": ("name '{name}' is already used on row {first}.", "名称 “{name}” 已在第 {first} 行使用。"),
    "xlsform.unknown_type": ("'{name}' has type '{type}', which XLSForm does not define.",
                             "“{name}” 的类型 “{type}” 不是 XLSForm 定义的类型。"),
    "xlsform.unmatched_end": ("'{type}' without its begin.", "“{type}” 没有对应的开始行（begin）。"),
    "xlsform.unclosed_group": ("group '{name}' is never closed with end_group.", "分组 “{name}” 没有用 end_group 结束。"),
    "xlsform.repeat_kept": (
        "repeat {name} ({rows} rows) is kept as it was and exported again; its questions are not asked in XMDesk "
        "(an XMDesk response is one row).",
        "重复组 {name}（{rows} 行）按原样保留并会再次导出；其中的题目不在 XMDesk 中提问（XMDesk 的一份答卷是一行）。"),
    "xlsform.duplicate_header": ("the column '{header}' is given twice.", "列 “{header}” 出现了两次。"),
    "xlsform.same_column": ("'{header}' and '{other}' name the same column; keep one of them.",
                            "“{header}” 和 “{other}” 是同一列的两种写法；请只保留一个。"),
    "xlsform.missing_calculation": ("calculate '{name}' has no calculation.", "计算项 “{name}” 没有填写计算式（calculation）。"),
    "xlsform.no_label": ("'{name}' has no label or hint, which a question shown on screen needs.",
                         "“{name}” 没有标签（label）或提示（hint），显示给受访者的题目必须有。"),
    "xlsform.duplicate_choice_kept": (
        "choice '{name}' appears more than once in list '{list}' (allowed by allow_choice_duplicates): XMDesk keeps "
        "one answer '{name}', and the list goes out again as it was.",
        "选项 “{name}” 在列表 “{list}” 中出现多次（allow_choice_duplicates 允许）：XMDesk 保留一个答案 “{name}”，"
        "导出时列表按原样写回。"),
    "xlsform.cells_kept": ("columns kept as they were and exported again, not used by XMDesk: {items}.",
                           "按原样保留并会再次导出、XMDesk 不使用的列：{items}。"),
    "xlsform.form_id_as_code": ("form_id '{form_id}' became the survey code {code}; it is exported again as it was.",
                                "form_id “{form_id}” 转为问卷编码 {code}；导出时按原样写回。"),
    "xlsform.logic_kept": (
        "'{name}': the {column} uses {refs}, which XMDesk does not ask before it; it is kept unapplied and exported "
        "again.", "“{name}”：{column} 使用了 {refs}，XMDesk 在此之前不提问它们；该逻辑按原样保留（不生效）并会再次导出。"),
    "xlsform.bad_matrix_row": ("'{name}' in matrix '{group}' must be a select_one named {group}__<row>.",
                               "矩阵 “{group}” 中的 “{name}” 必须是名为 {group}__<行> 的 select_one。"),
    "xlsform.name_kept": (
        "name '{name}' cannot name an XMDesk data column (letters, digits and single _, starting with a letter): "
        "the row is kept as it was and exported again, but not asked in XMDesk; rename it to ask it.",
        "名称 “{name}” 不能作为 XMDesk 数据列名（字母、数字和单个下划线，以字母开头）：该行按原样保留并会再次导出，"
        "但不在 XMDesk 中提问；重命名后即可提问。"),
    "xlsform.bad_form_id": ("form_id '{code}' cannot name a survey; use letters, digits and _.",
                            "form_id “{code}” 不能作为问卷编码；请使用字母、数字和下划线。"),
    "xlsform.column_clash": ("column '{name}' would also belong to '{other}'; rename one of them.",
                             "数据列 “{name}” 与 “{other}” 冲突；请重命名其中之一。"),
    "xlsform.bad_expression": ("the {column} expression is not valid: {detail}", "{column} 表达式有误：{detail}"),
    "xlsform.undefined_reference": ("{column} refers to ${{{name}}}, which no question defines.",
                                    "{column} 引用了 ${{{name}}}，但没有这个题目。"),
    "xlsform.circular": ("circular reference: {path}.", "循环引用：{path}。"),
    "xlsform.survey_exists": ("the study already has a survey '{code}'; choose another code (--code).",
                              "研究项目中已有问卷 “{code}”；请换一个编码（--code）。"),
    "xlsform.archived_left_out": ("archived question {code} (not asked any more) is not exported.",
                                  "已归档的题目 {code}（不再提问）未导出。"),
    "xlsform.matrix_as_group": ("matrix {code} became a table-list group of {rows} select_one rows.",
                                "矩阵题 {code} 导出为包含 {rows} 个 select_one 行的 table-list 分组。"),
    "xlsform.nested_group": ("group {name} inside {outer}: XMDesk keeps one level, its questions belong to {name}.",
                             "分组 {name} 嵌套在 {outer} 中：XMDesk 只有一层分组，其题目归入 {name}。"),
    "xlsform.group_relevant": ("the relevance of group {name} was added to each of its questions.",
                               "分组 {name} 的显示逻辑已加到组内每个题目上。"),
    "xlsform.rows_kept": ("kept as they were and exported again, not asked in XMDesk: {items}.",
                          "按原样保留并会再次导出、不在 XMDesk 中提问：{items}。"),
    "xlsform.or_other": ("'{name}': or_other became a choice 'other' and a text question {name}_other shown when it "
                         "is chosen, as pyxform makes them; exported again as or_other.",
                         "“{name}”：or_other 转为选项 “other” 和选中时显示的文本题 {name}_other（与 pyxform 相同）；"
                         "导出时写回 or_other。"),
    "xlsform.range_as_number": ("'{name}' (range) was imported as a number question.",
                                "“{name}”（range）已导入为数字题。"),
    "xlsform.as_text": ("imported as text questions: {items}.", "已导入为文本题：{items}。"),
})
