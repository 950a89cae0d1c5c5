"""Command `mau`: show whether the templates in use are the bundled ones, and restore them (`--khoi-phuc`)."""
from __future__ import annotations

from pathlib import Path

from ..documents.kinds import ALL_TEMPLATES
from ..errors import KehoachError
from .values import add_data

BACKUP_DIR = "ban-cu"


def add_subcommands(sub) -> None:
    names = ", ".join(Path(n).stem for n in ALL_TEMPLATES.values())
    p = sub.add_parser("mau", help="xem các mẫu Word đang dùng có đúng mẫu gốc không; khôi phục mẫu gốc",
                       description="Không có tùy chọn: cho biết mỗi mẫu trong thư mục mẫu còn đúng mẫu gốc "
                       "hay đã bị sửa. --khoi-phuc: ghi lại mẫu gốc (bản đang dùng được chép sang thư mục "
                       f"{BACKUP_DIR}/ bên cạnh trước khi ghi đè).",
                       epilog="Ví dụ: kehoach mau --khoi-phuc ke-hoach")
    p.add_argument("names", nargs="*", metavar="MẪU", help=f"tên mẫu ({names}); bỏ trống: mọi mẫu")
    p.add_argument("--khoi-phuc", action="store_true", help="ghi lại mẫu gốc của các mẫu đã nêu")
    add_data(p)
    p.set_defaults(func=run_templates)


def _kinds(names: list[str]) -> list[str]:
    known = {Path(n).stem: kind for kind, n in ALL_TEMPLATES.items()}
    wanted = [Path(n).name.removesuffix(".docx") for n in names] or list(known)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise KehoachError(f"không có mẫu “{unknown[0]}”; các mẫu: {', '.join(known)}")
    return [known[n] for n in dict.fromkeys(wanted)]


def run_templates(args) -> int:
    import datetime as dt

    from ..dossier.settings import load_settings
    from ..files import write_atomic
    from ..render.bundled import bundled_template

    folder = load_settings(args.data).templates_dir
    kinds = _kinds(args.names)
    if not args.khoi_phuc:
        for kind in kinds:
            path = folder / ALL_TEMPLATES[kind]
            if not path.is_file():
                state = "thiếu (chạy: kehoach mau --khoi-phuc)"
            elif path.read_bytes() == bundled_template(kind):
                state = "đúng mẫu gốc"
            else:
                state = "đã sửa, khác mẫu gốc (kiểm tra: kehoach lint-template; lấy lại: kehoach mau --khoi-phuc)"
            print(f"{path}: {state}")
        return 0
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for kind in kinds:
        path = folder / ALL_TEMPLATES[kind]
        data = bundled_template(kind)
        if path.is_file() and path.read_bytes() == data:
            print(f"{path}: đã đúng mẫu gốc, không cần khôi phục.")
            continue
        if path.is_file():
            backup = folder / BACKUP_DIR / f"{path.stem}-{stamp}{path.suffix}"
            write_atomic(backup, path.read_bytes())
            write_atomic(path, data)
            print(f"{path}: đã khôi phục mẫu gốc; bản đang dùng được giữ lại ở {backup}")
        else:
            write_atomic(path, data)
            print(f"{path}: đã ghi mẫu gốc.")
    return 0
