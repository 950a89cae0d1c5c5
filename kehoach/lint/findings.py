"""The `Finding` value a lint rule yields, and how findings are merged and shown to the clerk."""
from __future__ import annotations

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


def merge_repeats(findings: list[Finding]) -> list[Finding]:
    """Merge findings of one rule that report the same thing on many paragraphs into one finding."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.rule, f.severity, f.message, f.found, f.required), []).append(f)
    out: list[Finding] = []
    done: set = set()
    for f in findings:
        key = (f.rule, f.severity, f.message, f.found, f.required)
        same = groups[key]
        if len(same) <= _MAX_SAME:
            out.append(f)
            continue
        if key in done:
            continue
        done.add(key)
        others = [str(g.paragraph) for g in same[1:] if g.paragraph is not None]
        shown = ", ".join(others[:10]) + (" …" if len(others) > 10 else "")
        out.append(replace(f, message=f"{f.message} (cùng lỗi ở {len(others)} đoạn khác: {shown})"))
    return out


def sort_key(f: Finding):
    return (f.paragraph if f.paragraph is not None else 0, f.rule)
