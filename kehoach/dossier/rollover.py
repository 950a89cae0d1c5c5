"""Last year's dossier moved to a new year: dates shifted, progress cleared, texts kept. Pure (text in, text out).

Works on ruamel round-trip trees so every comment and quote of the clerk's files survives; what it
changes is listed in notes the clerk reads once.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from ..rules import vn
from ..rules.district import after_abolition, names_district
from .editing import dump_yaml, load_yaml

ORGANISATION, PLAN, TASKS, PROGRESS, REPORT, NOTICE = (
    "co-quan.yaml", "ke-hoach.yaml", "nhiem-vu.yaml", "tien-do.yaml", "bao-cao.yaml", "thong-bao.yaml")


@dataclass
class Rollover:
    """The new dossier's files (name → text) and what was changed or left for the clerk to look at."""

    files: dict[str, str]
    notes: list[str] = field(default_factory=list)


def shift_years(day: dt.date, years: int) -> dt.date:
    """Return `day` moved by `years` years; 29/02 becomes 28/02 in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 2, 28)


def roll_forward(files: dict[str, str], name: str, year: int) -> Rollover:
    """Return `files` (a dossier, name → text) moved to `year` as dossier `name`."""
    trees = {n: load_yaml(text, n) for n, text in files.items() if n.endswith(".yaml")}
    untouched = {n: dump_yaml(t) for n, t in trees.items()}
    plan = trees[PLAN]
    old_year = _int(plan.get("nam"), year - 1)
    delta = year - old_year
    notes: list[str] = []

    for file in (PLAN, NOTICE, REPORT):
        if file in trees and "nam" in trees[file]:
            trees[file]["nam"] = _same_kind(trees[file]["nam"], _int(trees[file]["nam"], old_year) + delta)
    plan.pop("dong", None)
    had_id = "ma_ho_so" in plan
    plan["ma_ho_so"] = DoubleQuotedScalarString(name)
    if not had_id:
        plan.yaml_set_comment_before_after_key(
            "ma_ho_so", before="\nMã hồ sơ (tên thư mục): đứng đầu mã mỗi văn bản, ví dụ " + name + "/ke-hoach.")

    if TASKS in trees:
        moved = _shift_deadlines(trees[TASKS], delta)
        if moved:
            notes.append(f"{TASKS}: dời {moved} thời hạn sang năm {year} (29/02 thành 28/02 khi năm mới không có).")
    if PROGRESS in trees:
        progress = trees[PROGRESS]
        count = len(progress.get("cap_nhat") or {})
        progress["cap_nhat"] = CommentedMap()
        if "du_lieu_mau" in progress:
            progress["du_lieu_mau"] = False
        if count:
            notes.append(f"{PROGRESS}: xóa tiến độ của {count} nhiệm vụ (năm mới bắt đầu từ 0%).")
    if REPORT in trees and trees[REPORT].get("de_xuat"):
        trees[REPORT]["de_xuat"] = CommentedMap()
        notes.append(f"{REPORT}: xóa đề xuất, kiến nghị của các quý năm {old_year}.")
    if REPORT in trees and trees[REPORT].get("ky"):
        # What the clerk wrote for last year's periods (direction, assessment, proposals) is last year's.
        trees[REPORT]["ky"] = CommentedMap()
        notes.append(f"{REPORT}: xóa lời văn riêng của các kỳ báo cáo năm {old_year}.")

    notes += _drop_district(trees, year)
    out = dict(files)
    # A file left as it was keeps its exact text (the round trip may respace what it did not change).
    out.update({n: text for n, t in trees.items() if (text := dump_yaml(t)) != untouched[n]})
    notes += _old_years_in_text(out, old_year)
    return Rollover(out, notes)


def without_district(files: dict[str, str], year: int) -> Rollover:
    """Return `files` with the district lines removed where a document is signed after 01/7/2025."""
    trees = {n: load_yaml(text, n) for n, text in files.items() if n.endswith(".yaml")}
    notes = _drop_district(trees, year)
    return Rollover({**files, **{n: dump_yaml(t) for n, t in trees.items()}} if notes else dict(files), notes)


def _int(value, default: int) -> int:
    try:
        return int(str(value))
    except ValueError:
        return default


def _same_kind(old, new: int):
    """Return `new` written the way `old` was (number, or quoted text)."""
    return type(old)(str(new)) if isinstance(old, str) else new


def _shift_deadlines(node, delta: int) -> int:
    """Move every `thoi_han` date under `node` by `delta` years; return how many moved."""
    moved = 0
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            if key == "thoi_han" and isinstance(value, str) and "/" in value:
                try:
                    day = vn.parse_date(value)
                except ValueError:
                    continue
                node[key] = type(value)(vn.table_date(shift_years(day, delta)))
                moved += 1
            else:
                moved += _shift_deadlines(value, delta)
    elif isinstance(node, CommentedSeq):
        moved += sum(_shift_deadlines(item, delta) for item in node)
    return moved


def _drop_district(trees: dict[str, CommentedMap], year: int) -> list[str]:
    """Remove the district lines from what is signed after 01/7/2025, the way validation expects it."""
    notes = []
    late: list[tuple[str, str]] = []
    for file in (PLAN, NOTICE):
        tree = trees.get(file)
        if tree is not None and after_abolition(_int(tree.get("nam"), year), _int(tree.get("thang"), 1)):
            late.append((file, "noi_nhan"))
    if REPORT in trees and after_abolition(year, 12):  # the Quý IV report at least
        late += [(REPORT, "kinh_gui"), (REPORT, "noi_nhan")]
    org = trees.get(ORGANISATION)
    if late and org is not None and names_district(str(org.get("co_quan_chu_quan") or "")):
        notes.append(f"{ORGANISATION}: bỏ cơ quan chủ quản “{org['co_quan_chu_quan']}” (từ 01/7/2025 không còn "
                     "cấp huyện; ghi cơ quan cấp tỉnh nếu có).")
        org["co_quan_chu_quan"] = DoubleQuotedScalarString("")
    for file, key in late:
        items = trees[file].get(key)
        if not isinstance(items, list):
            continue
        gone = [str(x) for x in items if names_district(str(x))]
        if not gone:
            continue
        _remove(trees[file], key, [i for i, x in enumerate(items) if names_district(str(x))])
        what = "kính gửi" if key == "kinh_gui" else "nơi nhận"
        notes.append(f"{file}: bỏ {what} " + ", ".join(f"“{g}”" for g in gone) + ".")
        if key == "kinh_gui" and not items:
            recipients = trees[file].get("noi_nhan")
            if isinstance(recipients, list) and recipients and str(recipients[0]) == "Như trên":
                _remove(trees[file], "noi_nhan", [0])
                notes.append(f"{file}: bỏ “Như trên” ở nơi nhận (báo cáo không còn kính gửi; ghi nơi nhận "
                             "báo cáo mới vào kinh_gui nếu có).")
    return notes


def _remove(tree: CommentedMap, key: str, indexes: list[int]) -> None:
    """Delete items of the list `tree[key]`, keeping the comment that followed its last item."""
    items = tree[key]
    last = len(items) - 1
    trailing = items.ca.items.pop(last, None)
    for i in sorted(indexes, reverse=True):
        items.ca.items.pop(i, None)
        del items[i]
    if trailing is None:
        return
    if items:
        items.ca.items.setdefault(len(items) - 1, trailing)
        return
    # An empty list has no item to hang the comment on: it goes before the next key instead.
    keys = list(tree)
    following = keys[keys.index(key) + 1] if keys.index(key) + 1 < len(keys) else None
    text = trailing[0].value if trailing[0] is not None else ""
    lines = [line[1:].strip() if line.startswith("#") else "" for line in text.strip("\n").split("\n")]
    if following is not None and any(lines):
        tree.yaml_set_comment_before_after_key(following, before="\n".join(lines))


def _old_years_in_text(files: dict[str, str], old_year: int) -> list[str]:
    """Point at the texts that still name last year's numbers: they are kept as written."""
    years = re.compile(rf"\b({old_year - 1}|{old_year})\b")
    where = []
    for name, text in files.items():
        lines = [i for i, line in enumerate(text.splitlines(), start=1)
                 if years.search(line) and not line.lstrip().startswith("#")]
        if lines:
            shown = ", ".join(map(str, lines[:8])) + (" …" if len(lines) > 8 else "")
            where.append(f"{name} dòng {shown}")
    if not where:
        return []
    return [f"Lời văn còn ghi năm {old_year - 1} hoặc {old_year} (giữ nguyên, hãy sửa nếu cần): " + "; ".join(where)]
