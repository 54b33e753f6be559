"""Messages of the Chinese text analytics (issue 7)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "text.reading": ("Reading comments", "正在读取评论"),
    "text.computing": ("Segmenting words and scoring sentiment", "正在分词并计算情感"),
    "text.tagging": ("Tagging topics", "正在标注主题"),
    "text.keywords": ("Finding keywords and topic scores", "正在提取关键词并计算主题得分"),
    "text.done": ("Done", "完成"),
    "text.unknown_question": ("Survey {survey} has no question {code}; 'xmdesk info STUDY' lists the questions.",
                              "问卷 {survey} 中没有题目 {code}；可用 “xmdesk info 研究项目” 查看题目。"),
    "text.not_text": ("{code} is not an open-text question; text analysis needs comments.",
                      "{code} 不是开放题；文本分析需要文字评论。"),
    "text.choose_survey": ("This study has several surveys ({surveys}); choose one with --survey.",
                           "此研究项目有多个问卷（{surveys}）；请用 --survey 指定一个。"),
    "text.no_text_question": ("Survey {survey} has no open-text question.", "问卷 {survey} 没有开放题。"),
    "text.unknown_model": ("Unknown sentiment model '{name}'; use one of: {known}.",
                           "未知的情感模型 “{name}”；可用：{known}。"),
    "text.bad_term": ("'{word}' cannot be a word: it must be 1 to {most} characters.",
                      "“{word}” 不能作为词语：长度须为 1 到 {most} 个字符。"),
    "text.synonym_itself": ("'{word}' is given as a synonym of itself.", "“{word}” 被设为自身的同义词。"),
    "text.bad_rule": ("Topic '{topic}': the rule '{rule}' is not valid ({detail}). Use a word, words joined "
                      "by +, -word to exclude, or /regular expression/.",
                      "主题 “{topic}”：规则 “{rule}” 无效（{detail}）。请使用词语、用 + 连接的多个词、"
                      "用 -词语 排除，或 /正则表达式/。"),
    "text.topic_without_rules": ("Topic '{topic}' has no rule; give it at least one word.",
                                 "主题 “{topic}” 没有规则；请至少填写一个词语。"),
    "text.bad_topic_name": ("'{name}' cannot be a topic name: it must be 1 to {most} characters.",
                            "“{name}” 不能作为主题名称：长度须为 1 到 {most} 个字符。"),
    "text.duplicate_topic": ("There are two topics named '{name}'; give each topic its own name.",
                             "有两个主题都叫 “{name}”；请为每个主题取不同的名称。"),
    "text.codebook_missing": ("{path}: no such codebook file.", "{path}：编码表文件不存在。"),
    "text.codebook_encoding": ("{path} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel).",
                               "{path} 不是 UTF-8 文本；请另存为 UTF-8（Excel 中选 “CSV UTF-8”）。"),
    "text.codebook_json": ("{path}, line {line}: not valid JSON ({detail}).", "{path} 第 {line} 行：JSON 格式错误（{detail}）。"),
    "text.codebook_format": ("{path}: a codebook is {{\"topics\": [{{\"name\": ..., \"rules\": [...]}}]}}.",
                             "{path}：编码表格式应为 {{\"topics\": [{{\"name\": ..., \"rules\": [...]}}]}}。"),
    "text.codebook_row": ("{path}, row {row}: give a topic name and its words (topic,word;word;...).",
                          "{path} 第 {row} 行：请填写主题名称及其词语（主题,词语;词语;...）。"),
    "text.bad_polarity": ("'{value}' is not a polarity; use one of: {known}.", "“{value}” 不是情感倾向；可用：{known}。"),
    "text.bad_code_topics": ("Topics of a comment are a list of topic names, not '{value}'.",
                             "评论的主题应为主题名称的列表，而不是 “{value}”。"),
    "text.machine_coded": ("{machine} machine-coded, {manual} by hand", "{machine} 条由模型编码，{manual} 条人工编码"),
    "text.machine_coded_adjusted": (
        "{machine} machine-coded (the model adjusted by {codes} of this study's codes), {manual} by hand",
        "{machine} 条由模型编码（模型已按本项目的 {codes} 条人工标注调整），{manual} 条人工编码"),
    "text.adjust.reading": ("Reading the comments coded by hand", "正在读取人工标注的评论"),
    "text.adjust.measuring": ("Measuring on held-out codes", "正在用留出的标注检验"),
    "text.adjust.fitting": ("Learning from all the codes", "正在从全部标注学习"),
    "text.adjust.too_few": (
        "Learning needs at least {least} comments whose polarity was set by hand, of at least two polarities; "
        "this study has {codes}.",
        "学习至少需要 {least} 条人工设定了情感倾向的评论（且至少包含两种倾向）；本项目现有 {codes} 条。"),
    "text.adjust.learned": (
        "Learned from {codes} codes. On {held} codes held out while learning, the machine agreed with the analyst on "
        "{before} before and {after} after. Comments are scored again on the next analysis.",
        "已从 {codes} 条人工标注学习。在学习时留出的 {held} 条标注上，模型与人工一致的由 {before} 条变为 {after} 条。"
        "下次分析时将重新计算评论得分。"),
    "text.adjust.removed": ("The study's adjustment was removed: the shipped model scores the comments again.",
                            "已移除本项目的模型调整：重新用内置模型计算评论得分。"),
    "text.adjust.none": ("This study has no adjustment to remove.", "本项目没有可移除的模型调整。"),
    "text.bad_top": ("The number of keywords to list (--top) must be a whole number of 1 or more (got {value}).",
                     "要列出的关键词个数（--top）须是不小于 1 的整数（输入的是 {value}）。"),
}
