"""Backup and restore of the register and the archive: `sao-luu` writes one dated zip, `khoi-phuc` brings back
what is missing or damaged, and `verify` names the newest backup that holds a good copy.

A backup holds a consistent snapshot of the register (SQLite's backup, taken under the archive's
writer lock), every file of the archive, and `manifest.json` with the SHA-256 of each. It is written
to a temporary name, read back and checked member by member (and the register snapshot opened and
its hash chain checked), then given its final name — never over an existing backup.

Restoring never overwrites a sound original. The register is the map: the restored register (the
current one when it is sound and holds at least what the backup holds; otherwise the backup's,
continued with the events the archive witnessed after it) names every original and its hash, and
each original that is missing or whose bytes differ is taken from the backup by that hash. A damaged
file is moved out of the archive into a `khoi-phuc-…` folder beside it, never deleted.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import WARNING, KehoachError, Problem
from ..messages import os_reason, reason
from ..rules.vn import table_date
from . import archive, issuing, witness
from .events import Event
from .store import Register

FORMAT = "kehoach-sao-luu/1"
MANIFEST = "manifest.json"
PREFIX = "van-thu/"  # the archive's files inside the zip
NAME = "kehoach-sao-luu-{stamp}.zip"
DEFAULT_FOLDER = "sao-luu"  # beside the archive folder (`van-thu/`), never inside it
SET_ASIDE = "khoi-phuc-{stamp}"


def default_folder(project) -> Path:
    """Return where backups go when the clerk names no folder: `sao-luu/` beside the archive."""
    return issuing.archive_dir(project).resolve().parent / DEFAULT_FOLDER


@dataclass(frozen=True)
class Manifest:
    """What a backup says it holds."""

    path: Path
    created: str
    archive_id: str
    head_seq: int
    files: dict[str, str]  # archive-relative path → sha256 (the register snapshot included)

    @property
    def register_sha(self) -> str:
        return self.files[archive.REGISTER_FILE]


# -- sao-luu -------------------------------------------------------------------------------------------


def write_backup(project, target: Path | None = None, now: dt.datetime | None = None) -> tuple[Path, Manifest]:
    """Write one dated backup zip of the register and every archived file; return its path and manifest.

    `target` is a folder (default `sao-luu/` beside the archive) or a `.zip` path. Raise KehoachError
    when there is no register, the register cannot be trusted, or the written zip does not read back
    exactly (the partial file is removed).
    """
    now = (now or dt.datetime.now()).replace(microsecond=0)
    root = issuing.archive_dir(project)
    folder, name = _target(project, target, now)
    with issuing.locked(project) as reg, tempfile.TemporaryDirectory(prefix="kehoach-sao-luu-") as tmp:
        snapshot = Path(tmp) / archive.REGISTER_FILE
        _snapshot(reg.path, snapshot)
        files = {archive.REGISTER_FILE: archive.sha256_file(snapshot)}
        sources = {archive.REGISTER_FILE: snapshot}
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(root).as_posix()
            if _skipped(rel):
                continue
            files[rel] = archive.sha256_file(path)
            sources[rel] = path
        last = reg.last_event()
        manifest = {"format": FORMAT, "created": now.isoformat(), "archive_id": reg.archive_id,
                    "register": {"file": archive.REGISTER_FILE, "head": {"seq": last.seq, "hash": last.hash}},
                    "files": files}
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp_zip = tempfile.mkstemp(prefix=archive.TEMP_PREFIX, suffix=".zip", dir=folder)
            os.close(fd)
        except OSError as e:
            raise KehoachError(f"Không ghi được vào thư mục sao lưu {folder} ({os_reason(e)}).") from e
        tmp_zip = Path(tmp_zip)
        try:
            with zipfile.ZipFile(tmp_zip, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
                for rel, src in sources.items():
                    z.write(src, PREFIX + rel)
            with open(tmp_zip, "rb+") as fh:
                os.fsync(fh.fileno())
            checked = read_backup(tmp_zip)  # read back: every member, the register's chain
            final = _free_name(folder / name)
            archive.link_new(tmp_zip, final)
            archive.fsync_dir(folder)
        except OSError as e:
            raise KehoachError(f"Không ghi được bản sao lưu vào {folder} ({os_reason(e)}); chưa có bản sao lưu "
                               "nào được tạo.") from e
        finally:
            archive.remove_file(tmp_zip)
    return final, Manifest(final, checked.created, checked.archive_id, checked.head_seq, checked.files)


def _target(project, target: Path | None, now: dt.datetime) -> tuple[Path, str]:
    name = NAME.format(stamp=now.strftime("%Y%m%d-%H%M%S"))
    if target is None:
        return default_folder(project), name
    target = Path(target)
    if target.suffix.lower() == ".zip":
        return target.parent, target.name
    root = issuing.archive_dir(project).resolve()
    if target.resolve() == root or root in target.resolve().parents:
        raise KehoachError(f"Không ghi bản sao lưu vào trong kho lưu {root}; chọn thư mục khác (ví dụ ổ USB).")
    return target, name


def _free_name(path: Path) -> Path:
    n = 1
    candidate = path
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def _skipped(rel: str) -> bool:
    """Files of the archive a backup leaves out: the live register (a snapshot goes instead), its SQLite side
    files, the lock and temporary files."""
    name = rel.rsplit("/", 1)[-1]
    if "/" not in rel and (rel == archive.LOCK_FILE or rel == archive.REGISTER_FILE
                           or rel.startswith(archive.REGISTER_FILE + "-")):
        return True
    return name.startswith(archive.TEMP_PREFIX)


def _snapshot(source: Path, target: Path) -> None:
    """Copy the register with SQLite's online backup: one consistent state, whatever WAL holds."""
    with closing(sqlite3.connect(f"{Path(source).resolve().as_uri()}?mode=ro", uri=True)) as src, \
            closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file


