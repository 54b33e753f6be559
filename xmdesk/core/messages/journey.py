"""Messages of the journey-map canvas (issue 8)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "journey.bad_kind": (
        "'{kind}' is not a kind of journey element; use one of: {known}.",
        "“{kind}” 不是旅程元素类型；可用类型：{known}。",
    ),
    "journey.bad_metric": (
        "'{metric}' is not a journey metric; use one of: {known}.",
        "“{metric}” 不是旅程指标；可用指标：{known}。",
    ),
    "journey.bad_stage": (
        "Journey '{name}': element '{item}' refers to stage {stage}, but the journey has {count} stage(s).",
        "旅程 “{name}”：元素 “{item}” 指向第 {stage} 个阶段，但旅程只有 {count} 个阶段。",
    ),
    "journey.empty_name": (
        "A journey needs a name.",
        "旅程需要一个名称。",
    ),
    "journey.exists": (
        "A journey named '{name}' already exists in this study; choose another name.",
        "此研究项目中已有名为 “{name}” 的旅程；请换一个名称。",
    ),
    "journey.last_stage": (
        "A journey keeps at least one stage; add another stage before removing this one.",
        "旅程至少保留一个阶段；请先添加其他阶段再删除此阶段。",
    ),
    "journey.template_not_found": (
        "No journey template '{name}'; available templates: {known}.",
        "没有名为 “{name}” 的旅程模板；可用模板：{known}。",
    ),
    "journey.template_bad": (
        "Journey template {path} cannot be read ({detail}).",
        "无法读取旅程模板 {path}（{detail}）。",
    ),
    "journey.broken_survey": (
        "Broken link: survey '{survey}' is not in this study.",
        "链接失效：此研究项目中没有问卷 “{survey}”。",
    ),
    "journey.broken_question": (
        "Broken link: question '{question}' is no longer in survey '{survey}'.",
        "链接失效：问卷 “{survey}” 中已没有题目 “{question}”。",
    ),
    "journey.archived_question": (
        "Broken link: question '{question}' of survey '{survey}' is archived.",
        "链接失效：问卷 “{survey}” 的题目 “{question}” 已归档。",
    ),
    "journey.broken_filter": (
        "Broken link: the filter '{filter}' cannot be used ({detail}).",
        "链接失效：筛选条件 “{filter}” 无法使用（{detail}）。",
    ),
    "journey.not_numeric": (
        "Broken link: question '{question}' has no numeric answers to compute {metric} from.",
        "链接失效：题目 “{question}” 没有可计算 {metric} 的数值答案。",
    ),
    "journey.not_text": (
        "Broken link: question '{question}' holds no comments to read topic '{topic}' from.",
        "链接失效：题目 “{question}” 不是文本题，无法读取话题 “{topic}”。",
    ),
    "journey.unknown_topic": (
        "Broken link: the codebook has no topic '{topic}' (it has: {known}).",
        "链接失效：编码本中没有话题 “{topic}”（现有：{known}）。",
    ),
    "journey.bad_export": (
        "{path}: a journey exports to .png, .svg or .pdf; choose one of these extensions.",
        "{path}：旅程可导出为 .png、.svg 或 .pdf；请使用其中一种扩展名。",
    ),
    "journey.export_failed": (
        "Could not write {path}; check that the folder exists and is writable.",
        "无法写入 {path}；请检查文件夹是否存在且可写。",
    ),
    "journey.label.small_base": ("small base", "样本少"),
    "journey.label.broken": ("Broken link", "链接失效"),
    "journey.label.not_linked": ("not linked", "未关联数据"),
    "journey.label.index": ("index {value}", "指数 {value}"),
    "journey.label.emotion": ("Emotion", "情绪"),
    "journey.label.topic": ("% positive about {topic}", "{topic} 正面占比"),
    "journey.label.persona": ("Persona", "用户画像"),
    "journey.label.pain_point": ("Pain point", "痛点"),
    "journey.label.opportunity": ("Opportunity", "机会点"),
    "journey.label.change": ("{period}: {change} vs the period before", "{period}：较上期 {change}"),
    "journey.label.legend": ("Good ≥ {high} · Poor < {low} ({metric})", "良好 ≥ {high} · 较差 < {low}（{metric}）"),
    "journey.bad_dpi": ("A journey image is drawn at {low} to {high} dpi, not {dpi}.",
                        "旅程图片的分辨率应为 {low} 至 {high} dpi，而不是 {dpi}。"),
}
