"""Messages of the alerts, cases and improvement actions (issue 10)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "loop.bad_worktime": (
        "Working time not understood: '{detail}'. Use periods such as 09:00-12:00, weekdays 0-6 (0 = Monday) "
        "and dates as YYYY-MM-DD.",
        "无法识别工作时间：“{detail}”。请使用 09:00-12:00 这样的时段、0-6 表示星期（0 = 周一）、YYYY-MM-DD 格式的日期。",
    ),
    "loop.case_not_found": ("No case {case} in this study.", "此研究项目中没有工单 {case}。"),
    "loop.undo_stale": (
        "Case {case} has changed since; its status was not undone. See its history for what happened.",
        "工单 {case} 之后又有变动，状态未撤销。请查看其处理记录。",
    ),
    "loop.rule_not_found": ("No alert rule {rule} in this study.", "此研究项目中没有预警规则 {rule}。"),
    "loop.rule_needs_name": ("An alert rule needs a name.", "预警规则需要名称。"),
    "loop.bad_rule_kind": (
        "'{kind}' is not a kind of alert rule. Known kinds: {known}.",
        "“{kind}” 不是预警规则类型。可用类型：{known}。",
    ),
    "loop.bad_priority": (
        "'{priority}' is not a priority. Use one of: {known}.",
        "“{priority}” 不是有效的优先级。可选：{known}。",
    ),
    "loop.bad_sla": (
        "The SLA must be a positive number of working hours (got {hours}).",
        "SLA 必须是正数的工作小时数（当前为 {hours}）。",
    ),
    "loop.bad_metric": (
        "'{metric}' cannot be compared; use one of: {known}.",
        "无法比较 “{metric}”；可选：{known}。",
    ),
    "loop.touchpoint_not_found": (
        "Journey '{journey}' has no touchpoint '{touchpoint}' linked to a question.",
        "旅程 “{journey}” 中没有关联题目的触点 “{touchpoint}”。",
    ),
    "loop.running": ("Running alert rules", "正在运行预警规则"),
    "loop.rule_failed": ("Alert rule “{rule}” did not run: {error}", "预警规则“{rule}”未能运行：{error}"),
    "loop.pending_left": (
        "The alert rules could not run now ({error}); they will run when the study is next opened.",
        "预警规则暂时无法运行（{error}），将在下次打开此研究项目时运行。",
    ),
    "loop.title_score": ("{rule}: {question} = {value}", "{rule}：{question} 得分 {value}"),
    "loop.title_comment": ("{rule}: “{text}”", "{rule}：评论“{text}”"),
    "loop.title_drop": (
        "{rule}: {segment} fell to {after} in {period} (from {before})",
        "{rule}：{segment} 在 {period} 降至 {after}（此前 {before}）",
    ),
    "loop.default_detractor": ("Detractor (NPS 0-6)", "贬损者（NPS 0-6）"),
    "loop.default_comment": ("Negative comment on refunds or complaints", "提及退款或投诉的负面评论"),
    "loop.no_department": (
        "No department '{department}' in this study. Departments: {known}.",
        "此研究项目中没有部门 “{department}”。现有部门：{known}。",
    ),
    "loop.workbook_unreadable": (
        "{path} cannot be read as an Excel workbook ({detail}). Send back the file XMDesk exported, saved as .xlsx.",
        "无法以 Excel 工作簿读取 {path}（{detail}）。请退回 XMDesk 导出的文件，并保存为 .xlsx。",
    ),
    "loop.workbook_not_a_file": (
        "{path} is not a file: give the case workbook returned by the department (.xlsx).",
        "{path} 不是文件：请给出部门退回的工单工作簿（.xlsx）。",
    ),
    "loop.workbook_no_columns": (
        "{path}: the first sheet has no '{column}' column in its header row; it is not a case workbook from XMDesk.",
        "{path}：第一个工作表的表头没有 “{column}” 列，这不是 XMDesk 导出的工单工作簿。",
    ),
    "loop.row_unknown_case": (
        "case {case} is not in this study", "研究项目中没有工单 {case}"),
    "loop.row_bad_case_id": ("'{value}' is not a case number", "“{value}” 不是工单编号"),
    "loop.row_bad_status": (
        "'{value}' is not a status; use new, in_progress, resolved or closed (or their Chinese labels)",
        "“{value}” 不是有效状态；请填写 新建、处理中、已解决、已关闭（或 new、in_progress、resolved、closed）",
    ),
    "loop.row_bad_step": (
        "a case cannot go from '{old}' to '{new}'", "工单不能从 “{old}” 变为 “{new}”"),
    "loop.row_conflict": (
        "the case was changed in XMDesk after the export (now '{now}', exported as '{then}'); "
        "check it and enter the reply again",
        "导出后该工单已在 XMDesk 中被修改（现为 “{now}”，导出时为 “{then}”）；请核对后重新填写",
    ),
    "loop.row_other_department": (
        "case {case} belongs to {department}, not to this workbook's department",
        "工单 {case} 属于 {department}，不属于此工作簿的部门",
    ),
    "loop.bad_action_status": (
        "'{status}' is not an action status. Use one of: {known}.",
        "“{status}” 不是改进行动状态。可选：{known}。",
    ),
    "loop.action_not_found": ("No improvement action {action} in this study.", "此研究项目中没有改进行动 {action}。"),
    "loop.action_needs_date": (
        "Action '{title}' needs a start date (YYYY-MM-DD) to compare before and after.",
        "改进行动 “{title}” 需要开始日期（YYYY-MM-DD）才能比较前后效果。",
    ),
    "loop.bad_date": ("'{value}' is not a date (YYYY-MM-DD).", "“{value}” 不是日期（YYYY-MM-DD）。"),
    "loop.review_before": ("Before", "行动前"),
    "loop.metric_nps": ("NPS", "净推荐值（NPS）"),
    "loop.metric_top2": ("top-2-box share", "满意（前两项）占比"),
    "loop.metric_mean": ("mean rating", "平均分"),
    "loop.review_after": ("After", "行动后"),
    "loop.review_title": ("{title}: {metric} before and after {date}", "{title}：{date} 前后的 {metric}"),
    "loop.review_note": (
        "{test}: change {change:+.2f}, p = {p:.3f}{verdict}",
        "{test}：变化 {change:+.2f}，p = {p:.3f}{verdict}",
    ),
    "loop.review_significant": (" (significant)", "（显著）"),
    "loop.review_not_significant": (" (not significant)", "（不显著）"),
}
