"""The `Finding` value a lint rule yields, and how findings are merged and shown to the clerk."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import NamedTuple

ERROR = "lỗi"
WARNING = "cảnh báo"
INFO = "thông tin"

_MAX_SAME = 3  # beyond this many identical findings of one rule, merge them into one


@dataclass(frozen=True)
class Finding:
    """One departure from ND 30, located page-independently (paragraph number + its first words)."""

    rule: str
    severity: str
    message: str
    found: str = ""
    required: str = ""
    paragraph: int | None = None
    text: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def location(self) -> str:
        if self.paragraph is None:
            return self.text or "toàn văn bản"
        return f"đoạn {self.paragraph} «{self.text}»" if self.text else f"đoạn {self.paragraph}"

    def as_dict(self, file: str) -> dict:
        return {
            "file": file, "rule": self.rule, "severity": self.severity, "paragraph": self.paragraph,
            "text": self.text, "found": self.found, "required": self.required, "message": self.message,
        }

    def __str__(self) -> str:
        s = f"[{self.rule}] {self.severity}: {self.location()}: {self.message}"
        if self.found or self.required:
            s += f" (hiện có: {self.found or '—'}; yêu cầu: {self.required or '—'})"
        return s


def snippet(text: str, words: int = 6) -> str:
    """Return the first `words` words of `text`, for locating a paragraph without page numbers."""
    parts = text.split()
    out = " ".join(parts[:words])
    return out + " …" if len(parts) > words else out


class Pending(NamedTuple):
    """A finding a rule reports on many paragraphs, written out only if it survives merging: the same
    fields as `Finding`, its paragraph number, and what to locate it by (`where`)."""

    rule: str
    severity: str
    message: str
    found: str
    required: str
    paragraph: int | None
    where: object


def merge_repeats(findings: list, realize: Callable[[Pending], Finding] | None = None) -> list[Finding]:
    """Merge findings of one rule that report the same thing on many paragraphs into one finding.

    `findings` may hold `Pending` values, which `realize` turns into findings: a document with
    100 000 faulty paragraphs then writes out a handful of findings, not 100 000.
    """
    def key(f) -> tuple:
        return (f.rule, f.severity, f.message, f.found, f.required)

    def written(f) -> Finding:
        return realize(f) if type(f) is Pending else f

    groups: dict[tuple, list] = {}
    for f in findings:
        groups.setdefault(key(f), []).append(f)
    out: list[Finding] = []
    done: set = set()
    for f in findings:
        k = key(f)
        same = groups[k]
        if len(same) <= _MAX_SAME:
            out.append(written(f))
            continue
        if k in done:
            continue
        done.add(k)
        first = written(f)
        others = [str(g.paragraph) for g in same[1:] if g.paragraph is not None]
        shown = ", ".join(others[:10]) + (" …" if len(others) > 10 else "")
        out.append(replace(first, message=f"{first.message} (cùng lỗi ở {len(others)} đoạn khác: {shown})"))
    return out


def sort_key(f: Finding):
    return (f.paragraph if f.paragraph is not None else 0, f.rule)
