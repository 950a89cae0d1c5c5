"""The plan body from numbered lines: `I.` mục → `1.` khoản → `1.1.` tiểu khoản → `a)` điểm → `-` ý → `+`,
numbers stripped into structure and checked against the order they stand in. No I/O."""
from __future__ import annotations

import re

from ..rules import vn
from .draft import KIND_NAMES, LEVEL, Item, Note, Section
from .inline import all_bold, drop_prefix, markup, plain
from .names import sentence_case
from .source import Para, Run

_ROMAN = r"(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"
# Typed (or generated) numbering at the start of a line, most specific first.
_LABELS = (
    ("muc", re.compile(rf"^({_ROMAN})\.\s+")),
    ("tieu_khoan", re.compile(r"^(\d{1,2})\.(\d{1,2})\.?\s+")),
    ("khoan", re.compile(r"^(\d{1,2})\.\s+")),
    ("diem", re.compile(r"^([a-zđ])\)\s*")),
    ("y", re.compile(r"^[-–—•]\s*")),
    ("cong", re.compile(r"^\+\s*")),
)
_OTHER_LABEL = re.compile(r"^(\(?\d{1,2}\)|\(?[a-zđ]\)|[a-zđ]\.|\d{1,2}\.\d{1,2}\.\d{1,2}\.?)\s+")


def classify(para: Para) -> tuple[str, str, tuple[Run, ...]]:
    """Return (kind, typed number, runs without it); kind `doan` for an unnumbered paragraph.

    A list number the editor generated (`para.label`) counts as typed. A number of another
    style (`1)`, `(a)`, `1.1.1.`) gives kind `khac`: kehoach has no level for it.
    """
    if para.label:
        probe = para.label + " "
        for kind, pattern in _LABELS:
            if pattern.match(probe):
                return kind, para.label, para.runs
        return "khac", para.label, para.runs
    text = "".join(r.text for r in para.runs).lstrip()
    lead = len("".join(r.text for r in para.runs)) - len(text)
    for kind, pattern in _LABELS:
        m = pattern.match(text)
        if m and text[m.end():].strip():
            label = text[:m.end()].strip()
            return kind, label, drop_prefix(para.runs, lead + m.end())
    m = _OTHER_LABEL.match(text)
    if m and text[m.end():].strip():
        return "khac", text[:m.end()].strip(), para.runs
    return "doan", "", para.runs


