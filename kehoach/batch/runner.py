"""Build the drafts of every dossier under data/: skip what has not changed, build the rest in
parallel processes one dossier at a time, then put every draft in place at once (or none)."""
from __future__ import annotations

import os
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..dossier.folders import dossier_folders
from ..dossier.settings import SETTINGS_FILE, load_settings
from ..errors import KehoachError, Problem
from ..files import rename_all
from ..rules.dossier_id import dossier_id_from
from .index import Entry, Index, entry_for, load_index, save_index, stat_folder
from .record import (
    CHART_CACHE,
    Record,
    inputs_key,
    issued_key,
    load_record,
    save_record,
    settings_key,
    shared_key,
)
from .worker import Job, Outcome, build_dossier, discard, set_issued

_GUESS = 6  # documents a dossier has, for the progress bar until its own count is known


@dataclass
class Built:
    """What a build did, for the command to report."""

    dossiers: int = 0
    built: list[Path] = field(default_factory=list)  # drafts written
    kept: int = 0  # drafts already up to date
    warnings: list[Problem] = field(default_factory=list)  # data warnings
    since_issue: list[Problem] = field(default_factory=list)
    findings: list[tuple[Path, str, bool]] = field(default_factory=list)  # (draft, finding, is error)
    seconds: float = 0.0
    strict_stop: bool = False


def build_all(data_dir: Path, out_dir: Path, *, jobs: int | None = None, force: bool = False,
              strict: bool = False, progress: Callable[[int, int], object] | None = None) -> Built:
    """Build the drafts of every dossier under `data_dir` into `out_dir`; return what was done.

    Raise KehoachError with every problem of every dossier when one has errors: then no draft
    is written. With `strict`, stop the same way on warnings (`strict_stop` says so).
    `progress(done, total)` is called as documents are built.
    """
    started = time.perf_counter()
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    settings = load_settings(data_dir)
    folders = dossier_folders(data_dir)
    issued, register = _issued(data_dir, settings)
    salt = settings_key(data_dir / SETTINGS_FILE)
    # Any issue changes every dossier's key: each is then read again, but only documents whose
    # content changed (a new citation) are rendered again.
    shared = shared_key(settings.templates_dir, salt) + issued_key(issued) + _register_state(settings)
    result = Built(dossiers=len(folders))
    kept: list[tuple[Path, Record, Path]] = []  # (drafts folder, record, dossier folder)
    todo: list[Job] = []
    index = None if force else load_index(out_dir, data_dir, shared)
    entries: dict[str, Entry] = {}  # the new index: folder name -> entry
    stats: dict[str, tuple] = {}  # of the dossiers hashed, taken before hashing
    for folder in folders:
        entry = index.kept(folder, out_dir) if index is not None else None
        if entry is not None:  # every file stats as when it was hashed: nothing is opened
            kept.append((out_dir / entry.id, entry.record, folder))
            entries[folder.name] = entry
            continue
        stats[folder.name] = stat_folder(folder)
        drafts = out_dir / dossier_id(folder)
        key = inputs_key(folder, shared)
        record = Record() if force else load_record(drafts)
        if record.inputs == key and record.intact(drafts):
            kept.append((drafts, record, folder))  # nothing it is made of changed: not even read
        else:
            todo.append(Job(folder, out_dir, data_dir, settings, key, salt, force, register))

    existed = {out_dir, *out_dir.iterdir()} if out_dir.is_dir() else set()
    outcomes: list[Outcome] = []
    try:
        for outcome in _run(todo, jobs, progress, issued):
            outcomes.append(outcome)  # noqa: PERF402 (kept as they come, to discard on failure)
    except BaseException:
        for outcome in outcomes:
            discard(outcome.staged)
        _remove_new_folders(out_dir, existed)
        raise

    outcomes.sort(key=lambda o: o.folder.name)  # workers finish in any order; messages keep the folders' order
    problems = [*settings.warnings, *(p for o in outcomes for p in o.problems)]
    # Two folders with one ma_ho_so would share drafts and document ids: the error loading gives.
    ids = [(d.name, f) for d, _, f in kept] + [(o.name, o.folder) for o in outcomes if o.record]
    if len({name for name, _ in ids}) < len(ids):  # (pipeline is loaded only then: a no-change build skips it)
        from ..pipeline import same_ids

        problems += same_ids(ids)
    warnings = [Problem(**w) for _, r, _ in kept for w in r.warnings] + [p for p in problems if not p.is_error]
    if any(p.is_error for p in problems) or (strict and warnings):
        for outcome in outcomes:
            discard(outcome.staged)
        _remove_new_folders(out_dir, existed)
        if any(p.is_error for p in problems):
            raise KehoachError(problems)
        result.warnings, result.strict_stop = warnings, True
        return result

    staged = [pair for o in outcomes for pair in o.staged]
    try:  # every dossier built: now put every draft in place (a failed move puts the old ones back)
        rename_all([final for _, final in staged], [tmp for tmp, _ in staged])
    finally:
        discard(staged)
    result.built = [final for _, final in staged]
    for outcome in outcomes:
        save_record(out_dir / outcome.name, outcome.record)
    _save_index(out_dir, data_dir, shared, index, entries, stats,
                [(d, r, f) for d, r, f in kept if f.name not in entries] +
                [(out_dir / o.name, o.record, o.folder) for o in outcomes])
    records = sorted([(d, r) for d, r, _ in kept] + [(out_dir / o.name, o.record) for o in outcomes],
                     key=lambda fr: fr[0].name)
    result.kept = sum(len(r.drafts) for _, r, _ in kept) + sum(o.kept for o in outcomes)
    result.warnings = warnings
    result.since_issue = [Problem(**w) for _, r, _ in kept for w in r.since_issue] + \
        [p for o in outcomes for p in o.since_issue]
    result.findings = [(folder / name, text, k < d.errors)
                       for folder, r in records for name, d in sorted(r.drafts.items())
                       for k, text in enumerate(d.findings)]
    result.seconds = time.perf_counter() - started
    return result


