"""Damage inside a zip (a workbook, a report) as a bad copy or a bad disk leaves it, for the readers' tests."""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path


def break_deflate_stream(path: Path, part: str) -> Path:
    """Make `part`'s deflated bytes no deflate stream at all (its first block's type 3, which deflate reserves):
    a reader's inflater fails at once, where most damage is only found by the part's CRC at its end."""
    with zipfile.ZipFile(path) as package:
        entry = package.getinfo(part)
    assert entry.compress_type == zipfile.ZIP_DEFLATED, part
    data = bytearray(path.read_bytes())
    name_length, extra_length = struct.unpack_from("<HH", data, entry.header_offset + 26)
    start = entry.header_offset + 30 + name_length + extra_length
    data[start:start + 4] = b"\xff" * 4
    path.write_bytes(bytes(data))
    return path