# -- reading a backup ----------------------------------------------------------------------------------


def read_backup(path: Path, check: bool = True) -> Manifest:
    """Return the manifest of the backup at `path`; with `check`, every member is hashed and the register opened.

    Raise KehoachError naming what is wrong (not a zip, a member damaged or missing, a register whose
    chain is broken).
    """
    path = Path(path)
    where = str(path)
    try:
        with zipfile.ZipFile(path) as z:
            data = json.loads(z.read(MANIFEST).decode("utf-8"))
            if data.get("format") != FORMAT or not isinstance(data.get("files"), dict):
                raise KehoachError(Problem("không phải bản sao lưu của kehoach (manifest.json không đúng dạng)",
                                           file=where))
            manifest = Manifest(path, str(data["created"]), str(data["archive_id"]),
                                int(data["register"]["head"]["seq"]), {str(k): str(v) for k, v in data["files"].items()})
            if not check:
                return manifest
            problems = []
            names = set(z.namelist())
            for rel, digest in sorted(manifest.files.items()):
                member = PREFIX + rel
                if member not in names:
                    problems.append(Problem(f"bản sao lưu thiếu tệp {rel}", file=where))
                    continue
                if hashlib.sha256(z.read(member)).hexdigest() != digest:
                    problems.append(Problem(f"tệp {rel} trong bản sao lưu bị hỏng (mã băm khác bảng mã băm "
                                            "manifest.json)", file=where))
            if problems:
                raise KehoachError(problems)
            with tempfile.TemporaryDirectory(prefix="kehoach-kiem-tra-") as tmp:
                reg_file = Path(tmp) / archive.REGISTER_FILE
                reg_file.write_bytes(z.read(PREFIX + archive.REGISTER_FILE))
                with Register(reg_file) as reg:
                    faults = reg.faults()
                    if faults or reg.archive_id != manifest.archive_id or reg.last_event().seq != manifest.head_seq:
                        raise KehoachError(faults + [Problem("sổ đăng ký trong bản sao lưu không khớp bảng mã băm "
                                                             "manifest.json hoặc đã bị sửa", file=where)])
    except KehoachError as e:
        raise KehoachError(e.problems + [Problem(f"Bản sao lưu {path.name} không dùng được.", file=where)]) from e
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, TypeError, UnicodeDecodeError) as e:
        raise KehoachError(Problem(f"không phải bản sao lưu đọc được của kehoach ({reason(e)})", file=where)) from e
    return manifest


def backups(folder: Path) -> list[Manifest]:
    """Return the readable backups in `folder`, newest first (manifests only; members are not hashed)."""
    found = []
    for path in sorted(Path(folder).glob("kehoach-sao-luu-*.zip"), reverse=True):
        try:
            found.append(read_backup(path, check=False))
        except KehoachError:
            continue
    return sorted(found, key=lambda m: m.created, reverse=True)


# -- khoi-phuc -----------------------------------------------------------------------------------------


