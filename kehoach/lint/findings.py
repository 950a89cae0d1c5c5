"""The `Finding` value a lint rule yields, and how findings are merged and shown to the clerk."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

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


# A finding a rule reports on many paragraphs, written out only if it survives merging: a plain tuple
# (cheap to make 100 000 times) of its fault `(rule, severity, message, found, required)`, its paragraph
# number and what to locate it by.
Pending = tuple


def merge_repeats(findings: list, realize: Callable[[Pending], Finding] | None = None) -> list[Finding]:
    """Merge findings of one rule that report the same thing on many paragraphs into one finding.

    `findings` may hold `Pending` tuples, which `realize` turns into findings: a document with
    100 000 faulty paragraphs then writes out a handful of findings, not 100 000.
    """
    groups: dict[tuple, list] = {}  # fault -> [(position, finding or pending) of the first few, paragraphs]
    for position, f in enumerate(findings):
        if type(f) is tuple:
            key, paragraph = f[0], f[1]
        else:
            key, paragraph = (f.rule, f.severity, f.message, f.found, f.required), f.paragraph
        group = groups.get(key)
        if group is None:
            groups[key] = [[(position, f)], [paragraph]]
        else:
            if len(group[0]) <= _MAX_SAME:
                group[0].append((position, f))
            group[1].append(paragraph)

    def written(f) -> Finding:
        return realize(f) if type(f) is tuple else f

    out: list[tuple[int, Finding]] = []
    for firsts, paragraphs in groups.values():
        if len(paragraphs) <= _MAX_SAME:
            out += [(position, written(f)) for position, f in firsts]
            continue
        position, first = firsts[0][0], written(firsts[0][1])
        others = [str(n) for n in paragraphs[1:] if n is not None]
        shown = ", ".join(others[:10]) + (" …" if len(others) > 10 else "")
        out.append((position, replace(first, message=f"{first.message} (cùng lỗi ở {len(others)} đoạn khác: {shown})")))
    out.sort(key=lambda pf: pf[0])  # the order the rules reported them in
    return [f for _, f in out]


def sort_key(f: Finding):
    return (f.paragraph if f.paragraph is not None else 0, f.rule)
