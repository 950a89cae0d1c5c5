"""Keep nhiem-vu.yaml and the clerk's Excel task list in step: export, then read back showing what changed and
writing only when every cell and the dossier as a whole check out."""
from __future__ import annotations

import shutil
import tempfile
from dataclasses import replace
from pathlib import Path

from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted
from ruamel.yaml.scalarstring import ScalarString

from ..dossier.editing import CommentedMap, CommentedSeq, edit_yaml
from ..dossier.loading import load_dossier
from ..dossier.model import Dossier, Task
from ..dossier.validation import check_dossier
from ..errors import KehoachError, Problem
from ..files import write_atomic
from ..rules import vn
from ..rules.periods import RECURRENCES, Recurrence, deadline_text
from ..tracking.status import tasks
from .tasks_excel import SheetTask, assignee_names, export_tasks, read_tasks

TASK_FILE = "nhiem-vu.yaml"


def load_checked(folder: Path) -> Dossier:
    """Return the dossier in `folder`; KehoachError with its errors when it does not check out."""
    dossier, marks, problems = load_dossier(Path(folder))
    problems += check_dossier(dossier, marks)
    errors = [p for p in problems if p.is_error]
    if errors:
        raise KehoachError(errors)
    return dossier


def write_workbook(folder: Path, out: Path) -> int:
    """Write the task list of the dossier in `folder` to the workbook `out`; return the number of tasks."""
    dossier = load_checked(folder)
    write_atomic(Path(out), export_tasks(dossier))
    return len(tasks(dossier))


def update_from_workbook(folder: Path, workbook: Path) -> list[str]:
    """Read the workbook back into `folder`/nhiem-vu.yaml; return the changes, one line each.

    Raise KehoachError, changing nothing, when a cell is wrong or the dossier would not
    check out with the new tasks (e.g. progress recorded for a task the sheet removed).
    """
    folder = Path(folder)
    if not (folder / TASK_FILE).is_file():
        raise KehoachError(Problem(f"hồ sơ chưa có {TASK_FILE}: tạo tệp này với “tieu_de” (tên Phụ lục) và "
                                   "“linh_vuc: []” rồi nhập lại bảng Excel", file=str(folder / TASK_FILE)))
    dossier = load_checked(folder)
    rows = assign_codes(read_tasks(Path(workbook), dossier), dossier)
    lines = describe_changes(dossier, rows)
    if not lines:
        return []
    _check_result(folder, rows)
    edit_yaml(folder / TASK_FILE, lambda root: apply_rows(root, rows))
    return lines


def new_codes(lines: list[str]) -> bool:
    """Return whether the changes gave codes to rows added in Excel (the workbook then needs exporting again)."""
    return any(line.startswith("Thêm nhiệm vụ") for line in lines)


def _check_result(folder: Path, rows: list[SheetTask]) -> None:
    """Load a copy of the dossier with the new tasks; raise KehoachError (naming the real files) on errors."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / folder.name
        shutil.copytree(folder, copy)
        edit_yaml(copy / TASK_FILE, lambda root: apply_rows(root, rows))
        try:
            dossier, marks, problems = load_dossier(copy)
            problems += check_dossier(dossier, marks)
        except KehoachError as e:
            problems = e.problems
        errors = [p.replace(file=p.file.replace(str(copy), str(folder)) if p.file else p.file,
                            message=f"{p.message} (lỗi này sẽ có nếu nhập bảng Excel; chưa thay đổi gì)")
                  for p in problems if p.is_error]
    if errors:
        raise KehoachError(errors)


# -- pure parts -------------------------------------------------------------------------------------
def assign_codes(rows: list[SheetTask], d: Dossier) -> list[SheetTask]:
    """Give rows added in Excel (no Mã) a new code `<khoản>.<n>` not used by any task, old or new."""
    taken = {r.code for r in rows if r.code} | {t.id for t in tasks(d)}
    out = []
    for row in rows:
        if not row.code:
            n = 1
            while f"{row.area}.{n}" in taken:
                n += 1
            row = replace(row, code=f"{row.area}.{n}")
            taken.add(row.code)
        out.append(row)
    return out


def describe_changes(d: Dossier, rows: list[SheetTask]) -> list[str]:
    """Return what the rows change in `d`'s tasks, field by field (empty when nothing does)."""
    names = assignee_names(d)
    old = {t.id: t for t in tasks(d)}
    new_ids = {r.code for r in rows}
    lines = []
    for row in rows:
        task = old.get(row.code)
        if task is None:
            lines.append(f"Thêm nhiệm vụ {row.code} (dòng {row.row}, khoản {row.area}): {row.content}")
            continue
        fields = _field_changes(task, row, names)
        if fields:
            lines.append(f"Sửa nhiệm vụ {row.code} (dòng {row.row}): " + "; ".join(fields))
    for task in tasks(d):
        if task.id not in new_ids:
            lines.append(f"Bỏ nhiệm vụ {task.id}: {task.content}")
    for area in sorted({r.area for r in rows}):
        before = [t.id for t in tasks(d) if t.area == area and t.id in new_ids]
        after = [r.code for r in rows if r.area == area and r.code in old and old[r.code].area == area]
        if before != after and sorted(before) == sorted(after):
            lines.append(f"Đổi thứ tự nhiệm vụ trong khoản {area}: {', '.join(after)}")
    return lines


