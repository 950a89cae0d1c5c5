"""Document numbers: the official form (`05/KH-UBND`) and the next-number rule of the register."""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .vn import BLANK, ascii_fold, table_date


@dataclass(frozen=True, order=True)
class DocNumber:
    """A number in the register with its ký hiệu; `str()` is the official form `05/KH-UBND`."""

    number: int
    code: str  # ký hiệu, e.g. "KH-UBND"

    def __post_init__(self):
        if self.number < 1:
            raise ValueError("document numbers start at 1")

    def __str__(self) -> str:
        return f"{format_number(self.number)}/{self.code}"


@dataclass(frozen=True)
class Issue:
    """What issuing gave a document: its number and its date (and the issue it replaces, if any)."""

    number: DocNumber
    date: dt.date
    # A replacement says in its text what it replaces; two issues are the same number and date whatever this holds.
    replaces: Issue | None = field(default=None, compare=False)


def format_number(n: int) -> str:
    """Return `n` as printed in `Số:` — zero-padded below 10 (`05`), as is from 10 (`12`, `125`)."""
    return f"{n:02d}"


def ky_hieu(type_code: str, issuer_code: str) -> str:
    """Return the ký hiệu of a typed document, e.g. `KH-UBND`."""
    return f"{type_code}-{issuer_code}"


def number_line(code: str, number: DocNumber | None) -> str:
    """Return the `Số:` line: blank number in a draft, the official form once issued."""
    if number is None:
        return f"Số:{BLANK}/{code}"  # the Văn thư fills the number in by hand or at issue (spec §3.3)
    return f"Số: {number}"


def next_number(last: int | None) -> int:
    """Return the number after `last` in the same year and series (`None`: first of the year → 1)."""
    return 1 if last is None else last + 1


# Longest ký hiệu the e-office metadata holds (CodeNotation, String 30; Phụ lục VI NĐ 30).
CODE_MAX = 30
_NAME_FORM = re.compile(r"[A-Za-z0-9]+(?:[-.][A-Za-z0-9]+)*")
# A ký hiệu as ND 30 writes it (PL-I II.3c): abbreviation groups joined by "-", at least two (QĐ-UBND, UBND-VP).
CODE_GROUP = r"[A-ZĐ][A-Za-zĐđ0-9]*"
CODE_PATTERN = rf"{CODE_GROUP}(?:-{CODE_GROUP})+"
CODE_FORM = re.compile(CODE_PATTERN)
CODE_HINT = "phải gồm các nhóm chữ viết tắt nối bằng dấu “-” (ví dụ QĐ-UBND, UBND-VP)"


@functools.lru_cache(maxsize=256)  # a register asks about the same few codes for every row
def code_problem(code: str) -> str | None:
    """Return why `code` cannot be a ký hiệu (ND 30's form, and an archive file name), or None when it can."""
    return name_problem(code) or (None if CODE_FORM.fullmatch(code) else CODE_HINT)


@functools.lru_cache(maxsize=256)
def name_problem(code: str) -> str | None:
    """Return why `code` cannot name an archived file, or None when it can.

    Looser than `code_problem`: a row a register already holds is read by this rule, whatever form
    its ký hiệu was given when it was recorded.
    """
    if not code:
        return "trống"
    bad = next((c for c in code if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")), None)
    if bad is not None:
        return f"có ký tự điều khiển (mã U+{ord(bad):04X}) không in ra được"
    if len(code) > CODE_MAX:
        return f"dài {len(code)} ký tự, quá {CODE_MAX} ký tự (giới hạn ký hiệu của Phụ lục VI NĐ 30)"
    if "/" in code:
        return "có dấu “/” (dấu này chỉ ngăn số với ký hiệu)"
    if any(c.isspace() for c in code):
        return "có dấu cách (ký hiệu viết liền, các nhóm nối bằng dấu “-”)"
    if not _NAME_FORM.fullmatch(ascii_fold(code)):
        return "chỉ được có chữ cái, chữ số và dấu “-” giữa các nhóm chữ viết tắt (ví dụ KH-UBND, QĐ-UBND)"
    return None


def shown(text: str, limit: int = 40) -> str:
    """Return `text` as a message may quote it: control characters escaped, long text cut."""
    safe = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text)
    return safe if len(safe) <= limit else safe[: limit - 1] + "…"


def issue_date(planned: dt.date, given: dt.date | None, today: dt.date,
               confirmed: bool = False) -> tuple[dt.date | None, list[str]]:
    """Return the issue date to use and why it may not be used yet (Vietnamese, empty when it may).

    `planned` is the document's draft month (its first day); without `given`, today is taken
    only when it falls in that month. A date outside the document's own year (and the January
    after it) or after `today` needs `confirmed` (--xac-nhan): a number burnt is never given back.
    """
    if given is None:
        if (planned.year, planned.month) != (today.year, today.month):
            return None, [(f"văn bản dự kiến ký tháng {planned.month}/{planned.year} nhưng hôm nay là "
                          f"{table_date(today)}: ghi ngày ký bằng --ngay DD/MM/YYYY")]
        return today, []
    problems = []
    if not confirmed:
        if given > today:
            problems.append(f"ngày ban hành {table_date(given)} ở tương lai (hôm nay là {table_date(today)})")
        if given.year != planned.year and not (given.year == planned.year + 1 and given.month == 1):
            problems.append(f"ngày ban hành {table_date(given)} ngoài năm {planned.year} của văn bản")
        if problems:
            problems.append("nếu đúng là ngày ký, chạy lại với --xac-nhan (số đã cấp không bao giờ lấy lại)")
    return given, problems
