"""Recognise the parts of a plan in a Source — header, title, preamble, body, Nơi nhận, signer, appendix —
and return the Draft, listing what could not be placed. No I/O."""
from __future__ import annotations

import re
from dataclasses import replace

from ..errors import KehoachError, Problem
from ..rules import vn
from ..rules.header_lines import DATE_TYPED, NUMBER_TYPED
from .draft import Draft, Item, Note, Person, Section
from .inline import all_bold, markup, plain, split_lines
from .names import (
    is_upper,
    lower_ascii,
    make_code,
    organisation_case,
    person_case,
    position_case,
    sentence_case,
)
from .outline import Outline, classify
from .source import Para, Run, Source, Table
from .tasks import People, group_title, read_tasks, task_columns

_RULE = re.compile(r"^[\s_\-–—=*.…]+$")
_AUTHORITY = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*(.+)$", re.IGNORECASE)
_APPENDIX = re.compile(r"^ph[uụ] l[uụ]c(\s+[IVXLC\d]+)?\s*:?$", re.IGNORECASE)
_OTHER_TYPES = ("bao cao", "quyet dinh", "thong bao", "to trinh", "chuong trinh", "cong van", "nghi quyet",
                "huong dan", "phuong an", "de an", "giay moi")
_SENTENCE_END = (".", ";", ":", "!", "?")
# A signer's post typed in ordinary case still reads as a post, not as the signer's name.
_POSITIONS = ("chu tich", "pho chu tich", "truong ", "pho truong", "giam doc", "pho giam doc", "chanh van phong",
              "pho chanh van phong", "bi thu", "pho bi thu")


def recognise(source: Source) -> Draft:
    """Return the plan recognised in `source`; KehoachError when it is not a plan (no “KẾ HOẠCH” line)."""
    draft = Draft(file=source.file)
    for where, text in source.skipped:
        draft.unplaced.append(Note(where, text, "nằm ngoài dòng chữ của văn bản (khung chữ, bảng lồng, mã)"))
    blocks = _flatten(source.blocks)
    title_at = _title_index(blocks, source.file)
    _header(blocks[:title_at], draft)
    _Body(draft).run(blocks[title_at + 1:])
    return draft


def _flatten(blocks) -> list[Para | Table]:
    """Return lines and data tables; a layout table (header, signature) gives up its lines in reading order."""
    out: list[Para | Table] = []
    for block in blocks:
        if isinstance(block, Para):
            out.extend(split_lines(block))
        elif _is_layout(block):
            for row in block.rows:
                for cell in row:
                    if not cell.continued:
                        for para in cell.paras:
                            out.extend(split_lines(para))
        else:
            out.append(block)
    return out


def _is_layout(table: Table) -> bool:
    for row in table.rows:
        for cell in row:
            for para in cell.paras:
                for line in split_lines(para):
                    if _marker(plain(line.runs)):
                        return True
    return False


def _marker(text: str) -> bool:
    folded = lower_ascii(text)
    return bool(NUMBER_TYPED.match(text) or DATE_TYPED.match(text) or _AUTHORITY.match(text)
                or folded.startswith(("noi nhan", "cong hoa xa hoi chu nghia", "doc lap"))
                or folded in ("ke hoach", "uy ban nhan dan"))


def _title_index(blocks, file: str) -> int:
    for i, block in enumerate(blocks):
        if isinstance(block, Para):
            folded = lower_ascii(plain(block.runs)).strip(" .:")
            if folded == "ke hoach":
                return i
            if folded in _OTHER_TYPES and is_upper(plain(block.runs)):
                raise KehoachError(Problem(f"bản thảo là một {plain(block.runs)} ({block.where}), không phải kế "
                                           "hoạch: lệnh này chỉ nhập văn bản KẾ HOẠCH", file=file))
    raise KehoachError(Problem("không thấy dòng tên loại văn bản “KẾ HOẠCH” (một dòng riêng, trên trích yếu): "
                               "chưa nhận ra đây là bản thảo kế hoạch", file=file))


