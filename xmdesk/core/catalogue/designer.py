"""Messages of the survey designer, templates and XLSForm import/export (issue 6)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "designer.unknown_edit": (
        "Unknown survey edit '{kind}'.",
        "未知的问卷修改操作 “{kind}”。",
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
    "designer.still_referenced": (
        "Question {code} is used in the logic of {users}; change that logic first.",
        "题目 {code} 被 {users} 的逻辑引用；请先修改这些逻辑。",
    ),
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
