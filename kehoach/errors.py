"""The one user-error type (`KehoachError`) and the `Problem` it carries; caught only in the CLI."""
from __future__ import annotations

from dataclasses import dataclass

from .field_words import describe

ERROR = "lỗi"
WARNING = "cảnh báo"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the clerk's input, located as precisely as we can."""

    message: str
    file: str | None = None
    line: int | None = None
    field: str | None = None
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.tag} {self.text}"

    @property
    def tag(self) -> str:
        """`[lỗi]` or `[cảnh báo]`: what the clerk scans a long list for (the CLI colours it)."""
        return f"[{self.severity}]"

    @property
    def text(self) -> str:
        """The located message without its tag: file, line, the field in words, then the message."""
        where = []
        if self.file:
            where.append(self.file)
        if self.line:
            where.append(f"dòng {self.line}")
        if self.field:
            where.append(describe(self.field))
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class KehoachError(Exception):
    """Raise when the clerk's input or request cannot be carried out; holds one or more problems."""

    def __init__(self, problems: Problem | str | list[Problem | str]):
        if isinstance(problems, (str, Problem)):
            problems = [problems]
        # A bare string in a list is a problem with no place: never let it reach the printer as text.
        self.problems: list[Problem] = [p if isinstance(p, Problem) else Problem(str(p)) for p in problems]
        super().__init__("\n".join(str(p) for p in self.problems))


def in_reading_order(problems: list[Problem]) -> list[Problem]:
    """Return `problems` sorted by file and line; those with no file keep their place after them."""
    located = sorted((p for p in problems if p.file), key=lambda p: (p.file, p.line or 0))
    return located + [p for p in problems if not p.file]


def summarize(problems: list[Problem]) -> str:
    """Return the closing count line, e.g. `3 lỗi, 1 cảnh báo`."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    parts = []
    if errors:
        parts.append(f"{errors} lỗi")
    if warnings:
        parts.append(f"{warnings} cảnh báo")
    return ", ".join(parts) or "không có lỗi"
