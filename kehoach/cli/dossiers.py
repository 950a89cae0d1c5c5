"""Command `moi`: start a new dossier (plan) from a blank skeleton or from last year's dossier."""
from __future__ import annotations

from .console import print_problems
from .values import add_data, year


def add_subcommands(sub) -> None:
    p = sub.add_parser(
        "moi", help="tạo hồ sơ kế hoạch mới (trống có chú thích, hoặc chuyển từ hồ sơ năm trước)",
        description="Tạo thư mục hồ sơ mới trong data/ dựng được ngay. Không có --tu: hồ sơ trống có chú thích "
        "(một lĩnh vực, một nhiệm vụ; cơ quan lấy từ hồ sơ gần nhất nếu có). Có --tu: chép hồ sơ cũ, dời năm "
        "và thời hạn sang năm mới, xóa tiến độ, giữ nguyên lời văn.",
        epilog="Ví dụ: kehoach moi son-giang-2025 --tu son-giang-2024")
    p.add_argument("name", metavar="TÊN", help="tên thư mục hồ sơ mới: chữ thường không dấu, số, dấu “-” "
                   "(ví dụ xa-moi-2025)")
    p.add_argument("--tu", metavar="HỒ_SƠ_CŨ", help="hồ sơ năm trước để chép (tên trong data/ hoặc đường dẫn)")
    p.add_argument("--nam", type=year(), metavar="NĂM",
                   help="năm của kế hoạch mới (mặc định: năm trong tên, hoặc năm sau của hồ sơ cũ, hoặc năm nay)")
    add_data(p)
    p.set_defaults(func=run_new)


def run_new(args) -> int:
    import datetime as dt

    from ..dossier.creating import create_dossier  # loads ruamel.yaml: only for this command

    created = create_dossier(args.data, args.name, source=args.tu, year=args.nam, today=dt.date.today())
    if created.source is not None:
        print(f"Đã tạo hồ sơ {created.folder.name} từ {created.source.name}:")
    else:
        origin = (f" (cơ quan lấy từ {created.organisation_from.name}/co-quan.yaml)"
                  if created.organisation_from else " (thay “Tên Xã” trong co-quan.yaml bằng tên xã mình)")
        print(f"Đã tạo hồ sơ trống {created.folder.name}{origin}:")
    for note in created.notes:
        print(f"  - {note}")
    print_problems(created.problems)
    print(f"Thư mục hồ sơ: {created.folder.resolve()} ({', '.join(created.files)})")
    print("Sửa các tệp trên rồi chạy kehoach để dựng bản nháp.")
    return 0
