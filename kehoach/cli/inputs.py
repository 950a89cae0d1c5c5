"""Commands `nhap` (a plan drafted in Word or Markdown → a dossier), `xuat-excel` and `nhap-excel` (the task list)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..inputs.draft import Draft
from ..inputs.importing import import_draft


def add_subcommands(sub) -> None:
    p = sub.add_parser("nhap", help="nhập bản thảo kế hoạch soạn bằng Word (.docx) hoặc Markdown (.md) thành hồ sơ "
                       "dữ liệu", description="Đọc bản thảo kế hoạch (phần đầu, trích yếu, các mục đánh số tay "
                       "I., 1., 1.1., a), -, bảng, Nơi nhận, chữ ký, bảng Phụ lục nhiệm vụ) và ghi thành các tệp "
                       "dữ liệu của một hồ sơ mới trong thư mục dữ liệu. Những gì không đặt được đều được liệt kê.")
    p.add_argument("file", type=Path, metavar="TỆP", help="bản thảo .docx hoặc .md")
    p.add_argument("--ho-so", dest="ho_so", metavar="TÊN",
                   help="tên thư mục hồ sơ (chữ thường không dấu, số, dấu -); mặc định lấy từ tên tệp")
    p.add_argument("--ghi-de", dest="ghi_de", action="store_true",
                   help="thay hồ sơ đã có cùng tên (giữ lại tiến độ, báo cáo, thông báo của hồ sơ cũ)")
    p.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="thư mục dữ liệu")
    p.set_defaults(func=run_import)


def run_import(args) -> int:
    done = import_draft(args.file, args.data, args.ho_so, args.ghi_de)
    d = done.draft
    print(f"Đã nhập “{args.file.name}” vào hồ sơ {done.folder}/: {', '.join(done.written)}.")
    print(f"  {_counts(d)}")
    if done.kept:
        print(f"  Giữ nguyên từ hồ sơ cũ: {', '.join(done.kept)}.")
    if d.unplaced:
        print(f"Chưa đặt được ({len(d.unplaced)}) — sửa trong bản thảo rồi nhập lại, hoặc sửa trong tệp dữ liệu:")
        for note in d.unplaced:
            print(f"  - {note}")
    if d.notes:
        print(f"Đã tự hiểu ({len(d.notes)}) — hãy kiểm tra lại:")
        for note in d.notes:
            print(f"  - {note}")
    print("Tiếp theo: kehoach check để kiểm tra dữ liệu, kehoach build để dựng bản nháp.")
    return 0


def _counts(d: Draft) -> str:
    counts: dict[str, int] = {}

    def walk(items) -> None:
        for item in items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
            walk(item.children)

    for section in d.sections:
        walk(section.items)
    parts = [f"{len(d.sections)} mục"]
    for kind, name in (("khoan", "khoản"), ("tieu_khoan", "tiểu khoản"), ("diem", "điểm"), ("y", "ý"),
                       ("bang", "bảng")):
        if counts.get(kind):
            parts.append(f"{counts[kind]} {name}")
    parts.append(f"{len(d.tasks)} nhiệm vụ")
    officers = sum(1 for p in d.people if p.kind == "can_bo")
    units = len(d.people) - officers
    if d.people:
        parts.append(f"{officers} công chức, {units} đơn vị")
    return ", ".join(parts) + "."
