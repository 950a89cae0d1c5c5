"""The plan as recognised in a clerk's draft, whatever it was typed in: what the YAML writer writes. No I/O."""
from __future__ import annotations

from dataclasses import dataclass, field

# Body item kinds, outermost first; "cong" is a "+" line under an ý.
KINDS = ("muc", "khoan", "tieu_khoan", "diem", "y", "cong")
LEVEL = {kind: i + 1 for i, kind in enumerate(KINDS)}
KIND_NAMES = {"muc": "mục", "khoan": "khoản", "tieu_khoan": "tiểu khoản", "diem": "điểm", "y": "ý",
              "cong": "dòng “+”", "doan": "đoạn", "bang": "bảng"}


@dataclass(frozen=True)
class Note:
    """Something the clerk should look at: where in the draft, the text found there, and why."""

    where: str
    text: str
    message: str

    def __str__(self) -> str:
        excerpt = self.text if len(self.text) <= 70 else self.text[:67] + "…"
        return f"{self.where} «{excerpt}»: {self.message}" if excerpt else f"{self.where}: {self.message}"


@dataclass
class Item:
    """One element of the plan body: a paragraph (`doan`), a numbered item or a table (`bang`)."""

    kind: str
    text: str = ""                                   # inline markup
    where: str = ""
    children: list[Item] = field(default_factory=list)
    rows: tuple[tuple[str, ...], ...] = ()           # bang: header row first
    bold: bool = False                               # typed all in bold (a heading)
    title: str = ""                                  # the text without bold, for a heading

    @property
    def heading_text(self) -> str:
        """The text the data keeps: a heading's own bold comes from the template, not from markup."""
        return self.title if self.kind in ("khoan", "tieu_khoan") and (self.children or self.bold) \
            else self.text

    @property
    def titled(self) -> bool:
        """Whether a khoản/tiểu khoản/điểm is written as a title over content rather than a sentence."""
        return bool(self.children)


@dataclass
class Section:
    """A mục: its title and its content in document order."""

    title: str
    where: str
    items: list[Item] = field(default_factory=list)


@dataclass(frozen=True)
class Person:
    """An officer (`can_bo`, named by post) or a unit (`don_vi`) the appendix assigns tasks to."""

    code: str
    name: str
    kind: str  # "can_bo" | "don_vi"
    full_name: str = ""  # an officer's own name, when the draft gives it (the signer)


@dataclass(frozen=True)
class TaskRow:
    """One task of the appendix, ready for nhiem-vu.yaml."""

    code: str
    area: int
    content: str
    lead: str                   # a Person code, "" when unknown
    support: tuple[str, ...]
    deadline: str               # "30/06/2024", a recurrence key, or "" when unreadable
    output: str
    where: str


@dataclass
class Draft:
    """Everything recognised in one draft, with what could not be placed and what was interpreted."""

    file: str
    supervisor: str = ""
    body_lines: list[str] = field(default_factory=list)
    type_code: str = ""             # "KH"
    issuer_code: str = ""           # "UBND"
    place: str = ""
    month: int | None = None
    year: int | None = None
    summary: str = ""
    preamble: list[Item] = field(default_factory=list)     # paragraphs and ý
    sections: list[Section] = field(default_factory=list)
    closing: list[Item] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    authority: str = ""
    position: str = ""
    signer: str = ""
    appendix_title: str = ""
    task_section: int = 2
    tasks: list[TaskRow] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    unplaced: list[Note] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    @property
    def organisation(self) -> str:
        return " ".join(self.body_lines)
