"""The rest of an issued document's life in the register: sent (columns 8 and 9), cited by later documents
when it is replaced, corrected by a công văn đính chính.

Each change is an event of the register's log (`send`, `note`, and the correction's own `reserve` +
`finish`), taken under the archive's writer lock and witnessed in the archive.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from ..errors import KehoachError
from ..rules.numbering import DocNumber, Issue, code_problem
from ..rules.vn import short_date
from . import issuing
from .intake import LETTER, LETTER_SERIES
from .store import CANCELLED, ISSUED, REPLACED, Entry, Register, Request


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


@dataclass(frozen=True)
class Letters:
    """How the body writes a công văn đính chính, passed in from above the register (`pipeline.correction_letters`).

    `draft(row, corrections, addressees, code, issue, date)` returns the letter correcting `row` as a
    document model (its `summary`, `signer`, `recipients`; no number of its own when `issue` is None);
    `render(model)` returns its .docx bytes; `lint_docx` is the format checker (None: no check).
    """

    draft: Callable
    render: Callable[..., bytes]
    lint_docx: Callable | None = None


def correct(project, number: DocNumber, year: int | None, content: list[str], date: dt.date, *, code: str,
            letters: Letters, recipients: tuple[str, ...] | None = None, skip_lint: bool = False,
            make_pdf: bool = True, say: issuing.Say) -> tuple[Entry, Entry]:
    """Issue a công văn đính chính (ký hiệu `code`) for a format error in row `number`; return (corrected row, new row).

    The letter has its own number in the register's series, cites the corrected document, is sent to
    that document's recipients, and the corrected row's ghi chú says it was corrected. Raise
    KehoachError when the row is not issued, or the letter fails the format check (unless `skip_lint`).
    """
    texts = [" ".join(t.split()) for t in content if t.strip()]
    if not texts:
        raise KehoachError("Cần nội dung đính chính: --noi-dung \"Tại …, đã ghi …; nay đính chính là …\".")
    why = code_problem(code)
    if why is not None:
        raise KehoachError(f"Ký hiệu công văn “{code}” {why}. Ghi bằng --ky-hieu, ví dụ UBND-VP.")
    with issuing.locked(project) as reg:
        target = find_row(reg, number, year)
        if target.state != ISSUED:
            raise KehoachError(f"Văn bản số {target.label} {target.state_name}; chỉ đính chính văn bản đang có "
                               "hiệu lực (đã ban hành).")
        if date < target.date:
            raise KehoachError(f"Công văn đính chính không thể ký trước văn bản được đính chính ({target.label}).")
        sent_to = recipients or tuple(r for r in target.recipients if not r.startswith("Lưu:"))
        digest = hashlib.sha256(repr((target.rowid, texts, code, sent_to, date.isoformat())).encode()).hexdigest()
        letter = letters.draft(target, texts, sent_to, code, None, date)
        request = Request(
            doc_id=None, type_code=LETTER_SERIES, code=code, type_name=LETTER, summary=letter.summary,
            signer=letter.signer, recipients=tuple(letter.recipients), date=date, input_sha256=digest,
            note=f"Đính chính văn bản số {target.label}",
            origin={"kind": "dinh-chinh", "original": ".docx", "command": "dinh-chinh", "row": target.rowid},
        )

        def render(numbered: Issue) -> bytes:
            return letters.render(letters.draft(target, texts, sent_to, code, numbered, date))

        check = issuing.FormatCheck(letters.lint_docx, "Công văn đính chính",
                                    "Sửa nội dung đính chính hoặc mẫu cong-van.docx rồi chạy lại", skip_lint)
        done = _issue_letter(project, reg, request, render, check, make_pdf, say)
        target = reg.entry(target.rowid)
        mark = f"Đã đính chính bằng công văn số {done.label}"
        if mark not in target.note:
            target = reg.annotate(target, mark)
        issuing.write_witnesses(project, reg)
    return target, done


def _issue_letter(project, reg: Register, request: Request, render: issuing.Render, check: issuing.FormatCheck,
                  make_pdf: bool, say) -> Entry:
    """Number, render, check and archive a letter kehoach writes for the register itself (doc id empty)."""
    resumed = issuing.resume(project, reg, request.input_sha256, render, make_pdf=make_pdf, say=say)
    if resumed is not None:
        say(f"Đã hoàn tất công văn bị ngắt: số {resumed.label}.")
        return resumed
    for entry in reg.entries():
        if entry.doc_id is None and entry.input_sha256 == request.input_sha256 and entry.state != CANCELLED:
            return entry  # issued by an earlier run: only its note may be missing
    return issuing.number_and_archive(project, reg, request, render, check, make_pdf=make_pdf, say=say)
