"""Issuing: give a document its number and date, archive the frozen original, and keep the register true.

An issue runs in three durable steps, each of which survives a crash (kill -9) of the process:
  (a) reserve — one SQLite transaction gives the next number and records the row as pending;
  (b) archive — the final .docx is rendered with that number and date, written to a temporary
      file in the archive folder, fsynced, made read-only and linked to its final name (then the
      PDF beside it, where LibreOffice is installed);
  (c) finish — one transaction records the files' hashes and marks the row issued.
A crash leaves a pending row, with or without its archived file; `verify` reports it and
`verify --sua` (or rerunning `issue`) completes it with the SAME number and date. All writers
hold an exclusive lock on the archive folder, so a pending row seen under the lock is a crashed
one, never another clerk's issue in progress.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import archive
from ..render import pdf
from ..errors import WARNING, KehoachError, Problem
from ..rules.numbering import DocNumber, Issue
from .store import (CANCELLED, ISSUED, PENDING, REPLACED, Entry, Register, Request, already_issued_message,
                       remarks)

CRASH_ENV = "KEHOACH_CRASH_AT"
CRASH_POINTS = ("after-reserve", "after-write", "after-rename", "after-pdf")

Say = Callable[[str], None]


@dataclass(frozen=True)
class Pipeline:
    """The pipeline functions issuing needs (injected so tests can use a small fake).

    `lint_docx` is the format checker; None (in tests with a fake pipeline) means no gate.
    """

    find_document: Callable
    render_document: Callable
    input_digest: Callable
    lint_docx: Callable | None = None

    @classmethod
    def default(cls) -> Pipeline:
        from .. import pipeline
        from ..lint import lint_docx

        return cls(pipeline.find_document, pipeline.render_document, pipeline.input_digest, lint_docx)


def checkpoint(step: str) -> None:
    """Test hook: kill this process with SIGKILL at `step` when KEHOACH_CRASH_AT names it."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def archive_dir(project) -> Path:
    return Path(project.settings.archive_dir)


def register_path(project) -> Path:
    return archive_dir(project) / archive.REGISTER_FILE


def open_register(project) -> Register:
    """Open (creating on first use) the register that lives in the project's archive folder."""
    return Register(register_path(project))


