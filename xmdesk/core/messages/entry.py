"""Messages of offline data entry, response packs and merging (issue 6)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    # validation, shown on the field being checked
    "entry.required": ("An answer is required.", "此题必答。"),
    "entry.not_a_choice": ("{value} is not one of the choices: {known}.", "{value} 不是可选项；可选：{known}。"),
    "entry.out_of_scale": ("Choose a value from {low} to {high}.", "请选择 {low} 到 {high} 之间的值。"),
    "entry.not_a_number": ("'{value}' is not a number.", "“{value}” 不是数字。"),
    "entry.below_min": ("The smallest allowed value is {min}.", "允许的最小值为 {min}。"),
    "entry.above_max": ("The largest allowed value is {max}.", "允许的最大值为 {max}。"),
    "entry.too_many_decimals": ("At most {decimals} decimal place(s).", "最多 {decimals} 位小数。"),
    "entry.not_text": ("{value} is not text.", "{value} 不是文本。"),
    "entry.not_a_flag": ("Option {option} holds '{value}': an option is marked 1 (chosen) or 0.",
                         "选项 {option} 的值为 “{value}”：选项只能标记为 1（选中）或 0。"),
    "entry.not_a_date": ("'{value}' is not a date: write it as 2026-05-31.", "“{value}” 不是日期：请写成 2026-05-31。"),
    "entry.regex": ("The answer does not have the expected form ({pattern}).", "答案格式不符合要求（{pattern}）。"),
    "entry.constraint": ("The answer breaks the rule {constraint}.", "答案不符合规则 {constraint}。"),
    "entry.bad_logic": ("The logic of this question cannot be used: {detail}", "本题的逻辑无法使用：{detail}"),
    "entry.invalid": ("The response was not saved: {count} answer(s) need attention, first {code}: {problem}",
                      "答卷未保存：有 {count} 处答案需要修改，第一处 {code}：{problem}"),
    "entry.not_found": ("Survey {survey} has no response {id}.", "问卷 {survey} 中没有编号为 {id} 的答卷。"),
    "entry.clean_not_answer": ("{column} is not an answer of survey {survey} that can be corrected (system columns "
                               "and derived variables are not typed).",
                               "{column} 不是问卷 {survey} 中可修改的答案（系统列与派生变量不是录入的）。"),
    "entry.clean_where_needed": ("Say which responses to change, e.g. ${{store}} = 2 and ${{channel}} = 'store'.",
                                 "请写明要修改哪些答卷，例如 ${{store}} = 2 and ${{channel}} = '门店'。"),
    "entry.clean_not_text": ("{code} is not a text question: find and replace works within text answers.",
                             "{code} 不是文本题：查找替换只用于文本答案。"),
    "entry.clean_find_needed": ("Say what text to find.", "请写明要查找的文字。"),
    "entry.clean_set_form": ("'{given}' is not a change: write the column, '=' and the value, e.g. nps=9 (nps= makes it "
                             "missing).", "“{given}” 不是修改：请写列名、“=” 和值，例如 nps=9（nps= 表示设为缺失）。"),
    "entry.clean_one_set_bulk": ("A bulk edit (--where) sets one column at a time, and {given} names several: give one "
                                 "--set and run the command again for the next column.",
                                 "批量修改（--where）一次只改一列，而 {given} 给出了多列：请只给一个 --set，下一列再运行一次。"),
    "entry.clean_changed_since": ("Response {id} was changed meanwhile ({column} no longer holds the value read): "
                                  "nothing was written; look again and redo the change.",
                                  "答卷 {id} 已被改动（{column} 的值已不同于读取时）：未写入任何内容；请重新查看后再修改。"),
    "entry.clean_paste_refused": ("Nothing was pasted: response {id}, column {column}: {problem}",
                                  "未粘贴任何内容：答卷 {id} 的 {column} 列：{problem}"),
    "entry.photo_too_large": ("{name} is {size} MB; photos up to {limit} MB are stored in the study.",
                              "{name} 大小为 {size} MB；研究项目中每张照片最大 {limit} MB。"),
    "entry.bad_visit_time": ("The visit time '{value}' is not a date and time such as 2026-05-31 14:30.",
                             "到访时间 “{value}” 不是日期时间，请写成 2026-05-31 14:30。"),
    # packs and merging
    "merge.reading": ("Reading {name}", "正在读取 {name}"),
    "merge.writing": ("Writing the pack", "正在写入数据包"),
    "merge.not_a_source": ("{path} is neither a response pack nor an XMDesk study.",
                           "{path} 既不是答卷数据包，也不是 XMDesk 研究项目。"),
    "merge.bad_pack": ("{path} is a damaged response pack ({detail}); ask for a new one. Nothing was merged.",
                       "{path} 是损坏的答卷数据包（{detail}）；请重新导出。未合并任何数据。"),
    "merge.pack_too_new": ("{path} was written by a newer XMDesk (pack format {format}); update XMDesk to merge it.",
                           "{path} 由更新版本的 XMDesk 写入（数据包格式 {format}）；请升级 XMDesk 后再合并。"),
    "merge.same_study": ("{path} is this study itself; choose another laptop's pack or study.",
                         "{path} 就是当前研究项目；请选择其他电脑的数据包或研究项目。"),
    "merge.nothing_to_pack": ("This laptop has no responses to pack in {path}.", "{path} 中没有本机录入的答卷可打包。"),
    "merge.unknown_survey": ("Survey {survey} is not in this study; import or design it first.",
                             "此研究项目中没有问卷 {survey}；请先导入或设计该问卷。"),
    "merge.newer_version": ("Survey {survey} is at version {theirs} in the pack but version {mine} here: "
                            "bring the newer survey design into this study first.",
                            "数据包中问卷 {survey} 为第 {theirs} 版，本研究项目为第 {mine} 版："
                            "请先把较新的问卷设计带入本研究项目。"),
    "merge.missing_question": ("Survey {survey}: question {code} of version {theirs} does not exist in version {mine}.",
                               "问卷 {survey}：第 {theirs} 版的题目 {code} 在第 {mine} 版中不存在。"),
    "merge.changed_type": ("Survey {survey}: question {code} was {old} in version {theirs} and is {new} now.",
                           "问卷 {survey}：题目 {code} 在第 {theirs} 版中为 {old}，现在为 {new}。"),
    "merge.missing_choice": ("Survey {survey}: choice {choice} of question {code} (version {theirs}) "
                             "does not exist in version {mine}.",
                             "问卷 {survey}：题目 {code} 的选项 {choice}（第 {theirs} 版）在第 {mine} 版中不存在。"),
    "merge.truncated": ("{path} is incomplete (truncated at byte {size}): copy it again from the laptop. "
                        "Nothing was merged.",
                        "{path} 不完整（在第 {size} 字节处截断）：请从那台电脑重新复制。未合并任何数据。"),
    "merge.pack_changed": ("{path} was changed after it was written (its checksum does not match): ask the laptop "
                           "for a new pack. Nothing was merged.",
                           "{path} 在写入后被改动过（校验和不符）：请让那台电脑重新导出数据包。未合并任何数据。"),
    "merge.unsigned": ("{path} is an unsigned pack (written by an older XMDesk): its answers were checked, but a "
                       "change to the file cannot be detected.",
                       "{path} 是未签名的数据包（由旧版 XMDesk 写入）：答案已经过检查，但无法发现文件是否被改动。"),
    "merge.code_inside": ("{path} holds a {kind} ({name}), which XMDesk never writes; it was not read. "
                          "Nothing was merged.",
                          "{path} 含有 XMDesk 从不写入的 {kind}（{name}）；未读取该文件，未合并任何数据。"),
    "merge.uuid_twice": ("response {uuid} is in the pack more than once (twice or more); neither copy was taken.",
                         "答卷 {uuid} 在数据包中出现了不止一次；两份都未合并。"),
    "merge.bad_answer": ("question {code}: {problem}", "题目 {code}：{problem}"),
    "merge.bad_system": ("{column} holds '{value}', which XMDesk never writes there.",
                         "{column} 的值为 “{value}”，XMDesk 不会写入这样的值。"),
    "merge.bad_photo": ("{name} is not a photo as XMDesk stores one.", "{name} 不是 XMDesk 所存储的照片。"),
    "merge.unknown_resolution": ("There is no conflict on response {uuid} to resolve.",
                                 "答卷 {uuid} 没有需要解决的冲突。"),
    "merge.no_source": ("The pack {path} does not exist: check the name. A pack (.xmdpack) is the file another "
                        "laptop writes with 'xmdesk pack' (or Export response pack in Data entry); a whole study "
                        "(.xmd) can be merged too.",
                        "数据包 {path} 不存在：请检查文件名。数据包（.xmdpack）是另一台电脑用 “xmdesk pack”"
                        "（或数据录入中的“导出答卷数据包”）写出的文件；也可以合并整个研究项目（.xmd）。"),
    "merge.source_not_a_file": ("{path} is not a file (a folder or a device): give the pack (.xmdpack) another laptop "
                                "wrote with 'xmdesk pack' (or Export response pack in Data entry), or a study (.xmd).",
                                "{path} 不是文件（而是文件夹或设备）：请给出另一台电脑用 “xmdesk pack”（或数据录入中的"
                                "“导出答卷数据包”）写出的数据包（.xmdpack），或研究项目（.xmd）。"),
}
