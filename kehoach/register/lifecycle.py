"""The rest of an issued document's life in the register: sent (columns 8 and 9), cited by later documents
when it is replaced, corrected by a công văn đính chính.

Each change is an event of the register's log (`send`, `note`, and the correction's own `reserve` +
`finish`), taken under the archive's writer lock and witnessed in the archive.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import KehoachError, Problem
from ..rules.numbering import DocNumber, Issue, code_problem
from ..rules.vn import short_date
from . import archive, issuing
from .store import CANCELLED, ISSUED, PENDING, REPLACED, Entry, Register, Request


def find_row(reg: Register, number: DocNumber, year: int | None) -> Entry:
    """Return the row `number` of `year` (any year when None and only one has it); KehoachError otherwise."""
    if year is not None:
        found = reg.find(number.number, number.code, year)
        if found is None:
            raise KehoachError(f"Sổ năm {year} không có văn bản số {number}.")
        return found
    hits = [e for e in reg.entries() if e.number == number]
    if not hits:
        raise KehoachError(f"Sổ không có văn bản số {number} (năm nào cũng không có).")
    if len(hits) > 1:
        years = ", ".join(str(e.year) for e in hits)
        raise KehoachError(f"Số {number} có trong sổ các năm {years}; ghi năm bằng --nam.")
    return hits[0]


def send(project, number: DocNumber, year: int | None, sent_date: dt.date, received_by: str) -> tuple[Entry, Entry]:
    """Record columns (8) ngày chuyển and (9) ký nhận of row `number`; return (row before, row after).

    Raise KehoachError when the row is not issued or the date is before the document's own date.
    """
    received_by = " ".join(received_by.split())
    if not received_by:
        raise KehoachError("Cần ghi người ký nhận (--ky-nhan \"Họ tên\").")
    with issuing.locked(project) as reg:
        entry = find_row(reg, number, year)
        if sent_date < entry.date:
            raise KehoachError(f"Ngày chuyển {short_date(sent_date)} sớm hơn ngày của văn bản số {entry.label}.")
        done = reg.send(entry, sent_date, received_by)
        issuing.write_witnesses(project, reg)
    return entry, done


@dataclass(frozen=True)
class Citation:
    """An issued document whose archived text names another document's number."""

    entry: Entry
    where: str  # the sentence (trimmed) that names it


def citing_replaced(project, replacement: Entry) -> tuple[Entry | None, list[Citation]]:
    """Return the row `replacement` replaces and the issued documents whose text cites it (for the clerk)."""
    with issuing.locked(project) as reg:
        if replacement.replaces is None:
            return None, []
        old = reg.entry(replacement.replaces)
        rows = reg.entries()
    return old, _citing(project, old, [e for e in rows if e.rowid != replacement.rowid])


def citing(project, cited: Entry) -> list[Citation]:
    """Return the issued documents of the archive whose text cites `cited` by its number (oldest first).

    Only originals kept as .docx can be read; documents kept on paper are not known here.
    """
    with issuing.locked(project) as reg:
        rows = reg.entries()
    return _citing(project, cited, rows)


def _citing(project, cited: Entry, rows: list[Entry]) -> list[Citation]:
    import docx

    root = issuing.archive_dir(project)
    wanted = str(cited.number)
    found = []
    rows = [e for e in rows if e.rowid != cited.rowid and e.state in (ISSUED, REPLACED)
            and e.date >= cited.date and e.file_path and e.file_path.endswith(".docx")]
    for e in rows:
        path = root / e.file_path
        try:
            document = docx.Document(str(path))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError):
            continue  # a damaged or missing original is verify's to report, not this list's
        texts = [p.text for p in document.paragraphs]
        texts += [p.text for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs]
        hit = next((t for t in texts if wanted in t and not t.strip().startswith("Số:")), None)
        if hit is not None:
            start = max(hit.find(wanted) - 60, 0)
            found.append(Citation(e, ("…" if start else "") + hit[start:hit.find(wanted) + len(wanted) + 40].strip()))
    return found


# -- correction letters ------------------------------------------------------------------------------


