"""The archive of issued originals ("Lưu: VT"): write-once, read-only files laid out by year and number.

Layout under the archive folder: `2024/05-KH-UBND.docx` (and `.pdf`, and the row's witness
`05-KH-UBND.json`, see witness.py), beside the register file `so-dang-ky-van-ban-di.sqlite3`.
A file is written to a temporary name in its final folder, fsynced, made read-only, then
linked to its final name — `os.link` fails if the name exists, so an archived original can
never be replaced, not even by a race. Windows: the final name is given by `os.rename`, which
refuses an existing name there as `os.link` does (and leaves no second name sharing the file's
read-only attribute); the read-only attribute is what `os.chmod(path, S_IREAD)` sets; a read-only
file must be made writable before it is deleted; folders cannot be fsynced.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import KehoachError
from ..messages import os_reason
from ..rules.numbering import Issue
from ..rules.vn import ascii_fold

REGISTER_FILE = "so-dang-ky-van-ban-di.sqlite3"
LOCK_FILE = ".ban-hanh.lock"
IDENTITY_FILE = "kho-luu.json"  # the archive's id and the register's last event (witness.py)
TEMP_PREFIX = ".tmp-"
READ_ONLY = stat.S_IREAD | stat.S_IRGRP | stat.S_IROTH  # 0o444; on Windows only S_IWRITE counts
# Room an issue needs on the archive's drive besides the original: PDF, witness, register growth.
MIN_FREE_BYTES = 20 * 1024 * 1024
# Files Windows and macOS drop into any folder a person opens; never the clerk's doing.
SYSTEM_FILES = frozenset({"Thumbs.db", "desktop.ini", ".DS_Store"})


def windows() -> bool:
    return os.name == "nt"


CANCELLED_DIR = "da-huy"  # a cancelled number's originals, moved aside so the folder shows it


def cancelled_path(rel: str) -> str:
    """Return where the original `2024/05-KH-UBND.docx` goes once its number is cancelled: `2024/da-huy/…`."""
    year, name = rel.split("/", 1)
    return f"{year}/{CANCELLED_DIR}/{name}"


def uncancelled_path(rel: str) -> str:
    """Return the year-folder path a `da-huy/` original came from."""
    return rel.replace(f"/{CANCELLED_DIR}/", "/", 1)


def move_original(root: Path, src_rel: str, dst_rel: str) -> bool:
    """Move an archived original to `dst_rel` (same bytes, still read-only); return False when there is nothing to move.

    Never replaces a different file; a move interrupted after the new name was made is finished.
    """
    root = Path(root)
    src, dst = root / src_rel, root / dst_rel
    if not src.exists():
        return False
    try:
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.exists():
            if sha256_file(dst) != sha256_file(src):
                raise KehoachError(f"{dst}: trong kho lưu đã có một tệp khác cùng tên; không chuyển {src} vào đó.")
        elif windows():
            os.rename(src, dst)  # never replaces there; attributes (read-only) travel with the file
        else:
            try:
                os.link(src, dst)
            except FileExistsError:
                raise
            except OSError:  # no hard links on this drive (FAT, a share): the name is free, we hold the lock
                os.rename(src, dst)
        remove_file(src)
    except OSError as e:
        raise KehoachError(f"{src}: không chuyển được vào {dst.parent} ({os_reason(e)}).") from e
    fsync_dir(dst.parent)
    fsync_dir(src.parent)
    return True


def relative_path(issue: Issue, suffix: str) -> str:
    """Return where an original lives inside the archive, e.g. `2024/05-KH-UBND.docx` (ASCII, NTFS-safe)."""
    return f"{issue.date.year}/{ascii_fold(str(issue.number)).replace('/', '-')}{suffix}"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_read_only(path: Path) -> None:
    os.chmod(path, stat.S_IREAD if windows() else READ_ONLY)


def is_writable(path: Path) -> bool:
    """Return whether `path` lacks the read-only protection (POSIX write bits; Windows attribute)."""
    return bool(Path(path).stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))


def remove_file(path: Path) -> None:
    """Delete `path` if it exists; Windows refuses to delete a read-only file, so clear that first."""
    path = Path(path)
    if windows() and path.exists():
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)
    path.unlink(missing_ok=True)


def link_new(src: Path, dst: Path) -> None:
    """Give the finished file `src` the name `dst`, never replacing an existing `dst` (FileExistsError).

    POSIX: a hard link (atomic, fails on an existing name), or — on a drive without hard links —
    the name taken first with O_EXCL, then replaced (callers hold the writer lock). Windows: a
    rename, which never replaces there; no second name is left whose attributes would be shared.
    """
    if windows():
        os.rename(src, dst)
        return
    try:
        os.link(src, dst)
        return
    except FileExistsError:
        raise
    except OSError:
        pass  # e.g. FAT or a network share: no hard links
    os.close(os.open(dst, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o444))
    os.replace(src, dst)


def fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX); Windows cannot open a folder and needs no such step."""
    if windows():
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_original(root: Path, rel: str, data: bytes, before_link: Callable[[], None] = lambda: None) -> str:
    """Write `data` as the read-only original `root/rel` and return its SHA-256.

    Writing the same bytes again is a no-op (a repaired issue may get here twice); raise
    KehoachError when a different file already has that name or the folder cannot be written.
    `before_link` runs once the temporary file is complete and read-only, just before it gets
    its final name (test hook).
    """
    path = Path(root) / rel
    digest = sha256_bytes(data)
    if path.exists():
        if path.is_file() and sha256_file(path) == digest:
            return digest
        raise KehoachError(
            f"{path}: trong kho lưu đã có một tệp khác cùng tên; bản gốc đã lưu không bao giờ bị ghi đè. "
            "Chạy `kehoach verify` để xem sổ và kho lưu."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=path.suffix, dir=path.parent)
    except OSError as e:
        raise KehoachError(f"{path.parent}: không ghi được vào thư mục lưu ({os_reason(e)}).") from e
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        make_read_only(Path(tmp))
        before_link()
        try:
            link_new(Path(tmp), path)
        except FileExistsError:
            if sha256_file(path) != digest:
                raise KehoachError(f"{path}: một tiến trình khác vừa ghi tệp khác cùng tên vào kho lưu.") from None
    except OSError as e:
        raise KehoachError(f"{path}: không lưu được bản gốc ({os_reason(e)}).") from e
    finally:
        remove_file(Path(tmp))
    fsync_dir(path.parent)
    return digest


