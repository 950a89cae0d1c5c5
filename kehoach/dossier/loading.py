"""Load a dossier's YAML (Vietnamese keys) into typed values, keeping line marks; the only code that sees raw YAML."""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..rules import vn
from ..errors import KehoachError, Problem
from .model import (Appendix, Clause, Dossier, NoticeSettings, Officer, Organisation, PlanText,
                    ReportSettings, Section, Signer, Task, Update)
from ..rules.periods import RECURRENCES

FILES = ("co-quan.yaml", "ke-hoach.yaml", "nhiem-vu.yaml", "tien-do.yaml", "bao-cao.yaml",
         "thong-bao.yaml")


@dataclass
class Node:
    """A YAML value with the line it starts on; `value` is str, list[Node] or dict[str, Node]."""

    value: object
    line: int


@dataclass
class Marks:
    """Where each field was written: (file, field path) → line, for messages found after loading."""

    folder: str = ""
    lines: dict[tuple[str, str], int] = field(default_factory=dict)
    task_paths: list[str] = field(default_factory=list)  # path of each task in nhiem-vu.yaml, in order

    def problem(self, file: str, path: str, message: str, severity: str = "lỗi") -> Problem:
        """Return a Problem located at `path` of `file` (the nearest enclosing field when unknown)."""
        probe = path
        while probe and (file, probe) not in self.lines:
            probe = probe.rpartition(".")[0] if "." in probe else ""
        return Problem(message, file=file, line=self.lines.get((file, probe)), field=path,
                       severity=severity)


def parse_yaml(text: str, file: str) -> Node:
    """Parse `text` into Nodes; raise KehoachError on syntax errors and duplicate keys."""
    try:
        # BaseLoader resolves every scalar as a string: `012` stays "012", `no` stays "no".
        root = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        line = mark.line + 1 if mark else None
        hint = "kiểm tra dấu hai chấm, dấu ngoặc kép và thụt lề (dùng dấu cách, không dùng Tab)"
        raise KehoachError(Problem(f"sai cú pháp YAML ({e.problem}); {hint}", file=file,
                                   line=line)) from e
    if root is None:
        return Node({}, 1)
    duplicates: list[Problem] = []
    node = _convert(root, file, "", duplicates)
    if duplicates:
        raise KehoachError(duplicates)
    return node


def _convert(node, file: str, path: str, duplicates: list[Problem]) -> Node:
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = vn.nfc(str(key_node.value))
            sub = f"{path}.{key}" if path else key
            if key in out:
                duplicates.append(Problem(
                    f"khóa “{key}” bị lặp (đã có ở dòng {out[key].line}); mỗi khóa chỉ được ghi một lần",
                    file=file, line=key_node.start_mark.line + 1, field=sub))
                continue
            child = _convert(value_node, file, sub, duplicates)
            child.line = key_node.start_mark.line + 1  # the clerk looks for the key, not its value
            out[key] = child
        return Node(out, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_convert(v, file, f"{path}[{i + 1}]", duplicates)
                     for i, v in enumerate(node.value)], line)
    return Node(vn.nfc(node.value), line)