def _header(blocks, draft: Draft) -> None:
    org: list[Para] = []
    whole = "(phần đầu văn bản)"
    for block in blocks:
        if isinstance(block, Table):
            draft.unplaced.append(Note(block.where, _table_excerpt(block), "bảng ở phần đầu văn bản, trước "
                                                                          "chữ KẾ HOẠCH"))
            continue
        text = plain(block.runs)
        folded = lower_ascii(text)
        if _RULE.match(text) or folded.startswith("cong hoa xa hoi chu nghia") or \
                folded.replace("–", "-").replace(" ", "") == "doclap-tudo-hanhphuc":
            continue
        if m := NUMBER_TYPED.match(text):
            draft.type_code, draft.issuer_code = m.group("type"), m.group("code")
            if m.group("n"):
                draft.notes.append(Note(block.where, text, "số văn bản do Văn thư cấp khi ban hành: đã bỏ số "
                                                           f"“{m.group('n')}” của bản thảo"))
            continue
        if m := DATE_TYPED.match(text):
            draft.place = " ".join(m.group("place").split())
            draft.year = int(m.group("y"))
            if m.group("m"):
                draft.month = int(m.group("m"))
            if m.group("d").strip(" ._…"):
                draft.notes.append(Note(block.where, text, "ngày ký do Văn thư ghi khi ban hành: bản nháp để "
                                                           "trống ngày, chỉ giữ tháng và năm"))
            continue
        org.append(block)
    _organisation(org, draft)
    if not draft.type_code:
        draft.unplaced.append(Note(whole, "", "không thấy dòng “Số: …/KH-…”: chưa rõ loại và ký hiệu cơ quan "
                                              "(loai, ky_hieu)"))
    if not draft.place:
        draft.unplaced.append(Note(whole, "", "không thấy dòng địa danh, ngày tháng (“…, ngày … tháng … năm …”): "
                                              "chưa rõ địa danh, tháng, năm (dia_danh, thang, nam)"))
    elif draft.month is None:
        draft.unplaced.append(Note(whole, "", "dòng ngày tháng chưa ghi tháng: hãy điền “thang” trong ke-hoach.yaml"))


def _organisation(lines: list[Para], draft: Draft) -> None:
    if not lines:
        draft.unplaced.append(Note("(phần đầu văn bản)", "", "không thấy tên cơ quan ban hành ở góc trái phần đầu: "
                                                             "chưa rõ co_quan, dong_ten_co_quan, ten_viet_tat"))
        return
    bolds = [all_bold(p.runs) for p in lines]
    if any(bolds) and not all(bolds) and not bolds[0]:
        split = bolds.index(True)
    elif len(lines) >= 3:
        split = 1
        draft.notes.append(Note(lines[0].where, plain(lines[0].runs),
                                "phần đầu có ba dòng tên cơ quan: đã hiểu dòng đầu là cơ quan chủ quản"))
    else:
        split = 0
    draft.supervisor = organisation_case(" ".join(plain(p.runs) for p in lines[:split]))
    draft.body_lines = [organisation_case(plain(p.runs), capitalise=i == 0) for i, p in enumerate(lines[split:])]


