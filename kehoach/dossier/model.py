"""Typed, frozen values for one dossier, as loading makes them from YAML. No I/O."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..rules.periods import Recurrence


@dataclass(frozen=True)
class Officer:
    """A commune officer who receives tasks; may be known by role alone."""

    id: str
    role: str
    name: str = ""

    @property
    def label(self) -> str:
        """How a table cell names the officer: the role (tasks follow the post, not the person)."""
        return self.role


@dataclass(frozen=True)
class Unit:
    """A unit of the commune (phòng, ban, trung tâm) that receives tasks as a whole."""

    id: str
    name: str  # "Văn phòng HĐND và UBND"

    @property
    def label(self) -> str:
        """How a table cell names the unit."""
        return self.name


Assignee = Officer | Unit


@dataclass(frozen=True)
class Signer:
    authority: str  # "TM. Ủy ban nhân dân"
    position: str   # "Chủ tịch"
    name: str


@dataclass(frozen=True)
class Organisation:
    supervisor: str           # chủ quản line as written, "" for a UBND xã (the usual case)
    name: str                 # "Ủy ban nhân dân xã Sơn Giang"
    short_name: str           # "UBND xã Sơn Giang"
    header_lines: tuple[str, ...]
    code: str                 # "UBND"
    place: str                # "Sơn Giang"
    signer: Signer
    officers: tuple[Officer, ...]
    units: tuple[Unit, ...] = ()

    @property
    def assignees(self) -> tuple[Assignee, ...]:
        """Every unit then every officer a task may name, in the order of co-quan.yaml."""
        return self.units + self.officers

    def assignee(self, code: str) -> Assignee:
        """Return the unit or officer whose code is `code` (validation has checked it exists)."""
        return next(a for a in self.assignees if a.id == code)


# ---------------------------------------------------------------- the plan body
# A body is an ordered tuple of nodes. Texts keep the clerk's inline markup (rules.markup);
# numbering is never stored: documents/ generates it from the position of each item.

KHOAN, TIEU_KHOAN, DIEM, Y = "khoan", "tieu_khoan", "diem", "y"
LEVELS = (KHOAN, TIEU_KHOAN, DIEM, Y)  # from the outermost to the innermost


@dataclass(frozen=True)
class Para:
    """An unnumbered paragraph (đoạn)."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table in the body: a header row (repeated across pages) and rows of cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Item:
    """A numbered item: khoản `1.`, tiểu khoản `1.1.`, điểm `a)` or ý `-`, with what it holds.

    A khoản or tiểu khoản given with content is a heading (`titled`); without, it is one
    numbered sentence printed as a body paragraph.
    """

    level: str                       # KHOAN, TIEU_KHOAN, DIEM or Y
    text: str
    content: tuple[Node, ...] = ()
    titled: bool = False

    @property
    def title(self) -> str:
        """The text of a titled item, "" otherwise (the legacy `Clause.title`)."""
        return self.text if self.titled else ""


Node = Para | Table | Item


@dataclass(frozen=True)
class Section:
    """A mục (I., II., …): its title and its content in document order."""

    title: str
    content: tuple[Node, ...]

    @property
    def clauses(self) -> tuple[Item, ...]:
        """The khoản of the mục, in order (the areas of the task section)."""
        return tuple(n for n in self.content if isinstance(n, Item) and n.level == KHOAN)


@dataclass(frozen=True)
class Task:
    """One row of the Phụ lục: a remedial task under one area (khoản of the task section)."""

    id: str
    area: int | None                # 1-based khoản number in the task section (None: unreadable, reported)
    content: str
    lead: str                       # unit or officer code
    support: tuple[str, ...]
    deadline: dt.date | Recurrence
    output: str


@dataclass(frozen=True)
class Update:
    """One progress report on a task."""

    date: dt.date
    percent: int | None   # None: unreadable in the data (reported while reading)
    note: str = ""        # result (kết quả)
    difficulty: str = ""  # difficulties and their causes (khó khăn, vướng mắc)


@dataclass(frozen=True)
class PlanText:
    type_code: str
    month: int | None  # None: unreadable in the data (reported while reading); checks that need it are skipped
    year: int | None
    summary: str
    preamble: tuple[Node, ...]
    sections: tuple[Section, ...]
    closing: tuple[Node, ...]
    recipients: tuple[str, ...]
    closed: bool = False  # `dong: true`: a finished plan, listed and verified but no longer built


@dataclass(frozen=True)
class Appendix:
    title: str
    task_section: int | None  # 1-based mục whose khoản are the areas (None: unreadable, reported)
    tasks: tuple[Task, ...]
    sample: bool


@dataclass(frozen=True)
class PeriodTexts:
    """What the clerk wrote for one report period; every part optional (computed sentences otherwise)."""

    direction: tuple[str, ...] = ()     # chi_dao: công tác chỉ đạo, điều hành
    areas: dict[int, tuple[str, ...]] = field(default_factory=dict)  # linh_vuc: results of area n
    results: tuple[str, ...] = ()       # ket_qua: đánh giá — kết quả đạt được
    shortcomings: tuple[str, ...] = ()  # ton_tai: tồn tại, hạn chế
    causes: tuple[str, ...] = ()        # nguyen_nhan
    next_tasks: tuple[str, ...] = ()    # nhiem_vu: nhiệm vụ kỳ tới
    proposals: tuple[str, ...] = ()     # de_xuat: đề xuất, kiến nghị
    addressees: tuple[str, ...] | None = None  # kinh_gui of this period only
    recipients: tuple[str, ...] | None = None  # noi_nhan of this period only


@dataclass(frozen=True)
class ReportSettings:
    type_code: str
    summary: str
    addressees: tuple[str, ...]
    recipients: tuple[str, ...]
    schedule: str = "cchc"  # rules.periods.CCHC or QUARTERLY
    periods: dict[str, PeriodTexts] = field(default_factory=dict)  # by period key ("6-thang")

    def texts(self, period_key: str) -> PeriodTexts:
        """Return what the clerk wrote for `period_key` (nothing written → all parts empty)."""
        return self.periods.get(period_key, PeriodTexts())


@dataclass(frozen=True)
class NoticeSettings:
    type_code: str
    month: int | None  # None: unreadable (reported while reading)
    year: int | None
    summary: str
    closing: tuple[str, ...]
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Dossier:
    """Everything one plan needs to build its documents; None for the optional files it does not have."""

    name: str
    organisation: Organisation
    plan: PlanText
    appendix: Appendix | None
    progress: dict[str, tuple[Update, ...]]
    progress_sample: bool
    report: ReportSettings | None
    notice: NoticeSettings | None
