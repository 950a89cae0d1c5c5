"""Commands `build` (default), `check` and `list`: drafts of every dossier under data/."""
from __future__ import annotations


def add_subcommands(sub) -> None:
    p = sub.add_parser("build", help="dựng bản nháp mọi văn bản vào thư mục out/")
    p.set_defaults(func=run_build)


def run_build(args) -> int:
    print("Chưa có dữ liệu.")
    return 0
