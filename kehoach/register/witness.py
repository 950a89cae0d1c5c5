"""The archive as the register's second witness: the archive's id file, one witness file per row, the
checks that register, archive and data still belong together, and the events a rebuild starts from.

Beside each original `2024/05-KH-UBND.docx` lies `2024/05-KH-UBND.json`: the row as the register
holds it and every event of that row's log, hashes included. `kho-luu.json` at the archive's top
holds the archive's id (also the register's first event, and `ma_kho_luu` in the data's
cau-hinh.yaml) and the last event witnessed. Witnesses are written after the register commits,
under the writer lock; so whatever the archive shows is already in a sound register, and a register
that lacks it is older than its archive (lost rows, an old copy) — never to be numbered from.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import WARNING, KehoachError, Problem
from ..files import write_atomic
from ..messages import os_reason, reason
from ..rules.numbering import DocNumber, Issue, name_problem
from . import events as ev
from .archive import (
    IDENTITY_FILE,
    READ_ONLY,
    REGISTER_FILE,
    fsync_dir,
    relative_path,
    windows,
)
from .events import Event, row_label
from .store import WAY_OUT, Register

FORMAT = "kehoach-so-dang-ky/1"
_WITNESS_NAME = re.compile(r"(\d{4})/(\d+)-[A-Za-z0-9.-]+\.json")
_ORIGINAL_NAME = re.compile(r"\d{4}/(da-huy/)?\d+-[A-Za-z0-9.-]+\.(docx|pdf)")


@dataclass(frozen=True)
class Identity:
    """What `kho-luu.json` says: the archive's id and the last register event it has witnessed."""

    archive_id: str
    head_seq: int
    head_hash: str


@dataclass(frozen=True)
class Survey:
    """What a quick look at the archive folder shows, taken before the register is opened."""

    root: Path
    identity: Identity | None
    witnesses: tuple[str, ...]  # relative paths of row witness files
    originals: tuple[str, ...]  # relative paths of archived .docx/.pdf in year folders

    @property
    def empty(self) -> bool:
        return self.identity is None and not self.witnesses and not self.originals

    def latest(self) -> str:
        """Return the witness or original with the highest year and number (for messages)."""
        names = self.witnesses or self.originals
        return max(names, key=lambda r: (r[:4], int(r.rsplit("/", 1)[1].split("-", 1)[0]))) if names else ""


def witness_rel(row: dict) -> str:
    """Return where the witness of `row` lives: beside its original, `2024/05-KH-UBND.json`.

    Raise ValueError for a row whose ký hiệu cannot name a file (only an old or edited register has one).
    """
    why = name_problem(str(row["code"]))
    if why is not None:
        raise ValueError(why)
    return relative_path(Issue(DocNumber(row["number"], row["code"]), _date(row)), ".json")


def _date(row: dict) -> dt.date:
    return dt.date.fromisoformat(row["issue_date"])


def survey(root: Path) -> Survey:
    """Look at the archive: its id file and the names of its witnesses and originals (nothing else is read)."""
    root = Path(root)
    witnesses, originals = [], []
    if root.is_dir():
        for path in root.rglob("*"):
            rel = path.relative_to(root).as_posix()
            if _WITNESS_NAME.fullmatch(rel):
                witnesses.append(rel)
            elif _ORIGINAL_NAME.fullmatch(rel):
                originals.append(rel)
    return Survey(root, read_identity(root), tuple(sorted(witnesses)), tuple(sorted(originals)))


def read_identity(root: Path) -> Identity | None:
    """Return the archive's `kho-luu.json`, None when absent; KehoachError when it is damaged."""
    path = Path(root) / IDENTITY_FILE
    if not path.exists() and not path.is_symlink():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Identity(str(data["archive_id"]), int(data["head"]["seq"]), str(data["head"]["hash"]))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise KehoachError(
            f"Tệp {path} (mã của kho lưu) bị hỏng hoặc đã bị sửa; không cấp số khi chưa biết kho lưu này "
            f"thuộc sổ nào. Khôi phục tệp từ bản sao lưu, hoặc dựng lại sổ và tệp này từ kho lưu bằng "
            f"`kehoach verify --dung-lai`."
        ) from e