def _save_index(out_dir: Path, data_dir: Path, shared: str, index: Index | None, entries: dict[str, Entry],
                stats: dict[str, tuple], hashed: list[tuple[Path, Record, Path]]) -> None:
    """Add the dossiers hashed by this build to `entries` and write the index when it changed."""
    old = index.entries if index is not None else {}
    for drafts, record, folder in hashed:
        entry = entry_for(folder, stats[folder.name], drafts, record, shared, old.get(folder.name))
        if entry is not None:
            entries[folder.name] = entry
    save_index(out_dir, data_dir, shared, entries, index)


def _issued(data_dir: Path, settings) -> tuple[dict, bool]:
    """Return what the register says is issued (by document id) and whether there is a register."""
    if not Path(settings.archive_dir).exists() and settings.archive_id is None:
        return {}, False  # nothing was ever issued here: the register code is not even loaded
    from ..pipeline import Project
    from ..register import issuing

    return issuing.current_issues(Project(data_dir, settings, [])), True


def _register_state(settings) -> str:
    """Return when the register last changed (a waiver changes which issued-document warnings are due)."""
    from ..register.archive import REGISTER_FILE

    path = Path(settings.archive_dir) / REGISTER_FILE
    state = []
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            st = part.stat()
            state.append(f"{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            state.append("-")
    return ",".join(state)


def _run(todo: list[Job], jobs: int | None, progress, issued: dict) -> Iterator[Outcome]:
    """Yield the outcome of each job, from `jobs` worker processes (in this one for a single dossier)."""
    total = _GUESS * len(todo)
    done = 0
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    if workers <= 1:
        set_issued(issued)
        results = map(build_dossier, todo)
        pool = None
    else:
        import multiprocessing

        pool = multiprocessing.get_context(_start_method()).Pool(workers, set_issued, (issued,))
        results = pool.imap_unordered(build_dossier, todo)  # one dossier at a time per worker
    finished = False
    try:
        for outcome in results:
            documents = outcome.built + outcome.kept
            total += documents - _GUESS
            done += documents
            if progress is not None:
                progress(done, total)
            yield outcome
        finished = True
    finally:
        if pool is not None:
            if finished:
                pool.close()
            else:
                pool.terminate()  # a worker failed or the clerk pressed Ctrl+C: stop the others
            pool.join()


def _start_method() -> str:
    # fork is cheapest where it exists (the workers share the loaded code); elsewhere spawn.
    return "fork" if sys.platform.startswith("linux") else "spawn"


def _remove_new_folders(out_dir: Path, existed: set[Path]) -> None:
    """Remove the draft folders this failed build created, so it leaves the disk as it found it."""
    cache = out_dir / CHART_CACHE.parts[0]
    if cache not in existed and cache.is_dir():
        shutil.rmtree(cache, ignore_errors=True)  # charts it drew: a cache, kept only by a build that wrote
    made = [p for p in out_dir.glob("*") if p not in existed] if out_dir.exists() else []
    for folder in [*made, out_dir]:
        if folder not in existed:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass


_ID = re.compile(r"^ma_ho_so:[ \t]*[\"']?([A-Za-z0-9_.-]+)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def dossier_id(folder: Path) -> str:
    """Return the id a dossier's drafts are filed under, read from its `ma_ho_so` line without loading it
    (the id loading gives its folder's name when it has none); a dossier read in full is filed under what
    loading says."""
    try:
        found = _ID.search((folder / "ke-hoach.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        found = None
    return found.group(1) if found else dossier_id_from(folder.name)
