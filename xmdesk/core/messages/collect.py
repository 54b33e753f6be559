"""Messages of the survey server on the local network and its phone form (issue 22)."""

CATALOGUE: dict[str, tuple[str, str]] = {
    # the phone form
    "collect.next": ("Next", "下一步"),
    "collect.back": ("Back", "上一步"),
    "collect.choose": ("Choose…", "请选择…"),
    "collect.thanks": ("Thank you!", "感谢您的参与！"),
    "collect.received": ("Your answers have been received.", "您的回答已成功提交。"),
    "collect.offline": ("No connection: your answers are kept on this phone and sent as soon as it is back.",
                        "网络已断开：您的回答已保存在本机，恢复连接后会自动提交。"),
    "collect.refused_title": ("This page cannot be shown", "无法显示此页面"),
    # refusals, said to the phone
    "collect.too_fast": ("Too many requests from this device; wait a moment and try again.",
                         "此设备的请求过于频繁，请稍候再试。"),
    "collect.too_large": ("The answers sent are too large.", "提交的内容过大。"),
    "collect.cross_site": ("Answers can only be sent from this survey's own page.", "只能从本问卷的页面提交回答。"),
    "collect.stale_form": ("This form has expired; open the survey's link again.", "此表单已失效，请重新打开问卷链接。"),
    "collect.busy": ("Many people are answering right now; try again in a minute.", "当前填写人数较多，请一分钟后再试。"),
    "collect.not_stored": ("Your answers could not be saved yet; they are kept on this phone, try again.",
                           "您的回答暂时无法保存，已保留在本机，请稍后重试。"),
    "collect.link_refused": ("This link cannot be used: {detail}", "此链接无法使用：{detail}"),
    "collect.nothing_to_ask": ("This survey has no questions to answer.", "此问卷没有需要回答的问题。"),
    # links and pre-filled fields
    "collect.bad_link": ("The link's pre-filled fields were changed or are incomplete.",
                         "链接中的预填字段被修改过或不完整。"),
    "collect.not_hidden": ("'{field}' cannot be pre-filled by a link; the survey takes {allowed}.",
                           "链接不能预填 “{field}”；本问卷可预填：{allowed}。"),
    "collect.bad_prefill": ("The link fills {field} with '{value}': {problem}", "链接为 {field} 预填了 “{value}”：{problem}"),
    "collect.bad_id": ("The submission's id is not one this server makes.", "提交编号的格式不正确。"),
    "collect.bad_source": ("'{source}' is not a response source (web, kiosk, entry, import).",
                           "“{source}” 不是答卷来源（web、kiosk、entry、import）。"),
    # the command
    "collect.listening": ("Serving survey {survey} at {url} (Ctrl+C stops)", "正在发布问卷 {survey}：{url}（按 Ctrl+C 停止）"),
    "collect.links_no_customer": ("{path} has no customer_id column.", "{path} 中没有 customer_id 列。"),
    # posters
    "collect.poster_call": ("Tell us about your visit: scan with your phone's camera",
                            "扫码告诉我们您的到店体验"),
    "collect.poster_wifi": ("Connect to this store's Wi-Fi first. It takes about two minutes.",
                            "请先连接本店 Wi-Fi，约需两分钟。"),
    "collect.posters_written": ("Wrote {pages} poster page(s) to {path}", "已将 {pages} 页海报写入 {path}"),
    "collect.no_store_question": ("Survey {survey} has no store question a link may pre-fill: one poster for all "
                                  "stores.", "问卷 {survey} 没有可由链接预填的门店题：只生成一张通用海报。"),
    "collect.links_not_a_file": ("{path} is not a file: give the customer list (a CSV with a customer_id column).",
                                 "{path} 不是文件：请给出客户名单（含 customer_id 列的 CSV）。"),
    "collect.links_encoding": ("{path} is not UTF-8 text: save it from Excel as 'CSV UTF-8 (comma delimited)'.",
                               "{path} 不是 UTF-8 文本：请在 Excel 中另存为 “CSV UTF-8（逗号分隔）”。"),
    "collect.cannot_listen": ("Cannot serve at {address} ({reason}): choose another --port (--port 0 picks a free "
                              "one) or the --host address of this computer's network.",
                              "无法在 {address} 发布（{reason}）：请换一个 --port（--port 0 自动选择空闲端口），或用 --host "
                              "指定本机网络的地址。"),
}
