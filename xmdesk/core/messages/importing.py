"""Messages of the import wizard and operational data (issue 4)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "importing.not_found": ("{file}: no such file.", "{file}：文件不存在。"),
    "importing.empty": ("{file} is empty: there is nothing to import.", "{file} 是空文件，没有可导入的内容。"),
    "importing.headers_only": ("{file} has column names but no data rows below them.",
                               "{file} 只有列名，下面没有数据行。"),
    "importing.password": ("{file} is protected by a password. Open it in Excel, remove the password "
                           "(File > Info > Protect Workbook) and save it again, then import that copy.",
                           "{file} 设有密码保护。请在 Excel 中打开并取消密码（文件 > 信息 > 保护工作簿），"
                           "另存后再导入。"),
    "importing.damaged": ("{file} is damaged or incomplete ({detail}). Download or copy it again.",
                          "{file} 已损坏或不完整（{detail}）。请重新下载或复制该文件。"),
    "importing.guard.packing": ("{file} holds its part {part} encrypted or packed by compression method {method}, "
                                "which Excel and LibreOffice never write: the file was changed or damaged. Open it "
                                "in Excel and save it again, or ask for a new copy.",
                                "{file} 中的 {part} 被加密或使用了压缩方法 {method}，Excel 和 LibreOffice 从不这样保存："
                                "文件已被改动或损坏。请用 Excel 打开后重新保存，或索取新的副本。"),
    "importing.guard.inflated": ("{file} unpacks to {size} ({ratio} times its size), more than the {limit} XMDesk "
                                 "reads from it (at most 40 times the file and 4 GB, the mark of a zip bomb). "
                                 "Nothing was read; open it in Excel and save a copy with only the data.",
                                 "{file} 解压后有 {size}（是文件大小的 {ratio} 倍），超过 XMDesk 对它的上限 {limit}"
                                 "（最多为文件的 40 倍且不超过 4 GB，超过即像压缩炸弹）。未读取任何内容；"
                                 "请在 Excel 中打开，另存一份只含数据的副本。"),
    "importing.guard.excel_limits": ("{file}, sheet {sheet}: a cell at {corner} is beyond Excel's limits "
                                     "(1,048,576 rows, 16,384 columns, up to XFD). Nothing was read; the file was "
                                     "not written by Excel or is damaged: save the data again from its program.",
                                     "{file}，工作表 {sheet}：{corner} 处的单元格超出 Excel 的上限（1,048,576 行、"
                                     "16,384 列，即到 XFD 列）。未读取任何内容；该文件不是 Excel 写的或已损坏，"
                                     "请从原程序重新导出数据。"),
    "importing.guard.cells": ("{file}, sheet {sheet}: its cells reach {corner}, a block of {rows} rows × {columns} "
                              "columns ({cells} cells), more than the {limit} cells XMDesk reads from a sheet. "
                              "Nothing was read; in Excel press Ctrl+End to find the stray cell far from the data, "
                              "delete those rows or columns, save, and import again.",
                              "{file}，工作表 {sheet}：单元格一直延伸到 {corner}，共 {rows} 行 × {columns} 列"
                              "（{cells} 个单元格），超过 XMDesk 每个工作表最多读取的 {limit} 个单元格。"
                              "未读取任何内容；请在 Excel 中按 Ctrl+End 找到远离数据的单元格，删除那些行或列，"
                              "保存后重新导入。"),
    "importing.not_excel": ("{file} is not an Excel workbook although it is named {suffix}; it may be a "
                            "web page or a text file renamed. Save it from Excel as .xlsx, or as .csv.",
                            "{file} 的扩展名是 {suffix}，但它不是 Excel 工作簿，可能是改了扩展名的网页或文本文件。"
                            "请在 Excel 中另存为 .xlsx 或 .csv。"),
    "importing.unsupported": ("{file}: XMDesk imports .xlsx, .xlsm, .xls, .csv, .tsv, .txt and SPSS .sav, .zsav and"
                              " .por files.",
                              "{file}：XMDesk 可导入 .xlsx、.xlsm、.xls、.csv、.tsv、.txt 以及 SPSS 的 .sav、.zsav 和"
                              " .por 文件。"),
    "importing.encoding": ("{file}, row {row}: the text is not valid {encoding}; nothing was imported. Save the file "
                           "as \"CSV UTF-8\" in Excel and import it again.",
                           "{file} 第 {row} 行：文字不是有效的 {encoding} 编码；未导入任何数据。请在 Excel 中另存为"
                           "“CSV UTF-8”后重新导入。"),
    "importing.binary": ("{file} does not look like text (it holds binary data); it is not a CSV file.",
                         "{file} 看起来不是文本（含有二进制数据），不是 CSV 文件。"),
    "importing.bad_csv": ("{file}, line {line}: {detail}.", "{file} 第 {line} 行（文本行）：{detail}。"),
    "importing.ragged": ("{file}, row {row}: {found} fields where the rows above have {expected} (separated by "
                         "'{delimiter}'); nothing was imported. A value holding the separator or a line break must be "
                         "in double quotes: save the file again from Excel as CSV, or fix that row.",
                         "{file} 第 {row} 行：有 {found} 个字段，而上面的行有 {expected} 个（分隔符 “{delimiter}”）；"
                         "未导入任何数据。含有分隔符或换行的值必须放在双引号中：请用 Excel 重新另存为 CSV，或修改该行。"),
    "importing.too_wide": ("{file}, row {row}: {count:,} columns; XMDesk reads at most {limit:,} columns in a row, "
                           "as Excel does. Check the separator, or split the file.",
                           "{file} 第 {row} 行：有 {count:,} 列；XMDesk 每行最多读取 {limit:,} 列（与 Excel 相同）。"
                           "请检查分隔符，或把文件拆分。"),
    "importing.line_too_long": ("{file}, line {line} is too long for a row: more than {limit} MB. Check that the "
                                "file is a CSV export and that its quotes are balanced.",
                                "{file} 第 {line} 行（文本行）太长，不像一行数据：超过 {limit} MB。"
                                "请检查文件是否为 CSV 导出文件、引号是否成对。"),
    "importing.too_many_separators": ("{file}, line {line} is too long for a row: more than {limit:,} separators. "
                                      "XMDesk reads at most 16,384 columns, as Excel; check the separator and that "
                                      "the quotes are balanced.",
                                      "{file} 第 {line} 行（文本行）太长，不像一行数据：超过 {limit:,} 个分隔符。"
                                      "XMDesk 最多读取 16,384 列（与 Excel 相同）；请检查分隔符，以及引号是否成对。"),
    "importing.field_too_long": ("{file}, line {line}: a value longer than {limit:,} characters (Excel holds "
                                 "32,767 in a cell). A quote may be missing before this line; check the file in a "
                                 "text editor.",
                                 "{file} 第 {line} 行（文本行）：有一个值超过 {limit:,} 个字符（Excel 单元格最多 "
                                 "32,767 个）。此行之前可能缺少引号；请用文本编辑器检查文件。"),
    "importing.spss_died": ("The SPSS reader crashed on {file}: the file is damaged (its variables or rows do "
                            "not hold together). Open it in SPSS or PSPP and save it again, or ask for a new copy.",
                            "读取 {file} 时 SPSS 读取程序崩溃：文件已损坏（变量或数据行结构不完整）。请用 SPSS 或 PSPP 打开后"
                            "重新保存，或索取新的副本。"),
    "importing.spss_date_range": ("{file} holds a date outside the years 1 to 9999, which cannot be read as a "
                                  "date: the file is damaged, or a date was typed wrong. Correct it in SPSS or PSPP "
                                  "and save the file again.",
                                  "{file} 中有超出公元 1 至 9999 年范围的日期，无法读取：文件已损坏，或日期录入有误。请在 "
                                  "SPSS 或 PSPP 中更正后重新保存。"),
    "importing.no_sheets": ("{file} lists no sheet: it is damaged or was not saved by a spreadsheet program. Open "
                            "it in Excel and save it again, or ask for a new copy.",
                            "{file} 中没有任何工作表：文件已损坏，或并非由表格软件保存。请用 Excel 打开后重新保存，或索取新的副本。"),
    "importing.no_sheet": ("{file} has no sheet named '{sheet}'; its sheets are: {known}.",
                           "{file} 中没有名为 “{sheet}” 的工作表；现有工作表：{known}。"),
    "importing.bad_layout": ("Unknown layout '{layout}'; use one of: {known}.", "未知的格式 “{layout}”；可用：{known}。"),
    "importing.layout_mismatch": ("{file} does not look like a {layout} export ({detail}); choose another layout "
                                  "or 'auto'.", "{file} 看起来不是 {layout} 导出文件（{detail}）；请换一种格式或选“自动”。"),
    "importing.bad_on_error": ("Unknown choice '{choice}' for bad values; use one of: {known}.",
                               "无效的错误处理方式 “{choice}”；可用：{known}。"),
    "importing.no_columns": ("No column of {file} is mapped to a question of survey {survey}; map at least one.",
                             "{file} 没有任何一列对应到问卷 {survey} 的题目；请至少对应一列。"),
    "importing.bad_mapping": ("{file}: not a saved import mapping ({detail}).", "{file}：不是已保存的导入对应关系（{detail}）。"),
    "importing.mapping_target": ("The mapping sends column '{source}' to '{target}', which survey {survey} does "
                                 "not have.", "对应关系把列 “{source}” 指向 “{target}”，但问卷 {survey} 没有这一列。"),
    "importing.no_such_column": ("The file has no column '{source}'.", "文件中没有 “{source}” 这一列。"),
    "importing.type_not_possible": ("The values of column '{source}' cannot be read as {type}; possible types: "
                                    "{known}.", "“{source}” 列的值不能按 {type} 读取；可选的题型：{known}。"),
    "importing.choice_taken": ("Question {question} already has a choice coded '{code}'; choose another code.",
                               "题目 {question} 已有编码为 “{code}” 的选项，请换一个编码。"),
    "importing.not_a_choice": ("'{code}' is not a choice of question {question}; use one of: {known}.",
                               "“{code}” 不是题目 {question} 的选项；可用：{known}。"),
    "importing.stopped": ("{file}, row {row}, column '{column}': {problem} (value '{value}'). Nothing was "
                          "imported; fix the file, or choose to skip such rows or import such cells as missing.",
                          "{file} 第 {row} 行，“{column}” 列：{problem}（值 “{value}”）。未导入任何数据；"
                          "请修改文件，或选择跳过这些行、或把这些单元格作为缺失值导入。"),
    "importing.need_target": ("Say which survey receives the data: --survey CODE or --new CODE.",
                              "请指定导入到哪个问卷：--survey 代码 或 --new 代码。"),
    "importing.odata_key_missing": ("{file} has no column '{key}'; its columns are: {known}.",
                                    "{file} 没有 “{key}” 列；现有列：{known}。"),
    "importing.odata_key_empty": ("{file}, row {row}: the key column '{key}' is empty; every record needs a key.",
                                  "{file} 第 {row} 行：键列 “{key}” 为空；每条记录都需要键值。"),
    "importing.odata_key_duplicate": ("{file}, row {row}: key '{value}' already appears in row {first}; "
                                      "a key must be unique.",
                                      "{file} 第 {row} 行：键值 “{value}” 已在第 {first} 行出现；键值必须唯一。"),
    "importing.odata_join": ("Survey {survey} has no column '{column}' to join on; use customer_id or a question code.",
                             "问卷 {survey} 没有可用于关联的 “{column}” 列；请使用 customer_id 或题目代码。"),
    "importing.reading": ("Reading {file}", "正在读取 {file}"),
    "importing.importing": ("Importing {file}", "正在导入 {file}"),
    "importing.checking": ("Checking {file}", "正在检查 {file}"),
    "importing.problem.out_of_range": ("out of range {low}–{high}", "超出范围 {low}–{high}"),
    "importing.problem.unknown_option": ("not one of the options", "不是可选项之一"),
    "importing.problem.bad_number": ("not a number", "不是数字"),
    "importing.problem.bad_date": ("not a date", "不是日期"),
    "importing.problem.bad_duration": ("not a time taken (seconds, 135 s or 0:02:15)",
                                       "不是答题时长（秒数、2分15秒或 0:02:15）"),
    "importing.too_many_columns": ("{file}: the new survey would have {columns:,} answer columns, more than the "
                                   "{most:,} a survey can hold (SQLite's limit of {limit:,} columns in a table, "
                                   "less XMDesk's own). Nothing was imported; untick the columns you do not need "
                                   "in the import wizard, or import with a saved mapping that leaves them out.",
                                   "{file}：新问卷将有 {columns:,} 个答案列，超过一个问卷最多能容纳的 {most:,} 列"
                                   "（SQLite 每个表最多 {limit:,} 列，其中一部分是 XMDesk 自己的列）。未导入任何数据；"
                                   "请在导入向导中取消勾选不需要的列，或用不含这些列的已保存对应关系导入。"),
    "importing.problem.decimal_comma": ("written with a decimal comma, but this column's other numbers use a decimal "
                                        "point (12.5); write it so", "用了小数逗号，而此列其他数字用小数点（12.5）；请照此书写"),
    "importing.problem.decimal_point": ("written with a decimal point, but this column's other numbers use a decimal "
                                        "comma (12,5); write it so", "用了小数点，而此列其他数字用小数逗号（12,5）；请照此书写"),
    "importing.problem.decimal_unclear": ("may be {point} or {comma}: nothing in this column tells whether its comma "
                                          "or point is the decimal one; write it as {point} or as {comma}",
                                          "可能是 {point}，也可能是 {comma}：此列看不出逗号和小数点哪个是小数分隔符；"
                                          "请写成 {point} 或 {comma}"),
    "importing.problem.excel_error": ("an Excel error (#DIV/0!, #N/A), stored as missing",
                                      "Excel 错误值（#DIV/0!、#N/A），按缺失值保存"),
    "importing.error_cells": ("{count:,} Excel error cells (#DIV/0!, #N/A...) were stored as missing.",
                              "{count:,} 个 Excel 错误值单元格（#DIV/0!、#N/A 等）按缺失值保存。"),
    "importing.problem.undecodable": ("not valid {encoding} text", "不是有效的 {encoding} 文字"),
    "importing.problem.duplicate_id": ("duplicate id (also in row {first})", "重复的编号（第 {first} 行也有）"),
    "importing.cli.reimport": ("Warning: this file was already imported on {at} into {target} ({imported} rows); "
                               "rows imported then are skipped.",
                               "注意：此文件已于 {at} 导入到 {target}（{imported} 行）；已导入过的行将被跳过。"),
    "importing.cli.summary": ("{layout} export → survey {survey}: {imported} imported, {skipped} skipped for "
                              "problems, {already} already imported.",
                              "{layout} 导出文件 → 问卷 {survey}：导入 {imported} 行，因问题跳过 {skipped} 行，"
                              "{already} 行此前已导入。"),
    "importing.new_choices": ("New options of {question} after the first {rows} rows, from which the survey was "
                              "proposed: {labels}",
                              "{question} 在前 {rows} 行（据以生成问卷）之后出现的新选项：{labels}"),
    "importing.wider_scale": ("{question} becomes a {points}-point scale: answers after the first {rows} rows go "
                              "up to {points}.",
                              "{question} 改为 {points} 分制：前 {rows} 行之后的答案最高到 {points} 分。"),
    "importing.cli.more_problems": ("... and {count} more problems (--json lists up to 1000).",
                                    "……另有 {count} 个问题（--json 最多列出 1000 个）。"),
    "importing.cli.odata_summary": ("O-data table {table}: {imported} records imported (key {key}).",
                                    "业务数据表 {table}：导入 {imported} 条记录（键列 {key}）。"),
    "importing.layout.qualtrics": ("Qualtrics", "Qualtrics 格式"),
    "importing.layout.surveymonkey": ("SurveyMonkey", "SurveyMonkey 格式"),
    "importing.layout.wjx": ("Wenjuanxing", "问卷星"),
    "importing.layout.tencent": ("Tencent Survey", "腾讯问卷"),
    "importing.layout.kobo": ("KoboToolbox / ODK", "KoboToolbox / ODK 格式"),
    "importing.layout.generic": ("Plain table", "普通表格"),
    "importing.layout.spss": ("SPSS data file", "SPSS 数据文件"),
    # The response fields a survey tool's own columns fill (xmdesk.core.survey.response_fields).
    "importing.field.sys_respondent_id": ("respondent id", "答卷编号"),
    "importing.field.sys_started_at": ("start time", "开始时间"),
    "importing.field.sys_ended_at": ("end time", "结束时间"),
    "importing.field.sys_submitted_at": ("submission time", "提交时间"),
    "importing.field.sys_duration_s": ("time taken (seconds)", "答题用时（秒）"),
    "importing.field.sys_channel": ("source / channel", "来源渠道"),
    "importing.field.sys_ip": ("IP address (personal: masked)", "IP 地址（个人信息，报告和导出中隐去）"),
    "importing.field.sys_extra": ("the tool's other columns (kept by name)", "问卷平台的其他列（按列名保留）"),
    "importing.response_field": ("Response field: {field}", "答卷信息：{field}"),
    "importing.cli.response_fields": ("Response fields (not questions): {fields}", "答卷信息（不是题目）：{fields}"),
    "importing.empty_title": ("A survey needs a title.", "问卷需要一个标题。"),
    "importing.odata_other_key": ("O-data table {table} is keyed by {key}, not {given}: import a file holding {key} "
                                  "with --key {key}, or give the new records another --table name.",
                                  "O 数据表 {table} 的键是 {key}，不是 {given}：请导入含 {key} 列的文件并用 --key {key}，"
                                  "或用 --table 为新记录另起表名。"),
    "importing.odata_reserved_name": ("{table} is the study's own table of customers: give the imported table "
                                      "another name (--table), such as crm.",
                                      "{table} 是研究项目自带的客户表：请用 --table 为导入的表另起名称，例如 crm。"),
    "importing.odata_join_not_id": ("{column} cannot join {table}'s records to responses: it is a {type} question, "
                                    "whose answers many customers share, not one naming a customer or a record. "
                                    "Join on one of: {known}.",
                                    "{column} 不能把 {table} 的记录与答卷关联：它是 {type} 题，许多客户的答案相同，"
                                    "不能标识客户或记录。可关联的列：{known}。"),
    "importing.odata_join_unknown": ("{column} is not a question of any survey in this study, so {table}'s records "
                                     "cannot join to responses on it. Join on one of: {known}.",
                                     "{column} 不是本研究项目任何问卷中的题目，{table} 的记录无法按它与答卷关联。"
                                     "可关联的列：{known}。"),
}
