"""Atomic file writes: every file kehoach writes goes through a temporary file and a rename.

This is also where an operating-system failure (full disk, read-only folder, a file where a folder
should be) becomes a KehoachError the clerk can act on.
"""
from __future__ import annotations

import errno
import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from .errors import KehoachError, Problem
from .messages import os_reason

# A Word part is a few megabytes at most; a zip bomb declares gigabytes (zipfile never inflates a member
# past its declared size, so checking the declared sizes bounds what reading can cost).
MAX_PART_BYTES = 50_000_000
MAX_TOTAL_BYTES = 200_000_000
MAX_PARTS = 10_000
MAX_RATIO = 200           # XML compresses 5–20 times; beyond this for a big part it is a bomb
_RATIO_FROM = 5_000_000   # small parts may compress very well (a blank page), and cost nothing

_FREE_SPACE = "; hãy giải phóng chỗ trống rồi chạy lại"
_PERMISSION = "; hãy kiểm tra quyền của thư mục (hoặc tệp đang mở trong Word) rồi chạy lại"
_ADVICE = {getattr(errno, name): text for name, text in (
    ("ENOSPC", _FREE_SPACE), ("EDQUOT", _FREE_SPACE), ("EROFS", "; hãy chọn thư mục khác"),
    ("EACCES", _PERMISSION), ("EPERM", _PERMISSION),
) if hasattr(errno, name)}


def os_problem(error: OSError, path: Path, doing: str = "ghi") -> Problem:
    """Return a Problem saying that `doing` (e.g. `ghi`) `path` failed because of `error`, and what to do."""
    path = Path(path)
    blocker = _file_in_the_way(path)
    if blocker is not None:
        return Problem(f"không {doing} được vì “{blocker}” là một tệp, không phải thư mục; đổi tên hoặc chuyển "
                       "tệp đó đi, hoặc chọn thư mục khác", file=str(path))
    return Problem(f"không {doing} được: {os_reason(error)}{_ADVICE.get(error.errno, '')}", file=str(path))


def _file_in_the_way(path: Path) -> Path | None:
    """Return the nearest ancestor of `path` that exists as a file (where a folder was needed)."""
    for parent in path.parents:
        if parent.exists() or parent.is_symlink():
            return parent if not parent.is_dir() else None
    return None