@dataclass
class Restored:
    """What `restore` did, for the clerk."""

    register: str = ""  # how the register was settled
    files: list[str] = field(default_factory=list)  # originals and witnesses brought back
    kept: int = 0  # sound originals left as they were
    set_aside: list[Path] = field(default_factory=list)  # damaged files moved out of the archive
    missing: list[str] = field(default_factory=list)  # originals neither the archive nor the backup holds whole


def restore(project, path: Path, now: dt.datetime | None = None) -> Restored:
    """Bring back from the backup at `path` the register and every original that is missing or damaged.

    Raise KehoachError when the backup is damaged or belongs to another archive; nothing is changed then.
    """
    manifest = read_backup(path)
    now = (now or dt.datetime.now()).replace(microsecond=0)
    root = issuing.archive_dir(project)
    aside = root.resolve().parent / SET_ASIDE.format(stamp=now.strftime("%Y%m%d-%H%M%S"))
    _refuse_foreign(project, root, manifest)
    done = Restored()
    root.mkdir(parents=True, exist_ok=True)
    with issuing.writer_lock(root), zipfile.ZipFile(path) as z:
        by_hash: dict[str, str] = {}
        for rel, digest in manifest.files.items():
            by_hash.setdefault(digest, rel)
        done.register = _settle_register(root, z, manifest, aside, done)
        with Register(root / archive.REGISTER_FILE) as reg:
            for e in reg.derived_entries():
                for rel, digest in ((e.file_path, e.file_sha256), (e.pdf_path, e.pdf_sha256)):
                    if not rel or not digest:
                        continue
                    target = root / rel
                    if target.is_file() and archive.sha256_file(target) == digest:
                        done.kept += 1
                        continue
                    source = by_hash.get(digest)
                    if source is None:
                        done.missing.append(rel)
                        continue
                    if target.exists():
                        done.set_aside.append(_move_aside(root, rel, aside))
                    archive.write_original(root, rel, z.read(PREFIX + source))
                    done.files.append(rel)
            _settle_witnesses(root, reg, aside, done)
            for message in issuing.finish_moves(root, reg.derived_entries()) + witness.repair(root, reg):
                done.files.append(message)
    return done


def _refuse_foreign(project, root: Path, manifest: Manifest) -> None:
    from ..dossier.settings import archive_binding

    ids = {}
    try:
        ident = witness.read_identity(root)
    except KehoachError:
        ident = None  # a damaged id file is restored below
    if ident is not None:
        ids["kho lưu"] = ident.archive_id
    bound = archive_binding(project.data_dir)
    if bound is not None:
        ids["dữ liệu (ma_kho_luu)"] = bound
    other = {k: v for k, v in ids.items() if v != manifest.archive_id}
    if other:
        said = "; ".join(f"{k} mã {v}" for k, v in other.items())
        raise KehoachError(f"Bản sao lưu {manifest.path.name} là của kho lưu mã {manifest.archive_id}, không phải của "
                           f"kho lưu này ({said}). Không khôi phục gì.")


def _settle_register(root: Path, z: zipfile.ZipFile, manifest: Manifest, aside: Path, done: Restored) -> str:
    """Keep the current register when it is sound and not behind the backup; else put the backup's in place,
    continued with the events the archive witnessed after it. Return what was done (Vietnamese)."""
    path = root / archive.REGISTER_FILE
    with tempfile.TemporaryDirectory(prefix="kehoach-khoi-phuc-") as tmp:
        saved = Path(tmp) / archive.REGISTER_FILE
        saved.write_bytes(z.read(PREFIX + archive.REGISTER_FILE))
        with Register(saved) as old:
            backup_log = old.events()
        current = _sound_log(path, manifest.archive_id)
        if current is not None and current[:len(backup_log)] == backup_log:
            return "sổ đăng ký hiện tại còn nguyên vẹn và không cũ hơn bản sao lưu: giữ nguyên"
        later = _witnessed_after(root, backup_log[-1])
        fresh = root / f"{archive.TEMP_PREFIX}khoi-phuc-{os.getpid()}.sqlite3"
        archive.remove_file(fresh)
        shutil.copyfile(saved, fresh)
        try:
            with Register(fresh) as reg:
                if later:
                    reg.adopt(backup_log + later)
                if reg.faults():
                    raise KehoachError("Sổ đăng ký dựng từ bản sao lưu không tự kiểm tra được; không thay sổ hiện tại.")
            for moved in issuing.set_aside(path):
                done.set_aside.append(moved)
            archive.link_new(fresh, path)
        finally:
            archive.remove_file(fresh)
        archive.fsync_dir(root)
    extra = f", nối thêm {len(later)} sự kiện kho lưu ghi sau bản sao lưu" if later else ""
    return f"sổ đăng ký được khôi phục từ bản sao lưu ({len(backup_log)} sự kiện{extra})"


