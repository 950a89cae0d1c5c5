"""Write a .docx zip from members whose deflated bytes may be computed once and reused.

The bytes are exactly those `zipfile.ZipFile.writestr` writes for a `ZipInfo` with a fixed date, mode
0644 and ZIP_DEFLATED at the default level, so a part that never changes (styles, theme, numbering)
is compressed once per template instead of once per document.
"""
from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_VERSION = 20  # zipfile's DEFAULT_VERSION: what deflate needs
_DEFLATED = 8
_EXTERNAL_ATTR = 0o644 << 16
_SYSTEM_UNIX = 3
_DOS_DATE = (FIXED_ZIP_TIME[0] - 1980) << 9 | FIXED_ZIP_TIME[1] << 5 | FIXED_ZIP_TIME[2]
_DOS_TIME = FIXED_ZIP_TIME[3] << 11 | FIXED_ZIP_TIME[4] << 5 | FIXED_ZIP_TIME[5] // 2
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_UTF8_FLAG = 0x800


@dataclass(frozen=True)
class Member:
    """One zip member, already deflated: its name, CRC-32, sizes and compressed bytes."""

    name: str
    crc: int
    size: int
    deflated: bytes


def deflate(name: str, data: bytes) -> Member:
    """Return `data` as a member named `name`, compressed as zipfile compresses it."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return Member(name, zlib.crc32(data), len(data), packed)


def docx_order(names) -> list[str]:
    """Return member names in the order our .docx files keep: [Content_Types].xml first, then by name."""
    return sorted(names, key=lambda n: (n != "[Content_Types].xml", n))


def write_zip(members: list[Member]) -> bytes:
    """Return the zip archive holding `members` in the given order."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for m in members:
        try:
            name = m.name.encode("ascii")
            flags = 0
        except UnicodeEncodeError:
            name = m.name.encode("utf-8")
            flags = _UTF8_FLAG
        local = _LOCAL.pack(b"PK\003\004", _VERSION, 0, flags, _DEFLATED, _DOS_TIME, _DOS_DATE,
                            m.crc, len(m.deflated), m.size, len(name), 0)
        chunks += (local, name, m.deflated)
        central.append(_CENTRAL.pack(b"PK\001\002", _VERSION, _SYSTEM_UNIX, _VERSION, 0, flags, _DEFLATED,
                                     _DOS_TIME, _DOS_DATE, m.crc, len(m.deflated), m.size, len(name),
                                     0, 0, 0, 0, _EXTERNAL_ATTR, offset) + name)
        offset += len(local) + len(name) + len(m.deflated)
    directory = b"".join(central)
    end = _END.pack(b"PK\005\006", 0, 0, len(members), len(members), len(directory), offset, 0)
    return b"".join(chunks) + directory + end
