"""The one writer of kehoach's zip files (.docx, .xlsx): fixed dates and order, so the same parts give
the same bytes; members whose deflated bytes may be computed once and reused.

The bytes are exactly those `zipfile.ZipFile.writestr` writes for a `ZipInfo` with a fixed date, mode
0644 and ZIP_DEFLATED at the default level, so a part that never changes (styles, theme, numbering)
is compressed once per template instead of once per document. Light on purpose (no docxtpl, no Jinja):
the Excel and register exports use it too.
"""
from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree

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
_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"


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


def deterministic_docx(data: bytes, when: dt.date, *, title: str = "", author: str = "",
                       parts: dict[str, bytes] | None = None) -> bytes:
    """Re-pack the zip `data` (.docx or .xlsx) with fixed zip dates, our member order and core properties
    dated `when`; `parts` replace members."""
    src = zipfile.ZipFile(io.BytesIO(data))
    members = []
    for name in docx_order(src.namelist()):
        payload = (parts or {}).get(name) or src.read(name)
        if name == "docProps/core.xml":
            payload = core_properties(when, title, author)
        members.append(deflate(name, payload))
    return write_zip(members)


@lru_cache(maxsize=256)
def core_properties(when: dt.date, title: str, author: str) -> bytes:
    """Return the core properties part: `title`, `author`, created and modified on `when` at midnight UTC."""
    stamp = f"{when.isoformat()}T00:00:00Z"
    root = etree.Element(f"{{{_CP}}}coreProperties",
                         nsmap={"cp": _CP, "dc": _DC, "dcterms": _DCTERMS, "xsi": _XSI})
    for tag, text in ((f"{{{_DC}}}title", title), (f"{{{_DC}}}creator", author),
                      (f"{{{_CP}}}lastModifiedBy", author), (f"{{{_CP}}}revision", "1")):
        etree.SubElement(root, tag).text = text
    for tag in ("created", "modified"):
        el = etree.SubElement(root, f"{{{_DCTERMS}}}{tag}")
        el.set(f"{{{_XSI}}}type", "dcterms:W3CDTF")
        el.text = stamp
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)
