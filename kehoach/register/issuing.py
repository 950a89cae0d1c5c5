"""Issuing: give a document its number and date, archive the frozen original, and keep the register true.

An issue runs in three durable steps, each of which survives a crash (kill -9) of the process:
  (a) reserve — one SQLite transaction gives the next number and records the row as pending;
  (b) archive — the final .docx is rendered with that number and date, written to a temporary
      file in the archive folder, fsynced, made read-only and linked to its final name (then the
      PDF beside it, where LibreOffice is installed);
  (c) finish — one transaction records the files' hashes and marks the row issued.
After each commit the row's witness file in the archive is written (witness.py): the register can
always be rebuilt from the archive, and a register older than its archive is never numbered from.
A crash leaves a pending row, with or without its archived file; `verify` reports it and
`verify --sua` (or rerunning `issue`) completes it with the SAME number and date. All writers
hold an exclusive lock on the archive folder (`filelock`, portable to Windows), so a pending row
seen under the lock is a crashed one, never another clerk's issue in progress. Everything that can
fail after a number is reserved (ký hiệu, template rendering, format check, archive space and
permissions) is checked before it is.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import os
import signal
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from ..dossier.settings import SETTINGS_FILE, archive_binding, bind_archive
from ..errors import WARNING, KehoachError, Problem
from ..messages import os_reason
from ..render import pdf
from ..rules.numbering import DocNumber, Issue, code_problem, shown
from ..rules.vn import table_date
from . import archive, legacy, witness
from .store import (
    CANCELLED,
    ISSUED,
    PENDING,
    REPLACED,
    Entry,
    Register,
    Request,
    already_issued_message,
    remarks,
)

CRASH_ENV = "KEHOACH_CRASH_AT"
CRASH_POINTS = ("after-reserve", "after-write", "after-rename", "after-pdf")

Say = Callable[[str], None]


@dataclass(frozen=True)
class Builder:
    """What issuing needs to make kehoach's own documents, passed in from above (`pipeline.builder()`;
    tests pass a small fake). `lint_docx` is the format checker; None (a fake) means no gate."""

    find_document: Callable
    render_document: Callable
    input_digest: Callable
    lint_docx: Callable | None = None
    input_parts: Callable | None = None  # (data digest, template digest); None: the input digest alone
    pin_dossier_id: Callable | None = None  # writes `ma_ho_so` into the dossier's data at its first issue

    def digests(self, project, doc_id: str) -> tuple[str, str, str | None]:
        """Return (input, data, template) digests of what `doc_id` is built from."""
        whole = self.input_digest(project, doc_id)
        if self.input_parts is None:
            return whole, whole, None
        return (whole, *self.parts(project, doc_id))

    def parts(self, project, doc_id: str) -> tuple[str, str | None]:
        """Return the data and template digests of `doc_id` apart (template None when not told apart)."""
        if self.input_parts is None:
            return self.input_digest(project, doc_id), None
        return self.input_parts(project, doc_id)


def checkpoint(step: str) -> None:
    """Test hook: kill this process with SIGKILL at `step` when KEHOACH_CRASH_AT names it."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def archive_dir(project) -> Path:
    return Path(project.settings.archive_dir)


def register_path(project) -> Path:
    return archive_dir(project) / archive.REGISTER_FILE


def settings_file(project) -> Path:
    return Path(project.data_dir) / SETTINGS_FILE


def open_register(project, *, write: bool = False) -> Register | None:
    """Open the project's register once it is known to belong to its archive and data; None before any issue.

    With `write` (caller holds the writer lock) the register is created on first use, the
    archive's witnesses are brought up to date and the data is bound to the archive. Raise
    KehoachError — naming the file and the way out — when the register is missing, unreadable,
    another archive's, older than its archive, or edited outside kehoach.
    """
    root, path = archive_dir(project), register_path(project)
    seen = witness.survey(root)  # the archive first: whatever it shows is already committed in the register
    bound = archive_binding(project.data_dir)
    if not path.exists() and not path.is_symlink():
        witness.refuse_missing(path, seen, bound, settings_file(project))
        if not write:
            return None
        reg = Register.create(path, uuid.uuid4().hex)
    else:
        reg = Register(path)
    try:
        witness.refuse_unless_agreed(reg, seen, bound, settings_file(project))
        if write:
            witness.catch_up(root, reg, seen.identity)
            if bound is None:
                bind_archive(project.data_dir, reg.archive_id)
    except BaseException:
        reg.close()
        raise
    return reg