class Reader:
    """Walks one file's Nodes, turning them into values and collecting every problem."""

    def __init__(self, file: str, marks: Marks, problems: list[Problem]):
        self.file = file
        self.marks = marks
        self.problems = problems

    def fail(self, node: Node | None, path: str, message: str) -> None:
        line = node.line if node is not None else self.marks.lines.get((self.file, path))
        self.problems.append(Problem(message, file=self.file, line=line, field=path or None))

    def mapping(self, node: Node, path: str, required: tuple[str, ...],
                optional: tuple[str, ...] = ()) -> dict[str, Node]:
        """Return the keys of a mapping; report unknown keys (with a hint) and missing required ones."""
        self.marks.lines[(self.file, path)] = node.line
        if not isinstance(node.value, dict):
            self.fail(node, path, f"cần một nhóm khóa: giá trị ({_kind(node)}) không đúng dạng")
            return {}
        known = required + optional
        for key, sub in node.value.items():
            sub_path = f"{path}.{key}" if path else key
            self.marks.lines[(self.file, sub_path)] = sub.line
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; có phải là “{close[0]}”?" if close else f"; các khóa hợp lệ: {', '.join(known)}"
                self.fail(sub, sub_path, f"khóa “{key}” không được dùng ở đây{hint}")
        for key in required:
            if key not in node.value:
                self.fail(node, f"{path}.{key}" if path else key, f"thiếu khóa bắt buộc “{key}”")
        return {k: v for k, v in node.value.items() if k in known}

    def entries(self, node: Node, path: str) -> dict[str, Node]:
        """Return a mapping whose keys are the clerk's own (task ids, quarter numbers)."""
        keys = tuple(node.value) if isinstance(node.value, dict) else ()
        return self.mapping(node, path, (), keys)

    def text(self, node: Node | None, path: str, default: str | None = None) -> str:
        if node is None:
            return default if default is not None else ""
        if not isinstance(node.value, str):
            self.fail(node, path, f"cần một dòng chữ, nhưng gặp {_kind(node)}")
            return ""
        value = " ".join(node.value.split())
        if not value and default is None:
            self.fail(node, path, "không được để trống")
        return value

    def integer(self, node: Node | None, path: str, lo: int, hi: int) -> int:
        value = self.text(node, path)
        if not value:
            return lo
        if not value.isdigit() or not lo <= int(value) <= hi:
            self.fail(node, path, f"cần một số nguyên từ {lo} đến {hi}, nhưng gặp “{value}”")
            return lo
        return int(value)

    def boolean(self, node: Node | None, path: str) -> bool:
        value = self.text(node, path, default="").lower()
        if value in ("", "false", "no", "khong", "không"):
            return False
        if value in ("true", "yes", "co", "có"):
            return True
        self.fail(node, path, f"cần true hoặc false, nhưng gặp “{value}”")
        return False

    def date(self, node: Node | None, path: str):
        value = self.text(node, path)
        if not value:
            return None
        try:
            return vn.parse_date(value)
        except ValueError as e:
            self.fail(node, path, str(e))
            return None

    def items(self, node: Node | None, path: str, allow_empty: bool = False) -> list[tuple[str, Node]]:
        """Return (path, node) for each element of a list."""
        if node is None:
            return []
        if not isinstance(node.value, list):
            self.fail(node, path, f"cần một danh sách (mỗi dòng bắt đầu bằng “- ”), nhưng gặp {_kind(node)}")
            return []
        if not node.value and not allow_empty:
            self.fail(node, path, "danh sách không được để trống")
        out = []
        for i, sub in enumerate(node.value):
            sub_path = f"{path}[{i + 1}]"
            self.marks.lines[(self.file, sub_path)] = sub.line
            out.append((sub_path, sub))
        return out

    def texts(self, node: Node | None, path: str, allow_empty: bool = False) -> tuple[str, ...]:
        return tuple(self.text(sub, p) for p, sub in self.items(node, path, allow_empty))


def _kind(node: Node) -> str:
    if isinstance(node.value, dict):
        return "một nhóm khóa"
    if isinstance(node.value, list):
        return "một danh sách"
    return f"“{node.value}”"


def load_dossier(folder: Path) -> tuple[Dossier, Marks, list[Problem]]:
    """Read one dossier folder; return it with the field problems found while reading.

    Raise KehoachError when a file is missing or not YAML at all. Field problems are
    returned instead, so that validation can add its own and the clerk sees all at once.
    """
    folder = Path(folder)
    problems: list[Problem] = []
    marks = Marks(folder=str(folder))
    roots: dict[str, Node] = {}
    for name in FILES:
        path = folder / name
        shown = str(path)
        if not path.is_file():
            problems.append(Problem(f"thiếu tệp dữ liệu {name} trong hồ sơ {folder.name}", file=shown))
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem("tệp không ở mã UTF-8; hãy lưu lại tệp với bảng mã UTF-8",
                                    file=shown))
            continue
        try:
            roots[name] = parse_yaml(text, shown)
        except KehoachError as e:
            problems.extend(e.problems)
    if problems:
        raise KehoachError(problems)

    def reader(name: str) -> Reader:
        return Reader(str(folder / name), marks, problems)

    org = _organisation(reader("co-quan.yaml"), roots["co-quan.yaml"])
    plan = _plan(reader("ke-hoach.yaml"), roots["ke-hoach.yaml"])
    appendix = _appendix(reader("nhiem-vu.yaml"), roots["nhiem-vu.yaml"])
    progress, sample = _progress(reader("tien-do.yaml"), roots["tien-do.yaml"])
    report = _report(reader("bao-cao.yaml"), roots["bao-cao.yaml"])
    notice = _notice(reader("thong-bao.yaml"), roots["thong-bao.yaml"])
    dossier = Dossier(folder.name, org, plan, appendix, progress, sample, report, notice)
    return dossier, marks, problems