@contextmanager
def _writer_lock(root: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the archive's writer lock; yield False instead of waiting when `wait` is false and it is taken."""
    root.mkdir(parents=True, exist_ok=True)
    fd = os.open(root / archive.LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(fd)  # closing releases the lock


# -- what the rest of kehoach asks of the register ------------------------------------------------


def current_issues(project) -> dict[str, Issue]:
    """Return the number and date of every issued document by id (for citations); {} before any issue."""
    if not register_path(project).exists():
        return {}
    with open_register(project) as reg:
        return _issued_map(reg)


def _issued_map(reg: Register) -> dict[str, Issue]:
    return {e.doc_id: e.issue for e in reg.entries() if e.state == ISSUED}


def changed_since_issue(project, pipeline: Pipeline | None = None) -> list[Problem]:
    """Return a warning for each issued document whose inputs changed since it was issued.

    The build calls this: it rebuilds drafts only, and the clerk must learn the lawful way out.
    """
    if not register_path(project).exists():
        return []
    pipeline = pipeline or Pipeline.default()
    known = {d.id for dossier in project.dossiers if not dossier.closed for d in dossier.documents}
    with open_register(project) as reg:
        issued = [e for e in reg.entries() if e.state == ISSUED and e.doc_id in known]
    return [
        Problem(
            f"văn bản {e.doc_id} đã ban hành (số {e.label}) nhưng dữ liệu của nó đã thay đổi sau khi ban hành. "
            f"Bản gốc đã lưu không bị sửa và không được dựng lại. Nếu nội dung sai: ban hành văn bản thay thế "
            f"(số mới) bằng `kehoach issue {e.doc_id} --thay-the`; nếu chỉ sai thể thức: ban hành công văn "
            "đính chính.",
            severity=WARNING,
        )
        for e in issued
        if pipeline.input_digest(project, e.doc_id) != e.input_sha256
    ]


@dataclass(frozen=True)
class DocumentState:
    """One line of `kehoach list`."""

    id: str
    kind: str
    state: str
    number: str | None
    date: dt.date | None
    path: Path


def document_states(project, drafts_dir: Path) -> list[DocumentState]:
    """Return every document of every dossier with its state in the register."""
    history: dict[str, Entry] = {}
    if register_path(project).exists():
        with open_register(project) as reg:
            for e in reg.entries():
                latest = history.get(e.doc_id)
                if latest is None or latest.state not in (PENDING, ISSUED):
                    history[e.doc_id] = e
    states = []
    for dossier in project.dossiers:
        for doc in dossier.documents:
            e = history.get(doc.id)
            if e is None or e.state in (CANCELLED, REPLACED):
                state = "nháp" if e is None else f"nháp (số {e.label} {e.state_name})"
                states.append(DocumentState(doc.id, doc.kind, state, None, None,
                                            Path(drafts_dir) / dossier.name / doc.filename))
            else:
                states.append(DocumentState(doc.id, doc.kind, e.state_name, str(e.number), e.date,
                                            archive_dir(project) / archive.relative_path(e.issue, ".docx")))
    return states


# -- issue -----------------------------------------------------------------------------------


def issue(project, doc_id: str, date: dt.date, *, replace: bool = False, skip_lint: bool = False,
          make_pdf: bool = True, pipeline: Pipeline | None = None, say: Say = print) -> Entry:
    """Issue `doc_id` dated `date`: number it, archive the original, register it; return the row.

    With `replace`, issue a new number that replaces the document's current issue. A crashed
    earlier issue of this document is completed instead (same number and date). Raise
    KehoachError when the document is already issued, cites a document not yet issued, fails
    the format check (unless `skip_lint`), or its date would break the register's order.
    """
    pipeline = pipeline or Pipeline.default()
    _, spec = pipeline.find_document(project, doc_id)
    root = archive_dir(project)
    with _writer_lock(root), open_register(project) as reg:
        resumed = _repair(project, reg, pipeline, make_pdf, say, stop_on=doc_id)
        if resumed is not None:
            return resumed
        live = reg.live_entry(doc_id)
        if live is not None and not replace:
            raise KehoachError(already_issued_message(live))
        if replace and live is None:
            raise KehoachError(f"Văn bản {doc_id} chưa ban hành nên không có gì để thay thế; "
                               f"ban hành bằng `kehoach issue {doc_id}`.")
        issued = _issued_map(reg)
        missing = [c for c in spec.cites if c not in issued]
        if missing:
            raise KehoachError(
                f"Văn bản {doc_id} trích dẫn {', '.join(missing)} chưa ban hành; hãy ban hành văn bản đó trước "
                "để văn bản này ghi được số và ngày của nó."
            )
        note = f"Thay thế văn bản số {live.label}" if replace else ""
        request = Request(
            doc_id=doc_id, type_code=spec.type_code, code=spec.code, type_name=spec.type_name,
            summary=spec.summary, signer=spec.signer, recipients=tuple(spec.recipients), date=date,
            input_sha256=pipeline.input_digest(project, doc_id), note=note,
        )
        series_mode = project.settings.series
        # Check the final form before taking a number: a refused document must not use one up.
        provisional = Issue(DocNumber(reg.peek_number(request, series_mode), spec.code), date)
        data = pipeline.render_document(project, doc_id, provisional, issued)
        lint_note = _lint_gate(pipeline.lint_docx, data, skip_lint)
        if lint_note:
            request = Request(**{**request.__dict__, "note": "; ".join(filter(None, [note, lint_note]))})
        entry = reg.reserve(request, series_mode, replaces=live if replace else None)
        checkpoint("after-reserve")
        if entry.issue != provisional:
            data = None  # someone numbered outside kehoach meanwhile: render again with the real number
        return _complete(project, reg, entry, pipeline, make_pdf, say, data)


def _lint_gate(lint_docx: Callable | None, data: bytes, skip: bool) -> str:
    """Raise KehoachError on format errors unless `skip`; return the register note when skipped."""
    if lint_docx is None:
        return ""
    with tempfile.TemporaryDirectory(prefix="kehoach-lint-") as tmp:
        path = Path(tmp) / "van-ban.docx"
        path.write_bytes(data)
        errors = [f for f in lint_docx(path) if f.severity == "lỗi"]
    if not errors:
        return ""
    if skip:
        return f"Ban hành không qua kiểm tra thể thức ({len(errors)} lỗi, --bo-qua-kiem-tra)"
    raise KehoachError(
        [Problem(str(f)) for f in errors]
        + [Problem("Văn bản có lỗi thể thức nên chưa được cấp số. Sửa dữ liệu/mẫu rồi ban hành lại, "
                   "hoặc thêm --bo-qua-kiem-tra nếu đã được người ký chấp thuận (sổ sẽ ghi chú việc này).")]
    )


def _complete(project, reg: Register, entry: Entry, pipeline: Pipeline, make_pdf: bool, say: Say,
              data: bytes | None = None) -> Entry:
    """Archive the original of a pending row (rendering it if `data` is None) and mark it issued."""
    root = archive_dir(project)
    rel = archive.relative_path(entry.issue, ".docx")
    if (root / rel).exists():
        # Only a finished write gets the final name (link after fsync), so the file is whole.
        digest = archive.sha256_file(root / rel)
    else:
        if data is None:
            if pipeline.input_digest(project, entry.doc_id) != entry.input_sha256:
                raise KehoachError(
                    f"Văn bản {entry.doc_id} đã được giữ số {entry.label} nhưng chưa lưu bản gốc, và dữ liệu đã "
                    "thay đổi từ lúc giữ số nên không dựng lại đúng văn bản đã ký được. Khôi phục dữ liệu như lúc "
                    f"ban hành rồi chạy lại `kehoach verify --sua`, hoặc hủy số này bằng "
                    f"`kehoach cancel --so {entry.number} --nam {entry.year} --ly-do \"…\"`."
                )
            data = pipeline.render_document(project, entry.doc_id, entry.issue, _issued_map(reg))
        digest = archive.write_original(root, rel, data, before_link=lambda: checkpoint("after-write"))
    checkpoint("after-rename")
    pdf_rel, pdf_digest = _archive_pdf(root, rel, make_pdf, say)
    checkpoint("after-pdf")
    return reg.finish(entry, rel, digest, pdf_rel, pdf_digest)


def _archive_pdf(root: Path, rel: str, wanted: bool, say: Say) -> tuple[str | None, str | None]:
    """Archive a PDF of the original beside it where LibreOffice is installed; say why not otherwise."""
    if not wanted:
        return None, None
    pdf_rel = rel[: -len(".docx")] + ".pdf"
    if (root / pdf_rel).exists():
        return pdf_rel, archive.sha256_file(root / pdf_rel)
    if pdf.find_libreoffice() is None:
        say(f"Lưu ý: {pdf.INSTALL_HINT} Văn bản được lưu bản .docx, không có bản PDF.")
        return None, None
    try:
        with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
            (made,) = pdf.convert_to_pdf([root / rel], Path(tmp))
            digest = archive.write_original(root, pdf_rel, made.read_bytes())
    except KehoachError as e:
        say(f"Lưu ý: không tạo được bản PDF ({e}); văn bản được lưu bản .docx.")
        return None, None
    return pdf_rel, digest


def _repair(project, reg: Register, pipeline: Pipeline, make_pdf: bool, say: Say,
            stop_on: str | None = None) -> Entry | None:
    """Undo what crashed issues left (caller holds the writer lock); return `stop_on`'s row if completed.

    Temporary files are removed; pending rows are completed with their number and date. A row
    that cannot be completed is reported through `say` — unless it is `stop_on`'s, which raises.
    """
    temps, _ = archive.stray_files(archive_dir(project), set())
    for tmp in temps:
        tmp.unlink()
        say(f"Đã xóa tệp tạm {tmp} của lần ban hành bị ngắt.")
    resumed = None
    for entry in reg.pending():
        try:
            done = _complete(project, reg, entry, pipeline, make_pdf, say)
        except KehoachError:
            if entry.doc_id == stop_on:
                raise
            say(f"Văn bản số {entry.label} ({entry.doc_id}) vẫn đang ban hành dở; xem `kehoach verify`.")
            continue
        say(f"Đã hoàn tất văn bản ban hành dở: số {done.label} ({done.doc_id}).")
        if done.doc_id == stop_on:
            resumed = done
    return resumed


# -- cancel ----------------------------------------------------------------------------------


def cancel(project, reason: str, *, doc_id: str | None = None, number: DocNumber | None = None,
           year: int | None = None) -> Entry:
    """Cancel the live issue of `doc_id`, or the row `number` of `year`; the number is never reused."""
    with _writer_lock(archive_dir(project)), open_register(project) as reg:
        if doc_id is not None:
            entry = reg.live_entry(doc_id)
            if entry is None:
                raise KehoachError(f"Văn bản {doc_id} chưa ban hành nên không có số để hủy.")
        else:
            entry = reg.find(number.number, number.code, year)
            if entry is None:
                raise KehoachError(f"Sổ năm {year} không có văn bản số {number}.")
        return reg.cancel(entry, reason)


def parse_number(text: str) -> DocNumber:
    """Parse `05/KH-UBND`; raise KehoachError with the expected form otherwise."""
    head, sep, code = text.strip().partition("/")
    if not sep or not head.isdigit() or int(head) < 1 or not code or " " in code:
        raise KehoachError(f"“{text}” không phải số và ký hiệu văn bản (ví dụ 05/KH-UBND).")
    return DocNumber(int(head), code)


# -- verify ----------------------------------------------------------------------------------


def verify(project, *, repair: bool = False, make_pdf: bool = True, pipeline: Pipeline | None = None,
           say: Say = print) -> list[Problem]:
    """Return every problem of the register and the archive; with `repair`, first fix what can be fixed.

    Repairable: crashed issues (completed with their reserved number and date) and temporary
    files left by an interrupted write. Never repaired: a changed, missing or writable original.
    """
    root = archive_dir(project)
    if not register_path(project).exists():
        return []
    with _writer_lock(root, wait=repair) as locked, open_register(project) as reg:
        if repair:
            _repair(project, reg, pipeline or Pipeline.default(), make_pdf, say)
        return _problems(root, reg, crashed=locked)


def _problems(root: Path, reg: Register, crashed: bool) -> list[Problem]:
    problems = reg.check()
    known: set[str] = set()
    for e in reg.entries():
        what = f"Văn bản số {e.label} ({e.doc_id})"
        if e.state == PENDING:
            known.update(archive.relative_path(e.issue, s) for s in (".docx", ".pdf"))
            if not crashed:
                problems.append(Problem(f"{what} đang được một tiến trình khác ban hành.", severity=WARNING))
                continue
            stage = ("bản gốc đã lưu nhưng sổ chưa ghi xong"
                     if (root / archive.relative_path(e.issue, ".docx")).exists()
                     else "đã giữ số nhưng chưa lưu bản gốc")
            problems.append(Problem(
                f"{what}: lần ban hành bị ngắt ({stage}). Chạy `kehoach verify --sua` hoặc "
                f"`kehoach issue {e.doc_id}` để hoàn tất với đúng số và ngày này."))
            continue
        if e.state == CANCELLED and e.file_path is None:
            continue  # cancelled before its original was archived
        known.add(e.file_path)
        problems += [Problem(m) for m in archive.check_original(root, e.file_path, e.file_sha256, what)]
        if e.pdf_path is not None:
            known.add(e.pdf_path)
            problems += [Problem(m) for m in archive.check_original(root, e.pdf_path, e.pdf_sha256, what + " (PDF)")]
    temps, unknown = archive.stray_files(root, known)
    problems += [Problem(f"tệp tạm {p} còn lại từ một lần ghi bị ngắt; `kehoach verify --sua` sẽ xóa.",
                         severity=WARNING) for p in temps if crashed]
    problems += [Problem(f"tệp {p} nằm trong kho lưu nhưng không có dòng nào trong sổ ghi nó.") for p in unknown]
    return problems


def register_rows(project, year: int) -> list[tuple[Entry, str]]:
    """Return the rows of `year` with their ghi chú (column 10), in register order."""
    with open_register(project) as reg:
        return [(e, remarks(e, reg)) for e in reg.entries(year)]


def register_years(project) -> list[int]:
    if not register_path(project).exists():
        return []
    with open_register(project) as reg:
        return reg.years()

