"""Document numbers: the official form (`05/KH-UBND`) and the next-number rule of the register."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Blank number in a draft: the Văn thư fills it in by hand or at issue (spec §3.3).
DRAFT_BLANK = "      "


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
    """What issuing gave a document: its number and its date."""

    number: DocNumber
    date: dt.date


def format_number(n: int) -> str:
    """Return `n` as printed in `Số:` — zero-padded below 10 (`05`), as is from 10 (`12`, `125`)."""
    return f"{n:02d}"


def ky_hieu(type_code: str, issuer_code: str) -> str:
    """Return the ký hiệu of a typed document, e.g. `KH-UBND`."""
    return f"{type_code}-{issuer_code}"


def number_line(code: str, number: DocNumber | None) -> str:
    """Return the `Số:` line: blank number in a draft, the official form once issued."""
    if number is None:
        return f"Số:{DRAFT_BLANK}/{code}"
    return f"Số: {number}"


def next_number(last: int | None) -> int:
    """Return the number after `last` in the same year and series (`None`: first of the year → 1)."""
    return 1 if last is None else last + 1