def correct(project, number: DocNumber, year: int | None, content: list[str], date: dt.date, *, code: str | None,
            recipients: tuple[str, ...] | None = None, skip_lint: bool = False, make_pdf: bool = True,
            say=print) -> tuple[Entry, Entry]:
    """Issue a công văn đính chính for a format error in row `number`; return (corrected row, new row).

    The letter has its own number in the register's series, cites the corrected document, is sent to
    that document's recipients, and the corrected row's ghi chú says it was corrected. Raise
    KehoachError when the row is not issued, or the letter fails the format check (unless `skip_lint`).
    """
    from ..documents.correction import correction_letter
    from ..pipeline import load_project
    from ..render.docx import render_docx
    from .intake import LETTER, LETTER_SERIES

    texts = [" ".join(t.split()) for t in content if t.strip()]
    if not texts:
        raise KehoachError("Cần nội dung đính chính: --noi-dung \"Tại …, đã ghi …; nay đính chính là …\".")
    org = _organisation(load_project, project)
    code = code or f"{org.code}-VP"
    why = code_problem(code)
    if why is not None:
        raise KehoachError(f"Ký hiệu công văn “{code}” {why}. Ghi bằng --ky-hieu, ví dụ UBND-VP.")
    template = _template(project)
    with issuing.locked(project) as reg:
        target = find_row(reg, number, year)
        if target.state != ISSUED:
            raise KehoachError(f"Văn bản số {target.label} {target.state_name}; chỉ đính chính văn bản đang có "
                               "hiệu lực (đã ban hành).")
        if date < target.date:
            raise KehoachError(f"Công văn đính chính không thể ký trước văn bản được đính chính ({target.label}).")
        sent_to = recipients or tuple(r for r in target.recipients if not r.startswith("Lưu:"))
        digest = hashlib.sha256(repr((target.rowid, texts, code, sent_to, date.isoformat())).encode()).hexdigest()
        note = f"Đính chính văn bản số {target.label}"
        request = Request(
            doc_id=None, type_code=LETTER_SERIES, code=code, type_name=LETTER, summary="", signer=org.signer.name,
            recipients=("Như trên", f"Lưu: VT, {code.rsplit('-', 1)[-1]}"), date=date, input_sha256=digest, note=note,
            origin={"kind": "dinh-chinh", "original": ".docx", "command": "dinh-chinh", "row": target.rowid},
        )

        def render(issue: Issue | None) -> bytes:
            model = correction_letter(org, _cited(target), texts, sent_to, code, issue, date)
            return render_docx(template, model.context, when=date, title=f"Công văn {model.summary}",
                               author=org.short_name)

        letter = correction_letter(org, _cited(target), texts, sent_to, code, None, date)
        request = Request(**{**request.__dict__, "summary": letter.summary})
        done = _issue_letter(project, reg, request, render, skip_lint, make_pdf, say)
        target = reg.entry(target.rowid)
        mark = f"Đã đính chính bằng công văn số {done.label}"
        if mark not in target.note:
            target = reg.annotate(target, mark)
        issuing.write_witnesses(project, reg)
    return target, done


def _cited(entry: Entry):
    from ..documents.correction import Cited

    return Cited(entry.type_name, entry.number, entry.date, entry.summary)


def _organisation(load_project, project):
    """Return the issuing body as the first dossier's co-quan.yaml describes it (the letter's header, signer)."""
    dossiers = load_project(project.data_dir).dossiers
    if not dossiers:
        raise KehoachError(Problem("cần một hồ sơ có co-quan.yaml để biết cơ quan ban hành và người ký công văn",
                                   file=str(project.data_dir)))
    return dossiers[0].data.organisation


def _template(project) -> Path:
    from ..documents.correction import TEMPLATE

    own = Path(project.settings.templates_dir) / TEMPLATE
    if own.is_file():
        return own
    bundled = Path(__file__).resolve().parents[2] / "templates" / TEMPLATE
    if bundled.is_file():
        return bundled
    raise KehoachError(Problem(f"không có mẫu {TEMPLATE}; chép tệp này từ thư mục templates của kehoach",
                               file=str(own)))


def _issue_letter(project, reg: Register, request: Request, render, skip_lint: bool, make_pdf: bool, say) -> Entry:
    """Number, render, check and archive a letter kehoach writes for the register itself (doc id empty)."""
    from .intake import lint_gate, render_pdf

    for entry in reg.entries():
        if entry.doc_id is None and entry.input_sha256 == request.input_sha256 and entry.state != CANCELLED:
            if entry.state == PENDING:
                done = issuing.complete(project, reg, entry, render(entry.issue))
                say(f"Đã hoàn tất công văn bị ngắt: số {done.label}.")
                return done
            return entry  # issued by an earlier run: only its note may be missing
    series = project.settings.series
    reg.precheck(request, series)
    provisional = Issue(DocNumber(reg.peek_number(request, series), request.code), request.date)
    data = render(provisional)
    with tempfile.TemporaryDirectory(prefix="kehoach-dinh-chinh-") as tmp:
        pdf_bytes, pages = render_pdf(data, Path(tmp), make_pdf, say)
        note = lint_gate(data, Path(tmp), pages, skip_lint, Path("cong-van-dinh-chinh.docx"),
                         "Sửa nội dung đính chính hoặc mẫu cong-van.docx rồi chạy lại")
    if note:
        request = Request(**{**request.__dict__, "note": f"{request.note}; {note}"})
    root = issuing.archive_dir(project)
    archive.check_room(root, archive.relative_path(provisional, ".docx"), len(data))
    say(f"Công văn đính chính sẽ nhận số {provisional.number}, ngày {request.date:%d/%m/%Y}.")
    entry = reg.reserve(request, series)
    issuing.write_witnesses(project, reg)
    issuing.checkpoint("after-reserve")
    if entry.issue != provisional:
        data, pdf_bytes = render(entry.issue), None
    if pdf_bytes is not None:
        archive.write_original(root, archive.relative_path(entry.issue, ".pdf"), pdf_bytes)
    return issuing.complete(project, reg, entry, data)