class _Body:
    """Walks the lines after the title: summary, preamble and mục, Nơi nhận, signer, appendix."""

    def __init__(self, draft: Draft):
        self.draft = draft
        self.outline = Outline(draft.unplaced, draft.notes)
        self.people = People(draft.unplaced, draft.notes)
        self.phase = "summary"
        self.summary: list[str] = []
        self.pending: Para | None = None
        self.positions: list[str] = []
        self.appendix_title: list[Para] = []
        self.task_tables: list[Table] = []

    def run(self, blocks) -> None:
        for block in blocks:
            if isinstance(block, Table):
                self._flush()
                self._table(block)
            else:
                self._line(block)
        self._flush()
        self._finish()

    # -- lines ------------------------------------------------------------------------------------
    def _line(self, para: Para) -> None:
        text = plain(para.runs)
        folded = lower_ascii(text)
        if _RULE.match(text):
            if self.phase == "summary" and self.summary:
                self.phase = "body"
            return
        if folded.rstrip(" :") == "noi nhan":
            self._flush()
            self.phase = "recipients"
            return
        if _APPENDIX.match(text) and (para.centered or all_bold(para.runs) or para.heading or is_upper(text)):
            self._flush()
            self.phase = "appendix"
            return
        if self.phase == "summary":
            if classify(para)[0] == "doan" and not folded.startswith("can cu"):
                if para.centered or para.heading or all_bold(para.runs):
                    self.summary.append(text)
                    return
                if not self.summary and len(text) <= 250 and not text.endswith(_SENTENCE_END):
                    # Typed without formatting: the short line right under KẾ HOẠCH is the trích yếu.
                    self.draft.notes.append(Note(para.where, text, "dòng ngay dưới chữ KẾ HOẠCH không in đậm, "
                                                                   "không căn giữa: đã hiểu là trích yếu"))
                    self.summary.append(text)
                    self.phase = "body"
                    return
            self.phase = "body"
        if self.phase == "recipients":
            kind, _, runs = classify(para)
            if kind == "y":
                self.draft.recipients.append(plain(runs).rstrip(" ;,.") if not plain(runs).endswith("./.")
                                             else plain(runs))
                return
            self.phase = "signer"
        if self.phase in ("body", "signer") and _AUTHORITY.match(text):
            self._flush()
            self.phase = "signer"
        if self.phase == "body":
            self._body_line(para)
        elif self.phase == "signer":
            self._signer_line(para, text)
        elif self.phase == "appendix":
            self._appendix_line(para, text)
        else:
            self.draft.unplaced.append(Note(para.where, text, "nằm sau phần chữ ký, ngoài Phụ lục"))

    def _body_line(self, para: Para) -> None:
        prev = self.pending
        kind = classify(para)[0]
        text = plain(para.runs)
        if prev is not None and kind == "doan" and text[:1].islower() and not para.heading \
                and not plain(prev.runs).endswith(_SENTENCE_END) and not prev.heading:
            self.draft.notes.append(Note(para.where, text, "đoạn bắt đầu bằng chữ thường và đoạn trước chưa hết "
                                                           f"câu: đã nối vào đoạn trước ({prev.where})"))
            self.pending = Para(prev.runs + (Run(" "),) + para.runs, prev.where, prev.label, prev.centered,
                                prev.heading)
            return
        self._flush()
        self.pending = para

    def _flush(self) -> None:
        if self.pending is not None:
            self.outline.add_line(self.pending)
            self.pending = None

    def _signer_line(self, para: Para, text: str) -> None:
        d = self.draft
        if m := _AUTHORITY.match(text):
            if d.authority:
                self.draft.unplaced.append(Note(para.where, text, "dòng thẩm quyền ký thứ hai"))
                return
            d.authority = f"{m.group(1).upper()}. {organisation_case(m.group(2))}"
            return
        if text.startswith("(") and text.endswith(")"):
            self.draft.notes.append(Note(para.where, text, "dòng trong ngoặc ở chỗ ký đã bỏ qua (chữ ký, dấu)"))
            return
        if not d.signer and (is_upper(text) or lower_ascii(text).startswith(_POSITIONS)):
            self.positions.append(text)
            return
        if not d.signer:
            d.signer = person_case(text)
            self.phase = "after"
            return
        self.draft.unplaced.append(Note(para.where, text, "nằm sau họ tên người ký"))

    def _appendix_line(self, para: Para, text: str) -> None:
        folded = lower_ascii(text)
        if folded.startswith("(kem theo"):
            return  # generated from the plan's own number and date
        if not self.task_tables:
            self.appendix_title.append(para)
        else:
            self.draft.unplaced.append(Note(para.where, text, "nằm sau bảng nhiệm vụ của Phụ lục"))

    # -- tables -----------------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        if task_columns(table):
            if self.task_tables:
                self.draft.notes.append(Note(table.where, _table_excerpt(table),
                                             "bảng nhiệm vụ thứ hai: các dòng được nối tiếp bảng thứ nhất"))
            self.task_tables.append(table)
            if self.phase == "summary":
                self.phase = "body"
            return
        if self.phase in ("summary", "body"):
            self.phase = "body"
            self.outline.add_table(_table_rows(table, self.draft), table.where)
            return
        self.draft.unplaced.append(Note(table.where, _table_excerpt(table),
                                        "bảng nằm sau phần chữ ký và không phải bảng nhiệm vụ (cần các cột Nội "
                                        "dung, Chủ trì)"))

    # -- result -----------------------------------------------------------------------------------
    def _finish(self) -> None:
        d = self.draft
        d.summary = " ".join(self.summary)
        if not d.summary:
            d.unplaced.append(Note("(phần đầu văn bản)", "", "không thấy trích yếu dưới chữ KẾ HOẠCH"))
        d.preamble, d.sections = self.outline.finish()
        if not d.sections:
            d.unplaced.append(Note("(cả văn bản)", "", "không thấy mục nào (I., II., …): kế hoạch cần ít nhất "
                                                       "một mục có tên"))
        d.closing = _closing(d.sections)
        if self.positions:
            d.position = position_case(" ".join(self.positions))
        if not d.signer:
            d.unplaced.append(Note("(phần chữ ký)", "", "không thấy chức vụ và họ tên người ký"))
        if not d.recipients:
            d.unplaced.append(Note("(phần chữ ký)", "", "không thấy “Nơi nhận:” và danh sách nơi nhận"))
        title = " ".join(plain(p.runs) for p in self.appendix_title)
        d.appendix_title = sentence_case(title)
        if title and d.appendix_title != title:
            d.notes.append(Note(self.appendix_title[0].where, title, "tên Phụ lục gõ chữ in hoa: đã chuyển sang "
                                                                     "chữ thường, kiểm tra lại tên riêng"))
        if self.task_tables:
            self._tasks()
        if not d.people and d.position:
            # co-quan.yaml needs someone to assign tasks to; the signer is the one officer the draft names.
            d.people = [Person(make_code(d.position, set()), d.position, "can_bo", d.signer)]
            d.notes.append(Note("(phần chữ ký)", d.position, "kế hoạch không có bảng nhiệm vụ: danh sách công chức "
                                                            "(can_bo) tạm ghi người ký; bổ sung khi giao nhiệm vụ"))

    def _tasks(self) -> None:
        d = self.draft
        found = [(t, *task_columns(t)) for t in self.task_tables]
        titles = [title for t, cols, head in found for row in t.rows[head:]
                  if (title := group_title(row, cols)) is not None]
        d.task_section = _task_section(d.sections, titles)
        areas = _areas(d.sections, d.task_section)
        if not areas:
            d.unplaced.append(Note(found[0][0].where, _table_excerpt(found[0][0]),
                                   f"mục {vn.roman(d.task_section)} không có khoản nào để xếp nhiệm vụ theo lĩnh vực"))
            return
        for table, cols, head in found:
            d.tasks.extend(read_tasks(table, cols, head, areas, d.year, self.people, d.unplaced, d.notes))
        # Codes count within each area across tables: renumber so that they stay unique.
        counts: dict[int, int] = {}
        renumbered = []
        for task in d.tasks:
            counts[task.area] = counts.get(task.area, 0) + 1
            renumbered.append(replace(task, code=f"{task.area}.{counts[task.area]}"))
        d.tasks = renumbered
        d.people = list(self.people.order)
        if not d.appendix_title:
            d.unplaced.append(Note(found[0][0].where, "", "không thấy tên Phụ lục (dòng in hoa trên bảng nhiệm vụ)"))


