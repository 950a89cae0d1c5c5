"""Build one dossier's drafts into staged files (in a worker process or in the caller's): load, check,
render what changed, run the format checker. Nothing is renamed into place here."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import KehoachError, Problem
from .record import (
    CHART_CACHE,
    DraftState,
    Record,
    document_digest,
    draft_intact,
    load_record,
)

if TYPE_CHECKING:
    from ..dossier.settings import Settings
    from ..rules.numbering import Issue

_SHOWN = ("lỗi", "cảnh báo")  # what the build prints of the checker's findings


@dataclass
class Job:
    """What a worker needs to build one dossier (small and picklable)."""

    folder: Path
    out_dir: Path  # the drafts go to out_dir/<dossier id>
    data_dir: Path
    settings: Settings
    inputs: str  # the dossier's inputs key
    salt: str  # hash of code and settings
    force: bool
    register: bool  # whether a register exists (then issued documents are compared with it)


@dataclass
class Outcome:
    """What became of one dossier: its problems, staged files, new record and counts."""

    name: str  # the dossier's id (its folder's name until it is read)
    problems: list[Problem]
    folder: Path | None = None
    staged: list[tuple[Path, Path]] = field(default_factory=list)  # (temporary file, draft path)
    record: Record | None = None  # None when the dossier has errors
    built: int = 0
    kept: int = 0
    since_issue: list[Problem] = field(default_factory=list)


_issued: dict[str, Issue] = {}  # what the register says is issued, set once per worker process


def set_issued(issued: dict[str, Issue]) -> None:
    """Give this process the issued documents (a worker's initializer: sent once, not with every job)."""
    global _issued
    _issued = issued


def build_dossier(job: Job) -> Outcome:
    """Build the drafts of `job`'s dossier that changed into staged files; return what happened.

    The caller renames the staged files into place once every dossier has built, or removes them.
    """
    from .. import pipeline

    dossier, problems = pipeline.load_dossier_folder(job.folder)
    outcome = Outcome(job.folder.name, problems, folder=job.folder)
    if dossier is None:
        return outcome
    outcome.name = dossier.name  # its ma_ho_so: the drafts' folder and the documents' ids
    drafts = job.out_dir / dossier.name
    record = Record(job.inputs, {}, [p.as_dict() for p in problems])
    if dossier.closed:  # `dong: true`: never rebuilt
        outcome.record = record
        return outcome
    previous = Record() if job.force else load_record(drafts)
    project = pipeline.Project(job.data_dir, job.settings, [dossier])
    try:
        _build(job, dossier, drafts, project, previous, record, outcome)
    except KehoachError as e:  # a broken template: its problems travel back with their file and line
        discard(outcome.staged)
        outcome.staged = []
        outcome.problems = outcome.problems + e.problems
        return outcome
    except BaseException:
        discard(outcome.staged)
        raise
    outcome.record = record
    return outcome


def _build(job: Job, dossier, drafts: Path, project, previous: Record, record: Record, outcome: Outcome) -> None:
    from .. import pipeline

    issued = {k: v for k, v in _issued.items() if k.startswith(dossier.name + "/")}
    for model in pipeline.draft_models(dossier, issued):
        template = job.settings.templates_dir / model.template
        digest = document_digest(_fingerprint(model), _template_bytes(template), job.salt)
        final = drafts / model.filename
        old = previous.drafts.get(model.filename)
        if old is not None and old.digest == digest and draft_intact(final, old):
            record.drafts[model.filename] = old
            outcome.kept += 1
            continue
        data = pipeline.render_model(project, model, chart_cache=job.out_dir / CHART_CACHE)
        staged = _stage(final, data)
        outcome.staged.append((staged, final))
        record.drafts[model.filename] = _checked(staged, data, digest)
        outcome.built += 1
    if job.register:
        from ..register import issuing

        outcome.since_issue = issuing.changed_since_issue(project, pipeline.builder())
        record.since_issue = [p.as_dict() for p in outcome.since_issue]


def _checked(path: Path, data: bytes, digest: str) -> DraftState:
    """Return the state of the staged draft at `path`, with the format findings the build shows."""
    from ..lint import lint_docx

    st = path.stat()  # a rename keeps the time, so the record matches the draft once in place
    shown = [f for f in lint_docx(path) if f.severity in _SHOWN]
    return DraftState(digest, hashlib.sha256(data).hexdigest(), st.st_size, st.st_mtime_ns,
                      [str(f) for f in shown], sum(f.severity == "lỗi" for f in shown))


def _stage(final: Path, data: bytes) -> Path:
    """Write `data` to a temporary file beside `final` (hidden, removed unless renamed into place).

    Raise KehoachError naming `final` when the disk refuses (full, read-only …). Unlike archived
    originals a draft is not fsynced: it is rebuilt from the data, and a draft a crash truncated no
    longer matches its record, so the next build makes it again.
    """
    from ..files import check_no_folder_in_the_way, make_dirs, os_problem, write_temp

    make_dirs(final.parent)
    check_no_folder_in_the_way([final])
    try:
        return write_temp(final, data, sync=False)
    except OSError as e:
        raise KehoachError(os_problem(e, final)) from e


def discard(staged: list[tuple[Path, Path]]) -> None:
    """Remove staged files (a failed build leaves the previous drafts as they were)."""
    for tmp, _ in staged:
        Path(tmp).unlink(missing_ok=True)


_templates: dict[Path, tuple[int, int, bytes]] = {}


def _template_bytes(path: Path) -> bytes:
    try:
        st = path.stat()
        cached = _templates.get(path)
        if cached is None or cached[:2] != (st.st_size, st.st_mtime_ns):
            cached = _templates[path] = (st.st_size, st.st_mtime_ns, path.read_bytes())
    except OSError:
        return b""  # rendering says what is wrong with the template, with its name
    return cached[2]


def _fingerprint(model) -> bytes:
    """Return what a draft is made of: the model's fingerprint and the core properties it is stamped with."""
    from ..pipeline import model_fingerprint

    core = f"\x00{model.date.isoformat()}\x00{model.type_name}\x00{model.summary}\x00{model.issuer_short}"
    return model_fingerprint(model) + core.encode()