def write_identity(root: Path, archive_id: str, head: Event) -> None:
    _write_json(Path(root) / IDENTITY_FILE, {
        "format": FORMAT,
        "archive_id": archive_id,
        "register": REGISTER_FILE,
        "head": {"seq": head.seq, "hash": head.hash},
        "note": "Tệp này gắn kho lưu với sổ đăng ký văn bản đi (kehoach tự ghi). Không sửa, không xóa.",
    })


def write_row(root: Path, reg: Register, row_id: int) -> str:
    """Write (or bring up to date) the witness of one row; return its relative path.

    Raise KehoachError rather than overwrite a witness that says something else than the register
    (another archive's, or other events): that file is evidence, and the register may be the liar.
    """
    row = reg.row(row_id)
    rel = witness_rel(row)
    path = Path(root) / rel
    mine = reg.events_of(row_id)
    if path.exists():
        old, _ = read_witness(path)
        if old is None or old.get("archive_id") != reg.archive_id or old["events"] != mine[:len(old["events"])]:
            raise KehoachError(Problem(
                f"bản chứng {path} trong kho lưu ghi khác sổ đăng ký {reg.path}; không ghi đè lên nó. "
                "Chạy `kehoach verify` để xem bên nào đã bị sửa.", file=str(path)))
    _write_json(path, {
        "format": FORMAT,
        "archive_id": reg.archive_id,
        "so": row_label(row),
        "row": row,
        "events": [e.as_dict() for e in mine],
    })
    return rel


