"""The archive of issued originals ("Lưu: VT"): write-once, read-only files laid out by year and number.

Layout under the archive folder: `2024/05-KH-UBND.docx` (and `.pdf`), beside the register file
`so-dang-ky-van-ban-di.sqlite3`. A file is written to a temporary name in its final folder,
fsynced, made read-only, then linked to its final name — `os.link` fails if the name exists,
so an archived original can never be replaced, not even by a race.
"""
from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import KehoachError
from ..rules.numbering import Issue

REGISTER_FILE = "so-dang-ky-van-ban-di.sqlite3"
LOCK_FILE = ".ban-hanh.lock"
TEMP_PREFIX = ".tmp-"
READ_ONLY = 0o444


def relative_path(issue: Issue, suffix: str) -> str:
    """Return where an original lives inside the archive, e.g. `2024/05-KH-UBND.docx`."""
    return f"{issue.date.year}/{str(issue.number).replace('/', '-')}{suffix}"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_original(root: Path, rel: str, data: bytes, before_link: Callable[[], None] = lambda: None) -> str:
    """Write `data` as the read-only original `root/rel` and return its SHA-256.

    Writing the same bytes again is a no-op (a repaired issue may get here twice); raise
    KehoachError when a different file already has that name. `before_link` runs once the
    temporary file is complete and read-only, just before it gets its final name (test hook).
    """
    path = Path(root) / rel
    digest = sha256_bytes(data)
    if path.exists():
        if sha256_file(path) == digest:
            return digest
        raise KehoachError(
            f"{path}: trong kho lưu đã có một tệp khác cùng tên; bản gốc đã lưu không bao giờ bị ghi đè. "
            "Chạy `kehoach verify` để xem sổ và kho lưu."
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, READ_ONLY)
        before_link()
        try:
            os.link(tmp, path)
        except FileExistsError:
            if sha256_file(path) != digest:
                raise KehoachError(f"{path}: một tiến trình khác vừa ghi tệp khác cùng tên vào kho lưu.") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return digest


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def check_original(root: Path, rel: str | None, expected_sha256: str | None, what: str) -> list[str]:
    """Return what is wrong with an archived original (Vietnamese, one sentence each)."""
    if rel is None or expected_sha256 is None:
        return [f"{what}: sổ không ghi đường dẫn hoặc mã băm của bản lưu."]
    path = Path(root) / rel
    if not path.is_file():
        return [f"{what}: thiếu tệp lưu {path}."]
    found = []
    if sha256_file(path) != expected_sha256:
        found.append(f"{what}: tệp lưu {path} đã bị thay đổi (mã SHA-256 khác mã ghi trong sổ).")
    if path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        found.append(f"{what}: tệp lưu {path} không còn ở chế độ chỉ đọc.")
    return found


def stray_files(root: Path, known: set[str]) -> tuple[list[Path], list[Path]]:
    """Return (temporary files left by an interrupted write, archived files the register does not know)."""
    temps, unknown = [], []
    root = Path(root)
    for path in sorted(root.glob("[0-9][0-9][0-9][0-9]/*")):
        if path.name.startswith(TEMP_PREFIX):
            temps.append(path)
        elif path.relative_to(root).as_posix() not in known:
            unknown.append(path)
    return temps, unknown
