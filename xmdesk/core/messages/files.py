"""Messages of writing output files: exports, reports, packs, copies (xmdesk.core.files)."""

from __future__ import annotations

CATALOGUE: dict[str, tuple[str, str]] = {
    "files.disk_full": (
        "The disk is full: {path} could not be written, nothing was changed. Free some space or choose "
        "another drive, then try again.",
        "磁盘已满：无法写入 {path}，未做任何更改。请腾出空间或换一个磁盘后重试。",
    ),
    "files.cannot_write": (
        "Cannot write {path}: {reason}. Nothing was changed; choose another folder or close the file if it is "
        "open elsewhere.",
        "无法写入 {path}：{reason}。未做任何更改；请换一个文件夹，或先关闭在别处打开的该文件。",
    ),
    "files.study_disk_full": (
        "The disk holding {path} is full: nothing was changed. Free some space, then try again.",
        "{path} 所在的磁盘已满：未做任何更改。请腾出空间后重试。",
    ),
    "files.no_name": (
        "No file name was given for the output: name the file to write, such as out.xlsx.",
        "未指定输出文件名：请给出要写入的文件名，例如 out.xlsx。",
    ),
    "files.no_folder": (
        "The folder {folder} does not exist: nothing was written. Create it, or choose another folder.",
        "文件夹 {folder} 不存在：未写入任何内容。请先创建该文件夹，或换一个文件夹。",
    ),
    "files.wrong_suffix": (
        "{path} ends in {given}, but what is written is a {suffix} file: name it {suggested}.",
        "{path} 以 {given} 结尾，但写入的是 {suffix} 文件：请命名为 {suggested}。",
    ),
}
