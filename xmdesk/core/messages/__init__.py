"""The core's one message catalogue, in English and Chinese.

The GUI translates its own widgets with Qt's tr(); everything the core says to a
person (errors, progress steps) comes from here, so the CLI and the GUI say the
same thing in the same words and a missing Chinese text is caught by a test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES = ("en", "zh")

_language = "en"
_speaking: ContextVar[str | None] = ContextVar("xmdesk_speaking", default=None)
"""The language of one piece of work that is not the app's (a phone's request to the survey server)."""

# message id -> (English, Chinese). Placeholders use str.format names.
CATALOGUE: dict[str, tuple[str, str]] = {
    "study.not_found": (
        "{path}: no such file. Check the path, or create a study with 'xmdesk new'.",
        "{path}：文件不存在。请检查路径，或用 “xmdesk new” 新建研究项目。",
    ),
    "study.exists": (
        "{path} already exists; choose another name or delete that file first.",
        "{path} 已存在；请换一个文件名，或先删除该文件。",
    ),
    "study.is_directory": (
        "{path} is a folder, not a study file (.xmd).",
        "{path} 是文件夹，不是研究项目文件（.xmd）。",
    ),
    "study.empty_file": (
        "{path} is empty (0 bytes): it is not an XMDesk study. Nothing was changed.",
        "{path} 是空文件（0 字节），不是 XMDesk 研究项目。文件未被改动。",
    ),
    "study.not_sqlite": (
        "{path} is not an XMDesk study (it is not an SQLite database at all). Nothing was changed.",
        "{path} 不是 XMDesk 研究项目（根本不是 SQLite 数据库）。文件未被改动。",
    ),
    "study.foreign_sqlite": (
        "{path} is an SQLite database of another program, not an XMDesk study. "
        "To bring its data in, use Import. Nothing was changed.",
        "{path} 是其他程序的 SQLite 数据库，不是 XMDesk 研究项目。如需使用其中数据，请使用“导入”。文件未被改动。",
    ),
    "study.damaged": (
        "{path} is damaged ({detail}); this file was not changed. Open a backup copy, or save what can still be "
        "read into a new study: xmdesk recover \"{path}\" -o RECOVERED.xmd",
        "{path} 已损坏（{detail}）；此文件未被改动。请打开备份副本，或把仍可读取的内容救出到新的研究项目："
        "xmdesk recover \"{path}\" -o RECOVERED.xmd",
    ),
    "study.too_new": (
        "{path} was written by a newer version of XMDesk (schema step '{step}' is unknown "
        "to version {version}). Update XMDesk to open it; the file was not changed.",
        "{path} 由更新版本的 XMDesk 写入（此版本 {version} 不认识结构步骤 “{step}”）。"
        "请升级 XMDesk 后再打开；文件未被改动。",
    ),
    "study.locked": (
        "{path} is already open in another XMDesk window ({holder}); it is opened read-only. "
        "Close it there to edit it here.",
        "{path} 已在另一个 XMDesk 窗口中打开（{holder}），此处以只读方式打开。"
        "如需编辑，请先在那里关闭。",
    ),
    "study.read_only": (
        "This study is open read-only; changes cannot be saved.",
        "此研究项目以只读方式打开，无法保存修改。",
    ),
    "study.busy": (
        "The study is busy saving other work; try again in a moment.",
        "研究项目正在保存其他内容，请稍后再试。",
    ),
    "study.needs_upgrade": (
        "{path} was written by an older XMDesk and must be upgraded to schema {version}, which needs "
        "write access: open it normally (not read-only), or close it in the other window first.",
        "{path} 由旧版 XMDesk 写入，需要升级到结构版本 {version}，这需要写入权限："
        "请以普通方式（非只读）打开，或先在另一个窗口中关闭它。",
    ),
    "study.upgrade_failed": (
        "Upgrading {path} to schema {version} failed ({detail}); the file was left as it was. "
        "Please report this with the file.",
        "将 {path} 升级到结构版本 {version} 失败（{detail}）；文件保持原样。请连同文件一起报告此问题。",
    ),
    "study.no_permission": (
        "{path} cannot be written (no permission); it is opened read-only.",
        "{path} 没有写入权限，已以只读方式打开。",
    ),
    "study.closed": (
        "The study is closed.",
        "研究项目已关闭。",
    ),
    "study.copy_onto_itself": (
        "A copy cannot be saved over the open study itself; choose another file.",
        "不能把副本保存到正在打开的研究项目本身，请选择另一个文件。",
    ),
    "survey.bad_code": (
        "'{code}' cannot be used as a code: use letters, digits and _ , starting with a letter "
        "(at most 48 characters), e.g. q1 or wait_time.",
        "“{code}” 不能用作编码：请使用字母、数字和下划线，以字母开头（最多 48 个字符），例如 q1 或 wait_time。",
    ),
    "survey.reserved_code": (
        "'{code}' is reserved by XMDesk; choose another code.",
        "“{code}” 是 XMDesk 的保留字，请换一个编码。",
    ),
    "survey.duplicate_code": (
        "The code '{code}' is already used in survey '{survey}'.",
        "编码 “{code}” 在问卷 “{survey}” 中已被使用。",
    ),
    "survey.too_many_columns": (
        "Survey '{survey}' would need {count:,} columns, more than the {limit:,} a survey's table can hold "
        "(SQLite's limit). Nothing was changed; leave questions out, or split them into two surveys.",
        "问卷 “{survey}” 将需要 {count:,} 列，超过一个问卷的数据表最多能容纳的 {limit:,} 列（SQLite 的上限）。"
        "未做任何修改；请去掉一些题目，或把题目分到两个问卷中。",
    ),
    "survey.exists": (
        "A survey with the code '{code}' already exists in this study.",
        "此研究项目中已有编码为 “{code}” 的问卷。",
    ),
    "survey.not_found": (
        "No survey '{code}' in this study. Surveys here: {known}.",
        "此研究项目中没有问卷 “{code}”。现有问卷：{known}。",
    ),
    "survey.question_not_found": (
        "Survey '{survey}' has no question '{code}'.",
        "问卷 “{survey}” 中没有题目 “{code}”。",
    ),
    "survey.needs_choices": (
        "Question '{code}' ({type}) needs at least two choices.",
        "题目 “{code}”（{type}）至少需要两个选项。",
    ),
    "survey.needs_items": (
        "Matrix question '{code}' needs at least one row (item).",
        "矩阵题 “{code}” 至少需要一行（子题）。",
    ),
    "survey.bad_scale": (
        "Question '{code}': a rating scale runs from 1 to N with N between 2 and 11 (got {points}).",
        "题目 “{code}”：评分量表为 1 到 N，N 须在 2 到 11 之间（当前为 {points}）。",
    ),
    "survey.duplicate_value": (
        "Question '{code}': two choices share the value {value}.",
        "题目 “{code}”：有两个选项的取值都是 {value}。",
    ),
    "survey.bad_type": (
        "'{type}' is not a question type. Known types: {known}.",
        "“{type}” 不是题型。可用题型：{known}。",
    ),
    "responses.unknown_column": (
        "Response {row}: '{column}' is not a column of survey '{survey}'.",
        "第 {row} 份答卷：“{column}” 不是问卷 “{survey}” 的字段。",
    ),
    "odata.bad_key": (
        "Table '{table}' has no key column '{key}'. Its columns: {known}.",
        "表 “{table}” 没有主键列 “{key}”。现有列：{known}。",
    ),
    "journeys.not_found": (
        "No journey '{name}' in this study.",
        "此研究项目中没有旅程 “{name}”。",
    ),
    "cases.bad_status": (
        "A case cannot go from '{old}' to '{new}'.",
        "工单不能从 “{old}” 变为 “{new}”。",
    ),
    "jobs.cancelled": (
        "Cancelled; the study was left as it was.",
        "已取消；研究项目保持原样。",
    ),
    "demo.building": ("Writing demo responses", "正在生成演示答卷"),
    "demo.customers": ("Writing customers and orders", "正在生成客户与订单"),
    "demo.bad_count": (
        "--responses must be between 1 and 5,000,000 (got {n}).",
        "--responses 须在 1 到 5,000,000 之间（当前为 {n}）。",
    ),
    "copy.progress": ("Copying study", "正在复制研究项目"),
    "cli.interrupted": ("Interrupted; the study was left as it was.", "已中断；研究项目保持原样。"),
    "cli.no_display": (
        "No display found (DISPLAY/WAYLAND_DISPLAY unset): the window cannot be shown. "
        "Run it on a desktop, or under xvfb-run for screenshots.",
        "未找到显示器（未设置 DISPLAY/WAYLAND_DISPLAY），无法显示窗口。请在桌面环境中运行，或用 xvfb-run 截图。",
    ),
    "demo.bad_seed": (
        "--seed must be a whole number of 0 or more (got {seed}).",
        "--seed 须为 0 或更大的整数（当前为 {seed}）。",
    ),
}


def _merge_area_catalogues() -> None:
    """Areas keep their messages in xmdesk.core.messages; an id claimed twice is a bug caught at import."""
    import importlib

    from xmdesk.core.messages.areas import AREAS

    for area in AREAS:
        entries: dict[str, tuple[str, str]] = importlib.import_module(f"xmdesk.core.messages.{area}").CATALOGUE
        clash = CATALOGUE.keys() & entries.keys()
        if clash:
            raise RuntimeError(f"message ids defined twice: {sorted(clash)}")
        CATALOGUE.update(entries)


_merge_area_catalogues()


def set_language(language: str) -> None:
    """Choose the language of core messages ('en' or 'zh'); unknown values fall back to English."""
    global _language
    _language = language if language in LANGUAGES else "en"


def language() -> str:
    """The language core messages are written in now: the thread's or task's own (`speaking`) if set, else
    the app's (`set_language`)."""
    return _speaking.get() or _language


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Core messages in `lang` for the work inside, in this thread or task only: the survey server
    answers each phone in its own language while the app keeps its own."""
    token = _speaking.set(lang if lang in LANGUAGES else "en")
    try:
        yield
    finally:
        _speaking.reset(token)


def language_from_locale(locale_name: str) -> str:
    """Map a locale name such as 'zh_CN' or 'en_US.UTF-8' to a catalogue language."""
    return "zh" if locale_name.lower().startswith("zh") else "en"


def text(message_id: str, lang: str | None = None, /, **values: object) -> str:
    """The message in the chosen language with its placeholders filled.

    A value that is itself a message (an XMDeskError: a refused pattern inside a filter's error) is
    written in the same language."""
    english, chinese = CATALOGUE[message_id]
    template = chinese if (lang or language()) == "zh" else english
    return template.format(**{name: _in_language(value, lang) for name, value in values.items()})


def _in_language(value: object, lang: str | None) -> object:
    message = getattr(value, "message", None)
    return message(lang) if isinstance(value, Exception) and callable(message) else value


set_language(language_from_locale(os.environ.get("XMDESK_LANG") or os.environ.get("LANG", "en")))
