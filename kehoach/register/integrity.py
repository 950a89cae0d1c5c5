"""What `verify` asks of the register file itself: SQLite's own check, the log's hash chain, the table's rows
against what the log derives, and the rules of the book. A fault here means the file was changed other than by
kehoach, or damaged."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import Problem
from . import events as ev
from .book_rules import book_problems
from .events import Event, row_label

if TYPE_CHECKING:
    from .store import Register


def faults(reg: Register) -> list[Problem]:
    """Return every sign that the register was changed other than by kehoach (chain, derivation)."""
    where = str(reg.path)
    log = reg.events()
    problems = []
    for seq, why in ev.chain_faults(log):
        problems.append(Problem(f"nhật ký sổ, sự kiện {seq}{_about(log, seq)}: {why}.", file=where))
    stored = reg.event_rows()
    for e in log:
        if e.row != stored.get(e.seq):
            problems.append(Problem(f"nhật ký sổ, sự kiện {e.seq}: cột dòng liên quan đã bị sửa.", file=where))
    derived, replay_faults = ev.replay(log)
    for seq, why in replay_faults:
        problems.append(Problem(f"nhật ký sổ, sự kiện {seq}{_about(log, seq)}: {why}.", file=where))
    problems += compare_rows(derived, reg.rows(), where)
    return problems


def check(reg: Register) -> list[Problem]:
    """Return what is wrong with the register: damage, tampering (`faults`) and the book rules (REG-1)."""
    where = str(reg.path)
    problems = []
    verdict = reg.sqlite_verdict()
    if verdict != "ok":  # SQLite's own list of damaged pages, in English: not for the clerk
        problems.append(Problem("tệp cơ sở dữ liệu bị hỏng (SQLite tìm thấy trang dữ liệu hỏng khi tự kiểm tra)",
                                file=where))
    problems += faults(reg)
    return problems + book_problems(reg.derived_entries(), where)


def compare_rows(derived: dict[int, dict], stored: dict[int, dict], where: str) -> list[Problem]:
    """Return a problem for each row whose stored columns differ from what the log derives."""
    problems = []
    for row_id in sorted(set(derived) | set(stored)):
        truth, found = derived.get(row_id), stored.get(row_id)
        if found is None:
            problems.append(Problem(f"dòng {row_label(truth)} có trong nhật ký nhưng đã bị xóa khỏi bảng sổ.",
                                    file=where))
        elif truth is None:
            problems.append(Problem(f"dòng {row_label(found)} không có trong nhật ký (dòng thêm tay vào sổ).",
                                    file=where))
        else:
            changed = [c for c in ev.COLUMNS if found[c] != truth[c]]
            if changed:
                detail = "; ".join(f"{ev.COLUMN_NAMES[c]}: sổ ghi “{_short(found[c])}”, nhật ký ghi “{_short(truth[c])}”"
                                   for c in changed)
                problems.append(Problem(f"dòng {row_label(truth)} đã bị sửa ngoài kehoach — {detail}.", file=where))
    return problems


def _short(value) -> str:
    text = "" if value is None else str(value).replace("\n", " / ")
    return text if len(text) <= 60 else text[:59] + "…"


def _about(log: list[Event], seq: int) -> str:
    e = next((x for x in log if x.seq == seq), None)
    return f" ({ev.KIND_NAMES.get(e.kind, e.kind)})" if e else ""
