"""The one user-error type (`KehoachError`) and the `Problem` it carries; caught only in the CLI."""
from __future__ import annotations

ERROR = "lỗi"
WARNING = "cảnh báo"
_FIELDS = ("message", "file", "line", "field", "severity")


class Problem:
    """One thing wrong with the clerk's input, located as precisely as we can.

    A frozen value written out by hand rather than a dataclass: every command imports this module,
    and `dataclasses` (with `inspect` behind it) would be most of what `kehoach --help` loads.
    """

    __slots__ = _FIELDS
    message: str
    file: str | None
    line: int | None
    field: str | None
    severity: str

    def __init__(self, message: str, file: str | None = None, line: int | None = None,
                 field: str | None = None, severity: str = ERROR):
        for name, value in zip(_FIELDS, (message, file, line, field, severity)):
            object.__setattr__(self, name, value)

    def __setattr__(self, name, value):
        raise AttributeError(f"Problem is frozen: cannot set {name!r}")

    __delattr__ = __setattr__

    def _values(self) -> tuple:
        return (self.message, self.file, self.line, self.field, self.severity)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "Problem(" + ", ".join(f"{n}={v!r}" for n, v in zip(_FIELDS, self._values())) + ")"

    def __reduce__(self):  # pickled to and from build workers
        return (Problem, self._values())

    def as_dict(self) -> dict:
        """Return the fields by name (what `Problem(**d)` takes back)."""
        return dict(zip(_FIELDS, self._values()))

    def replace(self, **changes) -> Problem:
        """Return a copy with `changes` (field name → value)."""
        return Problem(**{**self.as_dict(), **changes})

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
            # Vietnamese words for a field path: loaded only when one is shown.
            from .field_words import describe

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
