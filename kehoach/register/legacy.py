"""The register of kehoach before the event log (schema 1): told as an event log, so `verify --dung-lai` can upgrade it."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from ..errors import KehoachError
from . import events as ev
from .events import CANCEL, CANCELLED, FINISH, RESERVE, Event, row_label
from .store import check_file


def schema_version(path: Path) -> int | None:
    """Return the schema version of the SQLite file at `path`, None when it cannot be read as SQLite."""
    try:
        check_file(Path(path))
        with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as db:
            return db.execute("PRAGMA user_version").fetchone()[0]
    except (KehoachError, sqlite3.Error):
        return None


def legacy_log(path: Path, archive_id: str) -> list[Event]:
    """Return the event log that gives the rows of a schema-1 register (kehoach before the log), to upgrade it.

    Every row keeps its number, date, columns and hashes; times are unknown (None). Raise
    KehoachError when the old rows cannot be told as a lawful history.
    """
    with closing(sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)) as db:
        cols = [r[1] for r in db.execute("PRAGMA table_info(entries)")]
        rows = [dict(zip(cols, r)) for r in db.execute("SELECT * FROM entries ORDER BY id")]
    log = [ev.genesis(archive_id)]
    new_id: dict[int, int] = {}

    def add(kind: str, data: dict) -> None:
        log.append(ev.make_event(log[-1], kind, None, data))

    for r in rows:
        new_id[r["id"]] = log[-1].seq + 1
        add(RESERVE, {**{k: r[k] for k in ev.RESERVE_FIELDS if k in r},
                      "recipients": r["recipients"].split("\n") if r["recipients"] else [],
                      "replaces": new_id.get(r["replaces"]), "data_sha256": None, "template_sha256": None})
        if r["file_path"] is not None:
            add(FINISH, {"row": new_id[r["id"]], "file_path": r["file_path"], "file_sha256": r["file_sha256"],
                         "pdf_path": r["pdf_path"], "pdf_sha256": r["pdf_sha256"]})
    for r in rows:
        if r["state"] == CANCELLED:
            add(CANCEL, {"row": new_id[r["id"]], "reason": r["cancel_reason"]})
    derived, faults = ev.replay(log)
    changed = [r for r in rows if derived.get(new_id[r["id"]], {}).get("state") != r["state"]]
    if faults or changed:
        raise KehoachError(f"Sổ đăng ký cũ {path} có dòng không chuyển được sang lược đồ mới "
                           f"({'; '.join(why for _, why in faults) or row_label(changed[0])}); sổ cũ giữ nguyên.")
    return log