def _table_rows(table: Table, draft: Draft) -> tuple[tuple[str, ...], ...]:
    rows = []
    for r, row in enumerate(table.rows, start=1):
        cells = []
        for cell in row:
            # The header row's bold is the table's own look, not the clerk's emphasis.
            text = " ".join(markup(p.runs, bold=r > 1) for p in cell.paras) if not cell.continued else ""
            cells.extend([text] + [""] * (cell.span - 1))
        if any(c.continued for c in row) or any(c.span > 1 for c in row):
            draft.notes.append(Note(f"{table.where}, dòng {r}", " | ".join(c for c in cells if c),
                                    "ô gộp trong bảng: bảng của kế hoạch không gộp ô, nội dung được ghi vào ô đầu"))
        rows.append(tuple(cells))
    return tuple(rows)


def _table_excerpt(table: Table) -> str:
    return " | ".join(c.text for c in table.rows[0]) if table.rows else ""


def _areas(sections: list[Section], number: int) -> list[str]:
    if not 1 <= number <= len(sections):
        return []
    return [plain([Run(_unmark(i.heading_text))]) for i in sections[number - 1].items if i.kind == "khoan"]


def _unmark(text: str) -> str:
    return re.sub(r"(?<!\\)\*+", "", text).replace("\\*", "*")


def _task_section(sections: list[Section], titles: list[str]) -> int:
    """Return the mục whose khoản the appendix's groups name (most matches; mục II when none match)."""
    wanted = {lower_ascii(" ".join(t.split())).strip(" .:;") for t in titles}
    best, best_hits = 0, 0
    for n in range(1, len(sections) + 1):
        hits = sum(1 for a in _areas(sections, n) if lower_ascii(a).strip(" .:;") in wanted)
        if hits > best_hits:
            best, best_hits = n, hits
    if best:
        return best
    with_clauses = [n for n in range(1, len(sections) + 1) if _areas(sections, n)]
    return 2 if 2 in with_clauses else (with_clauses[0] if with_clauses else 2)


def _closing(sections: list[Section]) -> list[Item]:
    """Move the closing paragraph (ending “./.”) after the last numbered item of the last mục out of the body."""
    if not sections:
        return []
    items = sections[-1].items
    tail = len(items)
    while tail and items[tail - 1].kind == "doan":
        tail -= 1
    trailing = items[tail:]
    if not trailing or not trailing[-1].text.endswith("./."):
        return []
    if tail == 0:
        if len(items) < 2:
            return []
        trailing = items[-1:]
        tail = len(items) - 1
    del items[tail:]
    return trailing