def write_refusal(folder: Path) -> OSError | None:
    """Return the error a write in the existing `folder` meets now (read-only drive, no permission); None if none.

    A real file is written and removed: permissions, a read-only mount and Windows attributes all show.
    """
    try:
        fd, probe = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=".thu", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(b"kehoach")
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            remove_file(Path(probe))
    except OSError as e:
        return e
    return None


def not_writable(folder: Path, error: OSError, then: str = "chạy lại") -> KehoachError:
    """Return the refusal for an archive folder nothing can be written in, said before anything changed."""
    return KehoachError(
        f"Thư mục lưu {folder} không ghi được ({os_reason(error)}); chưa số nào được cấp, chưa có gì thay đổi. "
        f"Kiểm tra quyền ghi và ổ đĩa (hoặc sửa thu_muc_luu trong data/cau-hinh.yaml) rồi {then}."
    )


def check_writable(root: Path) -> None:
    """Raise KehoachError when the archive folder `root` exists and cannot be written (before the register opens)."""
    if Path(root).is_dir():
        error = write_refusal(Path(root))
        if error is not None:
            raise not_writable(root, error)


def check_room(root: Path, rel: str, size: int) -> None:
    """Raise KehoachError unless `root/rel` can be written now: folder writable, enough free space.

    Run before a number is reserved, so a full or read-only drive never burns one.
    """
    folder = (Path(root) / rel).parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        error = write_refusal(folder)
        free = shutil.disk_usage(folder).free
    except OSError as e:
        error = e
    if error is not None:
        raise not_writable(folder, error, "ban hành lại") from error
    need = 3 * size + MIN_FREE_BYTES
    if free < need:
        raise KehoachError(
            f"Ổ đĩa chứa thư mục lưu {folder} chỉ còn {free // 2**20} MB trống, cần ít nhất "
            f"{-(-need // 2**20)} MB để lưu bản gốc, bản PDF và sổ; chưa số nào được cấp. "
            "Giải phóng dung lượng rồi ban hành lại."
        )


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
    if is_writable(path):
        found.append(f"{what}: tệp lưu {path} không còn ở chế độ chỉ đọc.")
    return found


def own_files(name: str) -> bool:
    """Return whether a file at the archive's top level is kehoach's own (register, lock, id, book and its
    Excel copy, old registers)."""
    return (name in (LOCK_FILE, IDENTITY_FILE) or name.startswith(REGISTER_FILE)
            or (name.startswith("so-van-ban-di-") and name.endswith((".docx", ".xlsx"))))


def stray_files(root: Path, known: set[str]) -> tuple[list[Path], list[Path]]:
    """Return (temporary files left by an interrupted write, files anywhere in the archive the register does not know).

    The whole folder is walked: a file outside the year folders is as suspect as one inside.
    """
    temps, unknown = [], []
    root = Path(root)
    if not root.is_dir():
        return temps, unknown
    for path in sorted(p for p in root.rglob("*") if not p.is_dir()):
        rel = path.relative_to(root).as_posix()
        if path.name.startswith(TEMP_PREFIX):
            temps.append(path)
        elif rel in known or path.name in SYSTEM_FILES or ("/" not in rel and own_files(rel)):
            continue
        else:
            unknown.append(path)
    return temps, unknown
