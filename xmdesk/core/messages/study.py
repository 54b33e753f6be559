"""Messages of opening a study left as a write stopped it, or damaged (xmdesk.core.study.file, xmdesk.core.study.recover)."""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    "study.interrupted_write": (
        "A write to {path} was interrupted (the program writing it stopped before it finished); the study is "
        "not damaged, but it cannot be read until that write is undone. Open it normally, with write access and "
        "once no other XMDesk has it open: that undoes the unfinished write and shows the study as it was "
        "before it. Do not copy the file meanwhile.",
        "对 {path} 的一次写入被中断（写入它的程序未完成就停止了）；研究项目并未损坏，但在撤销这次写入之前无法读取。"
        "请在没有其他 XMDesk 打开它时，以可写方式正常打开：这会撤销未完成的写入，研究项目恢复为写入之前的样子。"
        "在此之前请不要复制该文件。",
    ),
    "study.unclosed_log": (
        "{path} was not closed properly last time: its latest changes are still in {log} beside it, which "
        "cannot be read from here (read-only). The study is not damaged. Open it normally, with write access "
        "and once no other XMDesk has it open, to bring those changes back into the file. Keep {log} with it.",
        "{path} 上次未正常关闭：最近的修改仍在旁边的 {log} 中，以只读方式无法读取。研究项目并未损坏。"
        "请在没有其他 XMDesk 打开它时，以可写方式正常打开，以便把这些修改写回文件。请将 {log} 与它放在一起。",
    ),
    "study.unreadable": (
        "{path} could not be read ({detail}); its integrity check found no damage. Close other programs "
        "using it and try again.",
        "无法读取 {path}（{detail}）；完整性检查未发现损坏。请关闭正在使用它的其他程序后重试。",
    ),
    "study.damaged_no_write": (
        "{path} is damaged ({detail}): XMDesk does not write into it, so the damage cannot spread over what is "
        "still whole; nothing was changed. Save what can be read into a new study and work there: "
        "xmdesk recover \"{path}\" -o RECOVERED.xmd",
        "{path} 已损坏（{detail}）：XMDesk 不会再写入它，以免损坏波及仍完好的内容；文件未被改动。"
        "请把仍可读取的内容救出到新的研究项目并在其中继续工作：xmdesk recover \"{path}\" -o RECOVERED.xmd",
    ),
    "recover.progress": (
        "Recovering what can be read",
        "正在救出可读取的内容",
    ),
    "recover.schema_damaged": (
        "The definition of a table is damaged ({detail}): its rows cannot be put back as they belong, so no "
        "recovered study was written. Open a backup copy, or send the file to whoever supports your XMDesk.",
        "有一张表的定义已损坏（{detail}）：其中的行无法按原有关系放回，因此没有写出救出的研究项目。"
        "请打开备份副本，或把文件发给为您提供 XMDesk 支持的人员。",
    ),
    "recover.nothing_readable": (
        "Nothing of {path} can be read: even its list of tables is damaged. Open a backup copy.",
        "{path} 中没有可读取的内容：连它的表目录都已损坏。请打开备份副本。",
    ),
}
