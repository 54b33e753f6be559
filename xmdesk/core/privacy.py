"""Masking personal data in free text before it leaves the study (comments in reports, data exports).

What is masked: e-mail addresses, mainland mobile and landline numbers, Chinese resident
ID numbers (15 or 18 characters), and names — the names a study knows (its customer
table) wherever they appear, plus the common ways a Chinese comment names a person
("王先生", "我叫李娜", "姓名：张伟"). Masking keeps the first character of a name or
the first and last digits of a number, so a reader still sees *that* something was
there and what kind of thing it was, but cannot contact or identify the person.

A regular expression cannot find every name; the customer list covers the people the
study has on file, and the patterns cover the usual forms in comments.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

MASK = "*"

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# 18-digit (last may be X) or 15-digit resident ID, not part of a longer digit run.
ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
# Mobile 1[3-9]x xxxx xxxx with optional +86 and separators; landline 0xx(x)-xxxxxxx(x).
PHONE = re.compile(r"(?<!\d)(?:(?:\+?86[-\s]?)?1[3-9]\d[-\s]?\d{4}[-\s]?\d{4}|0\d{2,3}-\d{7,8})(?!\d)")
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
# "王先生", "李女士", "张经理": surname + title.
TITLED_NAME = re.compile(f"[{SURNAMES}](?=(?:先生|女士|小姐|经理|师傅|老师|阿姨|大爷|总))")
# "我叫李娜", "姓名：张伟", "联系人 王芳": the two or three characters after the cue.
CUED_NAME = re.compile(r"(?:我叫|我是|姓名[:：]?\s*|名字[:：]?\s*|联系人[:：]?\s*)"
                       f"([{SURNAMES}][\u4e00-\u9fff]{{1,2}})")


def _keep_ends(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = [i for i, ch in enumerate(text) if ch.isalnum()]
    keep = {digits[0], digits[-1]} if len(digits) > 4 else set()
    return "".join(ch if i in keep or not ch.isalnum() else MASK for i, ch in enumerate(text))


def _mask_email(match: re.Match[str]) -> str:
    local, _, domain = match.group(0).partition("@")
    return f"{local[0]}{MASK * 3}@{domain}"


def _mask_name(name: str) -> str:
    return name[0] + MASK * (len(name) - 1)


@dataclass
class Masker:
    """Masks personal data in text; `names` are the people the study knows (e.g. its customers)."""

    names: Iterable[str] = ()
    _known: frozenset[str] = field(init=False, default=frozenset())
    _lengths: tuple[int, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        self._known = frozenset(n.strip() for n in self.names if n and len(n.strip()) >= 2)
        # Longest first, so "欧阳娜娜" is masked whole rather than as "欧阳娜" + "娜".
        self._lengths = tuple(sorted({len(n) for n in self._known}, reverse=True))

    def mask(self, text: str) -> str:
        """The text with e-mails, ID numbers, phone numbers and names masked."""
        if not text:
            return text
        text = EMAIL.sub(_mask_email, text)
        text = ID_NUMBER.sub(_keep_ends, text)
        text = PHONE.sub(_keep_ends, text)
        if self._known:
            text = self._mask_known(text)
        text = CUED_NAME.sub(lambda m: m.group(0)[: m.start(1) - m.start(0)] + _mask_name(m.group(1)), text)
        return TITLED_NAME.sub(MASK, text)

    def _mask_known(self, text: str) -> str:
        """Known names by set look-up at each position: a regex of thousands of names is far slower."""
        out: list[str] = []
        i = 0
        while i < len(text):
            for length in self._lengths:
                if text[i:i + length] in self._known:
                    out.append(_mask_name(text[i:i + length]))
                    i += length
                    break
            else:
                out.append(text[i])
                i += 1
        return "".join(out)

    def __call__(self, value: object) -> object:
        """Mask a cell: strings are masked, every other value passes through."""
        return self.mask(value) if isinstance(value, str) else value


def mask_text(text: str) -> str:
    """Mask with the patterns only (no list of known names)."""
    return Masker().mask(text)


IPV4 = re.compile(r"\b(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}\b")
IPV6 = re.compile(r"\b([0-9A-Fa-f]{1,4}):([0-9A-Fa-f]{1,4})(?::[0-9A-Fa-f]{0,4}){1,6}(?![0-9A-Fa-f:])")


def mask_ip(address: object) -> object:
    """An IP address with its host part hidden (203.0.113.7 -> 203.0.*.*; 2001:db8:… keeps its first two
    groups): a reader sees the network, not the device or the person. A survey tool's export holds one
    per response; every other value passes through."""
    if not isinstance(address, str) or not address:
        return address
    masked = IPV4.sub(lambda m: f"{m.group(1)}.{m.group(2)}.{MASK}.{MASK}", address)
    return IPV6.sub(lambda m: f"{m.group(1)}:{m.group(2)}:{MASK}", masked)
