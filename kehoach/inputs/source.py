"""What a reader (Word, Markdown) finds in a draft: paragraphs of styled runs and tables, in order. No I/O."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A stretch of text with one look; `\\n` inside is a line break typed within the paragraph."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    """One paragraph as the reader found it, with where it came from (`đoạn 12`, `dòng 40`)."""

    runs: tuple[Run, ...]
    where: str
    label: str = ""        # numbering the editor generated (Word list, Markdown list marker)
    centered: bool = False
    heading: int = 0       # heading level (Markdown `#`, Word "Heading N"), 0 for body text

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Cell:
    """One table cell: its paragraphs and how many grid columns it spans."""

    paras: tuple[Para, ...]
    span: int = 1
    continued: bool = False  # the lower part of a vertically merged cell: `paras` are the top part's

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.paras).strip()


@dataclass(frozen=True)
class Table:
    """A table: rows of cells, in grid order."""

    rows: tuple[tuple[Cell, ...], ...]
    where: str             # "bảng 2"


@dataclass(frozen=True)
class Source:
    """A whole draft: its blocks in reading order and the file they came from."""

    blocks: tuple[Para | Table, ...]
    file: str
    skipped: tuple[tuple[str, str], ...] = ()  # (where, text) the reader found but cannot read as text flow