def _organisation(r: Reader, root: Node) -> Organisation:
    m = r.mapping(root, "", ("co_quan", "ten_viet_tat", "dong_ten_co_quan", "ky_hieu", "dia_danh",
                             "nguoi_ky", "can_bo"), ("co_quan_chu_quan",))
    signer_map = r.mapping(m["nguoi_ky"], "nguoi_ky", ("tham_quyen", "chuc_vu", "ho_ten")) \
        if "nguoi_ky" in m else {}
    signer = Signer(r.text(signer_map.get("tham_quyen"), "nguoi_ky.tham_quyen", default=""),
                    r.text(signer_map.get("chuc_vu"), "nguoi_ky.chuc_vu"),
                    r.text(signer_map.get("ho_ten"), "nguoi_ky.ho_ten"))
    officers = []
    for path, node in r.items(m.get("can_bo"), "can_bo"):
        o = r.mapping(node, path, ("ma", "chuc_danh"), ("ho_ten",))
        officers.append(Officer(r.text(o.get("ma"), f"{path}.ma"),
                                r.text(o.get("chuc_danh"), f"{path}.chuc_danh"),
                                r.text(o.get("ho_ten"), f"{path}.ho_ten", default="")))
    return Organisation(
        supervisor=r.text(m.get("co_quan_chu_quan"), "co_quan_chu_quan", default=""),
        name=r.text(m.get("co_quan"), "co_quan"),
        short_name=r.text(m.get("ten_viet_tat"), "ten_viet_tat"),
        header_lines=r.texts(m.get("dong_ten_co_quan"), "dong_ten_co_quan"),
        code=r.text(m.get("ky_hieu"), "ky_hieu"),
        place=r.text(m.get("dia_danh"), "dia_danh"),
        signer=signer,
        officers=tuple(officers),
    )


def _plan(r: Reader, root: Node) -> PlanText:
    m = r.mapping(root, "", ("loai", "thang", "nam", "trich_yeu", "muc", "noi_nhan"),
                  ("mo_dau", "ket_thuc"))
    sections = []
    for path, node in r.items(m.get("muc"), "muc"):
        s = r.mapping(node, path, ("tieu_de", "khoan"))
        clauses = []
        for cpath, cnode in r.items(s.get("khoan"), f"{path}.khoan"):
            c = r.mapping(cnode, cpath, (), ("tieu_de", "diem", "doan", "noi_dung"))
            clause = Clause(
                title=r.text(c.get("tieu_de"), f"{cpath}.tieu_de", default=""),
                points=r.texts(c.get("diem"), f"{cpath}.diem"),
                paragraphs=r.texts(c.get("doan"), f"{cpath}.doan"),
                text=r.text(c.get("noi_dung"), f"{cpath}.noi_dung", default=""),
            )
            if c and not clause.title and not clause.text:
                r.fail(cnode, cpath, "khoản cần có “tieu_de” (khoản có tên) hoặc “noi_dung” (khoản không tên)")
            if clause.text and (clause.title or clause.points or clause.paragraphs):
                r.fail(cnode, cpath, "khoản không tên chỉ có “noi_dung”; khoản có tên dùng “tieu_de” với “diem”/“doan”")
            clauses.append(clause)
        sections.append(Section(r.text(s.get("tieu_de"), f"{path}.tieu_de"), tuple(clauses)))
    return PlanText(
        type_code=r.text(m.get("loai"), "loai"),
        month=r.integer(m.get("thang"), "thang", 1, 12),
        year=r.integer(m.get("nam"), "nam", 1945, 2999),
        summary=r.text(m.get("trich_yeu"), "trich_yeu"),
        preamble=r.texts(m.get("mo_dau"), "mo_dau", allow_empty=True),
        sections=tuple(sections),
        closing=r.texts(m.get("ket_thuc"), "ket_thuc", allow_empty=True),
        recipients=r.texts(m.get("noi_nhan"), "noi_nhan"),
    )


