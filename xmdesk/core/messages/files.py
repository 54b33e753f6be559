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
}
