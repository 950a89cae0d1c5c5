"""Commands `build` (the default) and `check`: validate data, build drafts of every dossier into out/."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .errors import summarize
from .pipeline import build_drafts, load_project


def add_subcommands(sub) -> None:
    p = sub.add_parser("build", help="kiểm tra dữ liệu và dựng bản nháp mọi văn bản vào thư mục out/")
    _folders(p)
    p.add_argument("--nghiem", action="store_true", help="coi cảnh báo như lỗi (dừng lại)")
    p.set_defaults(func=run_build)
    p = sub.add_parser("check", help="chỉ kiểm tra dữ liệu, không dựng văn bản")
    _folders(p)
    p.add_argument("--nghiem", action="store_true", help="coi cảnh báo như lỗi")
    p.set_defaults(func=run_check)


def _folders(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the subcommand (`--out X build`) is not reset to the default.
    p.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="thư mục dữ liệu")
    p.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="thư mục bản nháp")


def _print_warnings(project) -> None:
    for w in project.warnings:
        print(str(w), file=sys.stderr)


def _strict_stop(project, args) -> bool:
    if getattr(args, "nghiem", False) and project.warnings:
        print(f"Dừng vì chạy với --nghiem: {summarize(project.warnings)}.", file=sys.stderr)
        return True
    return False


def run_check(args) -> int:
    project = load_project(args.data)
    _print_warnings(project)
    if _strict_stop(project, args):
        return 1
    n = sum(len(d.documents) for d in project.dossiers)
    print(f"Dữ liệu hợp lệ: {len(project.dossiers)} hồ sơ, {n} văn bản ({summarize(project.warnings)}).")
    return 0


def run_build(args) -> int:
    started = time.perf_counter()
    project = load_project(args.data)
    _print_warnings(project)
    if _strict_stop(project, args):
        return 1
    paths = build_drafts(project, args.out)
    for path in paths:
        print(f"  {path}")
    print(f"Đã dựng {len(paths)} văn bản nháp vào {args.out}/ trong "
          f"{time.perf_counter() - started:.1f} giây.")
    return 0
