"""Commands `nhap` (a plan drafted in Word or Markdown → a dossier), `xuat-excel` and `nhap-excel` (the task list)."""
from __future__ import annotations

from pathlib import Path

from ..errors import KehoachError, Problem
from .values import add_data

TYPE_CHECKING = False  # as typing.TYPE_CHECKING, without loading `typing` on every start
if TYPE_CHECKING:
    from ..inputs.draft import Draft


def add_subcommands(sub) -> None:
    p = sub.add_parser("nhap", help="nhập bản thảo kế hoạch soạn bằng Word (.docx) hoặc Markdown (.md) thành hồ sơ "
                       "dữ liệu", description="Đọc bản thảo kế hoạch (phần đầu, trích yếu, các mục đánh số tay "
                       "I., 1., 1.1., a), -, bảng, Nơi nhận, chữ ký, bảng Phụ lục nhiệm vụ) và ghi thành các tệp "
                       "dữ liệu của một hồ sơ mới trong thư mục dữ liệu. Những gì không đặt được đều được liệt kê.",
                       epilog="Ví dụ: kehoach nhap \"Ke hoach CCHC 2025.docx\" --ho-so tan-phu-2025")
    p.add_argument("file", type=Path, metavar="TỆP", help="bản thảo .docx hoặc .md")
    p.add_argument("--ho-so", dest="ho_so", metavar="TÊN",
                   help="tên thư mục hồ sơ (chữ thường không dấu, số, dấu -); mặc định lấy từ tên tệp")
    p.add_argument("--ghi-de", dest="ghi_de", action="store_true",
                   help="thay hồ sơ đã có cùng tên (giữ lại tiến độ, báo cáo, thông báo của hồ sơ cũ)")
    add_data(p)
    p.set_defaults(func=run_import)

    p = sub.add_parser("xuat-excel", help="xuất danh sách nhiệm vụ (Phụ lục) của một hồ sơ ra tệp Excel để sửa",
                       description="Ghi các nhiệm vụ trong nhiem-vu.yaml ra tệp .xlsx: chọn lĩnh vực, công chức, "
                       "đơn vị trong danh sách; thời hạn là ngày hoặc Thường xuyên, Hằng tháng, Hằng quý, Hằng năm. "
                       "Sửa xong thì nhập lại bằng lệnh nhap-excel.",
                       epilog="Ví dụ: kehoach xuat-excel son-giang-2024 --out nhiem-vu.xlsx")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="tên thư mục hồ sơ trong thư mục dữ liệu")
    p.add_argument("--out", dest="xlsx", type=Path, metavar="TỆP.xlsx",
                   help="tệp Excel sẽ ghi (mặc định: out/HỒ_SƠ/nhiem-vu.xlsx)")
    add_data(p)
    p.set_defaults(func=run_export_excel)

    p = sub.add_parser("nhap-excel", help="nhập lại danh sách nhiệm vụ đã sửa trong Excel vào hồ sơ",
                       description="Đọc tệp .xlsx (tạo bằng xuat-excel), kiểm tra từng ô; có ô sai thì báo đúng "
                       "sheet, dòng, cột và không thay đổi gì; nếu đúng thì ghi vào nhiem-vu.yaml (giữ nguyên các "
                       "dòng ghi chú) và liệt kê những gì đã thay đổi.",
                       epilog="Ví dụ: kehoach nhap-excel son-giang-2024 nhiem-vu.xlsx")
    p.add_argument("ho_so", metavar="HỒ_SƠ", help="tên thư mục hồ sơ trong thư mục dữ liệu")
    p.add_argument("xlsx", type=Path, metavar="TỆP.xlsx", help="tệp Excel đã sửa")
    add_data(p)
    p.set_defaults(func=run_import_excel)


def run_import(args) -> int:
    from ..inputs.importing import import_draft  # Word, Markdown readers: only for this command

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


def _folder(args) -> Path:
    folder = Path(args.data) / args.ho_so
    if not folder.is_dir():
        raise KehoachError(Problem(f"không có hồ sơ “{args.ho_so}” trong thư mục dữ liệu {args.data}"))
    return folder


def run_export_excel(args) -> int:
    from ..inputs.task_sync import write_workbook  # openpyxl: only for this command

    folder = _folder(args)
    out = args.xlsx or Path(args.out) / args.ho_so / "nhiem-vu.xlsx"
    count = write_workbook(folder, out)
    print(f"Đã ghi {count} nhiệm vụ của hồ sơ {args.ho_so} vào {out}.")
    print(f"Sửa trong Excel, lưu lại, rồi chạy: kehoach nhap-excel {args.ho_so} {out}")
    return 0


def run_import_excel(args) -> int:
    from ..inputs.task_sync import new_codes, update_from_workbook

    folder = _folder(args)
    changes = update_from_workbook(folder, args.xlsx)
    if not changes:
        print(f"Tệp {args.xlsx.name} giống dữ liệu hiện có: không có gì thay đổi.")
        return 0
    print(f"Đã ghi {folder / 'nhiem-vu.yaml'} ({len(changes)} thay đổi):")
    for line in changes:
        print(f"  - {line}")
    if new_codes(changes):
        print(f"Các dòng mới đã được cấp mã: hãy xuất lại tệp (kehoach xuat-excel {args.ho_so}) trước khi sửa tiếp.")
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
