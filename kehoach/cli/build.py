"""Commands `build` (the default) and `check`: validate data, build drafts of every dossier into out/."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..register import issuing
from ..errors import summarize
from ..lint import lint_docx
from ..pipeline import build_drafts, load_project
from .console import Progress, print_problems


def add_subcommands(sub) -> None:
    p = sub.add_parser("build", help="kiểm tra dữ liệu và dựng bản nháp mọi văn bản vào thư mục out/",
                       epilog="Ví dụ: kehoach build --nghiem")
    _folders(p)
    p.add_argument("--nghiem", action="store_true", help="coi cảnh báo như lỗi (dừng lại)")
    p.set_defaults(func=run_build)
    p = sub.add_parser("check", help="chỉ kiểm tra dữ liệu, không dựng văn bản",
                       epilog="Ví dụ: kehoach check --data data")
    _folders(p)
    p.add_argument("--nghiem", action="store_true", help="coi cảnh báo như lỗi")
    p.set_defaults(func=run_check)


def _folders(p: argparse.ArgumentParser) -> None:
    # SUPPRESS: a value given before the subcommand (`--out X build`) is not reset to the default.
    p.add_argument("--data", type=Path, default=argparse.SUPPRESS, help="thư mục dữ liệu")
    p.add_argument("--out", type=Path, default=argparse.SUPPRESS, help="thư mục bản nháp")


def _print_warnings(project) -> None:
    print_problems(project.warnings)


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
    with Progress("Đang dựng bản nháp"):
        paths = build_drafts(project, args.out, issued=issuing.current_issues(project))
    for path in paths:
        print(f"  {path}")
    print(f"Đã dựng {len(paths)} văn bản nháp vào {args.out}/ trong "
          f"{time.perf_counter() - started:.1f} giây.")
    print_problems(issuing.changed_since_issue(project))
    code = _report_format(paths)
    print(f"Bản nháp ở thư mục: {Path(args.out).resolve()}")
    return code


def _report_format(paths: list[Path]) -> int:
    """Run the ND 30 checker on every draft; say what it found (drafts are built regardless)."""
    with Progress("Đang kiểm tra thể thức"):
        findings = [(path, f) for path in paths for f in lint_docx(path)]
    shown = [(p, f) for p, f in findings if f.severity in ("lỗi", "cảnh báo")]
    for path, finding in shown:
        print(f"{path}: {finding}", file=sys.stderr)
    errors = sum(1 for _, f in shown if f.severity == "lỗi")
    if shown:
        print(f"Kiểm tra thể thức: {errors} lỗi, {len(shown) - errors} cảnh báo "
              "(văn bản có lỗi thể thức sẽ không được ban hành).", file=sys.stderr)
    else:
        print("Kiểm tra thể thức theo NĐ 30/2020: không có lỗi.")
    return 0
