"""The one user-error type (`KehoachError`) and the `Problem` it carries; caught only in the CLI."""
from __future__ import annotations

from dataclasses import dataclass

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
        where = []
        if self.file:
            where.append(self.file)
        if self.line:
            where.append(f"dòng {self.line}")
        if self.field:
            where.append(self.field)
        prefix = ", ".join(where)
        tag = "" if self.severity == ERROR else f"[{self.severity}] "
        return f"{tag}{prefix}: {self.message}" if prefix else f"{tag}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class KehoachError(Exception):
    """Raise when the clerk's input or request cannot be carried out; holds one or more problems."""

    def __init__(self, problems: Problem | str | list[Problem]):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


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
