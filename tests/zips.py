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


def set_headers(path: Path, part: str, *, method: int | None = None, flags: int | None = None,
                version: int | None = None) -> Path:
    """Change what `part`'s local header and central directory entry say: its compression method, its flag bits,
    the zip version needed to extract it."""
    data = bytearray(path.read_bytes())
    name = part.encode()
    # (signature, where the name's length is, where the name starts, version, flags, method) of each header
    for signature, length_at, name_at, version_at in ((b"PK\x03\x04", 26, 30, 4), (b"PK\x01\x02", 28, 46, 6)):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack_from("<H", data, at + length_at)[0]
            if data[at + name_at:at + name_at + length] == name:
                for value, offset in ((version, version_at), (flags, version_at + 2), (method, version_at + 4)):
                    if value is not None:
                        struct.pack_into("<H", data, at + offset, value)
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path