def _write_json(path: Path, payload: dict) -> None:
    data = (json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return
    if windows() and path.exists():
        os.chmod(path, stat.S_IWRITE | stat.S_IREAD)  # Windows will not replace a read-only file
    try:
        write_atomic(path, data, mode=READ_ONLY)
        fsync_dir(path.parent)
    except OSError as e:
        raise KehoachError(f"{path}: không ghi được bản chứng của sổ vào kho lưu ({os_reason(e)}).") from e


def catch_up(root: Path, reg: Register, identity: Identity | None) -> None:
    """Write the witnesses of every event the archive has not seen yet (caller holds the writer lock)."""
    after = identity.head_seq if identity is not None and identity.archive_id == reg.archive_id else 0
    new = reg.events(after)
    rows = {e.row for e in new if e.row is not None}
    rows |= {e.data["replaces"] for e in new if e.kind == ev.RESERVE and e.data.get("replaces") is not None}
    for row_id in sorted(rows):
        if _readable(reg.row(row_id)):
            write_row(root, reg, row_id)
    if new or identity is None:
        write_identity(root, reg.archive_id, reg.last_event())


# -- do register, archive and data belong together? ----------------------------------------------


def refuse_missing(path: Path, seen: Survey, bound: str | None, settings_file: Path) -> None:
    """Raise KehoachError when there is no register but the archive or the data says there was one."""
    if not seen.empty:
        raise KehoachError(
            f"Không có sổ đăng ký {path}, nhưng kho lưu {seen.root} đã có văn bản vào sổ "
            f"({len(seen.witnesses)} bản chứng, {len(seen.originals)} bản gốc; mới nhất: {seen.latest() or IDENTITY_FILE}). "
            f"Không cấp số mới để tránh cấp trùng số. {WAY_OUT}"
        )
    if path.is_symlink():
        raise KehoachError(f"Sổ đăng ký {path} là lối tắt tới một tệp không còn. {WAY_OUT}")
    if bound is not None:
        raise KehoachError(Problem(
            f"dữ liệu đã gắn với kho lưu mã {bound}, nhưng thư mục lưu {seen.root} không có sổ đăng ký và kho lưu "
            "đó (thu_muc_luu trỏ sang thư mục mới?). Không cấp số để không đánh số lại từ 01 trong cùng năm. "
            f"Nếu đã chuyển kho lưu: chép toàn bộ thư mục kho lưu cũ (cả tệp {REGISTER_FILE}) vào {seen.root}, "
            "hoặc sửa thu_muc_luu về chỗ cũ. Chỉ xóa dòng ma_kho_luu khi thật sự lập sổ mới cho một cơ quan khác.",
            file=str(settings_file), field="ma_kho_luu"))


def foreign(reg: Register, seen: Survey) -> Problem | None:
    """Return why the register belongs to another archive than the one it lies in, or None."""
    ident = seen.identity
    if ident is not None and ident.archive_id != reg.archive_id:
        return Problem(
            f"sổ này thuộc kho lưu mã {reg.archive_id}, còn kho lưu {seen.root} có mã {ident.archive_id} "
            f"({IDENTITY_FILE}): sổ đã bị thay bằng sổ khác, hoặc tệp sổ bị chép nhầm vào đây.", file=str(reg.path))
    if ident is None and seen.witnesses:  # the id file is gone: one witness still tells whose archive this is
        data, _ = read_witness(seen.root / seen.witnesses[-1])
        if data is not None and data.get("archive_id") != reg.archive_id:
            return Problem(
                f"sổ này thuộc kho lưu mã {reg.archive_id}, còn bản chứng {seen.root / seen.witnesses[-1]} thuộc kho "
                f"lưu mã {data.get('archive_id')}: sổ đã bị thay bằng sổ khác.", file=str(reg.path))
    return None


def disagreements(reg: Register, seen: Survey, bound: str | None, settings_file: Path) -> list[Problem]:
    """Return why the register may not be numbered from: another archive's or data's, or older than its archive."""
    other = foreign(reg, seen)
    if other is not None:
        return [other]
    where = str(reg.path)
    problems = []
    ident = seen.identity
    if bound is not None and bound != reg.archive_id:
        problems.append(Problem(
            f"dữ liệu đã gắn với kho lưu mã {bound}, nhưng thư mục lưu {seen.root} là kho lưu mã {reg.archive_id}: "
            "thu_muc_luu đang trỏ sang kho lưu khác. Sửa thu_muc_luu về đúng kho lưu của dữ liệu này.",
            file=str(settings_file), field="ma_kho_luu"))
    last = reg.last_event()
    if ident is not None:
        if ident.head_seq > last.seq:
            problems.append(Problem(
                f"sổ cũ hơn kho lưu: kho lưu đã ghi đến sự kiện {ident.head_seq}, sổ chỉ có đến sự kiện {last.seq} "
                "(sổ bị mất dòng, hoặc bị thay bằng một bản sao cũ).", file=where))
        else:
            mine = reg.event(ident.head_seq)
            if mine is None or mine.hash != ident.head_hash:
                problems.append(Problem(
                    f"sự kiện {ident.head_seq} của sổ khác với sự kiện kho lưu đã ghi ({IDENTITY_FILE}): "
                    "sổ đã bị thay bằng sổ khác hoặc bị sửa.", file=where))
    known = {_rel(r) for r in reg.rows().values()}
    extra = [rel for rel in seen.witnesses if rel not in known]
    if extra:
        shown = ", ".join(extra[:5]) + (f" và {len(extra) - 5} tệp khác" if len(extra) > 5 else "")
        problems.append(Problem(
            f"sổ cũ hơn kho lưu: kho lưu có bản chứng của văn bản mà sổ không ghi ({shown}); "
            "sổ bị mất dòng hoặc bị thay bằng một bản sao cũ.", file=where))
    return problems


def _rel(row: dict) -> str | None:
    try:
        return witness_rel(row)
    except (ValueError, TypeError, KeyError):
        return None


def _readable(row: dict) -> bool:
    return _rel(row) is not None


def refuse_unless_agreed(reg: Register, seen: Survey, bound: str | None, settings_file: Path) -> None:
    """Raise KehoachError (every reason, then the way out) unless the register can be trusted for numbering."""
    problems = disagreements(reg, seen, bound, settings_file)
    # Another archive's register: its own chain says nothing about this archive.
    faults = [] if foreign(reg, seen) is not None else reg.faults()
    if faults:
        problems = faults + problems + [Problem(
            f"Sổ đăng ký {reg.path} đã bị sửa ngoài kehoach ({len(faults)} chỗ ở trên). Không cấp số và không "
            f"dùng sổ này cho đến khi làm lại: {WAY_OUT}")]
    elif problems:
        problems.append(Problem(f"Không cấp số và không dùng sổ này để tránh cấp trùng số. {WAY_OUT}"))
    if problems:
        raise KehoachError(problems)


# -- full comparison (verify) ----------------------------------------------------------------------


def read_witness(path: Path) -> tuple[dict | None, str | None]:
    """Return (payload, None) for a readable witness file, (None, why) otherwise."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        return None, f"không đọc được ({reason(e)})"
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("events"), list):
        return None, "không phải bản chứng sổ đăng ký của kehoach"
    try:
        data["events"] = [Event.from_dict(e) for e in data["events"]]
    except ValueError as e:
        return None, f"có sự kiện hỏng ({e})"
    return data, None


def compare(reg: Register, seen: Survey, crashed: bool) -> tuple[list[Problem], set[str]]:
    """Return what differs between each row and its witness file, and the witness paths that are known.

    A witness that lacks the row's latest events is what a crash between the register's commit and
    the witness write leaves (an error only when no issue is running: `crashed`); `verify --sua`
    writes it. A witness that says something else than the register is never rewritten.
    """
    root = seen.root
    problems: list[Problem] = []
    logged = {e.seq: e for e in reg.events()}
    rows = reg.rows()
    known: set[str] = set()
    for row_id, row in sorted(rows.items()):
        if not _readable(row):
            problems.append(Problem(f"văn bản số {row_label(row)}: ký hiệu không đặt được tên tệp lưu "
                                    f"({name_problem(str(row['code']))}); dòng này không có bản chứng trong kho lưu.",
                                    file=str(reg.path)))
            continue
        rel = witness_rel(row)
        known.add(rel)
        path = root / rel
        mine = [logged[s] for s in sorted(logged) if logged[s].row == row_id]
        if not path.is_file():
            problems.append(_stale(f"văn bản số {row_label(row)}: thiếu bản chứng {path} trong kho lưu.", crashed))
            continue
        data, why = read_witness(path)
        if data is None:
            problems.append(Problem(f"bản chứng {path} {why}.", file=str(path)))
            continue
        theirs: list[Event] = data["events"]
        if data.get("archive_id") != reg.archive_id:
            problems.append(Problem(f"bản chứng {path} thuộc kho lưu khác (mã {data.get('archive_id')}).", file=str(path)))
        elif theirs == mine[:len(theirs)] and len(theirs) < len(mine):
            problems.append(_stale(f"văn bản số {row_label(row)}: bản chứng {path} chưa ghi {len(mine) - len(theirs)} "
                                   "sự kiện mới nhất của sổ.", crashed))
        elif theirs != mine:
            seqs = sorted({e.seq for e in theirs} ^ {e.seq for e in mine}
                          | {e.seq for e in theirs if e.seq in logged and logged[e.seq] != e})
            problems.append(Problem(
                f"văn bản số {row_label(row)}: sổ và bản chứng {path} ghi khác nhau ở sự kiện "
                f"{', '.join(map(str, seqs)) or '?'} — một trong hai đã bị sửa.", file=str(path)))
        elif data.get("row") != row:
            changed = [ev.COLUMN_NAMES.get(c, c) for c in ev.COLUMNS if (data.get("row") or {}).get(c) != row[c]]
            problems.append(Problem(f"văn bản số {row_label(row)}: bản chứng {path} ghi dòng sổ khác ("
                                    f"{', '.join(changed)}).", file=str(path)))
    ident = seen.identity
    if ident is None:
        problems.append(_stale(f"kho lưu {root} thiếu tệp {IDENTITY_FILE} (mã kho lưu).", crashed))
    elif ident.archive_id == reg.archive_id and ident.head_seq < reg.last_event().seq:
        problems.append(_stale(f"tệp {root / IDENTITY_FILE} chưa ghi các sự kiện mới nhất của sổ.", crashed))
    return problems, known


def _stale(message: str, crashed: bool) -> Problem:
    if crashed:
        return Problem(message + " Chạy `kehoach verify --sua` để ghi bù từ sổ.")
    return Problem(message + " (có thể đang có một lần ban hành khác chạy)", severity=WARNING)


def repair(root: Path, reg: Register) -> list[str]:
    """Write each missing or behind witness from the sound register; return what was written (Vietnamese)."""
    done = []
    logged = reg.events()
    for row_id, row in sorted(reg.rows().items()):
        if not _readable(row):
            continue
        path = Path(root) / witness_rel(row)
        mine = [e for e in logged if e.row == row_id]
        if path.is_file():
            data, _ = read_witness(path)
            if data is None or data.get("archive_id") != reg.archive_id:
                continue
            theirs = data["events"]
            if theirs != mine[:len(theirs)] or (len(theirs) == len(mine) and data.get("row") == row):
                continue  # conflicting (kept as evidence) or already whole
        write_row(root, reg, row_id)
        done.append(f"Đã ghi bù bản chứng {path}.")
    ident = read_identity(root)
    if ident is None or (ident.archive_id == reg.archive_id and ident.head_seq < reg.last_event().seq):
        write_identity(root, reg.archive_id, reg.last_event())
        done.append(f"Đã ghi bù {Path(root) / IDENTITY_FILE}.")
    return done


# -- rebuilding ----------------------------------------------------------------------------------------


def witnessed_log(root: Path) -> tuple[str, list[Event]]:
    """Return the archive's id and the complete event log its witnesses hold, genesis first.

    Raise KehoachError (each reason, file by file) when the witnesses do not make one whole chain.
    """
    root = Path(root)
    problems: list[Problem] = []
    try:
        ident = read_identity(root)
    except KehoachError as e:
        ident = None
        problems += [Problem(p.message, severity=WARNING) for p in e.problems]
    seen = survey(root) if root.is_dir() else None
    ids: dict[str, str] = {}
    if ident is not None:
        ids[ident.archive_id] = IDENTITY_FILE
    found: dict[int, tuple[Event, str]] = {}
    errors = []
    for rel in seen.witnesses if seen else ():
        data, why = read_witness(root / rel)
        if data is None:
            errors.append(Problem(f"bản chứng {root / rel} {why}.", file=str(root / rel)))
            continue
        ids.setdefault(str(data.get("archive_id")), rel)
        for e in data["events"]:
            other = found.get(e.seq)
            if other is not None and other[0] != e:
                errors.append(Problem(f"bản chứng {root / rel} và {root / other[1]} ghi khác nhau về sự kiện {e.seq}.",
                                      file=str(root / rel)))
            found.setdefault(e.seq, (e, rel))
    if len(ids) > 1:
        errors.append(Problem("kho lưu có bản chứng của nhiều sổ khác nhau: " + "; ".join(
            f"mã {k} ({v})" for k, v in ids.items()) + ".", file=str(root)))
    if not ids:
        errors.append(Problem(f"kho lưu {root} không có bản chứng nào của sổ (tệp {IDENTITY_FILE} hay tệp .json "
                              "bên cạnh bản gốc), nên không dựng lại được sổ từ đây.", file=str(root)))
    if errors:
        raise KehoachError(problems + errors)
    (archive_id,) = ids
    log = [ev.genesis(archive_id)] + [found[s][0] for s in sorted(found)]
    faults = ev.chain_faults(log)
    if faults:
        raise KehoachError(problems + [Problem(
            f"chuỗi sự kiện trong các bản chứng bị đứt ở sự kiện {seq}{_where(found, seq, root)}: {why}.")
            for seq, why in faults])
    _, replay_faults = ev.replay(log)
    if replay_faults:
        raise KehoachError([Problem(f"sự kiện {seq}{_where(found, seq, root)}: {why}.") for seq, why in replay_faults])
    if ident is not None and ident.head_seq > log[-1].seq:
        raise KehoachError(Problem(
            f"kho lưu đã ghi đến sự kiện {ident.head_seq} nhưng các bản chứng chỉ có đến sự kiện {log[-1].seq}: "
            "thiếu tệp bản chứng (.json) — khôi phục chúng từ bản sao lưu.", file=str(root / IDENTITY_FILE)))
    return archive_id, log


def _where(found: dict[int, tuple[Event, str]], seq: int, root: Path) -> str:
    hit = found.get(seq)
    return f" ({root / hit[1]})" if hit else ""