class Outline:
    """Builds mục and their content from the body's lines and tables, in order."""

    def __init__(self, unplaced: list[Note], notes: list[Note]):
        self.unplaced = unplaced
        self.notes = notes
        self.preamble: list[Item] = []      # paragraphs and ý before mục I
        self.sections: list[Section] = []
        self.stack: list[Item] = []   # open numbered items inside the current mục, outermost first

    # -- adding -----------------------------------------------------------------------------------
    def add_line(self, para: Para) -> None:
        kind, label, runs = classify(para)
        text = plain(runs)
        if kind == "khac":
            self.unplaced.append(Note(para.where, f"{label} {text}",
                                      f"số thứ tự “{label}” không thuộc cấp nào của kế hoạch (I., 1., 1.1., a), -, +); "
                                      "đã giữ thành đoạn văn kèm số gõ tay"))
            self._paragraph(Item("doan", markup(para.runs), para.where))
            return
        if kind == "doan":
            self._paragraph(Item("doan", markup(runs), para.where))
            return
        if kind == "muc":
            self._section(para, label, runs)
            return
        if kind == "cong":
            self._plus(para, text)
            return
        item = Item(kind, markup(runs), para.where, bold=all_bold(runs), title=markup(runs, bold=False))
        if kind == "y" and not self.sections:
            self.preamble.append(item)
            return
        parent = self._parent_for(kind)
        if parent is None:
            self.unplaced.append(Note(para.where, f"{label} {text}", self._orphan_reason(kind)))
            self._paragraph(Item("doan", markup(para.runs), para.where))
            return
        if not para.label:  # Word's own numbers follow Word's alphabet (no đ): only typed ones are checked
            self._check_number(kind, label, parent, para.where, text)
        self._children(parent).append(item)
        self.stack.append(item)

    def add_table(self, rows: tuple[tuple[str, ...], ...], where: str) -> None:
        if not self.sections:
            self.unplaced.append(Note(where, " | ".join(rows[0]) if rows else "",
                                      "bảng nằm trước mục I: phần mở đầu chỉ có các đoạn văn"))
            return
        self._close_points()
        self._children(self.stack[-1] if self.stack else None).append(Item("bang", where=where, rows=rows))

    # -- structure --------------------------------------------------------------------------------
    def _section(self, para: Para, label: str, runs) -> None:
        title_runs = runs
        title = sentence_case(markup(title_runs, bold=False))
        expected = len(self.sections) + 1
        typed = _roman_value(label.rstrip("."))
        if not para.label and typed != expected:
            self.notes.append(Note(para.where, f"{label} {plain(runs)}",
                                   f"số mục gõ “{label}” nhưng đây là mục thứ {expected}: chương trình sẽ đánh "
                                   f"“{vn.roman(expected)}.”"))
        self.sections.append(Section(title, para.where))
        self.stack = []

    def _parent_for(self, kind: str) -> Item | Section | None:
        """Close the items this one ends and return where it belongs; None when it has no place."""
        level = LEVEL[kind]
        while self.stack and LEVEL[self.stack[-1].kind] >= level:
            self.stack.pop()
        if not self.sections:
            return None
        parent = self.stack[-1] if self.stack else None
        # What each level may stand in (dossier.loading reads the same rule): a mục may hold điểm
        # directly, a tiểu khoản only stands in a khoản, ý anywhere.
        allowed = {"khoan": (None,), "tieu_khoan": ("khoan",), "diem": (None, "khoan", "tieu_khoan"),
                   "y": (None, "khoan", "tieu_khoan", "diem")}[kind]
        parent_kind = parent.kind if parent is not None else None
        if parent_kind not in allowed:
            return None
        return parent if parent is not None else self.sections[-1]

    def _orphan_reason(self, kind: str) -> str:
        name = KIND_NAMES[kind]
        if not self.sections:
            return f"{name} nằm trước mục I (phần mở đầu chỉ có các đoạn văn); đã giữ thành đoạn văn kèm số gõ tay"
        parent = self.stack[-1].kind if self.stack else "muc"
        return (f"{name} không thể đứng ngay dưới {KIND_NAMES[parent]}; đã giữ thành đoạn văn kèm số gõ tay")

    def _plus(self, para: Para, text: str) -> None:
        """A `+` line under an ý: kehoach has no level below ý, so it stays a paragraph that shows its `+`."""
        while self.stack and self.stack[-1].kind != "y":
            self.stack.pop()
        where = "ý" if self.stack else "phần này"
        self.unplaced.append(Note(para.where, f"+ {text}", f"dòng “+” (cấp dưới {where}): kehoach chưa có cấp "
                                  "này; đã giữ thành đoạn văn bắt đầu bằng “+”"))
        item = Item("doan", markup(para.runs), para.where)
        if not self.sections:
            self.preamble.append(item)
        elif self.stack:
            holder = self.stack[-2] if len(self.stack) > 1 else None
            self._children(holder).append(item)
        else:
            self._children(None).append(item)

    def _paragraph(self, item: Item) -> None:
        if not self.sections:
            self.preamble.append(item)
            return
        self._close_points()
        self._children(self.stack[-1] if self.stack else None).append(item)

    def _close_points(self) -> None:
        """An unnumbered paragraph ends the điểm and ý above it and any khoản written as a sentence."""
        while self.stack:
            top = self.stack[-1]
            if top.kind in ("khoan", "tieu_khoan") and (top.bold or top.children
                                                        or top.text.rstrip("*").endswith(":")):
                return
            self.stack.pop()

    def _children(self, parent: Item | Section | None) -> list[Item]:
        if parent is None:
            return self.sections[-1].items
        return parent.items if isinstance(parent, Section) else parent.children

    def _check_number(self, kind: str, label: str, parent, where: str, text: str) -> None:
        siblings = [c for c in self._children(parent) if c.kind == kind]
        expected = len(siblings) + 1
        if kind == "khoan":
            typed, shown = _int(label.rstrip(".")), f"{expected}."
        elif kind == "tieu_khoan":
            khoans = [c for c in self.sections[-1].items if c.kind == "khoan"]
            head = next((i + 1 for i, c in enumerate(khoans) if c is parent), 0)
            parts = [p for p in label.split(".") if p]
            typed = (_int(parts[0]), _int(parts[1])) if len(parts) == 2 else None
            expected, shown = (head, expected), f"{head}.{expected}."
        elif kind == "diem":
            typed = label.rstrip(")")
            expected = vn.LETTERS[len(siblings)] if len(siblings) < len(vn.LETTERS) else None
            shown = f"{expected})"
        else:
            return
        if typed != expected:
            self.notes.append(Note(where, f"{label} {text}",
                                   f"{KIND_NAMES[kind]} gõ số “{label}” nhưng theo thứ tự là “{shown}”: "
                                   "chương trình sẽ đánh lại số"))

    # -- result -----------------------------------------------------------------------------------
    def finish(self) -> tuple[list[Item], list[Section]]:
        """Return the preamble and the mục, noting headings decided by content rather than looks."""
        for section in self.sections:
            self._review(section.items)
        return self.preamble, self.sections

    def _review(self, items: list[Item]) -> None:
        for item in items:
            if item.kind in ("khoan", "tieu_khoan") and item.children and not item.bold:
                self.notes.append(Note(item.where, plain([Run(item.text)]),
                                       f"{KIND_NAMES[item.kind]} không in đậm nhưng có nội dung bên dưới: "
                                       "sẽ in như tên khoản (chữ đậm)"))
            elif item.kind in ("khoan", "tieu_khoan") and item.bold and not item.children:
                self.notes.append(Note(item.where, plain([Run(item.text)]),
                                       f"{KIND_NAMES[item.kind]} in đậm nhưng không có nội dung bên dưới: "
                                       "sẽ in như một câu (chữ thường)"))
            self._review(item.children)


def _int(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _roman_value(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    total = 0
    for i, ch in enumerate(text):
        v = values.get(ch, 0)
        total += -v if i + 1 < len(text) and values.get(text[i + 1], 0) > v else v
    return total