def _appendix(r: Reader, root: Node) -> Appendix:
    m = r.mapping(root, "", ("tieu_de", "linh_vuc"), ("du_lieu_mau", "muc"))
    section = r.integer(m.get("muc"), "muc", 1, 50) if "muc" in m else 2
    tasks = []
    for path, node in r.items(m.get("linh_vuc"), "linh_vuc"):
        g = r.mapping(node, path, ("khoan", "nhiem_vu"))
        area = r.integer(g.get("khoan"), f"{path}.khoan", 1, 50)
        for tpath, tnode in r.items(g.get("nhiem_vu"), f"{path}.nhiem_vu"):
            t = r.mapping(tnode, tpath, ("ma", "noi_dung", "chu_tri", "thoi_han", "san_pham"),
                          ("phoi_hop",))
            task_id = r.text(t.get("ma"), f"{tpath}.ma")
            r.marks.task_paths.append(tpath)
            tasks.append(Task(
                id=task_id,
                area=area,
                content=r.text(t.get("noi_dung"), f"{tpath}.noi_dung"),
                lead=r.text(t.get("chu_tri"), f"{tpath}.chu_tri"),
                support=r.texts(t.get("phoi_hop"), f"{tpath}.phoi_hop", allow_empty=True),
                deadline=_deadline(r, t.get("thoi_han"), f"{tpath}.thoi_han"),
                output=r.text(t.get("san_pham"), f"{tpath}.san_pham"),
            ))
    return Appendix(r.text(m.get("tieu_de"), "tieu_de"), section, tuple(tasks),
                    r.boolean(m.get("du_lieu_mau"), "du_lieu_mau"))


def _deadline(r: Reader, node: Node | None, path: str):
    value = r.text(node, path)
    if value in RECURRENCES:
        return RECURRENCES[value]
    if "/" in value:
        return r.date(node, path)
    if value:
        r.fail(node, path, "thời hạn cần là ngày/tháng/năm (ví dụ 30/06/2024) hoặc một trong: "
               + ", ".join(RECURRENCES))
    return None


def _progress(r: Reader, root: Node) -> tuple[dict[str, tuple[Update, ...]], bool]:
    m = r.mapping(root, "", (), ("du_lieu_mau", "cap_nhat"))
    out: dict[str, tuple[Update, ...]] = {}
    updates_node = m.get("cap_nhat")
    if updates_node is not None:
        for task_id, node in r.entries(updates_node, "cap_nhat").items():
            updates = []
            for path, unode in r.items(node, f"cap_nhat.{task_id}"):
                u = r.mapping(unode, path, ("ngay", "tien_do"), ("ghi_chu",))
                day = r.date(u.get("ngay"), f"{path}.ngay")
                percent = r.integer(u.get("tien_do"), f"{path}.tien_do", 0, 100)
                if day is not None:
                    updates.append(Update(day, percent, r.text(u.get("ghi_chu"), f"{path}.ghi_chu",
                                                               default="")))
            out[task_id] = tuple(sorted(updates, key=lambda u: u.date))
    return out, r.boolean(m.get("du_lieu_mau"), "du_lieu_mau")


def _report(r: Reader, root: Node) -> ReportSettings:
    m = r.mapping(root, "", ("loai", "trich_yeu", "noi_nhan"), ("kinh_gui", "de_xuat"))
    proposals: dict[int, tuple[str, ...]] = {}
    node = m.get("de_xuat")
    if node is not None:
        for key, sub in r.entries(node, "de_xuat").items():
            if key not in ("1", "2", "3", "4"):
                r.fail(sub, f"de_xuat.{key}", f"quý “{key}” không tồn tại; dùng 1, 2, 3 hoặc 4")
                continue
            proposals[int(key)] = r.texts(sub, f"de_xuat.{key}", allow_empty=True)
    return ReportSettings(
        type_code=r.text(m.get("loai"), "loai"),
        summary=r.text(m.get("trich_yeu"), "trich_yeu"),
        addressees=r.texts(m.get("kinh_gui"), "kinh_gui", allow_empty=True),
        recipients=r.texts(m.get("noi_nhan"), "noi_nhan"),
        proposals=proposals,
    )


def _notice(r: Reader, root: Node) -> NoticeSettings:
    m = r.mapping(root, "", ("loai", "thang", "nam", "trich_yeu", "noi_nhan"), ("ket_thuc",))
    return NoticeSettings(
        type_code=r.text(m.get("loai"), "loai"),
        month=r.integer(m.get("thang"), "thang", 1, 12),
        year=r.integer(m.get("nam"), "nam", 1945, 2999),
        summary=r.text(m.get("trich_yeu"), "trich_yeu"),
        closing=r.texts(m.get("ket_thuc"), "ket_thuc", allow_empty=True),
        recipients=r.texts(m.get("noi_nhan"), "noi_nhan"),
    )
