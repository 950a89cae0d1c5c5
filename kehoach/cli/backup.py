"""Commands `sao-luu` (one dated, checked backup zip) and `khoi-phuc` (bring back what is missing or damaged)."""
from __future__ import annotations

from pathlib import Path

from .values import data_parent


def add_subcommands(sub) -> None:
    data = data_parent()

    p = sub.add_parser(
        "sao-luu", parents=[data], help="sao lưu sổ đăng ký và mọi bản gốc vào một tệp .zip có ngày giờ",
        description="Ghi một tệp kehoach-sao-luu-NĂMTHÁNGNGÀY-GIỜ.zip chứa sổ đăng ký, mọi bản gốc trong kho lưu "
        "và bảng mã băm của từng tệp; đọc lại và kiểm tra tệp vừa ghi. Mặc định ghi vào thư mục sao-luu cạnh kho "
        "lưu; nên chép thêm ra ổ USB.",
        epilog="Ví dụ: kehoach sao-luu E:\\sao-luu-van-thu")
    p.add_argument("dest", metavar="DICH", nargs="?", type=Path,
                   help="thư mục (hoặc tên tệp .zip) ghi bản sao lưu (mặc định: sao-luu/ cạnh thư mục lưu)")
    p.set_defaults(func=run_backup)

    p = sub.add_parser(
        "khoi-phuc", parents=[data], help="khôi phục sổ đăng ký và bản gốc bị mất hoặc hỏng từ một bản sao lưu",
        description="Kiểm tra bản sao lưu, rồi khôi phục sổ đăng ký (nếu sổ hiện tại mất, hỏng hoặc cũ hơn) và "
        "những bản gốc bị mất hoặc hỏng. Bản gốc còn tốt không bao giờ bị ghi đè; tệp hỏng được chuyển ra thư mục "
        "khoi-phuc-… cạnh kho lưu, không bị xóa.",
        epilog="Ví dụ: kehoach khoi-phuc sao-luu/kehoach-sao-luu-20240402-170000.zip")
    p.add_argument("file", metavar="TỆP.zip", type=Path, help="bản sao lưu do `kehoach sao-luu` ghi")
    p.set_defaults(func=run_restore)


def run_backup(args) -> int:
    from ..register import backup
    from .intake import register_project

    project = register_project(args)
    path, manifest = backup.write_backup(project, args.dest)
    originals = sum(1 for rel in manifest.files if rel.endswith((".docx", ".pdf")) and "/" in rel)
    print(f"Đã sao lưu vào {path}: sổ đăng ký (đến sự kiện {manifest.head_seq}), {originals} bản gốc, "
          f"{len(manifest.files)} tệp; đã đọc lại và kiểm tra mã băm từng tệp.")
    for warning in backup.hints(project):
        print(f"Lưu ý: {warning.message}")
    return 0


def run_restore(args) -> int:
    from ..errors import KehoachError, Problem
    from ..register import backup, issuing
    from .console import say_once
    from .intake import register_project

    project = register_project(args)
    done = backup.restore(project, args.file)
    print(f"Sổ đăng ký: {done.register}.")
    for rel in done.files:
        print(f"Đã khôi phục: {rel}" if not rel.startswith("Đã ") else rel)
    print(f"Bản gốc còn tốt, giữ nguyên: {done.kept}.")
    for path in done.set_aside:
        print(f"Tệp hỏng hoặc cũ được chuyển ra (không xóa): {path}")
    problems = issuing.verify(project, say=say_once())
    if done.missing:
        raise KehoachError([Problem("bản sao lưu không có bản đúng của tệp này; tìm bản sao lưu khác.",
                                    file=str(issuing.archive_dir(project) / rel)) for rel in done.missing] + problems)
    if problems:
        raise KehoachError(problems)
    print("Đã kiểm tra lại: sổ đăng ký và kho lưu khớp nhau.")
    return 0