def make_dirs(folder: Path) -> None:
    """Create `folder` and its parents; raise KehoachError when that is impossible."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        blocker = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        if blocker is not None:
            raise KehoachError(Problem(f"không tạo được thư mục vì “{blocker}” là một tệp trùng tên; đổi tên hoặc "
                                       "chuyển tệp đó đi, hoặc chọn thư mục khác", file=str(folder))) from e
        raise KehoachError(Problem(f"không tạo được thư mục: {os_reason(e)}", file=str(folder))) from e


def write_temp(path: Path, data: bytes, mode: int | None = None, sync: bool = True) -> Path:
    """Write `data` to a new temporary file beside `path` (`mode` applied); return its path.

    `sync` makes the data reach the disk before the caller renames it into place; a file that is
    only an intermediate (a build's staging, renamed again later) may skip that cost.
    """
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=path.suffix, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        # mkstemp creates 0600; drafts are ordinary files others may read.
        os.chmod(tmp, 0o644 if mode is None else mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def write_atomic(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to `path` so that readers see either the old file or the whole new one.

    `mode` (default 0o644; 0o444 for archived originals) is applied before the rename, so
    the file never exists at its final path with the wrong permissions. Raise KehoachError
    when the disk refuses (full, read-only, a file where the folder should be).
    """
    write_all_atomic([(Path(path), data)], mode=mode)


def write_all_atomic(files: Sequence[tuple[Path, bytes]], mode: int | None = None,
                     write: Callable[[Path, bytes, int | None], Path] = write_temp) -> None:
    """Write every (path, data) of `files`, or none: all temporary files first, then every rename.

    On any failure the temporary files are removed and files already renamed get their old
    content back, so the folder holds the previous set whole. `write` makes one temporary file
    (tests pass one that fails on the third file, as a full disk does). Raise KehoachError.
    """
    files = [(Path(p), d) for p, d in files]
    for folder in dict.fromkeys(p.parent for p, _ in files):
        make_dirs(folder)
    check_no_folder_in_the_way([p for p, _ in files])
    temps: list[Path] = []
    try:
        for path, data in files:
            try:
                temps.append(write(path, data, mode))
            except OSError as e:
                raise KehoachError(os_problem(e, path)) from e
        rename_all([p for p, _ in files], temps)
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def check_no_folder_in_the_way(paths: Sequence[Path]) -> None:
    """Raise KehoachError naming each of `paths` that is a folder (a file cannot be written there)."""
    in_the_way = [Problem("đã có một thư mục trùng tên với tệp cần ghi; đổi tên hoặc chuyển thư mục đó đi",
                          file=str(p)) for p in paths if Path(p).is_dir()]
    if in_the_way:
        raise KehoachError(in_the_way)


def write_folder_atomic(folder: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write `files` (name → bytes) as the folder `folder`, all or nothing; return the names carried over.

    The folder is assembled under a hidden name beside it and renamed into place. When `folder`
    exists it is replaced: its entries `files` does not name (hidden ones aside) are carried over,
    and the old folder is put back if the swap fails. Raise KehoachError when the disk refuses;
    nothing has changed then.
    """
    folder = Path(folder)
    make_dirs(folder.parent)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".tmp-{folder.name}-", dir=folder.parent))
        os.chmod(staging, 0o755)  # mkdtemp makes it private; a dossier is an ordinary folder
        for name, data in files.items():
            os.replace(write_temp(staging / name, data), staging / name)
        kept = _carry_over(folder, staging, files) if folder.exists() else []
        _swap_in(staging, folder)
    except OSError as e:
        raise KehoachError(os_problem(e, folder)) from e
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return kept


def _carry_over(folder: Path, staging: Path, files: Mapping[str, bytes]) -> list[str]:
    """Copy the entries of `folder` that `files` does not replace into `staging`; return their names."""
    kept = []
    for old in sorted(folder.iterdir()):
        if old.name not in files and not old.name.startswith("."):
            (shutil.copytree if old.is_dir() else shutil.copy2)(old, staging / old.name)
            kept.append(old.name)
    return kept


def _swap_in(staging: Path, folder: Path) -> None:
    """Rename `staging` to `folder`; an existing `folder` is moved aside first and put back on failure."""
    if not folder.exists():
        os.replace(staging, folder)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".tmp-old-{folder.name}-", dir=folder.parent))
    os.replace(folder, retired / folder.name)
    try:
        os.replace(staging, folder)
    except OSError:
        os.replace(retired / folder.name, folder)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def rename_all(paths: list[Path], temps: list[Path]) -> None:
    """Move each temp onto its path, all or none: if one move fails, put back what the earlier ones replaced
    (and raise KehoachError when the disk refuses)."""
    done: list[tuple[Path, Path | None]] = []  # (path, backup of its old content or None if it was new)
    try:
        for path, tmp in zip(paths, temps):
            backup = None
            if path.exists():
                backup = path.with_name(f".tmp-old-{path.name}")
                os.replace(path, backup)
            done.append((path, backup))
            os.replace(tmp, path)
    except OSError as e:
        for done_path, backup in reversed(done):
            try:
                if backup is not None:
                    os.replace(backup, done_path)
                else:
                    done_path.unlink(missing_ok=True)
            except OSError:
                pass  # the old content stays beside it under its backup name: nothing is lost
        raise KehoachError(os_problem(e, path)) from e
    for _, backup in done:
        if backup is not None:
            backup.unlink(missing_ok=True)


def check_zip(path: Path) -> None:
    """Raise KehoachError when the .docx at `path` would inflate to an unreasonable size (a zip bomb)."""
    with zipfile.ZipFile(path) as zf:
        members = zf.infolist()
    too_big = None
    if len(members) > MAX_PARTS:
        too_big = f"có {len(members)} phần bên trong (tệp Word chỉ có vài chục)"
    total = 0
    for info in members:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_PART_BYTES or (info.file_size > _RATIO_FROM and ratio > MAX_RATIO):
            too_big = f"phần {info.filename[:60]} bung ra {_mb(info.file_size)} (nén {ratio:.0f} lần)"
            break
    if too_big is None and total > MAX_TOTAL_BYTES:
        too_big = f"các phần bên trong bung ra tổng cộng {_mb(total)}"
    if too_big:
        raise KehoachError(Problem(f"tệp nén bất thường, không đọc: {too_big}. Một tệp Word hay Excel thật không lớn "
                                   f"như vậy (giới hạn {_mb(MAX_PART_BYTES)} mỗi phần, {_mb(MAX_TOTAL_BYTES)} cả "
                                   "tệp)", file=str(path)))


def _mb(size: int) -> str:
    return f"{size / 1_000_000:,.0f} MB".replace(",", ".")