def _field_changes(task: Task, row: SheetTask, names: dict[str, str]) -> list[str]:
    def who(codes) -> str:
        return ", ".join(names.get(c, c) for c in codes) or "(không)"

    out = []
    if task.area != row.area:
        out.append(f"lĩnh vực khoản {task.area} → khoản {row.area}")
    if task.content != row.content:
        out.append(f"nội dung “{task.content}” → “{row.content}”")
    if task.lead != row.lead:
        out.append(f"chủ trì {who([task.lead])} → {who([row.lead])}")
    if tuple(task.support) != row.support:
        out.append(f"phối hợp {who(task.support)} → {who(row.support)}")
    if task.deadline != row.deadline:
        out.append(f"thời hạn {deadline_text(task.deadline)} → {deadline_text(row.deadline)}")
    if task.output != row.output:
        out.append(f"sản phẩm “{task.output}” → “{row.output}”")
    return out


def apply_rows(root: CommentedMap, rows: list[SheetTask]) -> None:
    """Make the `linh_vuc` tree of nhiem-vu.yaml hold `rows`, touching only what differs (comments stay)."""
    groups = root.setdefault("linh_vuc", CommentedSeq())
    by_area: dict[int, CommentedMap] = {}
    by_code: dict[str, CommentedMap] = {}
    for group in groups:
        by_area.setdefault(int(str(group["khoan"])), group)
        for task in group.get("nhiem_vu") or []:
            by_code[str(task["ma"])] = task
    new_groups = []
    for area in sorted({r.area for r in rows}):
        group = by_area.get(area)
        if group is None:
            group = CommentedMap(khoan=area, nhiem_vu=CommentedSeq())
        maps = []
        for row in (r for r in rows if r.area == area):
            task = by_code.get(row.code)
            if task is None:
                task = CommentedMap(ma=Quoted(row.code))
            _update(task, row)
            maps.append(task)
        _replace_items(group.setdefault("nhiem_vu", CommentedSeq()), maps)
        new_groups.append(group)
    _replace_items(groups, new_groups)


def _replace_items(seq: CommentedSeq, items: list) -> None:
    """Make `seq` hold `items` in order, leaving it untouched when it already does (a no-op stays byte-identical)."""
    if [id(x) for x in seq] != [id(x) for x in items]:
        del seq[:]
        seq.extend(items)


def _update(task: CommentedMap, row: SheetTask) -> None:
    _set_text(task, "noi_dung", row.content)
    if _plain(task.get("chu_tri")) != row.lead:
        task["chu_tri"] = row.lead
    old_support = [_plain(s) for s in task.get("phoi_hop") or []]
    if old_support != list(row.support):
        if not row.support:
            del task["phoi_hop"]
        elif isinstance(task.get("phoi_hop"), CommentedSeq):
            del task["phoi_hop"][:]
            task["phoi_hop"].extend(row.support)
        else:
            flow = CommentedSeq(row.support)
            flow.fa.set_flow_style()
            task.insert(list(task).index("chu_tri") + 1 if "chu_tri" in task else len(task), "phoi_hop", flow)
    if _old_deadline(task.get("thoi_han")) != row.deadline:
        task["thoi_han"] = row.deadline.key if isinstance(row.deadline, Recurrence) \
            else Quoted(vn.table_date(row.deadline))
    _set_text(task, "san_pham", row.output)


def _set_text(task: CommentedMap, key: str, value: str) -> None:
    old = task.get(key)
    if _plain(old) != value:
        # Keep the clerk's quoting style for the field; new fields are quoted like the bundled data.
        task[key] = type(old)(value) if isinstance(old, ScalarString) else Quoted(value)


def _plain(value) -> str:
    return " ".join(vn.nfc(str(value)).split()) if value is not None else ""


def _old_deadline(value):
    text = _plain(value)
    if text in RECURRENCES:
        return RECURRENCES[text]
    try:
        return vn.parse_date(text)
    except ValueError:
        return None

