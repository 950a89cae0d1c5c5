"""The build index `out/.kehoach-cache/index.json`: one file for the whole out/ folder, as git's index.

For each dossier folder it holds the size and modification time of every input file, the inputs key
they hashed to and a copy of the dossier's record. A dossier whose files, drafts and record all stat
as the index says is kept without opening any of them. At the least doubt (a stat differs, a file
added or removed, another templates/settings/code/register state, the index missing or damaged) the
dossier takes the content-hash path of record.py, which stays the authority.
"""
from __future__ import annotations

import json
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from ..files import write_atomic
from .record import (
    CHART_CACHE,
    RECORD_FILE,
    Record,
    inputs_key,
    record_from_json,
    record_json,
)

INDEX_FILE = CHART_CACHE.parent / "index.json"  # beside the charts: hidden, and only ever a cache
_FORMAT = 1
# The coarsest modification-time step of the disks a clerk's data may sit on (FAT: 2 s). A file whose
# time is this close to when its stat was taken may have been saved again within the same step, keeping
# its size and time: it is not trusted by its stat but hashed again (git's "racy" entries). Each entry
# keeps its own time, not the index's: a long build writes the index a minute after the first stat.
RACY_NS = 2_000_000_000

Stats = dict[str, list[int]]  # file name -> [size, mtime_ns]


@dataclass
class Entry:
    """What the index holds of one dossier folder."""

    id: str  # its drafts' folder under out/
    files: Stats  # its input files as they were hashed
    seen_ns: int  # when they were stat'd (before hashing): a file modified since has another time
    inputs: str  # the inputs key they hashed to
    record: Record  # the record its build left in out/<id>/
    record_stat: list[int]  # that record file's [size, mtime_ns]

    def as_json(self) -> dict:
        return {"id": self.id, "files": self.files, "seen_ns": self.seen_ns, "inputs": self.inputs,
                "record": record_json(self.record), "record_stat": self.record_stat}

    def racy(self) -> bool:
        """True when a file may have changed since its stat without changing its stat."""
        return any(mtime >= self.seen_ns - RACY_NS for _, mtime in self.files.values())


@dataclass
class Index:
    """The index as the last build wrote it: entries by dossier folder name."""

    shared: str  # the key part every dossier shares (templates, settings, code, register)
    data: str  # the data folder it describes
    entries: dict[str, Entry]

    def kept(self, folder: Path, out_dir: Path) -> Entry | None:
        """Return the entry of `folder` when it is certainly unchanged (nothing opened), else None."""
        entry = self.entries.get(folder.name)
        if entry is None or entry.racy() or folder_stats(folder) != entry.files:
            return None
        drafts = f"{out_dir}{os.sep}{entry.id}{os.sep}"  # (strings: a thousand dossiers stat 14 000 files)
        if _stat(drafts + RECORD_FILE) != entry.record_stat:
            return None
        for name, draft in entry.record.drafts.items():
            if _stat(drafts + name) != [draft.size, draft.mtime_ns]:
                return None  # deleted, edited or only touched: record.py decides which
        return entry


def folder_stats(folder: Path) -> Stats | None:
    """Return [size, mtime_ns] of each file in `folder`; None when it cannot be listed or holds a folder."""
    stats: Stats = {}
    try:
        for name in os.listdir(folder):
            # os.stat, not the listing's cached entry: on Windows that may lag behind a file still open
            # for writing. It follows a link, as reading the file does.
            st = os.stat(os.path.join(folder, name))
            if not stat.S_ISREG(st.st_mode):
                return None
            stats[name] = [st.st_size, st.st_mtime_ns]
    except OSError:
        return None
    return stats


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def load_index(out_dir: Path, data_dir: Path, shared: str) -> Index | None:
    """Return the index of `out_dir` when it describes `data_dir` built with `shared`; None otherwise
    (missing, damaged, another version: every dossier is then hashed)."""
    try:
        raw = json.loads((Path(out_dir) / INDEX_FILE).read_bytes())
        if raw.get("format") != _FORMAT or raw["shared"] != shared or raw["data"] != _data_key(data_dir):
            return None
        entries = {name: Entry(e["id"], {n: [int(s), int(m)] for n, (s, m) in e["files"].items()},
                               int(e["seen_ns"]), e["inputs"], record_from_json(e["record"]),
                               [int(v) for v in e["record_stat"]])
                   for name, e in raw["entries"].items()}
        return Index(shared, raw["data"], entries)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # a damaged index only costs hashing


def stat_folder(folder: Path) -> tuple[Stats | None, int]:
    """Return the stats of `folder`'s files and when they were taken (call it before hashing them)."""
    seen = time.time_ns()
    return folder_stats(folder), seen


def entry_for(folder: Path, stats: tuple[Stats | None, int], drafts: Path, record: Record, shared: str,
              old: Entry | None) -> Entry | None:
    """Return the entry of dossier `folder` just hashed (`stats` from stat_folder), built into `drafts`.

    A racy entry is hashed once more now (a build of many dossiers ends a minute after it began): if
    nothing changed it is stamped with this later time, so the next build can trust it. The old entry
    stays when it says the same, unless the new one is no longer racy: a build that changed nothing
    leaves the index file as it is.
    """
    files, seen = stats
    record_stat = _stat(os.path.join(drafts, RECORD_FILE))
    if files is None or record_stat is None:
        return None  # never trusted by its stat: hashed each time
    entry = Entry(drafts.name, files, seen, record.inputs, record, record_stat)
    if entry.racy():
        again, later = stat_folder(folder)
        if again == files and inputs_key(folder, shared) == record.inputs:
            entry.seen_ns = later
    if old is not None and (entry.racy() or not old.racy()) and \
            {**old.as_json(), "seen_ns": entry.seen_ns} == entry.as_json():
        return old
    return entry


def save_index(out_dir: Path, data_dir: Path, shared: str, entries: dict[str, Entry], old: Index | None) -> None:
    """Write the index unless it would say what it already says (a no-change build writes nothing)."""
    if old is not None and old.shared == shared and old.entries.keys() == entries.keys() and all(
            old.entries[n] is e or old.entries[n].as_json() == e.as_json() for n, e in entries.items()):
        return
    data = {"format": _FORMAT, "shared": shared, "data": _data_key(data_dir),
            "entries": {n: e.as_json() for n, e in sorted(entries.items())}}
    write_atomic(Path(out_dir) / INDEX_FILE, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def _data_key(data_dir: Path) -> str:
    return str(Path(data_dir).resolve())