@contextmanager
def reading(project) -> Iterator[Register | None]:
    """Hold the register open for reading once it is known sound; None before any issue."""
    reg = open_register(project)
    try:
        yield reg
    finally:
        if reg is not None:
            reg.close()


@contextmanager
def locked(project) -> Iterator[Register]:
    """Hold the writer lock and the register open for writing; refuse first, before anything is created."""
    # A read-only archive folder is said as such: SQLite would only say it cannot open the register.
    archive.check_writable(archive_dir(project))
    with reading(project):
        pass  # a refused register must not even leave a lock file in a new archive folder
    with writer_lock(archive_dir(project)):
        reg = open_register(project, write=True)
        try:
            yield reg
        finally:
            reg.close()


def write_witnesses(project, reg: Register) -> None:
    """Write what the archive has not witnessed yet (after every commit, under the writer lock)."""
    root = archive_dir(project)
    witness.catch_up(root, reg, witness.read_identity(root))


# How long a command waits for another one holding the archive (seconds); tests shorten it.
LOCK_TIMEOUT = 60.0


@contextmanager
def writer_lock(root: Path, wait: bool = True) -> Iterator[bool]:
    """Hold the archive's writer lock; yield False instead of waiting when `wait` is false and it is taken."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(root / archive.LOCK_FILE, timeout=LOCK_TIMEOUT if wait else 0)
        lock.acquire()
    except Timeout:
        if wait:
            raise KehoachError(
                f"Kho lưu {root} đang bị một lệnh khác giữ quá {LOCK_TIMEOUT:g} giây (tệp khóa "
                f"{archive.LOCK_FILE}): có một lần ban hành khác đang chạy. Chờ lệnh đó xong rồi chạy lại; "
                "chưa có gì thay đổi."
            ) from None
        yield False
        return
    except OSError as e:
        raise KehoachError(f"Không mở được thư mục lưu {root} để ghi ({os_reason(e)}); kiểm tra "
                           "thu_muc_luu trong data/cau-hinh.yaml và quyền ghi của thư mục.") from e
    try:
        yield True
    finally:
        lock.release()


# -- what the rest of kehoach asks of the register ------------------------------------------------


def current_issues(project) -> dict[str, Issue]:
    """Return the number and date of every issued document by id (for citations); {} before any issue."""
    with reading(project) as reg:
        return {} if reg is None else _issued_map(reg)


def _issued_map(reg: Register) -> dict[str, Issue]:
    return {e.doc_id: e.issue for e in reg.entries() if e.state == ISSUED and e.doc_id is not None}


def changed_since_issue(project, builder: Builder) -> list[Problem]:
    """Return a warning for each issued document whose inputs changed since it was issued, saying which.

    The build calls this: it rebuilds drafts only, and the clerk must learn the lawful ways out.
    A change the clerk has settled (`kehoach bo-qua`) is not warned about until the inputs change again.
    """
    # A closed dossier (`dong: true`) is not warned about; its issued documents are still verified.
    templates = {d.id: getattr(d, "template", "") for dossier in project.dossiers
                 if not getattr(dossier, "closed", False) for d in dossier.documents}
    with reading(project) as reg:
        issued = [] if reg is None else [e for e in reg.entries() if e.state == ISSUED and e.doc_id in templates]
    warnings = []
    for e in issued:
        data, template = builder.parts(project, e.doc_id)
        known = _accepted(e)
        what = []
        if data != known[0]:
            what.append("dữ liệu")
        if template is not None and known[1] is not None and template != known[1]:
            what.append(f"mẫu {templates[e.doc_id] or 'văn bản'}")
        if what:
            warnings.append(Problem(
                f"văn bản {e.doc_id} đã ban hành (số {e.label}) nhưng {' và '.join(what)} của nó đã thay đổi sau khi "
                "ban hành. Bản gốc đã lưu không bị sửa và không được dựng lại. Nếu nội dung sai: ban hành văn bản "
                f"thay thế (số mới) bằng `kehoach issue {e.doc_id} --thay-the`; nếu chỉ sai thể thức: ban hành "
                "công văn đính chính; nếu văn bản đã ban hành vẫn đúng: ghi quyết định bằng "
                f"`kehoach bo-qua {e.doc_id} --ly-do \"…\"` để thôi nhắc.",
                severity=WARNING,
            ))
    return warnings


def _accepted(e: Entry) -> tuple[str | None, str | None]:
    """Return the (data, template) digests the clerk last accepted for `e`: at issue, or at `bo-qua`."""
    if e.waived_data_sha256 is not None:
        return e.waived_data_sha256, e.waived_template_sha256
    return e.data_sha256 or e.input_sha256, e.template_sha256


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
    with reading(project) as reg:
        for e in reg.entries() if reg is not None else ():
            if e.doc_id is not None:
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


def issue(project, doc_id: str, date: dt.date, *, builder: Builder, replace: bool = False, skip_lint: bool = False,
          make_pdf: bool = True, say: Say) -> Entry:
    """Issue `doc_id` dated `date`: number it, archive the original, register it; return the row.

    With `replace`, issue a new number that replaces the document's current issue. A crashed
    earlier issue of this document is completed instead (same number and date). Raise
    KehoachError when the document is already issued, cites a document not yet issued, fails
    the format check (unless `skip_lint`), or its date would break the register's order.
    """
    dossier, spec = builder.find_document(project, doc_id)
    _check_code(spec.code, dossier)
    with locked(project) as reg:
        resumed = _repair(project, reg, builder, make_pdf, say, stop_on=doc_id)
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
        whole, data_digest, template_digest = builder.digests(project, doc_id)
        request = Request(
            doc_id=doc_id, type_code=spec.type_code, code=spec.code, type_name=spec.type_name,
            summary=spec.summary, signer=spec.signer, recipients=tuple(spec.recipients), date=date,
            input_sha256=whole, note=f"Thay thế văn bản số {live.label}" if replace else "",
            data_sha256=data_digest, template_sha256=template_digest,
        )

        def render(numbered: Issue) -> bytes:
            return builder.render_document(project, doc_id, numbered, issued)

        def pin() -> None:
            if builder.pin_dossier_id is not None:
                builder.pin_dossier_id(dossier)  # last, so a refused issue leaves the clerk's data as it was

        check = FormatCheck(builder.lint_docx, f"Văn bản {doc_id}", "Sửa dữ liệu/mẫu rồi ban hành lại", skip_lint)
        return number_and_archive(project, reg, request, render, check, make_pdf=make_pdf, say=say,
                                  replaces=live if replace else None, before_reserve=pin)


# -- the one way a number is given and its original archived ---------------------------------------

Render = Callable[[Issue], bytes]
FORMAT_OVERRIDE = "Ban hành không qua kiểm tra thể thức ({n} lỗi, --bo-qua-kiem-tra)"


@dataclass(frozen=True)
class FormatCheck:
    """The ND 30 check a document passes before it is numbered, and how a refusal names it."""

    lint_docx: Callable | None  # the checker: (path, pages=) → findings; None (a fake in tests): no check
    name: str  # the document as messages name it: "Văn bản son-giang-2024/ke-hoach", "Công văn đính chính"
    fix: str  # how the clerk corrects it: "Sửa văn bản trong Word rồi chạy lại"
    skip: bool = False  # --bo-qua-kiem-tra: numbered all the same, and the register notes it
    file: str | None = None  # the clerk's own file the findings are about, when there is one


def number_and_archive(project, reg: Register, request: Request, render: Render, check: FormatCheck, *,
                       make_pdf: bool, say: Say, replaces: Entry | None = None,
                       before_reserve: Callable[[], None] = lambda: None) -> Entry:
    """Give `request` the next number, archive what `render` makes with it (and its PDF), mark it issued; return it.

    The caller holds the writer lock. Everything that can refuse — the register's order, the
    format check, the archive's room — is asked with the number the register would give, before
    any number is taken; `before_reserve` runs last, just before (it may change the clerk's data).
    Should the number taken differ from that one, the document is rendered again with it.
    """
    series = project.settings.series
    reg.precheck(request, series, replaces=replaces)
    provisional = Issue(DocNumber(reg.peek_number(request, series), request.code), request.date,
                        replaces=replaces.issue if replaces else None)
    data = render(provisional)
    pdf_bytes, pages = render_pdf(data, say) if make_pdf else (None, None)
    note = format_gate(check, data, pages)
    if note:
        request = dataclasses.replace(request, note="; ".join(filter(None, [request.note, note])))
    archive.check_room(archive_dir(project), archive.relative_path(provisional, ".docx"),
                       len(data) + len(pdf_bytes or b""))
    before_reserve()
    say(f"{check.name} sẽ nhận số {provisional.number}, ngày {table_date(request.date)}.")
    entry = reg.reserve(request, series, replaces=replaces)
    write_witnesses(project, reg)
    checkpoint("after-reserve")
    if entry.issue != provisional:  # numbered outside kehoach meanwhile: never archive a wrong number
        data = render(Issue(entry.number, entry.date, replaces=provisional.replaces))
        pdf_bytes = render_pdf(data, say)[0] if pdf_bytes is not None else None
    return _archive(project, reg, entry, data, False, say, pdf_bytes)


def format_gate(check: FormatCheck, data: bytes, pages: int | None) -> str:
    """Return the register's note when `data`'s format errors are overridden, "" when it has none.

    Raise KehoachError with every error otherwise (nothing is numbered). `pages` is the page
    count of a rendering when one was made (else the checker estimates it).
    """
    if check.lint_docx is None:
        return ""
    with tempfile.TemporaryDirectory(prefix="kehoach-kiem-tra-") as tmp:
        path = Path(tmp) / "van-ban.docx"
        path.write_bytes(data)
        errors = [f for f in check.lint_docx(path, pages=pages) if f.is_error]
    if not errors:
        return ""
    if check.skip:
        return FORMAT_OVERRIDE.format(n=len(errors))
    raise KehoachError([Problem(str(f), file=check.file) for f in errors] + [Problem(
        f"{check.name} có {len(errors)} lỗi thể thức nên chưa được cấp số (chưa có gì thay đổi). {check.fix}, "
        "hoặc thêm --bo-qua-kiem-tra nếu người ký đã chấp thuận (sổ sẽ ghi chú việc này).")])


def render_pdf(data: bytes, say: Say) -> tuple[bytes | None, int | None]:
    """Return the PDF LibreOffice makes of the .docx `data` and its page count; (None, None), said why, otherwise."""
    if pdf.find_libreoffice() is None:
        say(f"Lưu ý: {pdf.INSTALL_HINT} Văn bản được lưu bản .docx, không có bản PDF.")
        return None, None
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        source = Path(tmp) / "van-ban.docx"
        source.write_bytes(data)
        try:
            (made,) = pdf.convert_to_pdf([source], Path(tmp) / "pdf")
        except KehoachError as e:
            say(f"Lưu ý: không tạo được bản PDF ({'; '.join(p.message for p in e.problems)}); "
                "văn bản được lưu bản .docx.")
            return None, None
        rendered = made.read_bytes()
    return rendered, pdf.pdf_pages(rendered)


def archive_pdf(root: Path, rel: str, wanted: bool, say: Say, rendered: bytes | None = None
                ) -> tuple[str | None, str | None]:
    """Archive the PDF beside the .docx original `rel`; return its path and SHA-256, or (None, None).

    A PDF already there (an interrupted run wrote it) is kept; else `rendered` is written, or,
    when `wanted`, one is made from the archived .docx where LibreOffice is installed.
    """
    pdf_rel = rel[: -len(".docx")] + ".pdf"
    if (root / pdf_rel).exists():
        return pdf_rel, archive.sha256_file(root / pdf_rel)
    if rendered is None and wanted:
        rendered, _ = render_pdf((root / rel).read_bytes(), say)
    if rendered is None:
        return None, None
    return pdf_rel, archive.write_original(root, pdf_rel, rendered)


def _archive(project, reg: Register, entry: Entry, data: bytes | None, make_pdf: bool, say: Say,
             rendered_pdf: bytes | None = None) -> Entry:
    """Archive `data` as the .docx original of pending `entry` (None: it is archived whole already), its PDF
    beside it, and mark the row issued."""
    root = archive_dir(project)
    rel = archive.relative_path(entry.issue, ".docx")
    if data is None:
        # Only a finished write gets the final name (link after fsync), so the file is whole.
        digest = archive.sha256_file(root / rel)
    else:
        digest = archive.write_original(root, rel, data, before_link=lambda: checkpoint("after-write"))
    checkpoint("after-rename")
    pdf_rel, pdf_digest = archive_pdf(root, rel, make_pdf, say, rendered_pdf)
    checkpoint("after-pdf")
    done = reg.finish(entry, rel, digest, pdf_rel, pdf_digest)
    write_witnesses(project, reg)
    return done


def resume(project, reg: Register, digest: str, render: Render, *, make_pdf: bool, say: Say) -> Entry | None:
    """Complete the crashed issue of the document kehoach did not make from a dossier whose input digest is
    `digest`, with its reserved number and date; None when there is none."""
    for entry in reg.pending():
        if entry.doc_id is None and entry.input_sha256 == digest:
            return complete(project, reg, entry, render(entry.issue), make_pdf=make_pdf, say=say)
    return None


def complete(project, reg: Register, entry: Entry, data: bytes | None, *, make_pdf: bool = False,
             say: Say) -> Entry:
    """Archive `data` as the original of pending `entry`, a document kehoach did not make from a dossier, and
    mark it issued. None: its original is archived already, or kept outside the archive (on paper)."""
    origin = (reg.event(entry.rowid).data.get("origin") or {})
    suffix = origin.get("original")
    if suffix is None:  # the original is kept on paper or in another system
        done = reg.finish(entry, None, None)
        write_witnesses(project, reg)
        return done
    root = archive_dir(project)
    rel = archive.relative_path(entry.issue, suffix)
    if data is None and not (root / rel).exists():
        source = f" từ tệp {origin['source']}" if origin.get("source") else ""
        raise KehoachError(
            f"Văn bản số {entry.label}{source} đã được giữ số nhưng chưa lưu bản gốc. Chạy lại đúng lệnh "
            f"đã cấp số này (`kehoach {origin.get('command', 'vao-so')}` với tệp đó) để hoàn tất với đúng số "
            f"và ngày, hoặc hủy số: `kehoach cancel --so {entry.number} --nam {entry.year} --ly-do \"…\"`.")
    if suffix == ".docx":
        return _archive(project, reg, entry, data, make_pdf, say)
    # A signed PDF or a scan the clerk gave: it is the original, with nothing beside it.
    if data is None:
        digest = archive.sha256_file(root / rel)
    else:
        digest = archive.write_original(root, rel, data, before_link=lambda: checkpoint("after-write"))
    checkpoint("after-rename")
    done = reg.finish(entry, rel, digest, None, None)
    write_witnesses(project, reg)
    return done


def _check_code(code: str, dossier=None) -> None:
    """Raise KehoachError when `code` cannot be a ký hiệu; it names the archived file, so check it first."""
    why = code_problem(code)
    if why is None:
        return
    folder = getattr(dossier, "folder", None)
    raise KehoachError(Problem(
        f"ký hiệu “{shown(code)}” {why}. Ký hiệu ghép từ “loai” của văn bản và “ky_hieu” của cơ quan "
        "(co-quan.yaml); sửa dữ liệu rồi ban hành lại — chưa số nào được cấp.",
        file=str(Path(folder) / "co-quan.yaml") if folder else None, field="ky_hieu"))


def _complete(project, reg: Register, entry: Entry, builder: Builder | None, make_pdf: bool, say: Say) -> Entry:
    """Finish the crashed issue `entry` with its number and date: archive its original (rendering one of
    kehoach's own documents again with `builder` when it was not written) and mark it issued."""
    _check_code(entry.number.code)
    if entry.doc_id is None:
        return complete(project, reg, entry, None, say=say)
    data = None
    if not (archive_dir(project) / archive.relative_path(entry.issue, ".docx")).exists():
        if builder is None:
            raise TypeError("completing an issue of one of kehoach's documents needs a Builder")
        if builder.input_digest(project, entry.doc_id) != entry.input_sha256:
            raise KehoachError(
                f"Văn bản {entry.doc_id} đã được giữ số {entry.label} nhưng chưa lưu bản gốc, và dữ liệu đã "
                "thay đổi từ lúc giữ số nên không dựng lại đúng văn bản đã ký được. Khôi phục dữ liệu như lúc "
                f"ban hành rồi chạy lại `kehoach verify --sua`, hoặc hủy số này bằng "
                f"`kehoach cancel --so {entry.number} --nam {entry.year} --ly-do \"…\"`."
            )
        replaced = reg.entry(entry.replaces).issue if entry.replaces is not None else None
        data = builder.render_document(project, entry.doc_id, Issue(entry.number, entry.date, replaces=replaced),
                                       _issued_map(reg))
    return _archive(project, reg, entry, data, make_pdf, say)


def _repair(project, reg: Register, builder: Builder | None, make_pdf: bool, say: Say,
            stop_on: str | None = None) -> Entry | None:
    """Undo what crashed issues left (caller holds the writer lock); return `stop_on`'s row if completed.

    Temporary files are removed; pending rows are completed with their number and date. A row
    that cannot be completed is reported through `say` — unless it is `stop_on`'s, which raises.
    """
    temps, _ = archive.stray_files(archive_dir(project), set())
    for tmp in temps:
        archive.remove_file(tmp)
        say(f"Đã xóa tệp tạm {tmp} của lần ban hành bị ngắt.")
    resumed = None
    for entry in reg.pending():
        try:
            done = _complete(project, reg, entry, builder, make_pdf, say)
        except KehoachError:
            if stop_on is not None and entry.doc_id == stop_on:
                raise
            say(f"Văn bản số {entry.label} ({_name(entry)}) vẫn đang ban hành dở; xem `kehoach verify`.")
            continue
        say(f"Đã hoàn tất văn bản ban hành dở: số {done.label} ({_name(done)}).")
        if stop_on is not None and done.doc_id == stop_on:
            resumed = done
    return resumed


# -- cancel ----------------------------------------------------------------------------------


def cancel(project, reason: str, *, doc_id: str | None = None, number: DocNumber | None = None,
           year: int | None = None) -> Entry:
    """Cancel the live issue of `doc_id`, or the row `number` of `year`; the number is never reused."""
    with locked(project) as reg:
        if doc_id is not None:
            entry = reg.live_entry(doc_id)
            if entry is None:
                raise KehoachError(f"Văn bản {doc_id} chưa ban hành nên không có số để hủy.")
        else:
            entry = reg.find(number.number, number.code, year)
            if entry is None:
                raise KehoachError(f"Sổ năm {year} không có văn bản số {number}.")
        # The log says first where the originals go (`da-huy/`), then they are moved: a crash in between
        # is finished by `verify --sua`, and the archive never disagrees with the register for long.
        moved = None
        if entry.file_path is not None:
            moved = (archive.cancelled_path(entry.file_path),
                     archive.cancelled_path(entry.pdf_path) if entry.pdf_path else None)
        done = reg.cancel(entry, reason, moved)
        write_witnesses(project, reg)
        finish_moves(archive_dir(project), [done])
        return done


def finish_moves(root: Path, entries: list[Entry]) -> list[str]:
    """Move the originals of cancelled rows into `da-huy/` where the register says they are; return what moved."""
    done = []
    for e in entries:
        if e.state != CANCELLED:
            continue
        for rel in (e.file_path, e.pdf_path):
            if rel and f"/{archive.CANCELLED_DIR}/" in rel and \
                    archive.move_original(root, archive.uncancelled_path(rel), rel):
                done.append(f"Đã chuyển bản gốc của văn bản số {e.label} (đã hủy) vào {Path(root) / rel}.")
    return done


def waive(project, doc_id: str, reason: str, builder: Builder) -> Entry:
    """Record that the issued `doc_id` stands although its inputs changed (`kehoach bo-qua`); return its row."""
    builder.find_document(project, doc_id)
    with locked(project) as reg:
        entry = reg.live_entry(doc_id)
        if entry is None or entry.state != ISSUED:
            raise KehoachError(f"Văn bản {doc_id} chưa ban hành nên không có cảnh báo nào để bỏ qua.")
        data, template = builder.parts(project, doc_id)
        accepted = _accepted(entry)
        if data == accepted[0] and template in (None, accepted[1]):
            raise KehoachError(f"Dữ liệu và mẫu của {doc_id} không thay đổi từ lần ban hành (hoặc lần bỏ qua) "
                               "trước; không có gì để ghi.")
        done = reg.waive(entry, data, template, reason)
        write_witnesses(project, reg)
        return done


def parse_number(text: str) -> DocNumber:
    """Parse `05/KH-UBND`; raise KehoachError with the expected form otherwise."""
    head, sep, code = text.strip().partition("/")
    if not sep or not (head.isascii() and head.isdigit()) or len(head) > 6 or int(head) < 1 or not code or " " in code:
        raise KehoachError(f"“{text}” không phải số và ký hiệu văn bản (ví dụ 05/KH-UBND).")
    return DocNumber(int(head), code)


# -- verify ----------------------------------------------------------------------------------


def verify(project, *, repair: bool = False, make_pdf: bool = True, builder: Builder | None = None,
           say: Say) -> list[Problem]:
    """Return every problem of the register and the archive; with `repair`, first fix what can be fixed.

    Repairable: crashed issues (completed with their reserved number and date), temporary files
    left by an interrupted write, witnesses the archive has not written yet. Never repaired: a
    changed, missing or writable original, a register edited outside kehoach or older than its
    archive (that is `rebuild`'s work). A crashed issue of one of kehoach's own documents is rendered
    again with `builder`. Raise KehoachError when there is no register to check
    although the archive or the data says there was one, or the register file is unreadable.
    """
    root, path = archive_dir(project), register_path(project)
    if not path.exists() and not path.is_symlink():
        witness.refuse_missing(path, witness.survey(root), archive_binding(project.data_dir),
                               settings_file(project))
        return []
    with writer_lock(root, wait=repair) as locked:
        seen = witness.survey(root)
        with Register(path) as reg:
            problems = witness.disagreements(reg, seen, archive_binding(project.data_dir), settings_file(project))
            if repair and not problems and not reg.faults():
                _repair(project, reg, builder, make_pdf, say)
                for message in finish_moves(root, reg.derived_entries()) + witness.repair(root, reg):
                    say(message)
                seen = witness.survey(root)
            return problems + _problems(seen, reg, crashed=locked)


def _name(entry: Entry) -> str:
    """Return how messages name a row's document: its id, or its type for a document kehoach did not make."""
    return entry.doc_id or entry.type_name.lower()


def _problems(seen: witness.Survey, reg: Register, crashed: bool) -> list[Problem]:
    root = seen.root
    problems = reg.check()
    found, known = witness.compare(reg, seen, crashed)
    problems += found
    for e in reg.derived_entries():
        what = f"Văn bản số {e.label} ({_name(e)})"
        if e.state == PENDING:
            known.update(archive.relative_path(e.issue, s) for s in (".docx", ".pdf"))
            if not crashed:
                problems.append(Problem(f"{what} đang được một tiến trình khác ban hành.", severity=WARNING))
                continue
            stage = ("bản gốc đã lưu nhưng sổ chưa ghi xong"
                     if any((root / archive.relative_path(e.issue, s)).exists() for s in (".docx", ".pdf"))
                     else "đã giữ số nhưng chưa lưu bản gốc")
            again = f"`kehoach issue {e.doc_id}`" if e.doc_id else "chạy lại lệnh đã cấp số này"
            problems.append(Problem(
                f"{what}: lần ban hành bị ngắt ({stage}). Chạy `kehoach verify --sua` hoặc "
                f"{again} để hoàn tất với đúng số và ngày này."))
            continue
        if e.file_path is None and (e.state == CANCELLED or e.doc_id is None):
            continue  # cancelled before its original was archived, or an original kept on paper
        unmoved = [rel for rel in (e.file_path, e.pdf_path) if rel and f"/{archive.CANCELLED_DIR}/" in rel
                   and not (root / rel).exists() and (root / archive.uncancelled_path(rel)).exists()]
        if unmoved:
            known.update(archive.uncancelled_path(rel) for rel in unmoved)
            problems.append(Problem(f"{what} đã hủy nhưng bản gốc chưa được chuyển vào thư mục "
                                    f"{archive.CANCELLED_DIR}/ (lần hủy bị ngắt). Chạy `kehoach verify --sua`."))
            continue
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


# -- rebuild -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rebuilt:
    """What `rebuild` did: the rows it restored, and where the old register file was put aside."""

    entries: list[Entry]
    events: int
    set_aside: list[Path]


def rebuild(project) -> Rebuilt:
    """Rebuild the register from the archive's witnesses (`kehoach verify --dung-lai`) and put it in place.

    The rebuilt register holds the very events the lost one held (same hashes), so its rows are
    the same, column for column. The old file, if any, is kept beside it under another name.
    Raise KehoachError when the register is sound (nothing to rebuild), or the witnesses do not
    make one whole chain.
    """
    root, path = archive_dir(project), register_path(project)
    if not root.is_dir():
        raise KehoachError(f"Không có thư mục lưu {root}; không có gì để dựng lại sổ từ đó.")
    with writer_lock(root):
        if legacy.schema_version(path) == 1 and not witness.survey(root).witnesses:
            archive_id = archive_binding(project.data_dir) or uuid.uuid4().hex
            log = legacy.legacy_log(path, archive_id)  # an upgrade: the old register is the only witness
        else:
            archive_id, log = witness.witnessed_log(root)
        bound = archive_binding(project.data_dir)
        if bound is not None and bound != archive_id:
            raise KehoachError(Problem(
                f"dữ liệu đã gắn với kho lưu mã {bound}, nhưng thư mục lưu {root} là kho lưu mã {archive_id}; "
                "không dựng lại sổ của kho lưu khác. Sửa thu_muc_luu về đúng kho lưu của dữ liệu này.",
                file=str(settings_file(project)), field="ma_kho_luu"))
        _refuse_needless_rebuild(path, archive_id, log)
        tmp = root / f"{archive.TEMP_PREFIX}dung-lai-{uuid.uuid4().hex}.sqlite3"
        try:
            with Register.create(tmp, archive_id) as fresh:
                fresh.adopt(log)
                faults = fresh.faults()
                if faults:
                    raise KehoachError(faults + [Problem("Sổ dựng lại không tự kiểm tra được; sổ cũ giữ nguyên.")])
            aside = set_aside(path)
            archive.link_new(tmp, path)
        finally:
            archive.remove_file(tmp)
        archive.fsync_dir(root)
        with Register(path) as reg:
            witness.catch_up(root, reg, None)  # rewrites identical witnesses as they are; writes missing ones
            if bound is None:
                bind_archive(project.data_dir, archive_id)
            return Rebuilt(reg.entries(), len(log), aside)


def _refuse_needless_rebuild(path: Path, archive_id: str, log: list) -> None:
    """Raise KehoachError when the current register is sound and holds at least what the archive holds."""
    try:
        reg = Register(path)
    except KehoachError:
        return  # missing or unreadable: rebuilding is the way out
    with reg:
        if reg.archive_id != archive_id or reg.faults():
            return
        mine = reg.events()
    if mine[:len(log)] != log:
        return
    if len(mine) == len(log):
        raise KehoachError(f"Sổ đăng ký {path} vẫn nguyên vẹn và khớp kho lưu; không cần dựng lại. "
                           "Chạy `kehoach verify` để kiểm tra sổ và kho lưu.")
    raise KehoachError(f"Sổ đăng ký {path} có {len(mine) - len(log)} sự kiện mới hơn kho lưu (kho lưu chưa ghi bù); "
                       "không dựng lại để khỏi mất chúng. Chạy `kehoach verify --sua` để ghi bù vào kho lưu.")


def set_aside(path: Path) -> list[Path]:
    """Rename the old register (and its SQLite side files) out of the way, never deleting it."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = []
    for suffix in ("", "-wal", "-shm", "-journal"):
        old = Path(f"{path}{suffix}")
        if old.exists() or old.is_symlink():
            new = old.with_name(f"{path.name}.hong-{stamp}{suffix}")
            n = 1
            while new.exists():
                n += 1
                new = old.with_name(f"{path.name}.hong-{stamp}-{n}{suffix}")
            old.rename(new)
            moved.append(new)
    return moved


def register_rows(project, year: int) -> list[tuple[Entry, str]]:
    """Return the rows of `year` with their ghi chú (column 10), in register order."""
    with reading(project) as reg:
        return [] if reg is None else [(e, remarks(e, reg)) for e in reg.entries(year)]


def register_years(project) -> list[int]:
    with reading(project) as reg:
        return [] if reg is None else reg.years()


def year_rows(project, year: int | None) -> tuple[int, list[tuple[Entry, str]]]:
    """Return `year` (default: the latest year the register holds, else this year) and its rows with ghi chú."""
    years = register_years(project)
    year = year or (years[-1] if years else dt.date.today().year)
    return year, register_rows(project, year) if year in years else []
