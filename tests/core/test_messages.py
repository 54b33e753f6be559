"""The core's message catalogue: every message complete in both languages, same placeholders."""

from __future__ import annotations

import re
import string

from xmdesk.core import messages

CJK = re.compile(r"[\u4e00-\u9fff]")
# A Chinese message may be placeholders in Chinese punctuation only ("{group}（{segment}）").
CHINESE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_english_and_chinese_with_the_same_placeholders() -> None:
    assert len(messages.CATALOGUE) > 30
    for message_id, (english, chinese) in messages.CATALOGUE.items():
        assert english.strip() and not CJK.search(english.replace("中文", "")), message_id
        assert CHINESE.search(chinese), f"{message_id} has no Chinese text"
        assert placeholders(english) == placeholders(chinese), message_id


def test_language_switch_and_locale_mapping() -> None:
    assert messages.language_from_locale("zh_CN.UTF-8") == "zh"
    assert messages.language_from_locale("en_US") == "en"
    before = messages.language()
    try:
        messages.set_language("zh")
        assert messages.text("study.empty_file", path="a.xmd").startswith("a.xmd 是空文件")
        messages.set_language("klingon")
        assert messages.language() == "en"
    finally:
        messages.set_language(before)
