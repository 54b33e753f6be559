"""Messages of skip-logic and filter expressions; each says where («…», character N) and what to write instead."""

CATALOGUE: dict[str, tuple[str, str]] = {
    "logic.too_long": ("The expression «{expression}» is longer than {limit} characters.",
                       "表达式「{expression}」超过 {limit} 个字符。"),
    "logic.bad_character": ("The character '{character}' at character {column} of «{expression}» cannot be used "
                            "in an expression.",
                            "表达式「{expression}」第 {column} 个字符 “{character}” 不能用在表达式中。"),
    "logic.full_width": ("'{character}' at character {column} of «{expression}» is a full-width character (typed "
                         "with a Chinese input method): type '{ascii}' instead.",
                         "表达式「{expression}」第 {column} 个字符 “{character}” 是中文输入法的全角符号，"
                         "请改用半角的 “{ascii}”。"),
    "logic.unclosed": ("A closing bracket is missing: the '(' at character {column} of «{expression}» is never "
                       "closed.",
                       "缺少右括号：表达式「{expression}」第 {column} 个字符的左括号没有配对的右括号。"),
    "logic.extra_close": ("One closing bracket too many, at character {column} of «{expression}».",
                          "右括号多了一个，在表达式「{expression}」第 {column} 个字符。"),
    "logic.empty_brackets": ("Nothing between the brackets at character {column} of «{expression}»: put a value "
                             "inside or remove them.",
                             "表达式「{expression}」第 {column} 个字符处的括号里什么也没有：请填入内容或删掉括号。"),
    "logic.ends_early": ("«{expression}» stops too early: something is missing after '{after}' (character "
                         "{column}), e.g. a number, a question such as ${{nps}} or text in quotes.",
                         "表达式「{expression}」没写完：第 {column} 个字符的 “{after}” 后面还缺少内容，"
                         "例如数字、题目（如 ${{nps}}）或带引号的文字。"),
    "logic.value_expected": ("A value is missing at character {column} of «{expression}» (a number, a question "
                             "such as ${{nps}} or text in quotes), where '{found}' stands.",
                             "表达式「{expression}」第 {column} 个字符处缺少一个值（数字、题目如 ${{nps}} "
                             "或带引号的文字），这里却是 “{found}”。"),
    "logic.operator_missing": ("An operator is missing before '{found}' at character {column} of «{expression}»: "
                               "join two values with and, or, =, >, + and the like.",
                               "表达式「{expression}」第 {column} 个字符的 “{found}” 前面缺少运算符："
                               "两个值之间要用 and、or、=、>、+ 等连接。"),
    "logic.argument_separator": ("The arguments of {function}() are separated by commas: a ',' or ')' is "
                                 "missing before '{found}' at character {column} of «{expression}».",
                                 "{function}() 的参数之间要用逗号分隔：表达式「{expression}」第 {column} 个字符的 "
                                 "“{found}” 前面缺少 “,” 或 “)”。"),
    "logic.empty": ("The expression is empty.", "表达式为空。"),
    "logic.chained_comparison": (
        "Comparisons cannot be chained at character {column} of «{expression}»: write '${{q}} > 1 and ${{q}} < 5'.",
        "表达式「{expression}」第 {column} 个字符：比较不能连写，请写成 “${{q}} > 1 and ${{q}} < 5”。"),
    "logic.too_deep": ("«{expression}» is nested too deeply (character {column}).",
                       "表达式「{expression}」嵌套层数过多（第 {column} 个字符）。"),
    "logic.empty_reference": ("Empty reference ${{}} at character {column} of «{expression}»: put a question code inside.",
                              "表达式「{expression}」第 {column} 个字符的 ${{}} 为空：请在括号内填写题目代码。"),
    "logic.bare_word": (
        "'{found}' at character {column} of «{expression}» is not a function or operator; "
        "write a question as ${{{found}}} and text in quotes: '{found}'.",
        "表达式「{expression}」第 {column} 个字符的 “{found}” 既不是函数也不是运算符；"
        "题目请写成 ${{{found}}}，文字请加引号：'{found}'。"),
    "logic.unknown_function": ("Unknown function '{found}' at character {column} of «{expression}»; known: {known}.",
                               "表达式「{expression}」第 {column} 个字符：未知函数 “{found}”；可用函数：{known}。"),
    "logic.arguments": ("{function}() takes {count} argument(s), {given} given (character {column} of «{expression}»).",
                        "{function}() 需要 {count} 个参数，实际给了 {given} 个（表达式「{expression}」第 {column} 个字符）。"),
    "logic.no_current": ("'.' (this question's answer) has no meaning here (character {column} of «{expression}»).",
                         "“.”（本题答案）在此处没有意义（表达式「{expression}」第 {column} 个字符）。"),
    "logic.matrix_reference": (
        "${{{code}}} is a matrix: refer to one of its rows, e.g. ${{{example}}} (character {column} of «{expression}»).",
        "${{{code}}} 是矩阵题：请引用其中一行，例如 ${{{example}}}（表达式「{expression}」第 {column} 个字符）。"),
    "logic.unknown_question": ("Survey {survey} has no question '{code}' (character {column} of «{expression}»).",
                               "问卷 {survey} 中没有题目 “{code}”（表达式「{expression}」第 {column} 个字符）。"),
    "logic.selection_as_value": (
        "A multiple-choice answer is not a number (character {column} of «{expression}»): "
        "use selected(${{q}}, 'code') or count-selected(${{q}}).",
        "多选题的答案不是数值（表达式「{expression}」第 {column} 个字符）：请用 selected(${{q}}, '代码') 或 count-selected(${{q}})。"),
    "logic.selection_compare": (
        "A multiple-choice answer cannot be compared with = or < (character {column} of «{expression}»): "
        "use selected(${{q}}, 'code').",
        "多选题的答案不能用 = 或 < 比较（表达式「{expression}」第 {column} 个字符）：请用 selected(${{q}}, '代码')。"),
    "logic.unknown_choice": ("'{value}' is not a choice of {code} (character {column} of «{expression}»); "
                             "its choices: {known}.",
                             "“{value}” 不是 {code} 的选项（表达式「{expression}」第 {column} 个字符）；可选：{known}。"),
    "logic.selected_needs_question": (
        "selected() needs a question as its first argument, e.g. selected(${{q7}}, 'wait') "
        "(character {column} of «{expression}»).",
        "selected() 的第一个参数须是题目，例如 selected(${{q7}}, 'wait')（表达式「{expression}」第 {column} 个字符）。"),
    "logic.not_a_choice": ("{code} is not a choice question, so selected() cannot test it "
                           "(character {column} of «{expression}»).",
                           "{code} 不是选择题，不能用 selected() 判断（表达式「{expression}」第 {column} 个字符）。"),
    "logic.not_multiple": ("count-selected() needs a multiple-choice question (character {column} of «{expression}»).",
                           "count-selected() 需要多选题（表达式「{expression}」第 {column} 个字符）。"),
    "logic.bad_regex": ("The pattern at character {column} of «{expression}» cannot be used: {detail}",
                        "表达式「{expression}」第 {column} 个字符的正则表达式无法使用：{detail}"),
    # A user's pattern (xmdesk/core/patterns.py), refused wherever it was written: a filter, an alert rule,
    # a codebook rule, a question's answer pattern.
    "logic.pattern_invalid": ("«{pattern}» is not a valid regular expression ({detail}).",
                              "「{pattern}」不是有效的正则表达式（{detail}）。"),
    "logic.pattern_lookaround": (
        "«{pattern}» looks ahead or behind with '{construct}', which patterns here cannot do (they run in "
        "linear time, so that no pattern can hang the app): test that part with a second condition, "
        "e.g. regex(…) and not(regex(…)).",
        "「{pattern}」使用了前瞻或后顾 “{construct}”，本软件的正则表达式不支持（匹配按线性时间运行，"
        "任何模式都不会让程序卡死）：请把这部分写成第二个条件，例如 regex(…) and not(regex(…))。"),
    "logic.pattern_backreference": (
        "«{pattern}» refers back to a group with '{construct}', which patterns here cannot do (they run in "
        "linear time, so that no pattern can hang the app): write the repeated part out again.",
        "「{pattern}」用 “{construct}” 反向引用分组，本软件的正则表达式不支持（匹配按线性时间运行，"
        "任何模式都不会让程序卡死）：请把重复的部分再写一遍。"),
    "logic.pattern_atomic": (
        "«{pattern}» uses '{construct}' (an atomic group or a possessive repeat): patterns here never "
        "backtrack, so write it as a plain group or repeat.",
        "「{pattern}」使用了 “{construct}”（原子分组或占有量词）：本软件的正则表达式从不回溯，请改用普通分组或量词。"),
    "logic.pattern_repeat": ("«{pattern}» repeats a part more than 1,000 times ('{construct}'): use a smaller count.",
                             "「{pattern}」中的 “{construct}” 重复次数超过 1,000：请改用较小的次数。"),
    "logic.pattern_too_large": ("«{pattern}» is too large to run: make it shorter or split it into several conditions.",
                                "「{pattern}」过于庞大，无法运行：请缩短，或拆成几个条件。"),
    "logic.constant_needed": ("Write this argument out in quotes (character {column} of «{expression}»).",
                              "此参数须直接写出并加引号（表达式「{expression}」第 {column} 个字符）。"),
    "logic.self_reference": ("The logic of {code} refers to {code} itself; use '.' for this question's own answer.",
                             "{code} 的逻辑引用了它自己；本题答案请用 “.” 表示。"),
    "logic.later_question": ("{current} refers to {code}, which comes later in the survey: logic may only use "
                             "earlier answers.",
                             "{current} 引用了排在它后面的 {code}：逻辑只能使用前面题目的答案。"),
    "logic.cycle": ("The logic goes round in a circle: {path}.", "逻辑形成了循环：{path}。"),
    "logic.number_compared_with_text": (
        "«{expression}» compares a number with the text '{text}', which is not a number, so it is never true "
        "(character {column}): compare with a number, such as 100.",
        "表达式「{expression}」把数字与文字 “{text}” 比较，而它不是数字，条件永远不成立（第 {column} 个字符）："
        "请与数字比较，例如 100。"),
    "logic.text_compared_with_number": (
        "«{expression}» compares the text of {text} with a number (character {column}): text answers are not "
        "numbers. To read them as numbers write number({text}); to compare text, quote the value, such as '3'.",
        "表达式「{expression}」把 {text} 的文字与数字比较（第 {column} 个字符）：文字答案不是数字。"
        "要把它当数字读，请写 number({text})；要比较文字，请给值加引号，例如 '3'。"),
    "logic.filter_reads_no_answer": (
        "The filter «{expression}» reads no answer, so it keeps every response or none: a filter is a condition "
        "on answers, such as ${{nps}} >= 9.",
        "筛选条件「{expression}」没有用到任何答案，只会保留全部或一条也不保留：筛选须是关于答案的条件，"
        "例如 ${{nps}} >= 9。"),
    "logic.filter_not_a_condition": (
        "The filter «{expression}» computes a value, not yes or no: a filter is a condition, such as "
        "${{spend}} > 100 or selected(${{categories}}, 'food').",
        "筛选条件「{expression}」算出的是一个值，不是“是”或“否”：筛选须是条件，例如 ${{spend}} > 100 "
        "或 selected(${{categories}}, 'food')。"),
}