def _sound_log(path: Path, archive_id: str) -> list[Event] | None:
    """Return the event log of the register at `path` when it opens, is unchanged and is this archive's."""
    try:
        with Register(path) as reg:
            if reg.archive_id != archive_id or reg.faults():
                return None
            return reg.events()
    except KehoachError:
        return None


def _witnessed_after(root: Path, head: Event) -> list[Event]:
    """Return the events the archive's witnesses hold after `head`, as far as they chain on unbroken."""
    found: dict[int, Event] = {}
    for rel in witness.survey(root).witnesses:
        data, _ = witness.read_witness(root / rel)
        for e in (data or {}).get("events", []):
            if e.seq > head.seq:
                found.setdefault(e.seq, e)
    chain, prev = [], head
    while prev.seq + 1 in found and found[prev.seq + 1].prev == prev.hash:
        prev = found[prev.seq + 1]
        chain.append(prev)
    return chain


def _settle_witnesses(root: Path, reg: Register, aside: Path, done: Restored) -> None:
    """Move out witness and id files that are unreadable or say something else than the register."""
    logged = reg.events()
    for rel in witness.survey(root).witnesses:
        data, _ = witness.read_witness(root / rel)
        events = (data or {}).get("events")
        if data is None or data.get("archive_id") != reg.archive_id or \
                any(e.seq > len(logged) or logged[e.seq - 1] != e for e in events):
            done.set_aside.append(_move_aside(root, rel, aside))
    try:
        witness.read_identity(root)
    except KehoachError:
        done.set_aside.append(_move_aside(root, archive.IDENTITY_FILE, aside))
        witness.write_identity(root, reg.archive_id, reg.last_event())


def _move_aside(root: Path, rel: str, aside: Path) -> Path:
    """Move a damaged file out of the archive into `aside`, keeping its path; return where it went."""
    target = aside / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    source = root / rel
    if archive.windows():
        os.chmod(source, 0o600)
    shutil.move(str(source), str(target))
    return target


# -- verify's hint -------------------------------------------------------------------------------------


def hints(project) -> list[Problem]:
    """Return, for `verify`, the newest backup holding a good copy of the register (when it cannot be used)
    or of each missing or damaged original."""
    folder = default_folder(project)
    broken = _register_broken(project)
    damaged = [] if broken else _damaged(project)
    if not broken and not damaged:
        return []
    found = backups(folder)
    if not found:
        return [Problem(f"Chưa có bản sao lưu nào trong {folder} (tạo bằng `kehoach sao-luu`).", severity=WARNING)]
    if broken:
        newest = found[0]
        return [Problem(f"Bản sao lưu gần nhất có sổ đăng ký tốt: {newest.path} (tạo lúc {_when(newest)}). "
                        f"Khôi phục: `kehoach khoi-phuc {newest.path}`.", severity=WARNING)]
    out = []
    for rel, digest in damaged:
        holder = next((m for m in found if digest in m.files.values()), None)
        if holder is None:
            out.append(Problem(f"Không bản sao lưu nào trong {folder} có bản đúng của {rel}.", severity=WARNING))
        else:
            out.append(Problem(f"Bản sao lưu gần nhất có bản đúng của {rel}: {holder.path} (tạo lúc {_when(holder)}). "
                               f"Khôi phục: `kehoach khoi-phuc {holder.path}`.", severity=WARNING))
    return out


def _register_broken(project) -> bool:
    try:
        with issuing.reading(project):
            return False
    except KehoachError:
        return True


def _when(m: Manifest) -> str:
    try:
        created = dt.datetime.fromisoformat(m.created)
        return f"{created:%H:%M} ngày {table_date(created.date())}"
    except ValueError:
        return m.created


def _damaged(project) -> list[tuple[str, str]]:
    """Return (path, expected sha256) of each original the register names that is missing or changed."""
    root = issuing.archive_dir(project)
    out = []
    try:
        with issuing.reading(project) as reg:
            entries = [] if reg is None else reg.derived_entries()
    except KehoachError:
        return []
    for e in entries:
        for rel, digest in ((e.file_path, e.file_sha256), (e.pdf_path, e.pdf_sha256)):
            if rel and digest and not ((root / rel).is_file() and archive.sha256_file(root / rel) == digest):
                out.append((rel, digest))
    return out
