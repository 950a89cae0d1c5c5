"""Documents kehoach did not make enter the one register: a Word file issued here, or a number given elsewhere.

`issue_word` takes a document drafted in Word with its number and day blank: it reads the type,
trích yếu, signer and Nơi nhận from the document (lint/structure.py finds the parts), checks the
format (refused on errors unless the clerk overrides, which the register notes), takes the next
number of the series, writes number and day into the file (stamping.py: nothing else changes),
archives it read-only with a PDF where LibreOffice is installed, and records the row.
`record_outside` records a number given on paper or in the province's e-office system, with its
signed PDF or scan as the original when there is one; numbering goes on after it.

Both are ordinary `reserve` + `finish` events of the register's log (doc id empty, `origin` in the
event data), under the archive's writer lock, witnessed in the archive like every other row. A
crash between the two leaves a pending row that rerunning the same command completes with the same
number and date.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KehoachError, Problem
from ..rules.doc_types import TYPE_NAMES
from ..rules.header_lines import MONTH_YEAR, NUMBER_CODE
from ..rules.numbering import (
    DocNumber,
    Issue,
    code_problem,
    format_number,
    issue_date,
    shown,
)
from . import archive, issuing
from .stamping import stamp
from .store import PENDING, Entry, Register, Request

# Công văn have no type code (Phụ lục III); under per-type numbering they share one series of their own.
LETTER_SERIES = "CV"
LETTER = "Công văn"
WORD_FIX = "Sửa văn bản trong Word rồi chạy lại"
ORIGINAL_SUFFIXES = (".pdf", ".docx")
_TRAILING = re.compile(r"[;.,]+$")

Say = issuing.Say


@dataclass(frozen=True)
class WordDocument:
    """What the register needs from a Word document, as read from the document itself."""

    path: Path
    data: bytes = field(repr=False)
    type_code: str | None  # "QĐ"; None for a công văn
    type_name: str         # "Quyết định", "Công văn"
    code: str              # ký hiệu as printed: "QĐ-UBND", "UBND-VP"
    summary: str
    signer: str
    recipients: tuple[str, ...]  # Nơi nhận items without dash and end mark, "Lưu: VT, VP" last
    month: int | None      # of the draft's date line, when written
    year: int | None

    @property
    def series_code(self) -> str:
        return self.type_code or LETTER_SERIES

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def type_of_code(code: str) -> tuple[str | None, str]:
    """Return (type code, type name) a ký hiệu shows: `QĐ-UBND` → (QĐ, Quyết định), `UBND-VP` → công văn."""
    first = code.split("-")[0]
    return (first, TYPE_NAMES[first]) if first in TYPE_NAMES else (None, LETTER)


def read_word(path: Path) -> WordDocument:
    """Return what the register needs from the Word document at `path`.

    Raise KehoachError naming each part that cannot be found (title or V/v, Số line, signer, Nơi nhận).
    """
    from ..lint.checker import open_docx
    from ..lint.structure import locate, type_code_of

    path = Path(path)
    parts = locate(open_docx(path))
    where = str(path)
    problems = []
    code = None
    if parts.number is None:
        problems.append(Problem("không thấy dòng «Số:      /…» ở phần đầu văn bản", file=where))
    else:
        m = NUMBER_CODE.match(" ".join(parts.number.text.split()))
        code = _TRAILING.sub("", m.group(1)) if m else None
        if code is None:
            problems.append(Problem(f"dòng «{shown(parts.number.text, 60)}» không có ký hiệu sau dấu «/»", file=where))
    if parts.title is not None:
        type_code = type_code_of(parts.title.text)
        type_name = " ".join(parts.title.text.split()).capitalize()
        summary = " ".join(" ".join(ln.text for ln in parts.summary).split())
        if type_code is None:
            problems.append(Problem(f"tên loại «{parts.title.text}» không có trong Phụ lục III Nghị định 30", file=where))
    elif parts.subject_cv is not None:
        type_code, type_name = None, LETTER
        summary = _letter_summary(parts)
    else:
        type_code, type_name, summary = None, "", ""
        problems.append(Problem("không thấy tên loại văn bản (QUYẾT ĐỊNH, TỜ TRÌNH …) hay trích yếu «V/v …» của "
                                "công văn", file=where))
    if type_name and not summary:
        problems.append(Problem("không thấy trích yếu nội dung của văn bản", file=where))
    signer = _signer(parts)
    if not signer:
        problems.append(Problem("không thấy họ tên người ký ở phần chữ ký", file=where))
    recipients = tuple(_TRAILING.sub("", ln.text.lstrip("-–• ").strip()) for ln in parts.recipients[1:]
                       if ln.text.strip().startswith(("-", "–", "•")))
    if not recipients:
        problems.append(Problem("không thấy danh sách «Nơi nhận:» (mỗi nơi một dòng bắt đầu bằng «-»)", file=where))
    if code is not None and type_name:
        first = code.split("-")[0]
        if type_code is not None and first != type_code:
            problems.append(Problem(f"ký hiệu «{code}» không khớp tên loại {type_name} (phải bắt đầu bằng "
                                    f"{type_code}-)", file=where))
        if type_code is None and type_of_code(code)[0] is not None:
            problems.append(Problem(f"công văn không ghi chữ viết tắt tên loại trong ký hiệu: «{code}» "
                                    "(ví dụ UBND-VP)", file=where))
        why = code_problem(code)
        if why is not None:
            problems.append(Problem(f"ký hiệu «{shown(code)}» {why}", file=where))
    if problems:
        raise KehoachError(problems + [Problem("Chưa vào sổ, chưa số nào được cấp.")])
    month, year = _draft_month(parts)
    return WordDocument(path, path.read_bytes(), type_code, type_name, code, summary, signer, recipients,
                        month, year)


def _letter_summary(parts) -> str:
    """Return the V/v line of a công văn with the lines it wraps onto (same cell, below it)."""
    first = parts.subject_cv
    lines = [first.text]
    for ln in parts.left:
        if ln.para.index > first.para.index and ln.para.table == first.para.table and ln.para.col == first.para.col:
            lines.append(ln.text)
    return " ".join(" ".join(lines).split())


def _signer(parts) -> str:
    lines = [ln.text for p in parts.signature for ln in p.lines() if ln.text]
    return lines[-1] if lines and lines[-1] != lines[-1].upper() else ""


def _draft_month(parts) -> tuple[int | None, int | None]:
    if parts.date is None:
        return None, None
    m = MONTH_YEAR.search(parts.date.text)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def word_issue_date(doc: WordDocument, given: dt.date | None, today: dt.date,
                    confirmed: bool = False) -> dt.date:
    """Return the date `doc` is issued on; KehoachError when --ngay is needed or needs a second look."""
    if doc.month is not None and doc.year is not None and 1 <= doc.month <= 12:
        planned = dt.date(doc.year, doc.month, 1)
    elif given is None:
        raise KehoachError(f"{doc.path}: văn bản chưa ghi tháng, năm ở dòng ngày tháng; ghi ngày ký bằng "
                           "--ngay DD/MM/YYYY. Chưa số nào được cấp.")
    else:
        planned = given.replace(day=1)
    when, problems = issue_date(planned, given, today, confirmed)
    if problems:
        raise KehoachError(f"Chưa vào sổ {doc.path.name}: {'; '.join(problems)}. Chưa số nào được cấp.")
    return when


# -- a Word document issued here ---------------------------------------------------------------------


def issue_word(project, doc: WordDocument, date: dt.date, *, skip_lint: bool = False, make_pdf: bool = True,
               say: Say) -> Entry:
    """Number `doc` dated `date`, write number and day into it, archive it and record the row; return it.

    Raise KehoachError (nothing written, no number used) when the format check finds errors and
    `skip_lint` is false, the date breaks the register's order, or this very file is already in the register.
    """
    from ..lint import lint_docx

    request = Request(
        doc_id=None, type_code=doc.series_code, code=doc.code, type_name=doc.type_name, summary=doc.summary,
        signer=doc.signer, recipients=doc.recipients, date=date, input_sha256=doc.sha256,
        origin={"kind": "word", "original": ".docx", "source": doc.path.name, "command": "vao-so"},
    )
    stamped = []

    def render(numbered: Issue) -> bytes:
        stamped.append(stamp(doc.data, numbered.number, numbered.date, str(doc.path)))
        return stamped[-1].data

    def say_month() -> None:
        if stamped[-1].changed_month:
            say(f"Lưu ý: dòng ngày tháng trên văn bản ghi tháng khác ngày ký; đã ghi lại thành «{stamped[-1].date_line}».")

    with issuing.locked(project) as reg:
        resumed = issuing.resume(project, reg, doc.sha256, render, make_pdf=make_pdf, say=say)
        if resumed is not None:
            say(f"Đã hoàn tất lần vào sổ bị ngắt của {doc.path.name}: số {resumed.label}.")
            return resumed
        _refuse_twice(reg, doc)
        check = issuing.FormatCheck(lint_docx, f"Văn bản {doc.path.name}", WORD_FIX, skip_lint, str(doc.path))
        return issuing.number_and_archive(project, reg, request, render, check, make_pdf=make_pdf, say=say,
                                          before_reserve=say_month)


def _refuse_twice(reg: Register, doc: WordDocument) -> None:
    for entry in reg.entries():
        if entry.doc_id is None and entry.input_sha256 == doc.sha256 and entry.state != PENDING:
            raise KehoachError(f"{doc.path}: văn bản này đã vào sổ với số {entry.label} ({entry.state_name}). "
                               "Một văn bản chỉ vào sổ một lần; chưa số nào được cấp.")


# -- a number given elsewhere -----------------------------------------------------------------------


@dataclass(frozen=True)
class Outside:
    """A document numbered outside kehoach, as the clerk describes it."""

    number: DocNumber
    date: dt.date
    summary: str
    signer: str
    recipients: tuple[str, ...] = ("Lưu: VT",)
    type_name: str | None = None  # default: from the ký hiệu (Quyết định for QĐ, công văn without a type code)
    note: str = ""
    original: Path | None = None  # the signed PDF or a scan (or the final .docx)


def record_outside(project, doc: Outside, *, say: Say) -> Entry:
    """Record `doc` under its own number, with its original archived when given; return the row.

    Raise KehoachError when the number is taken, the date does not fit, or the original is not a PDF/.docx.
    """
    problems = outside_problems(doc)
    if problems:
        raise KehoachError(problems)
    data = doc.original.read_bytes() if doc.original is not None else None
    suffix = doc.original.suffix.lower() if doc.original is not None else None
    request = _outside_request(doc, data, suffix)
    series = project.settings.series
    root = issuing.archive_dir(project)
    with issuing.locked(project) as reg:
        for entry in reg.pending():
            if entry.doc_id is None and entry.number == doc.number and entry.date == doc.date:
                done = issuing.complete(project, reg, entry, data, say=say)
                say(f"Đã hoàn tất lần vào sổ bị ngắt: số {done.label}.")
                return done
        reg.precheck_number(request, series, doc.number.number)
        if data is None:
            refuse_paper_originals(reg, "thêm --ban-goc TỆP.pdf (bản đã ký hoặc bản quét)")
        else:
            archive.check_room(root, archive.relative_path(Issue(doc.number, doc.date), suffix), len(data))
        entry = reg.record(request, series, doc.number.number)
        issuing.write_witnesses(project, reg)
        done = issuing.complete(project, reg, entry, data, say=say)
        _say_gaps(reg, done, say)
    return done


def refuse_paper_originals(reg: Register, way_out: str) -> None:
    """Raise KehoachError when the register predates rows whose original is kept outside the archive."""
    if not reg.keeps_paper_originals():
        raise KehoachError(f"Sổ đăng ký {reg.path} được tạo bởi phiên bản kehoach trước, chưa ghi được văn bản có bản "
                           f"gốc giữ ở nơi khác (bản giấy, hệ thống điện tử); {way_out}. Chưa có gì thay đổi.")


def outside_problems(doc: Outside, where: str | None = None) -> list[Problem]:
    """Return what is wrong with `doc` before anything is recorded (ký hiệu, texts, original)."""
    problems = []
    why = code_problem(doc.number.code)
    if why is not None:
        problems.append(Problem(f"ký hiệu “{shown(doc.number.code)}” {why}.", file=where))
    if not doc.summary.strip():
        problems.append(Problem("cần trích yếu nội dung (--trich-yeu \"…\").", file=where))
    if not doc.signer.strip():
        problems.append(Problem("cần họ tên người ký (--nguoi-ky \"…\").", file=where))
    if doc.original is not None:
        if doc.original.suffix.lower() not in ORIGINAL_SUFFIXES:
            problems.append(Problem("bản gốc phải là tệp PDF (bản ký số hoặc bản quét) hoặc .docx",
                                    file=str(doc.original)))
        elif not doc.original.is_file():
            problems.append(Problem("không có tệp bản gốc này", file=str(doc.original)))
    return problems


def _outside_request(doc: Outside, data: bytes | None, suffix: str | None) -> Request:
    type_code, type_name = type_of_code(doc.number.code)
    digest = hashlib.sha256(data).hexdigest() if data is not None else hashlib.sha256(
        f"{doc.number}|{doc.date.isoformat()}".encode()).hexdigest()
    origin = {"kind": "ngoai", "original": suffix, "command": "vao-so --so"}
    if doc.original is not None:
        origin["source"] = doc.original.name
    return Request(
        doc_id=None, type_code=type_code or LETTER_SERIES, code=doc.number.code,
        type_name=doc.type_name or type_name, summary=" ".join(doc.summary.split()),
        signer=" ".join(doc.signer.split()), recipients=doc.recipients, date=doc.date, input_sha256=digest,
        note=doc.note or "Số cấp ngoài kehoach", origin=origin,
    )


def _say_gaps(reg: Register, entry: Entry, say: Say) -> None:
    """Tell the clerk which lower numbers of the series are not in the register yet."""
    numbers = {e.number.number for e in reg.entries(entry.year) if e.series == entry.series}
    missing = sorted(set(range(1, max(numbers) + 1)) - numbers)
    if missing:
        shown_ = ", ".join(format_number(n) for n in missing[:12]) + (" …" if len(missing) > 12 else "")
        say(f"Lưu ý: sổ năm {entry.year} chưa có các số {shown_}; hãy vào sổ các văn bản đó "
            "(`kehoach vao-so --so …` từng văn bản, hoặc `kehoach nhap-so` từ tệp Excel) để sổ liên tục.")
